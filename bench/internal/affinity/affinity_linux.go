package affinity

import (
	"math/bits"
	"syscall"
	"unsafe"
)

// cpuMask is a sched_getaffinity/sched_setaffinity mask of 1024 CPUs.
type cpuMask [16]uint64

// affinity calls sched_getaffinity or sched_setaffinity (op) on the
// calling OS thread with m and reports whether it succeeded.
func affinity(op uintptr, m *cpuMask) bool {
	_, _, e := syscall.RawSyscall(op, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	return e == 0
}

// First is the lowest CPU the calling OS thread may run on
// (sched_getaffinity), or -1 where that cannot be read.
func First() int {
	var mask cpuMask
	if !affinity(syscall.SYS_SCHED_GETAFFINITY, &mask) {
		return -1
	}
	for i, w := range mask {
		if w != 0 {
			return 64*i + bits.TrailingZeros64(w)
		}
	}
	return -1
}

// Pin binds the calling OS thread to cpu (sched_setaffinity) and returns
// a function that restores the CPUs it was allowed before; it does nothing
// where cpu is negative or the calls fail. The caller has locked its
// goroutine to its thread (runtime.LockOSThread).
func Pin(cpu int) (restore func()) {
	var old, mask cpuMask
	if cpu < 0 || cpu >= 64*len(mask) || !affinity(syscall.SYS_SCHED_GETAFFINITY, &old) {
		return func() {}
	}
	mask[cpu/64] = 1 << (cpu % 64)
	if !affinity(syscall.SYS_SCHED_SETAFFINITY, &mask) {
		return func() {}
	}
	return func() { affinity(syscall.SYS_SCHED_SETAFFINITY, &old) }
}
