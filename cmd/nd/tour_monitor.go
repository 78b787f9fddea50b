package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// tourMonitor runs the guide's memory_monitoring_example and
// memory_aware_operation on this machine's own signals, then shows
// AutoMemLimit lowering the Go memory limit as arena memory grows.
func tourMonitor(_ context.Context, w io.Writer, cfg tourConfig) error {
	monitor, err := mem.NewMonitor(mem.MonitorConfig{})
	if err != nil {
		return err
	}
	// memory_monitoring_example
	switch monitor.CurrentPressure() {
	case mem.Low:
		fmt.Fprintln(w, "   Memory pressure is low - safe to allocate")
	case mem.Medium:
		fmt.Fprintln(w, "   Memory pressure is medium - consider optimization")
	case mem.High:
		fmt.Fprintln(w, "   Memory pressure is high - reduce allocations")
	case mem.Critical:
		fmt.Fprintln(w, "   Memory pressure is critical - emergency cleanup")
	}
	r := monitor.Reading()
	decided := r.Decided
	if decided == "" {
		decided = "no signal above low"
	}
	fmt.Fprintf(w, "   why: %s; %d signals read:\n", decided, len(r.Signals))
	for _, s := range r.Signals {
		fmt.Fprintf(w, "     %-8s %s: %s\n", s.Level, s.Name, s.Value)
	}
	unregister := monitor.OnPressureChange(func(old, new mem.Pressure) {
		fmt.Fprintf(w, "   Memory pressure changed: %v -> %v\n", old, new)
	})
	if err := monitor.Start(); err != nil {
		unregister()
		return err
	}
	fmt.Fprintf(w, "   running: sampling every second; PSI trigger: %s\n", monitor.Reading().Trigger)
	monitor.Stop() // waits for a callback in flight
	unregister()

	// memory_aware_operation
	n := 4000
	if cfg.quick {
		n = 1000
	}
	if avail := monitor.AvailableMemory(); avail < 1<<30 {
		fmt.Fprintf(w, "   Insufficient memory for operation: %.0f MiB available (%s)\n", mib(avail), r.AvailableBound)
	} else {
		fmt.Fprintf(w, "   %.0f MiB available (bound: %s), over the guide's 1 GiB: go ahead\n", mib(avail), r.AvailableBound)
		a, err := nd.Zeros[float64]([]int{n, n})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   zeros %dx%d (the guide's is 10000x10000, 800 MB): pressure now %v\n", n, n, monitor.Reading().Level)
		if err := a.Free(); err != nil {
			return err
		}
		rep, err := monitor.TriggerGC() // the guide does this when pressure >= High; shown here either way
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   TriggerGC: the Go heap gave back %.1f MiB; RSS %.0f -> %.0f MiB\n",
			mib(rep.HeapReleased), mib(rep.RSSBefore), mib(rep.RSSAfter))
	}
	return tourAutoMemLimit(w, cfg)
}

// tourAutoMemLimit shows the Go memory limit falling as an arena's memory
// is used (its capacity alone is address space, which does not count) and
// coming back when it is released.
func tourAutoMemLimit(w io.Writer, cfg tourConfig) error {
	size := 512 << 20
	if cfg.quick {
		size = 64 << 20
	}
	before := debug.SetMemoryLimit(-1)
	monitor, err := mem.NewMonitor(mem.MonitorConfig{AutoMemLimit: &mem.AutoMemLimit{}})
	if err != nil {
		return err
	}
	if err := monitor.Start(); err != nil {
		return err
	}
	defer monitor.Stop()
	l0 := debug.SetMemoryLimit(-1)
	fmt.Fprintf(w, "   AutoMemLimit: %s\n", monitor.Reading().MemLimit)
	arena, err := mem.NewArena(size)
	if err != nil {
		return err
	}
	if _, err := arena.Alloc(size-4096, 64); err != nil {
		return err
	}
	l1 := waitLimit(l0)
	fmt.Fprintf(w, "   a %d MiB arena, used (off the Go heap): GOMEMLIMIT %.0f -> %.0f MiB; off-heap now %.0f MiB\n",
		size>>20, mib(l0), mib(l1), mib(osmem.AnonMapped()+osmem.FileMapped()))
	if err := arena.Close(); err != nil {
		return err
	}
	l2 := waitLimit(l1)
	monitor.Stop()
	fmt.Fprintf(w, "   released: GOMEMLIMIT back to %.0f MiB; after Stop the limit before Start is restored: %v\n",
		mib(l2), debug.SetMemoryLimit(-1) == before)
	if l1 >= l0 {
		return fmt.Errorf("the Go limit did not fall as the arena was used: %d -> %d", l0, l1)
	}
	return nil
}

// waitLimit waits (up to a second) for the monitor's goroutine to move
// the Go memory limit away from old, and returns the limit.
func waitLimit(old int64) int64 {
	deadline := time.Now().Add(time.Second)
	for debug.SetMemoryLimit(-1) == old && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	return debug.SetMemoryLimit(-1)
}
