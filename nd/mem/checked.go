package mem

import (
	"cmp"
	"slices"
	"sync/atomic"
)

// checkedMade is set once a Checked allocator is made: from then on arenas
// record where they are made, for the report of one dropped without Close.
var checkedMade atomic.Bool

// Checked is an Allocator for tests: it records the call stack of every
// live allocation it passes to its inner allocator, so that a test can
// fail naming where each leaked buffer was allocated (Apache Arrow Go's
// CheckedAllocator is the model):
//
//	func TestBuild(t *testing.T) {
//		c := mem.NewChecked(mem.NewSystem())
//		defer c.AssertSize(t, 0)
//		a, err := nd.Zeros[float64]([]int{10, 10}, nd.With(c))
//		...
//	}
//
// Its Stats are its own (the buffers that went through it, Reserved equal
// to Allocated), so it can sit on a shared allocator; a buffer that did
// not go through it, the inner allocator's own included, is ErrForeign to
// its Free and Realloc. Buffers taken back
// wholesale by the inner allocator (an Arena's Reset or Close, found
// through Unwrap) are no longer live. Recording a stack costs about a
// microsecond per allocation. Unwrap returns the inner allocator.
type Checked struct {
	tally
}

// NewChecked returns a checking allocator over inner. A nil inner panics
// (see Wrapper).
func NewChecked(inner Allocator) *Checked {
	checkedMade.Store(true)
	c := &Checked{}
	c.init("NewChecked", "Checked", inner)
	return c
}

// Alloc allocates from the inner allocator and records the caller's stack.
func (c *Checked) Alloc(size, align int) ([]byte, error) {
	b, err := c.inner.Alloc(size, align)
	var st Stack
	if err == nil {
		st = callers(1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync()
	if err != nil {
		c.c.s.Failed++
		return nil, err
	}
	c.add(b, st)
	return b, nil
}

// Free frees b on the inner allocator and forgets its stack. A buffer
// that did not come through c (a foreign one, or one of the inner
// allocator's own) is ErrForeign, one c took back already ErrDoubleFree;
// neither reaches the inner allocator.
func (c *Checked) Free(b []byte) error { return c.free("Free", b) }

// Realloc resizes b on the inner allocator and records the caller's stack
// for the result. A buffer that did not come through c is refused as Free
// refuses it.
func (c *Checked) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return c.Alloc(newSize, align)
	}
	st := callers(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync()
	if err := c.owned("Realloc", b); err != nil {
		c.c.s.Failed++
		return nil, err
	}
	nb, err := c.inner.Realloc(b, newSize, align)
	if err != nil {
		c.c.s.Failed++
		return nil, err
	}
	delete(c.live, addr(b))
	c.moved(b, nb, st)
	return nb, nil
}

// Leaks returns the buffers allocated through c and not freed, largest
// first, each with the stack of the call that allocated it.
func (c *Checked) Leaks() []Allocation {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync()
	out := make([]Allocation, 0, len(c.live))
	for p, b := range c.live {
		out = append(out, Allocation{Allocator: c.inner, Addr: p, Size: b.size, Reserved: b.size, Stack: b.stack})
	}
	slices.SortFunc(out, func(a, b Allocation) int { return cmp.Or(cmp.Compare(b.Size, a.Size), cmp.Compare(a.Addr, b.Addr)) })
	return out
}

// TB is the part of testing.TB that AssertSize uses: *testing.T,
// *testing.B and *testing.F satisfy it. (Package mem does not import
// testing, so that programs using it do not link the testing package.)
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// AssertSize fails t unless exactly size bytes are live through c; the
// failure lists every live buffer with the stack that allocated it. Tests
// call c.AssertSize(t, 0) when done, usually deferred.
func (c *Checked) AssertSize(t TB, size int64) {
	t.Helper()
	if got := c.Allocated(); got != size {
		leaks := c.Leaks()
		t.Errorf("mem: Checked: %d bytes live, want %d; %d buffers live:%s", got, size, len(leaks), listAllocations(leaks))
	}
}
