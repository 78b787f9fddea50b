package nd

import "github.com/numgo/numgo/nd/mem"

// ReadOnlyAllocator is implemented by an allocator whose memory arrays may
// read but must not write, such as a file package mmap mapped ReadOnly.
// ReadOnly returns nil when writes are allowed, and otherwise an error that
// says why. Set on an array made from such an allocator (directly, or
// through a chain of mem.Wrapper) panics with that error instead of
// writing; Writable reports it.
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

// Writable returns nil when Set may write the array's elements, and
// otherwise the error that says why not (its memory is a file mapped
// read-only; see ReadOnlyAllocator).
func (a *Array[T]) Writable() error {
	if a.buf == nil {
		return nil
	}
	return a.buf.readOnly
}
