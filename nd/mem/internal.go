package mem

import (
	"fmt"
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// addr returns the address of b's first byte (0 for a slice with no
// capacity).
func addr(b []byte) uintptr {
	if cap(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// MaxSize is the largest size, and the largest alignment, a numgo
// allocator accepts: 2^47 bytes (128 TiB, the user address space of x86-64
// with 4-level page tables) on 64-bit machines, 2^30 on 32-bit ones. No
// machine can serve more, and the bound leaves room above it: an allocator
// may add a header, padding and alignment slack (each at most MaxSize) to a
// checked size without overflowing an int.
const MaxSize = 1 << (30 + 17*(bits.UintSize/64))

// CheckRequest validates an Alloc or Realloc request as every numgo
// allocator does, for allocator implementers: size in 1..MaxSize and align
// a power of two in 1..MaxSize. Otherwise it returns an error wrapping
// ErrInvalidSize or ErrInvalidAlignment that names the call as owner.op,
// built only then (a valid request costs a few compares and allocates
// nothing). Check every request with it before any arithmetic on the size:
// sums of checked sizes and alignments cannot overflow.
//
//	if err := mem.CheckRequest("mypkg.Allocator", "Alloc", size, align); err != nil {
//		return nil, err
//	}
func CheckRequest(owner, op string, size, align int) error {
	if validRequest(size, align) {
		return nil
	}
	if !validAlign(align) {
		return fmt.Errorf("%w: %s.%s(%d, align %d): alignment must be a power of two in 1..%d", ErrInvalidAlignment, owner, op, size, align, MaxSize)
	}
	return fmt.Errorf("%w: %s.%s(%d, align %d): size must be in 1..%d", ErrInvalidSize, owner, op, size, align, MaxSize)
}

// validRequest reports whether CheckRequest accepts the request; it is
// cheap enough for an allocator's fast path.
func validRequest(size, align int) bool {
	return uint(size-1) < MaxSize && validAlign(align)
}

// validAlign reports whether align is a power of two in 1..MaxSize.
func validAlign(align int) bool { return uint(align-1) < MaxSize && align&(align-1) == 0 }

// storeMax raises v to x if x is larger, atomically: a peak counter.
func storeMax(v *atomic.Int64, x int64) {
	for {
		old := v.Load()
		if x <= old || v.CompareAndSwap(old, x) {
			return
		}
	}
}

// alignUp rounds x up to a multiple of align (a power of two).
func alignUp(x, align uintptr) uintptr { return (x + align - 1) &^ (align - 1) }

// counters is the accounting of an allocator that holds a lock around every
// call; its owner guards it.
type counters struct {
	s Stats
}

func (c *counters) alloc(size, reserved int) {
	c.s.Allocated += int64(size)
	c.s.Reserved += int64(reserved)
	c.s.TotalAllocated += int64(size)
	c.s.Allocs++
	c.s.Peak = max(c.s.Peak, c.s.Allocated)
}

func (c *counters) free(size, reserved int) {
	c.s.Allocated -= int64(size)
	c.s.Reserved -= int64(reserved)
	c.s.Frees++
}

// resize records a Realloc from oldSize to newSize bytes.
func (c *counters) resize(oldSize, newSize, oldReserved, newReserved int) {
	c.s.Allocated += int64(newSize - oldSize)
	c.s.Reserved += int64(newReserved - oldReserved)
	c.s.TotalAllocated += int64(newSize)
	c.s.Reallocs++
	c.s.Peak = max(c.s.Peak, c.s.Allocated)
}

// dropAll records that every live buffer was taken back at once (an arena's
// Reset or Close): they count as freed.
func (c *counters) dropAll() {
	c.s.Frees = c.s.Allocs
	c.s.Allocated = 0
	c.s.Reserved = 0
}

func (c *counters) resetPeak() { c.s.Peak = c.s.Allocated }

// heapAlloc makes n zeroed bytes on the Go heap, turning the runtime's
// panic for a length it cannot represent into an error wrapping
// ErrOutOfMemory. (A length the runtime accepts but the machine cannot
// back still ends the program, as any make does.)
func heapAlloc(n int) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%w: %d bytes from the Go heap: %v", ErrOutOfMemory, n, r)
		}
	}()
	return make([]byte, n), nil
}

// The contract every allocator here keeps.
var (
	_ interface {
		Allocator
		StatsReporter
	} = (*System)(nil)
	_ interface {
		Allocator
		StatsReporter
		Generational
	} = (*Arena)(nil)
	_ interface {
		Allocator
		StatsReporter
		Generational
	} = (*Pool)(nil)
)
