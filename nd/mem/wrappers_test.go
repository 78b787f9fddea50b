package mem_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// wrapperFactories are the wrappers over the base allocators, for the
// generic allocator tests: each must pass them as its inner allocator does.
func wrapperFactories(opts []mem.Option) []factory {
	debug := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return []factory{
		{name: "LoggingSystem", zeroed: true, new: func(t *testing.T) testAllocator {
			return checked(t, mem.WithLogging(mem.NewSystem(), debug))
		}},
		{name: "CheckedArena", new: func(t *testing.T) testAllocator {
			a, err := mem.NewArena(64<<20, opts...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			c := mem.NewChecked(a)
			t.Cleanup(func() {
				if !t.Failed() {
					c.AssertSize(t, 0)
				}
			})
			return checked(t, c)
		}},
		{name: "FaultyPool", maxSize: 8192, maxAlign: 4096, new: func(t *testing.T) testAllocator {
			p, err := mem.NewPool(8192, 2048, opts...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.Close() })
			return checked(t, mem.NewFaulty(p, mem.FaultConfig{}))
		}},
		{name: "BudgetSystem", zeroed: true, new: func(t *testing.T) testAllocator {
			return checked(t, mem.NewBudget(mem.NewSystem(), 1<<40))
		}},
	}
}

func TestFaultyFailsTheNthRequest(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	f := mem.NewFaulty(sys, mem.FaultConfig{FailNth: 3})
	var got []error
	for range 5 {
		b, err := f.Alloc(64, 8)
		got = append(got, err)
		if err == nil {
			defer f.Free(b)
		}
	}
	for i, err := range got {
		if (i == 2) != (err != nil) {
			t.Fatalf("request %d: %v; want only request 3 to fail", i+1, err)
		}
	}
	if !errors.Is(got[2], mem.ErrOutOfMemory) || !strings.Contains(got[2].Error(), "request 3") {
		t.Fatalf("injected error %q", got[2])
	}
	if f.Calls() != 5 || f.Injected() != 1 || sys.Stats().Allocs != 4 {
		t.Fatalf("calls %d injected %d inner allocs %d", f.Calls(), f.Injected(), sys.Stats().Allocs)
	}
	b := mustAlloc(t, f, 16, 8)
	f2 := mem.NewFaulty(sys, mem.FaultConfig{FailNth: 1})
	if _, err := f2.Realloc(b, 32, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Realloc as request 1: %v", err)
	}
	mustFree(t, f2, b) // a failed Realloc leaves b valid
}

func TestFaultyProbabilityIsSeeded(t *testing.T) {
	run := func(seed uint64) []bool {
		f := mem.NewFaulty(mem.NewSystem(), mem.FaultConfig{Probability: 0.3, Seed: seed})
		var fails []bool
		for range 200 {
			b, err := f.Alloc(8, 8)
			fails = append(fails, err != nil)
			if err == nil {
				f.Free(b)
			}
		}
		return fails
	}
	a, b, c := run(1), run(1), run(2)
	n := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed, different failures")
		}
		if a[i] {
			n++
		}
	}
	if n < 30 || n > 90 {
		t.Fatalf("%d of 200 failed at probability 0.3", n)
	}
	if slices.Equal(a, c) {
		t.Fatal("different seeds, same failures")
	}
}

func TestBudgetRefusesPastTheLimit(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	b := checked(t, mem.NewBudget(sys, 1000))
	x := mustAlloc(t, b, 600, 8)
	_, err := b.Alloc(500, 8)
	if !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "Budget.Alloc(500): 400 bytes left of 1000") {
		t.Fatalf("over budget: %v", err)
	}
	if sys.Stats().Allocs != 1 {
		t.Fatal("the inner allocator was asked for a refused request")
	}
	if _, err := b.Realloc(x, 1001, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Realloc over budget: %v", err)
	}
	x, err = b.Realloc(x, 1000, 8)
	if err != nil || b.Remaining() != 0 {
		t.Fatalf("Realloc to the limit: %v, %d left", err, b.Remaining())
	}
	mustFree(t, b, x)
	if b.Remaining() != 1000 || b.Stats().Capacity != 1000 || b.Stats().Failed != 2 {
		t.Fatalf("after Free: %d left, %v", b.Remaining(), b.Stats())
	}
}

func TestBudgetAndCheckedFollowArenaReset(t *testing.T) {
	a, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b := mem.NewBudget(a, 4096)
	c := mem.NewChecked(b)
	mustAlloc(t, c, 3000, 8)
	if _, err := c.Alloc(3000, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("second 3000 bytes in a 4096 budget: %v", err)
	}
	a.Reset()
	if b.Remaining() != 4096 || c.Allocated() != 0 || len(c.Leaks()) != 0 {
		t.Fatalf("after Reset: budget %d left, checked %d bytes, %d leaks", b.Remaining(), c.Allocated(), len(c.Leaks()))
	}
	x := mustAlloc(t, c, 3000, 8)
	mustFree(t, c, x)
	if g, ok := mem.GenerationalOf(c); !ok || g != mem.Generational(a) {
		t.Fatal("GenerationalOf does not find the arena under Checked and Budget")
	}
}

// TestBudgetAndCheckedRefuseForeignBuffers is the review's case: Budget
// and Checked passed any buffer to the inner allocator's Free and counted
// it as theirs, so Allocated went to -1000 and 2000 bytes got through a
// 1000-byte budget.
func TestBudgetAndCheckedRefuseForeignBuffers(t *testing.T) {
	sys := checked(t, mem.NewSystem())
	b := mem.NewBudget(sys, 1000)
	c := mem.NewChecked(sys)
	for _, w := range []interface {
		mem.Allocator
		mem.StatsReporter
	}{b, c} {
		mine := mustAlloc(t, w, 1000, 8)
		theirs := mustAlloc(t, sys, 1000, 8)
		if err := w.Free(theirs); !errors.Is(err, mem.ErrForeign) {
			t.Errorf("%T.Free of the inner allocator's buffer: %v, want ErrForeign", w, err)
		}
		if err := w.Free(make([]byte, 1000)); !errors.Is(err, mem.ErrForeign) {
			t.Errorf("%T.Free of a make'd buffer: %v, want ErrForeign", w, err)
		}
		if _, err := w.Realloc(theirs, 10, 8); !errors.Is(err, mem.ErrForeign) {
			t.Errorf("%T.Realloc of the inner allocator's buffer: %v, want ErrForeign", w, err)
		}
		if s := w.Stats(); s.Allocated != 1000 || s.Frees != 0 {
			t.Errorf("%T after refused buffers: %v", w, s)
		}
		mustFree(t, sys, theirs)
		mustFree(t, w, mine)
		if err := w.Free(mine); !errors.Is(err, mem.ErrDoubleFree) {
			t.Errorf("%T: second Free: %v, want ErrDoubleFree", w, err)
		}
		if s := w.Stats(); s.Allocated != 0 || s.Frees != 1 {
			t.Errorf("%T after a double Free: %v", w, s)
		}
	}
	// 1000 bytes live through the budget, and no way to free room that is
	// not its own.
	x := mustAlloc(t, b, 1000, 8)
	y := mustAlloc(t, sys, 1000, 8)
	b.Free(y)
	if _, err := b.Alloc(1000, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("a second 1000 bytes through a 1000-byte budget: %v", err)
	}
	mustFree(t, sys, y)
	mustFree(t, b, x)
}

// TestCheckedStaleFreeAfterReset: a buffer the inner arena took back at
// Reset is ErrReleased through Checked, as on the arena itself.
func TestCheckedStaleFreeAfterReset(t *testing.T) {
	a, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c := mem.NewChecked(a)
	x := mustAlloc(t, c, 100, 8)
	a.Reset()
	if err := c.Free(x); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Free after the arena's Reset: %v, want ErrReleased", err)
	}
}

// TestWrappersRefuseNilInner: each wrapper panics where it is made over a
// nil allocator, naming its constructor, rather than at its first Alloc.
func TestWrappersRefuseNilInner(t *testing.T) {
	for name, mk := range map[string]func(){
		"NewBudget":   func() { mem.NewBudget(nil, 100) },
		"NewChecked":  func() { mem.NewChecked(nil) },
		"NewFaulty":   func() { mem.NewFaulty(nil, mem.FaultConfig{}) },
		"WithLogging": func() { mem.WithLogging(nil, nil) },
	} {
		func() {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, name) || !strings.Contains(msg, "nil") {
					t.Errorf("%s(nil): recovered %v, want a panic naming %s and the nil allocator", name, r, name)
				}
			}()
			mk()
		}()
	}
}

// TestNilArgumentsReportedWhereGiven: functions that return an error
// (FailEach, WithArena, Profile, ProfileValue, NewIntelligent with a placer
// that gives a nil node allocator) return one wrapping fs.ErrInvalid for a
// nil argument; RegisterTrimmer and OnPressureChange, which return none,
// panic naming themselves.
func TestNilArgumentsReportedWhereGiven(t *testing.T) {
	if _, err := mem.FailEach(nil, func(mem.Allocator) error { return nil }); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("FailEach(nil, run): %v", err)
	}
	if _, err := mem.FailEach(mem.NewSystem(), nil); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("FailEach(a, nil): %v", err)
	}
	m, err := mem.NewMonitor(mem.MonitorConfig{Root: "../../testdata/sysmem/nocgroup"})
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if msg, _ := recover().(string); !strings.Contains(msg, "RegisterTrimmer") {
				t.Errorf("RegisterTrimmer(nil): recovered %q", msg)
			}
		}()
		m.RegisterTrimmer(nil)
	}()
	func() {
		defer func() {
			if msg, _ := recover().(string); !strings.Contains(msg, "OnPressureChange") {
				t.Errorf("OnPressureChange(nil): recovered %q", msg)
			}
		}()
		m.OnPressureChange(nil)
	}()
	if _, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithNUMAAwareness(nilPlacer{})); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("a placer with a nil node allocator: %v", err)
	}
	if err := mem.WithArena(1<<20, nil); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("WithArena(n, nil): %v", err)
	}
	p := mem.NewProfiler()
	if _, err := p.Profile(nil); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Profile(nil): %v", err)
	}
	if _, _, err := mem.ProfileValue[int](p, nil); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ProfileValue(p, nil): %v", err)
	}
}

// nilPlacer reports one node whose allocator is nil.
type nilPlacer struct{}

func (nilPlacer) NodeCount() int                           { return 1 }
func (nilPlacer) CurrentNode() int                         { return 0 }
func (nilPlacer) NodeAllocator(int) (mem.Allocator, error) { return nil, nil }

// fakeTB records what AssertSize reports.
type fakeTB struct{ errs []string }

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func leakySite(a mem.Allocator) []byte {
	b, _ := a.Alloc(4321, 8)
	return b
}

func TestCheckedNamesEachLeak(t *testing.T) {
	c := mem.NewChecked(mem.NewSystem())
	b := leakySite(c)
	var ok fakeTB
	c.AssertSize(&ok, 4321)
	if len(ok.errs) != 0 {
		t.Fatalf("AssertSize(4321) with 4321 live: %v", ok.errs)
	}
	var tb fakeTB
	c.AssertSize(&tb, 0)
	if len(tb.errs) != 1 {
		t.Fatalf("AssertSize(0) with a leak reported %d errors", len(tb.errs))
	}
	msg := tb.errs[0]
	for _, want := range []string{"4321 bytes live, want 0", "mem_test.leakySite", "wrappers_test.go:", "mem_test.TestCheckedNamesEachLeak"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("report lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "(*Checked).Alloc") {
		t.Fatalf("report starts inside the allocator:\n%s", msg)
	}
	leaks := c.Leaks()
	if len(leaks) != 1 || leaks[0].Size != 4321 || leaks[0].Addr != addrOf(b) {
		t.Fatalf("Leaks: %v", leaks)
	}
	mustFree(t, c, b)
	c.AssertSize(t, 0)
}

func TestLoggingRecords(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l := mem.WithLogging(checked(t, mem.NewSystem()), log)
	b := mustAlloc(t, l, 100, 64)
	b, err := l.Realloc(b, 200, 64)
	if err != nil {
		t.Fatal(err)
	}
	mustFree(t, l, b)
	l.Free(b)
	l.Alloc(0, 8)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := [][]string{
		{"level=DEBUG", "msg=mem", "op=Alloc", "size=100", "align=64", "addr=0x"},
		{"op=Realloc", "size=200", "align=64", "addr=0x", "old=0x", "old_size=100"},
		{"op=Free", "size=200", "addr=0x"},
		{"op=Free", `error="mem: buffer freed twice`},
		{"op=Alloc", "size=0", `error="mem: invalid size`},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d records, want %d:\n%s", len(lines), len(want), buf.String())
	}
	for i, w := range want {
		for _, s := range w {
			if !strings.Contains(lines[i], s) {
				t.Fatalf("record %d lacks %q: %s", i, s, lines[i])
			}
		}
	}
}

func TestLoggingDisabledAllocatesNothing(t *testing.T) {
	info := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	l := mem.WithLogging(a, info)
	if n := testing.AllocsPerRun(100, func() {
		b, _ := l.Alloc(64, 8)
		l.Free(b)
	}); n != 0 {
		t.Fatalf("%v allocations per Alloc+Free with Debug off", n)
	}
}

func TestWrappersUnwrap(t *testing.T) {
	sys := mem.NewSystem()
	for _, w := range []mem.Allocator{
		mem.WithLogging(sys, nil), mem.NewChecked(sys), mem.NewFaulty(sys, mem.FaultConfig{}), mem.NewBudget(sys, 1),
	} {
		if u, ok := w.(mem.Wrapper); !ok || u.Unwrap() != mem.Allocator(sys) {
			t.Fatalf("%T does not unwrap to its inner allocator", w)
		}
	}
}

func BenchmarkLogging(b *testing.B) {
	p, err := mem.NewArena(1 << 20)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	off := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	on := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, c := range []struct {
		name string
		a    mem.Allocator
	}{{"Arena", p}, {"LoggingOff", mem.WithLogging(p, off)}, {"LoggingDebug", mem.WithLogging(p, on)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				x, _ := c.a.Alloc(64, 8)
				c.a.Free(x)
			}
		})
	}
}

//go:noinline
func leakOnSecondFailure(a mem.Allocator) error {
	x, err := a.Alloc(100, 8)
	if err != nil {
		return err
	}
	y, err := a.Alloc(200, 8)
	if err != nil {
		return err // x leaks
	}
	a.Free(y)
	return a.Free(x)
}

func TestFailEachFindsBrokenPaths(t *testing.T) {
	n, err := mem.FailEach(mem.NewSystem(), func(a mem.Allocator) error {
		x, err := a.Alloc(100, 8)
		if err != nil {
			return err
		}
		return a.Free(x)
	})
	if n != 1 || err != nil {
		t.Fatalf("a clean run: %d sites, %v", n, err)
	}
	n, err = mem.FailEach(mem.NewSystem(), leakOnSecondFailure)
	if n != 2 || err == nil || !strings.Contains(err.Error(), "allocation 2 failed: 100 bytes left live") || !strings.Contains(err.Error(), "mem_test.leakOnSecondFailure") {
		t.Fatalf("a leak on the second failure: %d sites, %v", n, err)
	}
	_, err = mem.FailEach(mem.NewSystem(), func(a mem.Allocator) error {
		if x, err := a.Alloc(8, 8); err == nil {
			a.Free(x)
		}
		return nil // swallows the failure
	})
	if err == nil || !strings.Contains(err.Error(), "want an error wrapping ErrOutOfMemory") {
		t.Fatalf("a swallowed failure: %v", err)
	}
	sys := mem.NewSystem()
	var kept []byte
	_, err = mem.FailEach(mem.NewSystem(), func(mem.Allocator) error {
		kept, _ = sys.Alloc(64, 8) // a temporary of its own, never freed
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "left 1 buffers (64 bytes) live") {
		t.Fatalf("a leak on another allocator: %v", err)
	}
	sys.Free(kept)
}

// TestLoggingLevel: WithLogging logs at Debug, which an Info handler
// drops, and at the Level set, which it prints.
func TestLoggingLevel(t *testing.T) {
	var out strings.Builder
	info := slog.New(slog.NewTextHandler(&out, nil)) // Info and above
	l := mem.WithLogging(mem.NewSystem(), info)
	if l.Level != slog.LevelDebug {
		t.Fatalf("default Level %v, want DEBUG", l.Level)
	}
	b := mustAlloc(t, l, 64, 8)
	mustFree(t, l, b)
	if out.Len() != 0 {
		t.Fatalf("Debug records printed by an Info handler: %q", out.String())
	}
	l.Level = slog.LevelWarn
	b = mustAlloc(t, l, 64, 8)
	mustFree(t, l, b)
	if n := strings.Count(out.String(), "level=WARN msg=mem"); n != 2 {
		t.Fatalf("%d WARN records after Level = Warn, want 2:\n%s", n, out.String())
	}
}
