package mem

import (
	"errors"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"

	"github.com/numgo/numgo/internal/osmem"
)

// GCReport says what TriggerGC gave back to the operating system.
type GCReport struct {
	// HeapReleased is what the Go runtime returned: the growth of
	// runtime/metrics /memory/classes/heap/released:bytes across the
	// collection and debug.FreeOSMemory.
	HeapReleased int64
	// Trimmed is what the registered Trimmers (arenas, pools) gave back.
	Trimmed int64
	// RSSBefore and RSSAfter are the process's resident set before and
	// after, from /proc/self/statm (the real one: the collection acts on
	// this process whatever the monitor's Root); -1 when it could not be
	// read.
	RSSBefore, RSSAfter int64
}

// Released returns the bytes given back: HeapReleased (when positive) and
// Trimmed.
func (r GCReport) Released() int64 { return max(r.HeapReleased, 0) + r.Trimmed }

// String summarizes the report on one line, sizes in MiB:
// "released 1.6 MiB (heap 1.6 MiB, trimmed 0.0 MiB); RSS 7.7 -> 6.9 MiB".
func (r GCReport) String() string {
	mib := func(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB" }
	rss := func(n int64) string {
		if n < 0 {
			return "unknown"
		}
		return mib(n)
	}
	return "released " + mib(r.Released()) + " (heap " + mib(r.HeapReleased) + ", trimmed " + mib(r.Trimmed) +
		"); RSS " + rss(r.RSSBefore) + " -> " + rss(r.RSSAfter)
}

// trimmerEntry is one registered Trimmer (a pointer, so that
// unregistering finds its own entry even if t is registered twice).
type trimmerEntry struct{ t Trimmer }

// RegisterTrimmer adds t (an Arena or a Pool, or any Trimmer) to what
// TriggerGC trims, and returns a function that removes it. Unregister an
// arena or pool before releasing it, or the monitor keeps it reachable
// (trimming a released one does nothing). A nil t panics here rather
// than in a later TriggerGC.
func (m *Monitor) RegisterTrimmer(t Trimmer) (unregister func()) {
	if t == nil {
		panic("mem: Monitor.RegisterTrimmer: the Trimmer is nil")
	}
	e := &trimmerEntry{t}
	m.trimMu.Lock()
	m.trimmers = append(m.trimmers, e)
	m.trimMu.Unlock()
	return func() {
		m.trimMu.Lock()
		defer m.trimMu.Unlock()
		if i := slices.Index(m.trimmers, e); i >= 0 {
			m.trimmers = slices.Delete(m.trimmers, i, i+1)
		}
	}
}

// processRSS returns this process's resident set, -1 when it cannot be
// read.
func processRSS() int64 {
	n, err := osmem.RSS()
	if err != nil {
		return -1
	}
	return n
}

// TriggerGC frees what can be freed now: it runs a garbage collection
// (runtime.GC), returns the Go heap's free memory to the OS
// (debug.FreeOSMemory) and trims the idle memory of every registered
// Trimmer. It reports what was given back; the error joins the Trimmers'
// errors (the others are still trimmed).
func (m *Monitor) TriggerGC() (GCReport, error) {
	r := GCReport{RSSBefore: processRSS()}
	released := []metrics.Sample{{Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(released)
	before := released[0].Value.Uint64()
	runtime.GC()
	debug.FreeOSMemory()
	metrics.Read(released)
	r.HeapReleased = int64(released[0].Value.Uint64()) - int64(before)

	m.trimMu.Lock()
	ts := slices.Clone(m.trimmers)
	m.trimMu.Unlock()
	var errs []error
	for _, e := range ts {
		n, err := e.t.TrimIdle()
		r.Trimmed += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	r.RSSAfter = processRSS()
	return r, errors.Join(errs...)
}
