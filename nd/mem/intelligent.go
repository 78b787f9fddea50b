package mem

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"

	"github.com/numgo/numgo/internal/errtext"
)

// IntelligentConfig sets the thresholds, budget and pressure source of an
// Intelligent allocator. The zero value uses the guide's thresholds and no
// budget or pressure source.
type IntelligentConfig struct {
	// PoolThreshold: requests below it go to size-class pools. 0 means
	// 4 KiB, the guide's with_pool_threshold(4096).
	PoolThreshold int
	// ArenaThreshold: requests above it get off-heap memory of their own,
	// returned to the OS on Free. 0 means 1 MiB, the guide's
	// with_arena_threshold(1024 * 1024).
	ArenaThreshold int
	// Budget is the most bytes live at once; a request that would exceed
	// it fails with ErrOutOfMemory. 0 means no budget.
	Budget int64
	// Pressure, if set, is asked before every allocation (a mem.Monitor,
	// or anything with CurrentPressure); at Critical, Alloc and
	// CanAllocate refuse. nil means no pressure signal: nothing is refused
	// for pressure.
	Pressure PressureSource
}

// Guide defaults for IntelligentConfig.
const (
	DefaultPoolThreshold  = 4 << 10
	DefaultArenaThreshold = 1 << 20
)

// NodePlacer is what Intelligent needs from a NUMA placement policy: the
// number of nodes, the node the calling goroutine runs on, and an
// allocator whose memory lives on a given node. Package numa's Strategy
// implements it (package mem cannot import numa, which builds on it).
type NodePlacer interface {
	NodeCount() int
	CurrentNode() int
	NodeAllocator(node int) (Allocator, error)
}

// IntelligentOption turns on one of Intelligent's awareness features.
type IntelligentOption func(*Intelligent)

// WithCacheAwareness makes Intelligent allocate for the cache hierarchy c
// describes (nil: the CPU's, from cpuid): it is WithStrategy(c), so every
// buffer is aligned to at least c.Alignment(1), the vector width of the
// SIMD tier in force (see CacheAware). Without it, buffers get the
// alignment asked for; the strategy's Alignment and PreferredBlockSize
// answer from the CPU's caches either way.
func WithCacheAwareness(c *CacheAware) IntelligentOption {
	if c == nil {
		return func(i *Intelligent) { i.advice, i.adviceActive = NewCacheAware(CacheConfig{}), true }
	}
	return WithStrategy(c)
}

// WithStrategy makes Intelligent take advice from s, any Strategy (a
// CacheAware, a CacheOptimized, another Intelligent, or the caller's own):
// every buffer is aligned to at least s.Alignment(1); Alignment and
// PreferredBlockSize answer what s answers; and a request s refuses
// (CanAllocate false) is refused with ErrOutOfMemory, as Intelligent's own
// pressure and budget refuse one. Routing stays Intelligent's: its
// thresholds decide between pool, heap and off-heap. A nil s leaves the
// advice as it was. The last of WithStrategy and WithCacheAwareness given
// wins.
func WithStrategy(s Strategy) IntelligentOption {
	return func(i *Intelligent) {
		if s != nil {
			i.advice, i.adviceActive = s, true
		}
	}
}

// WithNUMAAwareness routes requests above the arena threshold to the
// allocator of the node the calling goroutine runs on, as p places them.
// With a nil p NUMA awareness stays off, and says so: NUMA reports it
// inactive with the reason.
func WithNUMAAwareness(p NodePlacer) IntelligentOption {
	return func(i *Intelligent) {
		i.placer = p
		if p == nil {
			i.numaWhy = "WithNUMAAwareness(nil): no NodePlacer given (numa.NewStrategy makes one); large requests get plain off-heap memory"
		}
	}
}

// NUMAStatus says whether an Intelligent allocator places large requests
// on NUMA nodes, on how many, and why not when it does not.
type NUMAStatus struct {
	Active bool
	Nodes  int
	Reason string
}

// RouteStats is the accounting of each of an Intelligent allocator's
// routes.
type RouteStats struct {
	// Pool: requests below the pool threshold, in size classes.
	Pool Stats
	// Heap: requests between the thresholds, on the Go heap.
	Heap Stats
	// OffHeap: requests above the arena threshold, each its own mapping.
	OffHeap Stats
	// NUMA: requests above the arena threshold placed on a node.
	NUMA Stats
}

// Intelligent is both a Strategy and an Allocator that routes each
// request by size, as the guide's IntelligentAllocationStrategy:
//
//   - below PoolThreshold (default 4 KiB): size-class pools, O(1) (a
//     ThreadSafe allocator's per-P caches);
//
//   - above ArenaThreshold (default 1 MiB): memory of its own off the Go
//     heap (anonymous mmap), given back to the OS on Free; these are the
//     buffers Go's own arena experiment leaves to the heap. With NUMA
//     awareness, the current node's allocator serves them instead;
//
//   - in between: the Go heap (a System allocator).
//
// For example:
//
//	intel, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithCacheAwareness(nil))
//	if err != nil { ... }
//	defer intel.Close()
//	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(intel)) // 8 MB: off-heap
//
// Free finds the route from the address (the pools' and the off-heap
// chunks' page map, then the NUMA records, then the heap's). Stats sums
// the routes and RouteStats gives each. Alloc and CanAllocate refuse with
// ErrOutOfMemory while the pressure source says Critical or when the
// budget would be exceeded. Allocated and Peak are kept in two atomic
// counters shared by every goroutine (exact under concurrency); for an
// allocator that scales with cores use ThreadSafe directly.
//
// Close gives the pools and the off-heap buffers back to the OS and
// invalidates what was allocated (see Generational); Go-heap buffers stay
// with the collector. An Intelligent allocator is safe for concurrent use,
// except Close. Make one with NewIntelligent (IntelligentConfig's zero
// value gives the guide's defaults); the zero Intelligent has no routes.
type Intelligent struct {
	cfg   IntelligentConfig
	small *ThreadSafe
	large *ThreadSafe
	heap  *System
	// advice answers Alignment and PreferredBlockSize; with adviceActive
	// (WithStrategy) it also aligns every buffer and may refuse requests.
	advice       Strategy
	adviceActive bool

	placer   NodePlacer
	nodes    []Allocator
	numaWhy  string
	numaMu   sync.Mutex
	numaAt   map[uintptr]Allocator
	numaC    tsCounts
	numaGone recentFrees // NUMA buffers freed, to tell a second Free

	allocated, peak, failed atomic.Int64
	moved                   atomic.Int64 // Reallocs that moved between routes (counted as such, not as an Alloc and a Free)
	state                   atomic.Uint64
}

// NewIntelligent returns an Intelligent allocator for cfg with the options
// given. It fails with ErrInvalidSize for negative thresholds or budget,
// or a pool threshold above the arena threshold, and with the placer's
// error when a NUMA node's allocator cannot be had.
func NewIntelligent(cfg IntelligentConfig, opts ...IntelligentOption) (*Intelligent, error) {
	if cfg.PoolThreshold == 0 {
		cfg.PoolThreshold = DefaultPoolThreshold
	}
	if cfg.ArenaThreshold == 0 {
		cfg.ArenaThreshold = DefaultArenaThreshold
	}
	if cfg.PoolThreshold < 0 || cfg.ArenaThreshold < 0 || cfg.Budget < 0 || cfg.PoolThreshold-1 > cfg.ArenaThreshold {
		return nil, fmt.Errorf("%w: NewIntelligent: pool threshold %d, arena threshold %d, budget %d: want non-negative values and pool <= arena",
			ErrInvalidSize, cfg.PoolThreshold, cfg.ArenaThreshold, cfg.Budget)
	}
	i := &Intelligent{cfg: cfg, small: NewThreadSafe(), large: NewThreadSafe(), heap: NewSystem(),
		numaWhy: "NUMA awareness not requested (WithNUMAAwareness)"}
	for _, o := range opts {
		o(i)
	}
	if i.advice == nil {
		i.advice = NewCacheAware(CacheConfig{})
	}
	if i.placer != nil {
		n := i.placer.NodeCount()
		if n <= 0 {
			return nil, fmt.Errorf("mem: NewIntelligent: the NodePlacer reports %d NUMA nodes", n)
		}
		for node := range n {
			a, err := i.placer.NodeAllocator(node)
			if err == nil && a == nil {
				err = fs.ErrInvalid
			}
			if err != nil {
				return nil, errtext.Wrap(err, "mem", "NewIntelligent: allocator for NUMA node %d", node)
			}
			i.nodes = append(i.nodes, a)
		}
		i.numaAt = make(map[uintptr]Allocator)
		i.numaWhy = fmt.Sprintf("requests above %d B go to the allocator of the node the goroutine runs on", cfg.ArenaThreshold)
		if n == 1 {
			i.numaWhy += " (one node: placement changes nothing here)"
		}
	}
	return i, nil
}

// NUMA reports whether large requests are placed on NUMA nodes, and why
// or why not.
func (i *Intelligent) NUMA() NUMAStatus {
	return NUMAStatus{Active: len(i.nodes) > 0, Nodes: len(i.nodes), Reason: i.numaWhy}
}

// Strategy returns the strategy Intelligent answers Alignment and
// PreferredBlockSize from (a CacheAware for the CPU's caches unless
// WithStrategy or WithCacheAwareness gave one), and whether allocation
// acts on it (it does when one was given).
func (i *Intelligent) Strategy() (s Strategy, active bool) { return i.advice, i.adviceActive }

// Route says which route a request of size bytes takes and why.
func (i *Intelligent) Route(size int) (route, why string) {
	switch {
	case i.ShouldUsePool(size):
		return "pool", fmt.Sprintf("%d B is below the pool threshold of %d B: a size-class block, O(1)", size, i.cfg.PoolThreshold)
	case i.ShouldUseArena(size) && len(i.nodes) > 0:
		return "numa", fmt.Sprintf("%d B is above the arena threshold of %d B: the current NUMA node's allocator", size, i.cfg.ArenaThreshold)
	case i.ShouldUseArena(size):
		return "off-heap", fmt.Sprintf("%d B is above the arena threshold of %d B: a mapping of its own off the Go heap, unmapped on Free", size, i.cfg.ArenaThreshold)
	}
	return "heap", fmt.Sprintf("%d B is between the thresholds (%d B, %d B]: the Go heap", size, i.cfg.PoolThreshold, i.cfg.ArenaThreshold)
}

// ShouldUseArena reports whether size is above the arena threshold.
func (i *Intelligent) ShouldUseArena(size int) bool { return size > i.cfg.ArenaThreshold }

// ShouldUsePool reports whether size is positive and below the pool
// threshold.
func (i *Intelligent) ShouldUsePool(size int) bool { return size > 0 && size < i.cfg.PoolThreshold }

// Alignment returns the advising strategy's alignment for elemSize-byte
// elements (see Strategy).
func (i *Intelligent) Alignment(elemSize int) int { return i.advice.Alignment(elemSize) }

// PreferredBlockSize returns the advising strategy's block size (see
// Strategy).
func (i *Intelligent) PreferredBlockSize(elemSize int) int {
	return i.advice.PreferredBlockSize(elemSize)
}

// Fragmentation returns the pools' fragmentation (see
// ThreadSafe.Fragmentation): the other routes hold no memory that is not
// in use.
func (i *Intelligent) Fragmentation() float64 { return i.small.Fragmentation() }

// Pressure returns what the pressure source says, Low without one.
func (i *Intelligent) Pressure() Pressure { return pressureOf(i.cfg.Pressure) }

// CanAllocate reports whether Alloc(size, 1) would be granted as far as
// pressure and budget go: size valid, the allocator not released, the
// pressure below Critical and the budget not exceeded.
func (i *Intelligent) CanAllocate(size int) bool {
	return validRequest(size, 1) && i.refuse("CanAllocate", size) == nil
}

// refuse returns why a valid request of size bytes must be refused before
// any route is tried, or nil.
func (i *Intelligent) refuse(op string, size int) error {
	if i.state.Load()&1 != 0 {
		return fmt.Errorf("%w: Intelligent.%s(%d): allocator was released", ErrReleased, op, size)
	}
	if p := i.Pressure(); p >= Critical {
		return fmt.Errorf("%w: Intelligent.%s(%d): memory pressure is %v, new allocations are refused", ErrOutOfMemory, op, size, p)
	}
	if i.adviceActive && !i.advice.CanAllocate(size) {
		return fmt.Errorf("%w: Intelligent.%s(%d): the strategy given (%T) refuses it", ErrOutOfMemory, op, size, i.advice)
	}
	if b := i.cfg.Budget; b > 0 {
		if live := i.allocated.Load(); live+int64(size) > b {
			return fmt.Errorf("%w: Intelligent.%s(%d): budget of %d B, %d B live", ErrOutOfMemory, op, size, b, live)
		}
	}
	return nil
}

// Alloc routes a request of size bytes aligned to align (see Intelligent).
// Contents are unspecified, except on the heap route (zero).
func (i *Intelligent) Alloc(size, align int) ([]byte, error) {
	if err := CheckRequest("Intelligent", "Alloc", size, align); err != nil {
		i.failed.Add(1)
		return nil, err
	}
	if err := i.reserve("Alloc", size); err != nil {
		return nil, err
	}
	b, err := i.alloc(size, align)
	if err != nil {
		i.allocated.Add(-int64(size))
		return nil, err
	}
	i.grow()
	return b, nil
}

// reserve counts size bytes as allocated if pressure and budget allow;
// the caller gives them back if the route then fails.
func (i *Intelligent) reserve(op string, size int) error {
	if err := i.refuse(op, size); err != nil {
		i.failed.Add(1)
		return err
	}
	now := i.allocated.Add(int64(size))
	if b := i.cfg.Budget; b > 0 && now > b { // lost a race for the last of the budget
		i.allocated.Add(-int64(size))
		i.failed.Add(1)
		return fmt.Errorf("%w: Intelligent.%s(%d): budget of %d B, %d B live", ErrOutOfMemory, op, size, b, now-int64(size))
	}
	return nil
}

// grow raises Peak to Allocated if needed.
func (i *Intelligent) grow() { storeMax(&i.peak, i.allocated.Load()) }

// alloc serves a request on its route.
func (i *Intelligent) alloc(size, align int) ([]byte, error) {
	if i.adviceActive {
		align = max(align, i.advice.Alignment(1))
	}
	switch {
	case i.ShouldUsePool(size):
		return i.small.Alloc(size, align)
	case !i.ShouldUseArena(size):
		return i.heap.Alloc(size, align)
	case len(i.nodes) > 0:
		node := i.placer.CurrentNode()
		if node < 0 || node >= len(i.nodes) {
			node = 0 // a node the placer did not report at the start
		}
		a := i.nodes[node]
		b, err := a.Alloc(size, align)
		if err != nil {
			return nil, fmt.Errorf("Intelligent: NUMA node %d: %w", node, err)
		}
		i.numaMu.Lock()
		i.numaAt[addr(b)] = a
		i.numaGone.reused(addr(b))
		i.numaC.allocs++
		i.numaC.total += int64(size)
		i.numaC.allocated += int64(size)
		i.numaC.reserved += int64(size)
		i.numaMu.Unlock()
		return b, nil
	}
	b, _, err := i.large.allocLarge("Alloc", size, align, true)
	return b, err
}

// route returns the route that handed out b: "pool", "off-heap", "numa"
// or, for anything else, "heap" (whose Free tells a foreign buffer). A
// buffer of another route already freed, whose addresses hold no live heap
// buffer now, goes to the off-heap route, which reports the double Free,
// or for a NUMA buffer to none: the route is "numa" and the allocator nil.
func (i *Intelligent) route(b []byte) (string, Allocator) {
	p := addr(b)
	switch holderOf(p) {
	case i.small.id:
		return "pool", i.small
	case i.large.id:
		return "off-heap", i.large
	}
	var numaGone bool
	if i.numaAt != nil {
		i.numaMu.Lock()
		a := i.numaAt[p]
		_, numaGone = i.numaGone.find(p)
		i.numaMu.Unlock()
		if a != nil {
			return "numa", a
		}
	}
	if gone := i.large.freedLarge(p); (gone || numaGone) && !i.heap.live(b) {
		if gone {
			return "off-heap", i.large
		}
		return "numa", nil
	}
	return "heap", i.heap
}

// Free gives b back to the route that handed it out.
func (i *Intelligent) Free(b []byte) error {
	if i.state.Load()&1 != 0 {
		return fmt.Errorf("%w: Intelligent.Free: allocator was released", ErrReleased)
	}
	route, a := i.route(b)
	if err := i.freeOn(route, a, b); err != nil {
		return err
	}
	i.allocated.Add(-int64(cap(b)))
	return nil
}

// freeOn frees b on its route, keeping the NUMA records; a nil a is a
// NUMA buffer freed already.
func (i *Intelligent) freeOn(route string, a Allocator, b []byte) error {
	if a == nil {
		return fmt.Errorf("%w: Intelligent.Free of %d bytes at %#x (NUMA route)", ErrDoubleFree, cap(b), addr(b))
	}
	if err := a.Free(b); err != nil {
		return err
	}
	if route == "numa" {
		i.numaMu.Lock()
		delete(i.numaAt, addr(b))
		i.numaGone.add(addr(b), false)
		i.numaC.frees++
		i.numaC.allocated -= int64(cap(b))
		i.numaC.reserved -= int64(cap(b))
		i.numaMu.Unlock()
	}
	return nil
}

// Realloc resizes b, keeping its first min(len(b), newSize) bytes. Within
// one route the route resizes it; across routes (a buffer growing past a
// threshold) the contents move to a buffer on the new route. Growth is
// refused, as Alloc is, under critical pressure or beyond the budget. An
// empty b makes Realloc an Alloc.
func (i *Intelligent) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return i.Alloc(newSize, align)
	}
	if err := CheckRequest("Intelligent", "Realloc", newSize, align); err != nil {
		i.failed.Add(1)
		return nil, err
	}
	if i.state.Load()&1 != 0 {
		i.failed.Add(1)
		return nil, fmt.Errorf("%w: Intelligent.Realloc: allocator was released", ErrReleased)
	}
	old := cap(b)
	grow := int64(max(newSize-old, 0))
	if grow > 0 {
		if err := i.reserve("Realloc", int(grow)); err != nil {
			return nil, err
		}
	}
	nb, err := i.realloc(b, newSize, align)
	if err != nil {
		i.allocated.Add(-grow)
		return nil, err
	}
	i.allocated.Add(int64(newSize-old) - grow)
	i.grow()
	return nb, nil
}

func (i *Intelligent) realloc(b []byte, newSize, align int) ([]byte, error) {
	route, a := i.route(b)
	if want, _ := i.Route(newSize); route == want && route != "numa" {
		if i.adviceActive {
			align = max(align, i.advice.Alignment(1))
		}
		return a.Realloc(b, newSize, align)
	}
	if !i.live(route, a, b) { // a Free of a buffer not live changes nothing and says why
		return nil, i.freeOn(route, a, b)
	}
	nb, err := i.alloc(newSize, align)
	if err != nil {
		return nil, err
	}
	copy(nb, b)
	nr, na := i.route(nb)
	if err := i.freeOn(route, a, b); err != nil {
		_ = i.freeOn(nr, na, nb)
		i.failed.Add(1)
		return nil, err
	}
	i.moved.Add(1)
	return nb, nil
}

// live reports whether b is a live buffer of its route a.
func (i *Intelligent) live(route string, a Allocator, b []byte) bool {
	switch a := a.(type) {
	case *ThreadSafe:
		return a.live(b)
	case *System:
		return a.live(b)
	}
	return route == "numa" && a != nil // found in the NUMA records
}

// Close gives the pools' chunks and the off-heap buffers back to the OS
// and invalidates everything allocated: Generation changes and later
// calls fail with ErrReleased. Go-heap buffers stay with the collector and
// NUMA buffers with their node's allocator. It must not run concurrently
// with other calls; it is idempotent.
func (i *Intelligent) Close() error {
	s := i.state.Load()
	if s&1 != 0 {
		return nil
	}
	i.state.Store((s>>1+1)<<1 | 1)
	return errors.Join(i.small.Close(), i.large.Close())
}

// Generation returns the allocator's generation: it changes on Close,
// and when the allocator of a NUMA node it routes to is reset or released.
func (i *Intelligent) Generation() uint64 {
	g := i.state.Load() >> 1
	for _, a := range i.nodes {
		if ng, ok := GenerationalOf(a); ok {
			g += ng.Generation()
		}
	}
	return g
}

// CheckGeneration returns nil if memory allocated during generation gen is
// still valid, and otherwise an error wrapping ErrReleased that says why.
func (i *Intelligent) CheckGeneration(gen uint64) error {
	if i.state.Load()&1 != 0 {
		return fmt.Errorf("%w: Intelligent allocator was released", ErrReleased)
	}
	if g := i.Generation(); g != gen {
		return fmt.Errorf("%w: the allocator of a NUMA node the Intelligent allocator routes to was reset or released (generation %d, now %d)", ErrReleased, gen, g)
	}
	return nil
}

// RouteStats returns each route's accounting.
func (i *Intelligent) RouteStats() RouteStats {
	i.numaMu.Lock()
	n := i.numaC
	i.numaMu.Unlock()
	return RouteStats{
		Pool:    i.small.Stats(),
		Heap:    i.heap.Stats(),
		OffHeap: i.large.Stats(),
		NUMA: Stats{Allocated: n.allocated, Reserved: n.reserved, TotalAllocated: n.total,
			Allocs: n.allocs, Frees: n.frees},
	}
}

// Stats sums the routes' accounting; Allocated and Peak are the
// allocator's own, and Failed adds the requests refused before any route
// (bad input, pressure, budget). A Realloc that moved a buffer between
// routes counts once, as a Realloc.
func (i *Intelligent) Stats() Stats {
	r := i.RouteStats()
	s := Stats{Allocated: i.allocated.Load(), Peak: i.peak.Load(), Failed: i.failed.Load()}
	for _, x := range []Stats{r.Pool, r.Heap, r.OffHeap, r.NUMA} {
		s.Reserved += x.Reserved
		s.TotalAllocated += x.TotalAllocated
		s.Allocs += x.Allocs
		s.Frees += x.Frees
		s.Reallocs += x.Reallocs
		s.Failed += x.Failed
	}
	m := i.moved.Load()
	s.Allocs -= m
	s.Frees -= m
	s.Reallocs += m
	return s
}

// Allocated returns the requested bytes live now.
func (i *Intelligent) Allocated() int64 { return i.allocated.Load() }

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (i *Intelligent) Peak() int64 { return i.peak.Load() }

// ResetPeak sets Peak to the current Allocated.
func (i *Intelligent) ResetPeak() { i.peak.Store(i.allocated.Load()) }
