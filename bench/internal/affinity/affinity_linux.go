package affinity

import (
	"math/bits"
	"syscall"
	"unsafe"
)

// First is the lowest CPU the calling OS thread may run on
// (sched_getaffinity), or -1 where that cannot be read.
func First() int {
	var mask [16]uint64 // 1024 CPUs
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask))); e != 0 {
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
	var old, mask [16]uint64 // 1024 CPUs
	if cpu < 0 || cpu >= 64*len(mask) {
		return func() {}
	}
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(old), uintptr(unsafe.Pointer(&old))); e != 0 {
		return func() {}
	}
	mask[cpu/64] = 1 << (cpu % 64)
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask))); e != 0 {
		return func() {}
	}
	return func() {
		syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(old), uintptr(unsafe.Pointer(&old)))
	}
}
