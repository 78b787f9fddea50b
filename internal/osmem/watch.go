package osmem

import (
	"slices"
	"sync"
	"sync/atomic"
)

// watchers are the channels WatchMapped registered; the slice is replaced,
// never changed, so notify reads it without a lock.
var (
	watchMu  sync.Mutex
	watchers atomic.Pointer[[]chan<- struct{}]
)

// WatchMapped makes ch receive a value after each change of the bytes
// numgo holds mapped (AnonMapped, and file mappings that call the same
// hook). The send never blocks: when ch is full the notice is dropped, so
// a buffer of one coalesces bursts and the receiver reads the counters
// itself. It returns a function that stops the notices.
//
// This is how mem.Monitor's AutoMemLimit follows off-heap memory at once
// rather than at its next sample; the cost to Map and Unmap is one atomic
// load when nobody watches.
func WatchMapped(ch chan<- struct{}) (stop func()) {
	watchMu.Lock()
	defer watchMu.Unlock()
	var next []chan<- struct{}
	if cur := watchers.Load(); cur != nil {
		next = slices.Clone(*cur)
	}
	next = append(next, ch)
	watchers.Store(&next)
	return func() {
		watchMu.Lock()
		defer watchMu.Unlock()
		cur := *watchers.Load()
		i := slices.Index(cur, ch)
		if i < 0 {
			return
		}
		next := slices.Delete(slices.Clone(cur), i, i+1)
		watchers.Store(&next)
	}
}

// mappedChanged tells the watchers that the mapped byte counts changed.
func mappedChanged() {
	w := watchers.Load()
	if w == nil {
		return
	}
	for _, ch := range *w {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
