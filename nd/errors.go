package nd

import "errors"

// ErrShape is wrapped by every error about a shape: negative dimensions,
// sizes that overflow, shapes that do not match or broadcast, bad axes and
// reshapes that are not possible.
var ErrShape = errors.New("nd: bad shape")

// ErrIndex is wrapped by errors about slice and index expressions.
var ErrIndex = errors.New("nd: bad index")

// ErrReadOnly is wrapped by every error about writing an array whose
// memory must not be written: a file mapped read-only, or any allocator
// implementing ReadOnlyAllocator. The error also wraps the allocator's own
// reason (mmap.ErrReadOnly for a mapped file).
var ErrReadOnly = errors.New("nd: array is read-only")
