package linalg

import (
	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
)

// Triu returns a copy of a with the elements below the k-th diagonal set
// to zero (NumPy's triu): element (i, j) of each matrix in the last two
// axes is kept when j-i >= k. k = 0 is the main diagonal, k > 0 above it,
// k < 0 below. a needs at least 2 dimensions (NumPy also takes a vector,
// read as a matrix of equal rows; here that is an error wrapping
// nd.ErrShape). The result comes from the options' allocator.
func Triu[T nd.Number](a *nd.Array[T], k int, opts ...nd.Option) (*nd.Array[T], error) {
	return triangle("Triu", a, k, true, opts)
}

// TriuInto writes Triu(a, k) into dst, which has a's shape. dst may be a
// itself (the triangle is zeroed in place) or overlap it.
func TriuInto[T nd.Number](dst, a *nd.Array[T], k int) error {
	return triangleInto("TriuInto", dst, a, k, true)
}

// Tril returns a copy of a with the elements above the k-th diagonal set
// to zero (NumPy's tril): element (i, j) of each matrix in the last two
// axes is kept when j-i <= k. Its rules are Triu's.
func Tril[T nd.Number](a *nd.Array[T], k int, opts ...nd.Option) (*nd.Array[T], error) {
	return triangle("Tril", a, k, false, opts)
}

// TrilInto writes Tril(a, k) into dst, which has a's shape. dst may be a
// itself or overlap it.
func TrilInto[T nd.Number](dst, a *nd.Array[T], k int) error {
	return triangleInto("TrilInto", dst, a, k, false)
}

func triangle[T nd.Number](op string, a *nd.Array[T], k int, upper bool, opts []nd.Option) (*nd.Array[T], error) {
	if err := triangleArg(op, a); err != nil {
		return nil, err
	}
	return allocate(a.Shape(), opts, func(dst *nd.Array[T]) error { return triangleInto(op, dst, a, k, upper) })
}

func triangleArg[T nd.Number](op string, a *nd.Array[T]) error {
	if err := check(op, "a", a); err != nil {
		return err
	}
	if a.NDim() < 2 {
		return fail(nd.ErrShape, op, "a needs at least 2 dimensions, not shape %v", a.Shape())
	}
	return nil
}

func triangleInto[T nd.Number](op string, dst, a *nd.Array[T], k int, upper bool) error {
	if err := triangleArg(op, a); err != nil {
		return err
	}
	if err := checkDst(op, dst, a.Shape()); err != nil {
		return err
	}
	src := a
	if nd.Overlaps(dst, a) == nd.Partial {
		c, err := a.Clone()
		if err != nil {
			return errtext.Wrap(err, "linalg", "%s: a temporary for a, which overlaps dst", op)
		}
		defer c.Free()
		src = c
	}
	n := a.NDim()
	dd, do, ds := dst.Storage()
	ad, ao, as := src.Storage()
	walk(a.Shape(), [][]int{ds, as}, []int{do, ao}, func(idx, off []int) {
		d := idx[n-1] - idx[n-2]
		if upper && d >= k || !upper && d <= k {
			dd[off[0]] = ad[off[1]]
		} else {
			dd[off[0]] = 0
		}
	})
	return nil
}

// Trace returns the sum of the matrix a's diagonal elements a[i, i+offset]
// (NumPy's trace; offset > 0 is above the main diagonal, < 0 below). A
// diagonal outside the matrix sums to zero. a must be 2-D: NumPy's trace of
// a stack over chosen axes is Einsum("...ii->...") in NumPy, and
// Einsum("bii->b", ...) here.
func Trace[T nd.Number](a *nd.Array[T], offset int) (T, error) {
	if err := check("Trace", "a", a); err != nil {
		return 0, err
	}
	if a.NDim() != 2 {
		return 0, fail(nd.ErrShape, "Trace", "a needs 2 dimensions, not shape %v", a.Shape())
	}
	data, off, st := a.Storage()
	i, j := max(0, -offset), max(0, offset)
	var sum T
	for ; i < a.Dim(0) && j < a.Dim(1); i, j = i+1, j+1 {
		sum += data[off+i*st[0]+j*st[1]]
	}
	return sum, nil
}
