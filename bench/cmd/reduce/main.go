// Command reduce measures the nd/ops figures of issue 18 that are not
// kernels beside NumPy 1.24: axis reductions of a 4096x4096 matrix
// (float64 and float32; sum, mean, min, max, argmin, argmax, var, std
// along axis 0 and 1), a + a.T, the allocating forms against their Into
// forms at 1M and 16M elements, nd.Zeros of 800 MB against np.zeros (alone
// and written in full), and element-wise math and axis reductions on one
// core against two.
//
// NumPy runs in a child process (/usr/bin/python3, flag -python; package
// bench/internal/numpy) with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
// removed from its environment; the first line it prints names the SIMD
// extensions NumPy found and its dispatch targets. Each figure is the
// fastest of -reps runs by the wall clock (or, -clock cpu, by each
// process's CPU time), numgo's and NumPy's runs
// interleaved one by one so that machine noise hits both alike; the whole
// table is measured -trials times and each ratio is shown as the range
// over the trials (NumPy's time over numgo's: above 1x numgo is faster).
// numgo runs on one goroutine except in the two-core section. Up to that
// section numgo's timing goroutine is locked to its OS thread, and that
// thread and NumPy's timing thread are bound to one CPU (-cpu, default
// the lowest CPU the process may use; -1 leaves them to the scheduler):
// one of a VM's cores can run slower than the other for minutes. The
// two-core section (one goroutine against two, by the wall clock) is left
// unbound, both its columns: its helper goroutines run on other threads,
// and the caller's share must be free to run on either core.
//
// Run from the bench module: cd bench && go run ./cmd/reduce
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/numgo/numgo/bench/internal/numpy"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "reduce:", err)
	os.Exit(1)
}

func must[T any](v T, err error) T {
	if err != nil {
		fatal(err)
	}
	return v
}

// clock times numgo's side: numpy.Wall, or numpy.ProcessCPU under
// -clock cpu.
var clock = numpy.Wall

// wall runs fn once and returns its time in seconds by clock.
func wall(fn func() error) float64 {
	var err error
	t := numpy.Measure(clock, func() { err = fn() })
	if err != nil {
		fatal(err)
	}
	return t
}

// row is one comparison: numgo's loops (several columns) beside NumPy's
// statements, timed interleaved.
type row struct {
	name string
	go_  []func() error
	np   []string
	// prep and npPrep, where set, run before each of numgo's and NumPy's
	// timed runs, untimed.
	prep   func() error
	npPrep string
}

// ranges collects one ratio a trial per row and column.
type ranges map[string][2]float64

func (r ranges) add(key string, v float64) {
	lo, ok := r[key]
	if !ok {
		r[key] = [2]float64{v, v}
		return
	}
	r[key] = [2]float64{min(lo[0], v), max(lo[1], v)}
}

func (r ranges) get(key string) string {
	v := r[key]
	return fmt.Sprintf("%.2f-%.2fx", v[0], v[1])
}

// measure times every loop of rw reps times, interleaved, and returns
// the fastest time of each (numgo's first, then NumPy's).
func measure(np *numpy.Peer, rw row, reps int) (gos, nps []float64) {
	gos, nps = make([]float64, len(rw.go_)), make([]float64, len(rw.np))
	for i := range gos {
		gos[i] = math.Inf(1)
	}
	for i := range nps {
		nps[i] = math.Inf(1)
	}
	for r := range reps {
		// numgo's loops take turns going first among themselves, and
		// numgo's block and NumPy's take turns too (numpy.Turns), so that
		// none always runs right after the same other run (NumPy's fresh
		// pages and frees disturb the next one) and none is favoured by
		// its place.
		numpy.Turns(r, func() {
			for k := range rw.go_ {
				i := (k + r) % len(rw.go_)
				if rw.prep != nil {
					if err := rw.prep(); err != nil {
						fatal(err)
					}
				}
				gos[i] = min(gos[i], wall(rw.go_[i]))
			}
		}, func() {
			for i, s := range rw.np {
				if rw.npPrep != "" {
					if err := np.Exec(rw.npPrep); err != nil {
						fatal(err)
					}
				}
				nps[i] = min(nps[i], must(np.Time(s, 1)))
			}
		})
	}
	return gos, nps
}

func main() {
	python := flag.String("python", "/usr/bin/python3", "the Python with NumPy")
	reps := flag.Int("reps", 7, "runs of each loop per trial (the fastest counts)")
	trials := flag.Int("trials", 3, "trials of the whole table (ratios are shown as their range)")
	n := flag.Int("n", 4096, "rows and columns of the matrices")
	big := flag.String("big", "1048576,16777216", "elements of the allocating-form vectors (comma-separated sizes; empty: none)")
	zeros := flag.Int("zeros", 100_000_000, "float64 elements of the Zeros rows (0: none)")
	sections := flag.String("sections", "reduce,strided,alloc,cores", "sections to run")
	only := flag.String("only", "", "run only the rows whose name contains this text (\"axis 1\")")
	clockName := flag.String("clock", "wall", "wall, or cpu: both sides by their process's CPU time (every thread, the collector's included), so that a loaded machine's other processes do not count")
	timingCPU := numpy.CPUFlag()
	flag.Parse()
	switch *clockName {
	case "wall":
	case "cpu":
		clock = numpy.ProcessCPU
	default:
		fatal(fmt.Errorf("-clock %q: want wall or cpu", *clockName))
	}
	want := func(s string) bool { return strings.Contains(*sections, s) }

	np, err := numpy.Start(*python, clock)
	if err != nil {
		fatal(err)
	}
	defer np.Close()
	unbind, err := np.Bind(*timingCPU)
	if err != nil {
		fatal(err)
	}
	fmt.Println(np.Info())
	fmt.Printf("numgo: GOMAXPROCS %d; %s up to the two-core section; fastest of %d runs by the %s clock, interleaved; %d trials; ratio = NumPy's time / numgo's\n",
		runtime.GOMAXPROCS(0), numpy.Bound(*timingCPU), *reps, *clockName, *trials)
	ops.SetParallelThreshold(math.MaxInt)
	if want("alloc") && *zeros > 0 {
		firstZeros(np, *zeros) // before anything else allocates
	}

	var rows []row
	if want("reduce") {
		rows = append(rows, reductionRows(np, *n)...)
	}
	if want("strided") {
		rows = append(rows, stridedRows(np, *n)...)
	}
	if want("alloc") {
		var sizes []int
		for _, f := range strings.FieldsFunc(*big, func(r rune) bool { return r == ',' }) {
			var n int
			if _, err := fmt.Sscan(f, &n); err != nil || n <= 0 {
				fatal(fmt.Errorf("-big: bad size %q", f))
			}
			sizes = append(sizes, n)
		}
		rows = append(rows, allocRows(np, sizes, *zeros)...)
	}
	rows = slices.DeleteFunc(rows, func(r row) bool { return !strings.Contains(r.name, *only) })
	rr := ranges{}
	last := map[string][2][]float64{}
	for t := range *trials {
		fmt.Fprintf(os.Stderr, "trial %d/%d\n", t+1, *trials)
		for _, rw := range rows {
			gos, nps := measure(np, rw, *reps)
			last[rw.name] = [2][]float64{gos, nps}
			for i := range gos {
				for j := range nps {
					rr.add(fmt.Sprintf("%s/%d/%d", rw.name, i, j), nps[j]/gos[i])
				}
			}
			for i := range len(gos) - 1 {
				rr.add(fmt.Sprintf("%s/self/%d", rw.name, i), gos[i]/gos[len(gos)-1])
			}
		}
	}
	for _, rw := range rows {
		v := last[rw.name]
		fmt.Printf("%-34s", rw.name)
		for _, g := range v[0] {
			fmt.Printf(" numgo %8.2f ms", g*1e3)
		}
		for _, p := range v[1] {
			fmt.Printf(" NumPy %8.2f ms", p*1e3)
		}
		for i := range v[0] {
			for j := range v[1] {
				fmt.Printf("  np%d/go%d %s", j, i, rr.get(fmt.Sprintf("%s/%d/%d", rw.name, i, j)))
			}
		}
		for i := range len(v[0]) - 1 {
			fmt.Printf("  go%d/go%d %s", i, len(v[0])-1, rr.get(fmt.Sprintf("%s/self/%d", rw.name, i)))
		}
		fmt.Println()
	}
	unbind()
	if want("cores") {
		clock = numpy.Wall // one core against two: only the wall clock compares them
		cores(*reps, *trials)
	}
}

// reductionRows are the axis reductions of an n x n matrix of uniform
// [0, 1) values, float64 and float32, into arrays allocated once (NumPy's
// out=).
func reductionRows(np *numpy.Peer, n int) []row {
	var rows []row
	for _, dt := range []string{"float64", "float32"} {
		if err := np.Exec(fmt.Sprintf("m%[1]s = np.random.default_rng(1).random((%[2]d, %[2]d)).astype(np.%[1]s); o%[1]s = np.empty(%[2]d, np.%[1]s); oi = np.empty(%[2]d, np.intp)", dt, n)); err != nil {
			fatal(err)
		}
		var run map[string]func(ax ops.AxisSpec) error
		if dt == "float64" {
			run = reductions[float64](n)
		} else {
			run = reductions[float32](n)
		}
		for _, name := range []string{"sum", "mean", "min", "max", "argmin", "argmax", "var", "std"} {
			for axis := range 2 {
				out := "o" + dt
				if strings.HasPrefix(name, "arg") {
					out = "oi"
				}
				f := run[name]
				rows = append(rows, row{name: fmt.Sprintf("%s %s axis %d", dt, name, axis),
					go_: []func() error{func() error { return f(ops.Axis(axis)) }},
					np:  []string{fmt.Sprintf("np.%s(m%s, axis=%d, out=%s)", name, dt, axis, out)}})
			}
		}
	}
	return rows
}

// reductions returns the Into forms of every reduction over one random
// n x n matrix of T.
func reductions[T float32 | float64](n int) map[string]func(ax ops.AxisSpec) error {
	m := must(nd.Random[T]([]int{n, n}, 1))
	out := must(nd.Empty[T]([]int{n}))
	idx := must(nd.Empty[int]([]int{n}))
	return map[string]func(ax ops.AxisSpec) error{
		"sum":    func(ax ops.AxisSpec) error { return ops.SumAxisInto(out, m, ax) },
		"mean":   func(ax ops.AxisSpec) error { return ops.MeanAxisInto(out, m, ax) },
		"min":    func(ax ops.AxisSpec) error { return ops.MinAxisInto(out, m, ax) },
		"max":    func(ax ops.AxisSpec) error { return ops.MaxAxisInto(out, m, ax) },
		"argmin": func(ax ops.AxisSpec) error { return ops.ArgMinAxisInto(idx, m, ax) },
		"argmax": func(ax ops.AxisSpec) error { return ops.ArgMaxAxisInto(idx, m, ax) },
		"var":    func(ax ops.AxisSpec) error { return ops.VarAxisInto(out, m, ax, 0) },
		"std":    func(ax ops.AxisSpec) error { return ops.StdAxisInto(out, m, ax, 0) },
	}
}

// stridedRows is a + a.T of an n x n float64 matrix into a dense dst.
func stridedRows(np *numpy.Peer, n int) []row {
	if err := np.Exec(fmt.Sprintf("a = np.random.default_rng(2).random((%d, %d)); d = np.empty_like(a)", n, n)); err != nil {
		fatal(err)
	}
	a := must(nd.Random[float64]([]int{n, n}, 2))
	d := must(nd.Empty[float64]([]int{n, n}))
	at := a.T()
	return []row{{name: "float64 a + a.T into d",
		go_: []func() error{func() error { return ops.AddInto(d, a, at) }},
		np:  []string{"np.add(a, a.T, out=d)"}}}
}

// allocRows are the allocating forms (the result freed, as every result
// from mem.Default must be: System holds a buffer until its Free) beside
// their Into forms and NumPy's two forms, on float64 vectors of each size.
// Then nd.Zeros of zeros elements (freed) beside np.zeros, alone and
// followed by a write of every element (the first-touch cost both defer to
// their user, in a row of its own). The "after a GC" rows run a collection
// before each of numgo's runs, so that System's freed buffers are gone and
// the Go heap hands their spans out again, as in a program whose
// collections come between its large arrays (for Zeros, the last array was
// written in full first, on both sides). main runs firstZeros before
// anything else allocates.
func allocRows(np *numpy.Peer, sizes []int, zeros int) []row {
	var rows []row
	freed := func(r *nd.Array[float64], err error) error {
		if err != nil {
			return err
		}
		return r.Free()
	}
	for _, n := range sizes {
		if err := np.Exec(fmt.Sprintf("rng = np.random.default_rng(3); x%[1]d, y%[1]d = rng.random(%[1]d), rng.random(%[1]d); z%[1]d = np.empty_like(x%[1]d)", n)); err != nil {
			fatal(err)
		}
		x := must(nd.Random[float64]([]int{n}, 3))
		y := must(nd.Random[float64]([]int{n}, 4))
		z := must(nd.Empty[float64]([]int{n}))
		v := fmt.Sprintf("x%[1]d, y%[1]d", n)
		for _, op := range []struct {
			name, np, out string
			alloc         func() (*nd.Array[float64], error)
			into          func() error
		}{
			{"Add", "np.add(" + v + ")", fmt.Sprintf("np.add(%s, out=z%d)", v, n),
				func() (*nd.Array[float64], error) { return ops.Add(x, y) }, func() error { return ops.AddInto(z, x, y) }},
			{"Mul", "np.multiply(" + v + ")", fmt.Sprintf("np.multiply(%s, out=z%d)", v, n),
				func() (*nd.Array[float64], error) { return ops.Mul(x, y) }, func() error { return ops.MulInto(z, x, y) }},
			{"Exp", fmt.Sprintf("np.exp(x%d)", n), fmt.Sprintf("np.exp(x%[1]d, out=z%[1]d)", n),
				func() (*nd.Array[float64], error) { return ops.Exp(x) }, func() error { return ops.ExpInto(z, x) }},
		} {
			rows = append(rows, row{name: fmt.Sprintf("%s %d: allocating, Into", op.name, n),
				go_: []func() error{func() error { return freed(op.alloc()) }, op.into},
				np:  []string{op.np, op.out}})
			if op.name == "Add" {
				// The collector has freed the last result: the Go heap
				// hands its span out again, and nothing is in the bin.
				rows = append(rows, row{name: fmt.Sprintf("Add %d after a GC: allocating, Into", n),
					go_:  []func() error{func() error { return freed(op.alloc()) }, op.into},
					np:   []string{op.np, op.out},
					prep: collect})
			}
		}
	}
	if zeros > 0 {
		zero := func() (*nd.Array[float64], error) { return nd.Zeros[float64]([]int{zeros}) }
		written := func(a *nd.Array[float64], err error) (*nd.Array[float64], error) {
			if err != nil {
				return nil, err
			}
			d := a.Data()
			for i := range d {
				d[i] = 1
			}
			return a, nil
		}
		rows = append(rows,
			row{name: fmt.Sprintf("Zeros %d, freed", zeros),
				go_: []func() error{func() error { return freed(zero()) }},
				np:  []string{fmt.Sprintf("np.zeros(%d)", zeros)}},
			row{name: fmt.Sprintf("Zeros %d + write, freed", zeros),
				go_: []func() error{func() error { return freed(written(zero())) }},
				np:  []string{fmt.Sprintf("np.zeros(%d).fill(1)", zeros)}},
			// The last Zeros was written in full, freed and collected:
			// its span comes back dirty and resident, as in a program
			// whose collections run between its large arrays.
			row{name: fmt.Sprintf("Zeros %d after a GC", zeros),
				go_: []func() error{func() error { return freed(zero()) }},
				np:  []string{fmt.Sprintf("np.zeros(%d)", zeros)},
				prep: func() error {
					if err := freed(written(zero())); err != nil {
						return err
					}
					return collect()
				},
				npPrep: fmt.Sprintf("z0 = np.zeros(%d); z0.fill(1); del z0", zeros)})
	}
	return rows
}

// collect runs a garbage collection (the freed buffers System remembers
// by weak pointer are forgotten).
func collect() error {
	runtime.GC()
	return nil
}

// firstZeros times the process's first nd.Zeros of n float64 (fresh Go
// heap: no freed buffer to reuse) and NumPy's first np.zeros of n, before
// any other large allocation on either side, and prints both.
func firstZeros(np *numpy.Peer, n int) {
	g := wall(func() error {
		a, err := nd.Zeros[float64]([]int{n})
		if err != nil {
			return err
		}
		return a.Free()
	})
	p := must(np.Time(fmt.Sprintf("np.zeros(%d)", n), 1))
	fmt.Printf("first Zeros %d of the process: numgo %.3f ms, NumPy %.3f ms (one run each)\n", n, g*1e3, p*1e3)
}

// cores times element-wise kernels on n float64 (compute-bound: Exp,
// Sin, Sigmoid; memory-bound: Add, Mul, Sqrt), Sum of all n, and axis
// reductions of a square float64 matrix of n elements, on one goroutine
// and split across GOMAXPROCS, at sizes from 16K to 16M elements: first
// with the threshold forced to its least (what the thresholds are chosen
// from), then with the default thresholds (what a program gets).
func cores(reps, trials int) {
	procs := runtime.GOMAXPROCS(0)
	names := []string{"Exp", "Sin", "Sigmoid", "Add", "Mul", "Sqrt", "Sum", "Sum ax0", "Sum ax1", "Max ax0", "ArgMax ax1", "Var ax0"}
	for _, forced := range []bool{true, false} {
		how := "default thresholds"
		if forced {
			how = "split from 1024 elements"
		}
		fmt.Printf("\ntwo cores, %s: time on one goroutine / time split across %d (above 1x the split pays), unbound, range over %d trials\n", how, procs, trials)
		fmt.Printf("%-10s", "n")
		for _, name := range names {
			fmt.Printf(" %11s", name)
		}
		fmt.Println()
		for n := 1 << 14; n <= 1<<24; n <<= 2 {
			coreRow(n, names, forced, reps, trials)
		}
	}
	ops.SetParallelThreshold(math.MaxInt)
}

// coreRow prints cores' row for n elements.
func coreRow(n int, names []string, forced bool, reps, trials int) {
	side := int(math.Sqrt(float64(n)))
	x := must(nd.Random[float64]([]int{n}, 5))
	y := must(nd.Random[float64]([]int{n}, 6))
	z := must(nd.Empty[float64]([]int{n}))
	m := must(nd.Random[float64]([]int{side, side}, 7))
	out := must(nd.Empty[float64]([]int{side}))
	idx := must(nd.Empty[int]([]int{side}))
	var sum float64
	fs := []func() error{
		func() error { return ops.ExpInto(z, x) },
		func() error { return ops.SinInto(z, x) },
		func() error { return ops.SigmoidInto(z, x) },
		func() error { return ops.AddInto(z, x, y) },
		func() error { return ops.MulInto(z, x, y) },
		func() error { return ops.SqrtInto(z, x) },
		func() (err error) { sum, err = ops.Sum(x); return err },
		func() error { return ops.SumAxisInto(out, m, ops.Axis(0)) },
		func() error { return ops.SumAxisInto(out, m, ops.Axis(1)) },
		func() error { return ops.MaxAxisInto(out, m, ops.Axis(0)) },
		func() error { return ops.ArgMaxAxisInto(idx, m, ops.Axis(1)) },
		func() error { return ops.VarAxisInto(out, m, ops.Axis(0), 0) },
	}
	inner := max(1, (1<<22)/n) // calls per sample: at least 4M elements
	rr := ranges{}
	for range trials {
		for i, f := range fs {
			one, split := math.Inf(1), math.Inf(1)
			loop := func() error {
				for range inner {
					if err := f(); err != nil {
						return err
					}
				}
				return nil
			}
			for range reps {
				ops.SetParallelThreshold(math.MaxInt)
				one = min(one, wall(loop))
				if forced {
					ops.SetParallelThreshold(0)
				} else {
					ops.SetParallelThreshold(ops.DefaultParallelThreshold)
				}
				split = min(split, wall(loop))
			}
			rr.add(names[i], one/split)
		}
	}
	_ = sum
	fmt.Printf("%-10d", n)
	for _, name := range names {
		fmt.Printf(" %11s", rr.get(name))
	}
	fmt.Println()
	for _, a := range []*nd.Array[float64]{x, y, z, m, out} {
		a.Free()
	}
	idx.Free()
}
