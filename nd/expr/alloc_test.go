package expr

import (
	"math"
	"runtime"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// TestZeroAllocations: once an X has been evaluated, evaluating it again
// makes no heap allocation (testing.AllocsPerRun) and no allocator call
// (mem.Profiler): no temporaries of any size, only the scratch areas the
// program keeps, even across garbage collections.
func TestZeroAllocations(t *testing.T) {
	defer SetParallelThreshold(SetParallelThreshold(math.MaxInt))
	for _, n := range []int{4096, 100_000} {
		a := must(nd.Random[float64]([]int{n}, 1))
		b := must(nd.Random[float64]([]int{n}, 2))
		c := must(nd.Random[float64]([]int{n}, 3))
		m := must(a.Reshape(n/16, 16))
		dst := must(nd.Empty[float64]([]int{n}))
		cols := must(nd.Empty[float64]([]int{16}))
		x, y, z := Var(a), Var(b), Var(c)
		mv := Var(m)
		e := x.Mul(y).Add(z)
		hyp := x.Mul(x).Add(y.Mul(y)).Sqrt()
		leaky := Where(x.Gt(Const(0.5)), x, x.Mul(Const(0.1)))
		gauss := x.Mul(x).Mul(Const(-0.5)).Exp()
		centred := mv.Sub(Const(0.5)).Pow(Const(2.0))
		// Every X is built once, here: an X built inside a run would be a
		// new expression, compiled at its first evaluation.
		sumXY, countGt, inPlace := x.Mul(y), x.Gt(Const(0.5)), x.Mul(Const(1.0))
		runs := map[string]func() error{
			"EvalInto a*b+c":           func() error { return EvalInto(dst, e) },
			"EvalInto sqrt(a*a+b*b)":   func() error { return EvalInto(dst, hyp) },
			"EvalInto where":           func() error { return EvalInto(dst, leaky) },
			"EvalInto exp(-0.5*x*x)":   func() error { return EvalInto(dst, gauss) },
			"EvalInto in place":        func() error { return EvalInto(a, inPlace) },
			"Sum(a*b)":                 func() error { _, err := Sum(sumXY); return err },
			"Mean((x-m)**2)":           func() error { _, err := Mean(centred); return err },
			"Count(a > 0.5)":           func() error { _, err := Count(countGt); return err },
			"SumAxisInto((x-m)**2, 0)": func() error { return SumAxisInto(cols, centred, ops.Axis(0)) },
			"MaxAxisInto((x-m)**2, 0)": func() error { return MaxAxisInto(cols, centred, ops.Axis(0)) },
		}
		p := mem.NewProfiler()
		for name, run := range runs {
			if err := run(); err != nil { // compiles
				t.Fatalf("%s: %v", name, err)
			}
			runtime.GC() // a collection must not cost the scratch areas
			if allocs := testing.AllocsPerRun(20, func() { _ = run() }); allocs != 0 {
				t.Errorf("n=%d %s: %v heap allocations per evaluation, want 0", n, name, allocs)
			}
			stats, err := p.Profile(run)
			if err != nil {
				t.Fatal(err)
			}
			if stats.TotalAllocated != 0 || stats.AllocationCount != 0 {
				t.Errorf("n=%d %s: the profiler saw %d bytes in %d allocations, want none", n, name, stats.TotalAllocated, stats.AllocationCount)
			}
		}
	}
}

// TestNoTemporaries: Eval allocates its result and nothing else, where
// the step-by-step ops allocate a full-size temporary per operation.
func TestNoTemporaries(t *testing.T) {
	const n = 1 << 16
	a := must(nd.Random[float64]([]int{n}, 1))
	b := must(nd.Random[float64]([]int{n}, 2))
	c := must(nd.Random[float64]([]int{n}, 3))
	p := mem.NewProfiler()
	r, stats, err := mem.ProfileValue(p, func() (*nd.Array[float64], error) {
		return Eval(Var(a).Mul(Var(b)).Add(Var(c)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.AllocationCount != 1 || stats.TotalAllocated != 8*n {
		t.Errorf("Eval(a*b+c): %d allocations of %d bytes, want the result's 1 of %d", stats.AllocationCount, stats.TotalAllocated, 8*n)
	}
	r.Free()
	stats, err = p.Profile(func() error {
		ab, err := ops.Mul(a, b)
		if err != nil {
			return err
		}
		defer ab.Free()
		r, err := ops.Add(ab, c)
		if err != nil {
			return err
		}
		return r.Free()
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.TotalAllocated != 2*8*n || stats.Temporaries != 1 {
		t.Errorf("ops a*b+c: %d bytes, %d temporaries; want %d and 1 (the comparison the package documents)", stats.TotalAllocated, stats.Temporaries, 2*8*n)
	}
	if _, stats, err = mem.ProfileValue(p, func() (float64, error) { return Sum(Var(a).Mul(Var(b))) }); err != nil || stats.TotalAllocated != 0 {
		t.Errorf("Sum(a*b): %d bytes from allocators (%v), want 0", stats.TotalAllocated, err)
	}
}
