package linalg

import (
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/internal/errtext"
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

// fail is an error of op wrapping the sentinel (or any numgo error) with
// one package prefix, as internal/errtext's rule: "linalg: Op: detail:
// <the sentinel's text without its prefix>".
func fail(sentinel error, op, format string, args ...any) error {
	return errtext.Wrap(sentinel, "linalg", op+": "+format, args...)
}

// check returns x's Err (released memory), wrapped and naming op and the
// argument.
func check[T nd.Number](op, name string, x *nd.Array[T]) error {
	if x == nil {
		return fail(nd.ErrShape, op, "%s is nil", name)
	}
	if err := x.Err(); err != nil {
		return errtext.Wrap(err, "linalg", "%s: %s", op, name)
	}
	return nil
}

// checkDst checks that dst is live and writable and has the given shape.
func checkDst[T nd.Number](op string, dst *nd.Array[T], shape []int) error {
	if dst == nil {
		return fail(nd.ErrShape, op, "dst is nil")
	}
	if err := dst.Err(); err != nil {
		return errtext.Wrap(err, "linalg", "%s: dst", op)
	}
	if err := dst.Writable(); err != nil {
		return errtext.Wrap(err, "linalg", "%s: dst", op)
	}
	if !sameInts(dst.Shape(), shape) {
		return fail(nd.ErrShape, op, "dst has shape %v, the result %v", dst.Shape(), shape)
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
