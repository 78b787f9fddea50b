package mem

import (
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/numgo/numgo/internal/sysmem"
)

// check is one threshold of a signal: the signal gives level when value
// crosses threshold (upward when higher is worse, downward otherwise).
type check struct {
	level       Pressure
	value, thr  float64
	higherWorse bool
}

// enters reports whether the value crosses the threshold; stays whether it
// is still within the hysteresis margin of it.
func (c check) enters() bool {
	if c.thr < 0 {
		return false
	}
	if c.higherWorse {
		return c.value >= c.thr
	}
	return c.value <= c.thr
}

func (c check) stays(h float64) bool {
	if c.thr < 0 {
		return false
	}
	if c.higherWorse {
		return c.value >= c.thr*(1-h)
	}
	return c.value <= c.thr/(1-h)
}

// grade returns the level the checks give, with hysteresis against prev:
// the highest level a check enters, or the highest level up to prev whose
// check is still within the margin.
func grade(prev Pressure, h float64, checks ...check) Pressure {
	lv := Low
	for _, c := range checks {
		if c.level > lv && (c.enters() || c.level <= prev && c.stays(h)) {
			lv = c.level
		}
	}
	return lv
}

// evaluate turns one reading of the kernel's files into levels. The caller
// holds m.mu.
func (m *Monitor) evaluate(l sysmem.Limits, now time.Time) PressureReading {
	th := m.th
	r := PressureReading{Time: now, OffHeap: offHeap(), GoMemLimit: l.GoMemLimit}
	add := func(name string, lv Pressure, value string) {
		r.Signals = append(r.Signals, Signal{Name: name, Level: lv, Value: value})
		m.prev[name] = lv
		if lv > r.Level {
			r.Level, r.Decided = lv, name
		}
	}
	psi := func(name string, p sysmem.PSI) {
		if !p.Known {
			return
		}
		checks := []check{{Medium, p.Some.Avg10, th.SomeMedium, true}}
		value := fmt.Sprintf("some avg10 %.2f%%", p.Some.Avg10)
		if p.HasFull {
			checks = append(checks, check{High, p.Full.Avg10, th.FullHigh, true}, check{Critical, p.Full.Avg10, th.FullCritical, true})
			value += fmt.Sprintf(", full avg10 %.2f%%", p.Full.Avg10)
		} else {
			value += ", no full line"
		}
		add(name, grade(m.prev[name], th.Hysteresis, checks...), value)
	}
	levels := l.Cgroup.Levels
	m.psiPath = m.rootPath(sysmem.HostPSIPath)
	if len(levels) > 0 && levels[0].Pressure.Known {
		psi("PSI "+levels[0].Dir+"/memory.pressure", levels[0].Pressure)
		m.psiPath = m.rootPath(filepath.Join(levels[0].Dir, "memory.pressure"))
	}
	psi("PSI /"+sysmem.HostPSIPath, l.PSI)

	for _, lv := range levels {
		if lv.Events.Known {
			m.eventSignal(lv, l.Cgroup.Version, now, add)
		}
	}
	room := func(name string, left, limit int64, top Pressure, extra ...check) {
		frac := float64(left) / float64(limit)
		checks := append([]check{
			{Medium, frac, th.AvailMedium, false},
			{High, frac, th.AvailHigh, false},
			{Critical, frac, th.AvailCritical, false},
		}, extra...)
		lv := min(grade(m.prev[name], th.Hysteresis, checks...), top)
		add(name, lv, fmt.Sprintf("%s of %s free (%.1f%%)", bytesStr(left), bytesStr(limit), 100*frac))
	}
	maxFile := l.Cgroup.MaxFile()
	for _, lv := range levels {
		if lv.Current < 0 {
			continue
		}
		if lv.Max != sysmem.Unlimited && lv.Max > 0 {
			room("cgroup "+lv.Dir+" "+maxFile, max(lv.Max-lv.Current, 0), lv.Max, Critical)
		}
		if lv.High != sysmem.Unlimited && lv.High > 0 {
			room("cgroup "+lv.Dir+" memory.high", max(lv.High-lv.Current, 0), lv.High, High)
		}
	}
	if l.MemTotal > 0 && l.MemAvailable >= 0 {
		room("MemAvailable", l.MemAvailable, l.MemTotal, Critical,
			check{Critical, float64(l.MemAvailable), float64(th.CriticalBytes), false})
	}
	avail, bound := l.Available()
	if b := m.cfg.Budget; b > 0 {
		used := r.OffHeap
		if l.GoMemUsed > 0 {
			used += l.GoMemUsed
		}
		used = max(used, m.rss())
		left := max(b-used, 0)
		room("budget", left, b, Critical)
		if left < avail {
			avail, bound = left, "budget"
		}
	}
	r.Available, r.AvailableBound = avail, bound
	if fired := m.fired.Load(); fired != 0 {
		ago := now.Sub(time.Unix(0, fired))
		lv := Low
		if ago < th.EventHold {
			lv = Medium
		}
		add("PSI trigger", lv, fmt.Sprintf("last fired %v ago", ago.Round(time.Millisecond)))
	}
	return r
}

// eventSignal grades a cgroup level's event counters: a rise of oom or
// oom_kill (or v1's under_oom) is Critical, of high or max (v1 failcnt)
// Medium, held for EventHold. The first reading only sets the baseline.
// high and max rise whenever the cgroup reclaims at its boundary, which
// clean page cache makes routine and cheap (measured here: a v1 failcnt
// rise of 468 while PSI counted 37 ms of stall in all), so they only say
// "at the limit"; PSI says whether that costs anything.
func (m *Monitor) eventSignal(lv sysmem.CgroupLevel, version int, now time.Time, add func(string, Pressure, string)) {
	file := "memory.events"
	if version == 1 {
		file = "memory.failcnt, memory.oom_control"
	}
	name := "cgroup " + lv.Dir + " " + file
	ev := lv.Events
	last, seen := m.events[name]
	m.events[name] = ev
	rise := Low
	if seen {
		switch {
		case ev.OOM > last.OOM || ev.OOMKill > last.OOMKill:
			rise = Critical
		case ev.High > last.High || ev.Max > last.Max:
			rise = Medium
		}
	}
	if ev.UnderOOM {
		rise = Critical
	}
	h := m.holds[name]
	if rise > Low && (rise >= h.level || now.After(h.until)) {
		h = hold{rise, now.Add(m.th.EventHold)}
		m.holds[name] = h
	}
	level := Low
	if now.Before(h.until) {
		level = h.level
	}
	value := fmt.Sprintf("high %d, max %d, oom %d, oom_kill %d", ev.High, ev.Max, ev.OOM, ev.OOMKill)
	if version == 1 {
		value = fmt.Sprintf("failcnt %d, oom_kill %d, under_oom %t", ev.Max, ev.OOMKill, ev.UnderOOM)
	}
	if level > Low {
		value += fmt.Sprintf(" (rose; held %v)", h.until.Sub(now).Round(time.Second))
	}
	add(name, level, value)
}

// bytesStr formats a byte count with a binary unit.
func bytesStr(n int64) string {
	if n == math.MaxInt64 {
		return "unlimited"
	}
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
