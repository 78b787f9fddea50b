package nd

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
	"sync/atomic"

	"github.com/numgo/numgo/nd/mem"
)

// buffer is the memory behind an array and every view of it: the bytes an
// allocator handed out, which allocator, and the allocator generation they
// belong to, so that a Reset or Close of an arena is noticed.
type buffer struct {
	bytes []byte        // what the allocator returned; nil for wrapped Go slices
	alloc mem.Allocator // nil for wrapped Go slices
	scope mem.Generational
	gen   uint64
	// readOnly is non-nil when the allocator refuses writes (see
	// ReadOnlyAllocator): ErrReadOnly wrapping the allocator's reason.
	// Set panics with it and every other writer returns it.
	readOnly error
	freed    atomic.Bool
	// suspect is non-zero when err must look closer: the buffer has a
	// scope, or was freed. It is read and written only through
	// sync/atomic's functions, which the compiler turns into single
	// instructions, so that err and Array.Err stay within the inlining
	// budget and a check on the hot path costs no call.
	suspect uint32
}

// newBuffer allocates size bytes aligned to align from alloc; zeroed asks
// for zeros at the lowest cost alloc offers (mem.AllocZeroed).
func newBuffer(alloc mem.Allocator, size, align int, zeroed bool) (*buffer, error) {
	var b []byte
	var err error
	if zeroed {
		b, err = mem.AllocZeroed(alloc, size, align)
	} else {
		b, err = alloc.Alloc(size, align)
	}
	if err != nil {
		return nil, err
	}
	buf := &buffer{bytes: b, alloc: alloc}
	if err := readOnlyOf(alloc); err != nil {
		buf.readOnly = fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	if g, ok := mem.GenerationalOf(alloc); ok {
		buf.scope = g
		// The generation is read after Alloc succeeded: a Reset racing with
		// the Alloc makes this buffer stale at once, never falsely valid.
		buf.gen = g.Generation()
		atomic.StoreUint32(&buf.suspect, 1)
	}
	return buf, nil
}

// err is check with the common case, memory neither freed nor from a
// generational allocator, answered inline without a call.
func (b *buffer) err() error {
	if b != nil && atomic.LoadUint32(&b.suspect) != 0 {
		return b.check()
	}
	return nil
}

// check returns nil while the memory may be used, and an error wrapping
// mem.ErrReleased that names the cause otherwise.
func (b *buffer) check() error {
	if b.freed.Load() {
		return fmt.Errorf("%w: the array's buffer was freed with Free", mem.ErrReleased)
	}
	if b.scope != nil {
		return b.scope.CheckGeneration(b.gen)
	}
	return nil
}

// mustBeLive panics with the cause when the memory may no longer be used.
func (b *buffer) mustBeLive() {
	if err := b.err(); err != nil {
		panic("nd: element access to released memory: " + err.Error())
	}
}

// free gives the memory back once; later calls report the double free.
func (b *buffer) free() error {
	if !b.freed.CompareAndSwap(false, true) {
		return errtext.Errorf("nd: Free: %w", mem.ErrDoubleFree)
	}
	atomic.StoreUint32(&b.suspect, 1)
	if b.alloc == nil {
		return nil
	}
	if b.scope != nil {
		if err := b.scope.CheckGeneration(b.gen); err != nil {
			return nil // the arena already took everything back
		}
	}
	return b.alloc.Free(b.bytes)
}
