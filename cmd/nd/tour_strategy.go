package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// tourStrategy routes the guide's three sizes through an Intelligent
// allocator, printing where each went and why, then times ThreadSafe's
// Alloc+Free beside sync.Pool and the arena's lock.
func tourStrategy(_ context.Context, w io.Writer, cfg tourConfig) error {
	cache := mem.NewCacheAware(mem.CacheConfig{})
	intel, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithCacheAwareness(cache), mem.WithNUMAAwareness(nil))
	if err != nil {
		return err
	}
	defer intel.Close()
	fmt.Fprintf(w, "   mem.NewIntelligent(IntelligentConfig{}) (the guide's thresholds: pools below %d B, off-heap above %d B)\n",
		mem.DefaultPoolThreshold, mem.DefaultArenaThreshold)
	fmt.Fprintf(w, "   cache awareness: every buffer aligned to %d B (%s)\n", cache.Alignment(1), cache.Sources())
	fmt.Fprintf(w, "   NUMA awareness: %s\n", intel.NUMA().Reason)
	for _, size := range []int{1024, 128 << 10, 10 << 20} {
		b, err := intel.Alloc(size, 8)
		if err != nil {
			return err
		}
		route, why := intel.Route(size)
		rs := intel.RouteStats()
		live := map[string]int64{"pool": rs.Pool.Allocated, "heap": rs.Heap.Allocated, "off-heap": rs.OffHeap.Allocated, "numa": rs.NUMA.Allocated}[route]
		fmt.Fprintf(w, "   %8d B -> %-8s (route now holds %d B, address %% %d = %d): %s\n",
			size, route, live, cache.Alignment(1), addr(b)%uintptr(cache.Alignment(1)), why)
		if live != int64(size) {
			return fmt.Errorf("%d B went elsewhere than the %s route", size, route)
		}
		if err := intel.Free(b); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "   after the Frees: %v\n", intel.Stats())

	ts := mem.NewThreadSafe()
	defer ts.Close()
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		return err
	}
	defer arena.Close()
	var pool sync.Pool
	const size = 1024
	var failed error
	times := sideBySide(cfg,
		func(n int) {
			for i := range n {
				b, err := ts.Alloc(size, 8)
				if err != nil {
					failed = err
					return
				}
				b[i&(size-1)] = 1
				if err := ts.Free(b); err != nil {
					failed = err
					return
				}
			}
		},
		func(n int) {
			for i := range n {
				p, _ := pool.Get().(*byte)
				if p == nil {
					p = unsafe.SliceData(make([]byte, size))
				}
				unsafe.Slice(p, size)[i&(size-1)] = 1
				pool.Put(p)
			}
		},
		func(n int) {
			for i := range n {
				b, err := arena.Alloc(size, 8)
				if err != nil {
					failed = err
					return
				}
				b[i&(size-1)] = 1
				arena.Free(b) // the latest block: its space comes back
			}
		})
	if failed != nil {
		return failed
	}
	t := table(w)
	fmt.Fprintf(t, "   time / ThreadSafe's\t  per 1 KiB allocated and freed, one goroutine\n")
	for i, name := range []string{"mem.ThreadSafe Alloc+Free", "sync.Pool Get+Put", "mem.Arena Alloc+Free (its mutex)"} {
		fmt.Fprintf(t, "   %.2fx\t  %s\n", times[i].ratio(times[0]), name)
	}
	fmt.Fprintln(w, "   (ThreadSafe also keeps exact per-P counters and catches foreign and double frees; scaling across")
	fmt.Fprintln(w, "   goroutines: go test -bench ThreadSafe ./nd/mem)")
	return t.Flush()
}
