package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"text/tabwriter"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// tourCores times ops on one goroutine against the same ops split across
// GOMAXPROCS with the default thresholds (ops.SetParallelThreshold):
// compute-bound math (Exp, Sin), memory-bound Add, a whole Sum and axis
// reductions of a square matrix of as many elements. The tour uses 1M
// elements, where the math kernels split and Add just does; the bench adds
// 16M, where memory bandwidth caps Add. Ratios are one goroutine's time
// over the split one's, one decimal: above 1.0x the split pays.
func tourCores(_ context.Context, w io.Writer, cfg tourConfig) error {
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		fmt.Fprintf(w, "   GOMAXPROCS is %d: nothing to split across\n", procs)
		return nil
	}
	sizes := []int{1 << 20}
	switch {
	case cfg.quick:
		sizes = []int{1 << 16}
	case cfg.bench:
		sizes = []int{1 << 20, 1 << 24}
	}
	defer ops.SetParallelThreshold(ops.SetParallelThreshold(ops.DefaultParallelThreshold))
	fmt.Fprintf(w, "   float64, one goroutine's time over the same call split across %d (default thresholds: the math\n", procs)
	fmt.Fprintln(w, "   kernels from 64K elements, Add and Sum from 1M, sums down columns from 4M); above 1.0x the split pays")
	t := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	names := []string{"Exp", "Sin", "Add", "Sum", "Sum axis 0", "Sum axis 1", "ArgMax axis 1"}
	fmt.Fprint(t, "   n\t")
	for _, name := range names {
		fmt.Fprintf(t, "%s\t", name)
	}
	fmt.Fprintln(t)
	for _, n := range sizes {
		fs, free, err := coreOps(n)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if err := f(); err != nil {
				free()
				return err
			}
		}
		fmt.Fprintf(t, "   %s\t", elems(n))
		for _, f := range fs {
			ts := sideBySide(cfg,
				func(r int) {
					ops.SetParallelThreshold(math.MaxInt)
					for range r {
						_ = f() // checked above
					}
				},
				func(r int) {
					ops.SetParallelThreshold(ops.DefaultParallelThreshold)
					for range r {
						_ = f() // checked above
					}
				})
			fmt.Fprintf(t, "%.1fx\t", ts[0].ratio(ts[1]))
		}
		fmt.Fprintln(t)
		free()
	}
	return t.Flush()
}

// coreOps returns tourCores' operations over n float64 elements (a
// square matrix of n for the axis reductions) and a func that frees their
// arrays.
func coreOps(n int) ([]func() error, func(), error) {
	side := int(math.Sqrt(float64(n)))
	var arrs []*nd.Array[float64]
	mk := func(shape ...int) *nd.Array[float64] {
		a, err := nd.Random[float64](shape, uint64(len(arrs)+1))
		if err == nil {
			arrs = append(arrs, a)
		}
		return a
	}
	x, y, z, m, out := mk(n), mk(n), mk(n), mk(side, side), mk(side)
	idx, err := nd.Empty[int]([]int{side})
	free := func() {
		for _, a := range arrs {
			a.Free()
		}
		if idx != nil {
			idx.Free()
		}
	}
	if len(arrs) < 5 || err != nil {
		free()
		return nil, nil, fmt.Errorf("tour: two cores: allocating %d elements failed", n)
	}
	return []func() error{
		func() error { return ops.ExpInto(z, x) },
		func() error { return ops.SinInto(z, x) },
		func() error { return ops.AddInto(z, x, y) },
		func() error { _, err := ops.Sum(x); return err },
		func() error { return ops.SumAxisInto(out, m, ops.Axis(0)) },
		func() error { return ops.SumAxisInto(out, m, ops.Axis(1)) },
		func() error { return ops.ArgMaxAxisInto(idx, m, ops.Axis(1)) },
	}, free, nil
}
