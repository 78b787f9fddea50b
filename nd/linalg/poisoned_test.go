package linalg_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/poisontest"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

// withNaN returns a copy of a with a NaN at its first element.
func withNaN[T linalg.Float](t *testing.T, a *nd.Array[T]) *nd.Array[T] {
	c := mustF[*nd.Array[T]](t)(a.Clone())
	c.Data()[0] = T(math.NaN())
	return c
}

// floatCases adds to cases, names prefixed with prefix, the functions
// generic over T: products with k = 0 (matrices, stacks, vectors: results
// of zeros, 0-d included), strided, transposed and broadcast operands,
// NaN inputs, norms along empty axes, rank-deficient least squares.
func floatCases[T linalg.Float](t *testing.T, cases map[string]poisontest.Case, prefix string) {
	must := mustF[*nd.Array[T]](t)
	zeros := func(shape ...int) *nd.Array[T] { return must(nd.Zeros[T](shape)) }
	a := must(nd.Random[T]([]int{4, 3}, 1))
	b := must(nd.Random[T]([]int{3, 5}, 2))
	sq := must(nd.Random[T]([]int{4, 4}, 3))
	stack := must(nd.Random[T]([]int{2, 4, 3}, 4))
	big := must(nd.Random[T]([]int{8, 10}, 5))
	strided := must(big.SliceExpr("::2, 1::3")) // 4x3, no unit stride
	v := must(nd.Random[T]([]int{3}, 6))
	deficient := must(a.Clone()) // a zero column: rank 2
	for i := range 4 {
		deficient.Set(0, i, 1)
	}
	kind := map[string]poisontest.Case{}
	products := map[string]poisontest.Pair[T]{
		"4x3,3x5": {a, b}, "strided,3x5": {strided, b}, "transposed": {b.T(), a.T()}, "stack,3x5": {stack, b},
		"mat,vec": {a, v}, "NaN": {withNaN(t, a), b},
		"k=0": {zeros(3, 0), zeros(0, 4)}, "stack k=0": {zeros(2, 3, 0), zeros(0, 4)},
		"vec k=0": {zeros(0), zeros(0)}, "mat,vec k=0": {zeros(5, 0), zeros(0)},
	}
	poisontest.Cross(kind, map[string]poisontest.Func[poisontest.Pair[T]]{
		"MatMul": poisontest.Binary(linalg.MatMul[T]),
		"MatMul ColMajor": func(p poisontest.Pair[T], o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.MatMul(p[0], p[1], append(o, nd.WithLayout(nd.ColMajor))...))
		},
	}, products)
	poisontest.Cross(kind, map[string]poisontest.Func[poisontest.Pair[T]]{
		"Outer": poisontest.Binary(linalg.Outer[T]), "Kron": poisontest.Binary(linalg.Kron[T]),
	}, map[string]poisontest.Pair[T]{"vec,vec": {v, must(big.SliceExpr("1, ::2"))}, "NaN": {withNaN(t, v), v}, "empty": {zeros(0), v}})
	poisontest.Cross(kind, map[string]poisontest.Func[poisontest.Pair[T]]{"Kron": poisontest.Binary(linalg.Kron[T])},
		map[string]poisontest.Pair[T]{"mat": {a, sq}, "empty": {zeros(2, 0), sq}})

	einsum := map[string][]*nd.Array[T]{
		"ij,jk->ik k=0": {zeros(3, 0), zeros(0, 4)}, "bij,bjk->bik": {stack, must(nd.Random[T]([]int{2, 3, 2}, 7))},
		"i,i-> k=0": {zeros(0), zeros(0)}, "ij->j empty i": {zeros(0, 4)}, "ij->": {zeros(0, 3)}, "ii->": {sq},
		"ii->i": {sq}, "ij,jk->ki": {strided, b}, "ij->ji": {strided}, "ij,ij->i": {a, strided},
		"ij,jk,kl->il": {a, b, must(nd.Random[T]([]int{5, 2}, 8))}, "bij,bjk->ik": {stack, zeros(2, 3, 4)},
		"ijk->ik empty j": {zeros(2, 0, 3)}, "ij,jk->ik NaN": {withNaN(t, a), b},
	}
	for name, operands := range einsum {
		subscripts, _, _ := strings.Cut(name, " ")
		kind["Einsum/"+name] = func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.Einsum(subscripts, operands, o...))
		}
	}

	tri := func(f func(*nd.Array[T], int, ...nd.Option) (*nd.Array[T], error), k int) poisontest.Func[*nd.Array[T]] {
		return poisontest.Unary(func(a *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) { return f(a, k, o...) })
	}
	poisontest.Cross(kind, map[string]poisontest.Func[*nd.Array[T]]{
		"Triu 0": tri(linalg.Triu[T], 0), "Triu -1": tri(linalg.Triu[T], -1), "Tril 1": tri(linalg.Tril[T], 1), "Tril -5": tri(linalg.Tril[T], -5),
		"Pinv": poisontest.Unary(linalg.Pinv[T]),
	}, map[string]*nd.Array[T]{"4x3": a, "strided": strided, "wide": a.T(), "rank 2": deficient})
	poisontest.Cross(kind, map[string]poisontest.Func[*nd.Array[T]]{
		"Triu 0": tri(linalg.Triu[T], 0), "Tril -1": tri(linalg.Tril[T], -1),
	}, map[string]*nd.Array[T]{"stack": stack, "empty": zeros(3, 0)})
	poisontest.Cross(kind, map[string]poisontest.Func[*nd.Array[T]]{
		"Eig": func(a *nd.Array[T], o []nd.Option) ([]poisontest.Result, error) {
			vals, vecs, err := linalg.Eig(a, o...)
			return poisontest.All(err, poisontest.Of(vals), poisontest.Of(vecs))
		},
	}, map[string]*nd.Array[T]{"4x4": sq, "symmetric": must(linalg.MatMul(sq, sq.T()))})
	poisontest.Cross(kind, map[string]poisontest.Func[poisontest.Pair[T]]{
		"Lstsq": func(p poisontest.Pair[T], o []nd.Option) ([]poisontest.Result, error) {
			x, res, rank, s, err := linalg.Lstsq(p[0], p[1], o...)
			return poisontest.All(err, poisontest.Of(x), poisontest.Of(res), poisontest.Value(rank), poisontest.Of(s))
		},
	}, map[string]poisontest.Pair[T]{
		"tall": {a, must(nd.Random[T]([]int{4, 2}, 9))}, "wide": {a.T(), v}, "rank 2": {deficient, must(nd.Random[T]([]int{4}, 10))},
	})

	norms := map[string]linalg.Ord{"2": linalg.P(2), "1": linalg.P(1), "0": linalg.P(0), "3": linalg.P(3), "default": {}}
	for name, ord := range norms {
		poisontest.Cross(kind, map[string]poisontest.Func[*nd.Array[T]]{
			"NormAxis " + name + "/0": poisontest.Unary(func(a *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) {
				return linalg.NormAxis(a, ord, ops.Axis(0), o...)
			}),
		}, map[string]*nd.Array[T]{"4x3": a, "NaN": withNaN(t, a), "empty axis": zeros(0, 3)})
	}
	norms["inf"], norms["-inf"] = linalg.P(math.Inf(1)), linalg.P(math.Inf(-1))
	norms["-1"], norms["-2"], norms["fro"], norms["nuc"] = linalg.P(-1), linalg.P(-2), linalg.Fro, linalg.Nuc
	for name, ord := range norms {
		if name == "0" || name == "3" {
			continue // not matrix norms
		}
		inputs := map[string]*nd.Array[T]{"4x3": a, "stack": stack}
		if svd := ord == linalg.Nuc || ord == linalg.P(2) || ord == linalg.P(-2); !svd {
			inputs["NaN"] = withNaN(t, stack) // the SVD refuses a NaN
		}
		if ord == linalg.Nuc || ord == linalg.Fro || ord == (linalg.Ord{}) || ord == linalg.P(1) || ord == linalg.P(-1) {
			inputs["empty"] = zeros(2, 0, 3) // the orders an empty matrix has
		}
		poisontest.Cross(kind, map[string]poisontest.Func[*nd.Array[T]]{
			"MatrixNorm " + name: poisontest.Unary(func(a *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) {
				return linalg.MatrixNorm(a, ord, -2, -1, o...)
			}),
		}, inputs)
	}
	for name, c := range kind {
		cases[prefix+name] = c
	}
}

// TestResultsIgnoreAllocatorContents calls every allocating function of
// the package on the default allocator and on memtest.Poisoned and
// requires the same results (see poisontest): the generic ones on both
// float widths (floatCases), Kron, Triu and Tril on ints, and the
// float64 decompositions.
func TestResultsIgnoreAllocatorContents(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	cases := map[string]poisontest.Case{}
	floatCases[float64](t, cases, "")
	floatCases[float32](t, cases, "float32 ")
	ints := mustF[*nd.Array[int]](t)(nd.FromSlice([]int{1, -2, 3, 4, 5, -6}, []int{2, 3}))
	poisontest.Cross(cases, map[string]poisontest.Func[poisontest.Pair[int]]{
		"Kron": poisontest.Binary(linalg.Kron[int]),
		"Triu -1": func(p poisontest.Pair[int], o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.Triu(p[0], -1, o...))
		},
		"Tril 1": func(p poisontest.Pair[int], o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.Tril(p[1], 1, o...))
		},
	}, map[string]poisontest.Pair[int]{"int": {ints, ints.T()}})

	a := must(nd.Random[float64]([]int{5, 3}, 11))
	b := must(nd.Random[float64]([]int{4, 2}, 12))
	spd := must(nd.FromSlice([]float64{4, 1, 0, 1, 1, 5, 2, 0, 0, 2, 6, 1, 1, 0, 1, 7}, []int{4, 4}))
	g := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	two := func(x, y *nd.Array[float64], err error) ([]poisontest.Result, error) {
		return poisontest.All(err, poisontest.Of(x), poisontest.Of(y))
	}
	for name, c := range map[string]poisontest.Case{
		"Solve": func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(linalg.Solve(spd, b, o...)) },
		"Solve vector": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.Solve(spd, must(spd.SliceExpr(":, 1")), o...))
		},
		"Inv":      func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(linalg.Inv(spd.T(), o...)) },
		"Cholesky": func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(linalg.Cholesky(spd, o...)) },
		"CopyMatrix": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(linalg.CopyMatrix(g.T(), o...))
		},
		"QR":        func(o []nd.Option) ([]poisontest.Result, error) { return two(linalg.QR(a, o...)) },
		"QR square": func(o []nd.Option) ([]poisontest.Result, error) { return two(linalg.QR(spd.T(), o...)) },
		"QR wide":   func(o []nd.Option) ([]poisontest.Result, error) { return two(linalg.QR(a.T(), o...)) },
		"EigenSym":  func(o []nd.Option) ([]poisontest.Result, error) { return two(linalg.EigenSym(spd, o...)) },
		"SVD tall": func(o []nd.Option) ([]poisontest.Result, error) {
			u, s, v, err := linalg.SVD(a, o...)
			return poisontest.All(err, poisontest.Of(u), poisontest.Of(s), poisontest.Of(v))
		},
		"SVD wide": func(o []nd.Option) ([]poisontest.Result, error) {
			u, s, v, err := linalg.SVD(a.T(), o...)
			return poisontest.All(err, poisontest.Of(u), poisontest.Of(s), poisontest.Of(v))
		},
	} {
		cases[name] = c
	}
	poisontest.Check(t, cases)
}
