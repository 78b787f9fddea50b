package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// exprCase is one expression of the tour: fused, and step by step with
// ops as a user writes it (allocating a result per call).
type exprCase struct {
	name    string
	streams int // arrays one fused pass reads and writes, for GB/s
	fused   func(a, b, c expr.X[float64]) expr.X[float64]
	steps   func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error)
}

// then applies f to r, an ops result that is a temporary, and frees r.
func then(r *nd.Array[float64], f func(*nd.Array[float64]) (*nd.Array[float64], error)) (*nd.Array[float64], error) {
	t, err := f(r)
	r.Free()
	return t, err
}

var exprCases = []exprCase{
	{"a*b + c", 4,
		func(a, b, c expr.X[float64]) expr.X[float64] { return a.Mul(b).Add(c) },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			ab, err := ops.Mul(a, b)
			if err != nil {
				return nil, err
			}
			return then(ab, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Add(t, c) })
		}},
	{"sqrt(a*a + b*b)", 3,
		func(a, b, c expr.X[float64]) expr.X[float64] { return a.Mul(a).Add(b.Mul(b)).Sqrt() },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			aa, err := ops.Mul(a, a)
			if err != nil {
				return nil, err
			}
			bb, err := ops.Mul(b, b)
			if err != nil {
				aa.Free()
				return nil, err
			}
			defer bb.Free()
			sum, err := then(aa, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Add(t, bb) })
			if err != nil {
				return nil, err
			}
			return then(sum, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Sqrt(t) })
		}},
	{"exp(-0.5*a*a)", 2,
		func(a, b, c expr.X[float64]) expr.X[float64] { return expr.Const(-0.5).Mul(a).Mul(a).Exp() },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			h, err := ops.MulScalar(a, -0.5)
			if err != nil {
				return nil, err
			}
			ha, err := then(h, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Mul(t, a) })
			if err != nil {
				return nil, err
			}
			return then(ha, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Exp(t) })
		}},
	{"where(a > 0, a, 0.1*a)", 2,
		func(a, b, c expr.X[float64]) expr.X[float64] {
			return expr.Where(a.Gt(expr.Const(0.0)), a, expr.Const(0.1).Mul(a))
		},
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			m, err := ops.Greater(a, ops.Scalar(0.0))
			if err != nil {
				return nil, err
			}
			defer m.Free()
			s, err := ops.MulScalar(a, 0.1)
			if err != nil {
				return nil, err
			}
			return then(s, func(t *nd.Array[float64]) (*nd.Array[float64], error) { return ops.Where(m, a, t) })
		}},
}

// exprInputs returns three arrays of n values in [-0.5, 0.5).
func exprInputs(n int) (a, b, c *nd.Array[float64], err error) {
	var arr [3]*nd.Array[float64]
	for i := range arr {
		if arr[i], err = nd.Random[float64]([]int{n}, uint64(i+1)); err != nil {
			return nil, nil, nil, err
		}
		d, _, _ := arr[i].Storage()
		for j := range d {
			d[j] -= 0.5
		}
	}
	return arr[0], arr[1], arr[2], nil
}

// tourExpr times fused expressions beside the same expressions step by
// step with ops, one goroutine each, and shows what each allocates.
func tourExpr(_ context.Context, w io.Writer, cfg tourConfig) error {
	n := 1 << 18 // 2 MiB per array: the tour stays well under a second
	switch {
	case cfg.quick:
		n = 1 << 14
	case cfg.bench:
		n = 1 << 24
	}
	defer expr.SetParallelThreshold(expr.SetParallelThreshold(math.MaxInt))
	defer ops.SetParallelThreshold(ops.SetParallelThreshold(math.MaxInt))
	a, b, c, err := exprInputs(n)
	if err != nil {
		return err
	}
	dst, err := nd.Empty[float64]([]int{n})
	if err != nil {
		return err
	}
	va, vb, vc := expr.Var(a), expr.Var(b), expr.Var(c)
	fmt.Fprintf(w, "   x := expr.Var(a).Mul(expr.Var(b)).Add(expr.Var(c)); err := expr.EvalInto(dst, x)  // one pass: asm.MulAdd, no temporary\n")
	fmt.Fprintf(w, "   %s float64, one goroutine. Ratios are the step-by-step ops' time over the fused one's (above 1x: fused is faster);\n", elems(n))
	fmt.Fprintf(w, "   ops allocating is ops.Mul then ops.Add (a temporary per call, freed), ops Into the same into preallocated arrays.\n")
	fmt.Fprintf(w, "   NumPy beside these (its one-liners, one thread, 16M, side by side in one run): cd bench && go run ./cmd/expr\n")
	tw := table(w)
	fmt.Fprintln(tw, "   fused GB/s\tops allocating\tops Into\texpression\t")
	var x0 expr.X[float64] // a*b + c, kept for the profile below
	for i, ec := range exprCases {
		x := ec.fused(va, vb, vc)
		if i == 0 {
			x0 = x
		}
		if err := expr.EvalInto(dst, x); err != nil {
			return err
		}
		t, err := nd.Empty[float64]([]int{n})
		if err != nil {
			return err
		}
		allocating := func() error {
			r, err := ec.steps(a, b, c)
			if err != nil {
				return err
			}
			return r.Free()
		}
		var failed error
		ts := sideBySide(cfg,
			func(r int) {
				for range r {
					if err := expr.EvalInto(dst, x); err != nil {
						failed = err
					}
				}
			},
			func(r int) {
				for range r {
					if err := allocating(); err != nil {
						failed = err
					}
				}
			},
			func(r int) {
				for range r {
					if err := exprOpsInto(ec.name, dst, t, a, b, c); err != nil {
						failed = err
					}
				}
			})
		t.Free()
		if failed != nil {
			return failed
		}
		fmt.Fprintf(tw, "   %.1f\t%.2fx\t%.2fx\t%s\t\n", float64(8*n*ec.streams)/ts[0].min, ts[1].ratio(ts[0]), ts[2].ratio(ts[0]), ec.name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// sum(a*b): fused against linalg.Dot and ops.Mul + ops.Sum.
	sx := va.Mul(vb)
	var s float64
	var failed error
	ts := sideBySide(cfg,
		func(r int) {
			for range r {
				v, err := expr.Sum(sx)
				s, failed = s+v, firstErr(failed, err)
			}
		},
		func(r int) {
			for range r {
				v, err := linalg.Dot(a, b)
				s, failed = s+v, firstErr(failed, err)
			}
		},
		func(r int) {
			for range r {
				v, err := exprOpsSum(a, b)
				s, failed = s+v, firstErr(failed, err)
			}
		})
	if failed != nil {
		return failed
	}
	fmt.Fprintf(w, "   sum(a*b): expr.Sum(a.Mul(b)) %.1f GB/s, %.2fx linalg.Dot's time (it rounds a*b+s once, fused; Sum matches ops bit for bit), ops.Mul + ops.Sum %.2fx\n",
		float64(16*n)/ts[0].min, ts[0].ratio(ts[1]), ts[2].ratio(ts[0]))

	// (a > 0).sum(): counted as compared, against ops' mask and count.
	gt := va.Gt(expr.Const(0.0))
	var k int
	ts = sideBySide(cfg,
		func(r int) {
			for range r {
				v, err := expr.Count(gt)
				k, failed = k+v, firstErr(failed, err)
			}
		},
		func(r int) {
			for range r {
				v, err := exprOpsCount(a)
				k, failed = k+v, firstErr(failed, err)
			}
		})
	if failed != nil {
		return failed
	}
	fmt.Fprintf(w, "   (a > 0).sum(): expr.Count(a.Gt(expr.Const(0.0))) %.1f GB/s (no mask stored), ops.Greater + ops.CountNonzero %.2fx\n",
		float64(8*n)/ts[0].min, ts[1].ratio(ts[0]))

	// What each allocates, by the profiler; x0 was evaluated above, so its
	// program and scratch area exist.
	x := x0
	p := mem.NewProfiler()
	into, err := p.Profile(func() error { return expr.EvalInto(dst, x) })
	if err != nil {
		return err
	}
	eval, err := p.Profile(func() error {
		r, err := expr.Eval(x)
		if err != nil {
			return err
		}
		return r.Free()
	})
	if err != nil {
		return err
	}
	steps, err := p.Profile(func() error {
		r, err := exprCases[0].steps(a, b, c)
		if err != nil {
			return err
		}
		return r.Free()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   mem.Profiler, a*b + c: EvalInto allocated %d bytes (%d heap bytes); Eval %d bytes (the result); ops step by step %d bytes (%d temporary)\n",
		into.TotalAllocated, into.HeapAllocated, eval.TotalAllocated, steps.TotalAllocated, steps.TemporaryBytes)
	return nil
}

// firstErr keeps the first error.
func firstErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// exprOpsInto runs a tour expression's ops steps into preallocated
// arrays: t is the one temporary, dst the result.
func exprOpsInto(name string, dst, t, a, b, c *nd.Array[float64]) error {
	var err error
	switch name {
	case "a*b + c":
		if err = ops.MulInto(t, a, b); err == nil {
			err = ops.AddInto(dst, t, c)
		}
	case "sqrt(a*a + b*b)":
		if err = ops.MulInto(t, a, a); err == nil {
			if err = ops.MulInto(dst, b, b); err == nil {
				if err = ops.AddInto(dst, t, dst); err == nil {
					err = ops.SqrtInto(dst, dst)
				}
			}
		}
	case "exp(-0.5*a*a)":
		if err = ops.MulScalarInto(t, a, -0.5); err == nil {
			if err = ops.MulInto(t, t, a); err == nil {
				err = ops.ExpInto(dst, t)
			}
		}
	default: // where: the mask is the one allocation ops cannot avoid
		var m *nd.Array[uint8]
		if m, err = ops.Greater(a, ops.Scalar(0.0)); err == nil {
			if err = ops.MulScalarInto(t, a, 0.1); err == nil {
				err = ops.WhereInto(dst, m, a, t)
			}
			m.Free()
		}
	}
	return err
}

// exprOpsSum is sum(a*b) step by step.
func exprOpsSum(a, b *nd.Array[float64]) (float64, error) {
	t, err := ops.Mul(a, b)
	if err != nil {
		return 0, err
	}
	defer t.Free()
	return ops.Sum(t)
}

// exprOpsCount is (a > 0).sum() step by step: a uint8 mask, then its count.
func exprOpsCount(a *nd.Array[float64]) (int, error) {
	m, err := ops.Greater(a, ops.Scalar(0.0))
	if err != nil {
		return 0, err
	}
	defer m.Free()
	return ops.CountNonzero(m)
}
