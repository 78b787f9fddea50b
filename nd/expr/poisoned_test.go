package expr

import (
	"math"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/poisontest"
	"github.com/numgo/numgo/nd/ops"
)

// kindCases adds to cases, names prefixed with prefix, Eval of every
// operation of X over a matrix with NaNs (and broadcast rows, a
// transposed operand, 0-d leaves), of reductions and products inside an
// expression (empty axes, k = 0), and the allocating axis reductions.
// Each X is built once, so the Poisoned call also reuses the compiled
// program's scratch areas of the first.
func kindCases[T nd.Float](cases map[string]poisontest.Case, prefix string) {
	nan := T(math.NaN())
	m := must(nd.FromSlice([]T{0.5, -1.5, 2, nan, 3.25, 1, -0.75, 4, nan, nan, nan, nan}, []int{3, 4}))
	x, row := Var(m), Var(must(m.SliceExpr("1, :")))
	sq := Var(must(nd.Random[T]([]int{4, 4}, 1)))
	zero := func(shape ...int) X[T] { return Var(must(nd.Zeros[T](shape))) }
	empty := zero(0, 4)
	xs := map[string]X[T]{
		"a*b+c":            x.Mul(row).Add(Const[T](1)),
		"where":            Where(x.Gt(Const[T](0.5)), x, x.Mul(Const[T](0.1))),
		"transposed":       sq.T().Sub(sq),
		"0-d":              Var(must(m.SliceExpr("1, 2"))).Mul(Const[T](2)),
		"empty":            empty.Add(Const[T](1)),
		"SumAxis empty":    empty.SumAxis(ops.Axis(0)).Add(row),
		"MeanAxis empty":   empty.MeanAxis(ops.Axis(0).KeepDims()),
		"MinAxis":          x.MinAxis(ops.Axis(1)),
		"MaxAxis":          x.MaxAxis(ops.Axis(0)).Mul(row),
		"MatMul":           MatMul(sq, sq.T()).Add(Const[T](1)),
		"MatMul k=0":       MatMul(zero(3, 0), zero(0, 4)).Add(row),
		"MatMul vec k=0":   MatMul(zero(0), zero(0)),
		"MatMul of a sum":  MatMul(x.T(), x.Abs().SumAxis(ops.Axis(1).KeepDims())),
		"SumAxis of prods": MatMul(sq, sq).SumAxis(ops.Axis(0)),
	}
	for name, f := range map[string]func(X[T]) X[T]{
		"Neg": X[T].Neg, "Abs": X[T].Abs, "Sqrt": X[T].Sqrt, "Exp": X[T].Exp, "Log": X[T].Log, "Exp2": X[T].Exp2,
		"Log2": X[T].Log2, "Log10": X[T].Log10, "Log1p": X[T].Log1p, "Expm1": X[T].Expm1, "Sin": X[T].Sin,
		"Cos": X[T].Cos, "Tan": X[T].Tan, "Asin": X[T].Asin, "Acos": X[T].Acos, "Atan": X[T].Atan,
		"Sinh": X[T].Sinh, "Cosh": X[T].Cosh, "Tanh": X[T].Tanh, "Sigmoid": X[T].Sigmoid, "Erf": X[T].Erf,
		"Floor": X[T].Floor, "Ceil": X[T].Ceil, "Trunc": X[T].Trunc, "RoundToEven": X[T].RoundToEven, "Not": X[T].Not,
	} {
		xs[name] = f(x)
	}
	for name, f := range map[string]func(X[T], X[T]) X[T]{
		"Add": X[T].Add, "Sub": X[T].Sub, "Mul": X[T].Mul, "Div": X[T].Div, "Pow": X[T].Pow,
		"Maximum": X[T].Maximum, "Minimum": X[T].Minimum, "Eq": X[T].Eq, "Ne": X[T].Ne, "Lt": X[T].Lt,
		"Le": X[T].Le, "Gt": X[T].Gt, "Ge": X[T].Ge, "And": X[T].And, "Or": X[T].Or,
	} {
		xs[name] = f(x, row)
	}
	eval := func(x X[T], o []nd.Option) ([]poisontest.Result, error) { return poisontest.One(Eval(x, o...)) }
	kind := map[string]poisontest.Case{}
	poisontest.Cross(kind, map[string]poisontest.Func[X[T]]{"Eval": eval}, xs)
	type axisIn struct {
		x  X[T]
		ax ops.AxisSpec
	}
	axes := map[string]axisIn{
		"x/0": {x, ops.Axis(0)}, "x/1 kept": {x.Mul(x), ops.Axis(1).KeepDims()}, "all": {x.Add(row), ops.AllAxes()},
		"transposed/1": {sq.T().Abs(), ops.Axis(1)},
	}
	empties := map[string]axisIn{"empty/0": {empty.Add(Const[T](2)), ops.Axis(0)}, "empty/0 kept": {empty, ops.Axis(0).KeepDims()}}
	reduce := func(f func(X[T], ops.AxisSpec, ...nd.Option) (*nd.Array[T], error)) poisontest.Func[axisIn] {
		return func(in axisIn, o []nd.Option) ([]poisontest.Result, error) {
			return poisontest.One(f(in.x, in.ax, o...))
		}
	}
	reductions := map[string]poisontest.Func[axisIn]{"SumAxis": reduce(SumAxis[T]), "MeanAxis": reduce(MeanAxis[T])}
	poisontest.Cross(kind, reductions, axes)
	poisontest.Cross(kind, reductions, empties)
	poisontest.Cross(kind, map[string]poisontest.Func[axisIn]{"MinAxis": reduce(MinAxis[T]), "MaxAxis": reduce(MaxAxis[T])}, axes)
	for name, c := range kind {
		cases[prefix+name] = c
	}
}

// TestResultsIgnoreAllocatorContents calls Eval and the allocating axis
// reductions on the default allocator and on memtest.Poisoned, on both
// float widths, and requires the same results (see poisontest).
func TestResultsIgnoreAllocatorContents(t *testing.T) {
	cases := map[string]poisontest.Case{}
	kindCases[float64](cases, "")
	kindCases[float32](cases, "float32 ")
	poisontest.Check(t, cases)
}
