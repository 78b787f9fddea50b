package ops

import (
	"github.com/numgo/numgo/internal/errtext"

	"github.com/numgo/numgo/nd"
)

// axisSet holds the further axes of an AxisSpec (Axis(i, j, ...)) without
// allocating: bit j of pos for axis j ≥ 0, bit j of neg for axis -(j+1).
// An axis too large to hold, or one given twice, is kept in bad (with odd
// set) and reported when the spec is applied.
type axisSet struct {
	pos, neg uint64
	bad      int
	odd      bool
}

// add puts axis j in the set.
func (m *axisSet) add(j int) {
	var set *uint64
	var bit int
	switch {
	case j >= 0 && j < 64:
		set, bit = &m.pos, j
	case j < 0 && j >= -64:
		set, bit = &m.neg, -j-1
	}
	if set == nil || *set&(1<<bit) != 0 {
		if !m.odd {
			m.bad, m.odd = j, true
		}
		return
	}
	*set |= 1 << bit
}

// any reports whether the spec names more than its first axis.
func (m axisSet) any() bool { return m.pos|m.neg != 0 || m.odd }

// Several reports whether the spec names more than one axis (Axis(i, j,
// ...)), for reductions outside this package that take one axis only
// (Index) to refuse the others.
func (s AxisSpec) Several() bool { return s.more.any() }

// resolve returns the set of a's axes (bit i for axis i) that s names,
// each normalised; an axis out of range or named twice is an error
// wrapping nd.ErrShape.
func (s AxisSpec) resolve(name string, shape []int) (uint64, error) {
	ndim := len(shape)
	var mask uint64
	put := func(j int) error {
		i := j
		if i < 0 {
			i += ndim
		}
		if i < 0 || i >= ndim {
			return errtext.Errorf("ops: %s: %w: axis %d out of range for shape %v", name, nd.ErrShape, j, shape)
		}
		if mask&(1<<i) != 0 {
			return errtext.Errorf("ops: %s: %w: axis %d named twice for shape %v", name, nd.ErrShape, j, shape)
		}
		mask |= 1 << i
		return nil
	}
	if s.more.odd {
		if err := put(s.more.bad); err != nil {
			return 0, err
		}
		return 0, errtext.Errorf("ops: %s: %w: axis %d named twice", name, nd.ErrShape, s.more.bad)
	}
	if err := put(s.axis); err != nil {
		return 0, err
	}
	for j := range 64 {
		if s.more.pos&(1<<j) != 0 {
			if err := put(j); err != nil {
				return 0, err
			}
		}
		if s.more.neg&(1<<j) != 0 {
			if err := put(-j - 1); err != nil {
				return 0, err
			}
		}
	}
	return mask, nil
}

// axesShape returns the shape of reducing a along the several axes of
// ax (and 0, axisShape's normalised axis, unused here).
func axesShape[T nd.Number](name string, a *nd.Array[T], ax AxisSpec) ([]int, int, error) {
	shape := a.Shape()
	mask, err := ax.resolve(name, shape)
	if err != nil {
		return nil, 0, err
	}
	out := shape[:0]
	for i, d := range shape {
		switch {
		case mask&(1<<i) == 0:
			out = append(out, d)
		case ax.keep:
			out = append(out, 1)
		}
	}
	return out, 0, nil
}

// accAxes reduces a along the several axes of ax into dst. The reduced
// axes are moved last in a view of a; when they then form one evenly
// spaced run (trailing axes of a row-major array, say) the view reduces
// along it directly, otherwise the view is first copied to a dense
// temporary on the Go heap. Either way the single-axis reduction does the
// work, so results round as along one axis of that length. Reductions
// that are not order-free (ArgMin, ArgMax) take one axis only, as in
// NumPy.
func accAxes[T, A, R nd.Number, K accReducer[T, A, R]](name string, k K, dst *nd.Array[R], a *nd.Array[T], ax AxisSpec, orderFree, needsElements bool) error {
	if !orderFree {
		return errtext.Errorf("ops: %s: %w: reduces along one axis only", name, nd.ErrShape)
	}
	if err := checkLive(name, dst, a); err != nil {
		return err
	}
	shape := a.Shape()
	mask, err := ax.resolve(name, shape)
	if err != nil {
		return err
	}
	data, off, str := a.Storage()
	dd, doff, dstr := dst.Storage()
	var kShape, kStr, dStr, rShape, rStr []int
	ok := true
	j := 0 // dst's axis
	n := 1
	for i, d := range shape {
		if mask&(1<<i) != 0 {
			rShape, rStr = append(rShape, d), append(rStr, str[i])
			n *= d
			if ax.keep {
				ok = ok && j < dst.NDim() && dst.Dim(j) == 1
				j++
			}
			continue
		}
		kShape, kStr = append(kShape, d), append(kStr, str[i])
		ok = ok && j < dst.NDim() && dst.Dim(j) == d
		if ok {
			dStr = append(dStr, dstr[j])
		}
		j++
	}
	if !ok || j != dst.NDim() {
		return errtext.Errorf("ops: %s: %w: reducing %v along axes %v (keepdims %v) does not give dst shape %v",
			name, nd.ErrShape, shape, axesOf(mask, len(shape)), ax.keep, dst.Shape())
	}
	if n == 0 && needsElements && dst.Size() > 0 {
		return errtext.Errorf("ops: %s: %w: cannot reduce %v along its empty axes %v", name, nd.ErrShape, shape, axesOf(mask, len(shape)))
	}
	dv, err := nd.View(dd, doff, kShape, dStr)
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	// One run if, dropping axes of length 1, each reduced axis steps over
	// the whole of the next.
	step, run, prev := 0, true, -1
	for i := len(rShape) - 1; i >= 0; i-- {
		if rShape[i] == 1 {
			continue
		}
		if prev < 0 {
			step = rStr[i]
		} else if rStr[i] != rStr[prev]*rShape[prev] {
			run = false
		}
		prev = i
	}
	var src *nd.Array[T]
	if run {
		src, err = nd.View(data, off, append(kShape, n), append(kStr, step))
	} else {
		var perm *nd.Array[T]
		perm, err = nd.View(data, off, append(kShape, rShape...), append(kStr, rStr...))
		if err == nil {
			var c *nd.Array[T]
			if c, err = perm.Clone(); err == nil {
				defer c.Free()
				src, err = c.Reshape(append(kShape, n)...)
			}
		}
	}
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	return accAxis(name, k, dv, src, Axis(-1), orderFree, needsElements)
}

// axesOf lists the axes in mask for an error message.
func axesOf(mask uint64, n int) []int {
	var s []int
	for i := range n {
		if mask&(1<<i) != 0 {
			s = append(s, i)
		}
	}
	return s
}
