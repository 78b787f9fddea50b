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
// Allocated). When the inner allocator takes its memory back wholesale (an
// Arena's Reset or Release, found through Unwrap), the budget's live bytes
// go back to zero too. Unwrap returns the inner allocator.
type Budget struct {
	tally
	limit   int64
	pending int64 // bytes admitted whose inner call has not returned yet
}

// NewBudget returns an allocator that serves requests from inner while at
// most bytes bytes are live through it.
func NewBudget(inner Allocator, bytes int64) *Budget {
	b := &Budget{limit: bytes}
	b.init(inner)
	return b
}

// Alloc allocates size bytes from the inner allocator if they fit in what
// is left of the budget.
func (b *Budget) Alloc(size, align int) ([]byte, error) {
	if err := b.admit("Alloc", size, align, int64(size)); err != nil {
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
	b.c.alloc(size, size)
	return buf, nil
}

// Realloc resizes buf on the inner allocator if the growth fits in what is
// left of the budget.
func (b *Budget) Realloc(buf []byte, newSize, align int) ([]byte, error) {
	if cap(buf) == 0 {
		return b.Alloc(newSize, align)
	}
	grow := max(int64(newSize-cap(buf)), 0)
	if err := b.admit("Realloc", newSize, align, grow); err != nil {
		return nil, err
	}
	nb, err := b.inner.Realloc(buf, newSize, align)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending -= grow
	if err != nil {
		b.c.s.Failed++
		return nil, err
	}
	b.c.resize(cap(buf), newSize, cap(buf), newSize)
	return nb, nil
}

// admit checks a request and, when it fits, reserves grow bytes of the
// budget for it until the inner call returns.
func (b *Budget) admit(op string, size, align int, grow int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
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
// budget.
func (b *Budget) Free(buf []byte) error {
	if err := b.inner.Free(buf); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sync()
	b.c.free(cap(buf), cap(buf))
	return nil
}

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
// through it (Budget, Checked): counters under a mutex, dropped to zero
// when the inner allocator takes its memory back wholesale.
type tally struct {
	inner Allocator

	mu    sync.Mutex
	c     counters
	scope Generational // nil when the inner memory is only freed one buffer at a time
	gen   uint64
	// dropped, when set, is called by sync after the counters are dropped.
	dropped func()
}

func (t *tally) init(inner Allocator) {
	t.inner = inner
	if g, ok := GenerationalOf(inner); ok {
		t.scope, t.gen = g, g.Generation()
	}
}

// sync drops the counters when the inner allocator's generation moved on
// (everything handed out before is gone). The caller holds t.mu.
func (t *tally) sync() {
	if t.scope == nil {
		return
	}
	if g := t.scope.Generation(); g != t.gen {
		t.gen = g
		t.c.dropAll()
		if t.dropped != nil {
			t.dropped()
		}
	}
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
