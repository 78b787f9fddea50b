package nd

import "github.com/numgo/numgo/nd/mem"

// ReadOnlyAllocator is implemented by an allocator whose memory arrays may
// read but must not write, such as a file package mmap mapped ReadOnly.
// ReadOnly returns nil when writes are allowed, and otherwise an error that
// says why. An array made from such an allocator (directly, or through a
// chain of mem.Wrapper) is read-only: Writable reports an error wrapping
// ErrReadOnly and the allocator's reason, Set panics with it, and every
// function that writes an array's elements refuses it with that error,
// writing nothing: Copy, the constructors that fill their result (Zeros,
// Full, FromSlice, Clone, ...; Empty writes nothing and is allowed), the
// ...Into functions of packages ops and linalg, and linalg's gonum views.
// Only the unchecked Storage, and Data, reach the memory without asking:
// a writer must call Writable first.
type ReadOnlyAllocator interface {
	ReadOnly() error
}

// readOnlyOf returns the ReadOnly error of a or of the first allocator
// down its Unwrap chain that implements ReadOnlyAllocator, or nil.
func readOnlyOf(a mem.Allocator) error {
	if r, ok := mem.As[ReadOnlyAllocator](a); ok {
		return r.ReadOnly()
	}
	return nil
}

// Writable returns nil when the array's elements may be written, and
// otherwise an error wrapping ErrReadOnly that says why not (its memory is
// a file mapped read-only; see ReadOnlyAllocator). It is a field load.
func (a *Array[T]) Writable() error {
	if a.buf == nil {
		return nil
	}
	return a.buf.readOnly
}
