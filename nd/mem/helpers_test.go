package mem_test

import (
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mem/memtest"
)

// testAllocator is an allocator under test with everything the generic
// tests need.
type testAllocator interface {
	mem.Allocator
	mem.StatsReporter
}

// factory makes a fresh allocator for a test; maxSize is the largest
// request it can serve (0: no limit) and maxAlign the largest alignment.
// zeroed is set for allocators that promise zeroed memory (System, and
// arenas and pools made with Zeroed); the others only give zeros where the
// memory is fresh.
type factory struct {
	name     string
	new      func(t *testing.T) testAllocator
	maxSize  int
	maxAlign int
	zeroed   bool
}

// factories lists every allocator in every mode, arenas and pools with and
// without Zeroed. Under -race (or when heap is set) arenas and pools are
// heap-backed.
func factories(heap bool) []factory {
	var opts []mem.Option
	if heap || raceEnabled {
		opts = append(opts, mem.HeapBacked())
	}
	zeroed := append([]mem.Option{mem.Zeroed()}, opts...)
	arena := func(opts ...mem.Option) func(t *testing.T) testAllocator {
		return func(t *testing.T) testAllocator {
			a, err := mem.NewArena(64<<20, opts...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			return checked(t, a)
		}
	}
	pool := func(opts ...mem.Option) func(t *testing.T) testAllocator {
		return func(t *testing.T) testAllocator {
			p, err := mem.NewPool(8192, 2048, opts...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.Close() })
			return checked(t, p)
		}
	}
	fs := []factory{
		{name: "System", zeroed: true, new: func(t *testing.T) testAllocator { return checked(t, mem.NewSystem()) }},
		{name: "Arena", new: arena(opts...)},
		{name: "ZeroedArena", zeroed: true, new: arena(zeroed...)},
		{name: "Pool", maxSize: 8192, maxAlign: 4096, new: pool(opts...)},
		{name: "ZeroedPool", maxSize: 8192, maxAlign: 4096, zeroed: true, new: pool(zeroed...)},
		{name: "ThreadSafe", new: func(t *testing.T) testAllocator {
			ts := mem.NewThreadSafe()
			t.Cleanup(func() { ts.Close() })
			return checked(t, ts)
		}},
		{name: "Intelligent", new: func(t *testing.T) testAllocator {
			in, err := mem.NewIntelligent(mem.IntelligentConfig{PoolThreshold: 512, ArenaThreshold: 2048})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { in.Close() })
			return checked(t, in)
		}},
		{name: "CacheOptimized", new: func(t *testing.T) testAllocator {
			co, err := mem.NewCacheOptimized(mem.CacheConfig{Alignment: 32, PrefetchDistance: 64, HugePages: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { co.Close() })
			return checked(t, co)
		}},
		// A prefetch distance past every alignment the checks use: the
		// review's configuration, where size+pad overflowed.
		{name: "CacheOptimizedFar", new: func(t *testing.T) testAllocator {
			co, err := mem.NewCacheOptimized(mem.CacheConfig{PrefetchDistance: 128})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { co.Close() })
			return checked(t, co)
		}},
	}
	if !heap && !raceEnabled {
		fs = append(fs, factory{name: "GuardedArena", new: arena(mem.Guard())})
	}
	fs = append(fs, wrapperFactories(opts)...)
	return fs
}

// checked is memtest.Checked: the leak assertion every allocator test
// shares.
func checked[A testAllocator](t *testing.T, a A) A { return memtest.Checked(t, a) }

func addrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// The byte helpers the allocator tests share, from memtest.
var (
	mustAlloc = memtest.MustAlloc
	mustFree  = memtest.MustFree
	fill      = memtest.Fill
	allAre    = memtest.AllAre
)

func allZero(b []byte) bool { return allAre(b, 0) }
