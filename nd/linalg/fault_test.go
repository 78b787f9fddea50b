package linalg_test

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
)

func mustF[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// freed frees every array and returns the first error.
func freed(err error, xs ...*nd.Array[float64]) error {
	if err != nil {
		return err
	}
	for _, x := range xs {
		if ferr := x.Free(); ferr != nil {
			return ferr
		}
	}
	return nil
}

// result is freed for an op with one result.
func result(x *nd.Array[float64], err error) error { return freed(err, x) }

// TestLinalgUnderFaults fails every allocation of MatMul, Outer, the
// decompositions and CopyMatrix in turn: each must return the error and
// leak nothing, on the options' allocator or on mem.Default.
func TestLinalgUnderFaults(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	a := must(nd.Random[float64]([]int{6, 6}, 1))
	b := must(nd.Random[float64]([]int{6, 4}, 2))
	// spd = a @ aᵀ + 6 I is symmetric positive definite.
	spd := must(linalg.MatMul(a, a.T()))
	for i := range 6 {
		spd.Set(spd.At(i, i)+6, i, i)
	}
	big := must(nd.Random[float64]([]int{12, 12}, 3))
	strided := must(big.SliceExpr("::2, 1::2")) // (6, 6), no unit stride
	dominant(strided)
	stridedB := must(big.SliceExpr("::2, :8:2")) // (6, 4)
	stack := must(nd.Random[float64]([]int{3, 6, 6}, 4))
	vec := must(nd.Random[float64]([]int{6}, 5))
	vecStrided := must(big.SliceExpr("0, ::2"))
	g := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	cases := map[string]func(o []nd.Option) error{
		"MatMul":           func(o []nd.Option) error { return result(linalg.MatMul(a, b, o...)) },
		"MatMulTransposed": func(o []nd.Option) error { return result(linalg.MatMul(a.T(), b, o...)) },
		"MatMulStrided":    func(o []nd.Option) error { return result(linalg.MatMul(strided, stridedB, o...)) },
		"MatMulColMajor": func(o []nd.Option) error {
			return result(linalg.MatMul(a, b, append(o, nd.WithLayout(nd.ColMajor))...))
		},
		"MatMulBatched": func(o []nd.Option) error { return result(linalg.MatMul(stack, a, o...)) },
		"MatVec":        func(o []nd.Option) error { return result(linalg.MatMul(a, vec, o...)) },
		"Outer":         func(o []nd.Option) error { return result(linalg.Outer(vec, vecStrided, o...)) },
		"Solve":         func(o []nd.Option) error { return result(linalg.Solve(spd, b, o...)) },
		"SolveVector":   func(o []nd.Option) error { return result(linalg.Solve(spd, vecStrided, o...)) },
		"SolveStrided":  func(o []nd.Option) error { return result(linalg.Solve(strided, stridedB, o...)) },
		"Inv":           func(o []nd.Option) error { return result(linalg.Inv(spd, o...)) },
		"InvStrided":    func(o []nd.Option) error { return result(linalg.Inv(strided, o...)) },
		"QR": func(o []nd.Option) error {
			q, r, err := linalg.QR(b, o...)
			return freed(err, q, r)
		},
		"Cholesky": func(o []nd.Option) error { return result(linalg.Cholesky(spd, o...)) },
		"SVD": func(o []nd.Option) error {
			u, s, v, err := linalg.SVD(b, o...)
			return freed(err, u, s, v)
		},
		"EigenSym": func(o []nd.Option) error {
			vals, vecs, err := linalg.EigenSym(spd, o...)
			return freed(err, vals, vecs)
		},
		"CopyMatrix": func(o []nd.Option) error { return result(linalg.CopyMatrix(g, o...)) },
		"Det": func([]nd.Option) error { // no allocating form; temporaries of its own
			_, err := linalg.Det(strided)
			return err
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			n, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) })
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 && name != "Det" {
				t.Fatal("no allocation from the options' allocator")
			}
		})
	}
}

// dominant makes the strided view s diagonally dominant (so invertible).
func dominant(s *nd.Array[float64]) {
	for i := range s.Dim(0) {
		s.Set(s.At(i, i)+10, i, i)
	}
}
