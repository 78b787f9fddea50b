package nd

import (
	"fmt"
	"slices"
)

// Reshape returns a view with a new shape of the same size; one dimension
// may be -1 and is then inferred. The elements are taken in row-major (C)
// index order whatever the layout, as NumPy's reshape does: element k of
// the result, counting in C order, is element k of a. Reshape never copies,
// so writes through the result always reach a: when a's strides cannot
// express the new shape without a copy (NumPy's no-copy rule; a transposed
// or column-major matrix cannot be flattened, a row-major one always can)
// it returns an error wrapping ErrShape, and Clone then gives a row-major
// copy that reshapes.
//
//	m, err := v.Reshape(2, -1)
//	flat, err := t.Reshape(-1) // error for t = m.T()
//	c, err := t.Clone()        // NumPy's t.reshape(-1) copies here
//	flat, err = c.Reshape(-1)
//
// This differs from NumPy on purpose: NumPy's reshape copies silently when
// it must, and a write through the copy is then lost; the shape-setting
// form (a.shape = ...) refuses, as Reshape does.
func (a *Array[T]) Reshape(shape ...int) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, err
	}
	shape = slices.Clone(shape)
	infer, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			return nil, fmt.Errorf("%w: cannot reshape %v to %v", ErrShape, a.shape, shape)
		default:
			known *= d
		}
	}
	if infer >= 0 {
		if known == 0 || a.size%known != 0 {
			return nil, fmt.Errorf("%w: cannot reshape %v (size %d) to %v", ErrShape, a.shape, a.size, shape)
		}
		shape[infer] = a.size / known
	}
	size, err := checkShape(shape, sizeOf[T]())
	if err != nil {
		return nil, err
	}
	if size != a.size {
		return nil, fmt.Errorf("%w: cannot reshape %v (size %d) to %v (size %d)", ErrShape, a.shape, a.size, shape, size)
	}
	if size == 0 || a.layout == RowMajor {
		return a.view(a.off, shape, contiguousStrides(shape, RowMajor)), nil
	}
	strides, ok := nocopyStrides(a.shape, a.strides, shape)
	if !ok {
		return nil, fmt.Errorf("%w: cannot reshape %v with strides %v to %v without a copy (the elements are not in row-major order); Clone it first",
			ErrShape, a.shape, a.strides, shape)
	}
	return a.view(a.off, shape, strides), nil
}

// nocopyStrides returns strides that give newShape the elements of an
// array of shape and strides in C index order, as NumPy's
// _attempt_nocopy_reshape finds them: axes of length 1 are dropped, and
// each group of old axes that multiplies up to a group of new axes must be
// one evenly strided run in C order. ok is false when there is none. Both
// shapes have the same non-zero size.
func nocopyStrides(shape, strides, newShape []int) (out []int, ok bool) {
	var od, os []int
	for i, d := range shape {
		if d != 1 {
			od, os = append(od, d), append(os, strides[i])
		}
	}
	out = make([]int, len(newShape))
	oi, oj, ni, nj := 0, 1, 0, 1
	for ni < len(newShape) && oi < len(od) {
		np, op := newShape[ni], od[oi]
		for np != op {
			if np < op {
				np *= newShape[nj]
				nj++
			} else {
				op *= od[oj]
				oj++
			}
		}
		for k := oi; k < oj-1; k++ {
			if os[k] != od[k+1]*os[k+1] {
				return nil, false
			}
		}
		out[nj-1] = os[oj-1]
		for k := nj - 1; k > ni; k-- {
			out[k-1] = out[k] * newShape[k]
		}
		ni, oi = nj, oj
		nj++
		oj++
	}
	last := 1
	if ni >= 1 {
		last = out[ni-1]
	}
	for k := ni; k < len(newShape); k++ {
		out[k] = last
	}
	return out, true
}

// T returns the transpose: a view with the axes in reverse order.
func (a *Array[T]) T() *Array[T] {
	shape, strides := slices.Clone(a.shape), slices.Clone(a.strides)
	slices.Reverse(shape)
	slices.Reverse(strides)
	return a.view(a.off, shape, strides)
}

// Transpose returns a view whose axis i is the array's axis axes[i]; axes
// must be a permutation of 0..NDim()-1. With no axes it reverses them, as T.
func (a *Array[T]) Transpose(axes ...int) (*Array[T], error) {
	if len(axes) == 0 {
		return a.T(), nil
	}
	if len(axes) != len(a.shape) {
		return nil, fmt.Errorf("%w: %d axes for a %d-dimensional array", ErrShape, len(axes), len(a.shape))
	}
	seen := make([]bool, len(axes))
	shape, strides := make([]int, len(axes)), make([]int, len(axes))
	for i, ax := range axes {
		if ax < 0 {
			ax += len(axes)
		}
		if ax < 0 || ax >= len(axes) || seen[ax] {
			return nil, fmt.Errorf("%w: axes %v are not a permutation of 0..%d", ErrShape, axes, len(axes)-1)
		}
		seen[ax] = true
		shape[i], strides[i] = a.shape[ax], a.strides[ax]
	}
	return a.view(a.off, shape, strides), nil
}
