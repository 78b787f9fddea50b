package mem

import (
	"fmt"
	"runtime/debug"
	"slices"
)

// change is one level change delivered to a callback.
type change struct{ old, new Pressure }

// subscriber is one OnPressureChange callback with its queue of changes.
// A goroutine drains the queue while it is not empty and exits when it
// is, so an idle monitor holds no callback goroutines.
type subscriber struct {
	fn      func(old, new Pressure)
	queue   []change // guarded by the monitor's subsMu
	running bool
	removed bool
}

// maxQueued bounds the changes waiting for one slow callback; past it the
// newest changes are merged (old of the first, new of the last), so the
// callback still ends at the current level.
const maxQueued = 64

// OnPressureChange registers fn to be called with the old and the new
// level each time the level changes, and returns a function that
// unregisters it. Callbacks run on goroutines of their own, never on the
// sampling goroutine: each callback sees the changes in order, one at a
// time, and a slow callback delays neither sampling nor the other
// callbacks (its pending changes queue up, merged past 64). A panic in a
// callback is logged with its stack, not fatal. After unregistering, fn
// is not called again once a call in progress returns. A callback must
// not call Stop, which waits for callbacks in flight. A nil fn panics
// here rather than on a callback goroutine later.
func (m *Monitor) OnPressureChange(fn func(old, new Pressure)) (unregister func()) {
	if fn == nil {
		panic("mem: Monitor.OnPressureChange: the callback is nil")
	}
	s := &subscriber{fn: fn}
	m.subsMu.Lock()
	m.subs = append(m.subs, s)
	m.subsMu.Unlock()
	return func() {
		m.subsMu.Lock()
		defer m.subsMu.Unlock()
		s.removed, s.queue = true, nil
		if i := slices.Index(m.subs, s); i >= 0 {
			m.subs = slices.Delete(m.subs, i, i+1)
		}
	}
}

// publish queues a change for every callback.
func (m *Monitor) publish(old, new Pressure) {
	m.subsMu.Lock()
	defer m.subsMu.Unlock()
	for _, s := range m.subs {
		if n := len(s.queue); n >= maxQueued {
			s.queue[n-1].new = new
		} else {
			s.queue = append(s.queue, change{old, new})
		}
		if !s.running {
			s.running = true
			m.cbs.Add(1)
			go m.drain(s)
		}
	}
}

// drain runs s's queued changes in order until the queue is empty.
func (m *Monitor) drain(s *subscriber) {
	defer m.cbs.Done()
	for {
		m.subsMu.Lock()
		if len(s.queue) == 0 || s.removed {
			s.running = false
			m.subsMu.Unlock()
			return
		}
		c := s.queue[0]
		s.queue = s.queue[1:]
		m.subsMu.Unlock()
		m.call(s.fn, c)
	}
}

// call runs one callback, reporting a panic instead of dying of it.
func (m *Monitor) call(fn func(old, new Pressure), c change) {
	defer func() {
		if r := recover(); r != nil {
			m.log.Error("mem.Monitor: OnPressureChange callback panicked",
				"old", c.old, "new", c.new, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	fn(c.old, c.new)
}
