package linalg

import (
	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
)

// Kron returns the Kronecker product of a and b (NumPy's kron): the shape
// with fewer dimensions is padded with leading ones, the result's axis d
// has length a.Dim(d) * b.Dim(d), and its element at a index i and b index
// j along every axis (i*b.Dim(d) + j) is a[i...] * b[j...]. For matrices,
// the blocks a[i, j] * b laid out as a. The result comes from the options'
// allocator.
func Kron[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	shape, err := kronShape(a, b)
	if err != nil {
		return nil, err
	}
	return allocate(shape, opts, func(dst *nd.Array[T]) error { return KronInto(dst, a, b) })
}

// KronInto writes Kron(a, b) into dst, which has the result's shape. When
// dst overlaps a or b, that input is read from a copy.
func KronInto[T nd.Number](dst, a, b *nd.Array[T]) error {
	shape, err := kronShape(a, b)
	if err != nil {
		return err
	}
	if err := checkDst("KronInto", dst, shape); err != nil {
		return err
	}
	a, releaseA, err := readable(dst, a)
	if err != nil {
		return errtext.Wrap(err, "linalg", "KronInto: a temporary for a, which overlaps dst")
	}
	defer releaseA()
	b, releaseB, err := readable(dst, b)
	if err != nil {
		return errtext.Wrap(err, "linalg", "KronInto: a temporary for b, which overlaps dst")
	}
	defer releaseB()
	n := len(shape)
	as, bs := padded(a, n), padded(b, n)
	dd, do, ds := dst.Storage()
	ad, ao, ast := a.Storage()
	bd, bo, bst := b.Storage()
	ast, bst = paddedStrides(ast, n), paddedStrides(bst, n)
	// The a walk moves dst by a block (b's length) per step, the b walk by
	// one element.
	block := make([]int, n)
	for d := range n {
		block[d] = bs[d] * ds[d]
	}
	walk(as, [][]int{ast, block}, []int{ao, do}, func(_, oa []int) {
		x := ad[oa[0]]
		walk(bs, [][]int{bst, ds}, []int{bo, oa[1]}, func(_, ob []int) {
			dd[ob[1]] = x * bd[ob[0]]
		})
	})
	return nil
}

func kronShape[T nd.Number](a, b *nd.Array[T]) ([]int, error) {
	if err := check("Kron", "a", a); err != nil {
		return nil, err
	}
	if err := check("Kron", "b", b); err != nil {
		return nil, err
	}
	n := max(a.NDim(), b.NDim())
	as, bs := padded(a, n), padded(b, n)
	shape := make([]int, n)
	for d := range n {
		shape[d] = as[d] * bs[d]
	}
	return shape, nil
}

// padded is x's shape with leading ones up to n dimensions.
func padded[T nd.Number](x *nd.Array[T], n int) []int {
	s := make([]int, n)
	for d := range n {
		s[d] = 1
	}
	copy(s[n-x.NDim():], x.Shape())
	return s
}

// paddedStrides is st with leading zeros up to n dimensions.
func paddedStrides(st []int, n int) []int {
	s := make([]int, n)
	copy(s[n-len(st):], st)
	return s
}
