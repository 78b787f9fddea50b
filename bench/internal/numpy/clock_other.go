//go:build !linux

package numpy

import "time"

// The CPU-time clocks, read on Linux only.
const (
	processClock = 2
	threadClock  = 3
)

// cpuTime reports false: CPU time is read on Linux only, and Measure uses
// the wall clock elsewhere.
func cpuTime(uintptr) (time.Duration, bool) { return 0, false }
