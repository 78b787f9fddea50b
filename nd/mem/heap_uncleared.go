package mem

import "unsafe"

// mallocgc is the Go runtime's allocator, which the runtime keeps
// reachable by linkname with this signature (go.dev/issue/67401). With typ
// nil it allocates pointer-free memory, as make([]byte) does; with
// needzero false it leaves a large object's memory as it finds it.
//
//go:linkname mallocgc runtime.mallocgc
func mallocgc(size uintptr, typ unsafe.Pointer, needzero bool) unsafe.Pointer

// heapAllocUncleared returns n bytes of the Go heap, collected and traced
// as make's, without the runtime's clear: memory fresh from the kernel
// reads as zero, and a span the collector took back holds what its last
// object wrote (or zeros, where its pages were given back to the kernel).
// make clears such a span in full, faulting in again any page given back,
// before its caller writes it anyway (see ARCHITECTURE.md, "After a
// collection"). n is at least RecycleMin and at most a request of MaxSize
// with its alignment slack (System's callers checked the request); a
// length the machine cannot back ends the program, as an oversized make
// does.
func heapAllocUncleared(n int) []byte {
	return unsafe.Slice((*byte)(mallocgc(uintptr(n), nil, false)), n)
}
