package mem

// Option configures an Arena or a Pool.
type Option func(*options)

type options struct {
	heap   bool
	guard  bool
	zeroed bool
}

// HeapBacked makes an Arena or Pool take its memory from the Go heap (one
// make'd slab) instead of an anonymous mmap. The race detector and checkptr
// can see such memory, so tests under -race use it; it also serves where
// mmap is unavailable. It cannot be combined with Guard.
func HeapBacked() Option { return func(o *options) { o.heap = true } }

// Guard makes released memory fault instead of being reused: when an Arena
// is Reset or Closed, or a Pool Closed, its memory is given back to the OS
// (MADV_DONTNEED) and mapped PROT_NONE, and its addresses are never mapped
// again, so a stale slice read or written afterwards faults (see
// runtime/debug.SetPanicOnFault) rather than seeing someone else's data.
// Within a generation a guarded Arena never reuses the space of a freed
// block, and a guarded Pool quarantines each freed block (PROT_NONE, its
// stride rounded up to whole pages) until every other free block has been
// handed out since; a stale Free or Put is then ErrReleased or
// ErrDoubleFree instead of freeing someone else's block. The price is
// address space (not memory) that is never returned and, for an Arena, a
// fresh mapping on every Reset. Guard needs mmap.
func Guard() Option { return func(o *options) { o.guard = true } }

// Zeroed makes an Arena or Pool hand out zeroed memory, as System's
// AllocZeroed does.
// Without it, Alloc, Get and the growth of a Realloc return memory whose
// contents are unspecified: zeros where the memory is fresh, and whatever
// was last written there where it is reused (after an arena's Reset or the
// Free of its last block, after a Pool's Put). Zeroed costs a clear of
// every reused byte handed out, which for large blocks dominates the
// allocation itself (the arena clears only bytes written before, and
// clears them outside its lock); callers that write every byte they take,
// as nd.Empty's users do, should leave it off, and nd.Zeros clears on its
// own.
func Zeroed() Option { return func(o *options) { o.zeroed = true } }

func buildOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
