package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// trigKernels are the trigonometric functions under test (the mathKernel
// fields as math_test.go uses them).
func trigKernels() []mathKernel {
	return []mathKernel{
		{"sin", Sin[float32], sinF32Go, Sin[float64], sinF64Go, nil, -1e3, 1e3},
		{"cos", Cos[float32], cosF32Go, Cos[float64], cosF64Go, nil, -1e3, 1e3},
		{"tan", Tan[float32], tanF32Go, Tan[float64], tanF64Go, nil, -1e3, 1e3},
		{"atan", Atan[float32], atanF32Go, Atan[float64], atanF64Go, nil, -1e3, 1e3},
		{"asin", Asin[float32], asinF32Go, Asin[float64], asinF64Go, nil, -1.1, 1.1},
		{"acos", Acos[float32], acosF32Go, Acos[float64], acosF64Go, nil, -1.1, 1.1},
	}
}

// trigInput fills x with values that take every path: the vector
// reduction, values beyond its bound (float64 and float32), huge values
// and, through mathInput, the specials.
func trigInput[T Float](r *rand.Rand, x []T) {
	mathInput(r, x, -1e3, 1e3)
	for i := range x {
		switch r.IntN(16) {
		case 0:
			x[i] = T(math.Ldexp(1+r.Float64(), 12+r.IntN(12)) * float64(1-2*r.IntN(2)))
		case 1:
			x[i] = T(math.Ldexp(1+r.Float64(), r.IntN(1000)))
		case 2: // the float nearest to k·π/2
			x[i] = T(float64(r.IntN(1<<22)) * math.Pi / 2)
		}
	}
}

// TestTrigTiers checks every tier bit for bit against the Go twin (the
// same Go finishes the lanes the kernels leave), over sizes 0..300 at
// every offset, in place and not, chunk boundaries included.
func TestTrigTiers(t *testing.T) {
	sizes := upTo(maxSize)
	if !testing.Short() {
		sizes = append(sizes, trigChunk-1, trigChunk+5, 3*trigChunk+17)
	}
	for _, k := range trigKernels() {
		t.Run(k.name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				t.Run("float32", func(t *testing.T) { checkTrigTiers(t, k.name, k.api32, k.twin32, sizes) })
				t.Run("float64", func(t *testing.T) { checkTrigTiers(t, k.name, k.api64, k.twin64, sizes) })
			})
		})
	}
}

func checkTrigTiers[T Float](t *testing.T, name string, api, twin func(dst, x []T), sizes []int) {
	r := rand.New(rand.NewPCG(15, 16))
	n := sizes[len(sizes)-1]
	x, got, want := make([]T, n), make([]T, n), make([]T, n)
	trigInput(r, x)
	api(got, x)
	twin(want, x)
	for i := range x {
		if !sameBits(got[i], want[i]) {
			t.Fatalf("%s(%v) = %v, twin %v", name, x[i], got[i], want[i])
		}
	}
	// Sizes, offsets, in place and the guard zones (mathInput's specials
	// take the paths beyond the bound).
	checkMathTiers(t, name, api, twin, -1e3, 1e3, sizes)
}

// TestTrigAccuracy measures every tier against testdata/trigref.py's exact
// values: at most 1 ulp, huge arguments and values next to multiples of
// π/2 included.
func TestTrigAccuracy(t *testing.T) {
	for _, k := range trigKernels() {
		for _, typ := range []string{"f32", "f64"} {
			recs := readRefs(t, k.name+"_"+typ)
			x, got := make([]float64, len(recs)), make([]float64, len(recs))
			for i, r := range recs {
				x[i] = r.x
			}
			mant, emin := 52, -1022
			api := k.api64
			if typ == "f32" {
				mant, emin = 23, -126
				api = func(dst, x []float64) {
					x32, d32 := make([]float32, len(x)), make([]float32, len(x))
					for i, v := range x {
						x32[i] = float32(v)
					}
					k.api32(d32, x32)
					for i, v := range d32 {
						dst[i] = float64(v)
					}
				}
			}
			t.Run(k.name+"/"+typ, func(t *testing.T) {
				forTiers(t, func(t *testing.T) {
					api(got, x)
					worst, at := 0.0, 0
					for i, r := range recs {
						if e := ulpErr(got[i], r.hi, r.d, mant, emin); e > worst {
							worst, at = e, i
						}
					}
					msg := fmt.Sprintf("%s %s: %d inputs, largest error %.3f ulp at x = %v (got %v, exact %v)",
						k.name, typ, len(recs), worst, recs[at].x, got[at], recs[at].hi)
					if worst >= 1 {
						t.Error(msg)
					} else {
						t.Log(msg)
					}
				})
			})
		}
	}
}

// TestTrigSpecials checks IEEE 754's and NumPy's special values.
func TestTrigSpecials(t *testing.T) {
	inf, nan, negZero := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	cases := map[string][][2]float64{
		"sin":  {{0, 0}, {negZero, negZero}, {inf, nan}, {-inf, nan}, {nan, nan}, {5e-324, 5e-324}, {-1e-310, -1e-310}},
		"cos":  {{0, 1}, {negZero, 1}, {inf, nan}, {-inf, nan}, {nan, nan}, {5e-324, 1}},
		"atan": {{0, 0}, {negZero, negZero}, {inf, math.Pi / 2}, {-inf, -math.Pi / 2}, {nan, nan}, {5e-324, 5e-324}, {1, math.Pi / 4}, {1e300, math.Pi / 2}},
		"tan":  {{0, 0}, {negZero, negZero}, {inf, nan}, {-inf, nan}, {nan, nan}, {5e-324, 5e-324}, {-1e-310, -1e-310}},
	}
	for _, k := range trigKernels() {
		t.Run(k.name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				for _, c := range cases[k.name] {
					d64, d32 := make([]float64, 1), make([]float32, 1)
					k.api64(d64, []float64{c[0]})
					k.api32(d32, []float32{float32(c[0])})
					if !sameBits(d64[0], c[1]) {
						t.Errorf("%s(%v) = %v, want %v", k.name, c[0], d64[0], c[1])
					}
					if !sameBits(d32[0], float32(c[1])) {
						t.Errorf("%s(float32 %v) = %v, want %v", k.name, c[0], d32[0], c[1])
					}
				}
			})
		})
	}
}

// TestTrigFloat32Wide checks the float32 kernels over 10^6 random inputs
// (any finite bit pattern, and [-10^4, 10^4]) against the float64
// kernels, which are within 1 ulp of float64: within 1 ulp of float32.
func TestTrigFloat32Wide(t *testing.T) {
	if testing.Short() {
		t.Skip("10^6 inputs per function: not in -short")
	}
	const n = 1 << 20
	r := rand.New(rand.NewPCG(13, 14))
	x32, got := make([]float32, n), make([]float32, n)
	x64, ref := make([]float64, n), make([]float64, n)
	for i := range x32 {
		if i%2 == 0 {
			x32[i] = float32(2e4*r.Float64() - 1e4)
		} else {
			for {
				x32[i] = math.Float32frombits(r.Uint32())
				if !math.IsNaN(float64(x32[i])) && !math.IsInf(float64(x32[i]), 0) {
					break
				}
			}
		}
		x64[i] = float64(x32[i])
	}
	for _, k := range trigKernels() {
		k.api32(got, x32)
		k.api64(ref, x64)
		worst, at := 0.0, 0
		for i, v := range got {
			if e := ulpErr(float64(v), ref[i], 0, 23, -126); e > worst {
				worst, at = e, i
			}
		}
		msg := fmt.Sprintf("%s float32: %d inputs, largest error %.3f ulp at x = %v (got %v, float64 kernel %v)",
			k.name, n, worst, x32[at], got[at], ref[at])
		if worst >= 1 {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// trigFloat32AllBounds are the largest errors, in ulps against the float64
// kernels, that TestTrigFloat32All found over every float32 on
// 2026-12-06, rounded up in the third decimal.
var trigFloat32AllBounds = map[string]float64{"sin": 0.752, "cos": 0.739}

// TestTrigFloat32All sweeps every non-negative finite float32 (sin is
// odd, cos even) through the float32 sin and cos kernels of the running
// tier against the float64 kernels (within 0.72 ulp of float64: a
// reference to about 2^-52 relative) and fails where the largest error
// exceeds trigFloat32AllBounds: it covers every input next to a multiple
// of π/2 and every lane on both sides of the hand-over to Go. Only with
// NUMGO_ACCURACY=exhaustive (about 2.5 minutes a function on this 2-core
// machine): go test ./asm -run TestTrigFloat32All -v.
func TestTrigFloat32All(t *testing.T) {
	if os.Getenv("NUMGO_ACCURACY") != "exhaustive" {
		t.Skip("2^31 inputs a function: only with NUMGO_ACCURACY=exhaustive")
	}
	for _, k := range trigKernels() {
		bound, ok := trigFloat32AllBounds[k.name]
		if !ok {
			continue
		}
		t.Run(k.name, func(t *testing.T) {
			worst, at := worstFloat32(k.api32, k.api64, 0, 0x7f800000)
			msg := fmt.Sprintf("%s float32: every input in [0, MaxFloat32], largest error %.4f ulp at x = %v", k.name, worst, at)
			if worst > bound {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		})
	}
}
