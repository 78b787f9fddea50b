package linalg

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// walk calls f for every index of shape in C order, with the index and
// the offset of that element in each of the stride sets (offsets start at
// base). idx and off are reused between calls. It does nothing for an
// empty shape.
func walk(shape []int, strides [][]int, base []int, f func(idx, off []int)) {
	for _, d := range shape {
		if d == 0 {
			return
		}
	}
	idx := make([]int, len(shape))
	off := append([]int(nil), base...)
	for {
		f(idx, off)
		k := len(shape) - 1
		for ; k >= 0; k-- {
			idx[k]++
			for s := range strides {
				off[s] += strides[s][k]
			}
			if idx[k] < shape[k] {
				break
			}
			for s := range strides {
				off[s] -= strides[s][k] * shape[k]
			}
			idx[k] = 0
		}
		if k < 0 {
			return
		}
	}
}

// check returns x's Err (released memory), wrapped and naming op and the
// argument.
func check[T nd.Number](op, name string, x *nd.Array[T]) error {
	if x == nil {
		return fmt.Errorf("linalg: %s: %w: %s is nil", op, nd.ErrShape, name)
	}
	if err := x.Err(); err != nil {
		return fmt.Errorf("linalg: %s: %s: %w", op, name, err)
	}
	return nil
}

// checkDst checks that dst is live and writable and has the given shape.
func checkDst[T nd.Number](op string, dst *nd.Array[T], shape []int) error {
	if dst == nil {
		return fmt.Errorf("linalg: %s: %w: dst is nil", op, nd.ErrShape)
	}
	if err := dst.Err(); err != nil {
		return fmt.Errorf("linalg: %s: dst: %w", op, err)
	}
	if err := dst.Writable(); err != nil {
		return fmt.Errorf("linalg: %s: dst: %w", op, err)
	}
	if !sameInts(dst.Shape(), shape) {
		return fmt.Errorf("linalg: %s: %w: dst has shape %v, the result %v", op, nd.ErrShape, dst.Shape(), shape)
	}
	return nil
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// allocate makes a result of shape from the options' allocator, lets into
// fill it, and frees it when into fails. nd.Zeros refuses a read-only
// allocator before allocating.
func allocate[T nd.Number](shape []int, opts []nd.Option, into func(dst *nd.Array[T]) error) (*nd.Array[T], error) {
	dst, err := nd.Zeros[T](shape, opts...)
	if err != nil {
		return nil, err
	}
	if err := into(dst); err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// readable returns a when dst does not overlap it, and otherwise a copy of
// a on mem.Default with release to free it: an Into form reads its inputs
// from separate memory, as NumPy's out= does.
func readable[T nd.Number](dst, a *nd.Array[T]) (*nd.Array[T], func(), error) {
	if nd.Overlaps(dst, a) == nd.Disjoint {
		return a, func() {}, nil
	}
	c, err := a.Clone()
	if err != nil {
		return nil, nil, err
	}
	return c, func() { c.Free() }, nil
}

// float64Matrix copies a non-empty 2-D array into a new gonum matrix.
func float64Matrix[T Float](a *nd.Array[T]) *mat.Dense {
	m, n := a.Dim(0), a.Dim(1)
	d := mat.NewDense(m, n, nil)
	raw := d.RawMatrix().Data
	data, off, st := a.Storage()
	walk(a.Shape(), [][]int{st}, []int{off}, func(idx, o []int) {
		raw[idx[0]*n+idx[1]] = float64(data[o[0]])
	})
	return d
}

// fill writes vals, in C order, into the row-major array dst of the same
// size.
func fill[T Float](dst *nd.Array[T], vals []float64) {
	data, off, st := dst.Storage()
	i := 0
	walk(dst.Shape(), [][]int{st}, []int{off}, func(_, o []int) {
		data[o[0]] = T(vals[i])
		i++
	})
}
