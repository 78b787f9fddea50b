package mem

import "fmt"

// CacheOptimized is the guide's CacheOptimizedAllocator: a ThreadSafe
// allocator whose buffers all start at the configured alignment (the cache
// line by default), keep PrefetchDistance bytes of the allocator's own
// memory after their end, and, with HugePages, ask the kernel for
// transparent huge pages on buffers of 2 MiB and more.
//
//	co, err := mem.NewCacheOptimized(mem.CacheConfig{Alignment: 32, PrefetchDistance: 64})
//	if err != nil { ... }
//	defer co.Close()
//	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(co)) // 32-byte aligned, row-major
//
// Huge pages are opt-in because their effect depends on the access:
// BenchmarkCacheOptimizedHugePages measures it on first touch and on a
// streaming copy (ARCHITECTURE.md has the figures). The kernel decides in
// the end: with transparent huge pages "never" the advice does nothing.
//
// Everything else (counters, checks, Close, Generation) is ThreadSafe's.
// Make one with NewCacheOptimized.
type CacheOptimized struct {
	*ThreadSafe
	cache *CacheAware
	align int
}

// hugePageSize is the size of an x86-64 transparent huge page.
const hugePageSize = 2 << 20

// NewCacheOptimized returns a CacheOptimized allocator for cfg: cache
// sizes as NewCacheAware fills them, Alignment (a power of two; 0: the
// cache line), PrefetchDistance (0 to MaxSize bytes) and HugePages. A bad
// alignment (not 0 nor a power of two up to MaxSize) fails with
// ErrInvalidAlignment, a distance out of range with ErrInvalidSize.
func NewCacheOptimized(cfg CacheConfig) (*CacheOptimized, error) {
	if a := cfg.Alignment; a != 0 && !validAlign(a) {
		return nil, fmt.Errorf("%w: NewCacheOptimized: alignment %d is not a power of two in 1..%d", ErrInvalidAlignment, a, MaxSize)
	}
	if d := cfg.PrefetchDistance; d < 0 || d > MaxSize {
		return nil, fmt.Errorf("%w: NewCacheOptimized: prefetch distance %d is not in 0..%d", ErrInvalidSize, d, MaxSize)
	}
	c := NewCacheAware(cfg)
	co := &CacheOptimized{cache: c, align: cfg.Alignment}
	if co.align == 0 {
		co.align = c.Line()
	}
	huge := 0
	if cfg.HugePages {
		huge = hugePageSize
	}
	co.ThreadSafe = newThreadSafe(cfg.PrefetchDistance, huge)
	co.ThreadSafe.owner = co
	return co, nil
}

// Alloc returns size bytes aligned to the larger of align and the
// allocator's alignment.
func (c *CacheOptimized) Alloc(size, align int) ([]byte, error) {
	return c.ThreadSafe.Alloc(size, c.alignment(align))
}

// alignment raises a valid align to the allocator's; an invalid one is
// left for ThreadSafe to report.
func (c *CacheOptimized) alignment(align int) int {
	if align > 0 && align&(align-1) == 0 {
		return max(align, c.align)
	}
	return align
}

// Realloc resizes b as ThreadSafe does, at the allocator's alignment at
// least.
func (c *CacheOptimized) Realloc(b []byte, newSize, align int) ([]byte, error) {
	return c.ThreadSafe.Realloc(b, newSize, c.alignment(align))
}

// Alignment returns the alignment every buffer starts at, whatever the
// element size (it is at least the cache line unless CacheConfig.Alignment
// set it lower).
func (c *CacheOptimized) Alignment(elemSize int) int { return c.align }

// A CacheOptimized allocator is also a Strategy (so Intelligent can take
// it with WithStrategy): Alignment is its own, Fragmentation its
// ThreadSafe's, and the other answers are its CacheAware's, except that
// CanAllocate also refuses once the allocator is closed.

// ShouldUseArena reports whether size exceeds L2 (see CacheAware).
func (c *CacheOptimized) ShouldUseArena(size int) bool { return c.cache.ShouldUseArena(size) }

// ShouldUsePool reports whether size fits in L1 (see CacheAware).
func (c *CacheOptimized) ShouldUsePool(size int) bool { return c.cache.ShouldUsePool(size) }

// PreferredBlockSize returns the cache strategy's block size (see
// CacheAware).
func (c *CacheOptimized) PreferredBlockSize(elemSize int) int {
	return c.cache.PreferredBlockSize(elemSize)
}

// CanAllocate reports whether size is positive, the allocator not closed
// and the pressure source, if any, below Critical.
func (c *CacheOptimized) CanAllocate(size int) bool {
	return c.state.Load()&1 == 0 && c.cache.CanAllocate(size)
}

// Pressure returns what the pressure source of the CacheConfig says, Low
// without one.
func (c *CacheOptimized) Pressure() Pressure { return c.cache.Pressure() }

// PrefetchDistance returns the bytes kept after every buffer.
func (c *CacheOptimized) PrefetchDistance() int { return c.pad }

// HugePages reports whether buffers of 2 MiB and more ask for huge pages.
func (c *CacheOptimized) HugePages() bool { return c.hugeFrom > 0 }

// Cache returns the cache strategy the allocator was made for.
func (c *CacheOptimized) Cache() *CacheAware { return c.cache }
