//go:build !linux

package main

import "time"

// processCPU cannot be read here; wall falls back to the wall clock.
func processCPU() (time.Duration, bool) { return 0, false }
