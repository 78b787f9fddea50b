package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// benchLarge is nd bench's table of large results on mem.Default: the
// allocating forms of Add and Exp (the result freed, which lets mem.System
// reuse it; System holds a buffer until its Free) against their Into
// forms, and nd.Zeros of 800 MB from mem.Default and from a fresh Arena,
// alone and followed by a write of every element (the first touch Zeros
// defers to its user). Each figure is the fastest of a few runs by the
// wall clock, interleaved; NumPy's side is bench/cmd/reduce's (a separate
// module).
func benchLarge(_ context.Context, w io.Writer, cfg tourConfig) error {
	reps := 11
	zeros := 100_000_000
	if cfg.quick {
		reps, zeros = 2, 1<<22
	}
	best := func(fns ...func() error) ([]float64, error) {
		t := make([]float64, len(fns))
		for i := range t {
			t[i] = math.Inf(1)
		}
		for r := range reps {
			for k := range fns { // each loop takes its turn going first
				i := (k + r) % len(fns)
				start := time.Now()
				if err := fns[i](); err != nil {
					return nil, err
				}
				t[i] = min(t[i], time.Since(start).Seconds()*1e3)
			}
		}
		return t, nil
	}
	freed := func(a *nd.Array[float64], err error) error {
		if err != nil {
			return err
		}
		return a.Free()
	}

	fmt.Fprintf(w, "   float64, one goroutine, fastest of %d wall-clock runs, interleaved; x/Into = time over the Into form's\n", reps)
	tw := table(w)
	fmt.Fprintln(tw, "   op\tn\tallocating\tInto\tallocating/Into\t")
	defer ops.SetParallelThreshold(ops.DefaultParallelThreshold)
	ops.SetParallelThreshold(math.MaxInt)
	for _, n := range []int{1 << 20, 1 << 24} {
		if cfg.quick {
			n >>= 6
		}
		x, err := nd.Random[float64]([]int{n}, 1)
		if err != nil {
			return err
		}
		y, err := nd.Random[float64]([]int{n}, 2)
		if err != nil {
			return err
		}
		z, err := nd.Empty[float64]([]int{n})
		if err != nil {
			return err
		}
		for _, op := range []struct {
			name  string
			alloc func() (*nd.Array[float64], error)
			into  func() error
		}{
			{"Add", func() (*nd.Array[float64], error) { return ops.Add(x, y) }, func() error { return ops.AddInto(z, x, y) }},
			{"Exp", func() (*nd.Array[float64], error) { return ops.Exp(x) }, func() error { return ops.ExpInto(z, x) }},
		} {
			t, err := best(func() error { return freed(op.alloc()) }, op.into)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "   %s\t%d\t%.2f ms\t%.2f ms\t%.2fx\t\n", op.name, n, t[0], t[1], t[0]/t[1])
		}
		for _, a := range []*nd.Array[float64]{x, y, z} {
			if err := a.Free(); err != nil {
				return err
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// zero is one Zeros, freed: from mem.Default or from a fresh arena,
	// then written in full or not.
	zero := func(arena, write bool) func() error {
		return func() error {
			var alloc mem.Allocator = mem.Default
			if arena {
				a, err := mem.NewArena(8*zeros + 1<<20)
				if err != nil {
					return err
				}
				defer a.Close()
				alloc = a
			}
			a, err := nd.Zeros[float64]([]int{zeros}, nd.With(alloc))
			if err != nil {
				return err
			}
			if write {
				d := a.Data()
				for i := range d {
					d[i] = 1
				}
			}
			return a.Free()
		}
	}
	fmt.Fprintf(w, "   nd.Zeros of %d float64 (%d MB): mem.Default (freed) and a fresh Arena (closed); alone and then\n", zeros, 8*zeros/1_000_000)
	fmt.Fprintln(w, "   written in full (the first touch of its pages, which NumPy's calloc-backed zeros defers as well)")
	tw = table(w)
	fmt.Fprintln(tw, "   \tDefault\tfresh Arena\t")
	for _, write := range []bool{false, true} {
		t, err := best(zero(false, write), zero(true, write))
		if err != nil {
			return err
		}
		label := "Zeros"
		if write {
			label = "Zeros, then write all"
		}
		fmt.Fprintf(tw, "   %s\t%.2f ms\t%.2f ms\t\n", label, t[0], t[1])
	}
	return tw.Flush()
}
