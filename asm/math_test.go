package asm

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// mathKernel is a math kernel under test: the front door and the Go twin,
// for both element types.
type mathKernel struct {
	name             string
	api32, twin32    func(dst, x []float32)
	api64, twin64    func(dst, x []float64)
	ref              func(x float64) float64 // exact where the hardware is (sqrt, rounding); nil otherwise
	rangeLo, rangeHi float64                 // where random inputs are drawn for the tier tests
}

func mathKernels() []mathKernel {
	return []mathKernel{
		{"exp", Exp[float32], expF32Go, Exp[float64], expF64Go, nil, -800, 800},
		{"log", Log[float32], logF32Go, Log[float64], logF64Go, nil, -10, 1e6},
		{"exp2", Exp2[float32], exp2F32Go, Exp2[float64], exp2F64Go, nil, -1100, 1100},
		{"log2", Log2[float32], log2F32Go, Log2[float64], log2F64Go, nil, -10, 1e6},
		{"log10", Log10[float32], log10F32Go, Log10[float64], log10F64Go, nil, -10, 1e6},
		{"log1p", Log1p[float32], log1pF32Go, Log1p[float64], log1pF64Go, nil, -2, 1e6},
		{"expm1", Expm1[float32], expm1F32Go, Expm1[float64], expm1F64Go, nil, -800, 800},
		{"sigmoid", Sigmoid[float32], sigmoidF32Go, Sigmoid[float64], sigmoidF64Go, nil, -800, 800},
		{"tanh", Tanh[float32], tanhF32Go, Tanh[float64], tanhF64Go, nil, -30, 30},
		{"cosh", Cosh[float32], coshF32Go, Cosh[float64], coshF64Go, nil, -800, 800},
		{"sinh", Sinh[float32], sinhF32Go, Sinh[float64], sinhF64Go, nil, -800, 800},
		{"erf", Erf[float32], erfF32Go, Erf[float64], erfF64Go, nil, -8, 8},
		{"sqrt", Sqrt[float32], sqrtF32Go, Sqrt[float64], sqrtF64Go, math.Sqrt, -10, 1e6},
		{"floor", Floor[float32], floorF32Go, Floor[float64], floorF64Go, math.Floor, -1e3, 1e3},
		{"ceil", Ceil[float32], ceilF32Go, Ceil[float64], ceilF64Go, math.Ceil, -1e3, 1e3},
		{"trunc", Trunc[float32], truncF32Go, Trunc[float64], truncF64Go, math.Trunc, -1e3, 1e3},
		{"roundToEven", RoundToEven[float32], roundToEvenF32Go, RoundToEven[float64], roundToEvenF64Go, math.RoundToEven, -1e3, 1e3},
	}
}

// mathSpecials are inputs every kernel is run on beside random ones.
var mathSpecials = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, math.NaN(), math.Inf(1), math.Inf(-1),
	5e-324, -5e-324, 1e-310, 0x1p-1022, 1e-45, 1.2e-38, math.MaxFloat64, -math.MaxFloat64, math.MaxFloat32,
	709.782712893384, 709.79, -745.1332191019411, -745.14, -708.4, 88.72283, 88.8, -103.97, -87.3,
	0x1p52, 0x1p52 + 1, 0x1p23 + 0.5, 4503599627370497.5,
}

// mathInput fills x with values from [lo, hi) and, one in eight, a special.
func mathInput[T Float](r *rand.Rand, x []T, lo, hi float64) {
	for i := range x {
		if r.IntN(8) == 0 {
			x[i] = T(mathSpecials[r.IntN(len(mathSpecials))])
		} else {
			x[i] = T(lo + (hi-lo)*r.Float64())
		}
	}
}

// checkMathTiers compares the kernel with its twin over the sizes (at every
// start offset within 64 bytes up to maxSize, at four beyond), in place and
// not, and checks that nothing outside the destination is written.
func checkMathTiers[T Float](t *testing.T, name string, api, twin func(dst, x []T), lo, hi float64, sizes []int) {
	r := rand.New(rand.NewPCG(5, 6))
	lanes := lanes64[T]()
	maxN := sizes[len(sizes)-1]
	in, dst, want := alignedBuf[T](maxN+2*guard+lanes), alignedBuf[T](maxN+2*guard+lanes), make([]T, maxN+2*guard+lanes)
	mathInput(r, in, lo, hi)
	for _, n := range sizes {
		span := n + 2*guard + lanes // the region at any offset, and guards
		offs := upTo(lanes - 1)
		if n > maxSize {
			offs = []int{0, 1, lanes/2 + 1, lanes - 1} // enough for sizes beyond the exhaustive range
		}
		for _, off := range offs {
			xo := guard + (off*5+1)%lanes
			x := in[xo : xo+n]
			for i := range span {
				dst[i], want[i] = T(i), T(i)
			}
			api(dst[guard+off:guard+off+n], x)
			twin(want[guard+off:guard+off+n], x)
			for i := range span {
				if !sameBits(dst[i], want[i]) {
					where := "inside"
					if i < guard+off || i >= guard+off+n {
						where = "OUTSIDE"
					}
					t.Fatalf("%s n=%d off=%d: element %d (%s the destination) = %v, want %v (x = %v)",
						name, n, off, i-guard-off, where, dst[i], want[i], in[xo+i-guard-off])
				}
			}
			if off == 1 { // in place
				y := append([]T(nil), x...)
				api(y, y)
				for i := range y {
					if !sameBits(y[i], want[guard+off+i]) {
						t.Fatalf("%s in place n=%d: element %d = %v, want %v", name, n, i, y[i], want[guard+off+i])
					}
				}
			}
		}
	}
}

// TestMathTiers checks every tier bit for bit against the Go twin.
func TestMathTiers(t *testing.T) {
	sizes := upTo(maxSize)
	if !testing.Short() {
		sizes = append(sizes, 1000, 4099, 1<<18+3)
	}
	for _, k := range mathKernels() {
		t.Run(k.name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				t.Run("float32", func(t *testing.T) {
					checkMathTiers(t, k.name, k.api32, k.twin32, k.rangeLo, k.rangeHi, sizes)
				})
				t.Run("float64", func(t *testing.T) {
					checkMathTiers(t, k.name, k.api64, k.twin64, k.rangeLo, k.rangeHi, sizes)
				})
			})
		})
	}
}

// TestMathTiersNonTemporal forces non-temporal stores on every output, so
// the alignment head, the streaming loop and the tails run for every size
// and offset.
func TestMathTiersNonTemporal(t *testing.T) {
	defer SetNonTemporalThreshold(SetNonTemporalThreshold(0))
	for _, k := range mathKernels() {
		t.Run(k.name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				checkMathTiers(t, k.name, k.api32, k.twin32, k.rangeLo, k.rangeHi, upTo(maxSize))
				checkMathTiers(t, k.name, k.api64, k.twin64, k.rangeLo, k.rangeHi, upTo(maxSize))
			})
		})
	}
}

// TestMathExact checks the kernels whose result is exactly Go's: sqrt and
// the roundings, on every tier.
func TestMathExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, 4096)
	mathInput(r, x, -1e7, 1e7)
	x = append(x, mathSpecials...)
	for i := range 1000 { // halves and near-integers
		x = append(x, float64(i)/2-250, math.Nextafter(float64(i)-500, 0))
	}
	x32 := make([]float32, len(x))
	for i, v := range x {
		x32[i] = float32(v)
	}
	got, got32 := make([]float64, len(x)), make([]float32, len(x))
	for _, k := range mathKernels() {
		if k.ref == nil {
			continue
		}
		t.Run(k.name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				k.api64(got, x)
				k.api32(got32, x32)
				for i, v := range x {
					if want := k.ref(v); !sameBits(got[i], want) {
						t.Errorf("%s(%v) = %v, want %v", k.name, v, got[i], want)
					}
					if want := float32(k.ref(float64(x32[i]))); !sameBits(got32[i], want) {
						t.Errorf("%s(float32 %v) = %v, want %v", k.name, x32[i], got32[i], want)
					}
				}
			})
		})
	}
}

// TestMathSpecials checks IEEE 754's and NumPy's special values.
func TestMathSpecials(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	negZero := math.Copysign(0, -1)
	cases := map[string][][2]float64{
		"exp":     {{0, 1}, {negZero, 1}, {inf, inf}, {-inf, 0}, {nan, nan}, {1000, inf}, {-1000, 0}, {1e300, inf}, {-1e300, 0}},
		"exp2":    {{0, 1}, {negZero, 1}, {inf, inf}, {-inf, 0}, {nan, nan}, {3, 8}, {-3, 0.125}, {1e300, inf}, {-1e300, 0}},
		"log2":    {{0, -inf}, {negZero, -inf}, {1, 0}, {8, 3}, {0.125, -3}, {-1, nan}, {inf, inf}, {nan, nan}},
		"log10":   {{0, -inf}, {1, 0}, {100, 2}, {1e-3, -3}, {-1, nan}, {inf, inf}, {nan, nan}},
		"expm1":   {{0, 0}, {negZero, negZero}, {inf, inf}, {-inf, -1}, {nan, nan}, {1000, inf}, {-1000, -1}, {5e-324, 5e-324}, {-40, -1}},
		"sigmoid": {{0, 0.5}, {negZero, 0.5}, {inf, 1}, {-inf, 0}, {nan, nan}, {1000, 1}, {-1000, 0}, {40, 1}},
		"tanh":    {{0, 0}, {negZero, negZero}, {inf, 1}, {-inf, -1}, {nan, nan}, {30, 1}, {-30, -1}, {5e-324, 5e-324}, {-1e-300, -1e-300}},
		"cosh":    {{0, 1}, {negZero, 1}, {inf, inf}, {-inf, inf}, {nan, nan}, {1000, inf}, {-1000, inf}},
		"sinh":    {{0, 0}, {negZero, negZero}, {inf, inf}, {-inf, -inf}, {nan, nan}, {1000, inf}, {-1000, -inf}, {5e-324, 5e-324}, {-1e-300, -1e-300}},
		"erf":     {{0, 0}, {negZero, negZero}, {inf, 1}, {-inf, -1}, {nan, nan}, {6, 1}, {-30, -1}, {1e300, 1}},
		"log":     {{0, -inf}, {negZero, -inf}, {1, 0}, {-1, nan}, {-inf, nan}, {inf, inf}, {nan, nan}, {-1e-40, nan}},
	}
	for _, k := range mathKernels() {
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

// refRecord is one reference value of testdata/mathref.py: the exact
// f(x) is hi + d·ulp(hi).
type refRecord struct{ x, hi, d float64 }

func readRefs(t *testing.T, name string) []refRecord {
	b, err := os.ReadFile(filepath.Join("testdata", "math", name+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]refRecord, len(b)/24)
	for i := range recs {
		f := func(j int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[24*i+8*j:])) }
		recs[i] = refRecord{f(0), f(1), f(2)}
	}
	return recs
}

// ulpErr is the distance of got from the exact hi + d·ulp(hi) in units in
// the last place of hi in a format of mant explicit mantissa bits and least
// normal exponent emin.
func ulpErr(got, hi, d float64, mant, emin int) float64 {
	if math.IsInf(hi, 0) || math.IsInf(got, 0) {
		limit := math.MaxFloat64
		if mant == 23 {
			limit = math.MaxFloat32
		}
		if got == hi || math.IsInf(got, 0) && math.Abs(hi) >= limit && math.Signbit(got) == math.Signbit(hi) {
			return 0
		}
		return math.Inf(1)
	}
	e := emin
	if hi != 0 {
		_, e = math.Frexp(hi)
		e = max(e-1, emin)
	}
	return math.Abs((got-hi)/math.Ldexp(1, e-mant) - d)
}

// TestMathAccuracy measures every tier's error against the exact values of
// testdata/mathref.py: at most one ulp.
func TestMathAccuracy(t *testing.T) {
	fixtures := map[string][2]func(dst, x []float64){}
	for _, k := range mathKernels() {
		if k.ref != nil {
			continue
		}
		f32 := func(dst, x []float64) {
			x32, d32 := make([]float32, len(x)), make([]float32, len(x))
			for i, v := range x {
				x32[i] = float32(v)
			}
			k.api32(d32, x32)
			for i, v := range d32 {
				dst[i] = float64(v)
			}
		}
		fixtures[k.name] = [2]func(dst, x []float64){f32, k.api64}
	}
	for name, apis := range fixtures {
		for j, typ := range []string{"f32", "f64"} {
			recs := readRefs(t, name+"_"+typ)
			x, got := make([]float64, len(recs)), make([]float64, len(recs))
			for i, r := range recs {
				x[i] = r.x
			}
			mant, emin := 52, -1022
			if typ == "f32" {
				mant, emin = 23, -126
			}
			t.Run(name+"/"+typ, func(t *testing.T) {
				forTiers(t, func(t *testing.T) {
					apis[j](got, x)
					worst, at := 0.0, 0
					for i, r := range recs {
						if e := ulpErr(got[i], r.hi, r.d, mant, emin); e > worst {
							worst, at = e, i
						}
					}
					msg := fmt.Sprintf("%s %s: %d inputs, largest error %.3f ulp at x = %v (got %v, exact %v)",
						name, typ, len(recs), worst, recs[at].x, got[at], recs[at].hi)
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

// TestMathFloat32Wide checks the float32 kernels over 10^6 random inputs
// per function (outside -short) against the float64 kernels, whose results
// are within 0.8 ulp of float64, so within 2^-28 ulp of float32 of the
// exact value: every float32 result must be within 1 ulp of that.
func TestMathFloat32Wide(t *testing.T) {
	if testing.Short() {
		t.Skip("10^6 inputs per function: not in -short")
	}
	const n = 1 << 20
	r := rand.New(rand.NewPCG(11, 12))
	x32, got := make([]float32, n), make([]float32, n)
	x64, ref := make([]float64, n), make([]float64, n)
	for _, k := range mathKernels() {
		if k.ref != nil {
			continue
		}
		lo, hi := benchRange(k.name)
		for i := range x32 {
			switch i % 4 {
			case 0: // the typical range
				x32[i] = float32(lo + (hi-lo)*r.Float64())
			case 1: // any float32 bit pattern that is finite
				for {
					x32[i] = math.Float32frombits(r.Uint32())
					if !math.IsNaN(float64(x32[i])) && !math.IsInf(float64(x32[i]), 0) {
						break
					}
				}
			default: // [-150, 150]: every exponent, thresholds
				x32[i] = float32(300*r.Float64() - 150)
			}
			x64[i] = float64(x32[i])
		}
		k.api32(got, x32)
		k.api64(ref, x64)
		worst, at := 0.0, 0
		for i, v := range got {
			e := ulpErr(float64(v), ref[i], 0, 23, -126)
			if ref[i] != ref[i] && v != v {
				e = 0
			}
			if e > worst {
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

// worstFloat32 runs api32 over every float32 whose bits lie in [from, to)
// (1<<20 at a time) and api64 over the same inputs widened, and returns
// the largest error of api32 in float32 ulps against api64's results and
// the input where it was found.
func worstFloat32(api32 func(dst, x []float32), api64 func(dst, x []float64), from, to uint32) (worst float64, at float32) {
	const n = 1 << 20
	x32, got := make([]float32, n), make([]float32, n)
	x64, ref := make([]float64, n), make([]float64, n)
	for b := from; b < to; b += n {
		m := int(min(to-b, n))
		for i := range m {
			x32[i] = math.Float32frombits(b + uint32(i))
			x64[i] = float64(x32[i])
		}
		api32(got[:m], x32[:m])
		api64(ref[:m], x64[:m])
		for i, v := range got[:m] {
			if e := ulpErr(float64(v), ref[i], 0, 23, -126); e > worst {
				worst, at = e, x32[i]
			}
		}
	}
	return worst, at
}

// float32All are the float32 kernels TestMathFloat32All sweeps, each
// with the largest error, in ulps against its float64 kernel (within 0.8
// ulp of float64: a reference to about 2^-52 relative), found over every
// float32 on the date given, rounded up in the third decimal.
var float32All = []struct {
	name  string
	api32 func(dst, x []float32)
	api64 func(dst, x []float64)
	bound float64
}{
	{"expm1", Expm1[float32], Expm1[float64], 0.511}, // 2026-12-06
	{"sinh", Sinh[float32], Sinh[float64], 0.875},    // 2026-12-06
}

// TestMathFloat32All sweeps every finite float32 through the float32
// kernels of float32All on the running tier against the float64 kernels
// and fails where the largest error exceeds the kernel's bound (the
// special values are TestMathSpecials'). Only with
// NUMGO_ACCURACY=exhaustive (about a minute a kernel on this 2-core
// machine): go test ./asm -run TestMathFloat32All -v.
func TestMathFloat32All(t *testing.T) {
	if os.Getenv("NUMGO_ACCURACY") != "exhaustive" {
		t.Skip("2^32 inputs a kernel: only with NUMGO_ACCURACY=exhaustive")
	}
	for _, k := range float32All {
		t.Run(k.name, func(t *testing.T) {
			worst, at := 0.0, float32(0)
			for _, r := range [][2]uint32{{0, 0x7f800000}, {0x80000000, 0xff800000}} {
				if w, a := worstFloat32(k.api32, k.api64, r[0], r[1]); w > worst {
					worst, at = w, a
				}
			}
			msg := fmt.Sprintf("%s float32: every finite input, largest error %.4f ulp at x = %v", k.name, worst, at)
			if worst > k.bound {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		})
	}
}
