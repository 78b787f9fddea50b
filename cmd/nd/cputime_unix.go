//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuClock is the CPU time the process has used, user and system, on
// every thread; it falls back to wallClock if the kernel will not say.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return wallClock()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
