package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
)

// tourGonum shows gonum's own code running on numgo's GEMM once
// linalg.BLAS is installed, and a solve whose result lives in an arena.
func tourGonum(_ context.Context, w io.Writer, cfg tourConfig) error {
	n := 256
	if cfg.quick {
		n = 128
	}
	a, err := nd.Random[float64]([]int{n, n}, 1)
	if err != nil {
		return err
	}
	d, err := linalg.Dense(a) // a gonum view of the array's memory, no copy
	if err != nil {
		return err
	}
	var c mat.Dense
	c.ReuseAs(n, n)
	native := blas64.Implementation()
	defer blas64.Use(native)
	mul := func(impl blas.Float64) func(int) {
		return oneCore(func(k int) {
			blas64.Use(impl)
			for range k {
				c.Mul(d, d)
			}
		})
	}
	ts := sideBySide(cfg, mul(native), mul(linalg.BLAS{}))
	fmt.Fprintf(w, "   gonum mat.Dense.Mul, %dx%d, on an nd array viewed without a copy: %.1fx faster on one core after\n", n, n, ts[0].ratio(ts[1]))
	fmt.Fprintln(w, "   blas64.Use(linalg.BLAS{}), which puts numgo's GEMM under gonum's own code")

	size := 8*n*n + 1<<20 // the n x n matrix, and 1 MiB for the vectors
	return mem.WithArena(size, func(arena *mem.Arena) error {
		spd, err := linalg.MatMul(a, a.T(), nd.With(arena)) // symmetric positive definite, plus n on the diagonal
		if err != nil {
			return err
		}
		for i := range n {
			spd.Set(spd.At(i, i)+float64(n), i, i)
		}
		b, err := nd.Ones[float64]([]int{n}, nd.With(arena))
		if err != nil {
			return err
		}
		x, err := linalg.Solve(spd, b, nd.With(arena))
		if err != nil {
			return err
		}
		r, err := linalg.MatMul(spd, x, nd.With(arena))
		if err != nil {
			return err
		}
		worst := 0.0
		for v := range r.Values() {
			worst = max(worst, math.Abs(v-1))
		}
		fmt.Fprintf(w, "   Solve(a, b), a %dx%d symmetric positive definite, every array in a %.0f MiB arena: max |a@x - b| = %.1e;\n",
			n, n, mib(int64(size)), worst)
		fmt.Fprintf(w, "   arena peak %.1f MiB\n", mib(arena.Peak()))
		if worst > 1e-8 {
			return fmt.Errorf("residual %g too large", worst)
		}
		return nil
	})
}
