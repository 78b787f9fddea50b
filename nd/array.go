package nd

import (
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// Array is an n-dimensional array of T: a shape and element strides over a
// buffer from a mem.Allocator. Views (Reshape, T, Transpose, Slice) share the
// buffer; Clone copies it.
//
// The zero Array is empty: no dimensions, no elements, no buffer.
//
// An Array may be read from several goroutines at once; writes to the same
// elements need the caller's synchronisation, as with slices.
type Array[T Number] struct {
	buf     *buffer
	data    []T // the whole buffer as elements; views index it from off
	off     int
	shape   []int
	strides []int
	size    int
	layout  Layout // derived from shape and strides when the array is made
}

// Shape returns a copy of the array's dimensions.
func (a *Array[T]) Shape() []int { return slices.Clone(a.shape) }

// Strides returns a copy of the array's strides, in elements (not bytes, as
// NumPy counts them).
func (a *Array[T]) Strides() []int { return slices.Clone(a.strides) }

// NDim is the number of dimensions.
func (a *Array[T]) NDim() int { return len(a.shape) }

// Dim returns the length of axis i; negative i counts from the end.
func (a *Array[T]) Dim(i int) int {
	if i < 0 {
		i += len(a.shape)
	}
	return a.shape[i]
}

// Size is the number of elements.
func (a *Array[T]) Size() int { return a.size }

// MemoryUsage is the number of bytes the array's elements occupy:
// Size() times the element size. Views report their own elements, not the
// whole buffer they share.
func (a *Array[T]) MemoryUsage() int { return a.size * sizeOf[T]() }

// Allocator is the allocator the array's memory came from; nil for arrays
// made by Wrap over a Go slice.
func (a *Array[T]) Allocator() mem.Allocator {
	if a.buf == nil {
		return nil
	}
	return a.buf.alloc
}

// Addr is the address of the first element (0 for an empty array), for
// checking alignment:
//
//	a.Addr()%64 == 0
func (a *Array[T]) Addr() uintptr {
	if a.size == 0 || a.data == nil {
		return 0
	}
	return uintptr(unsafe.Pointer(&a.data[a.off]))
}

// Err returns nil while the array's memory may be used, and an error
// wrapping mem.ErrReleased naming the cause (Free, arena Reset, arena
// Close) once it may not. It is cheap enough to call on every operation:
// an atomic load, and one more through the allocator for arena memory.
func (a *Array[T]) Err() error {
	// buffer.err's body, spelled out so that Err stays within the inlining
	// budget: the common case is one atomic load and a compare.
	if b := a.buf; b != nil && atomic.LoadUint32(&b.suspect) != 0 {
		return b.check()
	}
	return nil
}

// Layout is RowMajor or ColMajor when the elements form one dense block in
// that order, Strided otherwise. One-dimensional dense arrays are RowMajor.
func (a *Array[T]) Layout() Layout { return a.layout }

// layoutOf classifies shape and strides for Layout.
func layoutOf(shape, strides []int, size int) Layout {
	switch {
	case size == 0 || isDense(shape, strides, RowMajor):
		return RowMajor
	case isDense(shape, strides, ColMajor):
		return ColMajor
	}
	return Strided
}

// IsContiguous reports whether the elements form one dense block, in row-
// or column-major order.
func (a *Array[T]) IsContiguous() bool { return a.Layout() != Strided }

// Data returns the elements as a slice sharing the array's memory, in
// storage order, or nil when the array is not contiguous. Storage order is
// index order only for a RowMajor array: for a ColMajor one (a Fortran-order
// file, a transposed matrix) Data()[i] is the i-th element in column-major
// order, which is how such an array is written to a file or handed to
// column-major code. Values, At and Clone go by index whatever the layout;
// a.T() of a ColMajor matrix is RowMajor over the same memory.
//
// Data does not check Writable: writing through it into a read-only array
// (see ReadOnlyAllocator) is the caller's error, as with Storage. It panics
// if the memory was released (see Err). The slice itself is a plain Go
// slice that knows nothing of generations: do not keep it past the
// lifetime of an arena (an arena made with mem.Guard makes such a slice
// fault instead of reading reused memory).
func (a *Array[T]) Data() []T {
	if a.buf != nil {
		a.buf.mustBeLive()
	}
	if !a.IsContiguous() {
		return nil
	}
	return a.data[a.off : a.off+a.size : a.off+a.size]
}

// Storage exposes the array's raw layout for kernels that walk strides
// themselves: the whole underlying buffer, the index of the first element in
// it, and the strides in elements (shared with the array: do not modify).
// It is the unchecked escape hatch under every operation, so it checks
// neither that the memory is still live nor that it may be written: call
// Err first, once per operation, Writable before writing, and Overlaps
// before writing one array while reading another.
func (a *Array[T]) Storage() (data []T, offset int, strides []int) {
	return a.data, a.off, a.strides
}

// Free returns the buffer to its allocator. Every view of it becomes
// invalid: operations fail with mem.ErrReleased and element access panics.
// Freeing twice (through the array or any view) returns an error wrapping
// mem.ErrDoubleFree. Arrays from an arena need no Free: the arena's Reset
// or Close takes everything back at once.
func (a *Array[T]) Free() error {
	if a.buf == nil {
		return nil
	}
	return a.buf.free()
}

// view makes an array over the same buffer.
func (a *Array[T]) view(off int, shape, strides []int) *Array[T] {
	size := 1
	for _, d := range shape {
		size *= d
	}
	return newView(a.buf, a.data, off, shape, strides, size)
}

// newView assembles an Array, deriving its layout.
func newView[T Number](buf *buffer, data []T, off int, shape, strides []int, size int) *Array[T] {
	return &Array[T]{buf: buf, data: data, off: off, shape: shape, strides: strides, size: size,
		layout: layoutOf(shape, strides, size)}
}

// KernelOperands is for writing element-wise kernels: it returns the
// elements of dst, a and b (b may be nil) as slices in one storage order
// when all three are live, dst is writable (see Writable), they have one
// shape and are dense in the same layout, and dst is either disjoint from
// each input or the very same view (see Overlaps), so that element i of
// each slice is the same element of each array and writing d[i] after
// reading x[i] and y[i] is right. It costs a few field loads; ok is false
// otherwise, and the kernel takes its general path (Storage, strides, Err
// and Writable for the error, a temporary for a partly overlapping input).
//
//	if d, x, y, ok := dst.KernelOperands(a, b); ok {
//		for i := range d {
//			d[i] = x[i] + y[i]
//		}
//	}
func (dst *Array[T]) KernelOperands(a, b *Array[T]) (d, x, y []T, ok bool) {
	l := dst.layout
	if l == Strided || a.layout != l || !equalShapes(dst.shape, a.shape) ||
		dst.buf.err() != nil || a.buf.err() != nil || dst.Writable() != nil {
		return nil, nil, nil, false
	}
	d, x = dst.dense(), a.dense()
	if partlyOverlap(d, x) {
		return nil, nil, nil, false
	}
	if b != nil {
		if b.layout != l || !equalShapes(dst.shape, b.shape) || b.buf.err() != nil {
			return nil, nil, nil, false
		}
		if y = b.dense(); partlyOverlap(d, y) {
			return nil, nil, nil, false
		}
	}
	return d, x, y, true
}

// partlyOverlap reports whether two dense runs of equal length share
// memory without being the same run: their first elements are 1..n-1
// elements' bytes apart, one unsigned comparison after a shift.
func partlyOverlap[T Number](d, x []T) bool {
	n := uintptr(len(d)) * unsafe.Sizeof(*new(T))
	delta := uintptr(unsafe.Pointer(unsafe.SliceData(d))) - uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	// delta in [-(n-1), n-1] is delta+n-1 in [0, 2n-2]; delta 0 is the same
	// run; empty runs share nothing.
	return delta+n-1 < 2*n-1 && delta != 0 && n != 0
}

// dense is the elements of a dense array from its first one.
func (a *Array[T]) dense() []T { return a.data[a.off : a.off+a.size : a.off+a.size] }

// SameShape reports whether two arrays, of any element kinds, have the same
// shape. Unlike comparing Shape() results it allocates nothing.
func SameShape[T, U Number](a *Array[T], b *Array[U]) bool {
	return equalShapes(a.shape, b.shape)
}
