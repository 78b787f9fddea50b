package ops_test

import (
	"maps"
	"math"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/poisontest"
	"github.com/numgo/numgo/nd/ops"
)

// reduction is the operand of an axis reduction and its axes.
type reduction[T nd.Number] struct {
	a  *nd.Array[T]
	ax ops.AxisSpec
}

type (
	unaryFn[T, R nd.Number]  = func(*nd.Array[T], ...nd.Option) (*nd.Array[R], error)
	binaryFn[T, R nd.Number] = func(a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[R], error)
	axisFn[T, R nd.Number]   func(*nd.Array[T], ops.AxisSpec, ...nd.Option) (*nd.Array[R], error)
)

// axis adapts a function along one axis that keeps it (Sort, CumSum, ...)
// to an axisFn: it runs along the spec's axis (Index).
func axis[T, R nd.Number](f func(*nd.Array[T], int, ...nd.Option) (*nd.Array[R], error)) axisFn[T, R] {
	return func(a *nd.Array[T], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[R], error) {
		return f(a, ax.Index(), o...)
	}
}

// along adapts a reduction to a Func of a reduction's input.
func along[T, R nd.Number](f axisFn[T, R]) poisontest.Func[reduction[T]] {
	return func(r reduction[T], o []nd.Option) ([]poisontest.Result, error) {
		return poisontest.One(f(r.a, r.ax, o...))
	}
}

// funcs are the functions of one kind, by the inputs they take.
type funcs[T nd.Number] struct {
	elementwise map[string]poisontest.Func[*nd.Array[T]]
	binary      map[string]poisontest.Func[poisontest.Pair[T]]
	alongOne    map[string]poisontest.Func[reduction[T]] // along ax.Index()
	reduce      map[string]poisontest.Func[reduction[T]] // any axes, empty ones too
	nonEmpty    map[string]poisontest.Func[reduction[T]] // one axis or all, not empty
}

// realFuncs are the functions of every real kind.
func realFuncs[T nd.Real]() funcs[T] {
	scalar := func(f func(a *nd.Array[T], s T, o ...nd.Option) (*nd.Array[T], error)) poisontest.Func[*nd.Array[T]] {
		return poisontest.Unary(func(a *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) { return f(a, 3, o...) })
	}
	return funcs[T]{
		elementwise: map[string]poisontest.Func[*nd.Array[T]]{
			"Square": poisontest.Unary(ops.Square[T]), "Neg": poisontest.Unary(ops.Neg[T]), "Abs": poisontest.Unary(ops.Abs[T]),
			"IsNaN": poisontest.Unary(ops.IsNaN[T]), "IsInf": poisontest.Unary(ops.IsInf[T]), "IsFinite": poisontest.Unary(ops.IsFinite[T]),
			"AddScalar": scalar(ops.AddScalar[T]), "SubScalar": scalar(ops.SubScalar[T]),
			"MulScalar": scalar(ops.MulScalar[T]), "DivScalar": scalar(ops.DivScalar[T]),
			"Clip":   poisontest.Unary(func(a *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) { return ops.Clip(a, 0, 2, o...) }),
			"Unique": poisontest.Unary(ops.Unique[T]),
			"UniqueAll": func(a *nd.Array[T], o []nd.Option) ([]poisontest.Result, error) {
				u, err := ops.UniqueAll(a, o...)
				return poisontest.All(err, poisontest.Of(u.Values), poisontest.Of(u.Indices), poisontest.Of(u.Inverse), poisontest.Of(u.Counts))
			},
		},
		binary: map[string]poisontest.Func[poisontest.Pair[T]]{
			"Add": poisontest.Binary(ops.Add[T]), "Sub": poisontest.Binary(ops.Sub[T]), "Mul": poisontest.Binary(ops.Mul[T]), "Div": poisontest.Binary(ops.Div[T]),
			"Maximum": poisontest.Binary(ops.Maximum[T]), "Minimum": poisontest.Binary(ops.Minimum[T]),
			"Remainder": poisontest.Binary(ops.Remainder[T]), "FloorDivide": poisontest.Binary(ops.FloorDivide[T]),
			"Equal": poisontest.Binary(ops.Equal[T]), "NotEqual": poisontest.Binary(ops.NotEqual[T]), "Less": poisontest.Binary(ops.Less[T]),
			"LessEqual": poisontest.Binary(ops.LessEqual[T]), "Greater": poisontest.Binary(ops.Greater[T]), "GreaterEqual": poisontest.Binary(ops.GreaterEqual[T]),
			"IsClose": poisontest.Binary(func(a, b *nd.Array[T], o ...nd.Option) (*nd.Array[uint8], error) {
				return ops.IsClose(a, b, ops.Tolerance{Rel: 0.5, EqualNaN: true}, o...)
			}),
			"Where": poisontest.Binary(func(a, b *nd.Array[T], o ...nd.Option) (*nd.Array[T], error) {
				mask, err := ops.Greater(a, b)
				if err != nil {
					return nil, err
				}
				defer mask.Free()
				return ops.Where(mask, a, b, o...)
			}),
		},
		alongOne: map[string]poisontest.Func[reduction[T]]{
			"CumSum": along(axis(ops.CumSum[T])), "CumProd": along(axis(ops.CumProd[T])),
			"Sort": along(axis(ops.Sort[T])), "ArgSort": along(axis(ops.ArgSort[T])),
			"Diff": along(axis(func(a *nd.Array[T], axis int, o ...nd.Option) (*nd.Array[T], error) {
				return ops.Diff(a, 1, axis, o...)
			})),
		},
		reduce: map[string]poisontest.Func[reduction[T]]{
			"SumAxis": along(ops.SumAxis[T]), "ProdAxis": along(ops.ProdAxis[T]),
			"AnyAxis": along(ops.AnyAxis[T]), "AllAxis": along(ops.AllAxis[T]), "CountNonzeroAxis": along(ops.CountNonzeroAxis[T]),
		},
		nonEmpty: map[string]poisontest.Func[reduction[T]]{
			"MinAxis": along(ops.MinAxis[T]), "MaxAxis": along(ops.MaxAxis[T]),
			"ArgMinAxis": along(ops.ArgMinAxis[T]), "ArgMaxAxis": along(ops.ArgMaxAxis[T]),
		},
	}
}

// floatFuncs adds to f the functions of floats only.
func floatFuncs[T nd.Float](f funcs[T]) {
	for name, fn := range map[string]unaryFn[T, T]{
		"Exp": ops.Exp[T], "Log": ops.Log[T], "Exp2": ops.Exp2[T], "Log2": ops.Log2[T], "Log10": ops.Log10[T],
		"Log1p": ops.Log1p[T], "Sqrt": ops.Sqrt[T], "Floor": ops.Floor[T], "Ceil": ops.Ceil[T], "Trunc": ops.Trunc[T],
		"RoundToEven": ops.RoundToEven[T], "Expm1": ops.Expm1[T], "Sigmoid": ops.Sigmoid[T], "Tanh": ops.Tanh[T],
		"Cosh": ops.Cosh[T], "Sinh": ops.Sinh[T], "Erf": ops.Erf[T], "Sin": ops.Sin[T], "Cos": ops.Cos[T],
		"Tan": ops.Tan[T], "Atan": ops.Atan[T], "Asin": ops.Asin[T], "Acos": ops.Acos[T], "Reciprocal": ops.Reciprocal[T],
	} {
		f.elementwise[name] = poisontest.Unary(fn)
	}
	for name, fn := range map[string]binaryFn[T, T]{
		"Pow": ops.Pow[T], "Hypot": ops.Hypot[T], "Atan2": ops.Atan2[T], "Copysign": ops.Copysign[T],
	} {
		f.binary[name] = poisontest.Binary(fn)
	}
	ddof := func(fn func(*nd.Array[T], ops.AxisSpec, int, ...nd.Option) (*nd.Array[T], error)) poisontest.Func[reduction[T]] {
		return along(func(a *nd.Array[T], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[T], error) { return fn(a, ax, 1, o...) })
	}
	q := func(fn func(*nd.Array[T], float64, ops.AxisSpec, ...nd.Option) (*nd.Array[T], error), q float64) poisontest.Func[reduction[T]] {
		return along(func(a *nd.Array[T], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[T], error) { return fn(a, q, ax, o...) })
	}
	maps.Copy(f.reduce, map[string]poisontest.Func[reduction[T]]{
		"MeanAxis": along(ops.MeanAxis[T]), "NanSumAxis": along(ops.NanSumAxis[T]), "NanMeanAxis": along(ops.NanMeanAxis[T]),
		"VarAxis": ddof(ops.VarAxis[T]), "StdAxis": ddof(ops.StdAxis[T]), "NanStdAxis": ddof(ops.NanStdAxis[T]),
		"AverageAxis": along(func(a *nd.Array[T], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[T], error) {
			return ops.AverageAxis(a, nil, ax, o...)
		}),
	})
	maps.Copy(f.nonEmpty, map[string]poisontest.Func[reduction[T]]{
		"MedianAxis": along(ops.MedianAxis[T]), "NanMinAxis": along(ops.NanMinAxis[T]), "NanMaxAxis": along(ops.NanMaxAxis[T]),
		"QuantileAxis": q(ops.QuantileAxis[T], 0.3), "PercentileAxis": q(ops.PercentileAxis[T], 85),
	})
}

// kindCases adds to cases the functions of f applied to inputs made from
// vs, 12 values: a 3x4 matrix, its strided, row and 0-d views and an
// empty 0x4 array, with reductions along one axis, all (to 0-d), two at
// once and empty ones (non-empty results).
func kindCases[T nd.Real](cases map[string]poisontest.Case, prefix string, f funcs[T], vs []T) {
	kind := map[string]poisontest.Case{}
	m := must(nd.FromSlice(vs, []int{3, 4}))
	st := must(m.SliceExpr("::2, 1::2"))
	zero := must(m.SliceExpr("1, 2"))
	row := must(m.SliceExpr("2, :"))
	empty := must(nd.Zeros[T]([]int{0, 4}))
	poisontest.Cross(kind, f.elementwise, map[string]*nd.Array[T]{"m": m, "strided": st, "0-d": zero, "empty": empty})
	poisontest.Cross(kind, f.binary, map[string]poisontest.Pair[T]{"m,m": {m, m}, "m,row": {m, row}, "strided,0-d": {st, zero}, "empty,row": {empty, row}})
	one := map[string]reduction[T]{"m/0": {m, ops.Axis(0)}, "m/1 kept": {m, ops.Axis(1).KeepDims()}, "strided/-1": {st, ops.Axis(-1)}}
	empties := map[string]reduction[T]{"empty/0": {empty, ops.Axis(0)}, "empty/0 kept": {empty, ops.Axis(0).KeepDims()}, "empty.T/1": {empty.T(), ops.Axis(1)}}
	whole := map[string]reduction[T]{"strided/all": {st, ops.AllAxes()}, "0-d/all": {zero, ops.AllAxes()}}
	poisontest.Cross(kind, f.alongOne, one)
	poisontest.Cross(kind, f.alongOne, empties)
	poisontest.Cross(kind, f.nonEmpty, one)
	poisontest.Cross(kind, f.nonEmpty, whole)
	for _, in := range []map[string]reduction[T]{one, empties, whole, {"m/0,1": {m, ops.Axis(0, 1)}}} {
		poisontest.Cross(kind, f.reduce, in)
	}
	for name, c := range kind {
		cases[prefix+name] = c
	}
}

// TestResultsIgnoreAllocatorContents calls every allocating function of
// the package on the default allocator and on memtest.Poisoned and
// requires the same results (see poisontest): on floats of both widths
// with NaNs (a row of them, for the Nan* reductions), ints with
// negatives, and bools; on dense, strided, broadcast, 0-d and empty
// operands, and on empty reduced axes with non-empty results.
func TestResultsIgnoreAllocatorContents(t *testing.T) {
	nan := math.NaN()
	cases := map[string]poisontest.Case{}
	f64, f32 := realFuncs[float64](), realFuncs[float32]()
	floatFuncs(f64)
	floatFuncs(f32)
	kindCases(cases, "", f64, []float64{0.5, -1.5, 2, nan, 3.25, 1, -0.75, 4, nan, nan, nan, nan})
	kindCases(cases, "float32 ", f32, []float32{0.5, -1.5, 2, float32(nan), 3.25, 1, -0.75, 4, float32(nan), float32(nan), float32(nan), float32(nan)})
	kindCases(cases, "int ", realFuncs[int](), []int{3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5, 8})
	bools := must(nd.FromSlice([]uint8{1, 0, 1, 1, 0, 0}, []int{2, 3}))
	noBools := must(nd.Zeros[uint8]([]int{0, 3}))
	poisontest.Cross(cases, map[string]poisontest.Func[poisontest.Pair[uint8]]{
		"LogicalAnd": poisontest.Binary(ops.LogicalAnd), "LogicalOr": poisontest.Binary(ops.LogicalOr), "LogicalXor": poisontest.Binary(ops.LogicalXor),
		"LogicalNot": func(p poisontest.Pair[uint8], o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.LogicalNot(p[0], o...))
		},
	}, map[string]poisontest.Pair[uint8]{"bools": {bools, must(bools.SliceExpr("1"))}, "empty": {noBools, noBools}})
	poisontest.Cross(cases, map[string]poisontest.Func[reduction[uint8]]{
		"AnyAxis": along(ops.AnyAxis[uint8]), "AllAxis": along(ops.AllAxis[uint8]), "CountNonzeroAxis": along(ops.CountNonzeroAxis[uint8]),
	}, map[string]reduction[uint8]{"bools/1": {bools, ops.Axis(1)}, "empty/0": {noBools, ops.Axis(0)}})

	counts := must(nd.FromSlice([]int{3, 0, 3, 1}, []int{4}))
	weights := must(nd.FromSlice([]float64{0.5, 2, nan, 1}, []int{4}))
	data := must(nd.FromSlice([]float64{1, 2, 4, 7, 5, 5, 5, 5, -1, 0, 1, nan}, []int{3, 4})) // a constant row and a NaN
	finite := must(nd.FromSlice([]float64{1, 2, 4, 7, 5, 5, 5, 5, -1, 0, 1, 9}, []int{3, 4}))
	sorted := must(nd.FromSlice([]float64{-1, 0, 2, 2, 5}, []int{5}))
	histogram := func(c *nd.Array[int], e *nd.Array[float64], err error) ([]poisontest.Result, error) {
		return poisontest.All(err, poisontest.Of(c), poisontest.Of(e))
	}
	type call = poisontest.Case
	maps.Copy(cases, map[string]call{
		"Partition": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.Partition(data, 2, 1, o...))
		},
		"ArgPartition": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.ArgPartition(data, 1, 0, o...))
		},
		"SearchSorted": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.SearchSorted(sorted, data, ops.SearchRight, o...))
		},
		"Diff n=3": func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(ops.Diff(data, 3, 1, o...)) },
		"PowInt": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.PowInt(counts, must(nd.FromSlice([]int{2, 3, 0, 1}, []int{4})), o...))
		},
		// minlength past the largest value: the counts beyond it are zero.
		"Bincount": func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(ops.Bincount(counts, 9, o...)) },
		"Bincount empty": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.Bincount(must(counts.SliceExpr(":0")), 3, o...))
		},
		"BincountWeighted": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.BincountWeighted(counts, weights, 9, o...))
		},
		"AverageAxis weighted": func(o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(ops.AverageAxis(data, finite, ops.Axis(1), o...))
		},
		"Cov":      func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(ops.Cov(data, 1, o...)) },
		"Cov 1-D":  func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(ops.Cov(weights, 0, o...)) },
		"Corrcoef": func(o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(ops.Corrcoef(data, o...)) },
		// Bins no value falls in.
		"Histogram":     func(o []nd.Option) ([]poisontest.Result, error) { return histogram(ops.Histogram(finite, 20, o...)) },
		"Histogram int": func(o []nd.Option) ([]poisontest.Result, error) { return histogram(ops.Histogram(counts, 7, o...)) },
		"HistogramRange": func(o []nd.Option) ([]poisontest.Result, error) {
			return histogram(ops.HistogramRange(finite, 6, -20, 20, o...))
		},
		"HistogramRange empty": func(o []nd.Option) ([]poisontest.Result, error) {
			return histogram(ops.HistogramRange(must(sorted.SliceExpr(":0")), 4, 0, 1, o...))
		},
	})
	poisontest.Check(t, cases)
}
