package numpy

import (
	"runtime"
	"time"
)

// Measure runs fn once on the calling goroutine and returns its time in
// seconds by clock, the clock a peer started with it times NumPy by, so
// that both sides of a comparison are measured alike. For ThreadCPU the
// goroutine is locked to its OS thread while fn runs and the thread's CPU
// time is read, for ProcessCPU the process's; where that cannot be read
// (outside Linux) Measure uses the wall clock.
func Measure(clock Clock, fn func()) float64 {
	switch clock {
	case ThreadCPU:
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if t0, ok := cpuTime(threadClock); ok {
			fn()
			t1, _ := cpuTime(threadClock)
			return (t1 - t0).Seconds()
		}
	case ProcessCPU:
		if t0, ok := cpuTime(processClock); ok {
			fn()
			t1, _ := cpuTime(processClock)
			return (t1 - t0).Seconds()
		}
	}
	t := time.Now()
	fn()
	return time.Since(t).Seconds()
}

// Turns runs ours and theirs, one repeat of a comparison, in turns: ours
// first on even repeats, theirs first on odd ones, so that neither side
// always runs in the state the other's pass leaves (its caches, the
// memory's open pages, the prefetchers' training).
func Turns(rep int, ours, theirs func()) {
	if rep%2 == 1 {
		ours, theirs = theirs, ours
	}
	ours()
	theirs()
}
