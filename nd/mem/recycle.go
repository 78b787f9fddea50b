package mem

import (
	"sync"
	"unsafe"
	"weak"

	"github.com/numgo/numgo/internal/osmem"
)

// RecycleMin is the backing size from which System reuses a freed buffer
// (see System): 1 MiB, where the Go runtime's large-object path starts to
// cost page faults and clearing on every allocation.
const RecycleMin = 1 << 20

// recycleSlots is how many freed buffers a System remembers; the oldest
// is forgotten first.
const recycleSlots = 16

// recycleBin remembers large buffers System took back with Free, by weak
// pointer: the collector frees them exactly as it would without the bin
// (nothing is kept alive, so memory, GOMEMLIMIT and the pressure monitor
// see no difference), and until it does, an Alloc of a fitting size takes
// one back instead of asking the runtime for new memory.
type recycleBin struct {
	mu    sync.Mutex
	slots []recycled // oldest first
}

// recycled is a freed backing array: where it starts and its length.
type recycled struct {
	p weak.Pointer[byte]
	n int
}

// put remembers backing, a buffer's whole backing array, once it is freed.
func (r *recycleBin) put(backing []byte) {
	if len(backing) < RecycleMin {
		return
	}
	r.mu.Lock()
	if len(r.slots) == recycleSlots {
		r.slots = append(r.slots[:0], r.slots[1:]...)
	}
	r.slots = append(r.slots, recycled{p: weak.Make(&backing[0]), n: len(backing)})
	r.mu.Unlock()
}

// take returns the smallest remembered backing array of n to n+n/8 bytes
// that the collector has not freed, forgetting it, or nil. Slots whose
// memory is gone are dropped on the way.
func (r *recycleBin) take(n int) []byte {
	if n < RecycleMin {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	best, bestP := -1, (*byte)(nil)
	live := r.slots[:0]
	for _, s := range r.slots {
		p := s.p.Value()
		if p == nil {
			continue
		}
		live = append(live, s)
		if s.n >= n && s.n <= n+n/8 && (best < 0 || s.n < live[best].n) {
			best, bestP = len(live)-1, p
		}
	}
	clear(r.slots[len(live):]) // no stale weak pointers past the end
	r.slots = live
	if best < 0 {
		return nil
	}
	n = r.slots[best].n
	r.slots = append(r.slots[:best], r.slots[best+1:]...)
	return unsafe.Slice(bestP, n)
}

// zeroRecycled makes b, memory that may hold another buffer's bytes, read as
// zeros at the lowest cost: a large b is given back to the kernel to fault
// in as fresh zeroed huge pages on its next touch (osmem.Discard), where
// huge pages are honoured; otherwise it is cleared.
func zeroRecycled(b []byte) {
	if !osmem.Discard(b) {
		clear(b)
	}
}
