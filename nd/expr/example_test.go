package expr_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// NumPy's a*b + c, np.sum(a*b), (a > 0).sum() and np.where(a > 0, a,
// 0.1*a), each one pass over the arrays with no temporary; errors are
// checked once, at the end.
func Example() {
	a, _ := nd.FromSlice([]float64{0.5, -1, 2, -3, 4}, []int{5})
	b, _ := nd.Full([]int{5}, 2.0)
	c, _ := nd.Ones[float64]([]int{5})
	x, y, z := expr.Var(a), expr.Var(b), expr.Var(c)

	r, err1 := expr.Eval(x.Mul(y).Add(z))
	s, err2 := expr.Sum(x.Mul(y))
	n, err3 := expr.Count(x.Gt(expr.Const(0.0)))
	leaky, err4 := expr.Eval(expr.Where(x.Gt(expr.Const(0.0)), x, expr.Const(0.1).Mul(x)))
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(r.Data(), s, n, leaky.Data())
	// Output:
	// [2 -1 5 -5 9] 5 3 [0.5 -0.1 2 -0.30000000000000004 4]
}

// The covariance of the columns of x, NumPy's
//
//	xc = x - x.mean(0); c = xc.T @ xc / (n - 1)
//
// in three statements and one error check. The column means and the
// product are computed first, then the division in one pass; xc is
// computed once though it is used twice.
func Example_covariance() {
	x, _ := nd.FromSlice([]float64{1, 2, 3, 5, 4, 4, 6, 9}, []int{4, 2})

	xs := expr.Var(x)
	xc := xs.Sub(xs.MeanAxis(ops.Axis(0)))
	cov, err := expr.Eval(expr.MatMul(xc.T(), xc).Div(expr.Const(float64(x.Dim(0) - 1))))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", cov)
	// Output:
	// [[4.3333 5.6667]
	//  [5.6667 8.6667]]
}

// EvalInto writes into an array the caller owns (here in an arena) and,
// once the expression has been evaluated before, allocates nothing: the
// profiler sees no allocation and no heap bytes.
func ExampleEvalInto() {
	err := mem.WithArena(1<<20, func(arena *mem.Arena) error {
		a, err := nd.Arange(0.0, 1000, 1, nd.With(arena))
		if err != nil {
			return err
		}
		dst, err := nd.Empty[float64]([]int{1000}, nd.With(arena))
		if err != nil {
			return err
		}
		x := expr.Var(a)
		sq := x.Mul(x).Add(expr.Const(1.0)).Sqrt()     // sqrt(a*a + 1)
		if err := expr.EvalInto(dst, sq); err != nil { // compiles sq
			return err
		}
		stats, err := mem.NewProfiler().Profile(func() error { return expr.EvalInto(dst, sq) })
		fmt.Printf("%.4f %.4f; allocated %d bytes\n", dst.At(0), dst.At(999), stats.TotalAllocated)
		return err
	})
	fmt.Println(err)
	// Output:
	// 1.0000 999.0005; allocated 0 bytes
	// <nil>
}

// Mean fuses the reduction into the pass: NumPy's ((x - m)**2).mean()
// never stores the squared deviations.
func ExampleMean() {
	a, _ := nd.FromSlice([]float64{2, 4, 4, 4, 5, 5, 7, 9}, []int{8})
	x := expr.Var(a)
	m, err := expr.Mean(x)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := expr.Mean(x.Sub(expr.Const(m)).Pow(expr.Const(2.0)))
	fmt.Println(m, v, err)
	// Output:
	// 5 4 <nil>
}

// An axis reduction as a result: the sums of a*b along each row.
func ExampleSumAxis() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	x := expr.Var(a)
	rows, err := expr.SumAxis(x.Mul(x), ops.Axis(1))
	fmt.Println(rows.Data(), err)
	// Output:
	// [14 77] <nil>
}

// Parse reads NumPy's notation, with the arrays named in a map; errors,
// syntax included, come from the evaluating call.
func ExampleParse() {
	a, _ := nd.FromSlice([]float64{-2, -1, 0, 1, 2}, []int{5})
	vars := map[string]*nd.Array[float64]{"a": a}

	leaky, err := expr.Eval(expr.Parse("where(a > 0, a, 0.1*a)", vars))
	fmt.Println(leaky.Data(), err)
	gauss, err := expr.Sum(expr.Parse("exp(-0.5*a**2)", vars))
	fmt.Printf("%.4f %v\n", gauss, err)
	_, err = expr.Eval(expr.Parse("a * * 2", vars))
	fmt.Println(err)
	// Output:
	// [-0.2 -0.1 0 1 2] <nil>
	// 2.4837 <nil>
	// expr: Eval: Parse "a * * 2": invalid expression: at 4: expected a number, a name or (
}

// Every math function of nd/ops fuses too: GELU, 0.5·x·(1 + erf(x/√2)),
// and tanh(x)·sigmoid(x), each in one pass with the ops kernels' values.
func ExampleX_Erf() {
	a, _ := nd.FromSlice([]float64{-2, -0.5, 0, 0.5, 2}, []int{5})
	x := expr.Var(a)

	gelu, err1 := expr.Eval(expr.Const(0.5).Mul(x).Mul(expr.Const(1.0).Add(x.Mul(expr.Const(1 / math.Sqrt2)).Erf())))
	gated, err2 := expr.Eval(expr.Parse("tanh(a) * expit(a)", map[string]*nd.Array[float64]{"a": a}))
	if err := errors.Join(err1, err2); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n%.4f\n", gelu, gated)
	// Output:
	// [-0.0455 -0.1543  0.0000  0.3457  1.9545]
	// [-0.1149 -0.1745  0.0000  0.2876  0.8491]
}
