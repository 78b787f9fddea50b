package mem

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/internal/sysmem"
)

// Monitor reports memory pressure as the kernel sees it, the memory this
// process can still take, and calls back when the level changes. It reads
// the kernel's own signals, never counters of its own:
//
//   - pressure stall information (PSI): the process's cgroup v2
//     memory.pressure and the host's /proc/pressure/memory, sampled, and
//     a PSI trigger the kernel wakes while the monitor runs;
//   - cgroup memory.events (v2) or memory.failcnt and memory.oom_control
//     (v1): a rise of the oom or oom_kill counters (Critical), or of high
//     or max (Medium: the cgroup reclaims at its limit);
//   - the room left under every cgroup limit up the hierarchy
//     (memory.max, memory.high; v1 memory.limit_in_bytes), because a
//     parent's limit binds too, and MemAvailable against MemTotal;
//   - an optional byte budget for the process (MonitorConfig.Budget).
//
// Each signal gives a level (see PressureThresholds for the defaults and
// where they come from) and the strongest wins; Reading says which one
// decided and what each read.
//
//	m, err := mem.NewMonitor(mem.MonitorConfig{})
//	if err != nil { ... }
//	if m.CurrentPressure() >= mem.High { ... free what can be freed ... }
//	if m.AvailableMemory() < 1<<30 { ... refuse the large allocation ... }
//
// A Monitor answers at once from its last sample. Without Start it samples
// when asked, at most once per Interval; after Start it samples every
// Interval on a goroutine of its own, arms the PSI trigger, and keeps
// GOMEMLIMIT in step with numgo's off-heap memory when AutoMemLimit is
// set. Stop ends all of it. Sample takes a sample now, whatever the
// Interval (a test need not wait for one). Every sample that changes the
// level runs the OnPressureChange callbacks, whoever took it: the running
// monitor, Sample, or a question asked of a monitor not running.
//
// A Monitor is safe for concurrent use.
type Monitor struct {
	cfg MonitorConfig
	th  PressureThresholds
	log *slog.Logger

	// Test hooks: the clock, the ticks that drive sampling (nil: a ticker
	// of cfg.Interval) and the trigger opener.
	now         func() time.Time
	ticks       <-chan time.Time
	openTrigger func(path, kind string, stall, window time.Duration) (*osmem.PSITrigger, error)

	mu      sync.Mutex // sampling state and reading
	reading PressureReading
	prev    map[string]Pressure // each signal's last level, for hysteresis
	events  map[string]sysmem.Events
	holds   map[string]hold
	lastErr string
	psiPath string // where the trigger goes: the cgroup's memory.pressure, or the host's

	// level and sampledAt (UnixNano) mirror reading for a lock-free
	// CurrentPressure.
	level     atomic.Int32
	sampledAt atomic.Int64

	subsMu sync.Mutex
	subs   []*subscriber
	cbs    sync.WaitGroup // callback goroutines

	trimMu   sync.Mutex
	trimmers []*trimmerEntry

	runMu   sync.Mutex
	running atomic.Bool
	stop    chan struct{}
	nudge   chan struct{}
	wg      sync.WaitGroup
	trigger *osmem.PSITrigger
	trigSt  atomic.Pointer[string] // the trigger's state, for Reading
	fired   atomic.Int64           // UnixNano of the trigger's last event
	limiter *memLimiter
}

// MonitorConfig configures a Monitor. The zero value is ready to use: the
// real machine, a sample a second, the default thresholds, the default PSI
// trigger, no budget, GOMEMLIMIT left alone.
type MonitorConfig struct {
	// Root stands for "/" in every file the monitor reads; tests point it
	// at a fake tree. Empty means "/". The PSI trigger is armed only on
	// the real "/" (a fake tree's files are not the kernel's).
	Root string
	// Interval is the time between samples while the monitor runs, and
	// the age after which a sample is renewed when asked. Zero means 1 s,
	// which is also the least: the kernel updates the PSI averages every
	// 2 s, and systemd-oomd samples at 1 s for that reason. Sample
	// samples at once, for a test or a caller that cannot wait.
	Interval time.Duration
	// Budget is a byte budget for the process, 0 for none: the larger of
	// its resident set (/proc/self/statm) and what the Go runtime and
	// numgo's off-heap allocators hold is measured against it.
	Budget int64
	// Thresholds are the levels' thresholds; zero fields take the
	// defaults.
	Thresholds PressureThresholds
	// Trigger is the PSI trigger armed while the monitor runs.
	Trigger TriggerConfig
	// AutoMemLimit, when set, keeps the Go runtime's memory limit at the
	// process's limit × Ratio less numgo's off-heap bytes while the
	// monitor runs (see AutoMemLimit).
	AutoMemLimit *AutoMemLimit
	// Logger receives read errors and callback panics; nil means
	// slog.Default().
	Logger *slog.Logger
}

// PressureThresholds are the thresholds of the levels. A signal enters a
// level when it crosses the level's threshold, and leaves it only when it
// is back past the threshold by the Hysteresis margin, so a reading that
// hovers at a threshold does not flap. A zero field takes its default; a
// negative one turns that check off.
type PressureThresholds struct {
	// SomeMedium is the PSI "some" avg10 (percent) from which pressure is
	// Medium. Default 10: systemd's sd-event memory pressure hook fires on
	// "some 200ms" in a 2 s window (sd_event_add_memory_pressure), 10% of
	// the time.
	SomeMedium float64
	// FullHigh is the PSI "full" avg10 (percent) from which pressure is
	// High. Default 5: GLib's GMemoryMonitorPsi gives its critical
	// low-memory warning on "full 100ms" in a 2 s window.
	FullHigh float64
	// FullCritical is the PSI "full" avg10 (percent) from which pressure
	// is Critical. Default 60: systemd-oomd kills in a cgroup whose full
	// avg10 stays above 60% for 30 s (DefaultMemoryPressureLimit=60%,
	// DefaultMemoryPressureDurationSec=30s); Critical is raised when it
	// starts, leaving those 30 s to free memory.
	FullCritical float64
	// AvailMedium, AvailHigh and AvailCritical are the fractions of a
	// limit still free (MemAvailable of MemTotal; memory.max or
	// memory.high less memory.current; the Budget less use) under which
	// pressure is Medium, High and Critical. Defaults 0.20, 0.10 and 0.05:
	// 0.10 is the headroom of the common GOMEMLIMIT = 90% of the cgroup
	// limit (automemlimit's default ratio), the point where the Go
	// collector starts to work against the limit; 0.20 and 0.05 warn at
	// twice and half that. A cgroup's memory.high gives at most High: the
	// kernel throttles there, it does not kill.
	AvailMedium, AvailHigh, AvailCritical float64
	// CriticalBytes is the host MemAvailable under which pressure is
	// Critical whatever the fraction. Default 100 MiB: the kubelet's hard
	// eviction threshold memory.available<100Mi.
	CriticalBytes int64
	// Hysteresis is the margin, as a fraction of a threshold, by which a
	// signal must be back before its level drops. Default 0.2 (numgo's
	// choice: a PSI level entered at 10% is left under 8%).
	Hysteresis float64
	// EventHold is how long a rise of a cgroup event counter, or a PSI
	// trigger event, keeps its level. Default 10 s, the span of avg10.
	EventHold time.Duration
}

// TriggerConfig is the PSI trigger a running Monitor arms on its cgroup's
// memory.pressure (v2) or else /proc/pressure/memory. The kernel wakes the
// monitor when tasks stalled on memory for Stall within any Window; the
// monitor then samples at once (no faster than once a second) and holds
// the level at least Medium for EventHold.
type TriggerConfig struct {
	// Off disables the trigger: the monitor only samples.
	Off bool
	// Kind is "some" or "full"; empty means "some".
	Kind string
	// Stall and Window default to 200 ms in 2 s, systemd's sd-event
	// default; a Window given without a Stall stalls a tenth of it. The
	// trigger goes on the cgroup's memory.pressure, or on the host's when
	// the kernel refuses that. Unprivileged processes may only use windows of whole
	// multiples of 2 s: when the kernel refuses a trigger (EPERM or
	// EINVAL) the window is rounded up to one, with the stall scaled
	// alike, and if that is refused too the monitor samples the avg10
	// averages only (Reading.Trigger says which).
	Stall, Window time.Duration
}

// hold keeps a level until a time (cgroup events, trigger events).
type hold struct {
	level Pressure
	until time.Time
}

// Signal is one signal's reading in a PressureReading.
type Signal struct {
	// Name says what was read and where: "PSI /proc/pressure/memory",
	// "cgroup /sys/fs/cgroup/app memory.max", "MemAvailable", "budget".
	Name string
	// Level is the level this signal gives on its own.
	Level Pressure
	// Value is what it read, for people: "some avg10 12.00%, full avg10
	// 0.40%", "812 MiB of 1 GiB free (79.3%)".
	Value string
}

// PressureReading is one sample: the level, the signal that decided it,
// and what every signal read.
type PressureReading struct {
	// Level is the strongest of the signals' levels.
	Level Pressure
	// Decided names the signal that set Level ("" when Level is Low).
	Decided string
	// Signals holds every signal read, in a fixed order: PSI, cgroup
	// events, cgroup limits, MemAvailable, budget, PSI trigger.
	Signals []Signal
	// Available is what AvailableMemory returns, and AvailableBound the
	// limit that sets it.
	Available      int64
	AvailableBound string
	// OffHeap is the memory numgo holds off the Go heap now: anonymous
	// memory in use (the parts of arenas and pools handed out, ThreadSafe
	// chunks, NUMA buffers) and the sizes of mapped files, never address
	// space only reserved (an arena's unused capacity, a file mapping's
	// room to grow).
	OffHeap int64
	// GoMemLimit is the Go runtime's memory limit at the sample
	// (math.MaxInt64 when unset); MemLimit says how AutoMemLimit set it,
	// "" when it is not running.
	GoMemLimit int64
	MemLimit   string
	// Trigger says whether a PSI trigger is armed ("some 200000 2000000
	// on /proc/pressure/memory") or why not.
	Trigger string
	// Time is when the sample was taken.
	Time time.Time
	// Err is the error of the last read, if it failed: the level and
	// signals are then the last good sample's.
	Err error
}

// String formats the reading on a few lines: the level and the deciding
// signal, then each signal.
func (r PressureReading) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pressure %s", r.Level)
	if r.Decided != "" {
		fmt.Fprintf(&b, " (decided by %s)", r.Decided)
	}
	for _, s := range r.Signals {
		fmt.Fprintf(&b, "\n  %-8s %s: %s", s.Level, s.Name, s.Value)
	}
	if r.Err != nil {
		fmt.Fprintf(&b, "\n  last read failed: %v", r.Err)
	}
	return b.String()
}

// NewMonitor returns a monitor configured by cfg, having taken its first
// sample: a file that exists but cannot be parsed is an error naming the
// file and line, as is a configuration out of range.
func NewMonitor(cfg MonitorConfig) (*Monitor, error) {
	if cfg.Root == "" {
		cfg.Root = "/"
	}
	switch {
	case cfg.Interval == 0:
		cfg.Interval = time.Second
	case cfg.Interval < time.Second:
		return nil, fmt.Errorf("mem: NewMonitor: Interval %v is under 1s: PSI averages are updated every 2 s", cfg.Interval)
	}
	if cfg.Budget < 0 {
		return nil, fmt.Errorf("mem: NewMonitor: Budget %d is negative", cfg.Budget)
	}
	th, err := cfg.Thresholds.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := cfg.Trigger.check(); err != nil {
		return nil, err
	}
	m := &Monitor{
		cfg:         cfg,
		th:          th,
		log:         cfg.Logger,
		now:         time.Now,
		openTrigger: osmem.OpenPSITrigger,
		prev:        map[string]Pressure{},
		events:      map[string]sysmem.Events{},
		holds:       map[string]hold{},
	}
	if m.log == nil {
		m.log = slog.Default()
	}
	if cfg.AutoMemLimit != nil {
		if m.limiter, err = newMemLimiter(*cfg.AutoMemLimit); err != nil {
			return nil, err
		}
	}
	off := "off: the monitor is not running"
	m.trigSt.Store(&off)
	if _, err := m.sample(); err != nil {
		return nil, err
	}
	return m, nil
}

func (t PressureThresholds) withDefaults() (PressureThresholds, error) {
	def := func(x *float64, d float64) {
		if *x == 0 {
			*x = d
		}
	}
	def(&t.SomeMedium, 10)
	def(&t.FullHigh, 5)
	def(&t.FullCritical, 60)
	def(&t.AvailMedium, 0.20)
	def(&t.AvailHigh, 0.10)
	def(&t.AvailCritical, 0.05)
	def(&t.Hysteresis, 0.2)
	if t.CriticalBytes == 0 {
		t.CriticalBytes = 100 << 20
	}
	if t.EventHold == 0 {
		t.EventHold = 10 * time.Second
	}
	for _, f := range []float64{t.SomeMedium, t.FullHigh, t.FullCritical} {
		if f > 100 || math.IsNaN(f) {
			return t, fmt.Errorf("mem: PressureThresholds: PSI threshold %v is not a percentage", f)
		}
	}
	for _, f := range []float64{t.AvailMedium, t.AvailHigh, t.AvailCritical} {
		if f > 1 || math.IsNaN(f) {
			return t, fmt.Errorf("mem: PressureThresholds: free fraction %v is over 1", f)
		}
	}
	if !(t.Hysteresis < 1) || t.EventHold < 0 {
		return t, fmt.Errorf("mem: PressureThresholds: Hysteresis %v must be under 1, EventHold %v not negative", t.Hysteresis, t.EventHold)
	}
	return t, nil
}

func (c TriggerConfig) check() error {
	if c.Kind != "" && c.Kind != "some" && c.Kind != "full" {
		return fmt.Errorf("mem: TriggerConfig: Kind %q, want \"some\" or \"full\"", c.Kind)
	}
	if c.Stall < 0 || c.Window < 0 || c.Stall > c.Window && c.Window != 0 {
		return fmt.Errorf("mem: TriggerConfig: stall %v in a window of %v", c.Stall, c.Window)
	}
	return nil
}

// CurrentPressure returns the current level of memory pressure. It answers
// from the last sample; a monitor that is not running samples first when
// that is older than its Interval.
func (m *Monitor) CurrentPressure() Pressure {
	m.refresh()
	return Pressure(m.level.Load())
}

// AvailableMemory returns the bytes this process can still take before it
// meets the tightest of its limits: MemAvailable, the room under each
// cgroup limit up the hierarchy, GOMEMLIMIT, and the Budget.
// It returns math.MaxInt64 when no limit could be read.
func (m *Monitor) AvailableMemory() int64 {
	m.refresh()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reading.Available
}

// Reading returns the last sample in full: the level, the signal that
// decided it and what each signal read (refreshed as CurrentPressure
// does).
func (m *Monitor) Reading() PressureReading {
	m.refresh()
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.reading
	r.Signals = append([]Signal(nil), r.Signals...)
	r.Trigger = *m.trigSt.Load()
	return r
}

// Sample takes a sample now, whether or not the monitor runs and however
// recent the last one is, and returns it as Reading does; a level change
// runs the OnPressureChange callbacks. It is the way to see a change at
// once, in a test or after freeing memory; the error is the read's (the
// previous level is kept, as when a running monitor's read fails).
func (m *Monitor) Sample() (PressureReading, error) {
	if _, err := m.sample(); err != nil {
		return m.Reading(), err
	}
	return m.Reading(), nil
}

// refresh samples when the monitor is not running and its last sample is
// older than the Interval.
func (m *Monitor) refresh() {
	if m.running.Load() || m.now().UnixNano()-m.sampledAt.Load() < int64(m.cfg.Interval) {
		return
	}
	m.sampleNow()
}

// sampleNow takes a sample for a caller that has no one to return an
// error to: a failed read is logged (once until the error changes) and
// kept in Reading().Err.
func (m *Monitor) sampleNow() {
	_, err := m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if msg != m.lastErr && msg != "" {
		m.log.Error("mem.Monitor: reading memory signals", "err", err)
	}
	m.lastErr = msg
}

// sample reads every signal, sets the level and runs the callbacks on a
// change. It returns the new reading and the read error, if any.
func (m *Monitor) sample() (PressureReading, error) {
	m.mu.Lock()
	now := m.now()
	l, err := sysmem.ReadPressure(m.cfg.Root)
	if err != nil {
		m.reading.Err, m.reading.Time = err, now
		m.sampledAt.Store(now.UnixNano())
		r := m.reading
		m.mu.Unlock()
		return r, err
	}
	old := m.reading.Level
	r := m.evaluate(l, now)
	if m.limiter != nil && m.running.Load() {
		m.limiter.setBase(l, m.cfg.Budget)
		r.MemLimit = m.limiter.describe()
	}
	m.reading = r
	m.level.Store(int32(r.Level))
	m.sampledAt.Store(now.UnixNano())
	if r.Level != old {
		m.publish(old, r.Level)
	}
	m.mu.Unlock()
	return r, nil
}

// rootPath returns the path of a file under the monitor's root.
func (m *Monitor) rootPath(rel string) string { return filepath.Join(m.cfg.Root, rel) }

// rss returns the process's resident set from /proc/self/statm under the
// monitor's root, -1 when it cannot be read.
func (m *Monitor) rss() int64 {
	n, err := osmem.RSSFrom(m.rootPath(osmem.StatmPath))
	if err != nil {
		return -1
	}
	return n
}

// offHeap returns what numgo holds off the Go heap now.
func offHeap() int64 { return osmem.AnonMapped() + osmem.FileMapped() }

// ErrAutoMemLimitInUse is returned by Start when another running monitor's
// AutoMemLimit owns the Go memory limit: only one may at a time.
var ErrAutoMemLimitInUse = errors.New("mem: another Monitor's AutoMemLimit is running")
