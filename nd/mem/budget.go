package mem

import (
	"fmt"
	"sync"
)

// Budget is an Allocator with a hard limit on the bytes live through it:
// a request that would take it past the limit fails with an error wrapping
// ErrOutOfMemory that says how much was asked and how much is left, before
// the inner allocator is asked, as a database refuses a query that would
// exceed its memory budget instead of letting the process die.
//
//	b := mem.NewBudget(mem.Default, 64<<20) // at most 64 MiB live
//	_, err := nd.Zeros[float64]([]int{10000, 10000}, nd.With(b))
//	// err: mem: out of memory: Budget.Alloc(800000000): 67108864 bytes left of 67108864
//
// The budget counts requested bytes (what callers ask for, not the inner
// allocator's padding); Free gives them back. Its Stats are its own: the
// buffers that went through it (Capacity is the limit, Reserved equals
// Allocated). It knows the buffers it handed out: Free and Realloc of any
// other buffer, the inner allocator's own included, fail with ErrForeign
// before the inner allocator sees them, so the budget can be neither
// overdrawn nor driven negative. When the inner allocator takes its memory
// back wholesale (an Arena's Reset or Close, found through Unwrap), the
// budget's live bytes go back to zero too. Unwrap returns the inner
// allocator.
type Budget struct {
	tally
	limit   int64
	pending int64 // bytes admitted whose inner call has not returned yet
}

// NewBudget returns an allocator that serves requests from inner while at
// most bytes bytes are live through it. A nil inner panics (see Wrapper).
func NewBudget(inner Allocator, bytes int64) *Budget {
	b := &Budget{limit: bytes}
	b.init("NewBudget", "Budget", inner)
	return b
}

// Alloc allocates size bytes from the inner allocator if they fit in what
// is left of the budget.
func (b *Budget) Alloc(size, align int) ([]byte, error) {
	b.mu.Lock()
	err := b.admit("Alloc", size, align, int64(size))
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	buf, err := b.inner.Alloc(size, align)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending -= int64(size) // the reservation admit made
	if err != nil {
		b.c.s.Failed++
		return nil, err
	}
	b.sync()
	b.add(buf, nil)
	return buf, nil
}

// Realloc resizes buf on the inner allocator if the growth fits in what is
// left of the budget. A buffer the budget did not hand out is refused with
// ErrForeign (ErrDoubleFree for one it took back) before the inner
// allocator is asked.
func (b *Budget) Realloc(buf []byte, newSize, align int) ([]byte, error) {
	if cap(buf) == 0 {
		return b.Alloc(newSize, align)
	}
	b.mu.Lock()
	b.sync()
	grow := max(int64(newSize)-int64(cap(buf)), 0)
	err := b.owned("Realloc", buf)
	if err != nil {
		b.c.s.Failed++
	} else {
		err = b.admit("Realloc", newSize, align, grow)
	}
	if err != nil {
		b.mu.Unlock()
		return nil, err
	}
	// buf is out of the live set while the inner call runs, so that a
	// concurrent Free of it is refused rather than racing with the move.
	delete(b.live, addr(buf))
	gen := b.gen
	b.mu.Unlock()
	nb, err := b.inner.Realloc(buf, newSize, align)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending -= grow
	b.sync()
	if err != nil {
		b.c.s.Failed++
		if b.gen == gen {
			b.live[addr(buf)] = tallied{size: cap(buf)}
		}
		return nil, err
	}
	b.moved(buf, nb, nil)
	return nb, nil
}

// admit checks a request and, when it fits, reserves grow bytes of the
// budget for it until the inner call returns. The caller holds b.mu.
func (b *Budget) admit(op string, size, align int, grow int64) error {
	b.sync()
	if err := CheckRequest("Budget", op, size, align); err != nil {
		b.c.s.Failed++
		return err
	}
	if left := b.limit - b.c.s.Allocated - b.pending; grow > left {
		b.c.s.Failed++
		return fmt.Errorf("%w: Budget.%s(%d): %d bytes left of %d", ErrOutOfMemory, op, size, max(left, 0), b.limit)
	}
	b.pending += grow
	return nil
}

// Free gives buf back to the inner allocator and its bytes back to the
// budget. A buffer the budget did not hand out (a foreign one, or one of
// the inner allocator's own) is ErrForeign, one it took back already
// ErrDoubleFree; neither reaches the inner allocator.
func (b *Budget) Free(buf []byte) error { return b.free("Free", buf) }

// Remaining returns the bytes that can still be allocated.
func (b *Budget) Remaining() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sync()
	return b.limit - b.c.s.Allocated - b.pending
}

// Stats returns the budget's own accounting; Capacity is the limit.
func (b *Budget) Stats() Stats {
	s := b.tally.Stats()
	s.Capacity = b.limit
	return s
}

// tally is the accounting of a wrapper that counts the buffers that go
// through it (Budget, Checked): counters and the buffers it handed out,
// under a mutex, dropped when the inner allocator takes its memory back
// wholesale. It refuses any other buffer: a buffer the inner allocator
// handed out to someone else must not leave the wrapper's counters
// negative nor let bytes past its budget.
type tally struct {
	inner Allocator
	name  string // the wrapper's type, for errors

	mu    sync.Mutex
	c     counters
	live  map[uintptr]tallied // buffers handed out, by address
	freed recentFrees         // recently taken back, to name a second Free
	scope Generational        // nil when the inner memory is only freed one buffer at a time
	gen   uint64
}

// tallied is a live buffer: its size and, for Checked, the stack that
// allocated it.
type tallied struct {
	size  int
	stack Stack
}

// recentFrees remembers the addresses of the last rememberFreed buffers
// taken back, so that a second Free is told from a foreign buffer; an
// older one is forgotten (and reported as foreign). The zero value is
// ready; its owner guards it.
type recentFrees struct {
	at   map[uintptr]gone
	ring []ringEntry // at's entries, oldest first
	seq  uint64      // numbers the entries
}

// gone is a buffer taken back: freed one at a time, or released with the
// rest of its allocator's memory.
type gone struct {
	seq      uint64
	released bool
}

// ringEntry is an entry of recentFrees: its address and number.
type ringEntry struct {
	p   uintptr
	seq uint64
}

// rememberFreed is how many freed buffers a recentFrees remembers.
const rememberFreed = 1024

// add remembers that the buffer at p was taken back.
func (r *recentFrees) add(p uintptr, released bool) {
	if r.at == nil {
		r.at = make(map[uintptr]gone)
	}
	if len(r.ring) >= rememberFreed {
		if old := r.ring[0]; r.at[old.p].seq == old.seq {
			delete(r.at, old.p)
		}
		r.ring = r.ring[1:]
	}
	r.seq++
	r.at[p] = gone{r.seq, released}
	r.ring = append(r.ring, ringEntry{p, r.seq})
}

// reused forgets p: a buffer there was handed out again.
func (r *recentFrees) reused(p uintptr) { delete(r.at, p) }

// find reports whether the buffer at p was taken back recently, and how.
func (r *recentFrees) find(p uintptr) (gone, bool) {
	g, ok := r.at[p]
	return g, ok && p != 0
}

func (t *tally) init(ctor, name string, inner Allocator) {
	t.name, t.inner = name, mustInner(ctor, inner)
	t.live = make(map[uintptr]tallied)
	if g, ok := GenerationalOf(inner); ok {
		t.scope, t.gen = g, g.Generation()
	}
}

// sync drops the counters and the live buffers when the inner allocator's
// generation moved on (everything handed out before is gone). The caller
// holds t.mu.
func (t *tally) sync() {
	if t.scope == nil {
		return
	}
	if g := t.scope.Generation(); g != t.gen {
		t.gen = g
		t.c.dropAll()
		for p := range t.live {
			t.forget(p, true)
		}
	}
}

// add records b, just handed out, as live. The caller holds t.mu.
func (t *tally) add(b []byte, stack Stack) {
	p := addr(b)
	t.live[p] = tallied{cap(b), stack}
	t.freed.reused(p)
	t.c.alloc(cap(b), cap(b))
}

// moved records that the live buffer b (already out of live) became nb.
// The caller holds t.mu.
func (t *tally) moved(b, nb []byte, stack Stack) {
	if addr(nb) != addr(b) {
		t.forget(addr(b), false)
	}
	t.live[addr(nb)] = tallied{cap(nb), stack}
	t.freed.reused(addr(nb))
	t.c.resize(cap(b), cap(nb), cap(b), cap(nb))
}

// forget takes the buffer at p out of live and remembers it as taken back
// (released: with the rest of the inner allocator's memory). The caller
// holds t.mu.
func (t *tally) forget(p uintptr, released bool) {
	delete(t.live, p)
	t.freed.add(p, released)
}

// owned returns nil if b is a live buffer handed out through the wrapper,
// and otherwise an error wrapping ErrDoubleFree (taken back already),
// ErrReleased (taken back by the inner allocator's Reset or Close) or
// ErrForeign. The caller holds t.mu, after sync.
func (t *tally) owned(op string, b []byte) error {
	p := addr(b)
	e, ok := t.live[p]
	switch {
	case ok && e.size == cap(b):
		return nil
	case ok:
		return fmt.Errorf("%w: %s.%s: the buffer at %#x was handed out with %d bytes, this slice has capacity %d", ErrForeign, t.name, op, p, e.size, cap(b))
	}
	if g, ok := t.freed.find(p); ok {
		if g.released {
			return fmt.Errorf("%w: %s.%s of %d bytes at %#x: the inner allocator took its memory back", ErrReleased, t.name, op, cap(b), p)
		}
		return fmt.Errorf("%w: %s.%s of %d bytes at %#x", ErrDoubleFree, t.name, op, cap(b), p)
	}
	return fmt.Errorf("%w: %s.%s: %d bytes at %#x were not allocated through it", ErrForeign, t.name, op, cap(b), p)
}

// free is the wrappers' Free: b must be live through the wrapper, and the
// lock is held across the inner Free (once it returns, another goroutine
// may be handed the same address).
func (t *tally) free(op string, b []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sync()
	if err := t.owned(op, b); err != nil {
		return err
	}
	if err := t.inner.Free(b); err != nil {
		return err
	}
	t.forget(addr(b), false)
	t.c.free(cap(b), cap(b))
	return nil
}

// Unwrap returns the inner allocator.
func (t *tally) Unwrap() Allocator { return t.inner }

// Allocated returns the bytes live through the wrapper.
func (t *tally) Allocated() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sync()
	return t.c.s.Allocated
}

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (t *tally) Peak() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c.s.Peak
}

// ResetPeak sets Peak to the current Allocated.
func (t *tally) ResetPeak() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sync()
	t.c.resetPeak()
}

// Stats returns the wrapper's accounting: the buffers that went through
// it, with Reserved equal to Allocated.
func (t *tally) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sync()
	return t.c.s
}
