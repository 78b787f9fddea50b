// Command numpy measures numgo's element-wise math kernels (package asm:
// Exp, Log, Exp2, Log2, Log10, Log1p, Sqrt, Floor, Ceil, Trunc,
// RoundToEven) beside NumPy's ufuncs
// and Go's math package, one thread each, and prints GB/s and ratios.
//
// NumPy runs in a child process (/usr/bin/python3, flag -python) that
// answers one timing request at a time on its standard input and output,
// so numgo's, NumPy's and Go's repeats are interleaved and machine noise
// hits them alike. Each figure is the fastest of -reps repeats, each
// repeat one call over the whole array (out= for NumPy, a destination
// allocated once for numgo and Go). NumPy is started with
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment
// (they do not touch these loops) and OMP/OPENBLAS threads at 1; the table
// starts with the SIMD extensions NumPy found and those its ufunc loops
// were built to dispatch to.
//
// Run from the bench module: cd bench && go run ./cmd/numpy
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/internal/cpu"
)

// child is the NumPy side: it prints its dispatch information, then for
// every line "func dtype n reps lo hi" times func(x, out=y) reps times on
// n values uniform in [lo, hi) and prints the fastest, in seconds.
const child = `
import sys, time
import numpy as np
from numpy.core._multiarray_umath import __cpu_features__ as feats
try:
    from numpy.core._multiarray_umath import __cpu_dispatch__ as disp
except ImportError:
    disp = []
have = [k for k, v in feats.items() if v and k.startswith("AVX")]
print("numpy %s; CPU features found: %s; dispatch targets built: %s" % (np.__version__, " ".join(have), " ".join(disp)), flush=True)
cache = {}
for line in sys.stdin:
    name, dtype, n, reps, lo, hi = line.split()
    n, reps, lo, hi = int(n), int(reps), float(lo), float(hi)
    key = (name, dtype, n)
    if key not in cache:
        cache.clear()
        rng = np.random.default_rng(1)
        cache[key] = (rng.uniform(lo, hi, n).astype(dtype), np.empty(n, dtype))
    x, y = cache[key]
    f = getattr(np, name)
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        f(x, out=y)
        best = min(best, time.perf_counter() - t)
    print(best, flush=True)
`

// function is one function of the table: asm's kernel, NumPy's name, Go's
// math function and the range inputs are drawn from.
type function struct {
	name, numpy string
	f64         func(dst, x []float64)
	f32         func(dst, x []float32)
	goMath      func(float64) float64
	lo, hi      float64
}

var functions = []function{
	{"Exp", "exp", asm.Exp[float64], asm.Exp[float32], math.Exp, -10, 10},
	{"Log", "log", asm.Log[float64], asm.Log[float32], math.Log, 1e-3, 1e3},
	{"Exp2", "exp2", asm.Exp2[float64], asm.Exp2[float32], math.Exp2, -10, 10},
	{"Log2", "log2", asm.Log2[float64], asm.Log2[float32], math.Log2, 1e-3, 1e3},
	{"Log10", "log10", asm.Log10[float64], asm.Log10[float32], math.Log10, 1e-3, 1e3},
	{"Log1p", "log1p", asm.Log1p[float64], asm.Log1p[float32], math.Log1p, -0.5, 1e3},
	{"Sqrt", "sqrt", asm.Sqrt[float64], asm.Sqrt[float32], math.Sqrt, 0, 1e3},
	{"Floor", "floor", asm.Floor[float64], asm.Floor[float32], math.Floor, -1e3, 1e3},
	{"Ceil", "ceil", asm.Ceil[float64], asm.Ceil[float32], math.Ceil, -1e3, 1e3},
	{"Trunc", "trunc", asm.Trunc[float64], asm.Trunc[float32], math.Trunc, -1e3, 1e3},
	{"RoundToEven", "rint", asm.RoundToEven[float64], asm.RoundToEven[float32], math.RoundToEven, -1e3, 1e3},
}

func main() {
	python := flag.String("python", "/usr/bin/python3", "Python with NumPy")
	sizes := flag.String("sizes", "1048576,16777216", "array lengths, comma-separated")
	reps := flag.Int("reps", 7, "repeats (the fastest counts), each interleaved with the peers'")
	goReps := flag.Int("goreps", 3, "repeats for Go's math (slow; 0 skips it)")
	only := flag.String("funcs", "", "only these functions (comma-separated names as in the table)")
	flag.Parse()
	runtime.GOMAXPROCS(1)

	cmd := exec.Command(*python, "-c", child)
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") || strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=")
	}), "OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	check(err)
	outPipe, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	out := bufio.NewScanner(outPipe)
	if !out.Scan() {
		check(fmt.Errorf("numpy child: %v", out.Err()))
	}
	fmt.Println(out.Text())
	fmt.Println("numgo:", cpu.Describe())
	numpyTime := func(name, dtype string, n int, lo, hi float64) float64 {
		fmt.Fprintf(in, "%s %s %d 1 %g %g\n", name, dtype, n, lo, hi)
		if !out.Scan() {
			check(fmt.Errorf("numpy child: %v", out.Err()))
		}
		s, err := strconv.ParseFloat(out.Text(), 64)
		check(err)
		return s
	}

	fmt.Printf("\n%-12s %-8s %9s %10s %10s %10s %9s %9s\n", "function", "dtype", "n", "numgo GB/s", "NumPy GB/s", "math GB/s", "vs NumPy", "vs math")
	for _, n := range parseInts(*sizes) {
		for _, f := range functions {
			if *only != "" && !slices.Contains(strings.Split(*only, ","), f.name) {
				continue
			}
			for _, dtype := range []string{"float64", "float32"} {
				size := 8
				if dtype == "float32" {
					size = 4
				}
				r := rand.New(rand.NewPCG(1, 2))
				x64, d64 := make([]float64, n), make([]float64, n)
				for i := range x64 {
					x64[i] = f.lo + (f.hi-f.lo)*r.Float64()
				}
				var ours func()
				if dtype == "float64" {
					ours = func() { f.f64(d64, x64) }
				} else {
					x32, d32 := make([]float32, n), make([]float32, n)
					for i, v := range x64 {
						x32[i] = float32(v)
					}
					ours = func() { f.f32(d32, x32) }
				}
				goLoop := func() {
					for i, v := range x64 {
						d64[i] = f.goMath(v)
					}
				}
				ours() // page in the destination
				best, bestNP, bestGo := math.Inf(1), math.Inf(1), math.Inf(1)
				for rep := range *reps {
					best = min(best, timeIt(ours))
					bestNP = min(bestNP, numpyTime(f.numpy, dtype, n, f.lo, f.hi))
					if rep < *goReps && dtype == "float64" {
						bestGo = min(bestGo, timeIt(goLoop))
					}
				}
				gbs := func(s float64) float64 { return float64(2*size*n) / s / 1e9 }
				mathCol, vsMath := "-", "-"
				if !math.IsInf(bestGo, 1) {
					mathCol, vsMath = fmt.Sprintf("%.2f", gbs(bestGo)), fmt.Sprintf("%.1fx", bestGo/best)
				}
				fmt.Printf("%-12s %-8s %9d %10.2f %10.2f %10s %8.2fx %9s\n", f.name, dtype, n, gbs(best), gbs(bestNP), mathCol, bestNP/best, vsMath)
			}
		}
	}
	in.Close()
	check(cmd.Wait())
	fmt.Println("\nvs NumPy and vs math: how many times faster numgo is (NumPy's or Go's time over numgo's); one thread each; math is float64 only.")
}

func timeIt(f func()) float64 {
	t := time.Now()
	f()
	return time.Since(t).Seconds()
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
