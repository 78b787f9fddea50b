package main

import (
	"syscall"
	"time"
	"unsafe"
)

// processCPU is the CPU time of the whole process, every thread
// (CLOCK_PROCESS_CPUTIME_ID): the timed goroutine's work, its page faults
// and the collector's workers, but not other processes' time slices.
func processCPU() (time.Duration, bool) {
	const clockProcessCPUTime = 2 // CLOCK_PROCESS_CPUTIME_ID
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
