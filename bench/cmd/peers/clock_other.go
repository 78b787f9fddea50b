//go:build !linux

package main

import "time"

// threadCPU reports false: the thread's CPU time is read on Linux only,
// and timeIt uses the wall clock elsewhere.
func threadCPU() (time.Duration, bool) { return 0, false }
