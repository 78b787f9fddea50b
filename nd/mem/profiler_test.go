package mem_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// TestProfileGuideWorkloadExactly runs the guide's memory_profiling_example
// workload: ten 1000x1000 float64 arrays.
func TestProfileGuideWorkloadExactly(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	p := mem.NewProfiler()
	sums, stats, err := mem.ProfileValue(p, func() ([]float64, error) {
		var arrays []*nd.Array[float64]
		defer func() {
			for _, a := range arrays {
				a.Free()
			}
		}()
		for range 10 {
			a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(sys))
			if err != nil {
				return nil, err
			}
			arrays = append(arrays, a)
		}
		var sums []float64
		for _, a := range arrays {
			var s float64
			for _, v := range a.Data() {
				s += v
			}
			sums = append(sums, s)
		}
		return sums, nil
	})
	if err != nil || len(sums) != 10 {
		t.Fatal(err, sums)
	}
	if stats.TotalAllocated != 80_000_000 || stats.AllocationCount != 10 || stats.PeakUsage != 80_000_000 {
		t.Fatalf("total %d, count %d, peak %d; want 80000000, 10, 80000000", stats.TotalAllocated, stats.AllocationCount, stats.PeakUsage)
	}
	if stats.Frees != 10 || stats.Leaks != 0 || stats.LeakedBytes != 0 || stats.TotalAllocated != 80_000_000 {
		t.Fatalf("frees %d leaks %d (%d B) total %d", stats.Frees, stats.Leaks, stats.LeakedBytes, stats.TotalAllocated)
	}
	// System reserves align-1 bytes of slack per buffer.
	if stats.ReservedBytes <= stats.TotalAllocated || stats.ReservedBytes > stats.TotalAllocated+10*4096 || stats.FragmentationRatio <= 0 || stats.FragmentationRatio > 1e-3 {
		t.Fatalf("reserved %d, fragmentation %g", stats.ReservedBytes, stats.FragmentationRatio)
	}
	if stats.HeapAllocated < 80_000_000 || stats.Duration <= 0 {
		t.Fatalf("heap %d duration %v", stats.HeapAllocated, stats.Duration)
	}
}

// TestProfilePeakUnderInterleaving compares the profile's peak with one
// computed by hand over random allocs, frees and reallocs on every kind of
// numgo allocator in nd/mem (each must call the hook), before and after an
// arena Reset.
func TestProfilePeakUnderInterleaving(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	arena, err := mem.NewArena(64<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	pool, err := mem.NewPool(4096, 512, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ts := mem.NewThreadSafe()
	defer ts.Close()
	smart, err := mem.NewIntelligent(mem.IntelligentConfig{PoolThreshold: 512, ArenaThreshold: 2048})
	if err != nil {
		t.Fatal(err)
	}
	defer smart.Close()
	before := mustAlloc(t, sys, 5000, 8) // live before the window: not counted
	allocs := []mem.Allocator{sys, arena, pool, ts, smart}
	rng := rand.New(rand.NewPCG(3, 4))
	type buf struct {
		a mem.Allocator
		b []byte
	}
	var live []buf
	var cur, peak, total, count int64
	stats, err := mem.NewProfiler().Profile(func() error {
		mustFree(t, sys, before)
		for range 4000 {
			switch op := rng.IntN(10); {
			case op < 5 || len(live) == 0:
				a := allocs[rng.IntN(len(allocs))]
				n := 1 + rng.IntN(4096)
				live = append(live, buf{a, mustAlloc(t, a, n, 8)})
				cur += int64(n)
				total += int64(n)
				count++
			case op < 9:
				i := rng.IntN(len(live))
				mustFree(t, live[i].a, live[i].b)
				cur -= int64(len(live[i].b))
				live = slices.Delete(live, i, i+1)
			default:
				i := rng.IntN(len(live))
				if live[i].a == mem.Allocator(smart) {
					// Intelligent moves a buffer to another route as an
					// Alloc there and a Free here, and is profiled as such.
					continue
				}
				n := 1 + rng.IntN(4096)
				nb, err := live[i].a.Realloc(live[i].b, n, 8)
				if err != nil {
					return err
				}
				cur += int64(n - len(live[i].b))
				total += int64(n)
				live[i].b = nb
			}
			peak = max(peak, cur)
		}
		arena.Reset()
		for _, x := range live {
			if x.a != arena {
				mustFree(t, x.a, x.b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.PeakUsage != peak || stats.TotalAllocated != total || stats.AllocationCount != count {
		t.Fatalf("peak %d total %d count %d; want %d %d %d", stats.PeakUsage, stats.TotalAllocated, stats.AllocationCount, peak, total, count)
	}
	if stats.Leaks != 0 || stats.LeakedBytes != 0 {
		t.Fatalf("%d leaks (%d B) after Reset and Frees", stats.Leaks, stats.LeakedBytes)
	}
	if stats.PeakReserved < stats.PeakUsage {
		t.Fatalf("reserved at the peak %d below the peak %d", stats.PeakReserved, stats.PeakUsage)
	}
}

func TestProfilesNestAndSeeGoroutines(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	var outer mem.Profiler // the zero Profiler works
	inner := mem.NewProfiler()
	var innerStats mem.AllocationStats
	outerStats, err := outer.Profile(func() error {
		b := mustAlloc(t, sys, 100, 8)
		defer mustFree(t, sys, b)
		var err error
		innerStats, err = inner.Profile(func() error {
			var wg sync.WaitGroup
			bufs := make([][]byte, 4)
			for i := range bufs {
				wg.Go(func() { bufs[i], _ = sys.Alloc(1000, 8) })
			}
			wg.Wait()
			for _, b := range bufs {
				if err := sys.Free(b); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if innerStats.AllocationCount != 4 || innerStats.TotalAllocated != 4000 || innerStats.PeakUsage != 4000 {
		t.Fatalf("inner: %+v", innerStats)
	}
	if outerStats.AllocationCount != 5 || outerStats.TotalAllocated != 4100 || outerStats.PeakUsage != 4100 || outerStats.Frees != 5 {
		t.Fatalf("outer: %+v", outerStats)
	}
	// The window is closed: nothing more is seen.
	b := mustAlloc(t, sys, 10, 8)
	mustFree(t, sys, b)
	if s, _ := outer.Profile(func() error { return nil }); s.AllocationCount != 0 {
		t.Fatalf("empty window counted %d", s.AllocationCount)
	}
}

func TestProfileReturnsFnErrorAndClosesOnPanic(t *testing.T) {
	p := mem.NewProfiler()
	boom := errors.New("boom")
	sys := mem.NewSystem()
	stats, err := p.Profile(func() error {
		sys.Alloc(64, 8)
		return boom
	})
	if err != boom || stats.Leaks != 1 || stats.LeakedBytes != 64 {
		t.Fatalf("err %v, %d leaks", err, stats.Leaks)
	}
	func() {
		defer func() { recover() }()
		p.Profile(func() error { panic("x") })
	}()
	if s, _ := mem.NewProfiler().Profile(func() error { return nil }); s.AllocationCount != 0 {
		t.Fatal("a panicking window stayed open")
	}
}

//go:noinline
func peakSite(a mem.Allocator) []byte { b, _ := a.Alloc(1<<20, 64); return b }

//go:noinline
func leakSite(a mem.Allocator) []byte { b, _ := a.Alloc(3333, 8); return b }

//go:noinline
func scratchSite(a mem.Allocator) {
	b, _ := a.Alloc(256, 8)
	a.Free(b)
}

// stackWorkload: a 1 MiB buffer live at the peak and freed at once (a
// temporary), 100 more temporaries, and a leak, which it stores in *leak.
func stackWorkload(a mem.Allocator, leak *[]byte) func() error {
	return func() error {
		big := peakSite(a)
		if err := a.Free(big); err != nil {
			return err
		}
		for range 100 {
			scratchSite(a)
		}
		*leak = leakSite(a)
		return nil
	}
}

func TestProfileStacksLeaksTemporaries(t *testing.T) {
	sys := mem.NewSystem()
	p := mem.NewProfiler(mem.RecordStacks())
	var leak []byte
	stats, err := p.Profile(stackWorkload(sys, &leak))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Temporaries != 101 || stats.TemporaryBytes != 25600+1<<20 {
		t.Fatalf("temporaries %d (%d B), want 101 (%d B)", stats.Temporaries, stats.TemporaryBytes, 25600+1<<20)
	}
	if stats.Leaks != 1 || stats.PeakUsage != 1<<20 {
		t.Fatalf("leaks %d peak %d", stats.Leaks, stats.PeakUsage)
	}
	peak := p.PeakAllocations()
	if len(peak) != 1 || peak[0].Size != 1<<20 || !strings.Contains(peak[0].Stack.String(), "mem_test.peakSite") {
		t.Fatalf("peak allocations: %v", peak)
	}
	if first := peak[0].Stack.Frames()[0].Function; !strings.HasSuffix(first, "mem_test.peakSite") {
		t.Fatalf("the stack starts at %s, want the caller of Alloc", first)
	}
	leaks := p.Leaks()
	if len(leaks) != 1 || leaks[0].Size != 3333 || !strings.Contains(leaks[0].String(), "mem_test.leakSite") {
		t.Fatalf("leaks: %v", leaks)
	}
	mustFree(t, sys, leak)

	// A wider temporaries rule: a buffer freed after one other allocation
	// counts only when n >= 2.
	for n, want := range map[int]int64{1: 0, 2: 1} {
		s, _ := mem.NewProfiler(mem.TemporaryWithin(n)).Profile(func() error {
			x := mustAlloc(t, sys, 8, 8)
			y := mustAlloc(t, sys, 8, 8)
			mustFree(t, sys, x)
			mustFree(t, sys, y)
			return nil
		})
		if s.Temporaries != want+1 { // y is freed with no allocation after it
			t.Fatalf("TemporaryWithin(%d): %d temporaries, want %d", n, s.Temporaries, want+1)
		}
	}
}

func TestWriteProfileOpensInPprof(t *testing.T) {
	gobin, err := exec.LookPath("go") // go test puts its own GOROOT/bin first on PATH
	if err != nil {
		t.Skip("no go tool:", err)
	}
	if testing.Short() && raceEnabled {
		t.Skip("pprof under -race -short")
	}
	sys := mem.NewSystem()
	p := mem.NewProfiler(mem.RecordStacks())
	if err := p.WriteProfile(os.Stderr); err == nil {
		t.Fatal("WriteProfile before any profile")
	}
	var leak []byte
	if _, err := p.Profile(stackWorkload(sys, &leak)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mem.pb.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.WriteProfile(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, c := range []struct{ index, want string }{
		{"alloc_space", "mem_test.peakSite"},
		{"peak_space", "1MB"},
		{"inuse_space", "mem_test.leakSite"},
		{"alloc_objects", "100 "},
	} {
		out, err := exec.Command(gobin, "tool", "pprof", "-top", "-sample_index="+c.index, path).CombinedOutput()
		if err != nil {
			t.Fatalf("go tool pprof: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), c.want) {
			t.Fatalf("pprof -top -sample_index=%s lacks %q:\n%s", c.index, c.want, out)
		}
		if c.index == "alloc_objects" && !strings.Contains(string(out), "mem_test.scratchSite") {
			t.Fatalf("pprof -top lacks scratchSite:\n%s", out)
		}
	}
	if err := mem.NewProfiler().WriteProfile(os.Stderr); err == nil {
		t.Fatal("WriteProfile without stacks")
	}
}

func TestSuggestions(t *testing.T) {
	// Small requests in big pool blocks: fragmentation.
	pool, err := mem.NewPool(4096, 64, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, _ := mem.NewProfiler().Profile(func() error {
		var bs [][]byte
		for range 10 {
			bs = append(bs, mustAlloc(t, pool, 1000, 8))
		}
		for _, b := range bs {
			mustFree(t, pool, b)
		}
		return nil
	})
	if got := strings.Join(s.Suggestions(), "\n"); s.FragmentationRatio < 0.7 || !strings.Contains(got, "pool allocator") || strings.Contains(got, "arena") {
		t.Fatalf("fragmentation %g: %q", s.FragmentationRatio, got)
	}
	// Many short-lived allocations: an arena.
	sys := mem.NewSystem()
	s, _ = mem.NewProfiler().Profile(func() error {
		for range 2000 {
			mustFree(t, sys, mustAlloc(t, sys, 64, 8))
		}
		return nil
	})
	if got := strings.Join(s.Suggestions(), "\n"); !strings.Contains(got, "arena allocator") || strings.Contains(got, "pool") {
		t.Fatalf("%d temporaries: %q", s.Temporaries, got)
	}
	gc := mem.AllocationStats{GCCycles: 3, HeapAllocated: 64 << 20, Leaks: 2, LeakedBytes: 100}
	if got := strings.Join(gc.Suggestions(), "\n"); !strings.Contains(got, "3 GC cycles ran while 67108864 bytes") || !strings.Contains(got, "2 allocation(s) (100 bytes)") {
		t.Fatalf("GC cycles and leaks: %q", got)
	}
	if s := (mem.AllocationStats{}); len(s.Suggestions()) != 0 || s.Efficiency() != 1 {
		t.Fatal("suggestions for nothing")
	}
}

func TestTraceInactiveAllocatesNothing(t *testing.T) {
	b := make([]byte, 8)
	if n := testing.AllocsPerRun(100, func() {
		mem.TraceAlloc(nil, b, 8)
		mem.TraceFree(nil, b)
	}); n != 0 {
		t.Fatalf("%v allocations per trace with no profiler", n)
	}
}

// BenchmarkTraceInactive measures what the hook adds to an allocation when
// no profiler is active, beside an arena Alloc+Free and the same with a
// profiler window open.
func BenchmarkTraceInactive(b *testing.B) {
	buf := make([]byte, 64)
	b.Run("TraceAlloc+TraceFree", func(b *testing.B) {
		for b.Loop() {
			mem.TraceAlloc(nil, buf, 64)
			mem.TraceFree(nil, buf)
		}
	})
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		b.Fatal(err)
	}
	defer arena.Close()
	loop := func(b *testing.B) {
		for b.Loop() {
			x, _ := arena.Alloc(64, 8)
			arena.Free(x)
		}
	}
	b.Run("ArenaAllocFree", loop)
	b.Run("ArenaAllocFreeProfiled", func(b *testing.B) {
		mem.NewProfiler().Profile(func() error { loop(b); return nil })
	})
	b.Run("ArenaAllocFreeProfiledStacks", func(b *testing.B) {
		mem.NewProfiler(mem.RecordStacks()).Profile(func() error { loop(b); return nil })
	})
}

// profiledZeros and profiledAdd make arrays through nd and nd/ops: the
// user's code a profile must blame.
//
//go:noinline
func profiledZeros(sys mem.Allocator) (*nd.Array[float64], error) {
	return nd.Zeros[float64]([]int{512}, nd.With(sys))
}

//go:noinline
func profiledAdd(a *nd.Array[float64]) (*nd.Array[float64], error) {
	return ops.Add(a, a)
}

// TestWriteProfileBlamesTheUser: with arrays made through nd and nd/ops,
// every location with flat bytes in `go tool pprof -top` is the test's
// own function, never numgo's (nd.newBuffer, ops.Add, ...), and
// Stack.String starts at the user's frame too.
func TestWriteProfileBlamesTheUser(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool:", err)
	}
	if testing.Short() && raceEnabled {
		t.Skip("pprof under -race -short")
	}
	sys := mem.NewSystem()
	p := mem.NewProfiler(mem.RecordStacks())
	st, err := p.Profile(func() error {
		a, err := profiledZeros(sys)
		if err != nil {
			return err
		}
		_, err = profiledAdd(a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range p.Leaks() {
		if top := l.Stack.Frames(); len(top) == 0 || !strings.Contains(top[0].Function, "mem_test.profiled") {
			t.Errorf("leak's stack does not start at the test's function:\n%s", l.Stack)
		}
	}
	path := filepath.Join(t.TempDir(), "mem.pb.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.WriteProfile(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(gobin, "tool", "pprof", "-top", "-sample_index=alloc_space", path).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool pprof: %v\n%s", err, out)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 6 || !strings.HasSuffix(fields[1], "%") || fields[0] == "flat" || fields[0] == "0" {
			continue
		}
		name := fields[5]
		if !strings.Contains(name, "mem_test.profiled") {
			t.Errorf("pprof -top puts %s bytes flat on %s, not on the user's code", fields[0], name)
		}
		seen[strings.TrimPrefix(name, "github.com/numgo/numgo/nd/mem_test.")] = true
	}
	if !seen["profiledZeros"] || !seen["profiledAdd"] {
		t.Errorf("pprof -top lacks the user's functions (%d allocations profiled):\n%s", st.AllocationCount, out)
	}
}

// TestEfficiencyIsRequestedOverReserved: AllocationStats has no
// "useful bytes" field equal to TotalAllocated by construction (the guide's
// useful/total was then always 100%); Efficiency is requested over
// reserved, below 1 where the arena adds headers and alignment padding.
func TestEfficiencyIsRequestedOverReserved(t *testing.T) {
	if _, ok := reflect.TypeFor[mem.AllocationStats]().FieldByName("UsefulBytes"); ok {
		t.Fatal("AllocationStats.UsefulBytes is back: it can only repeat TotalAllocated; use Efficiency")
	}
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	st, err := mem.NewProfiler().Profile(func() error {
		for range 100 {
			if _, err := arena.Alloc(100, 64); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := float64(st.TotalAllocated) / float64(st.ReservedBytes)
	if st.TotalAllocated != 100*100 || st.ReservedBytes <= st.TotalAllocated || st.Efficiency() != want || want >= 1 {
		t.Fatalf("requested %d, reserved %d, Efficiency %.3f: want 10000 requested, more reserved, and their ratio", st.TotalAllocated, st.ReservedBytes, st.Efficiency())
	}
}
