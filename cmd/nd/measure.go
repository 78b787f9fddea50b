package main

import (
	"time"
)

// nsPerOp times fn(n) for growing n until one run takes at least minTime,
// then returns the best of three runs in nanoseconds per operation. The
// figures are only ever shown as ratios between runs made side by side.
func nsPerOp(minTime time.Duration, fn func(n int)) float64 {
	n := 1
	for {
		start := time.Now()
		fn(n)
		if d := time.Since(start); d >= minTime || n >= 1<<30 {
			break
		}
		n *= 4
	}
	best := 0.0
	for range 3 {
		start := time.Now()
		fn(n)
		ns := float64(time.Since(start).Nanoseconds()) / float64(n)
		if best == 0 || ns < best {
			best = ns
		}
	}
	return best
}

// mib formats a byte count in MiB.
func mib(b int64) float64 { return float64(b) / (1 << 20) }
