package main

import (
	"context"
	"fmt"
	"io"

	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// withTier runs fn with the kernels forced to tier t.
func withTier(t cpu.Tier, fn func()) {
	defer cpu.SetTier(cpu.SetTier(t))
	fn()
}

func tourAddKernels(_ context.Context, w io.Writer, cfg tourConfig) error {
	sizes := []int{1 << 10, 16 << 10, 16 << 20}
	if cfg.quick {
		sizes = sizes[:2]
	}
	fmt.Fprintf(w, "   c = a + b, float64, one goroutine; GB/s counts a, b and c; ratio to gonum floats.AddTo (CPU: %s)\n", cpu.Best)
	tw := table(w)
	fmt.Fprint(tw, "   n\tgonum GB/s\tGo loop")
	for _, t := range cpu.Tiers() {
		fmt.Fprintf(tw, "\t%s", t)
	}
	fmt.Fprintln(tw, "\t")
	for _, n := range sizes {
		a, b, c := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = float64(i), float64(2*i)
		}
		gbs := func(ns float64) float64 { return float64(24*n) / ns }
		gonumNs := nsPerOp(cfg.minTime, func(r int) {
			for range r {
				floats.AddTo(c, a, b)
			}
		})
		loopNs := nsPerOp(cfg.minTime, func(r int) {
			for range r {
				for i := range c {
					c[i] = a[i] + b[i]
				}
			}
		})
		fmt.Fprintf(tw, "   %s\t%.1f\t%.2fx", elems(n), gbs(gonumNs), gonumNs/loopNs)
		for _, t := range cpu.Tiers() {
			var ns float64
			withTier(t, func() {
				ns = nsPerOp(cfg.minTime, func(r int) {
					for range r {
						asm.Add(c, a, b)
					}
				})
			})
			fmt.Fprintf(tw, "\t%.2fx", gonumNs/ns)
		}
		fmt.Fprintln(tw, "\t")
	}
	return tw.Flush()
}

func tourReductions(_ context.Context, w io.Writer, cfg tourConfig) error {
	const n = 1024 // in L1
	a64, b64 := make([]float64, n), make([]float64, n)
	a32, b32, c32 := make([]float32, n), make([]float32, n), make([]float32, n)
	c64 := make([]float64, n)
	for i := range n {
		a64[i], b64[i] = float64(i%17), float64(i%5)
		a32[i], b32[i] = float32(a64[i]), float32(b64[i])
	}
	var s64 float64
	loopSum := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			s := 0.0
			for _, v := range a64 {
				s += v
			}
			s64 += s
		}
	})
	loopDot := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			s := 0.0
			for i, v := range a64 {
				s += v * b64[i]
			}
			s64 += s
		}
	})
	sum := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			s64 += asm.Sum(a64)
		}
	})
	dot := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			s64 += asm.Dot(a64, b64)
		}
	})
	add64 := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			asm.Add(c64, a64, b64)
		}
	})
	add32 := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			asm.Add(c32, a32, b32)
		}
	})
	fmt.Fprintf(w, "   n = %d float64 (L1), tier %s: Sum %.1fx and Dot %.1fx a plain Go loop; float32 Add moves %.2fx the elements/s of float64\n",
		n, cpu.Current(), loopSum/sum, loopDot/dot, add64/add32)

	// Dispatch overhead: ops.AddInto on 16 elements against the loop it replaces.
	x, err := nd.Arange[float64](0, 16, 1)
	if err != nil {
		return err
	}
	y, err := x.Clone()
	if err != nil {
		return err
	}
	z, err := nd.Zeros[float64]([]int{16})
	if err != nil {
		return err
	}
	xd, yd, zd := x.Data(), y.Data(), z.Data()
	opsNs := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			if err := ops.AddInto(z, x, y); err != nil {
				panic(err)
			}
		}
	})
	loop16 := nsPerOp(cfg.minTime, func(r int) {
		for range r {
			for i := range zd {
				zd[i] = xd[i] + yd[i]
			}
		}
	})
	fmt.Fprintf(w, "   ops.AddInto on 16 elements costs %.2fx a plain Go loop (checks, dispatch and all)%s\n", opsNs/loop16, ignore(s64))
	return nil
}

func tourGemm(_ context.Context, w io.Writer, cfg tourConfig) error {
	sizes := []int{64, 256, 1024}
	if cfg.quick {
		sizes = sizes[:2]
	}
	fmt.Fprintf(w, "   C = A @ B, square n; GFLOP/s, and ratios to gonum's native Dgemm/Sgemm, which uses every core (%d here)\n", gemm.Threads())
	tw := table(w)
	fmt.Fprintln(tw, "   op\tn\tgonum GFLOP/s\tours 1 thread\tGFLOP/s\tours 2 threads\tAVX2 tier\t")
	impl := gonum.Implementation{}
	for _, n := range sizes {
		flops := 2 * float64(n) * float64(n) * float64(n)
		a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
		a32, b32, c32 := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
		for i := range a {
			a[i], b[i] = float64(i%7)-3, float64(i%5)-2
			a32[i], b32[i] = float32(a[i]), float32(b[i])
		}
		rows := []struct {
			name string
			peer func()
			ours func(threads int)
		}{
			{"DGEMM", func() { impl.Dgemm('N', 'N', n, n, n, 1, a, n, b, n, 0, c, n) },
				func(th int) { gemm.DgemmParallel(th, false, false, n, n, n, 1, a, n, b, n, 0, c, n) }},
			{"SGEMM", func() { impl.Sgemm('N', 'N', n, n, n, 1, a32, n, b32, n, 0, c32, n) },
				func(th int) { gemm.SgemmParallel(th, false, false, n, n, n, 1, a32, n, b32, n, 0, c32, n) }},
		}
		for _, r := range rows {
			peer := nsPerOp(cfg.minTime, func(k int) {
				for range k {
					r.peer()
				}
			})
			run := func(th int) float64 {
				return nsPerOp(cfg.minTime, func(k int) {
					for range k {
						r.ours(th)
					}
				})
			}
			one, two := run(1), run(2)
			avx2 := "-"
			if cpu.Best >= cpu.AVX2 {
				withTier(cpu.AVX2, func() { avx2 = fmt.Sprintf("%.2fx", peer/run(1)) })
			}
			fmt.Fprintf(tw, "   %s\t%d\t%.1f\t%.2fx\t%.1f\t%.2fx\t%s\t\n", r.name, n, flops/peer, peer/one, flops/one, peer/two, avx2)
		}
	}
	return tw.Flush()
}

// elems formats an element count as 1K, 16K, 16M.
func elems(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%dK", n>>10)
	}
	return fmt.Sprint(n)
}

// ignore keeps a benchmark's results alive without printing them.
func ignore(float64) string { return "" }
