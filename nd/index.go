package nd

import (
	"slices"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/internal/errtext"
)

// Take returns the elements of a at the given positions along axis, in a
// new array from the options' allocator, as NumPy's take(a, indices,
// axis): the result's axis has len(indices) entries, entry k being a's
// entry indices[k] (negative positions count from the end). For NumPy's
// axis=None, Ravel a first. A position out of range is an error wrapping
// ErrIndex that names it (indices[k]), and nothing is allocated. Whole
// rows that are contiguous in a and the result go by copy(), so gathering
// rows runs at the speed of memory; single elements go by a gather loop
// (see TakeInto for the check before it).
//
//	rows, err := nd.Take(m, []int{2, 0}, 0) // m[[2, 0]]
func Take[T Number](a *Array[T], indices []int, axis int, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Take: %w", err)
	}
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: Take: %w", err)
	}
	nonneg, err := checkTake("Take", a.shape, indices, axis, ax)
	if err != nil {
		return nil, err
	}
	shape := slices.Clone(a.shape)
	shape[ax] = len(indices)
	r, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Take: %w", err)
	}
	take(r, a, indices, ax, nonneg)
	return r, nil
}

// TakeInto writes Take(a, indices, axis) into dst, which must have its
// shape. Every position is checked before anything is written, so a
// failed TakeInto leaves dst as it was, as NumPy's take(..., out=) in its
// default mode="raise" does (NumPy gathers into a buffer and copies that
// to out). Here the check is one vectorised pass over indices that
// decides at the end (asm.InRange: a subtraction and an OR per index, no
// branch), cheaper than a buffer's extra write and read, and the gather
// then takes the positions as they are when none is negative. It
// allocates nothing unless dst overlaps a (see Overlaps): a is then read
// from a copy.
func TakeInto[T Number](dst, a *Array[T], indices []int, axis int) error {
	if err := a.Err(); err != nil {
		return errtext.Errorf("nd: TakeInto: %w", err)
	}
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return errtext.Errorf("nd: TakeInto: %w", err)
	}
	nonneg, err := checkTake("TakeInto", a.shape, indices, axis, ax)
	if err != nil {
		return err
	}
	if err := writableErr(dst); err != nil {
		return errtext.Errorf("nd: TakeInto: %w", err)
	}
	if len(dst.shape) != len(a.shape) || dst.shape[ax] != len(indices) || !equalExcept(dst.shape, a.shape, ax) {
		return errtext.Errorf("nd: TakeInto: %w: dst has shape %v; taking %d entries along axis %d of shape %v needs another",
			ErrShape, dst.shape, len(indices), axis, a.shape)
	}
	src, copied, err := unaliased(dst, a, false)
	if err != nil {
		return errtext.Errorf("nd: TakeInto: %w", err)
	}
	if copied {
		defer src.Free()
	}
	take(dst, src, indices, ax, nonneg)
	return nil
}

// checkTake checks Take's indices for axis ax of shape (axis as the caller
// wrote it, for the error): an error wrapping ErrIndex that names the
// first position outside [-d, d), d = shape[ax], or nil, and whether no
// position is negative. When an axis before ax is empty, nothing is read
// and nothing checked, as in NumPy.
func checkTake(name string, shape, indices []int, axis, ax int) (nonneg bool, err error) {
	d := shape[ax]
	switch {
	case asm.InRange(indices, 0, d-1):
		return true, nil
	case emptyOuter(shape, ax), asm.InRange(indices, -d, d-1):
		return false, nil
	}
	k := slices.IndexFunc(indices, func(i int) bool { return i < -d || i >= d })
	return false, errtext.Errorf("nd: %s: %w: indices[%d] = %d is out of range for axis %d of length %d", name, ErrIndex, k, indices[k], axis, d)
}

// equalExcept reports whether two shapes of one length agree on every axis
// but skip.
func equalExcept(a, b []int, skip int) bool {
	for i := range a {
		if i != skip && a[i] != b[i] {
			return false
		}
	}
	return true
}

// emptyOuter reports whether an axis before ax has length 0: Take then
// reads nothing, and NumPy checks no index.
func emptyOuter(shape []int, ax int) bool {
	return slices.Contains(shape[:ax], 0)
}

// take copies a's entries at indices along ax into dst, a negative index
// counting from the end; checkTake has passed them, and nonneg says that
// none is negative.
func take[T Number](dst, a *Array[T], indices []int, ax int, nonneg bool) {
	if emptyOuter(a.shape, ax) {
		return
	}
	d := a.shape[ax]
	inner := 1
	for _, n := range a.shape[ax+1:] {
		inner *= n
	}
	ds, as := dst.strides[ax], a.strides[ax]
	switch {
	case inner == 1 && ax == 0: // one-dimensional (or trailing ones): one gather
		gather(dst.data, dst.off, ds, a.data, a.off, as, d, indices, nonneg)
	case inner == 1: // along the last axis that counts: a gather per position before it
		walkOuter(a.shape[:ax], dst.strides, a.strides, dst.off, a.off, func(do, ao int) bool {
			gather(dst.data, do, ds, a.data, ao, as, d, indices, nonneg)
			return true
		})
	case inner == 0: // empty slabs: nothing to copy
	case denseTail(a.shape, a.strides, ax) && denseTail(a.shape, dst.strides, ax):
		// Slabs dense in both: one copy() per index and position before ax.
		walkOuter(a.shape[:ax], dst.strides, a.strides, dst.off, a.off, func(do, ao int) bool {
			for k, i := range indices {
				j := i + (i>>63)&d // from the end when negative
				copy(dst.data[do+k*ds:do+k*ds+inner], a.data[ao+j*as:ao+j*as+inner])
			}
			return true
		})
	default: // strided slabs: a block copy per index
		var buf [16]int
		slab := append(buf[:0], a.shape...)
		slab[ax] = 1
		for k, i := range indices {
			j := i + (i>>63)&d
			copyBlock(dst.data, dst.off+k*ds, dst.strides, a.data, a.off+j*as, a.strides, slab)
		}
	}
}

// gather writes src[so + j*ss] to out[do + k*ds] for each indices[k], j
// being indices[k], or indices[k] + d when negative (nonneg: none is). A
// source and destination contiguous along the axis take the plain gather
// loop, four elements a step when no index is negative (independent
// loads in flight: faster than the one-at-a-time loop past the caches).
func gather[T Number](out []T, do, ds int, src []T, so, ss, d int, indices []int, nonneg bool) {
	if len(indices) == 0 {
		return
	}
	if ss != 1 || ds != 1 {
		for k, i := range indices {
			j := i + (i>>63)&d
			out[do+k*ds] = src[so+j*ss]
		}
		return
	}
	s, o := src[so:so+d], out[do:][:len(indices)]
	if !nonneg {
		for k, i := range indices {
			o[k] = s[i+(i>>63)&d]
		}
		return
	}
	k := 0
	for ; k+4 <= len(indices); k += 4 {
		q, p := indices[k:k+4:k+4], o[k:k+4:k+4]
		v0, v1, v2, v3 := s[q[0]], s[q[1]], s[q[2]], s[q[3]]
		p[0], p[1], p[2], p[3] = v0, v1, v2, v3
	}
	for ; k < len(indices); k++ {
		o[k] = s[indices[k]]
	}
}

// denseTail reports whether the axes after ax are dense in C order under
// strides: the block of one index along ax is one run of elements.
func denseTail(shape, strides []int, ax int) bool {
	step := 1
	for i := len(shape) - 1; i > ax; i-- {
		if shape[i] != 1 && strides[i] != step {
			return false
		}
		step *= shape[i]
	}
	return true
}

// TakeAlongAxis returns the elements of a picked by indices along axis,
// as NumPy's take_along_axis(a, indices, axis): indices has a's number of
// dimensions, the other axes broadcast against a's, and element
// [i, ..., k, ...] of the result is a[i, ..., indices[i, ..., k, ...], ...].
// It is what ArgSort's result feeds. Negative indices count from the end.
//
//	firsts, err := nd.TakeAlongAxis(a, order, 1) // order from ops.ArgSort(a, 1)
func TakeAlongAxis[T Number, I Integer](a *Array[T], indices *Array[I], axis int, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: TakeAlongAxis: a: %w", err)
	}
	if err := indices.Err(); err != nil {
		return nil, errtext.Errorf("nd: TakeAlongAxis: indices: %w", err)
	}
	n := len(a.shape)
	if len(indices.shape) != n {
		return nil, errtext.Errorf("nd: TakeAlongAxis: %w: indices has shape %v, a %v: they need the same number of dimensions",
			ErrShape, indices.shape, a.shape)
	}
	ax, err := normAxis("axis", axis, n)
	if err != nil {
		return nil, errtext.Errorf("nd: TakeAlongAxis: %w", err)
	}
	shape := make([]int, n)
	as, is := make([]int, n), make([]int, n) // a's and indices' strides over shape
	for i := range n {
		da, di := a.shape[i], indices.shape[i]
		switch {
		case i == ax:
			shape[i], is[i] = di, indices.strides[i]
		case da == di || di == 1:
			shape[i], as[i] = da, a.strides[i]
			if di == da {
				is[i] = indices.strides[i]
			}
		case da == 1:
			shape[i], is[i] = di, indices.strides[i]
		default:
			return nil, errtext.Errorf("nd: TakeAlongAxis: %w: indices' shape %v does not broadcast against a's %v on axis %d",
				ErrShape, indices.shape, a.shape, i)
		}
	}
	d := a.shape[ax]
	bad := -1
	walkRows(indices.shape, indices.strides, indices.strides, indices.off, indices.off, true, func(row, off, st, _, _, m int) bool {
		for k := range m {
			if v := indices.data[off+k*st]; int64(v) < -int64(d) || v >= 0 && uint64(v) >= uint64(d) {
				bad = row*m + k
				return false
			}
		}
		return true
	})
	if bad >= 0 {
		idx := unravel(bad, indices.shape)
		return nil, errtext.Errorf("nd: TakeAlongAxis: %w: indices%v = %v is out of range for axis %d of length %d",
			ErrIndex, idx, indices.At(idx...), axis, d)
	}
	r, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: TakeAlongAxis: %w", err)
	}
	astep := a.strides[ax]
	walk3(shape, r.strides, is, as, r.off, indices.off, a.off, func(ro, io, ao int) bool {
		i := int(indices.data[io])
		if i < 0 {
			i += d
		}
		r.data[ro] = a.data[ao+i*astep]
		return true
	})
	return r, nil
}

// Put stores values at the given positions of a, each position counting
// a's elements in C order (negative ones from the end), as NumPy's put(a,
// indices, values): position indices[k] gets values[k % len(values)].
// Every position is checked before anything is written.
//
//	err := nd.Put(m, []int{0, -1}, []float64{9}) // first and last elements ← 9
func Put[T Number](a *Array[T], indices []int, values []T) error {
	if err := writableErr(a); err != nil {
		return errtext.Errorf("nd: Put: %w", err)
	}
	if len(values) == 0 && len(indices) > 0 {
		return errtext.Errorf("nd: Put: %w: no values for %d indices", ErrShape, len(indices))
	}
	for k, i := range indices {
		if i < -a.size || i >= a.size {
			return errtext.Errorf("nd: Put: %w: indices[%d] = %d is out of range for %d elements", ErrIndex, k, i, a.size)
		}
	}
	for k, i := range indices {
		if i < 0 {
			i += a.size
		}
		a.data[offsetC(a, i)] = values[k%len(values)]
	}
	return nil
}

// checkMask checks that mask has a's shape and counts its non-zero bytes.
func checkMask[T Number](name string, a *Array[T], mask *Array[uint8]) (int, error) {
	if err := a.Err(); err != nil {
		return 0, errtext.Errorf("nd: %s: a: %w", name, err)
	}
	if err := mask.Err(); err != nil {
		return 0, errtext.Errorf("nd: %s: mask: %w", name, err)
	}
	if !equalShapes(a.shape, mask.shape) {
		return 0, errtext.Errorf("nd: %s: %w: mask has shape %v, a %v; they must be equal", name, ErrShape, mask.shape, a.shape)
	}
	count := 0
	walkRows(mask.shape, mask.strides, mask.strides, mask.off, mask.off, false, func(_, off, st, _, _, n int) bool {
		for k := range n {
			if mask.data[off+k*st] != 0 {
				count++
			}
		}
		return true
	})
	return count, nil
}

// eachMasked calls f with the offset in a of each element whose mask byte
// is non-zero, in C order, and its number among them.
func eachMasked[T Number](a *Array[T], mask *Array[uint8], f func(k, off int)) {
	k := 0
	walkRows(a.shape, a.strides, mask.strides, a.off, mask.off, true, func(_, ao, ast, mo, mst, n int) bool {
		for i := range n {
			if mask.data[mo+i*mst] != 0 {
				f(k, ao+i*ast)
				k++
			}
		}
		return true
	})
}

// Extract returns the elements of a where mask is non-zero, in C order, as
// a one-dimensional array from the options' allocator: NumPy's a[mask]
// (and extract(mask, a)). The mask, as ops' comparisons make it, must have
// a's shape.
//
//	pos, err := nd.Extract(x, mask) // mask from ops.Greater(x, ops.Scalar(0.0))
func Extract[T Number](a *Array[T], mask *Array[uint8], opts ...Option) (*Array[T], error) {
	count, err := checkMask("Extract", a, mask)
	if err != nil {
		return nil, err
	}
	r, err := newArray[T]([]int{count}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Extract: %w", err)
	}
	eachMasked(a, mask, func(k, off int) { r.data[k] = a.data[off] })
	return r, nil
}

// Place stores values into the elements of a where mask is non-zero, in C
// order, the k-th of them getting values[k % len(values)], as NumPy's
// place(a, mask, values): one value is NumPy's a[mask] = v, as many values
// as the mask has non-zero bytes is a[mask] = values. The mask must have
// a's shape; nothing is written on error.
//
//	err := nd.Place(x, mask, []float64{0}) // x[mask] = 0
func Place[T Number](a *Array[T], mask *Array[uint8], values []T) error {
	if err := writableErr(a); err != nil {
		return errtext.Errorf("nd: Place: %w", err)
	}
	count, err := checkMask("Place", a, mask)
	if err != nil {
		return err
	}
	if len(values) == 0 && count > 0 {
		return errtext.Errorf("nd: Place: %w: no values for the mask's %d non-zero elements", ErrShape, count)
	}
	eachMasked(a, mask, func(k, off int) { a.data[off] = values[k%len(values)] })
	return nil
}

// Nonzero returns the indices of a's non-zero elements (NaN counts as
// non-zero, -0 as zero), one array per axis, in C order, as NumPy's
// nonzero: element k of array i is the i-th index of the k-th non-zero
// element. A 0-d array counts as one-dimensional, as NumPy 1.24 still
// does. The arrays come from the options' allocator; on error none is left.
//
//	idx, err := nd.Nonzero(m) // rows in idx[0], columns in idx[1]
func Nonzero[T Number](a *Array[T], opts ...Option) ([]*Array[int], error) {
	count, err := countNonzero("Nonzero", a)
	if err != nil {
		return nil, err
	}
	ndim := max(len(a.shape), 1)
	out := make([]*Array[int], 0, ndim)
	for i := range ndim {
		r, err := newArray[int]([]int{count}, newConfig(opts...))
		if err != nil {
			freeArrays(out)
			return nil, errtext.Errorf("nd: Nonzero: index array %d: %w", i, err)
		}
		out = append(out, r)
	}
	eachNonzero(a, func(k int, idx []int) {
		for i, r := range out {
			r.data[k] = 0 // a 0-d array's one element is at position 0
			if i < len(idx) {
				r.data[k] = idx[i]
			}
		}
	})
	return out, nil
}

// ArgWhere returns the indices of a's non-zero elements as the rows of a
// (count, NDim()) array, in C order, as NumPy's argwhere.
//
//	idx, err := nd.ArgWhere(m) // idx.At(k, 1) is the column of the k-th
func ArgWhere[T Number](a *Array[T], opts ...Option) (*Array[int], error) {
	count, err := countNonzero("ArgWhere", a)
	if err != nil {
		return nil, err
	}
	n := len(a.shape)
	r, err := newArray[int]([]int{count, n}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: ArgWhere: %w", err)
	}
	eachNonzero(a, func(k int, idx []int) {
		for i, v := range idx {
			r.data[r.off+k*r.strides[0]+i*r.strides[1]] = v
		}
	})
	return r, nil
}

func countNonzero[T Number](name string, a *Array[T]) (int, error) {
	if err := a.Err(); err != nil {
		return 0, errtext.Errorf("nd: %s: %w", name, err)
	}
	count := 0
	walkRows(a.shape, a.strides, a.strides, a.off, a.off, false, func(_, off, st, _, _, n int) bool {
		for k := range n {
			if a.data[off+k*st] != 0 {
				count++
			}
		}
		return true
	})
	return count, nil
}

// eachNonzero calls f with the number and index of each non-zero element
// of a, in C order; the index slice is reused.
func eachNonzero[T Number](a *Array[T], f func(k int, idx []int)) {
	k := 0
	for idx, v := range a.All() {
		if v != 0 {
			f(k, idx)
			k++
		}
	}
}
