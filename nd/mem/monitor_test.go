package mem

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/internal/sysmem"
)

func sysmemTree(name string) string {
	return filepath.Join("..", "..", "testdata", "sysmem", name)
}

// fakeClock is a clock tests move by hand.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// fakeTree copies a tree from testdata into a temporary directory, where
// tests rewrite its files.
type fakeTree struct {
	t    *testing.T
	root string
}

func newFakeTree(t *testing.T, from string) *fakeTree {
	t.Helper()
	root := t.TempDir()
	src := sysmemTree(from)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fakeTree{t, root}
}

// set replaces a file at once (write and rename), as the kernel's files
// change between two reads, never within one.
func (f *fakeTree) set(rel, content string) {
	p := filepath.Join(f.root, rel)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fakeTree) psi(some, full float64) {
	f.set("sys/fs/cgroup/app/memory.pressure", fmt.Sprintf(
		"some avg10=%.2f avg60=0.00 avg300=0.00 total=1\nfull avg10=%.2f avg60=0.00 avg300=0.00 total=1\n", some, full))
}

// String formats a change for test messages.
func (c change) String() string { return c.old.String() + "->" + c.new.String() }

// tick makes the running monitor take a sample at the clock's time and
// waits until it has.
func tick(m *Monitor, clock *fakeClock, ticks chan<- time.Time) {
	ticks <- clock.now()
	for m.sampledAt.Load() != clock.ns.Load() {
		runtime.Gosched()
	}
}

// newTestMonitor makes a monitor on root with a fake clock and a tick
// channel the test drives.
func newTestMonitor(t *testing.T, cfg MonitorConfig) (*Monitor, *fakeClock, chan time.Time) {
	t.Helper()
	m, err := NewMonitor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &fakeClock{}
	c.ns.Store(time.Now().UnixNano())
	ticks := make(chan time.Time)
	m.now, m.ticks = c.now, ticks
	return m, c, ticks
}

func TestMonitorLevelsFromTrees(t *testing.T) {
	for _, c := range []struct {
		tree    string
		want    Pressure
		decided string
	}{
		{"level-low", Low, ""},
		{"level-medium", Medium, "PSI /sys/fs/cgroup/app/memory.pressure"},
		{"level-high", High, "PSI /sys/fs/cgroup/app/memory.pressure"},
		{"level-critical", Critical, "PSI /sys/fs/cgroup/app/memory.pressure"},
		{"nocgroup", Low, ""},
		{"psi-nofull", Medium, "PSI /proc/pressure/memory"},
		{"v2-nested", High, "cgroup /sys/fs/cgroup/pod memory.high"},
		{"v1", Low, ""},
	} {
		m, err := NewMonitor(MonitorConfig{Root: sysmemTree(c.tree)})
		if err != nil {
			t.Fatalf("%s: %v", c.tree, err)
		}
		r := m.Reading()
		if r.Level != c.want || r.Decided != c.decided || m.CurrentPressure() != c.want {
			t.Errorf("%s: %s", c.tree, r)
		}
	}
}

func TestMonitorCriticalSignals(t *testing.T) {
	m, err := NewMonitor(MonitorConfig{Root: sysmemTree("level-critical")})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Reading()
	// Both the PSI (full avg10 72.5% > 60%) and the room under memory.max
	// (24 MiB of 1 GiB) are critical; PSI comes first.
	got := map[string]Pressure{}
	for _, s := range r.Signals {
		got[s.Name] = s.Level
	}
	if got["cgroup /sys/fs/cgroup/app memory.max"] != Critical || got["PSI /sys/fs/cgroup/app/memory.pressure"] != Critical {
		t.Fatalf("signals: %s", r)
	}
	if r.Available != 24<<20 || r.AvailableBound != "cgroup /sys/fs/cgroup/app memory.max" || m.AvailableMemory() != 24<<20 {
		t.Fatalf("available %d (%s)", r.Available, r.AvailableBound)
	}
}

func TestMonitorBadTrees(t *testing.T) {
	for _, tree := range []string{"bad-psi-truncated", "bad-psi-value", "bad-events", "bad-meminfo", "bad-oomcontrol"} {
		_, err := NewMonitor(MonitorConfig{Root: sysmemTree(tree)})
		if !errors.Is(err, sysmem.ErrParse) || !strings.Contains(err.Error(), "line") {
			t.Errorf("%s: %v, want a parse error naming the line", tree, err)
		}
	}
}

func TestMonitorConfigErrors(t *testing.T) {
	for _, cfg := range []MonitorConfig{
		{Interval: 100 * time.Millisecond},
		{Budget: -1},
		{Thresholds: PressureThresholds{SomeMedium: 120}},
		{Thresholds: PressureThresholds{Hysteresis: 1}},
		{Trigger: TriggerConfig{Kind: "most"}},
		{Trigger: TriggerConfig{Stall: 3 * time.Second, Window: 2 * time.Second}},
		{AutoMemLimit: &AutoMemLimit{Ratio: 1.5}},
	} {
		cfg.Root = sysmemTree("level-low")
		if _, err := NewMonitor(cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}

// TestMonitorTransitions moves PSI up through every level and down again,
// checking the hysteresis margin both ways.
func TestMonitorTransitions(t *testing.T) {
	f := newFakeTree(t, "level-low")
	m, clock, _ := newTestMonitor(t, MonitorConfig{Root: f.root})
	var got []change
	var mu sync.Mutex
	unreg := m.OnPressureChange(func(old, new Pressure) {
		mu.Lock()
		got = append(got, change{old, new})
		mu.Unlock()
	})
	defer unreg()
	steps := []struct {
		some, full float64
		want       Pressure
	}{
		{9.9, 0, Low},
		{10, 0, Medium},
		{8.5, 0, Medium}, // within 20% of 10: stays
		{7.9, 0, Low},    // past the margin: drops
		{30, 5, High},
		{30, 4.1, High}, // 4.1 >= 5*0.8
		{30, 3.9, Medium},
		{80, 60, Critical},
		{80, 48, Critical},
		{80, 47, High},
		{0, 0, Low},
	}
	for i, s := range steps {
		f.psi(s.some, s.full)
		clock.advance(time.Second)
		if lv := m.CurrentPressure(); lv != s.want {
			t.Fatalf("step %d (some %.1f full %.1f): %v, want %v\n%s", i, s.some, s.full, lv, s.want, m.Reading())
		}
	}
	// Not sampled again within the Interval.
	f.psi(90, 90)
	clock.advance(500 * time.Millisecond)
	if lv := m.CurrentPressure(); lv != Low {
		t.Fatalf("sampled within the interval: %v", lv)
	}
	m.cbs.Wait()
	mu.Lock()
	defer mu.Unlock()
	want := []change{{Low, Medium}, {Medium, Low}, {Low, High}, {High, Medium}, {Medium, Critical}, {Critical, High}, {High, Low}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("callbacks saw %v, want %v", got, want)
	}
}

// TestMonitorRoomHysteresis moves memory.current under a 1 GiB
// memory.max through the thresholds of the room left, both ways.
func TestMonitorRoomHysteresis(t *testing.T) {
	f := newFakeTree(t, "level-low")
	m, clock, _ := newTestMonitor(t, MonitorConfig{Root: f.root})
	for i, s := range []struct {
		currentMiB int
		want       Pressure
	}{
		{800, Low},       // 21.9% free
		{830, Medium},    // 18.9%: under 20%
		{800, Medium},    // 21.9%: within the margin (leaves at 25%)
		{760, Low},       // 25.8%
		{990, Critical},  // 3.3%: under 5%
		{965, Critical},  // 5.8%: within the margin (leaves at 6.25%)
		{950, High},      // 7.2%: under 10%
		{1030, Critical}, // over the limit: no room at all
		{0, Low},
	} {
		f.set("sys/fs/cgroup/app/memory.current", fmt.Sprintf("%d\n", s.currentMiB<<20))
		clock.advance(time.Second)
		if lv := m.CurrentPressure(); lv != s.want {
			t.Fatalf("step %d (%d MiB used): %v, want %v\n%s", i, s.currentMiB, lv, s.want, m.Reading())
		}
	}
}

func TestMonitorEventsRiseAndHold(t *testing.T) {
	f := newFakeTree(t, "level-low")
	m, clock, _ := newTestMonitor(t, MonitorConfig{Root: f.root})
	events := func(high, oomKill int) {
		f.set("sys/fs/cgroup/app/memory.events", fmt.Sprintf("low 0\nhigh %d\nmax 0\noom 0\noom_kill %d\n", high, oomKill))
	}
	step := func(d time.Duration, want Pressure) {
		t.Helper()
		clock.advance(d)
		if lv := m.CurrentPressure(); lv != want {
			t.Fatalf("%v, want %v\n%s", lv, want, m.Reading())
		}
	}
	events(3, 0)
	step(time.Second, Medium) // high rose: reclaim at memory.high
	step(5*time.Second, Medium)
	events(3, 1)
	step(time.Second, Critical) // an OOM kill in the cgroup
	step(9*time.Second, Critical)
	step(2*time.Second, Low) // held 10 s, then gone
	if r := m.Reading(); r.Decided != "" {
		t.Fatalf("decided by %q at Low", r.Decided)
	}
}

func TestMonitorBudget(t *testing.T) {
	f := newFakeTree(t, "level-low")
	// A fake statm: 200 MiB resident (pages of this machine's size).
	f.set("proc/self/statm", fmt.Sprintf("100000 %d 0 0 0 0 0\n", (200<<20)/osmem.PageSize()))
	m, _, _ := newTestMonitor(t, MonitorConfig{Root: f.root, Budget: 210 << 20})
	r := m.Reading()
	if r.Level != Critical || r.Decided != "budget" || r.AvailableBound != "budget" || r.Available > 10<<20 {
		t.Fatalf("%s\navailable %d (%s)", r, r.Available, r.AvailableBound)
	}
}

func TestMonitorReadErrorKeepsLevel(t *testing.T) {
	f := newFakeTree(t, "level-medium")
	var logged bytes.Buffer
	m, clock, _ := newTestMonitor(t, MonitorConfig{Root: f.root, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	f.set("sys/fs/cgroup/app/memory.pressure", "some avg10=1.00\n")
	clock.advance(time.Second)
	r := m.Reading()
	if r.Level != Medium || !errors.Is(r.Err, sysmem.ErrParse) || !strings.Contains(logged.String(), "memory.pressure") {
		t.Fatalf("%s\nlog: %s", r, logged.String())
	}
}

// TestMonitorTriggerFallback checks the trigger's window rounding and the
// fall back to sampling, with a kernel that refuses what an unprivileged
// process may not do.
func TestMonitorTriggerFallback(t *testing.T) {
	var tried []string
	refuse := func(allow func(window time.Duration) bool) func(string, string, time.Duration, time.Duration) (*osmem.PSITrigger, error) {
		return func(path, kind string, stall, window time.Duration) (*osmem.PSITrigger, error) {
			tried = append(tried, fmt.Sprintf("%s %v %v", kind, stall, window))
			if allow(window) {
				return osmem.OpenPSITrigger("/proc/pressure/memory", kind, stall, window)
			}
			return nil, fmt.Errorf("write: %w", syscall.EPERM)
		}
	}
	if _, err := os.Stat("/proc/pressure/memory"); err != nil {
		t.Skip("no PSI on this machine")
	}
	m, err := NewMonitor(MonitorConfig{Trigger: TriggerConfig{Stall: 150 * time.Millisecond, Window: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	m.openTrigger = refuse(func(w time.Duration) bool { return w%(2*time.Second) == 0 })
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	st := m.Reading().Trigger
	m.Stop()
	// Each pressure file is tried with the configured window, then the
	// wider one. Where the kernel itself also refuses the allowed trigger
	// (unprivileged PSI triggers are refused on some kernels) the next
	// file is tried the same way, so the sequence repeats per file.
	if !pairsOf(tried, "some 150ms 1s", "some 300ms 2s") {
		t.Fatalf("tried %q", tried)
	}
	if !strings.HasPrefix(st, "some 300000 2000000 on ") && !strings.HasPrefix(st, "off") {
		t.Fatalf("trigger %q", st)
	}
	if strings.HasPrefix(st, "off") {
		t.Logf("this kernel refused the allowed trigger too: %s", st)
	}

	tried = nil
	m.openTrigger = refuse(func(time.Duration) bool { return false })
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	st = m.Reading().Trigger
	m.Stop()
	if !pairsOf(tried, "some 150ms 1s", "some 300ms 2s") || !strings.Contains(st, "sampling avg10") {
		t.Fatalf("tried %q, trigger %q", tried, st)
	}

	// A cgroup file the kernel refuses us: the host's serves.
	m.openTrigger = osmem.OpenPSITrigger
	m.psiPath = filepath.Join(t.TempDir(), "memory.pressure") // not there: ENOENT
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	st = m.Reading().Trigger
	m.Stop()
	// Armed there, or (where the kernel refuses this process) tried there.
	if !strings.Contains(st, "/proc/pressure/memory") {
		t.Fatalf("trigger %q, want the host's file", st)
	}
}

// TestMonitorCallbacks: in order per callback, a slow one stalls neither
// sampling nor the others, a panic is reported.
func TestMonitorCallbacks(t *testing.T) {
	f := newFakeTree(t, "level-low")
	var logged syncBuffer
	m, clock, ticks := newTestMonitor(t, MonitorConfig{Root: f.root, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	release := make(chan struct{})
	var fast []change
	var fastMu sync.Mutex
	fastDone := make(chan struct{}, 16)
	slowStarted := make(chan struct{}, 16)
	defer m.OnPressureChange(func(old, new Pressure) {
		slowStarted <- struct{}{}
		<-release
	})()
	defer m.OnPressureChange(func(old, new Pressure) { panic("callback bug") })()
	defer m.OnPressureChange(func(old, new Pressure) {
		fastMu.Lock()
		fast = append(fast, change{old, new})
		fastMu.Unlock()
		fastDone <- struct{}{}
	})()
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	levels := []struct{ some, full float64 }{{20, 0}, {20, 10}, {0, 0}, {90, 90}}
	for _, l := range levels {
		f.psi(l.some, l.full)
		clock.advance(time.Second)
		tick(m, clock, ticks) // sampled while the slow callback is blocked
		<-fastDone
	}
	<-slowStarted
	close(release)
	m.Stop()
	fastMu.Lock()
	want := "[low->medium medium->high high->low low->critical]"
	if fmt.Sprint(fast) != want {
		t.Fatalf("fast callback saw %v, want %s", fast, want)
	}
	fastMu.Unlock()
	if n := strings.Count(logged.String(), "callback bug"); n != 4 {
		t.Fatalf("%d panics logged, want 4:\n%s", n, logged.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMonitorCallbacksRace registers and unregisters callbacks while the
// sampler runs and the level moves (run it under -race).
func TestMonitorCallbacksRace(t *testing.T) {
	f := newFakeTree(t, "level-low")
	m, clock, ticks := newTestMonitor(t, MonitorConfig{Root: f.root})
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var calls atomic.Int64
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				unreg := m.OnPressureChange(func(old, new Pressure) { calls.Add(1) })
				_ = m.CurrentPressure()
				_ = m.Reading()
				unreg()
			}
		}()
	}
	keep := m.OnPressureChange(func(old, new Pressure) { calls.Add(1) })
	for i := 0; i < 40; i++ {
		f.psi(float64(i%2)*50, 0)
		clock.advance(time.Second)
		tick(m, clock, ticks)
	}
	close(stop)
	wg.Wait()
	m.Stop()
	keep()
	if calls.Load() < 39 {
		t.Fatalf("%d callback calls for 39 changes", calls.Load())
	}
}

// TestMonitorNoLeak: Start arms the trigger and the sampler, Stop ends
// every goroutine.
func TestMonitorNoLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 3 {
		m, err := NewMonitor(MonitorConfig{AutoMemLimit: &AutoMemLimit{}})
		if err != nil {
			t.Fatal(err)
		}
		defer m.OnPressureChange(func(old, new Pressure) {})()
		if err := m.Start(); err != nil {
			t.Fatal(err)
		}
		if err := m.Start(); err != nil { // a second Start does nothing
			t.Fatal(err)
		}
		_ = m.CurrentPressure()
		m.Stop()
		m.Stop()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after Stop, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestAutoMemLimitFollowsArenas: with a cgroup limit of 2 GiB more than
// what is mapped now, the Go limit starts at 0.9 of it less off-heap bytes,
// falls as arena memory rises, stops at the floor and comes back.
func TestAutoMemLimitFollowsArenas(t *testing.T) {
	f := newFakeTree(t, "level-low")
	limit := offHeap() + 2<<30
	f.set("sys/fs/cgroup/app/memory.max", fmt.Sprintf("%d\n", limit))
	ratio := 0.9
	base := int64(ratio * float64(limit))
	floor := base - offHeap() - 600<<20
	userLimit := debug.SetMemoryLimit(-1)
	m, _, _ := newTestMonitor(t, MonitorConfig{Root: f.root, AutoMemLimit: &AutoMemLimit{Step: 1 << 20, Floor: floor}})
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	other, _ := NewMonitor(MonitorConfig{Root: f.root, AutoMemLimit: &AutoMemLimit{}})
	if err := other.Start(); !errors.Is(err, ErrAutoMemLimitInUse) {
		t.Fatalf("second AutoMemLimit monitor: %v", err)
	}
	settle := func(want func() int64) int64 {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		for {
			got := debug.SetMemoryLimit(-1)
			if got == want() || time.Now().After(deadline) {
				return got
			}
			time.Sleep(time.Millisecond)
		}
	}
	expect := func() int64 { return max(base-offHeap(), floor) }
	l0 := settle(expect)
	if l0 != expect() {
		t.Fatalf("limit %d, want %d (0.9 × %d less %d off-heap)", l0, expect(), limit, offHeap())
	}
	a, err := NewArena(300 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Alloc(300<<20-4096, 8); err != nil { // off-heap memory counts as it is used
		t.Fatal(err)
	}
	l1 := settle(expect)
	if l0-l1 < 300<<20-1<<20 || l1 != expect() {
		t.Fatalf("limit %d after a 300 MiB arena, was %d", l1, l0)
	}
	if r := m.Reading(); !strings.Contains(r.MemLimit, "= 0.90 × ") || !strings.Contains(r.MemLimit, "(cgroup /sys/fs/cgroup/app memory.max)") {
		t.Fatalf("MemLimit %q", r.MemLimit)
	}
	b, err := NewArena(700 << 20) // 1000 MiB more off-heap: under the floor
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Alloc(700<<20-4096, 8); err != nil {
		t.Fatal(err)
	}
	if l2 := settle(func() int64 { return floor }); l2 != floor {
		t.Fatalf("limit %d, want the floor %d", l2, floor)
	}
	if r := m.Reading(); !strings.Contains(r.MemLimit, "raised to the floor") {
		t.Fatalf("MemLimit %q", r.MemLimit)
	}
	b.Close()
	a.Close()
	if l3 := settle(expect); l3 != l0 {
		t.Fatalf("limit %d after release, want %d", l3, l0)
	}
	m.Stop()
	if got := debug.SetMemoryLimit(-1); got != userLimit {
		t.Fatalf("limit %d after Stop, want the previous %d", got, userLimit)
	}
}

func TestTriggerGCTrims(t *testing.T) {
	m, err := NewMonitor(MonitorConfig{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewArena(8 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, err := NewPool(4096, 64)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	defer m.RegisterTrimmer(a)()
	unregPool := m.RegisterTrimmer(p)

	b, _ := a.Alloc(4<<20, 4096)
	clear(b)
	_ = a.Free(b)
	var blocks [][]byte
	for range 8 {
		blk, _ := p.Get()
		blk[0] = 1
		blocks = append(blocks, blk)
	}
	for i, blk := range blocks {
		if i != 3 { // block 3 stays in use
			_ = p.Put(blk)
		}
	}
	r, err := m.TriggerGC()
	if err != nil {
		t.Fatal(err)
	}
	// The arena's 4 MiB block and the page of its header; the
	// pool's 7 free dirty blocks of one page each.
	if r.Trimmed != 4<<20+8*4096 && osmem.PageSize() == 4096 {
		t.Fatalf("trimmed %d: %+v", r.Trimmed, r)
	}
	if r.Released() < r.Trimmed {
		t.Fatalf("%+v", r)
	}
	if r2, _ := m.TriggerGC(); r2.Trimmed != 0 {
		t.Fatalf("trimmed %d again", r2.Trimmed)
	}
	blk, _ := p.Get() // a trimmed block reads as zero
	if blk[0] != 0 {
		t.Fatal("trimmed pool block not zero")
	}
	unregPool()
	_ = p.Put(blk)
	if r3, _ := m.TriggerGC(); r3.Trimmed != 0 {
		t.Fatalf("unregistered pool trimmed: %d", r3.Trimmed)
	}
	_ = p.Put(blocks[3])
}

// TestMonitorThisMachine reads this machine's own files and checks the
// level against them.
func TestMonitorThisMachine(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc")
	}
	m, err := NewMonitor(MonitorConfig{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Reading()
	l, err := sysmem.ReadPressure("/")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s\navailable %d (%s)", r, r.Available, r.AvailableBound)
	th, _ := PressureThresholds{}.withDefaults()
	frac := float64(l.MemAvailable) / float64(l.MemTotal)
	switch {
	case l.PSI.Known && l.PSI.Full.Avg10 >= th.FullCritical*1.2, frac <= th.AvailCritical/1.2:
		if r.Level != Critical {
			t.Fatalf("the files say critical, the monitor %v", r.Level)
		}
	case r.Level == Low:
		if l.PSI.Known && l.PSI.Some.Avg10 >= th.SomeMedium*1.2 || frac < th.AvailMedium/1.2 {
			t.Fatalf("the files show pressure (PSI %+v, %.1f%% available), the monitor says low", l.PSI, 100*frac)
		}
	}
	if r.Level > Low && r.Decided == "" {
		t.Fatal("no deciding signal")
	}
	if avail, _ := l.Available(); r.Available > avail+256<<20 || r.Available < avail-256<<20 {
		t.Fatalf("AvailableMemory %d, the files %d", r.Available, avail)
	}
}

// TestMonitorSampleNow: Sample reads the signals at once, within the
// Interval and without Start, and a level change it sees runs the
// callbacks; TriggerGC reports the process's RSS under a fake Root, and
// GCReport prints on one line.
func TestMonitorSampleNow(t *testing.T) {
	f := newFakeTree(t, "level-low")
	m, _, _ := newTestMonitor(t, MonitorConfig{Root: f.root})
	changes := make(chan change, 4)
	defer m.OnPressureChange(func(old, new Pressure) { changes <- change{old, new} })()
	f.psi(30, 5)
	if lv := m.CurrentPressure(); lv != Low {
		t.Fatalf("CurrentPressure re-sampled within the Interval: %v", lv)
	}
	r, err := m.Sample()
	if err != nil || r.Level != High || m.CurrentPressure() != High {
		t.Fatalf("Sample: %v, %v; CurrentPressure %v; want High", r.Level, err, m.CurrentPressure())
	}
	select {
	case c := <-changes:
		if c != (change{Low, High}) {
			t.Fatalf("callback saw %v, want low->high", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no callback after Sample changed the level")
	}

	rep, err := m.TriggerGC()
	if err != nil {
		t.Fatal(err)
	}
	if rep.RSSBefore <= 0 || rep.RSSAfter <= 0 {
		t.Fatalf("TriggerGC under a fake Root: RSS %d -> %d, want the process's", rep.RSSBefore, rep.RSSAfter)
	}
	s := GCReport{HeapReleased: 3 << 20, Trimmed: 1 << 20, RSSBefore: 10 << 20, RSSAfter: -1}.String()
	if want := "released 4.0 MiB (heap 3.0 MiB, trimmed 1.0 MiB); RSS 10.0 MiB -> unknown"; s != want {
		t.Fatalf("GCReport.String() = %q, want %q", s, want)
	}
}

// pairsOf reports whether tried is one or more repetitions of first, then
// second.
func pairsOf(tried []string, first, second string) bool {
	if len(tried) == 0 || len(tried)%2 != 0 {
		return false
	}
	for i := 0; i < len(tried); i += 2 {
		if tried[i] != first || tried[i+1] != second {
			return false
		}
	}
	return true
}
