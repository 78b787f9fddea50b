package mem

import (
	"cmp"
	"fmt"
	"io/fs"
	"runtime/metrics"
	"slices"
	"sync"
	"time"
)

// Profiler measures the memory numgo's allocators hand out while a function
// runs, exactly: every Alloc, Free, Realloc and Reset of every allocator that
// calls the allocation hook (System, Arena, Pool and the others in numgo;
// a user's own allocator through TraceAlloc and its siblings) is counted,
// not sampled. Go's heap profile samples about one allocation per 512 KiB
// and reflects the last completed GC; a Profile is exact when fn returns.
//
//	p := mem.NewProfiler()
//	stats, err := p.Profile(func() error {
//		a, err := nd.Zeros[float64]([]int{1000, 1000})
//		if err != nil {
//			return err
//		}
//		defer a.Free()
//		return nil
//	})
//	// stats.TotalAllocated == 8_000_000, stats.AllocationCount == 1
//
// The window: Profile counts every allocation made between fn's start and
// its return, on any goroutine, whether fn started it or not. That is what
// a process-wide hook can promise; code running beside fn shows up in its
// profile, so profile on a quiet process (a test, a benchmark, the tour).
// Windows nest and overlap: every open window sees the events made while
// it is open, so a Profile inside another's fn is counted in both.
//
// What is counted: allocations made during the window. A buffer allocated
// before it and freed during it is not counted (live bytes start at zero);
// a Realloc of such a buffer counts its new size as allocated.
//
// Options record call stacks (RecordStacks) for the allocations live at
// the peak, the leaks and WriteProfile's pprof output, and set the
// temporaries rule (TemporaryWithin). The zero Profiler is ready to use,
// with no stacks and the default rule. A Profiler may run several Profiles
// at once; Leaks, PeakAllocations and WriteProfile describe the last one
// to finish.
type Profiler struct {
	cfg profilerConfig

	mu   sync.Mutex
	last *session
}

type profilerConfig struct {
	stacks    bool
	temporary int
}

// ProfilerOption configures a Profiler.
type ProfilerOption func(*profilerConfig)

// RecordStacks makes the profiler record the call stack (runtime.Callers,
// 32 frames) of every allocation, for PeakAllocations, Leaks and
// WriteProfile. It costs about a microsecond per allocation while a
// window is open, nothing otherwise.
func RecordStacks() ProfilerOption { return func(c *profilerConfig) { c.stacks = true } }

// TemporaryWithin sets the temporaries rule, memray's: an allocation is
// temporary when it is freed before n other allocations (Allocs and
// Reallocs, by any allocator) happen. The default, 1, counts a buffer freed
// before any other allocation is made: the scratch buffer allocated, used
// and dropped in a loop. n below 1 is 1.
func TemporaryWithin(n int) ProfilerOption {
	return func(c *profilerConfig) { c.temporary = max(n, 1) }
}

// NewProfiler returns a profiler with the given options.
func NewProfiler(opts ...ProfilerOption) *Profiler {
	p := &Profiler{}
	for _, o := range opts {
		o(&p.cfg)
	}
	return p
}

// AllocationStats is what a Profile measured: the allocations numgo's
// allocators made during the window (see Profiler), and the Go runtime's
// view of the same time.
//
// Requested and reserved bytes: a caller asks for a size (requested:
// TotalAllocated); the allocator sets aside at least that much to serve it
// (reserved: alignment padding, an arena block's header, the rest of a
// pool block, System's alignment slack). The guide's "useful bytes" are
// the requested ones, so its efficiency (useful over total) is
// Efficiency: TotalAllocated over ReservedBytes.
type AllocationStats struct {
	// TotalAllocated is the sum of the requested sizes of every allocation
	// (and of the new size of every Realloc) during the window.
	TotalAllocated int64
	// PeakUsage is the highest number of requested bytes live at once,
	// counting only allocations made during the window. It is exact: every
	// event is counted in the order the allocators report it.
	PeakUsage int64
	// AllocationCount is the number of successful Allocs (and Gets).
	AllocationCount int64
	// Reallocs and Frees count successful Reallocs and Frees of buffers
	// allocated during the window; an arena's Reset or Close frees every
	// buffer it still held.
	Reallocs, Frees int64
	// ReservedBytes is the sum of the bytes the allocators set aside for
	// the allocations counted in TotalAllocated.
	ReservedBytes int64
	// PeakReserved is the reserved bytes live at the moment of PeakUsage.
	PeakReserved int64
	// FragmentationRatio is the share of the memory held at the peak that
	// no caller asked for: 1 - PeakUsage/PeakReserved (0 when nothing was
	// allocated). It is the alignment padding, headers and unused block
	// space of the buffers live at the high-water mark; a pool whose blocks
	// are twice the typical request shows 0.5.
	FragmentationRatio float64
	// Temporaries and TemporaryBytes count the allocations freed within
	// the temporaries rule (see TemporaryWithin).
	Temporaries, TemporaryBytes int64
	// Leaks and LeakedBytes count the allocations made during the window
	// and still live at its end (see Profiler.Leaks for their stacks).
	Leaks, LeakedBytes int64
	// HeapAllocated is the bytes the Go heap allocated during the window
	// (runtime/metrics /gc/heap/allocs:bytes: every make and new, System's
	// buffers included, whichever goroutine made them).
	HeapAllocated uint64
	// GCCycles is the number of garbage-collection cycles completed during
	// the window.
	GCCycles uint64
	// Duration is the wall-clock time fn took.
	Duration time.Duration
}

// Efficiency is TotalAllocated / ReservedBytes: the share of the memory
// set aside that callers asked for (1 when nothing was allocated).
func (s AllocationStats) Efficiency() float64 {
	if s.ReservedBytes == 0 {
		return 1
	}
	return float64(s.TotalAllocated) / float64(s.ReservedBytes)
}

// The thresholds Suggestions applies.
const (
	// SuggestPoolFragmentation is the FragmentationRatio above which a
	// pool is suggested (the guide's 0.3).
	SuggestPoolFragmentation = 0.3
	// SuggestArenaAllocations is the AllocationCount above which an arena
	// is suggested when most allocations were short-lived (the guide's 1000).
	SuggestArenaAllocations = 1000
)

// Suggestions returns advice derived from the measured figures, in the
// guide's words where it has them, one sentence each; none when nothing
// stands out. The rules:
//
//   - FragmentationRatio above SuggestPoolFragmentation: a pool whose block
//     fits the common request;
//   - more than SuggestArenaAllocations allocations, most of them freed
//     during the window, or most of them temporaries: an arena;
//   - GC cycles during the window, with a MiB or more allocated on the Go
//     heap: off-heap arena or pool memory;
//   - leaks: free them or copy results out.
func (s AllocationStats) Suggestions() []string {
	var out []string
	if s.FragmentationRatio > SuggestPoolFragmentation {
		out = append(out, fmt.Sprintf("High fragmentation detected (%.0f%% of the memory held at the peak was padding or unused block space) - consider using pool allocator (mem.NewPool) with blocks that fit the common request",
			100*s.FragmentationRatio))
	}
	shortLived := s.Frees*2 > s.AllocationCount || s.Temporaries*2 > s.AllocationCount
	if s.AllocationCount > SuggestArenaAllocations && shortLived {
		out = append(out, fmt.Sprintf("Many allocations (%d, %d freed during the run, %d temporaries) - consider using arena allocator (mem.WithArena), which takes them back at once",
			s.AllocationCount, s.Frees, s.Temporaries))
	}
	if s.GCCycles > 0 && s.HeapAllocated >= 1<<20 {
		out = append(out, fmt.Sprintf("%d GC cycles ran while %d bytes went through the Go heap - arena and pool memory is off the heap and costs the collector nothing",
			s.GCCycles, s.HeapAllocated))
	}
	if s.Leaks > 0 {
		out = append(out, fmt.Sprintf("%d allocation(s) (%d bytes) made during the run are still live at its end - results the caller keeps, or leaks to free (Profiler.Leaks says where each was made)",
			s.Leaks, s.LeakedBytes))
	}
	return out
}

// Allocation is one buffer a profile or a Checked allocator knows of.
type Allocation struct {
	// Allocator is the allocator that handed the buffer out.
	Allocator Allocator
	// Addr is the address of its first byte.
	Addr uintptr
	// Size is the requested size; Reserved what the allocator set aside.
	Size, Reserved int
	// Stack is where it was allocated (nil unless stacks are recorded).
	Stack Stack
}

// String formats the allocation on one line followed by its stack.
func (a Allocation) String() string {
	return fmt.Sprintf("%d bytes at %#x (%T)\n%s", a.Size, a.Addr, a.Allocator, a.Stack)
}

// Profile runs fn and returns what it allocated, with fn's error. The
// stats are valid when fn fails too; if fn panics, the window is closed
// and the panic goes on. A nil fn is an error wrapping fs.ErrInvalid.
func (p *Profiler) Profile(fn func() error) (AllocationStats, error) {
	if fn == nil {
		return AllocationStats{}, fmt.Errorf("mem: Profiler.Profile: the function is nil: %w", fs.ErrInvalid)
	}
	_, stats, err := ProfileValue(p, func() (struct{}, error) { return struct{}{}, fn() })
	return stats, err
}

// ProfileValue is Profile for a function with a result, the guide's
// (result, stats) form:
//
//	c, stats, err := mem.ProfileValue(p, func() (*nd.Array[float64], error) {
//		return linalg.MatMul(a, b)
//	})
//
// A nil fn is an error wrapping fs.ErrInvalid.
func ProfileValue[T any](p *Profiler, fn func() (T, error)) (v T, stats AllocationStats, err error) {
	if fn == nil {
		return v, stats, fmt.Errorf("mem: ProfileValue: the function is nil: %w", fs.ErrInvalid)
	}
	s := p.start()
	defer func() { stats = p.finish(s) }()
	v, err = fn()
	return v, stats, err
}

// Leaks returns the allocations the last finished Profile's fn made and
// left live, largest first, with their stacks under RecordStacks.
func (p *Profiler) Leaks() []Allocation {
	s := p.lastSession()
	if s == nil {
		return nil
	}
	return s.leaks
}

// PeakAllocations returns the allocations that were live at the last
// finished Profile's peak (the high-water mark memray draws), largest
// first. It needs RecordStacks (nil without it).
func (p *Profiler) PeakAllocations() []Allocation {
	s := p.lastSession()
	if s == nil {
		return nil
	}
	return s.peak
}

func (p *Profiler) lastSession() *session {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// readWindowMetrics reads the Go heap's allocated bytes and the completed
// GC cycles, the runtime's view of a window.
func readWindowMetrics() (heap, gc uint64) {
	s := [2]metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: gcCyclesMetric}}
	metrics.Read(s[:])
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

func (p *Profiler) start() *session {
	s := &session{cfg: p.cfg, live: make(map[Allocator]map[uintptr]*record)}
	if s.cfg.temporary == 0 {
		s.cfg.temporary = 1
	}
	if s.cfg.stacks {
		s.sites = make(map[[maxStack]uintptr]*site)
	}
	s.heap0, s.gc0 = readWindowMetrics()
	s.t0 = time.Now()
	addTracer(s)
	return s
}

func (p *Profiler) finish(s *session) AllocationStats {
	removeTracer(s)
	d := time.Since(s.t0)
	heap, gc := readWindowMetrics()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	st.Duration, st.HeapAllocated, st.GCCycles = d, heap-s.heap0, gc-s.gc0
	if st.PeakReserved > 0 {
		st.FragmentationRatio = 1 - float64(st.PeakUsage)/float64(st.PeakReserved)
	}
	st.Leaks, st.LeakedBytes = 0, s.liveBytes
	for _, m := range s.live {
		for _, r := range m {
			st.Leaks++
			s.leaks = append(s.leaks, r.allocation())
			if s.cfg.stacks && r.event <= s.peakEvent {
				s.peakFreed = append(s.peakFreed, r)
			}
		}
	}
	if s.cfg.stacks {
		for _, r := range s.peakFreed {
			s.peak = append(s.peak, r.allocation())
			r.site.peak++
			r.site.peakBytes += int64(r.size)
		}
		s.peakFreed = nil
	}
	bySize := func(a, b Allocation) int { return cmp.Compare(b.Size, a.Size) }
	slices.SortStableFunc(s.leaks, bySize)
	slices.SortStableFunc(s.peak, bySize)
	p.mu.Lock()
	p.last = s
	p.mu.Unlock()
	return *st
}

// session is one open profiling window.
type session struct {
	cfg profilerConfig

	mu     sync.Mutex
	live   map[Allocator]map[uintptr]*record
	allocs int64 // allocation events so far (Allocs and Reallocs)
	event  int64 // every event so far
	st     AllocationStats
	// liveBytes and liveReserved are the requested and reserved bytes of
	// the window's allocations live now.
	liveBytes, liveReserved int64
	// peakEvent is the event that set PeakUsage; peakFreed holds, under
	// RecordStacks, the records freed since that were live at it.
	peakEvent int64
	peakFreed []*record
	sites     map[[maxStack]uintptr]*site

	heap0, gc0 uint64
	t0         time.Time

	// set by finish
	leaks, peak []Allocation
}

// record is one live allocation of a window.
type record struct {
	owner          Allocator
	addr           uintptr
	size, reserved int
	nth            int64 // session.allocs when the buffer was first allocated
	event          int64 // the event that made this record
	site           *site // nil without stacks
}

func (r *record) allocation() Allocation {
	a := Allocation{Allocator: r.owner, Addr: r.addr, Size: r.size, Reserved: r.reserved}
	if r.site != nil {
		a.Stack = r.site.stack
	}
	return a
}

// site is the aggregate of the allocations made at one call stack, the
// unit of a pprof sample.
type site struct {
	stack                                 Stack
	allocs, allocBytes, inuse, inuseBytes int64
	peak, peakBytes                       int64
}

func (s *session) siteOf(st Stack) *site {
	if st == nil {
		return nil
	}
	var key [maxStack]uintptr
	copy(key[:], st)
	x := s.sites[key]
	if x == nil {
		x = &site{stack: st}
		s.sites[key] = x
	}
	return x
}

func (s *session) alloc(owner Allocator, p uintptr, size, reserved int, st Stack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.event++
	s.allocs++
	s.st.AllocationCount++
	s.insert(&record{owner: owner, addr: p, size: size, reserved: reserved, nth: s.allocs, event: s.event, site: s.siteOf(st)})
}

func (s *session) realloc(owner Allocator, old, p uintptr, size, reserved int, st Stack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.event++
	s.allocs++
	s.st.Reallocs++
	r := &record{owner: owner, addr: p, size: size, reserved: reserved, nth: s.allocs, event: s.event, site: s.siteOf(st)}
	if o := s.live[owner][old]; o != nil {
		s.remove(o)
		r.nth = o.nth // the buffer lives on
	}
	s.insert(r)
}

func (s *session) free(owner Allocator, p uintptr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.live[owner][p]; r != nil {
		s.event++
		s.freed(r)
	}
}

func (s *session) reset(owner Allocator) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.live[owner]
	if len(m) == 0 {
		return
	}
	s.event++
	for _, r := range m {
		s.freed(r)
	}
	delete(s.live, owner)
}

// insert makes r live and moves the peak. The caller holds s.mu.
func (s *session) insert(r *record) {
	m := s.live[r.owner]
	if m == nil {
		m = make(map[uintptr]*record)
		s.live[r.owner] = m
	}
	if o := m[r.addr]; o != nil {
		// The owner reused the address without reporting its Free.
		s.remove(o)
	}
	m[r.addr] = r
	s.st.TotalAllocated += int64(r.size)
	s.st.ReservedBytes += int64(r.reserved)
	s.liveBytes += int64(r.size)
	s.liveReserved += int64(r.reserved)
	if x := r.site; x != nil {
		x.allocs++
		x.allocBytes += int64(r.size)
		x.inuse++
		x.inuseBytes += int64(r.size)
	}
	if s.liveBytes > s.st.PeakUsage {
		s.st.PeakUsage, s.st.PeakReserved = s.liveBytes, s.liveReserved
		s.peakEvent = s.event
		clear(s.peakFreed)
		s.peakFreed = s.peakFreed[:0]
	}
}

// freed counts r as freed and applies the temporaries rule. The caller
// holds s.mu.
func (s *session) freed(r *record) {
	s.remove(r)
	s.st.Frees++
	if s.allocs-r.nth < int64(s.cfg.temporary) {
		s.st.Temporaries++
		s.st.TemporaryBytes += int64(r.size)
	}
}

// remove takes r out of the live set. The caller holds s.mu.
func (s *session) remove(r *record) {
	delete(s.live[r.owner], r.addr)
	s.liveBytes -= int64(r.size)
	s.liveReserved -= int64(r.reserved)
	if x := r.site; x != nil {
		x.inuse--
		x.inuseBytes -= int64(r.size)
	}
	if s.cfg.stacks && r.event <= s.peakEvent {
		s.peakFreed = append(s.peakFreed, r)
	}
}
