//go:build !linux

package numpy

import "time"

// threadCPU reports false: the thread's CPU time is read on Linux only,
// and Measure uses the wall clock elsewhere.
func threadCPU() (time.Duration, bool) { return 0, false }
