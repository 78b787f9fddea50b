// Command numpy measures numgo's element-wise math kernels (package asm:
// the exponentials, logarithms, Pow, trigonometric and hyperbolic
// functions, Sqrt and the roundings) beside NumPy's ufuncs and Go's math package,
// one thread each, and prints GB/s and ratios.
//
// NumPy runs in a child process (/usr/bin/python3, flag -python; package
// bench/internal/numpy) that answers one timing request at a time, so
// numgo's, NumPy's and Go's repeats are interleaved and machine noise hits
// them alike; numgo and NumPy take turns going first (numpy.Turns). Each
// figure is the fastest of -reps repeats, each repeat one call over the
// whole array (out= for NumPy, a destination allocated once for numgo and
// Go), timed by the CPU time of the thread that runs it.
// numgo's arrays are nd arrays on mem.Default, whose buffers of 4 MiB or
// more ask for transparent huge pages as NumPy's do.
// NumPy is started with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed
// from its environment (they do not touch these loops) and OMP/OPENBLAS
// threads at 1; the table starts with the SIMD extensions NumPy found and
// those its ufunc loops were built to dispatch to.
//
// Pow reads two arrays (x in [0.1, 10), exponents in [-3, 3)), its
// throughput counts three streams as two like the others (bytes of x and
// the result). Erf has no row: NumPy has no erf (SciPy's is not installed
// here).
//
// NumPy has no logistic function: Sigmoid is compared with
// 1/(1+np.exp(-x)) as NumPy users write it (three passes, allocating two
// temporaries and the result), and Go's column with the same formula on
// math.Exp.
//
// The figures also go to -out: numpy.csv (one line per function, dtype,
// size and peer) and numpy.svg (GB/s against size, one panel per function
// and dtype). Run from the bench module: cd bench && go run ./cmd/numpy
package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/bench/internal/numpy"
	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
)

// function is one function of the table: asm's kernel, the statement
// NumPy times (over x, the input, and y, an output of x's dtype), Go's
// math function and the range inputs are drawn from.
type function struct {
	name, numpy string
	f64         func(dst, x []float64)
	f32         func(dst, x []float32)
	goMath      func(float64) float64
	lo, hi      float64
	binary      *binary // for a function of two arrays, in place of f64, f32 and goMath
}

// binary is a function of two arrays, x and z (NumPy's statement names
// them so), z drawn from [zlo, zhi).
type binary struct {
	f64      func(dst, x, z []float64)
	f32      func(dst, x, z []float32)
	goMath   func(x, z float64) float64
	zlo, zhi float64
}

// ufunc is the statement for NumPy's ufunc name, writing into y.
func ufunc(name string) string { return "np." + name + "(x, out=y)" }

var functions = []function{
	{"Exp", ufunc("exp"), asm.Exp[float64], asm.Exp[float32], math.Exp, -10, 10, nil},
	{"Exp2", ufunc("exp2"), asm.Exp2[float64], asm.Exp2[float32], math.Exp2, -10, 10, nil},
	{"Expm1", ufunc("expm1"), asm.Expm1[float64], asm.Expm1[float32], math.Expm1, -10, 10, nil},
	{"Sigmoid", "1/(1+np.exp(-x))", asm.Sigmoid[float64], asm.Sigmoid[float32], func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }, -10, 10, nil},
	{"Tanh", ufunc("tanh"), asm.Tanh[float64], asm.Tanh[float32], math.Tanh, -10, 10, nil},
	{"Cosh", ufunc("cosh"), asm.Cosh[float64], asm.Cosh[float32], math.Cosh, -10, 10, nil},
	{"Sinh", ufunc("sinh"), asm.Sinh[float64], asm.Sinh[float32], math.Sinh, -10, 10, nil},
	{"Pow", "np.power(x, z, out=y)", nil, nil, nil, 0.1, 10, &binary{asm.Pow[float64], asm.Pow[float32], math.Pow, -3, 3}},
	{"Log", ufunc("log"), asm.Log[float64], asm.Log[float32], math.Log, 1e-3, 1e3, nil},
	{"Log2", ufunc("log2"), asm.Log2[float64], asm.Log2[float32], math.Log2, 1e-3, 1e3, nil},
	{"Log10", ufunc("log10"), asm.Log10[float64], asm.Log10[float32], math.Log10, 1e-3, 1e3, nil},
	{"Log1p", ufunc("log1p"), asm.Log1p[float64], asm.Log1p[float32], math.Log1p, -0.5, 1e3, nil},
	{"Sin", ufunc("sin"), asm.Sin[float64], asm.Sin[float32], math.Sin, -1e3, 1e3, nil},
	{"Cos", ufunc("cos"), asm.Cos[float64], asm.Cos[float32], math.Cos, -1e3, 1e3, nil},
	{"Tan", ufunc("tan"), asm.Tan[float64], asm.Tan[float32], math.Tan, -1e3, 1e3, nil},
	{"Atan", ufunc("arctan"), asm.Atan[float64], asm.Atan[float32], math.Atan, -1e3, 1e3, nil},
	{"Asin", ufunc("arcsin"), asm.Asin[float64], asm.Asin[float32], math.Asin, -1, 1, nil},
	{"Acos", ufunc("arccos"), asm.Acos[float64], asm.Acos[float32], math.Acos, -1, 1, nil},
	{"Sqrt", ufunc("sqrt"), asm.Sqrt[float64], asm.Sqrt[float32], math.Sqrt, 0, 1e3, nil},
	{"Floor", ufunc("floor"), asm.Floor[float64], asm.Floor[float32], math.Floor, -1e3, 1e3, nil},
	{"Ceil", ufunc("ceil"), asm.Ceil[float64], asm.Ceil[float32], math.Ceil, -1e3, 1e3, nil},
	{"Trunc", ufunc("trunc"), asm.Trunc[float64], asm.Trunc[float32], math.Trunc, -1e3, 1e3, nil},
	{"RoundToEven", ufunc("rint"), asm.RoundToEven[float64], asm.RoundToEven[float32], math.RoundToEven, -1e3, 1e3, nil},
}

// The peers of a row, as the CSV and the panels name them.
const (
	peerNumgo = "numgo"
	peerNumPy = "NumPy"
	peerMath  = "Go math"
)

// result is one row's fastest times in seconds by peer (Go's math is
// measured for float64 only).
type result struct {
	name, dtype string
	n           int
	secs        map[string]float64
}

// gbs is the row's throughput for peer: bytes read and written over time.
func (r result) gbs(peer string) float64 {
	size := 8
	if r.dtype == "float32" {
		size = 4
	}
	return float64(2*size*r.n) / r.secs[peer] / 1e9
}

func main() {
	python := flag.String("python", "/usr/bin/python3", "Python with NumPy")
	sizes := flag.String("sizes", "16384,262144,1048576,16777216", "array lengths, comma-separated")
	reps := flag.Int("reps", 7, "repeats (the fastest counts), each interleaved with the peers'")
	goReps := flag.Int("goreps", 3, "repeats for Go's math (slow; 0 skips it)")
	only := flag.String("funcs", "", "only these functions (comma-separated names as in the table)")
	outDir := flag.String("out", "out", "directory for numpy.csv and numpy.svg")
	nt := flag.Int("nt", -1, "asm.SetNonTemporalThreshold in bytes (-1: asm's default)")
	timingCPU := numpy.CPUFlag()
	flag.Parse()
	if *nt >= 0 {
		asm.SetNonTemporalThreshold(*nt)
	}
	runtime.GOMAXPROCS(1)

	np, err := numpy.Start(*python, numpy.ThreadCPU)
	check(err)
	// Every measurement runs on this goroutine, bound with NumPy's timing
	// thread to one CPU.
	unbind, err := np.Bind(*timingCPU)
	check(err)
	defer unbind()
	header := fmt.Sprintf("%s\nnumgo: %s\n%s, one thread, %s, fastest of %d by thread CPU time, interleaved",
		np.Info(), cpu.Describe(), time.Now().UTC().Format("2006-01-02 15:04 UTC"), numpy.Bound(*timingCPU), *reps)
	fmt.Println(header)

	var results []result
	fmt.Printf("\n%-12s %-8s %9s %10s %10s %10s %9s %9s\n", "function", "dtype", "n", "numgo GB/s", "NumPy GB/s", "math GB/s", "vs NumPy", "vs math")
	for _, n := range parseInts(*sizes) {
		var arrays arrays
		x64, d64, z64 := vector[float64](&arrays, n), vector[float64](&arrays, n), vector[float64](&arrays, n)
		x32, d32, z32 := vector[float32](&arrays, n), vector[float32](&arrays, n), vector[float32](&arrays, n)
		for _, f := range functions {
			if *only != "" && !slices.Contains(strings.Split(*only, ","), f.name) {
				continue
			}
			r := rand.New(rand.NewPCG(1, 2))
			for i := range x64 {
				x64[i] = f.lo + (f.hi-f.lo)*r.Float64()
				x32[i] = float32(x64[i])
				if b := f.binary; b != nil {
					z64[i] = b.zlo + (b.zhi-b.zlo)*r.Float64()
					z32[i] = float32(z64[i])
				}
			}
			for _, dtype := range []string{"float64", "float32"} {
				code := fmt.Sprintf("rng = np.random.default_rng(1); x = rng.uniform(%g, %g, %d).astype(np.%s); y = np.empty_like(x)", f.lo, f.hi, n, dtype)
				var ours, goLoop func()
				if b := f.binary; b != nil {
					code += fmt.Sprintf("; z = rng.uniform(%g, %g, %d).astype(np.%s)", b.zlo, b.zhi, n, dtype)
					ours = func() { b.f64(d64, x64, z64) }
					if dtype == "float32" {
						ours = func() { b.f32(d32, x32, z32) }
					}
					goLoop = func() {
						for i, v := range x64 {
							d64[i] = b.goMath(v, z64[i])
						}
					}
				} else {
					ours = func() { f.f64(d64, x64) }
					if dtype == "float32" {
						ours = func() { f.f32(d32, x32) }
					}
					goLoop = func() {
						for i, v := range x64 {
							d64[i] = f.goMath(v)
						}
					}
				}
				check(np.Exec(code))
				ours() // page in the destination
				res := result{f.name, dtype, n, map[string]float64{peerNumgo: math.Inf(1), peerNumPy: math.Inf(1)}}
				for rep := range *reps {
					numpy.Turns(rep, func() {
						res.secs[peerNumgo] = min(res.secs[peerNumgo], numpy.Measure(numpy.ThreadCPU, ours))
					}, func() {
						s, err := np.Time(f.numpy, 1)
						check(err)
						res.secs[peerNumPy] = min(res.secs[peerNumPy], s)
					})
					if rep < *goReps && dtype == "float64" {
						if rep == 0 {
							res.secs[peerMath] = math.Inf(1)
						}
						res.secs[peerMath] = min(res.secs[peerMath], numpy.Measure(numpy.ThreadCPU, goLoop))
					}
				}
				mathCol, vsMath := "-", "-"
				if _, ok := res.secs[peerMath]; ok {
					mathCol, vsMath = fmt.Sprintf("%.2f", res.gbs(peerMath)), fmt.Sprintf("%.1fx", res.secs[peerMath]/res.secs[peerNumgo])
				}
				fmt.Printf("%-12s %-8s %9d %10.2f %10.2f %10s %8.2fx %9s\n", f.name, dtype, n, res.gbs(peerNumgo), res.gbs(peerNumPy), mathCol, res.secs[peerNumPy]/res.secs[peerNumgo], vsMath)
				results = append(results, res)
			}
		}
		check(arrays.free())
	}
	check(np.Close())
	fmt.Println("\nvs NumPy and vs math: how many times faster numgo is (NumPy's or Go's time over numgo's); one thread each; math is float64 only.")
	fmt.Println("Sigmoid: NumPy has no logistic function; its column is 1/(1+np.exp(-x)) as users write it (three passes, two temporaries and the result allocated).")
	check(os.MkdirAll(*outDir, 0o755))
	check(writeCSV(filepath.Join(*outDir, "numpy.csv"), results))
	check(writeSVG(filepath.Join(*outDir, "numpy.svg"), results, header))
}

// arrays are the buffers of one size's rows, to free when they are done.
type arrays []interface{ Free() error }

// vector returns n elements of a new nd array, whose buffer comes from
// mem.Default as every array's does by default (huge pages from 4 MiB, as
// NumPy's data buffers), and adds the array to as.
func vector[T float32 | float64](as *arrays, n int) []T {
	a, err := nd.Empty[T]([]int{n})
	check(err)
	*as = append(*as, a)
	return a.Data()
}

// free frees every array of as.
func (as arrays) free() error {
	var errs []error
	for _, a := range as {
		errs = append(errs, a.Free())
	}
	return errors.Join(errs...)
}

func parseInts(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		out = append(out, n)
	}
	return out
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "numpy:", err)
		os.Exit(1)
	}
}
