package nd

import "fmt"

// Clone copies the array into new memory: from mem.Default unless the
// options name another allocator, dense in the options' layout (RowMajor by
// default) whatever the source's strides. It is how results leave an arena
// before the arena goes:
//
//	result, err := tmp.Clone()                      // to mem.Default
//	kept, err := tmp.Clone(nd.With(pool))           // to another allocator
func (a *Array[T]) Clone(opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, fmt.Errorf("nd: Clone: %w", err)
	}
	c, err := newArray[T](a.shape, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	copyStrided(c.data, c.off, c.strides, a.data, a.off, a.strides, a.shape)
	return c, nil
}

// Copy copies src's elements into dst; the shapes must be equal. The two
// may have any layouts.
func Copy[T Number](dst, src *Array[T]) error {
	if err := src.Err(); err != nil {
		return err
	}
	if err := dst.Err(); err != nil {
		return err
	}
	if !equalShapes(dst.shape, src.shape) {
		return fmt.Errorf("%w: Copy from shape %v into shape %v", ErrShape, src.shape, dst.shape)
	}
	copyStrided(dst.data, dst.off, dst.strides, src.data, src.off, src.strides, src.shape)
	return nil
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
