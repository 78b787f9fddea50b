package nd

import (
	"fmt"
	"slices"
)

// Reshape returns a view with a new shape of the same size; one dimension
// may be -1 and is then inferred. The array must be contiguous (row-major
// order is kept: a ColMajor array reshapes in its own order); Clone a
// strided view first.
//
//	m, err := v.Reshape(2, -1)
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
	l := a.Layout()
	if l == Strided {
		return nil, fmt.Errorf("%w: cannot reshape a strided view %v (strides %v) without a copy; Clone it first", ErrShape, a.shape, a.strides)
	}
	return a.view(a.off, shape, contiguousStrides(shape, l)), nil
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
