package mem

import (
	"fmt"
	"math"
	"runtime/debug"

	"github.com/numgo/numgo/internal/sysmem"
)

// AutoMemLimit makes a running Monitor keep the Go runtime's soft memory
// limit (debug.SetMemoryLimit, what GOMEMLIMIT sets) at
//
//	limit × Ratio − numgo's off-heap bytes, never below Floor
//
// where limit is the tightest of the cgroup limits up the hierarchy
// (memory.max, memory.high; v1 memory.limit_in_bytes) and the Budget, or
// MemTotal when there is none, and never above the limit in force before
// Start (a GOMEMLIMIT the user set still binds). Go's limit counts only
// the Go heap and runtime: without this, arenas, pools and mapped files
// (off the heap) let the heap grow into memory they already hold, and the
// cgroup's OOM killer acts before the collector does.
//
// The monitor sets the limit at Start, re-reads the limits at every
// sample, and follows off-heap memory as it changes: every mapping and
// unmapping numgo makes notifies the monitor's goroutine, which sets the
// limit again once off-heap memory moved by Step since it last did
// (setting the limit stops the world briefly, so not at every change).
// Stop restores the limit that was in force before Start. Only one
// monitor at a time may run with AutoMemLimit.
type AutoMemLimit struct {
	// Ratio is the share of the limit given to Go and numgo together.
	// Zero means 0.9, the common choice (automemlimit's default) that
	// leaves room for what neither counts (stacks of C code, the kernel's
	// page tables, other processes in the cgroup).
	Ratio float64
	// Floor is the least the Go limit is set to, so that a process whose
	// off-heap memory nears the limit does not collect continuously. Zero
	// means 64 MiB.
	Floor int64
	// Step is how far off-heap memory must move before the limit is set
	// again. Zero means 1% of limit × Ratio, at least 1 MiB and at most
	// 64 MiB.
	Step int64
}

// memLimiter applies an AutoMemLimit. Its owner (the monitor) serializes
// calls under its mutex.
type memLimiter struct {
	cfg     AutoMemLimit
	prev    int64  // the limit before start
	base    int64  // limit × Ratio, capped by prev; 0 when no limit is known
	source  string // where the limit came from
	step    int64
	applied int64 // the limit last set; 0 when none
	off     int64 // off-heap bytes when it was set
}

func newMemLimiter(c AutoMemLimit) (*memLimiter, error) {
	if c.Ratio == 0 {
		c.Ratio = 0.9
	}
	if c.Floor == 0 {
		c.Floor = 64 << 20
	}
	if !(c.Ratio > 0 && c.Ratio <= 1) || c.Floor < 0 || c.Step < 0 {
		return nil, fmt.Errorf("mem: AutoMemLimit: Ratio %v must be in (0, 1], Floor %d and Step %d not negative", c.Ratio, c.Floor, c.Step)
	}
	return &memLimiter{cfg: c}, nil
}

// start takes ownership of the Go limit and remembers it.
func (l *memLimiter) start() error {
	select {
	case memLimitOwner <- struct{}{}:
	default:
		return ErrAutoMemLimitInUse
	}
	l.prev, l.base, l.applied = debug.SetMemoryLimit(-1), 0, 0
	return nil
}

// stop restores the limit from before start and gives up ownership.
func (l *memLimiter) stop() {
	if l.applied != 0 {
		debug.SetMemoryLimit(l.prev)
	}
	l.applied = 0
	<-memLimitOwner
}

// memLimitOwner holds a token while a monitor's AutoMemLimit owns the Go
// memory limit.
var memLimitOwner = make(chan struct{}, 1)

// setBase derives the base (limit × Ratio) from a sample and applies the
// limit when the base changed.
func (l *memLimiter) setBase(lim sysmem.Limits, budget int64) {
	limit, source := int64(math.MaxInt64), ""
	take := func(n int64, name string) {
		if n > 0 && n != sysmem.Unlimited && n < limit {
			limit, source = n, name
		}
	}
	maxFile := lim.Cgroup.MaxFile()
	for _, lv := range lim.Cgroup.Levels {
		take(lv.Max, "cgroup "+lv.Dir+" "+maxFile)
		take(lv.High, "cgroup "+lv.Dir+" memory.high")
	}
	take(budget, "budget")
	if source == "" {
		take(lim.MemTotal, "MemTotal")
	}
	base := int64(0)
	if source != "" {
		base = int64(float64(limit) * l.cfg.Ratio)
		source = fmt.Sprintf("%.2f × %s (%s)", l.cfg.Ratio, bytesStr(limit), source)
		if l.prev < base {
			base, source = l.prev, "the limit before Start"
		}
	}
	if base != l.base {
		l.base, l.source = base, source
		l.step = l.cfg.Step
		if l.step == 0 {
			l.step = min(max(base/100, 1<<20), 64<<20)
		}
		l.applied = 0 // force the next update
	}
	l.update()
}

// update sets the limit for the off-heap bytes now, when they moved by a
// step since it was last set.
func (l *memLimiter) update() {
	if l.base == 0 {
		return
	}
	off := offHeap()
	if l.applied != 0 && abs64(off-l.off) < l.step {
		return
	}
	target := max(l.base-off, l.cfg.Floor)
	debug.SetMemoryLimit(target)
	l.applied, l.off = target, off
}

// describe says how the limit was set, for PressureReading.MemLimit.
func (l *memLimiter) describe() string {
	if l.base == 0 {
		return "AutoMemLimit: no limit found, GOMEMLIMIT left as it was"
	}
	s := fmt.Sprintf("GOMEMLIMIT %s = %s − %s off-heap", bytesStr(l.applied), l.source, bytesStr(l.off))
	if l.applied == l.cfg.Floor && l.base-l.off < l.cfg.Floor {
		s += fmt.Sprintf(", raised to the floor %s", bytesStr(l.cfg.Floor))
	}
	return s
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
