package mem

import (
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/internal/sysmem"
)

// Start starts sampling every Interval on a goroutine of the monitor's
// own, arms the PSI trigger (see TriggerConfig) and, with AutoMemLimit,
// sets GOMEMLIMIT and keeps it in step with numgo's off-heap memory.
// Starting a running monitor does nothing. Call Stop when done.
func (m *Monitor) Start() error {
	m.runMu.Lock()
	defer m.runMu.Unlock()
	if m.running.Load() {
		return nil
	}
	m.stop = make(chan struct{})
	m.nudge = make(chan struct{}, 1)
	var mapped chan struct{}
	if m.limiter != nil {
		if err := m.limiter.start(); err != nil {
			return err
		}
		mapped = make(chan struct{}, 1)
		unwatch := osmem.WatchMapped(mapped)
		m.wg.Add(1)
		go func() { <-m.stop; unwatch(); m.wg.Done() }()
	}
	m.running.Store(true)
	if !m.cfg.Trigger.Off {
		m.armTrigger()
	}
	if m.limiter != nil {
		m.sampleNow() // sets the limit's base
	}
	m.wg.Add(1)
	go m.loop(mapped)
	return nil
}

// Stop stops sampling and the trigger, restores the Go memory limit that
// was in force before Start when AutoMemLimit set it, and waits until
// callbacks in flight have returned. Stopping a monitor that does not run
// does nothing. A stopped monitor can be started again.
func (m *Monitor) Stop() {
	m.runMu.Lock()
	defer m.runMu.Unlock()
	if !m.running.Load() {
		return
	}
	close(m.stop)
	if m.trigger != nil {
		m.trigger.Interrupt()
	}
	m.wg.Wait()
	if m.trigger != nil {
		if err := m.trigger.Close(); err != nil {
			m.log.Warn("mem.Monitor: closing the PSI trigger", "err", err)
		}
		m.trigger = nil
	}
	off := "off: the monitor is not running"
	m.trigSt.Store(&off)
	if m.limiter != nil {
		m.mu.Lock()
		m.limiter.stop()
		m.reading.MemLimit = ""
		m.mu.Unlock()
	}
	m.cbs.Wait() // before running goes false, so no sample can queue more
	m.running.Store(false)
}

// loop samples on every tick and when the trigger nudges it, and follows
// off-heap changes for AutoMemLimit.
func (m *Monitor) loop(mapped <-chan struct{}) {
	defer m.wg.Done()
	ticks := m.ticks
	if ticks == nil {
		t := time.NewTicker(m.cfg.Interval)
		defer t.Stop()
		ticks = t.C
	}
	for {
		select {
		case <-m.stop:
			return
		case <-ticks:
			m.sampleNow()
		case <-m.nudge:
			// The kernel's averages are no fresher than a second: a
			// trigger event within that of the last sample waits for the
			// next tick.
			if m.now().UnixNano()-m.sampledAt.Load() >= int64(time.Second) {
				m.sampleNow()
			}
		case <-mapped:
			m.mu.Lock()
			m.limiter.update()
			m.reading.MemLimit = m.limiter.describe()
			m.mu.Unlock()
		}
	}
}

// armTrigger opens the PSI trigger on the cgroup's memory.pressure, or
// the host's, rounding the window up to a multiple of 2 s when the kernel
// refuses it, and starts the goroutine that waits on it. The caller holds
// m.runMu.
func (m *Monitor) armTrigger() {
	set := func(s string) { m.trigSt.Store(&s) }
	if m.cfg.Root != "/" {
		set("off: a fake root has no kernel to arm a trigger on; sampling avg10")
		return
	}
	kind, stall, window := m.cfg.Trigger.Kind, m.cfg.Trigger.Stall, m.cfg.Trigger.Window
	if kind == "" {
		kind = "some"
	}
	if window == 0 {
		window = 2 * time.Second
	}
	if stall == 0 {
		stall = window / 10
	}
	m.mu.Lock()
	paths := []string{m.psiPath}
	m.mu.Unlock()
	if host := m.rootPath(sysmem.HostPSIPath); paths[0] != host {
		paths = append(paths, host) // when the cgroup's file is not writable to us
	}
	var tr *osmem.PSITrigger
	var errs []error
	for _, path := range paths {
		var err error
		tr, err = m.openTrigger(path, kind, stall, window)
		if (errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EINVAL)) && window%(2*time.Second) != 0 {
			rounded := (window/(2*time.Second) + 1) * 2 * time.Second
			tr, err = m.openTrigger(path, kind, time.Duration(float64(stall)*float64(rounded)/float64(window)), rounded)
		}
		if err == nil {
			break
		}
		errs = append(errs, err)
	}
	if tr == nil {
		set(fmt.Sprintf("off (sampling avg10): %v", errors.Join(errs...)))
		return
	}
	m.trigger = tr
	set(tr.String())
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		for {
			err := tr.Wait()
			if errors.Is(err, osmem.ErrInterrupted) {
				return
			}
			if err != nil {
				set(fmt.Sprintf("failed (sampling avg10): %v", err))
				m.log.Warn("mem.Monitor: PSI trigger", "err", err)
				return
			}
			m.fired.Store(m.now().UnixNano())
			select {
			case m.nudge <- struct{}{}:
			default:
			}
		}
	}()
}
