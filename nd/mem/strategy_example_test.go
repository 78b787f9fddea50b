package mem_test

import (
	"fmt"
	"sync"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func ExampleNewIntelligent() {
	intel, err := mem.NewIntelligent(mem.IntelligentConfig{
		ArenaThreshold: 1024 * 1024, // off-heap memory of its own above 1 MiB
		PoolThreshold:  4096,        // size-class pools below 4 KiB
	}, mem.WithCacheAwareness(nil), mem.WithNUMAAwareness(nil))
	if err != nil {
		panic(err)
	}
	defer intel.Close()

	for _, size := range []int{1024, 128 * 1024, 10 * 1024 * 1024} {
		route, _ := intel.Route(size)
		fmt.Printf("%8d B: pool %-5v arena %-5v -> %s\n", size, intel.ShouldUsePool(size), intel.ShouldUseArena(size), route)
	}
	fmt.Println("NUMA active:", intel.NUMA().Active)

	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(intel))
	if err != nil {
		panic(err)
	}
	fmt.Println("off-heap bytes live:", intel.RouteStats().OffHeap.Allocated)
	a.Free()
	// Output:
	//     1024 B: pool true  arena false -> pool
	//   131072 B: pool false arena false -> heap
	// 10485760 B: pool false arena true  -> off-heap
	// NUMA active: false
	// off-heap bytes live: 8000000
}

func ExampleNewCacheAware() {
	s := mem.NewCacheAware(mem.CacheConfig{
		L1: 32 * 1024,       // 32 KiB L1
		L2: 256 * 1024,      // 256 KiB L2
		L3: 8 * 1024 * 1024, // 8 MiB L3
	})
	// Alignment follows the SIMD tier in force: 32 for AVX2, 64 for AVX-512.
	fmt.Println("f64 alignment matches f32:", s.Alignment(8) == s.Alignment(4))
	fmt.Println("block:", s.PreferredBlockSize(8)/8, "float64 elements (a quarter of L2)")
	// Output:
	// f64 alignment matches f32: true
	// block: 8192 float64 elements (a quarter of L2)
}

func ExampleNewCacheOptimized() {
	co, err := mem.NewCacheOptimized(mem.CacheConfig{
		PrefetchDistance: 64, // room to read 64 bytes ahead
		Alignment:        32, // 32-byte alignment for AVX2
	})
	if err != nil {
		panic(err)
	}
	defer co.Close()

	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(co))
	if err != nil {
		panic(err)
	}
	defer a.Free()
	fmt.Println(a.IsContiguous(), a.Layout() == nd.RowMajor, a.Addr()%32)
	// Output:
	// true true 0
}

func ExampleNewThreadSafe() {
	ts := mem.NewThreadSafe()
	defer ts.Close()

	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { // goroutines share the allocator
			defer wg.Done()
			for j := range 100 {
				b, err := ts.Alloc((j+1)*1024, 8)
				if err != nil {
					panic(err)
				}
				b[0] = 1
				if err := ts.Free(b); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	s := ts.Stats()
	fmt.Println("allocated now:", s.Allocated, "bytes; allocs:", s.Allocs, "frees:", s.Frees)
	fmt.Println(mem.CheckLeaks(ts))
	// Output:
	// allocated now: 0 bytes; allocs: 400 frees: 400
	// <nil>
}
