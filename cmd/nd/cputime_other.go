//go:build !unix

package main

import "time"

// cpuClock is wallClock where the process's CPU time cannot be read.
func cpuClock() time.Duration { return wallClock() }
