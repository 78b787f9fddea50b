package mem_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// Every strategy is a Strategy, and the monitor is a pressure source.
var (
	_ mem.Strategy       = (*mem.Intelligent)(nil)
	_ mem.Strategy       = (*mem.CacheAware)(nil)
	_ mem.PressureSource = (*mem.Monitor)(nil)
)

// TestIntelligentGuideExample is the guide's intelligent_strategy_example.
func TestIntelligentGuideExample(t *testing.T) {
	s, err := mem.NewIntelligent(mem.IntelligentConfig{ArenaThreshold: 1024 * 1024, PoolThreshold: 4096},
		mem.WithCacheAwareness(nil), mem.WithNUMAAwareness(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	small, large, medium := 1024, 10*1024*1024, 128*1024
	if !s.ShouldUsePool(small) || !s.ShouldUseArena(large) || s.ShouldUseArena(medium) || s.ShouldUsePool(medium) {
		t.Fatal("the guide's routing assertions fail")
	}
	// The routes are real: each request lands where the strategy says.
	for _, c := range []struct {
		size  int
		route string
	}{{small, "pool"}, {medium, "heap"}, {large, "off-heap"}} {
		if r, why := s.Route(c.size); r != c.route || why == "" {
			t.Fatalf("Route(%d) = %q, want %q", c.size, r, c.route)
		}
		b := mustAlloc(t, s, c.size, 8)
		if addrOf(b)%uintptr(s.Alignment(1)) != 0 {
			t.Fatalf("cache awareness did not align %d B to %d", c.size, s.Alignment(1))
		}
		rs := s.RouteStats()
		got := map[string]int64{"pool": rs.Pool.Allocated, "heap": rs.Heap.Allocated, "off-heap": rs.OffHeap.Allocated}
		if got[c.route] != int64(c.size) {
			t.Fatalf("%d B: route stats %+v", c.size, got)
		}
		mustFree(t, s, b)
	}
	if st := s.NUMA(); st.Active || !strings.Contains(st.Reason, "nil") {
		t.Fatalf("NUMA with a nil placer: %+v", st)
	}
	if _, active := s.Strategy(); !active {
		t.Fatal("cache awareness requested but inactive")
	}
}

type fakePressure struct{ p atomic.Int32 }

func (f *fakePressure) CurrentPressure() mem.Pressure { return mem.Pressure(f.p.Load()) }

func TestIntelligentPressureAndBudget(t *testing.T) {
	src := &fakePressure{}
	s, err := mem.NewIntelligent(mem.IntelligentConfig{Budget: 10 << 10, Pressure: src})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checked(t, s)
	b := mustAlloc(t, s, 8<<10, 8)
	if s.CanAllocate(4<<10) || !s.CanAllocate(2<<10) {
		t.Fatal("CanAllocate ignores the budget")
	}
	if _, err := s.Alloc(4<<10, 8); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "budget") {
		t.Fatalf("over the budget: %v", err)
	}
	if _, err := s.Realloc(b, 12<<10, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Realloc over the budget: %v", err)
	}
	src.p.Store(int32(mem.Critical))
	if s.Pressure() != mem.Critical || s.CanAllocate(16) {
		t.Fatal("CanAllocate at critical pressure")
	}
	if _, err := s.Alloc(16, 8); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "critical") {
		t.Fatalf("Alloc at critical pressure: %v", err)
	}
	mustFree(t, s, b) // freeing is never refused
	src.p.Store(int32(mem.High))
	mustFree(t, s, mustAlloc(t, s, 16, 8))
	if st := s.Stats(); st.Failed != 3 {
		t.Fatalf("Failed %d, want 3 refusals: %v", st.Failed, st)
	}
	if _, err := mem.NewIntelligent(mem.IntelligentConfig{PoolThreshold: 1 << 30}); !errors.Is(err, mem.ErrInvalidSize) {
		t.Fatalf("pool threshold above the arena threshold: %v", err)
	}
}

// fakePlacer places on arenas standing in for NUMA nodes (this machine
// has one node; nd/numa provides the real placer).
type fakePlacer struct {
	nodes []*mem.Arena
	cur   int
}

func (f *fakePlacer) NodeCount() int   { return len(f.nodes) }
func (f *fakePlacer) CurrentNode() int { return f.cur }
func (f *fakePlacer) NodeAllocator(n int) (mem.Allocator, error) {
	if n < 0 || n >= len(f.nodes) {
		return nil, errors.New("no such node")
	}
	return f.nodes[n], nil
}

func TestIntelligentNUMA(t *testing.T) {
	f := &fakePlacer{}
	for range 2 {
		a, err := mem.NewArena(8 << 20)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		f.nodes = append(f.nodes, a)
	}
	s, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithNUMAAwareness(f))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st := s.NUMA(); !st.Active || st.Nodes != 2 {
		t.Fatalf("NUMA: %+v", st)
	}
	f.cur = 1
	b := mustAlloc(t, s, 2<<20, 64)
	if f.nodes[1].Allocated() != 2<<20 || f.nodes[0].Allocated() != 0 {
		t.Fatal("a large request did not go to the current node's allocator")
	}
	if s.RouteStats().NUMA.Allocated != 2<<20 {
		t.Fatalf("NUMA route stats: %v", s.RouteStats().NUMA)
	}
	// A node allocator's Reset invalidates what Intelligent handed out.
	g, ok := mem.GenerationalOf(s)
	if !ok {
		t.Fatal("Intelligent is not Generational")
	}
	gen := g.Generation()
	if err := g.CheckGeneration(gen); err != nil {
		t.Fatal(err)
	}
	mustFree(t, s, b)
	f.nodes[1].Reset()
	if err := g.CheckGeneration(gen); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("after a node's Reset: %v", err)
	}
	if _, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithNUMAAwareness(&fakePlacer{})); err == nil {
		t.Fatal("a placer with no nodes was accepted")
	}
}

// TestReleaseInvalidatesArrays: arrays made on Intelligent, ThreadSafe and
// CacheOptimized report ErrReleased once their allocator is released.
func TestReleaseInvalidatesArrays(t *testing.T) {
	intel, err := mem.NewIntelligent(mem.IntelligentConfig{})
	if err != nil {
		t.Fatal(err)
	}
	co, err := mem.NewCacheOptimized(mem.CacheConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []interface {
		mem.Allocator
		Close() error
	}{intel, mem.NewThreadSafe(), co} {
		x, err := nd.Zeros[float64]([]int{4, 4}, nd.With(a)) // 128 B: Intelligent's pool route
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Err(); err != nil {
			t.Fatalf("%T: live array: %v", a, err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err := x.Err(); !errors.Is(err, mem.ErrReleased) {
			t.Fatalf("%T: array after Close: %v", a, err)
		}
	}
}

// TestCacheAwareGuideExample is the guide's cache_aware_example: 32 for
// AVX2, and on AVX-512 64 (one whole cache line, see CacheAware).
func TestCacheAwareGuideExample(t *testing.T) {
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		s := mem.NewCacheAware(mem.CacheConfig{L1: 32 * 1024, L2: 256 * 1024, L3: 8 * 1024 * 1024})
		cpu.SetTier(prev)
		want := map[cpu.Tier]int{cpu.Generic: 16, cpu.AVX2: 32, cpu.AVX512: 64}[tier]
		if a64, a32 := s.Alignment(8), s.Alignment(4); a64 != want || a32 != want {
			t.Errorf("tier %v: alignment f64 %d f32 %d, want %d", tier, a64, a32, want)
		}
		if got := s.Alignment(16); got < 16 {
			t.Errorf("tier %v: complex128 alignment %d", tier, got)
		}
		if b := s.PreferredBlockSize(8); b != 256*1024/4 || b%64 != 0 {
			t.Errorf("tier %v: block %d B, want L2/4 = %d", tier, b, 256*1024/4)
		}
	}
	s := mem.NewCacheAware(mem.CacheConfig{})
	if s.L1() <= 0 || s.L2() < s.L1() || s.L3() < s.L2() || !strings.Contains(s.Sources(), "L2") {
		t.Fatalf("caches from cpuid: %v", s)
	}
	if !s.ShouldUsePool(s.L1()) || s.ShouldUsePool(s.L1()+1) || !s.ShouldUseArena(s.L2()+1) || s.Fragmentation() != 0 || !s.CanAllocate(1) || s.CanAllocate(0) {
		t.Fatalf("cache thresholds: %v", s)
	}
}

// TestCacheOptimizationGuideExample is the guide's
// cache_optimization_example.
func TestCacheOptimizationGuideExample(t *testing.T) {
	co, err := mem.NewCacheOptimized(mem.CacheConfig{PrefetchDistance: 64, Alignment: 32})
	if err != nil {
		t.Fatal(err)
	}
	defer co.Close()
	checked(t, co)
	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(co))
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsContiguous() || a.Layout() != nd.RowMajor || a.Addr()%32 != 0 {
		t.Fatalf("contiguous %v, layout %v, address %#x", a.IsContiguous(), a.Layout(), a.Addr())
	}
	if err := a.Free(); err != nil {
		t.Fatal(err)
	}
	b := mustAlloc(t, co, 100, 1)
	if addrOf(b)%32 != 0 || co.Stats().Reserved < 100+64 {
		t.Fatalf("100 B: address %#x, reserved %d (want room for 64 B of prefetch)", addrOf(b), co.Stats().Reserved)
	}
	// The prefetch room is the allocator's own: readable, and no other
	// buffer starts inside it.
	c := mustAlloc(t, co, 100, 1)
	room := unsafe.Slice(unsafe.SliceData(b), 164)
	_ = room[163]
	if p, q := addrOf(b), addrOf(c); q > p && q < p+164 {
		t.Fatal("the next buffer starts inside the prefetch room")
	}
	mustFree(t, co, b)
	mustFree(t, co, c)
	for _, bad := range []mem.CacheConfig{{Alignment: 24}, {PrefetchDistance: -1}} {
		if _, err := mem.NewCacheOptimized(bad); err == nil {
			t.Errorf("NewCacheOptimized(%+v) accepted", bad)
		}
	}
}

// chooseAllocator is the guide's choose_allocator_example.
func chooseAllocator(operation string, dataSize int) (mem.Allocator, error) {
	switch operation {
	case "temporary":
		return mem.NewArena(dataSize * 2)
	case "streaming":
		return mem.NewPool(4096, 1000)
	case "persistent":
		return mem.NewSystem(), nil
	}
	// Use the intelligent strategy as default.
	return mem.NewIntelligent(mem.IntelligentConfig{})
}

func TestChooseAllocatorDefault(t *testing.T) {
	a, err := chooseAllocator("anything else", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	in, ok := a.(*mem.Intelligent)
	if !ok {
		t.Fatalf("default branch gave %T", a)
	}
	defer in.Close()
	checked(t, in)
	x, err := nd.Ones[float64]([]int{500, 500}, nd.With(a)) // 2 MB: off-heap route
	if err != nil {
		t.Fatal(err)
	}
	if in.RouteStats().OffHeap.Allocated != 500*500*8 {
		t.Fatalf("route stats: %+v", in.RouteStats())
	}
	if err := x.Free(); err != nil {
		t.Fatal(err)
	}
}

// Every strategy satisfies Strategy.
var (
	_ mem.Strategy = (*mem.CacheAware)(nil)
	_ mem.Strategy = (*mem.CacheOptimized)(nil)
	_ mem.Strategy = (*mem.Intelligent)(nil)
)

// fixedStrategy advises a fixed alignment and refuses requests above max.
type fixedStrategy struct {
	mem.Strategy
	align, max int
}

func (f fixedStrategy) Alignment(int) int          { return f.align }
func (f fixedStrategy) PreferredBlockSize(int) int { return 12345 }
func (f fixedStrategy) CanAllocate(size int) bool  { return size <= f.max }

// TestIntelligentWithStrategy: a Strategy given to Intelligent aligns
// every buffer, answers its questions and vetoes requests.
func TestIntelligentWithStrategy(t *testing.T) {
	s := fixedStrategy{Strategy: mem.NewCacheAware(mem.CacheConfig{}), align: 512, max: 64 << 10}
	intel, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithStrategy(s))
	if err != nil {
		t.Fatal(err)
	}
	defer intel.Close()
	if got, active := intel.Strategy(); !active || got != mem.Strategy(s) {
		t.Fatalf("Strategy() = %v, %v", got, active)
	}
	if intel.Alignment(8) != 512 || intel.PreferredBlockSize(8) != 12345 {
		t.Fatalf("Alignment %d, PreferredBlockSize %d: not the strategy's", intel.Alignment(8), intel.PreferredBlockSize(8))
	}
	for _, size := range []int{100, 10 << 10} { // pool and heap routes
		b, err := intel.Alloc(size, 8)
		if err != nil {
			t.Fatal(err)
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(b))); p%512 != 0 {
			t.Errorf("Alloc(%d): address %#x not aligned to the strategy's 512", size, p)
		}
		mustFree(t, intel, b)
	}
	if _, err := intel.Alloc(128<<10, 8); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "strategy") {
		t.Fatalf("Alloc above the strategy's limit: %v, want ErrOutOfMemory naming the strategy", err)
	}
	if intel.CanAllocate(128 << 10) {
		t.Fatal("CanAllocate above the strategy's limit")
	}

	co, err := mem.NewCacheOptimized(mem.CacheConfig{Alignment: 256})
	if err != nil {
		t.Fatal(err)
	}
	if co.Alignment(8) != 256 || !co.CanAllocate(1) {
		t.Fatalf("CacheOptimized: Alignment %d, CanAllocate %v", co.Alignment(8), co.CanAllocate(1))
	}
	co.Close()
	if co.CanAllocate(1) {
		t.Fatal("CacheOptimized.CanAllocate after Close")
	}
}
