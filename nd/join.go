package nd

import (
	"github.com/numgo/numgo/internal/errtext"
	"slices"
)

// Concatenate joins arrays along an existing axis into a new array from
// the options' allocator, as NumPy's concatenate: they must have the same
// number of dimensions (at least one) and the same length on every other
// axis. Rows that are contiguous in source and result go by copy(), so
// joining row-major arrays runs at the speed of memory.
//
//	ab, err := nd.Concatenate([]*nd.Array[float64]{a, b}, 0)
func Concatenate[T Number](arrays []*Array[T], axis int, opts ...Option) (*Array[T], error) {
	ax, total, err := checkConcat("Concatenate", arrays, axis)
	if err != nil {
		return nil, err
	}
	shape := slices.Clone(arrays[0].shape)
	shape[ax] = total
	r, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Concatenate: %w", err)
	}
	concatInto(r, arrays, ax)
	return r, nil
}

// ConcatenateInto writes Concatenate(arrays, axis) into dst, which must
// have the joined shape. It allocates nothing unless dst overlaps one of
// the arrays (see Overlaps): that one is then read from a copy.
func ConcatenateInto[T Number](dst *Array[T], arrays []*Array[T], axis int) error {
	ax, total, err := checkConcat("ConcatenateInto", arrays, axis)
	if err != nil {
		return err
	}
	if err := writableErr(dst); err != nil {
		return errtext.Errorf("nd: ConcatenateInto: %w", err)
	}
	first := arrays[0].shape
	if len(dst.shape) != len(first) || dst.shape[ax] != total || !equalExcept(dst.shape, first, ax) {
		return errtext.Errorf("nd: ConcatenateInto: %w: dst has shape %v; the arrays join to %d along axis %d of shape %v",
			ErrShape, dst.shape, total, axis, first)
	}
	srcs := arrays
	for i, a := range arrays {
		if Overlaps(dst, a) == Disjoint {
			continue
		}
		if &srcs[0] == &arrays[0] {
			srcs = slices.Clone(arrays) // the caller's slice stays as it was
		}
		src, copied, err := unaliased(dst, a, false)
		if err != nil {
			return errtext.Errorf("nd: ConcatenateInto: arrays[%d]: %w", i, err)
		}
		if copied {
			defer src.Free()
		}
		srcs[i] = src
	}
	concatInto(dst, srcs, ax)
	return nil
}

// checkConcat checks arrays for joining along axis and returns the axis in
// 0..ndim-1 and the joined length along it.
func checkConcat[T Number](name string, arrays []*Array[T], axis int) (ax, total int, err error) {
	if len(arrays) == 0 {
		return 0, 0, errtext.Errorf("nd: %s: %w: no arrays to join", name, ErrShape)
	}
	first := arrays[0]
	if ax, err = normAxis("axis", axis, len(first.shape)); err != nil {
		return 0, 0, errtext.Errorf("nd: %s: %w", name, err)
	}
	for i, a := range arrays {
		if err := a.Err(); err != nil {
			return 0, 0, errtext.Errorf("nd: %s: arrays[%d]: %w", name, i, err)
		}
		if len(a.shape) != len(first.shape) {
			return 0, 0, errtext.Errorf("nd: %s: %w: arrays[%d] has shape %v, arrays[0] %v: the dimensions differ", name, ErrShape, i, a.shape, first.shape)
		}
		for j, d := range a.shape {
			if j != ax && d != first.shape[j] {
				return 0, 0, errtext.Errorf("nd: %s: %w: arrays[%d] has shape %v, arrays[0] %v: they differ on axis %d, not only on the joining axis %d",
					name, ErrShape, i, a.shape, first.shape, j, ax)
			}
		}
		total += a.shape[ax]
	}
	return ax, total, nil
}

func concatInto[T Number](dst *Array[T], arrays []*Array[T], ax int) {
	off := dst.off
	for _, a := range arrays {
		copyBlock(dst.data, off, dst.strides, a.data, a.off, a.strides, a.shape)
		off += a.shape[ax] * dst.strides[ax]
	}
}

// Stack joins arrays of one shape along a new axis at position axis of the
// result, as NumPy's stack, into a new array from the options' allocator.
//
//	rows, err := nd.Stack([]*nd.Array[float64]{x, y}, 0) // two (3,) → (2, 3)
func Stack[T Number](arrays []*Array[T], axis int, opts ...Option) (*Array[T], error) {
	if len(arrays) == 0 {
		return nil, errtext.Errorf("nd: Stack: %w: no arrays to stack", ErrShape)
	}
	ax, err := normAxis("axis", axis, len(arrays[0].shape)+1)
	if err != nil {
		return nil, errtext.Errorf("nd: Stack: %w", err)
	}
	views := make([]*Array[T], len(arrays))
	for i, a := range arrays {
		if !equalShapes(a.shape, arrays[0].shape) {
			return nil, errtext.Errorf("nd: Stack: %w: arrays[%d] has shape %v, arrays[0] %v; Stack needs one shape", ErrShape, i, a.shape, arrays[0].shape)
		}
		if views[i], err = ExpandDims(a, ax); err != nil {
			return nil, errtext.Errorf("nd: Stack: arrays[%d]: %w", i, err)
		}
	}
	r, err := Concatenate(views, ax, opts...)
	if err != nil {
		return nil, errtext.Errorf("nd: Stack: %w", err)
	}
	return r, nil
}

// VStack joins arrays along their first axis, one-dimensional arrays of
// length n (and 0-d ones) taken as rows of shape (1, n), as NumPy's vstack.
//
//	m, err := nd.VStack([]*nd.Array[int]{row1, row2})
func VStack[T Number](arrays []*Array[T], opts ...Option) (*Array[T], error) {
	views := make([]*Array[T], len(arrays))
	for i, a := range arrays {
		switch len(a.shape) {
		case 0:
			views[i] = a.view(a.off, []int{1, 1}, []int{0, 0})
		case 1:
			views[i] = a.view(a.off, []int{1, a.shape[0]}, []int{0, a.strides[0]})
		default:
			views[i] = a
		}
	}
	r, err := Concatenate(views, 0, opts...)
	if err != nil {
		return nil, errtext.Errorf("nd: VStack: %w", err)
	}
	return r, nil
}

// HStack joins arrays along their second axis, or their only one when the
// first is one-dimensional, as NumPy's hstack; a 0-d array counts as one
// element.
//
//	v, err := nd.HStack([]*nd.Array[int]{a, b}) // [1 2] and [3] → [1 2 3]
func HStack[T Number](arrays []*Array[T], opts ...Option) (*Array[T], error) {
	views := make([]*Array[T], len(arrays))
	for i, a := range arrays {
		views[i] = a
		if len(a.shape) == 0 {
			views[i] = a.view(a.off, []int{1}, []int{0})
		}
	}
	axis := 1
	if len(views) > 0 && len(views[0].shape) == 1 {
		axis = 0
	}
	r, err := Concatenate(views, axis, opts...)
	if err != nil {
		return nil, errtext.Errorf("nd: HStack: %w", err)
	}
	return r, nil
}

// Split divides a into n views of equal length along axis, as NumPy's
// split(a, n, axis); the axis's length must be a multiple of n. The views
// share a's memory, as NumPy's do.
//
//	parts, err := nd.Split(a, 3, 0)
func Split[T Number](a *Array[T], n, axis int) ([]*Array[T], error) {
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: Split: %w", err)
	}
	if n > 0 && a.shape[ax]%n != 0 {
		return nil, errtext.Errorf("nd: Split: %w: axis %d of length %d does not divide into n = %d equal parts; ArraySplit allows unequal ones", ErrShape, axis, a.shape[ax], n)
	}
	return ArraySplit(a, n, ax)
}

// ArraySplit divides a into n views along axis, as NumPy's array_split:
// when the axis's length d is not a multiple of n, the first d%n views are
// one longer than the rest.
//
//	parts, err := nd.ArraySplit(v, 3, 0) // length 7 → 3, 2, 2
func ArraySplit[T Number](a *Array[T], n, axis int) ([]*Array[T], error) {
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: ArraySplit: %w", err)
	}
	if n <= 0 {
		return nil, errtext.Errorf("nd: ArraySplit: %w: n = %d; the number of parts must be positive", ErrShape, n)
	}
	d := a.shape[ax]
	each, extra := d/n, d%n
	at := make([]int, n-1)
	pos := 0
	for i := range at {
		pos += each
		if i < extra {
			pos++
		}
		at[i] = pos
	}
	return splitAt("ArraySplit", a, at, ax)
}

// SplitAt divides a along axis before each of the given indices, as
// NumPy's split(a, indices, axis): the views are a[:indices[0]],
// a[indices[0]:indices[1]], ..., a[indices[len-1]:], each with slicing's
// rules (negative indices count from the end, and a part past the end or
// with decreasing bounds is empty).
//
//	parts, err := nd.SplitAt(v, []int{2, 5}, 0) // v[:2], v[2:5], v[5:]
func SplitAt[T Number](a *Array[T], indices []int, axis int) ([]*Array[T], error) {
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: SplitAt: %w", err)
	}
	return splitAt("SplitAt", a, indices, ax)
}

func splitAt[T Number](name string, a *Array[T], at []int, ax int) ([]*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	ranges := make([]Range, ax+1)
	out := make([]*Array[T], 0, len(at)+1)
	for i := range len(at) + 1 {
		r := Whole()
		if i > 0 {
			r = From(at[i-1])
		}
		if i < len(at) {
			r.stop, r.hasStop = at[i], true
		}
		ranges[ax] = r
		v, err := a.Slice(ranges...)
		if err != nil {
			return nil, errtext.Errorf("nd: %s: %w", name, err)
		}
		out = append(out, v)
	}
	return out, nil
}
