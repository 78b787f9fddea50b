package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/numgo/numgo/asm"
)

// mathPeer is one of package asm's math kernels beside the Go math
// function with its meaning, and the range its inputs are drawn from.
type mathPeer struct {
	name   string
	f64    func(dst, x []float64)
	f32    func(dst, x []float32)
	goMath func(float64) float64
	lo, hi float64
}

// mathFamilies groups the math kernels as the tour shows them, one line a
// family.
var mathFamilies = []struct {
	name  string
	peers []mathPeer
}{
	{"exponentials", []mathPeer{
		{"Exp", asm.Exp[float64], asm.Exp[float32], math.Exp, -10, 10},
		{"Exp2", asm.Exp2[float64], asm.Exp2[float32], math.Exp2, -10, 10},
		{"Expm1", asm.Expm1[float64], asm.Expm1[float32], math.Expm1, -10, 10},
		{"Sigmoid", asm.Sigmoid[float64], asm.Sigmoid[float32], func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }, -10, 10},
		{"Tanh", asm.Tanh[float64], asm.Tanh[float32], math.Tanh, -10, 10},
		{"Cosh", asm.Cosh[float64], asm.Cosh[float32], math.Cosh, -10, 10},
		{"Sinh", asm.Sinh[float64], asm.Sinh[float32], math.Sinh, -10, 10},
	}},
	{"logarithms", []mathPeer{
		{"Log", asm.Log[float64], asm.Log[float32], math.Log, 1e-3, 1e3},
		{"Log2", asm.Log2[float64], asm.Log2[float32], math.Log2, 1e-3, 1e3},
		{"Log10", asm.Log10[float64], asm.Log10[float32], math.Log10, 1e-3, 1e3},
		{"Log1p", asm.Log1p[float64], asm.Log1p[float32], math.Log1p, -0.5, 1e3},
	}},
	{"trigonometry", []mathPeer{
		{"Sin", asm.Sin[float64], asm.Sin[float32], math.Sin, -10, 10},
		{"Cos", asm.Cos[float64], asm.Cos[float32], math.Cos, -10, 10},
		{"Tan", asm.Tan[float64], asm.Tan[float32], math.Tan, -10, 10},
		{"Atan", asm.Atan[float64], asm.Atan[float32], math.Atan, -10, 10},
		{"Asin", asm.Asin[float64], asm.Asin[float32], math.Asin, -1, 1},
		{"Acos", asm.Acos[float64], asm.Acos[float32], math.Acos, -1, 1},
	}},
	{"error function", []mathPeer{
		{"Erf", asm.Erf[float64], asm.Erf[float32], math.Erf, -5, 5},
	}},
	{"square root", []mathPeer{
		{"Sqrt", asm.Sqrt[float64], asm.Sqrt[float32], math.Sqrt, 0, 1e3},
	}},
	{"roundings", []mathPeer{
		{"Floor", asm.Floor[float64], asm.Floor[float32], math.Floor, -1e3, 1e3},
		{"Ceil", asm.Ceil[float64], asm.Ceil[float32], math.Ceil, -1e3, 1e3},
		{"Trunc", asm.Trunc[float64], asm.Trunc[float32], math.Trunc, -1e3, 1e3},
		{"RoundToEven", asm.RoundToEven[float64], asm.RoundToEven[float32], math.RoundToEven, -1e3, 1e3},
	}},
}

// mathRatios measures p on n elements beside a loop over Go's math (for
// float32, through float64 as Go has no float32 math) and returns Go's time
// over ours for float64 and float32, and our float64 GB/s.
func mathRatios(cfg tourConfig, p mathPeer, n int) (r64, r32, gbs float64) {
	x64, d64, _ := operands[float64](n)
	x32, d32, _ := operands[float32](n)
	for i := range x64 {
		x64[i] = p.lo + (p.hi-p.lo)*float64(i)/float64(n)
		x32[i] = float32(x64[i])
	}
	ts := sideBySide(cfg,
		func(r int) {
			for range r {
				for i, v := range x64 {
					d64[i] = p.goMath(v)
				}
			}
		},
		func(r int) {
			for range r {
				p.f64(d64, x64)
			}
		},
		func(r int) {
			for range r {
				for i, v := range x32 {
					d32[i] = float32(p.goMath(float64(v)))
				}
			}
		},
		func(r int) {
			for range r {
				p.f32(d32, x32)
			}
		})
	return ts[0].ratio(ts[1]), ts[2].ratio(ts[3]), float64(16*n) / ts[1].min
}

// tourMath shows the math kernels against Go's math: in the tour one line
// a family at 4096 elements (in L2), its first function; in nd bench a row
// a function at 4096 and 1M elements with float64 GB/s.
func tourMath(_ context.Context, w io.Writer, cfg tourConfig) error {
	if !cfg.bench {
		n := 4096
		fmt.Fprintf(w, "   n = %d, one goroutine, the first function of each family (nd bench has them all): how many times\n", n)
		fmt.Fprintln(w, "   as fast as a loop over Go's math (float32 through float64), float64 and float32. Every tier gives")
		fmt.Fprintln(w, "   the same bits, within 1 ulp of the exact value (Sqrt and the roundings exact).")
		for _, fam := range mathFamilies {
			p := fam.peers[0]
			r64, r32, _ := mathRatios(cfg, p, n)
			var names []string
			for _, q := range fam.peers {
				names = append(names, q.name)
			}
			fmt.Fprintf(w, "   %-16s %-6s %5.1fx %6.1fx   (%s)\n", fam.name+":", p.name, r64, r32, strings.Join(names, ", "))
		}
		return nil
	}
	fmt.Fprintln(w, "   One goroutine; Go's time over ours for float64 and float32 (Go's math through float64), and our float64 GB/s")
	fmt.Fprintln(w, "   (input and output). NumPy beside these: cd bench && go run ./cmd/numpy")
	tw := table(w)
	fmt.Fprintln(tw, "   function\tn\tGB/s\tvs math f64\tvs math f32\t")
	for _, fam := range mathFamilies {
		for _, p := range fam.peers {
			for _, n := range []int{4096, 1 << 20} {
				r64, r32, gbs := mathRatios(cfg, p, n)
				fmt.Fprintf(tw, "   %s\t%s\t%.1f\t%.1fx\t%.1fx\t\n", p.name, elems(n), gbs, r64, r32)
			}
		}
	}
	return tw.Flush()
}
