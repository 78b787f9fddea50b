package ops_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// result adapts an op's (array, error) to a mem.FailEach run: the array is
// freed when the op succeeds.
func result[T nd.Number](x *nd.Array[T], err error) error {
	if err != nil {
		return err
	}
	return x.Free()
}

// TestOpsUnderFaults fails every allocation of every op with an allocating
// form in turn, on dense, broadcast and strided operands: each must return
// the error and leak nothing (nor leave anything live on mem.Default).
func TestOpsUnderFaults(t *testing.T) {
	m := must(nd.Random[float64]([]int{6, 8}, 1))
	pos := must(ops.AddScalar(must(ops.Abs(m)), 0.5))
	row := must(nd.Random[float64]([]int{8}, 2))
	strided := must(m.SliceExpr("::2, 1::3")) // [3 3], no unit stride
	st2 := must(m.SliceExpr("1::2, ::3"))
	mask := must(ops.Greater(m, must(ops.Neg(m))))
	ints := must(nd.Arange[int32](0, 48, 1))
	operands := []struct {
		name string
		a, b *nd.Array[float64]
	}{
		{"dense", m, pos},
		{"broadcast", m, row},
		{"strided", strided, st2},
	}
	type run = func(o []nd.Option) error
	for _, in := range operands {
		a, b := in.a, in.b
		pa, pb := must(ops.AddScalar(must(ops.Abs(a)), 1)), must(ops.AddScalar(must(ops.Abs(b)), 1))
		cases := map[string]run{
			"Add":          func(o []nd.Option) error { return result(ops.Add(a, b, o...)) },
			"Sub":          func(o []nd.Option) error { return result(ops.Sub(a, b, o...)) },
			"Mul":          func(o []nd.Option) error { return result(ops.Mul(a, b, o...)) },
			"Div":          func(o []nd.Option) error { return result(ops.Div(a, pb, o...)) },
			"Maximum":      func(o []nd.Option) error { return result(ops.Maximum(a, b, o...)) },
			"Minimum":      func(o []nd.Option) error { return result(ops.Minimum(a, b, o...)) },
			"Pow":          func(o []nd.Option) error { return result(ops.Pow(pa, b, o...)) },
			"AddScalar":    func(o []nd.Option) error { return result(ops.AddScalar(a, 2, o...)) },
			"SubScalar":    func(o []nd.Option) error { return result(ops.SubScalar(a, 2, o...)) },
			"MulScalar":    func(o []nd.Option) error { return result(ops.MulScalar(a, 2, o...)) },
			"DivScalar":    func(o []nd.Option) error { return result(ops.DivScalar(a, 2, o...)) },
			"Neg":          func(o []nd.Option) error { return result(ops.Neg(a, o...)) },
			"Abs":          func(o []nd.Option) error { return result(ops.Abs(a, o...)) },
			"Clip":         func(o []nd.Option) error { return result(ops.Clip(a, -0.5, 0.5, o...)) },
			"Sqrt":         func(o []nd.Option) error { return result(ops.Sqrt(pa, o...)) },
			"Exp":          func(o []nd.Option) error { return result(ops.Exp(a, o...)) },
			"Log":          func(o []nd.Option) error { return result(ops.Log(pa, o...)) },
			"Equal":        func(o []nd.Option) error { return result(ops.Equal(a, b, o...)) },
			"NotEqual":     func(o []nd.Option) error { return result(ops.NotEqual(a, b, o...)) },
			"Less":         func(o []nd.Option) error { return result(ops.Less(a, b, o...)) },
			"LessEqual":    func(o []nd.Option) error { return result(ops.LessEqual(a, b, o...)) },
			"Greater":      func(o []nd.Option) error { return result(ops.Greater(a, b, o...)) },
			"GreaterEqual": func(o []nd.Option) error { return result(ops.GreaterEqual(a, b, o...)) },
			"SumAxis":      func(o []nd.Option) error { return result(ops.SumAxis(a, ops.Axis(0), o...)) },
			"ProdAxis":     func(o []nd.Option) error { return result(ops.ProdAxis(a, ops.Axis(1).KeepDims(), o...)) },
			"MinAxis":      func(o []nd.Option) error { return result(ops.MinAxis(a, ops.Axis(-1), o...)) },
			"MaxAxis":      func(o []nd.Option) error { return result(ops.MaxAxis(a, ops.Axis(0), o...)) },
			"ArgMinAxis":   func(o []nd.Option) error { return result(ops.ArgMinAxis(a, ops.Axis(0), o...)) },
			"ArgMaxAxis":   func(o []nd.Option) error { return result(ops.ArgMaxAxis(a, ops.Axis(1), o...)) },
			"MeanAxis":     func(o []nd.Option) error { return result(ops.MeanAxis(a, ops.Axis(0), o...)) },
			"VarAxis":      func(o []nd.Option) error { return result(ops.VarAxis(a, ops.Axis(1), 1, o...)) },
			"StdAxis":      func(o []nd.Option) error { return result(ops.StdAxis(a, ops.Axis(0), 0, o...)) },
			"Reductions": func([]nd.Option) error { // no allocating form; temporaries of their own
				_, err := ops.Sum(a)
				if err == nil {
					_, err = ops.Std(a, 1)
				}
				return err
			},
		}
		if in.name != "strided" {
			cases["Where"] = func(o []nd.Option) error { return result(ops.Where(mask, m, pos, o...)) }
			cases["Int"] = func(o []nd.Option) error { return result(ops.Add(ints, ints, o...)) }
		}
		for name, c := range cases {
			t.Run(in.name+"/"+name, func(t *testing.T) {
				n, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) })
				if err != nil {
					t.Fatal(err)
				}
				if n != 1 && name != "Reductions" {
					t.Fatalf("%d allocations from the options' allocator, want 1", n)
				}
			})
		}
	}
}
