package expr

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

// The benchmarks put a fused expression beside the same expression step
// by step with ops (allocating, and into preallocated temporaries) in one
// run: compare the ratios of sub-benchmarks, never absolute times.
//
//	go test -run=NONE -bench=. ./nd/expr/
//
// NumPy's figures for the same expressions come from bench/numpy_expr.py,
// run beside these.

// oneThread turns the goroutine split of expr and ops off for a benchmark.
func oneThread(b *testing.B) {
	pe, po := SetParallelThreshold(math.MaxInt), ops.SetParallelThreshold(math.MaxInt)
	b.Cleanup(func() { SetParallelThreshold(pe); ops.SetParallelThreshold(po) })
}

// benchN is the benchmarks' size, the 16M float64 (128 MiB per
// array); -short takes 1M.
func benchN() int {
	if testing.Short() {
		return 1 << 20
	}
	return 1 << 24
}

// inputs returns three arrays of n values in [-0.5, 0.5).
func inputs(n int) (a, b, c *nd.Array[float64]) {
	mk := func(seed uint64) *nd.Array[float64] {
		r := must(nd.Random[float64]([]int{n}, seed))
		d, _, _ := r.Storage()
		for i := range d {
			d[i] -= 0.5
		}
		return r
	}
	return mk(1), mk(2), mk(3)
}

// benchCase is one expression, fused and as the ops calls a user would
// write into preallocated temporaries.
type benchCase struct {
	name    string
	streams int // arrays read and written by one pass
	fused   func(a, b, c X[float64]) X[float64]
	steps   func(dst, t, a, b, c *nd.Array[float64]) error
}

var benchCases = []benchCase{
	{"a*b+c", 4, func(a, b, c X[float64]) X[float64] { return a.Mul(b).Add(c) },
		func(dst, t, a, b, c *nd.Array[float64]) error {
			if err := ops.MulInto(t, a, b); err != nil {
				return err
			}
			return ops.AddInto(dst, t, c)
		}},
	{"sqrt(a*a+b*b)", 3, func(a, b, c X[float64]) X[float64] { return a.Mul(a).Add(b.Mul(b)).Sqrt() },
		func(dst, t, a, b, c *nd.Array[float64]) error {
			if err := ops.MulInto(t, a, a); err != nil {
				return err
			}
			if err := ops.MulInto(dst, b, b); err != nil {
				return err
			}
			if err := ops.AddInto(dst, t, dst); err != nil {
				return err
			}
			return ops.SqrtInto(dst, dst)
		}},
	{"exp(-0.5*a*a)", 2, func(a, b, c X[float64]) X[float64] { return Const(-0.5).Mul(a).Mul(a).Exp() },
		func(dst, t, a, b, c *nd.Array[float64]) error {
			if err := ops.MulScalarInto(t, a, -0.5); err != nil {
				return err
			}
			if err := ops.MulInto(t, t, a); err != nil {
				return err
			}
			return ops.ExpInto(dst, t)
		}},
	{"where(a>0,a,0.1*a)", 2, func(a, b, c X[float64]) X[float64] { return Where(a.Gt(Const(0.0)), a, Const(0.1).Mul(a)) },
		func(dst, t, a, b, c *nd.Array[float64]) error {
			m, err := ops.Greater(a, ops.Scalar(0.0))
			if err != nil {
				return err
			}
			if err := ops.MulScalarInto(t, a, 0.1); err != nil {
				return err
			}
			return ops.WhereInto(dst, m, a, t)
		}},
}

// BenchmarkExpr: each expression at 16M float64 on one thread, fused
// (EvalInto, and Eval allocating its result) against the ops steps into
// preallocated arrays. B/s counts the arrays one fused pass reads and
// writes.
func BenchmarkExpr(b *testing.B) {
	oneThread(b)
	n := benchN()
	a, bb, c := inputs(n)
	dst, t := must(nd.Empty[float64]([]int{n})), must(nd.Empty[float64]([]int{n}))
	for _, bc := range benchCases {
		x := bc.fused(Var(a), Var(bb), Var(c))
		b.Run(bc.name+"/EvalInto", func(b *testing.B) {
			b.SetBytes(int64(8 * n * bc.streams))
			for b.Loop() {
				if err := EvalInto(dst, x); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"/Eval", func(b *testing.B) {
			b.SetBytes(int64(8 * n * bc.streams))
			for b.Loop() {
				r, err := Eval(x)
				if err != nil {
					b.Fatal(err)
				}
				r.Free()
			}
		})
		b.Run(bc.name+"/ops", func(b *testing.B) {
			b.SetBytes(int64(8 * n * bc.streams))
			for b.Loop() {
				if err := bc.steps(dst, t, a, bb, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSumDot: Sum(a*b) fused against linalg.Dot (the goal: within
// 10%) and against ops.Mul then ops.Sum.
func BenchmarkSumDot(b *testing.B) {
	oneThread(b)
	n := benchN()
	a, bb, _ := inputs(n)
	t := must(nd.Empty[float64]([]int{n}))
	x := Var(a).Mul(Var(bb))
	b.Run("Sum(a*b)", func(b *testing.B) {
		b.SetBytes(int64(16 * n))
		for b.Loop() {
			must(Sum(x))
		}
	})
	b.Run("linalg.Dot", func(b *testing.B) {
		b.SetBytes(int64(16 * n))
		for b.Loop() {
			must(linalg.Dot(a, bb))
		}
	})
	b.Run("ops", func(b *testing.B) {
		b.SetBytes(int64(16 * n))
		for b.Loop() {
			if err := ops.MulInto(t, a, bb); err != nil {
				b.Fatal(err)
			}
			must(ops.Sum(t))
		}
	})
}

// BenchmarkThreads: a*b+c and sqrt(a*a+b*b) on one goroutine and split
// across GOMAXPROCS (the goal: 1.7x on two cores where memory allows).
func BenchmarkThreads(b *testing.B) {
	n := benchN()
	a, bb, c := inputs(n)
	dst := must(nd.Empty[float64]([]int{n}))
	for _, bc := range benchCases[:3] {
		x := bc.fused(Var(a), Var(bb), Var(c))
		for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("%s/threads=%d", bc.name, threads), func(b *testing.B) {
				th := 0 // the measured thresholds
				if threads == 1 {
					th = math.MaxInt
				}
				defer SetParallelThreshold(SetParallelThreshold(th))
				b.SetBytes(int64(8 * n * bc.streams))
				for b.Loop() {
					if err := EvalInto(dst, x); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFixedCost: 4096-element operands (L1), where the fixed cost of
// an evaluation shows: EvalInto(a+b) against one ops.AddInto (the goal:
// below 2x), and a*b+c against its two ops calls.
func BenchmarkFixedCost(b *testing.B) {
	const n = 4096
	a, bb, c := inputs(n)
	dst, t := must(nd.Empty[float64]([]int{n})), must(nd.Empty[float64]([]int{n}))
	add, fma := Var(a).Add(Var(bb)), Var(a).Mul(Var(bb)).Add(Var(c))
	b.Run("a+b/EvalInto", func(b *testing.B) {
		b.SetBytes(3 * 8 * n)
		for b.Loop() {
			EvalInto(dst, add)
		}
	})
	b.Run("a+b/ops.AddInto", func(b *testing.B) {
		b.SetBytes(3 * 8 * n)
		for b.Loop() {
			ops.AddInto(dst, a, bb)
		}
	})
	b.Run("a*b+c/EvalInto", func(b *testing.B) {
		b.SetBytes(4 * 8 * n)
		for b.Loop() {
			EvalInto(dst, fma)
		}
	})
	b.Run("a*b+c/ops", func(b *testing.B) {
		b.SetBytes(4 * 8 * n)
		for b.Loop() {
			ops.MulInto(t, a, bb)
			ops.AddInto(dst, t, c)
		}
	})
}
