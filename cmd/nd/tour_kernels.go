package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"unsafe"

	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// oneCore is fn's timing loop run with GOMAXPROCS 1, so that a peer that
// spreads its work over every core (gonum's Dgemm) is compared core for
// core, and a second process on a 2-core machine does not halve it.
func oneCore(fn func(n int)) func(n int) {
	return func(n int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		fn(n)
	}
}

// tierLoop is fn's timing loop with the kernels forced to tier t.
func tierLoop(t cpu.Tier, fn func(n int)) func(n int) {
	return func(n int) {
		defer cpu.SetTier(cpu.SetTier(t))
		fn(n)
	}
}

func tourAddKernels(_ context.Context, w io.Writer, cfg tourConfig) error {
	sizes := []int{1 << 10, 16 << 10, 4 << 20}
	switch {
	case cfg.quick:
		sizes = sizes[:2]
	case cfg.bench:
		sizes[2] = 16 << 20
	}
	fmt.Fprintf(w, "   c = a + b, float64, one goroutine. GB/s counts a, b and c; the other columns are gonum's time over\n")
	fmt.Fprintf(w, "   ours (above 1x is faster than gonum floats.AddTo) for a plain Go loop and each SIMD tier this CPU has\n")
	fmt.Fprintf(w, "   (off is the pure-Go twin of the kernels, what NUMGO_SIMD=off and -tags purego run)\n")
	tw := table(w)
	fmt.Fprint(tw, "   n\tgonum GB/s\tGo loop")
	for _, t := range cpu.Tiers() {
		fmt.Fprintf(tw, "\t%s", t)
	}
	fmt.Fprintln(tw, "\t")
	for _, n := range sizes {
		a, b, c := operands[float64](n)
		for i := range a {
			a[i], b[i] = float64(i), float64(2*i)
		}
		loops := []func(int){
			func(r int) {
				for range r {
					floats.AddTo(c, a, b)
				}
			},
			func(r int) {
				for range r {
					for i := range c {
						c[i] = a[i] + b[i]
					}
				}
			},
		}
		for _, t := range cpu.Tiers() {
			loops = append(loops, tierLoop(t, func(r int) {
				for range r {
					asm.Add(c, a, b)
				}
			}))
		}
		fmt.Fprintf(tw, "   %s\t", elems(n))
		ts := sideBySide(cfg, loops...)
		fmt.Fprintf(tw, "%.1f", float64(24*n)/ts[0].min)
		for _, t := range ts[1:] {
			fmt.Fprintf(tw, "\t%.2fx", ts[0].ratio(t))
		}
		fmt.Fprintln(tw, "\t")
	}
	return tw.Flush()
}

func tourReductions(_ context.Context, w io.Writer, cfg tourConfig) error {
	const n = 1024 // two float64 operands: 16 KiB, in L1
	a64, b64, _ := operands[float64](n)
	for i := range n {
		a64[i], b64[i] = float64(i%17), float64(i%5)
	}
	var s64 float64
	ts := sideBySide(cfg,
		func(r int) {
			for range r {
				s64 += plainSum(a64)
			}
		},
		func(r int) {
			for range r {
				s64 += asm.Sum(a64)
			}
		},
		func(r int) {
			for range r {
				s64 += plainDot(a64, b64)
			}
		},
		func(r int) {
			for range r {
				s64 += asm.Dot(a64, b64)
			}
		})
	fmt.Fprintf(w, "   n = %d float64 (in L1), tier %s: Sum runs %.1fx and Dot %.1fx as fast as a plain Go loop%s\n",
		n, cpu.Current(), ts[0].ratio(ts[1]), ts[2].ratio(ts[3]), ignore(s64))

	// float32 against float64 at a size where both working sets (a, b
	// and c) sit well inside L1, so the ratio is the vector width's.
	const m = 512
	x64, y64, z64 := operands[float64](m)
	x32, y32, z32 := operands[float32](m)
	for i := range m {
		x64[i], y64[i] = float64(i), float64(m-i)
		x32[i], y32[i] = float32(x64[i]), float32(y64[i])
	}
	ts = sideBySide(cfg,
		func(r int) {
			for range r {
				asm.Add(z64, x64, y64)
			}
		},
		func(r int) {
			for range r {
				asm.Add(z32, x32, y32)
			}
		})
	fmt.Fprintf(w, "   c = a + b on n = %d (12 KiB of float64, in L1): float32 moves %.2fx the elements/s of float64\n", m, ts[0].ratio(ts[1]))

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
	var opsErr error
	ts = sideBySide(cfg,
		func(r int) {
			for range r {
				if err := ops.AddInto(z, x, y); err != nil {
					opsErr = err
				}
			}
		},
		func(r int) {
			for range r {
				for i := range zd {
					zd[i] = xd[i] + yd[i]
				}
			}
		})
	if opsErr != nil {
		return opsErr
	}
	fmt.Fprintf(w, "   ops.AddInto on 16 elements takes %.2fx the time of a plain Go loop (liveness, shape and layout checks, dispatch)\n", ts[0].ratio(ts[1]))
	return nil
}

func tourGemm(_ context.Context, w io.Writer, cfg tourConfig) error {
	sizes := []int{64, 256}
	switch {
	case cfg.quick:
		sizes = sizes[:1]
	case cfg.bench:
		sizes = append(sizes, 1024)
	}
	fmt.Fprintln(w, "   C = A @ B, square n. GFLOP/s on one core (GOMAXPROCS=1) for gonum's native Dgemm/Sgemm and ours, then")
	fmt.Fprint(w, "   speed-ups over gonum (its time over ours) on one core: ours, and ours with the AVX2 tier forced")
	header := "   op\tn\tgonum GFLOP/s\tours GFLOP/s\tspeed-up\tAVX2 tier\t"
	if cfg.bench {
		fmt.Fprintf(w, ";\n   then on all %d cores for both, which depends on the other cores being idle", runtime.NumCPU())
		header += "all cores\t"
	}
	fmt.Fprintln(w)
	tw := table(w)
	fmt.Fprintln(tw, header)
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
			ours := func(th int) func(int) {
				return func(k int) {
					for range k {
						r.ours(th)
					}
				}
			}
			peer := func(k int) {
				for range k {
					r.peer()
				}
			}
			loops := []func(int){oneCore(peer), oneCore(ours(1)), oneCore(tierLoop(cpu.AVX2, ours(1)))}
			if cfg.bench {
				loops = append(loops, peer, ours(gemm.Threads()))
			}
			fmt.Fprintf(tw, "   %s\t%d\t", r.name, n)
			ts := sideBySide(cfg, loops...)
			avx2 := "-"
			if cpu.Best >= cpu.AVX2 {
				avx2 = fmt.Sprintf("%.2fx", ts[0].ratio(ts[2]))
			}
			fmt.Fprintf(tw, "%.1f\t%.1f\t%.2fx\t%s\t", flops/ts[0].min, flops/ts[1].min, ts[0].ratio(ts[1]), avx2)
			if cfg.bench {
				fmt.Fprintf(tw, "%.2fx\t", ts[3].ratio(ts[4]))
			}
			fmt.Fprintln(tw)
		}
	}
	return tw.Flush()
}

// plainSum is the loop asm.Sum replaces, as a Go programmer writes it. It
// is a function of its own, not inlined, so that what is timed is the same
// code whichever closure calls it.
//
//go:noinline
func plainSum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// plainDot is the loop asm.Dot replaces (see plainSum).
//
//go:noinline
func plainDot(x, y []float64) float64 {
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// operands returns three slices of n elements for a kernel's a, b and c,
// cut from one buffer so that their addresses differ by other than a
// multiple of 4 KiB: same-sized arrays from the heap often start at the
// same offset in a page, and then a load that follows a store to another
// array at the same offset waits for it (4K aliasing), which slows some
// runs and not others.
func operands[T float32 | float64](n int) (a, b, c []T) {
	var zero T
	skew := 64 / int(unsafe.Sizeof(zero)) // one cache line
	buf := make([]T, 3*n+3*skew)
	return buf[:n:n], buf[n+skew : 2*n+skew : 2*n+skew], buf[2*n+3*skew : 3*n+3*skew : 3*n+3*skew]
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
