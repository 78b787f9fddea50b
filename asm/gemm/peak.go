package gemm

import (
	"time"

	"github.com/numgo/numgo/internal/cpu"
)

// PeakGFLOPS measures the core's practical peak for products of T, in
// GFLOP/s on one goroutine: the current tier's packed micro-kernel run for
// about d on operands that stay in L1. It is the ceiling GEMM at any size
// approaches, and the top of the axis in performance panels.
func PeakGFLOPS[T float32 | float64](d time.Duration) float64 {
	k := tableFor[T]().kernels[cpu.Current()]
	const kc = 256
	a, b, c := grow[T](nil, kc*k.mr), grow[T](nil, kc*k.nr), grow[T](nil, k.mr*k.nr)
	best := 0.0
	for start := time.Now(); time.Since(start) < d; {
		t0 := time.Now()
		const calls = 200
		for range calls {
			k.fn(kc, &a[0], &b[0], k.nr, &c[0], k.nr, false)
		}
		best = max(best, 2*float64(kc*k.mr*k.nr)*calls/time.Since(t0).Seconds()/1e9)
	}
	return best
}
