package nd

import (
	"fmt"

	"github.com/numgo/numgo/internal/errtext"
)

// Clone copies the array into new memory: from mem.Default unless the
// options name another allocator, dense in the options' layout (RowMajor by
// default) whatever the source's strides. It is how results leave an arena
// before the arena goes:
//
//	result, err := tmp.Clone()                      // to mem.Default
//	kept, err := tmp.Clone(nd.With(pool))           // to another allocator
func (a *Array[T]) Clone(opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Clone: %w", err)
	}
	c, err := newArray[T](a.shape, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	copyStrided(c.data, c.off, c.strides, a.data, a.off, a.strides, a.shape)
	return c, nil
}

// Copy copies src's elements into dst, index by index; the shapes must be
// equal and the two may have any layouts. dst may overlap src: when the
// two share memory other than as one view, src is read through a
// temporary copy (unless a plain memmove serves), so the result is as if
// they were separate, as NumPy's copyto gives. It refuses a dst that is
// read-only (an error wrapping ErrReadOnly; see ReadOnlyAllocator) or
// released, writing nothing.
func Copy[T Number](dst, src *Array[T]) error {
	if err := src.Err(); err != nil {
		return errtext.Errorf("nd: Copy: src: %w", err)
	}
	if err := dst.Err(); err != nil {
		return errtext.Errorf("nd: Copy: dst: %w", err)
	}
	if err := dst.Writable(); err != nil {
		return errtext.Errorf("nd: Copy: dst: %w", err)
	}
	if !equalShapes(dst.shape, src.shape) {
		return fmt.Errorf("%w: Copy from shape %v into shape %v", ErrShape, src.shape, dst.shape)
	}
	switch Overlaps(dst, src) {
	case Same:
		return nil
	case Partial:
		if !denseAlike(dst, src) {
			tmp, err := src.Clone()
			if err != nil {
				return errtext.Errorf("nd: Copy: dst overlaps src and a temporary copy failed: %w", err)
			}
			defer tmp.Free()
			src = tmp
		}
	}
	copyStrided(dst.data, dst.off, dst.strides, src.data, src.off, src.strides, src.shape)
	return nil
}

// denseAlike reports whether a and b of one shape are dense in the same
// order, so that copyStrided moves them with the built-in copy, which is
// right for overlapping slices too.
func denseAlike[T Number](a, b *Array[T]) bool {
	return a.layout != Strided && a.layout == b.layout
}

// copyStrided copies a block of the given shape between two strided
// layouts, using copy() where both are dense in the same order.
func copyStrided[T Number](dst []T, doff int, dstr []int, src []T, soff int, sstr []int, shape []int) {
	size := 1
	for _, d := range shape {
		size *= d
	}
	if size == 0 {
		return
	}
	for _, l := range []Layout{RowMajor, ColMajor} {
		if isDense(shape, dstr, l) && isDense(shape, sstr, l) {
			copy(dst[doff:doff+size], src[soff:soff+size])
			return
		}
	}
	copyAxes(dst, doff, dstr, src, soff, sstr, shape)
}

func copyAxes[T Number](dst []T, doff int, dstr []int, src []T, soff int, sstr []int, shape []int) {
	if len(shape) == 0 {
		dst[doff] = src[soff]
		return
	}
	if len(shape) == 1 {
		ds, ss := dstr[0], sstr[0]
		for i := range shape[0] {
			dst[doff+i*ds] = src[soff+i*ss]
		}
		return
	}
	for i := range shape[0] {
		copyAxes(dst, doff+i*dstr[0], dstr[1:], src, soff+i*sstr[0], sstr[1:], shape[1:])
	}
}
