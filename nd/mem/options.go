package mem

// Option configures an Arena or a Pool.
type Option func(*options)

type options struct {
	heap  bool
	guard bool
}

// HeapBacked makes an Arena or Pool take its memory from the Go heap (one
// make'd slab) instead of an anonymous mmap. The race detector and checkptr
// can see such memory, so tests under -race use it; it also serves where
// mmap is unavailable. It cannot be combined with Guard.
func HeapBacked() Option { return func(o *options) { o.heap = true } }

// Guard makes released memory fault instead of being reused: when an Arena
// is Reset or Released, or a Pool Closed, its memory is given back to the OS
// (MADV_DONTNEED) and mapped PROT_NONE, and its addresses are never mapped
// again, so a stale slice read or written afterwards faults (see
// runtime/debug.SetPanicOnFault) rather than seeing someone else's data.
// The price is address space (not memory) that is never returned and, for
// an Arena, a fresh mapping on every Reset. Guard needs mmap.
func Guard() Option { return func(o *options) { o.guard = true } }

func buildOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
