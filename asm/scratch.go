package asm

import (
	"sync"
	"unsafe"
)

// scratchLen is the length of a chunk buffer: the largest chunk a kernel
// driver (trig, pow) runs at a time.
const scratchLen = max(trigChunk, powChunk)

// scratchPools hold the chunk buffers of float32 ([0]) and float64 ([1])
// kernels run in place.
var scratchPools [2]sync.Pool

// withScratch calls f with a buffer of n elements (n at most scratchLen)
// for a kernel whose output overlaps an input it must read again after
// the kernel ran. The kernel is a func value, so a buffer on the stack
// would escape to the heap on every chunk (128 KiB of garbage a chunk);
// pooled, steady-state calls allocate nothing.
func withScratch[T float32 | float64](n int, f func(buf []T)) {
	p := &scratchPools[unsafe.Sizeof(T(0))/8]
	b, ok := p.Get().(*[scratchLen]T)
	if !ok {
		b = new([scratchLen]T)
	}
	f(b[:n])
	p.Put(b)
}
