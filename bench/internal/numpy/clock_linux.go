package numpy

import (
	"syscall"
	"time"
	"unsafe"
)

// The CPU-time clocks cpuTime reads.
const (
	processClock = 2 // CLOCK_PROCESS_CPUTIME_ID
	threadClock  = 3 // CLOCK_THREAD_CPUTIME_ID
)

// cpuTime is the CPU time the process or the calling OS thread has used,
// by clock, or false where it cannot be read.
func cpuTime(clock uintptr) (time.Duration, bool) {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clock, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
