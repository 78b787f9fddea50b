package nd

import (
	"fmt"
	"math"
)

// checkShape validates a shape and returns its number of elements. The
// product of its non-zero dimensions times elemSize must fit in an int,
// whatever their order (as NumPy checks), so that no constructor ever asks
// for a buffer, nor computes a stride, that wrapped around; a zero
// dimension makes the array empty.
func checkShape(shape []int, elemSize int) (int, error) {
	size, empty := 1, false
	for i, d := range shape {
		switch {
		case d < 0:
			return 0, fmt.Errorf("%w: dimension %d of %v is negative", ErrShape, i, shape)
		case d == 0:
			empty = true
		case size > math.MaxInt/elemSize/d:
			return 0, fmt.Errorf("%w: %v holds more elements than memory can address", ErrShape, shape)
		default:
			size *= d
		}
	}
	if empty {
		return 0, nil
	}
	return size, nil
}

// checkFill validates shape for n given elements and returns its size.
func checkFill(n int, shape []int, elemSize int) (int, error) {
	size, err := checkShape(shape, elemSize)
	if err == nil && size != n {
		err = fmt.Errorf("%w: %d elements do not fill shape %v (size %d)", ErrShape, n, shape, size)
	}
	return size, err
}

// contiguousStrides returns the element strides of a dense array of shape
// in the given layout.
func contiguousStrides(shape []int, l Layout) []int {
	strides := make([]int, len(shape))
	step := 1
	if l == ColMajor {
		for i := range shape {
			strides[i] = step
			step *= max(shape[i], 1)
		}
		return strides
	}
	for i := len(shape) - 1; i >= 0; i-- {
		strides[i] = step
		step *= max(shape[i], 1)
	}
	return strides
}

// isDense reports whether shape and strides describe a dense block in
// layout l. Axes of length 1 may have any stride.
func isDense(shape, strides []int, l Layout) bool {
	step := 1
	check := func(i int) bool {
		if shape[i] == 1 {
			return true
		}
		if strides[i] != step {
			return false
		}
		step *= shape[i]
		return true
	}
	if l == ColMajor {
		for i := range shape {
			if !check(i) {
				return false
			}
		}
		return true
	}
	for i := len(shape) - 1; i >= 0; i-- {
		if !check(i) {
			return false
		}
	}
	return true
}

// equalShapes reports whether two shapes are the same.
func equalShapes(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i, d := range a {
		if b[i] != d {
			return false
		}
	}
	return true
}
