package mem

// ZeroedAllocator is implemented by an allocator that can hand out memory
// known to be zero without clearing what is already zero: memory fresh from
// the operating system or the Go runtime reads as zero, and only memory the
// allocator reuses needs a clear. nd.Zeros asks for it (through AllocZeroed)
// so that a large array of zeros costs what NumPy's calloc-backed zeros
// costs, nothing until its pages are first touched.
//
// AllocZeroed keeps Alloc's contract (sizes, alignment, errors, accounting:
// it counts as an Alloc) and adds one promise: every byte of the buffer is
// zero.
//
// System implements it (a buffer of 4 MiB or more is given back to the
// kernel where transparent huge pages are honoured; below that, make's
// zeroed memory, or a clear of a buffer it reuses), and so
// does Arena (fresh mappings read as zero; the part of a block that
// was written before a Reset or a Free is cleared). A wrapper that keeps
// accounting of its own does not forward it, since forwarding would bypass
// that accounting; AllocZeroed then falls back to Alloc and a clear.
type ZeroedAllocator interface {
	AllocZeroed(size, align int) ([]byte, error)
}

// AllocZeroed returns size zeroed bytes from a whose address is a multiple
// of align: a's own AllocZeroed when it implements ZeroedAllocator, else
// a.Alloc followed by a clear of the buffer. It is the way to ask any
// allocator for zeros at the lowest cost it can offer.
func AllocZeroed(a Allocator, size, align int) ([]byte, error) {
	if z, ok := a.(ZeroedAllocator); ok {
		return z.AllocZeroed(size, align)
	}
	b, err := a.Alloc(size, align)
	if err != nil {
		return nil, err
	}
	clear(b)
	return b, nil
}

// AllocZeroed is Alloc with a promise of zeros whatever the arena's
// options: memory never handed out before (a fresh mapping, or trimmed
// space) is left as it is, and only the part of the block that was written
// before (reused after Reset or after Free of the most recent block) is
// cleared, outside the lock.
func (a *Arena) AllocZeroed(size, align int) ([]byte, error) { return a.alloc(size, align, true) }

var (
	_ ZeroedAllocator = (*System)(nil)
	_ ZeroedAllocator = (*Arena)(nil)
)
