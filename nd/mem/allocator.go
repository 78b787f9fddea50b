// Package mem provides numgo's allocators: the tracked Go-heap System
// allocator, the off-heap bump Arena with scoped lifetimes, the fixed-block
// Pool, and the instruments that report what they hold. It knows nothing of
// arrays; package nd builds arrays on any Allocator.
//
// Which to use:
//
//   - System (Default): the Go heap, aligned and tracked exactly; the safe
//     choice, and what the race detector can see. Its memory is zeroed,
//     except a large buffer reused after Free (see System).
//   - Arena: temporaries with one lifetime (a request, a step of an
//     algorithm). Allocation is a bump under a lock, costs no GC work, and
//     Reset or Close takes everything back at once; WithArena scopes one
//     to a function. Use after Reset or Close is detected through
//     Generational, and faults under Guard.
//   - Pool: many buffers of one size, taken and given back in any order in
//     O(1), with double and foreign Puts caught.
//
// Limits: System refuses, with ErrOutOfMemory naming the limit, a request
// of LimitCheckMin bytes or more that is larger than what is left under
// the tightest of MemAvailable, the cgroup's memory.max and memory.high (at
// every level up the hierarchy; v1's memory.limit_in_bytes) and
// GOMEMLIMIT: the Go heap would otherwise end the program. NewArena and
// NewPool map address space only; their pages commit when first touched,
// so a mapping larger than the memory available succeeds (the kernel's
// overcommit decides) and only what is used counts against the limits. An
// arena's capacity is the bound its Allocs enforce. numgo's count of the
// memory it holds off the Go heap (PressureReading.OffHeap, what
// AutoMemLimit subtracts) follows the same rule: an arena counts the part
// of its capacity it has handed out (its high-water mark, in 64 KiB steps,
// until Trim gives pages back), a pool the blocks up to the highest it has
// handed out, a mapped file its size; address space merely reserved never
// counts.
//
// Safety: memory taken back wholesale invalidates what was handed out.
// Arena's Reset and Close, and Pool's Close, change the allocator's
// generation (Generational); arrays check it on every operation and fail
// with ErrReleased, and element access panics naming the cause. Wrappers
// expose what they wrap (Wrapper), so the check sees through them. The raw
// Free and Put know a buffer by address and length only: a stale slice
// that coincides with a block handed out again frees that block (see
// Arena.Free and Pool). Guard closes that hole: released memory is mapped
// PROT_NONE and its addresses are not handed out again (an Arena maps a
// fresh region on each Reset and never reuses freed space; a Pool
// quarantines freed blocks), so a stale Free is an error and a stale
// access faults.
//
// Arena and Pool memory is anonymous mmap, off the Go heap (HeapBacked puts
// it on the heap, for -race). What they hand out is not cleared unless they
// are made with Zeroed: fresh memory reads as zero, reused memory holds what
// was written there before (see Allocator). Every allocator is safe for
// concurrent use, reports a full Stats snapshot, and returns errors that
// wrap the sentinels below and say what was asked and what was available. GCCycles counts GC
// cycles, to show the collector work an allocation pattern causes;
// NewContext and FromContext carry an allocator through a context.Context.
package mem

import "errors"

// Allocator hands out byte buffers and tracks how many bytes it has live.
// Every implementation is safe for concurrent use.
//
// Alloc returns a buffer of exactly size bytes (len == cap == size) whose
// first byte's address is a multiple of align. size must be in
// 1..MaxSize and align a power of two in 1..MaxSize; anything else fails
// with ErrInvalidSize or ErrInvalidAlignment (CheckRequest), before any
// arithmetic on the size. The buffer's contents are unspecified unless the
// allocator documents otherwise, as with C's malloc, Rust's alloc and
// NumPy's empty: a caller that needs zeros asks for them with AllocZeroed
// (at the lowest cost where the allocator implements ZeroedAllocator, as
// System and Arena do), clears the buffer, or picks an allocator that
// promises them (Arena and Pool with the Zeroed option; System below
// RecycleMin bytes). Free returns a buffer Alloc or Realloc gave; a buffer
// from elsewhere, or one freed twice, is an error and leaves the counters as
// they were. Realloc resizes a buffer, keeping its first
// min(len(b), newSize) bytes; bytes past the old length are unspecified
// in the same way.
type Allocator interface {
	Alloc(size, align int) ([]byte, error)
	Free(b []byte) error
	Realloc(b []byte, newSize, align int) ([]byte, error)
	// Allocated is the number of bytes live now (requested sizes).
	Allocated() int64
	// Peak is the highest Allocated since creation or the last ResetPeak.
	Peak() int64
	// ResetPeak sets Peak to the current Allocated.
	ResetPeak()
}

// StatsReporter is implemented by allocators that can give a full snapshot
// of their accounting. All of numgo's allocators implement it.
type StatsReporter interface {
	Stats() Stats
}

// Generational is implemented by allocators that can invalidate every
// buffer they handed out at once (an Arena's Reset and Close). A holder
// records Generation when it allocates and later asks CheckGeneration
// whether its memory is still valid; the check is one atomic load.
type Generational interface {
	// Generation returns the current generation; it changes on every Reset
	// and Close.
	Generation() uint64
	// CheckGeneration returns nil if memory allocated during generation gen
	// is still valid, or an error wrapping ErrReleased that names the cause
	// (reset or release) otherwise.
	CheckGeneration(gen uint64) error
}

// Wrapper is implemented by an allocator that serves its requests from
// another one, the way errors.Unwrap exposes a wrapped error: a logging,
// checking, fault-injecting or budget allocator, or a user's own.
//
// Unwrap returns the allocator that actually owns the memory handed out.
// Package nd follows the chain with GenerationalOf, so an array made through
// a wrapper of an Arena is invalidated by the Arena's Reset like one made on
// the Arena itself. A wrapper that does not implement Wrapper hides the
// allocator beneath it, and arrays made through it are never invalidated:
// every wrapper over memory that can be taken back wholesale must implement
// it (or Generational itself).
//
//	type logging struct{ inner mem.Allocator }
//	func (l *logging) Unwrap() mem.Allocator { return l.inner }
//
// The wrappers here (NewBudget, NewChecked, NewFaulty, WithLogging) panic
// when made over a nil allocator, naming the constructor: like a nil map
// write, it is a programming error, and it is reported where it is made
// rather than at the first Alloc. A wrapper that keeps accounting of its
// own (Budget, Checked) knows the buffers it handed out and refuses any
// other, the inner allocator's own included, with ErrForeign.
type Wrapper interface {
	Unwrap() Allocator
}

// GenerationalOf returns the Generational that governs the memory a hands
// out: a itself if it implements Generational, else the first allocator
// down its Unwrap chain that does. It reports false when none does (the
// memory is only ever given back one buffer at a time). A chain that loops
// back on itself is cut after 64 steps.
func GenerationalOf(a Allocator) (Generational, bool) { return As[Generational](a) }

// As returns the first allocator in a's chain (a itself, then down its
// Unwrap chain) that implements T, as errors.As finds an error in a chain;
// it reports false when none does. A chain that loops back on itself is
// cut after 64 steps.
//
//	if ro, ok := mem.As[nd.ReadOnlyAllocator](alloc); ok { ... }
func As[T any](a Allocator) (T, bool) {
	for range 64 {
		if t, ok := a.(T); ok {
			return t, true
		}
		w, ok := a.(Wrapper)
		if !ok {
			break
		}
		a = w.Unwrap()
	}
	var zero T
	return zero, false
}

// Sentinel errors. Errors returned by allocators wrap one of these and say
// what was asked and what was available.
var (
	// ErrOutOfMemory: the request does not fit in what the allocator has left.
	ErrOutOfMemory = errors.New("mem: out of memory")
	// ErrReleased: the memory belongs to an allocator that has been reset,
	// released or closed since it was handed out. Arrays report it on every
	// operation; a raw Free of such memory reports it where the allocator
	// can tell (an Arena recognizes a block whose header survived the Reset,
	// and under Guard every block from before it), and ErrForeign where it
	// cannot.
	ErrReleased = errors.New("mem: memory released")
	// ErrInvalidSize: a size that is zero, negative or above MaxSize.
	ErrInvalidSize = errors.New("mem: invalid size")
	// ErrInvalidAlignment: an alignment that is not a positive power of two.
	ErrInvalidAlignment = errors.New("mem: invalid alignment")
	// ErrForeign: a buffer this allocator did not hand out, an interior
	// slice of one, or a stale buffer the allocator cannot recognize.
	ErrForeign = errors.New("mem: buffer not from this allocator")
	// ErrDoubleFree: a buffer returned twice.
	ErrDoubleFree = errors.New("mem: buffer freed twice")
)
