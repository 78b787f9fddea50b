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

// powExponents returns n exponents for the tier tests: integers (odd and
// even), halves, random values and the special ones.
func powExponents(n int) []float64 {
	r := rand.New(rand.NewPCG(13, 14))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 3, -3, 0.5, -0.5, math.Inf(1), math.Inf(-1), math.NaN(),
		1e300, -1e300, 0x1p70, 0x1p53 + 2, 5e-324, 1075, -1075}
	y := make([]float64, n)
	for i := range y {
		switch r.IntN(4) {
		case 0:
			y[i] = special[r.IntN(len(special))]
		case 1:
			y[i] = float64(r.IntN(61) - 30)
		case 2:
			y[i] = float64(r.IntN(41)-20) / 2
		default:
			y[i] = 80*r.Float64() - 40
		}
	}
	return y
}

// TestPowTiers checks every tier bit for bit against the Go twin, as
// TestMathTiers does (x from [-10, 10] and the specials, y from
// powExponents), and in place on y.
func TestPowTiers(t *testing.T) {
	sizes := upTo(maxSize)
	if !testing.Short() {
		sizes = append(sizes, 1000, 4099, 1<<18+3)
	}
	n := sizes[len(sizes)-1] + 2*guard + 64
	y64 := powExponents(n)
	y32 := make([]float32, n)
	for i, v := range y64 {
		y32[i] = float32(v)
	}
	forTiers(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) {
			checkMathTiers(t, "pow", func(dst, x []float32) { Pow(dst, x, y32[:len(x)]) },
				func(dst, x []float32) { powF32Go(dst, x, y32[:len(x)]) }, -10, 10, sizes)
			checkPowOnY(t, y32, powF32Go)
		})
		t.Run("float64", func(t *testing.T) {
			checkMathTiers(t, "pow", func(dst, x []float64) { Pow(dst, x, y64[:len(x)]) },
				func(dst, x []float64) { powF64Go(dst, x, y64[:len(x)]) }, -10, 10, sizes)
			checkPowOnY(t, y64, powF64Go)
		})
	})
}

// checkPowOnY checks Pow with dst the same slice as y, at every length up
// to maxSize.
func checkPowOnY[T Float](t *testing.T, ys []T, twin func(dst, x, y []T)) {
	r := rand.New(rand.NewPCG(15, 16))
	x := make([]T, maxSize)
	mathInput(r, x, -10, 10)
	want := make([]T, maxSize)
	for n := range maxSize + 1 {
		y := append([]T(nil), ys[:n]...)
		twin(want[:n], x[:n], y)
		Pow(y, x[:n], y)
		for i := range y {
			if !sameBits(y[i], want[i]) {
				t.Fatalf("pow on y, n=%d: element %d = %v, want %v (x = %v, y = %v)", n, i, y[i], want[i], x[i], ys[i])
			}
		}
	}
}

// TestPowSpecials checks C99's special values, which NumPy's power gives
// (nd/ops tests against NumPy's own output), on every tier.
func TestPowSpecials(t *testing.T) {
	inf, nan, nz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	cases := [][3]float64{
		{nan, 0, 1}, {nan, nz, 1}, {inf, 0, 1}, {-3, nz, 1}, {1, nan, 1}, {1, inf, 1}, {1, -inf, 1}, {1, 0.3, 1},
		{nan, 1, nan}, {2, nan, nan}, {-1, nan, nan}, {nan, nan, nan},
		{-2, 0.5, nan}, {-2, -1.5, nan}, {-inf, 0.5, inf}, {-inf, -0.5, 0}, {nz, 0.5, 0}, {nz, -0.5, inf},
		{-2, 3, -8}, {-2, 2, 4}, {-2, -1, -0.5}, {-0.5, -2, 4}, {-1, inf, 1}, {-1, -inf, 1}, {-1, 3, -1}, {-1, 1e300, 1},
		{0, 3, 0}, {nz, 3, nz}, {0, 2, 0}, {nz, 2, 0}, {0, -3, inf}, {nz, -3, -inf}, {nz, -2, inf}, {0, -inf, inf}, {nz, -inf, inf}, {0, inf, 0},
		{0.5, inf, 0}, {0.5, -inf, inf}, {-0.5, inf, 0}, {2, inf, inf}, {-2, inf, inf}, {2, -inf, 0}, {-2, -inf, 0},
		{inf, 2, inf}, {inf, -2, 0}, {-inf, 3, -inf}, {-inf, 2, inf}, {-inf, -3, nz}, {-inf, -2, 0}, {inf, 5e-324, inf},
		{2, 1024, inf}, {2, -1075, 0}, {-2, 1025, -inf}, {-2, -1075, nz}, {2, -1074, 5e-324}, {2, 1023, 0x1p1023},
		{5e-324, 0.5, 2.2227587494850775e-162}, {5e-324, -1, inf}, {10, 308, 1e308}, {3, 3, 27}, {1e-310, 1, 1e-310},
		{1.0000000000000002, 0x1p64, inf}, {0.9999999999999999, 0x1p64, 0}, {1.0000000000000002, 0x1p60, 1.5114276650040605e+111}, {2, 0x1p70, inf}, {2, 1e300, inf},
	}
	forTiers(t, func(t *testing.T) {
		for _, c := range cases {
			d64, d32 := make([]float64, 1), make([]float32, 1)
			Pow(d64, []float64{c[0]}, []float64{c[1]})
			if !sameBits(d64[0], c[2]) {
				t.Errorf("Pow(%v, %v) = %v, want %v", c[0], c[1], d64[0], c[2])
			}
			if x, y := float32(c[0]), float32(c[1]); float64(x) == c[0] && float64(y) == c[1] || c[0] != c[0] || c[1] != c[1] {
				want := float32(c[2])
				if math.Abs(c[2]) == 0x1p1023 || math.Abs(c[1]) > 200 && math.Abs(c[2]) > 0 {
					continue // not the float32 result
				}
				Pow(d32, []float32{x}, []float32{y})
				if !sameBits(d32[0], want) {
					t.Errorf("Pow(float32 %v, %v) = %v, want %v", x, y, d32[0], want)
				}
			}
		}
	})
}

// TestPowLeftLanes checks that the lanes the kernels leave to Go are
// found and finished wherever they fall: one special pair (NaN inputs;
// results only powLane gives, such as (-0)^0.5 = +0) among ordinary ones,
// at the start, the middle and the end of arrays whose lengths reach the
// interleaved loop, the one-vector loop, the tail and a second chunk.
func TestPowLeftLanes(t *testing.T) {
	inf, nan, nz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	cases := [][3]float64{
		{-1, inf, 1}, {-1, -inf, 1}, {nz, 0.5, 0}, {nz, -0.5, inf}, {-inf, 0.5, inf}, {-inf, -0.5, 0},
		{nan, 2, nan}, {2, nan, nan}, {-8, 1.0 / 3, nan},
	}
	forTiers(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) { checkPowLeft[float32](t, cases) })
		t.Run("float64", func(t *testing.T) { checkPowLeft[float64](t, cases) })
	})
}

func checkPowLeft[T Float](t *testing.T, cases [][3]float64) {
	for _, n := range []int{1, 7, 8, 17, 63, 100, powChunk + 37} {
		x, y, dst := make([]T, n), make([]T, n), make([]T, n)
		for i := range x {
			x[i], y[i] = 2, 3
		}
		for _, at := range []int{0, n / 2, n - 1} {
			for _, c := range cases {
				x[at], y[at] = T(c[0]), T(c[1])
				Pow(dst, x, y)
				for i, v := range dst {
					want := T(8)
					if i == at {
						want = T(c[2])
					}
					if !sameBits(v, want) && !(v != v && want != want) {
						t.Fatalf("n=%d: pow(%v, %v) at %d: element %d = %v, want %v", n, c[0], c[1], at, i, v, want)
					}
				}
				x[at], y[at] = 2, 3
			}
		}
	}
}

// powRecord is one reference value of testdata/specialref.py: the exact
// x^y is hi + d·ulp(hi).
type powRecord struct{ x, y, hi, d float64 }

func readPowRefs(t *testing.T, typ string) []powRecord {
	b, err := os.ReadFile(filepath.Join("testdata", "math", "pow_"+typ+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]powRecord, len(b)/32)
	for i := range recs {
		f := func(j int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[32*i+8*j:])) }
		recs[i] = powRecord{f(0), f(1), f(2), f(3)}
	}
	return recs
}

// TestPowAccuracy measures every tier's error against the exact values of
// testdata/specialref.py: below one ulp.
func TestPowAccuracy(t *testing.T) {
	for _, typ := range []string{"f32", "f64"} {
		recs := readPowRefs(t, typ)
		t.Run(typ, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				got := make([]float64, len(recs))
				mant, emin := 52, -1022
				if typ == "f32" {
					mant, emin = 23, -126
					x, y, d := make([]float32, len(recs)), make([]float32, len(recs)), make([]float32, len(recs))
					for i, r := range recs {
						x[i], y[i] = float32(r.x), float32(r.y)
					}
					Pow(d, x, y)
					for i, v := range d {
						got[i] = float64(v)
					}
				} else {
					x, y := make([]float64, len(recs)), make([]float64, len(recs))
					for i, r := range recs {
						x[i], y[i] = r.x, r.y
					}
					Pow(got, x, y)
				}
				worst, at := 0.0, 0
				for i, r := range recs {
					if e := ulpErr(got[i], r.hi, r.d, mant, emin); e > worst {
						worst, at = e, i
					}
				}
				r := recs[at]
				msg := fmt.Sprintf("pow %s: %d inputs, largest error %.3f ulp at x = %v, y = %v (got %v, exact %v)",
					typ, len(recs), worst, r.x, r.y, got[at], r.hi)
				if worst >= 1 {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			})
		})
	}
}

// TestPowFloat32Wide checks the float32 kernel over 10^6 random inputs
// (outside -short) against the float64 kernel, within 1 ulp (as
// TestMathFloat32Wide): x any finite positive float32 or a negative one
// with an integer y, y such that x^y is anywhere from the subnormals to
// beyond the overflow threshold.
func TestPowFloat32Wide(t *testing.T) {
	if testing.Short() {
		t.Skip("10^6 inputs: not in -short")
	}
	const n = 1 << 20
	r := rand.New(rand.NewPCG(17, 18))
	x32, y32, got := make([]float32, n), make([]float32, n), make([]float32, n)
	x64, y64, ref := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range x32 {
		for {
			x32[i] = math.Float32frombits(r.Uint32() &^ (1 << 31))
			if x := float64(x32[i]); x != 0 && x != 1 && !math.IsInf(x, 0) && !math.IsNaN(x) {
				break
			}
		}
		y32[i] = float32((200*r.Float64() - 110) / math.Log(float64(x32[i])))
		if i%4 == 0 { // a negative base with an integer exponent
			x32[i] = -float32(10 * r.Float64())
			y32[i] = float32(r.IntN(81) - 40)
		}
		x64[i], y64[i] = float64(x32[i]), float64(y32[i])
	}
	Pow(got, x32, y32)
	Pow(ref, x64, y64)
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
	msg := fmt.Sprintf("pow float32: %d inputs, largest error %.3f ulp at x = %v, y = %v (got %v, float64 kernel %v)",
		n, worst, x32[at], y32[at], got[at], ref[at])
	if worst >= 1 {
		t.Error(msg)
	} else {
		t.Log(msg)
	}
}

// benchPow is BenchmarkMath's pow: x from [0, 10) and y from [-10, 10),
// every tier beside a loop over Go's math.Pow, at 1K, 1M and 16M
// elements. Bytes are those read and written (three per element).
func benchPow(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 20, 16 << 20} {
		r := rand.New(rand.NewPCG(9, 10))
		x64, y64, d64 := make([]float64, n), make([]float64, n), make([]float64, n)
		x32, y32, d32 := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range x64 {
			x64[i], y64[i] = 10*r.Float64(), 20*r.Float64()-10
			x32[i], y32[i] = float32(x64[i]), float32(y64[i])
		}
		b.Run(fmt.Sprintf("pow/n=%d/float64", n), func(b *testing.B) {
			perTier(b, func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				for range b.N {
					Pow(d64, x64, y64)
				}
			})
			b.Run("math", func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				for range b.N {
					for i, v := range x64 {
						d64[i] = math.Pow(v, y64[i])
					}
				}
			})
		})
		b.Run(fmt.Sprintf("pow/n=%d/float32", n), func(b *testing.B) {
			perTier(b, func(b *testing.B) {
				b.SetBytes(int64(12 * n))
				for range b.N {
					Pow(d32, x32, y32)
				}
			})
		})
	}
}
