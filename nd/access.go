package nd

import (
	"fmt"
	"iter"
)

// At returns the element at idx, one index per dimension; negative indices
// count from the end as in NumPy. It panics if an index is out of range or
// the array's memory was released (see Err).
//
//	v := a.At(1, 2)
func (a *Array[T]) At(idx ...int) T {
	return a.data[a.offsetOf(idx)]
}

// Set stores v at idx, with At's rules. It panics, writing nothing, when
// the array's memory is read-only (see Writable).
//
//	a.Set(42, 1000, 1000)
func (a *Array[T]) Set(v T, idx ...int) {
	i := a.offsetOf(idx)
	if err := a.Writable(); err != nil {
		panic("nd: Set on a read-only array: " + err.Error())
	}
	a.data[i] = v
}

func (a *Array[T]) offsetOf(idx []int) int {
	if a.buf != nil {
		a.buf.mustBeLive()
	}
	if len(idx) != len(a.shape) {
		panic(fmt.Sprintf("nd: %d indices for an array of %d dimensions (shape %v)", len(idx), len(a.shape), a.shape))
	}
	off := a.off
	for i, x := range idx {
		d := a.shape[i]
		if x < 0 {
			x += d
		}
		if x < 0 || x >= d {
			panic(fmt.Sprintf("nd: index %d out of range for axis %d of length %d", idx[i], i, d))
		}
		off += x * a.strides[i]
	}
	return off
}

// All iterates over the elements in row-major order of their indices,
// whatever the layout, yielding each element's index and value. The index
// slice is reused between steps: copy it to keep it. Liveness is checked
// before every element: if the memory is released during the loop (an
// arena's Reset, say), the next step panics naming the cause instead of
// yielding someone else's data.
//
//	for idx, v := range a.All() { ... }
func (a *Array[T]) All() iter.Seq2[[]int, T] {
	return func(yield func([]int, T) bool) {
		if a.size == 0 {
			return
		}
		idx := make([]int, len(a.shape))
		off := a.off
		for {
			if a.buf != nil {
				a.buf.mustBeLive()
			}
			if !yield(idx, a.data[off]) {
				return
			}
			// Advance the last axis, carrying into earlier ones.
			ax := len(idx) - 1
			for ; ax >= 0; ax-- {
				idx[ax]++
				off += a.strides[ax]
				if idx[ax] < a.shape[ax] {
					break
				}
				off -= idx[ax] * a.strides[ax]
				idx[ax] = 0
			}
			if ax < 0 {
				return
			}
		}
	}
}

// Values iterates over the elements in row-major order of their indices,
// checking liveness before every element as All does.
//
//	for v := range a.Values() { sum += v }
func (a *Array[T]) Values() iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, v := range a.All() {
			if !yield(v) {
				return
			}
		}
	}
}
