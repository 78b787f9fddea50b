package linalg

import (
	"fmt"

	"github.com/numgo/numgo/asm"

	"github.com/numgo/numgo/nd"
)

// Dot returns the inner product of two vectors of equal length.
func Dot[T Float](a, b *nd.Array[T]) (T, error) {
	if err := vectors("Dot", a, b); err != nil {
		return 0, err
	}
	if a.Dim(0) != b.Dim(0) {
		return 0, fmt.Errorf("linalg: Dot: %w: lengths %d and %d differ", nd.ErrShape, a.Dim(0), b.Dim(0))
	}
	n := a.Dim(0)
	ad, ao, as := a.Storage()
	bd, bo, bs := b.Storage()
	if as[0] == 1 && bs[0] == 1 {
		return asm.Dot(ad[ao:ao+n], bd[bo:bo+n]), nil
	}
	var sum T
	for i := range n {
		sum += ad[ao+i*as[0]] * bd[bo+i*bs[0]]
	}
	return sum, nil
}

// Outer returns the outer product of two vectors: out[i, j] = a[i] * b[j],
// in a new (len(a), len(b)) array from the options' allocator.
func Outer[T Float](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	if err := vectors("Outer", a, b); err != nil {
		return nil, err
	}
	col, err := asMatrix(a, true)
	if err != nil {
		return nil, err
	}
	row, err := asMatrix(b, false)
	if err != nil {
		return nil, err
	}
	return MatMul(col, row, opts...)
}

// asMatrix views a vector as a column (m, 1) or a row (1, n).
func asMatrix[T Float](v *nd.Array[T], column bool) (*nd.Array[T], error) {
	data, off, st := v.Storage()
	if column {
		return nd.View(data, off, []int{v.Dim(0), 1}, []int{st[0], 1})
	}
	return nd.View(data, off, []int{1, v.Dim(0)}, []int{v.Dim(0), st[0]})
}

func vectors[T Float](op string, a, b *nd.Array[T]) error {
	for _, x := range []*nd.Array[T]{a, b} {
		if err := x.Err(); err != nil {
			return fmt.Errorf("linalg: %s: %w", op, err)
		}
		if x.NDim() != 1 {
			return fmt.Errorf("linalg: %s: %w: needs vectors, not shapes %v and %v", op, nd.ErrShape, a.Shape(), b.Shape())
		}
	}
	return nil
}
