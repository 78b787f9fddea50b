package asm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bitsOf is x's bit pattern, NaN payloads included.
func bitsOf[T Float](x T) uint64 {
	if is32[T]() {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(float64(x))
}

// fillRows sets x to small integers (many ties), ±0 and, with one in nine,
// a NaN of one of two payloads or an infinity.
func fillRows[T Float](r *rand.Rand, x []T) {
	nans := []T{T(math.NaN()), -T(math.NaN())}
	for i := range x {
		switch v := r.IntN(27); {
		case v < 2:
			x[i] = nans[v]
		case v == 2:
			x[i] = T(math.Inf(1 - 2*r.IntN(2)))
		case v < 8:
			x[i] = T(math.Copysign(0, float64(1-2*r.IntN(2))))
		default:
			x[i] = T(r.IntN(5) - 2)
		}
	}
}

// checkRows compares AddRows, MinRows and MaxRows with their twins bit for
// bit (the sign of zero included, and for MinRows and MaxRows, which pass
// an input through, the NaN payload), for every width up to
// 70, start offsets within 64 bytes, strides equal to and wider than the
// width, and 1 to 9 rows; nothing outside acc may be written and x not
// at all.
func checkRows[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(18, 1))
	lanes := lanes64[T]()
	kernels := []struct {
		name      string
		api, twin func(acc, x []T, stride, k int)
	}{
		{"AddRows", AddRows[T], rowsAddGo[T]},
		{"MinRows", MinRows[T], rowsMinGo[T]},
		{"MaxRows", MaxRows[T], rowsMaxGo[T]},
	}
	const maxN, maxK = 70, 9
	x := alignedBuf[T]((maxN+lanes+3)*maxK + lanes)
	acc, want := alignedBuf[T](maxN+2*guard+lanes), make([]T, maxN+2*guard+lanes)
	saved := make([]T, len(x))
	for _, kern := range kernels {
		for n := 0; n <= maxN; n++ {
			for _, off := range []int{0, 1, lanes - 1} {
				for _, extra := range []int{0, 3} {
					for k := 0; k <= maxK; k++ {
						stride := n + extra
						fillRows(r, x)
						copy(saved, x)
						fillRows(r, acc)
						copy(want, acc)
						xs := x[off : off+max(0, k-1)*stride+n]
						kern.api(acc[guard+off:guard+off+n], xs, stride, k)
						kern.twin(want[guard+off:guard+off+n], xs, stride, k)
						for i := range acc {
							same := bitsOf(acc[i]) == bitsOf(want[i])
							if kern.name == "AddRows" {
								same = sameBits(acc[i], want[i]) // a sum's NaN payload is the hardware's
							}
							if !same {
								t.Fatalf("%s n=%d off=%d stride=%d k=%d: acc[%d] = %v, want %v (twin)",
									kern.name, n, off, stride, k, i-guard-off, acc[i], want[i])
							}
						}
						for i := range x {
							if bitsOf(x[i]) != bitsOf(saved[i]) {
								t.Fatalf("%s n=%d k=%d: x[%d] changed", kern.name, n, k, i)
							}
						}
					}
				}
			}
		}
	}
}

func TestRows(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkRows[float32])
		t.Run("float64", checkRows[float64])
	})
}

// TestRowsNumPy checks MinRows and MaxRows against np.min and np.max along
// axis 0 on x86 (NumPy 1.24, AVX512_SKX): the first NaN wins, and of +0 and
// -0 the later row's.
func TestRowsNumPy(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		negZero, nan := math.Copysign(0, -1), math.NaN()
		for _, c := range []struct {
			rows         [][2]float64
			minW, maxW   [2]float64
			minNeg, maxN [2]bool // the results' signs (for zeros)
		}{
			// np.min([[0., -0.], [-0., 0.]], axis=0) is [-0., 0.]; np.max too.
			{[][2]float64{{0, negZero}, {negZero, 0}}, [2]float64{0, 0}, [2]float64{0, 0}, [2]bool{true, false}, [2]bool{true, false}},
			{[][2]float64{{1, nan}, {nan, 2}, {-1, 5}}, [2]float64{nan, nan}, [2]float64{nan, nan}, [2]bool{}, [2]bool{}},
		} {
			for _, f32 := range []bool{false, true} {
				acc := []float64{c.rows[0][0], c.rows[0][1]}
				mx := []float64{c.rows[0][0], c.rows[0][1]}
				var x []float64
				for _, row := range c.rows[1:] {
					x = append(x, row[0], row[1])
				}
				if f32 {
					a32, m32, x32 := []float32{float32(acc[0]), float32(acc[1])}, []float32{float32(mx[0]), float32(mx[1])}, make([]float32, len(x))
					for i, v := range x {
						x32[i] = float32(v)
					}
					MinRows(a32, x32, 2, len(c.rows)-1)
					MaxRows(m32, x32, 2, len(c.rows)-1)
					acc, mx = []float64{float64(a32[0]), float64(a32[1])}, []float64{float64(m32[0]), float64(m32[1])}
				} else {
					MinRows(acc, x, 2, len(c.rows)-1)
					MaxRows(mx, x, 2, len(c.rows)-1)
				}
				for i := range 2 {
					okMin := acc[i] == c.minW[i] && math.Signbit(acc[i]) == c.minNeg[i] || math.IsNaN(acc[i]) && math.IsNaN(c.minW[i])
					okMax := mx[i] == c.maxW[i] && math.Signbit(mx[i]) == c.maxN[i] || math.IsNaN(mx[i]) && math.IsNaN(c.maxW[i])
					if !okMin || !okMax {
						t.Errorf("rows %v (float32 %v): min %v max %v, NumPy min %v max %v (signs %v %v)", c.rows, f32, acc, mx, c.minW, c.maxW, c.minNeg, c.maxN)
					}
				}
			}
		}
	})
}
