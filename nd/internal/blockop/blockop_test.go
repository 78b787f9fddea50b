package blockop

import (
	"math"
	"testing"
)

// TestScalar checks that each scalar form computes what its operation
// computes with the scalar broadcast into a block, on the side Scalar was
// asked for, bit for bit (NaN matching NaN), for both stores.
func TestScalar(t *testing.T) {
	negZero := math.Copysign(0, -1)
	x := []float64{-3, negZero, 0, 0.5, 2, 7.25, math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e-300, 3}
	for _, s := range []float64{2.5, negZero, 0, math.Inf(-1), math.NaN()} {
		sv := make([]float64, len(x))
		for i := range sv {
			sv[i] = s
		}
		for _, op := range []Op{Add, Sub, Mul, Div} {
			for _, first := range []bool{false, true} {
				sop, ok := op.Scalar(first)
				if !ok {
					t.Fatalf("%d.Scalar(%v): no scalar form", op, first)
				}
				want, got := make([]float64, len(x)), make([]float64, len(x))
				if first {
					Run(op, want, sv, x, nil, 0)
				} else {
					Run(op, want, x, sv, nil, 0)
				}
				for _, run := range []func(Op, []float64, []float64, []float64, []float64, float64){Run[float64], RunNT[float64]} {
					run(sop, got, x, nil, nil, s)
					for i := range got {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
							t.Errorf("op %d first=%v s=%v x=%v: %v, want %v", op, first, s, x[i], got[i], want[i])
						}
					}
				}
			}
		}
	}
	for _, op := range []Op{Pow, Max, Neg, Where, MulAdd, AddS} {
		if _, ok := op.Scalar(false); ok {
			t.Errorf("%d has a scalar form", op)
		}
	}
}
