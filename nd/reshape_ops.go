package nd

import (
	"github.com/numgo/numgo/internal/errtext"
	"slices"
)

// Squeeze returns a view of a without the given axes, each of which must
// have length 1, or without every axis of length 1 when none are given, as
// NumPy's squeeze.
//
//	s, err := nd.Squeeze(a) // (1, 3, 1) → (3,)
func Squeeze[T Number](a *Array[T], axes ...int) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Squeeze: %w", err)
	}
	drop := make([]bool, len(a.shape))
	for _, ax := range axes {
		i, err := normAxis("axis", ax, len(a.shape))
		if err != nil {
			return nil, errtext.Errorf("nd: Squeeze: %w", err)
		}
		if a.shape[i] != 1 {
			return nil, errtext.Errorf("nd: Squeeze: %w: axis %d has length %d, not 1 (shape %v)", ErrShape, ax, a.shape[i], a.shape)
		}
		drop[i] = true
	}
	shape, strides := []int{}, []int{}
	for i, d := range a.shape {
		if drop[i] || len(axes) == 0 && d == 1 {
			continue
		}
		shape, strides = append(shape, d), append(strides, a.strides[i])
	}
	return a.view(a.off, shape, strides), nil
}

// ExpandDims returns a view of a with a new axis of length 1 at each of
// the given positions of the result, as NumPy's expand_dims; a negative
// position counts from the end of the result.
//
//	col, err := nd.ExpandDims(v, 1) // (3,) → (3, 1)
func ExpandDims[T Number](a *Array[T], axes ...int) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: ExpandDims: %w", err)
	}
	n := len(a.shape) + len(axes)
	isNew := make([]bool, n)
	for _, ax := range axes {
		i, err := normAxis("axis", ax, n)
		if err != nil {
			return nil, errtext.Errorf("nd: ExpandDims: %w", err)
		}
		if isNew[i] {
			return nil, errtext.Errorf("nd: ExpandDims: %w: axis %d given twice in %v", ErrShape, ax, axes)
		}
		isNew[i] = true
	}
	shape, strides := make([]int, n), make([]int, n)
	j := 0
	for i := range n {
		if isNew[i] {
			shape[i] = 1
			continue
		}
		shape[i], strides[i] = a.shape[j], a.strides[j]
		j++
	}
	return a.view(a.off, shape, strides), nil
}

// BroadcastTo returns a view of a with the given shape, by NumPy's
// broadcasting rule: a's axes align with the last ones of shape, and an
// axis of length 1 stretches (stride 0). NumPy makes the view read-only;
// here it is not, so treat it as read-only: a write through it reaches
// every position that shares the element.
//
//	rows, err := nd.BroadcastTo(v, 4, 3) // (3,) → (4, 3)
func BroadcastTo[T Number](a *Array[T], shape ...int) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: BroadcastTo: %w", err)
	}
	if _, err := checkShape(shape, sizeOf[T]()); err != nil {
		return nil, errtext.Errorf("nd: BroadcastTo: shape: %w", err)
	}
	lead := len(shape) - len(a.shape)
	if lead < 0 {
		return nil, errtext.Errorf("nd: BroadcastTo: %w: shape %v has fewer dimensions than a's %v", ErrShape, shape, a.shape)
	}
	strides := make([]int, len(shape))
	for i, d := range a.shape {
		switch {
		case d == shape[lead+i]:
			strides[lead+i] = a.strides[i]
		case d != 1:
			return nil, errtext.Errorf("nd: BroadcastTo: %w: a's shape %v does not broadcast to shape %v", ErrShape, a.shape, shape)
		}
	}
	return a.view(a.off, slices.Clone(shape), strides), nil
}

// MoveAxis returns a view of a with axis from moved to position to, the
// other axes keeping their order, as NumPy's moveaxis.
//
//	m, err := nd.MoveAxis(a, 0, -1) // (2, 3, 4) → (3, 4, 2)
func MoveAxis[T Number](a *Array[T], from, to int) (*Array[T], error) {
	n := len(a.shape)
	src, err := normAxis("from", from, n)
	if err == nil {
		var dst int
		if dst, err = normAxis("to", to, n); err == nil {
			perm := make([]int, 0, n)
			for i := range n {
				if i != src {
					perm = append(perm, i)
				}
			}
			return a.Transpose(slices.Insert(perm, dst, src)...)
		}
	}
	return nil, errtext.Errorf("nd: MoveAxis: %w", err)
}

// SwapAxes returns a view of a with axes i and j exchanged, as NumPy's
// swapaxes.
//
//	s, err := nd.SwapAxes(a, 0, 2) // (2, 3, 4) → (4, 3, 2)
func SwapAxes[T Number](a *Array[T], i, j int) (*Array[T], error) {
	n := len(a.shape)
	x, err := normAxis("i", i, n)
	if err == nil {
		var y int
		if y, err = normAxis("j", j, n); err == nil {
			perm := make([]int, n)
			for k := range perm {
				perm[k] = k
			}
			perm[x], perm[y] = y, x
			return a.Transpose(perm...)
		}
	}
	return nil, errtext.Errorf("nd: SwapAxes: %w", err)
}

// Flip returns a view of a with the order of elements reversed along the
// given axes, or along every axis when none are given, as NumPy's flip
// (which also returns a view).
//
//	r, err := nd.Flip(a, 0) // rows in reverse order
func Flip[T Number](a *Array[T], axes ...int) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Flip: %w", err)
	}
	flip := make([]bool, len(a.shape))
	for _, ax := range axes {
		i, err := normAxis("axis", ax, len(a.shape))
		if err != nil {
			return nil, errtext.Errorf("nd: Flip: %w", err)
		}
		if flip[i] {
			return nil, errtext.Errorf("nd: Flip: %w: axis %d given twice in %v", ErrShape, ax, axes)
		}
		flip[i] = true
	}
	off, strides := a.off, slices.Clone(a.strides)
	for i, d := range a.shape {
		if (len(axes) == 0 || flip[i]) && d > 1 {
			off += (d - 1) * strides[i]
			strides[i] = -strides[i]
		}
	}
	return a.view(off, slices.Clone(a.shape), strides), nil
}

// Ravel returns a's elements in C order as a one-dimensional array: a view
// when they lie evenly spaced in memory in that order (any row-major array,
// and strided views such as a[::2]), a copy from the options' allocator
// otherwise (a transpose, a column-major matrix). NumPy's ravel copies the
// strided views too; its reshape(-1) is what Ravel matches.
//
//	flat, err := nd.Ravel(m)
func Ravel[T Number](a *Array[T], opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Ravel: %w", err)
	}
	if step, ok := evenStep(a.shape, a.strides); ok {
		return a.view(a.off, []int{a.size}, []int{step}), nil
	}
	return flatten("Ravel", a, opts)
}

// evenStep reports whether the elements of shape and strides lie evenly
// spaced in C order, and the spacing.
func evenStep(shape, strides []int) (step int, ok bool) {
	step, next, seen := 1, 0, false // next: the stride the previous kept axis must have
	for i := len(shape) - 1; i >= 0; i-- {
		d := shape[i]
		switch {
		case d == 0:
			return 1, true
		case d == 1:
			continue
		case !seen:
			step, seen = strides[i], true
		case strides[i] != next:
			return 0, false
		}
		next = strides[i] * d
	}
	return step, true
}

// Flatten returns a copy of a's elements in C order as a one-dimensional
// array from the options' allocator, as NumPy's flatten.
//
//	flat, err := nd.Flatten(m.T())
func Flatten[T Number](a *Array[T], opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Flatten: %w", err)
	}
	return flatten("Flatten", a, opts)
}

func flatten[T Number](name string, a *Array[T], opts []Option) (*Array[T], error) {
	r, err := newArray[T]([]int{a.size}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	copyBlock(r.data, 0, contiguousStrides(a.shape, RowMajor), a.data, a.off, a.strides, a.shape)
	return r, nil
}

// Tile returns a copy of a repeated reps[i] times along axis i, as NumPy's
// tile: when reps is shorter than a's dimensions it is padded with ones
// in front, and when longer a gains leading axes of length 1.
//
//	t, err := nd.Tile(v, []int{2, 3}) // (2,) → (2, 6)
func Tile[T Number](a *Array[T], reps []int, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Tile: %w", err)
	}
	n := max(len(reps), len(a.shape))
	shape, strides := make([]int, n), make([]int, n)
	tiles := make([]int, n)
	out := make([]int, n)
	for i := range n {
		shape[i], tiles[i] = 1, 1
		if j := i - (n - len(a.shape)); j >= 0 {
			shape[i], strides[i] = a.shape[j], a.strides[j]
		}
		if j := i - (n - len(reps)); j >= 0 {
			if reps[j] < 0 {
				return nil, errtext.Errorf("nd: Tile: %w: reps[%d] = %d is negative", ErrShape, j, reps[j])
			}
			tiles[i] = reps[j]
		}
		out[i] = shape[i] * tiles[i]
	}
	r, err := newArray[T](out, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Tile: %w", err)
	}
	step := make([]int, n) // the offset in r from one tile to the next
	for i := range n {
		step[i] = shape[i] * r.strides[i]
	}
	walkOuter(tiles, step, step, r.off, 0, func(off, _ int) bool {
		copyBlock(r.data, off, r.strides, a.data, a.off, strides, shape)
		return true
	})
	return r, nil
}

// Repeat returns a copy of a with element i along axis repeated
// repeats[i] times, as NumPy's repeat(a, repeats, axis); one count
// repeats every element. For NumPy's axis=None, Ravel a first.
//
//	r, err := nd.Repeat(v, []int{2}, 0) // [1 2] → [1 1 2 2]
func Repeat[T Number](a *Array[T], repeats []int, axis int, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Repeat: %w", err)
	}
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: Repeat: %w", err)
	}
	d := a.shape[ax]
	if len(repeats) != 1 && len(repeats) != d {
		return nil, errtext.Errorf("nd: Repeat: %w: %d repeats for axis %d of length %d (want 1 or %d)", ErrShape, len(repeats), axis, d, d)
	}
	count := func(i int) int { return repeats[min(i, len(repeats)-1)] }
	total := 0
	for i := range d {
		if count(i) < 0 {
			return nil, errtext.Errorf("nd: Repeat: %w: repeats[%d] = %d is negative", ErrShape, min(i, len(repeats)-1), count(i))
		}
		total += count(i)
	}
	shape := slices.Clone(a.shape)
	shape[ax] = total
	r, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Repeat: %w", err)
	}
	slab := slices.Clone(a.shape)
	slab[ax] = 1
	k := 0
	for i := range d {
		for range count(i) {
			copyBlock(r.data, r.off+k*r.strides[ax], r.strides, a.data, a.off+i*a.strides[ax], a.strides, slab)
			k++
		}
	}
	return r, nil
}

// Roll returns a copy of a with its elements shifted by shift positions
// along axis, those that fall off the end coming back at the start, as
// NumPy's roll(a, shift, axis). For NumPy's axis=None, Ravel a first.
//
//	r, err := nd.Roll(v, 1, 0) // [1 2 3] → [3 1 2]
func Roll[T Number](a *Array[T], shift, axis int, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Roll: %w", err)
	}
	ax, err := normAxis("axis", axis, len(a.shape))
	if err != nil {
		return nil, errtext.Errorf("nd: Roll: %w", err)
	}
	r, err := newArray[T](a.shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Roll: %w", err)
	}
	d := a.shape[ax]
	if d == 0 {
		return r, nil
	}
	s := (shift%d + d) % d
	part := slices.Clone(a.shape)
	part[ax] = d - s // a[:d-s] → r[s:]
	copyBlock(r.data, r.off+s*r.strides[ax], r.strides, a.data, a.off, a.strides, part)
	part[ax] = s // a[d-s:] → r[:s]
	copyBlock(r.data, r.off, r.strides, a.data, a.off+(d-s)*a.strides[ax], a.strides, part)
	return r, nil
}

// PadMode is how Pad fills the border.
type PadMode int

const (
	// PadConstant fills the border with Pad's value (NumPy's "constant").
	PadConstant PadMode = iota
	// PadEdge repeats the edge elements of each axis (NumPy's "edge").
	PadEdge
)

// Pad returns a copy of a with widths[i][0] elements added before and
// widths[i][1] after along axis i, as NumPy's pad; one pair pads every
// axis alike. PadConstant fills them with value, PadEdge with the nearest
// edge element (value is then unused).
//
//	p, err := nd.Pad(m, [][2]int{{1, 1}}, nd.PadConstant, 0) // a border of zeros
func Pad[T Number](a *Array[T], widths [][2]int, mode PadMode, value T, opts ...Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: Pad: %w", err)
	}
	n := len(a.shape)
	if len(widths) != 1 && len(widths) != n {
		return nil, errtext.Errorf("nd: Pad: %w: %d widths for %d dimensions (want 1 or %d)", ErrShape, len(widths), n, n)
	}
	if mode != PadConstant && mode != PadEdge {
		return nil, errtext.Errorf("nd: Pad: %w: mode %d is neither PadConstant nor PadEdge", ErrShape, int(mode))
	}
	width := func(i int) [2]int { return widths[min(i, len(widths)-1)] }
	shape := make([]int, n)
	for i, d := range a.shape {
		w := width(i)
		if w[0] < 0 || w[1] < 0 {
			return nil, errtext.Errorf("nd: Pad: %w: widths[%d] = %v is negative", ErrShape, min(i, len(widths)-1), w)
		}
		if mode == PadEdge && d == 0 && w[0]+w[1] > 0 {
			return nil, errtext.Errorf("nd: Pad: %w: axis %d is empty; PadEdge has no edge to repeat", ErrShape, i)
		}
		shape[i] = d + w[0] + w[1]
	}
	if _, err := checkShape(shape, sizeOf[T]()); err != nil {
		return nil, errtext.Errorf("nd: Pad: %w", err)
	}
	r, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Pad: %w", err)
	}
	if mode == PadConstant {
		for i := range r.data {
			r.data[i] = value
		}
	}
	inner := r.off
	for i := range n {
		inner += width(i)[0] * r.strides[i]
	}
	copyBlock(r.data, inner, r.strides, a.data, a.off, a.strides, a.shape)
	if mode == PadEdge && r.size > 0 {
		// Axis by axis, as NumPy: a slab one element thick at each edge,
		// spanning every other axis as padded so far, is copied outwards.
		slab := slices.Clone(shape)
		for i := range n {
			w := width(i)
			slab[i] = 1
			base := r.off
			first, last := w[0], w[0]+a.shape[i]-1
			for j := range w[0] {
				copyBlock(r.data, base+j*r.strides[i], r.strides, r.data, base+first*r.strides[i], r.strides, slab)
			}
			for j := last + 1; j < shape[i]; j++ {
				copyBlock(r.data, base+j*r.strides[i], r.strides, r.data, base+last*r.strides[i], r.strides, slab)
			}
			slab[i] = shape[i]
		}
	}
	return r, nil
}
