package mem_test

import (
	"errors"
	"math"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// TestCacheOptimizedHugeRequest is the review's case: with a prefetch
// distance of 128 bytes, size+pad overflowed in ThreadSafe, so Alloc
// panicked and Realloc "succeeded" in place with a slice of 9.2e18 bytes
// over a 256-byte block, corrupting Stats.
func TestCacheOptimizedHugeRequest(t *testing.T) {
	co, err := mem.NewCacheOptimized(mem.CacheConfig{PrefetchDistance: 128})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { co.Close() })
	checked(t, co)
	b := mustAlloc(t, co, 100, 64)
	before := co.Stats()
	for _, size := range []int{math.MaxInt - 64, math.MaxInt - 128, math.MaxInt - 200, mem.MaxSize + 1} {
		if nb, err := co.Alloc(size, 64); !errors.Is(err, mem.ErrInvalidSize) {
			t.Errorf("Alloc(%d, 64): %d bytes, %v; want ErrInvalidSize", size, len(nb), err)
		}
		if nb, err := co.Realloc(b, size, 64); !errors.Is(err, mem.ErrInvalidSize) {
			t.Errorf("Realloc(b, %d, 64): %d bytes, %v; want ErrInvalidSize", size, len(nb), err)
		}
	}
	after := co.Stats()
	if after.Allocated != before.Allocated || after.Reserved != before.Reserved || after.Reallocs != before.Reallocs {
		t.Fatalf("refused requests changed the accounting: %v -> %v", before, after)
	}
	mustFree(t, co, b)
}

// TestNewCacheOptimizedBounds: a prefetch distance or an alignment past
// MaxSize is refused when the allocator is made, so size+pad+align cannot
// overflow later.
func TestNewCacheOptimizedBounds(t *testing.T) {
	for _, c := range []struct {
		cfg  mem.CacheConfig
		want error
	}{
		{mem.CacheConfig{PrefetchDistance: math.MaxInt}, mem.ErrInvalidSize},
		{mem.CacheConfig{PrefetchDistance: mem.MaxSize + 1}, mem.ErrInvalidSize},
		{mem.CacheConfig{PrefetchDistance: -1}, mem.ErrInvalidSize},
		{mem.CacheConfig{Alignment: mem.MaxSize << 1}, mem.ErrInvalidAlignment},
		{mem.CacheConfig{Alignment: 48}, mem.ErrInvalidAlignment},
	} {
		if co, err := mem.NewCacheOptimized(c.cfg); !errors.Is(err, c.want) {
			t.Errorf("NewCacheOptimized(%+v): %v, %v; want %v", c.cfg, co, err, c.want)
		}
	}
	co, err := mem.NewCacheOptimized(mem.CacheConfig{PrefetchDistance: mem.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	defer co.Close()
	if b, err := co.Alloc(64, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Alloc(64) with a MaxSize prefetch distance: %d bytes, %v; want ErrOutOfMemory", len(b), err)
	}
}

// TestNewIntelligentHugeThreshold: an arena threshold of math.MaxInt (no
// off-heap route) is a valid configuration; pool <= arena+1 overflowed.
func TestNewIntelligentHugeThreshold(t *testing.T) {
	in, err := mem.NewIntelligent(mem.IntelligentConfig{ArenaThreshold: math.MaxInt})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if route, _ := in.Route(1 << 30); route != "heap" {
		t.Fatalf("a GiB with no arena threshold goes to %s", route)
	}
}
