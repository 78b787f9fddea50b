package nd

import "fmt"

// walkRows walks two layouts of one shape (a's strides as, b's bs, first
// elements ao and bo) row by row and calls f with each row's number, its
// first element and stride in a and in b, and its length. When both are
// dense in one order the whole array is one row of stride 1 (row-major
// only when cOrder is set, so that row*n+i is always the C-order
// position); otherwise the rows are the last axis, in C order. An empty
// shape calls nothing; a 0-d one calls f once with n = 1. It stops, and
// returns false, when f returns false.
func walkRows(shape, as, bs []int, ao, bo int, cOrder bool, f func(row, ao, ast, bo, bst, n int) bool) bool {
	size := 1
	for _, d := range shape {
		size *= d
	}
	if size == 0 {
		return true
	}
	for _, l := range []Layout{RowMajor, ColMajor} {
		if l == ColMajor && cOrder {
			break
		}
		if isDense(shape, as, l) && isDense(shape, bs, l) {
			return f(0, ao, 1, bo, 1, size)
		}
	}
	last := len(shape) - 1
	row := 0
	return walk3(shape[:last], as, bs, nil, ao, bo, 0, func(ao, bo, _ int) bool {
		ok := f(row, ao, as[last], bo, bs[last], shape[last])
		row++
		return ok
	})
}

// walkOuter calls f with the offsets in a and b of every index of shape,
// in C order.
func walkOuter(shape, as, bs []int, ao, bo int, f func(ao, bo int) bool) bool {
	return walk3(shape, as, bs, nil, ao, bo, 0, func(ao, bo, _ int) bool { return f(ao, bo) })
}

// walk3 is walkOuter over three layouts; cs may be nil when the third
// offset is not wanted. It keeps its counters on the stack up to 16
// dimensions and does not let f escape, so callers' closures cost no heap
// allocation.
func walk3(shape, as, bs, cs []int, ao, bo, co int, f func(ao, bo, co int) bool) bool {
	for _, d := range shape {
		if d == 0 {
			return true
		}
	}
	var buf [16]int
	var idx []int
	if len(shape) <= len(buf) {
		idx = buf[:len(shape)]
	} else {
		idx = make([]int, len(shape))
	}
	cstride := func(ax int) int {
		if cs == nil {
			return 0
		}
		return cs[ax]
	}
	for {
		if !f(ao, bo, co) {
			return false
		}
		ax := len(shape) - 1
		for ; ax >= 0; ax-- {
			idx[ax]++
			ao, bo, co = ao+as[ax], bo+bs[ax], co+cstride(ax)
			if idx[ax] < shape[ax] {
				break
			}
			ao, bo, co = ao-idx[ax]*as[ax], bo-idx[ax]*bs[ax], co-idx[ax]*cstride(ax)
			idx[ax] = 0
		}
		if ax < 0 {
			return true
		}
	}
}

// unravel is the index of shape at C-order position pos.
func unravel(pos int, shape []int) []int {
	idx := make([]int, len(shape))
	for i := len(shape) - 1; i >= 0; i-- {
		idx[i] = pos % shape[i]
		pos /= shape[i]
	}
	return idx
}

// normAxis turns axis (negative counts from the end) into 0..ndim-1, or
// an error wrapping ErrShape that names the argument.
func normAxis(name string, axis, ndim int) (int, error) {
	if axis < -ndim || axis >= ndim {
		return 0, fmt.Errorf("%w: %s %d is out of range for %d dimensions", ErrShape, name, axis, ndim)
	}
	if axis < 0 {
		axis += ndim
	}
	return axis, nil
}

// offsetC is the offset in a's data of a's element at C-order position
// pos.
func offsetC[T Number](a *Array[T], pos int) int {
	off := a.off
	for i := len(a.shape) - 1; i >= 0; i-- {
		off += pos % a.shape[i] * a.strides[i]
		pos /= a.shape[i]
	}
	return off
}

// freeArrays frees arrays made before a later step failed.
func freeArrays[T Number](arrays []*Array[T]) {
	for _, a := range arrays {
		a.Free()
	}
}

// copyBlock copies the elements of shape from src (strides ss, first
// element so) to dst (strides ds, first element do): one copy when both
// are dense in one order, a copy per row when rows are contiguous in both,
// an element loop otherwise. The two must not overlap.
func copyBlock[T Number](dst []T, do int, ds []int, src []T, so int, ss []int, shape []int) {
	walkRows(shape, ds, ss, do, so, false, func(_, do, dst1, so, sst, n int) bool {
		if dst1 == 1 && sst == 1 {
			copy(dst[do:do+n], src[so:so+n])
			return true
		}
		for i := range n {
			dst[do+i*dst1] = src[so+i*sst]
		}
		return true
	})
}

// unaliased returns src when writing dst cannot change src's elements
// before they are read (the two are Disjoint, or Same when sameOK: an
// element-wise writer reads each element before writing it), and
// otherwise a copy of src, as NumPy copies an overlapping input; copied
// says the caller must Free it.
func unaliased[T, U Number](dst *Array[T], src *Array[U], sameOK bool) (_ *Array[U], copied bool, err error) {
	switch o := Overlaps(dst, src); {
	case o == Disjoint, o == Same && sameOK:
		return src, false, nil
	}
	c, err := src.Clone()
	if err != nil {
		return nil, false, fmt.Errorf("copying an input that overlaps dst: %w", err)
	}
	return c, true, nil
}
