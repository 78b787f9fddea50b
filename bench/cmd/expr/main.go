// Command expr measures nd/expr's fused expressions beside NumPy's
// one-liners and beside the same expressions step by step with nd/ops,
// one thread each, on 16M float64 (flag -n), and prints milliseconds,
// GB/s and ratios: the figures of issue 20.
//
// NumPy runs in a child process (/usr/bin/python3, flag -python; package
// bench/internal/numpy) that answers one timing request at a time, so
// every peer's repeats are interleaved and machine noise hits them alike;
// each figure is the fastest of -reps repeats of one evaluation. NumPy computes the
// expressions as users write them (a*b + c, allocating its temporaries and
// result); numgo's columns are expr.EvalInto (into an array allocated
// once), expr.Eval (allocating the result, freed after) and the ops calls
// a user writes without nd/expr (ops.Mul then ops.Add, temporaries
// freed); Into$ is EvalInto with asm's non-temporal stores turned off,
// which shows what they give. NumPy's a*b + c is also timed at its best,
// into an array allocated once (np.multiply and np.add with out=), beside
// EvalInto. sum(a*b) is set beside linalg.Dot (four times as many
// repeats, the two taking turns going first: they are a few percent
// apart), NumPy and ops.Mul then ops.Sum. Two goroutines are set against
// one by the wall clock, for every row, and for each kind of work of
// expr's parallel thresholds from 16Ki to 4Mi elements (the measurement
// they were set from; -threads=false leaves this, the longest part, out);
// then the fixed cost of one evaluation of 4096 elements beside one
// ops.AddInto.
//
// The one-thread measurements (all but two goroutines against one) run
// with numgo's timing goroutine locked to its OS thread, and that thread
// and NumPy's timing thread bound to one CPU (-cpu, default the lowest CPU
// the process may use; -1 leaves them to the scheduler): one of a VM's
// cores can run slower than the other for minutes. Two goroutines against
// one are left unbound, both columns: the helper goroutines run on other
// threads, and the caller's share must be free to run on either core. The
// child starts with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from
// its environment and one thread; the table starts with the SIMD
// extensions NumPy found and its dispatch targets.
//
// Linux only (the thread clock). Run from the bench module: cd bench &&
// go run ./cmd/expr
//go:build linux

package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/bench/internal/numpy"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

// numpyDefs are the names the NumPy statements use besides the arrays a,
// b and c: each row's name is the statement NumPy times.
const numpyDefs = "from numpy import sqrt, exp, where, sum, dot, multiply, add"

// numpyOut is a*b + c as NumPy computes it at its best: into an array
// allocated once (d, defined beside a, b and c), with no allocation.
const numpyOut = "multiply(a, b, out=d); add(d, c, out=d)"

// numpyArrays defines a, b and c: n values uniform in [-0.5, 0.5) each.
func numpyArrays(n int) string {
	return fmt.Sprintf("rng = np.random.default_rng(1); a, b, c = (rng.uniform(-0.5, 0.5, %d) for _ in range(3)); d = np.zeros_like(a) + 1", n)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "expr:", err)
	os.Exit(1)
}

// fastest keeps the fastest of the times it is given.
type fastest struct{ best float64 }

// time runs fn once, timed by its thread's CPU time (numpy.Measure, the
// clock NumPy's side is timed by).
func (f *fastest) time(fn func() error) { f.by(numpy.ThreadCPU, fn) }

// wall runs fn once, timed by the wall clock: for work split across
// goroutines.
func (f *fastest) wall(fn func() error) { f.by(numpy.Wall, fn) }

func (f *fastest) by(clock numpy.Clock, fn func() error) {
	var err error
	f.best = min(f.best, numpy.Measure(clock, func() { err = fn() }))
	if err != nil {
		fatal(err)
	}
}

func newFastest() fastest { return fastest{math.Inf(1)} }

// row is one expression: numgo's forms beside NumPy's.
type row struct {
	name    string
	streams int // arrays one fused pass reads and writes
	fused   func(a, b, c expr.X[float64]) expr.X[float64]
	ops     func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error)
}

// then applies f to t, a temporary of the ops steps, and frees t.
func then(t *nd.Array[float64], f func(t *nd.Array[float64]) (*nd.Array[float64], error)) (*nd.Array[float64], error) {
	r, err := f(t)
	t.Free()
	return r, err
}

type arr = *nd.Array[float64]

var rows = []row{
	{"a*b + c", 4, func(a, b, c expr.X[float64]) expr.X[float64] { return a.Mul(b).Add(c) },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			t, err := ops.Mul(a, b)
			if err != nil {
				return nil, err
			}
			return then(t, func(t arr) (arr, error) { return ops.Add(t, c) })
		}},
	{"sqrt(a*a + b*b)", 3, func(a, b, c expr.X[float64]) expr.X[float64] { return a.Mul(a).Add(b.Mul(b)).Sqrt() },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			t, err := ops.Mul(a, a)
			if err != nil {
				return nil, err
			}
			u, err := ops.Mul(b, b)
			if err != nil {
				return nil, err
			}
			s, err := then(u, func(u arr) (arr, error) { return ops.Add(t, u) })
			t.Free()
			if err != nil {
				return nil, err
			}
			return then(s, func(s arr) (arr, error) { return ops.Sqrt(s) })
		}},
	{"exp(-0.5*a*a)", 2, func(a, b, c expr.X[float64]) expr.X[float64] { return expr.Const(-0.5).Mul(a).Mul(a).Exp() },
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			t, err := ops.MulScalar(a, -0.5)
			if err != nil {
				return nil, err
			}
			u, err := then(t, func(t arr) (arr, error) { return ops.Mul(t, a) })
			if err != nil {
				return nil, err
			}
			return then(u, func(u arr) (arr, error) { return ops.Exp(u) })
		}},
	{"where(a > 0, a, 0.1*a)", 2, func(a, b, c expr.X[float64]) expr.X[float64] {
		return expr.Where(a.Gt(expr.Const(0.0)), a, expr.Const(0.1).Mul(a))
	},
		func(a, b, c *nd.Array[float64]) (*nd.Array[float64], error) {
			m, err := ops.Greater(a, ops.Scalar(0.0))
			if err != nil {
				return nil, err
			}
			defer m.Free()
			t, err := ops.MulScalar(a, 0.1)
			if err != nil {
				return nil, err
			}
			return then(t, func(t arr) (arr, error) { return ops.Where(m, a, t) })
		}},
}

func main() {
	python := flag.String("python", "/usr/bin/python3", "the Python with NumPy")
	n := flag.Int("n", 1<<24, "elements per array")
	reps := flag.Int("reps", 9, "repeats of each measurement (the fastest is shown)")
	threads := flag.Bool("threads", true, "measure two goroutines against one (the longest part)")
	timingCPU := numpy.CPUFlag()
	flag.Parse()

	np, err := numpy.Start(*python, numpy.ThreadCPU)
	if err != nil {
		fatal(err)
	}
	unbind, err := np.Bind(*timingCPU)
	if err != nil {
		fatal(err)
	}
	fmt.Println(np.Info())
	if err := np.Exec(numpyDefs + "\n" + numpyArrays(*n)); err != nil {
		fatal(err)
	}
	npTime := func(stmt string, reps int) float64 { return must(np.Time(stmt, reps)) }
	fmt.Printf("numgo: GOMAXPROCS %d; %d float64 per array; one thread: %s; fastest of %d by thread CPU time, interleaved\n\n", runtime.GOMAXPROCS(0), *n, numpy.Bound(*timingCPU), *reps)

	one := func() func() { // one thread for expr and ops
		pe, po := expr.SetParallelThreshold(math.MaxInt), ops.SetParallelThreshold(math.MaxInt)
		return func() { expr.SetParallelThreshold(pe); ops.SetParallelThreshold(po) }
	}
	restore := one()
	a, b, c := inputs(*n)
	dst := must(nd.Empty[float64]([]int{*n}))
	va, vb, vc := expr.Var(a), expr.Var(b), expr.Var(c)

	fmt.Println("one thread. ms: fastest evaluation; ratios: the peer's time over fused EvalInto's (above 1x: fused is faster).")
	fmt.Println("Into: expr.EvalInto into a reused array; Into$: the same with non-temporal stores off; Eval: allocating the result; ops: step by step, allocating")
	fmt.Printf("%-24s %9s %9s %7s %9s %9s %9s %8s %8s %8s\n", "expression", "NumPy ms", "Into ms", "GB/s", "Into$ ms", "Eval ms", "ops ms", "NumPy/In", "NumPy/Ev", "ops/Into")
	nt := asm.NonTemporalThreshold()
	var npOut, intoOut float64 // numpyOut's time, and EvalInto's beside it
	for i, r := range rows {
		x := r.fused(va, vb, vc)
		into, cached, eval, steps := newFastest(), newFastest(), newFastest(), newFastest()
		npBest := math.Inf(1)
		out := math.Inf(1)
		for range *reps {
			npBest = min(npBest, npTime(r.name, 1))
			if i == 0 {
				out = min(out, npTime(numpyOut, 1))
			}
			into.time(func() error { return expr.EvalInto(dst, x) })
			asm.SetNonTemporalThreshold(math.MaxInt)
			cached.time(func() error { return expr.EvalInto(dst, x) })
			asm.SetNonTemporalThreshold(nt)
			eval.time(func() error {
				res, err := expr.Eval(x)
				if err != nil {
					return err
				}
				return res.Free()
			})
			steps.time(func() error {
				res, err := r.ops(a, b, c)
				if err != nil {
					return err
				}
				return res.Free()
			})
		}
		fmt.Printf("%-24s %9.2f %9.2f %7.1f %9.2f %9.2f %9.2f %7.2fx %7.2fx %7.2fx\n", r.name, 1e3*npBest, 1e3*into.best,
			float64(8*r.streams**n)/into.best/1e9, 1e3*cached.best, 1e3*eval.best, 1e3*steps.best, npBest/into.best, npBest/eval.best, steps.best/into.best)
		if i == 0 {
			npOut, intoOut = out, into.best
		}
	}
	fmt.Printf("NumPy's a*b + c with no allocation, %s: %.2f ms, %.2fx EvalInto's time\n", numpyOut, 1e3*npOut, npOut/intoOut)

	// Reductions: sum(a*b) against linalg.Dot, NumPy and ops; a count.
	sum, dot, sumOps, count, countOps := newFastest(), newFastest(), newFastest(), newFastest(), newFastest()
	npSum, npDot, npCount := math.Inf(1), math.Inf(1), math.Inf(1)
	sx, gt := va.Mul(vb), va.Gt(expr.Const(0.0))
	for range *reps {
		npSum = min(npSum, npTime("sum(a*b)", 1))
		npDot = min(npDot, npTime("dot(a, b)", 1))
		npCount = min(npCount, npTime("(a > 0).sum()", 1))
		// Sum and Dot, 8 ms each at 16M, are a few percent apart: each
		// repeat times them four times, taking turns going first.
		for j := range 4 {
			for k := range 2 {
				if (j+k)%2 == 0 {
					sum.time(func() error { _, err := expr.Sum(sx); return err })
				} else {
					dot.time(func() error { _, err := linalg.Dot(a, b); return err })
				}
			}
		}
		sumOps.time(func() error {
			p, err := ops.Mul(a, b)
			if err != nil {
				return err
			}
			_, err = ops.Sum(p)
			p.Free()
			return err
		})
		count.time(func() error { _, err := expr.Count(gt); return err })
		countOps.time(func() error {
			m, err := ops.Greater(a, ops.Scalar(0.0))
			if err != nil {
				return err
			}
			_, err = ops.CountNonzero(m)
			m.Free()
			return err
		})
	}
	fmt.Printf("\nsum(a*b) (Sum and Dot: fastest of %d, taking turns going first): expr.Sum %.2f ms (%.1f GB/s); linalg.Dot %.2f ms: Sum/Dot time %.2fx; NumPy sum(a*b) %.2f ms (%.2fx Sum's), np.dot %.2f ms; ops Mul then Sum %.2f ms (%.2fx)\n",
		4**reps, 1e3*sum.best, 16*float64(*n)/sum.best/1e9, 1e3*dot.best, sum.best/dot.best, 1e3*npSum, npSum/sum.best, 1e3*npDot, 1e3*sumOps.best, sumOps.best/sum.best)
	fmt.Printf("(a > 0).sum(): expr.Count %.2f ms; NumPy %.2f ms (%.2fx); ops Greater then CountNonzero %.2f ms (%.2fx)\n",
		1e3*count.best, 1e3*npCount, npCount/count.best, 1e3*countOps.best, countOps.best/count.best)
	restore()

	// Two goroutines against one, where the machine has them: every row at
	// -n, then each kind of work over sizes from 16Ki to 4Mi elements, the
	// measurement expr's parallel thresholds were set from.
	if *threads && runtime.GOMAXPROCS(0) > 1 {
		unbind()
		k := runtime.GOMAXPROCS(0)
		fmt.Printf("\nthreads, by the wall clock, unbound: %d goroutines against one (time of one over time of %d), fastest of %d, taking turns going first\n", k, k, *reps)
		both := func(f func() error, inner int) (t1, tk float64) {
			single, multi := newFastest(), newFastest()
			loop := func() error {
				for range inner {
					if err := f(); err != nil {
						return err
					}
				}
				return nil
			}
			for i := range *reps {
				for j := range 2 {
					if (i+j)%2 == 0 {
						restore := one()
						single.wall(loop)
						restore()
					} else {
						pe := expr.SetParallelThreshold(1) // the least it takes
						multi.wall(loop)
						expr.SetParallelThreshold(pe)
					}
				}
			}
			return single.best / float64(inner), multi.best / float64(inner)
		}
		for _, r := range rows {
			x := r.fused(va, vb, vc)
			t1, tk := both(func() error { return expr.EvalInto(dst, x) }, 1)
			fmt.Printf("%-24s %7.2fx (%.3f ms, %.3f ms)\n", r.name, t1/tk, 1e3*t1, 1e3*tk)
		}
		t1, tk := both(func() error { _, err := expr.Sum(sx); return err }, 1)
		fmt.Printf("%-24s %7.2fx (%.3f ms, %.3f ms)\n", "sum(a*b)", t1/tk, 1e3*t1, 1e3*tk)
		sweep(both)
		if _, err := np.Bind(*timingCPU); err != nil { // bound again, to the end
			fatal(err)
		}
	}

	// The fixed cost: 4096 elements, in L1.
	const small, inner = 4096, 2000
	sa, sb, _ := inputs(small)
	if err := np.Exec(numpyArrays(small)); err != nil {
		fatal(err)
	}
	sd := must(nd.Empty[float64]([]int{small}))
	add := expr.Var(sa).Add(expr.Var(sb))
	fe, fo := newFastest(), newFastest()
	npAdd := math.Inf(1)
	for range *reps {
		fe.time(func() error {
			for range inner {
				if err := expr.EvalInto(sd, add); err != nil {
					return err
				}
			}
			return nil
		})
		fo.time(func() error {
			for range inner {
				if err := ops.AddInto(sd, sa, sb); err != nil {
					return err
				}
			}
			return nil
		})
		npAdd = min(npAdd, npTime("a + b", inner))
	}
	fmt.Printf("\nfixed cost, n = %d: EvalInto(a+b) %.0f ns, ops.AddInto %.0f ns (%.2fx), NumPy a + b %.0f ns\n",
		small, 1e9*fe.best/inner, 1e9*fo.best/inner, fe.best/fo.best, 1e9*npAdd)
	if err := np.Close(); err != nil {
		fatal(err)
	}
}

// sweep prints two goroutines against one for each kind of work of
// expr's parallel thresholds, from 16Ki to 4Mi elements: the sizes at
// which the ratio passes 1 are the thresholds. both times f (run inner
// times) on one goroutine and split.
func sweep(both func(f func() error, inner int) (t1, tk float64)) {
	kinds := []struct {
		name string
		x    func(a, b, c expr.X[float64]) expr.X[float64]
		how  string // "eval" (EvalInto), "sum" or "count"
	}{
		{"a*b + c (arithmetic)", rows[0].fused, "eval"},
		{"sqrt(a*a + b*b) (math)", rows[1].fused, "eval"},
		{"exp(-0.5*a*a) (math)", rows[2].fused, "eval"},
		{"where (Go loop)", rows[3].fused, "eval"},
		{"sum(a*b) (reduction)", func(a, b, c expr.X[float64]) expr.X[float64] { return a.Mul(b) }, "sum"},
		{"(a > 0).sum() (Count)", func(a, b, c expr.X[float64]) expr.X[float64] { return a.Gt(expr.Const(0.0)) }, "count"},
	}
	fmt.Printf("\n%-24s", "two against one, n =")
	for m := 1 << 14; m <= 1<<22; m *= 2 {
		fmt.Printf(" %6dKi", m>>10)
	}
	fmt.Println()
	for _, kd := range kinds {
		fmt.Printf("%-24s", kd.name)
		for m := 1 << 14; m <= 1<<22; m *= 2 {
			a, b, c := inputs(m)
			d := must(nd.Empty[float64]([]int{m}))
			x := kd.x(expr.Var(a), expr.Var(b), expr.Var(c))
			f := func() error { return expr.EvalInto(d, x) }
			switch kd.how {
			case "count":
				f = func() error { _, err := expr.Count(x); return err }
			case "sum":
				f = func() error { _, err := expr.Sum(x); return err }
			}
			t1, tk := both(f, max(1, (1<<21)/m))
			fmt.Printf(" %7.2fx", t1/tk)
			for _, arr := range []*nd.Array[float64]{a, b, c, d} {
				if err := arr.Free(); err != nil {
					fatal(err)
				}
			}
		}
		fmt.Println()
	}
	fmt.Println("(expr's thresholds: 256Ki arithmetic, 128Ki with a math function, 32Ki with a Go loop, 2Mi a reduction of arithmetic)")
}

// inputs returns three arrays of n values uniform in [-0.5, 0.5).
func inputs(n int) (a, b, c *nd.Array[float64]) {
	var arr [3]*nd.Array[float64]
	for i := range arr {
		arr[i] = must(nd.Random[float64]([]int{n}, uint64(i+1)))
		d, _, _ := arr[i].Storage()
		for j := range d {
			d[j] -= 0.5
		}
	}
	return arr[0], arr[1], arr[2]
}

func must[V any](v V, err error) V {
	if err != nil {
		fatal(err)
	}
	return v
}
