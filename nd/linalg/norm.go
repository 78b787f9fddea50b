package linalg

import (
	"errors"
	"fmt"
	"math"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// ErrOrder is wrapped by the errors of NormOrd, NormAxis and NormAxisInto
// for an order the operand has no norm of (NumPy's ValueError "Invalid
// norm order").
var ErrOrder = errors.New("linalg: invalid norm order")

// Ord is the order of a norm, NumPy's ord argument: P(p) for a number, Fro
// or Nuc for the two named matrix norms. The zero Ord is NumPy's None: the
// 2-norm of a vector, the Frobenius norm of a matrix.
type Ord struct {
	named string // "fro", "nuc", "p" for p, or "" for None
	p     float64
}

// Fro is the Frobenius norm of a matrix, sqrt(sum |a_ij|^2) (ord='fro').
var Fro = Ord{named: "fro"}

// Nuc is the nuclear norm of a matrix, the sum of its singular values
// (ord='nuc').
var Nuc = Ord{named: "nuc"}

// P is the order p: for a vector any real p, with P(math.Inf(1)) the
// largest |x_i|, P(math.Inf(-1)) the smallest, P(0) the count of non-zero
// elements and otherwise (sum |x_i|^p)^(1/p); for a matrix one of 1, -1
// (largest, smallest column sum of |a_ij|), 2, -2 (largest, smallest
// singular value), +Inf, -Inf (largest, smallest row sum).
func P(p float64) Ord { return Ord{named: "p", p: p} }

// resolve replaces None by the order it means for a vector (2) or a matrix
// (Frobenius).
func (o Ord) resolve(vector bool) Ord {
	switch {
	case o.named != "":
		return o
	case vector:
		return P(2)
	}
	return Fro
}

// String is the order as NumPy writes it.
func (o Ord) String() string {
	switch o.named {
	case "":
		return "None"
	case "p":
		return fmt.Sprint(o.p)
	}
	return o.named
}

// Norm returns the 2-norm of all of a's elements, as if a were flattened:
// NumPy's norm(a) with ord and axis None, which is the Frobenius norm of a
// matrix. a may have any number of dimensions; an empty a has norm 0. The
// sum of squares is accumulated in float64, for float32 too (NumPy's
// float32 sum is float32; the results agree within float32's rounding).
func Norm[T Float](a *nd.Array[T]) (T, error) {
	if err := check("Norm", "a", a); err != nil {
		return 0, err
	}
	return T(frobenius(a)), nil
}

// frobenius is the square root of the sum of squares of a's elements.
func frobenius[T Float](a *nd.Array[T]) float64 {
	var sum float64
	data, off, st := a.Storage()
	walk(a.Shape(), [][]int{st}, []int{off}, func(_, o []int) {
		x := float64(data[o[0]])
		sum += x * x
	})
	return math.Sqrt(sum)
}

// NormOrd returns the norm of order ord of a vector (1-D a) or a matrix
// (2-D a), as NumPy's norm(a, ord): see P, Fro and Nuc for the orders each
// takes, and the zero Ord for NumPy's None (the 2-norm of a vector, the
// Frobenius norm of a matrix); another order is an error wrapping
// ErrOrder. Orders that take the
// largest or smallest of an empty set (±Inf of an empty vector, the column
// norms of an (m, 0) matrix, the row norms of a (0, n) matrix, ±2 of any
// empty matrix) are errors wrapping nd.ErrShape, as NumPy's are. Matrix
// orders ±2 and Nuc run a singular value decomposition (gonum's) in
// float64.
func NormOrd[T Float](a *nd.Array[T], ord Ord) (T, error) {
	if err := check("NormOrd", "a", a); err != nil {
		return 0, err
	}
	var v float64
	var err error
	switch a.NDim() {
	case 1:
		ord = ord.resolve(true)
		if err = vectorOrd("NormOrd", ord, a.Dim(0)); err == nil {
			data, off, st := a.Storage()
			v = vectorNorm(data, off, a.Dim(0), st[0], ord)
		}
	case 2:
		v, err = matrixNorm("NormOrd", a, ord.resolve(false))
	default:
		return 0, fail(nd.ErrShape, "NormOrd", "a needs 1 or 2 dimensions, not shape %v (Norm takes any)", a.Shape())
	}
	return T(v), err
}

// vectorOrd checks that ord is a vector order that has a value for a
// vector of length n.
func vectorOrd(op string, ord Ord, n int) error {
	switch {
	case ord.named != "p":
		return fail(ErrOrder, op, "%s for a vector", ord)
	case math.IsNaN(ord.p):
		return fail(ErrOrder, op, "NaN")
	case math.IsInf(ord.p, 0) && n == 0:
		return fail(nd.ErrShape, op, "order %s of an empty vector", ord)
	}
	return nil
}

// vectorNorm is the norm of order ord (checked by vectorOrd) of the n
// elements data[off], data[off+stride], ...
func vectorNorm[T Float](data []T, off, n, stride int, ord Ord) float64 {
	x := func(i int) float64 { return math.Abs(float64(data[off+i*stride])) }
	p := ord.p
	switch {
	case math.IsInf(p, 0):
		r := x(0)
		for i := 1; i < n; i++ {
			if p > 0 {
				r = math.Max(r, x(i))
			} else {
				r = math.Min(r, x(i))
			}
		}
		return r
	case p == 0:
		var c float64
		for i := range n {
			if x(i) != 0 {
				c++
			}
		}
		return c
	case p == 1:
		var s float64
		for i := range n {
			s += x(i)
		}
		return s
	case p == 2:
		var s float64
		for i := range n {
			s += x(i) * x(i)
		}
		return math.Sqrt(s)
	}
	var s float64
	for i := range n {
		s += math.Pow(x(i), p)
	}
	return math.Pow(s, 1/p)
}

// NormAxis returns the vector norms of order ord along one axis of a, as
// NumPy's norm(a, ord, axis=i, keepdims=...): the result has a's shape
// without that axis (or with length 1 there, for ax.KeepDims()), and
// comes from the options' allocator. ax names one axis (ops.Axis(i),
// negative from the end); NumPy's matrix norms over two axes (axis=(i, j))
// are MatrixNorm, and ops.Axis(i, j) here is an error wrapping
// nd.ErrShape, as is ops.AllAxes (that is Norm). ord is a vector order (P, or
// the zero Ord for 2);
// ±Inf along an empty axis is an error wrapping nd.ErrShape, as NumPy's.
func NormAxis[T Float](a *nd.Array[T], ord Ord, ax ops.AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	shape, _, err := normAxisShape("NormAxis", a, ord.resolve(true), ax)
	if err != nil {
		return nil, err
	}
	return allocate(shape, opts, func(dst *nd.Array[T]) error { return NormAxisInto(dst, a, ord, ax) })
}

// NormAxisInto writes NormAxis(a, ord, ax) into dst, which has the
// result's shape. When dst overlaps a, a is read from a copy.
func NormAxisInto[T Float](dst, a *nd.Array[T], ord Ord, ax ops.AxisSpec) error {
	ord = ord.resolve(true)
	shape, axis, err := normAxisShape("NormAxisInto", a, ord, ax)
	if err != nil {
		return err
	}
	if err := checkDst("NormAxisInto", dst, shape); err != nil {
		return err
	}
	a, release, err := readable(dst, a)
	if err != nil {
		return errtext.Wrap(err, "linalg", "NormAxisInto: a temporary for a, which overlaps dst")
	}
	defer release()
	data, off, st := a.Storage()
	dd, do, ds := dst.Storage()
	// The walk runs over a's other axes; dst's strides lose the kept axis.
	rest, restStrides := without(a.Shape(), axis), without(st, axis)
	if ax.Kept() {
		ds = without(ds, axis)
	}
	n := a.Dim(axis)
	walk(rest, [][]int{restStrides, ds}, []int{off, do}, func(_, o []int) {
		dd[o[1]] = T(vectorNorm(data, o[0], n, st[axis], ord))
	})
	return nil
}

// normAxisShape checks NormAxis's arguments and returns the result's
// shape and the axis.
func normAxisShape[T Float](op string, a *nd.Array[T], ord Ord, ax ops.AxisSpec) ([]int, int, error) {
	if err := check(op, "a", a); err != nil {
		return nil, 0, err
	}
	if ax.All() || ax.Several() {
		return nil, 0, fail(nd.ErrShape, op, "ax must name one axis (the norm of all elements is Norm; of each matrix, MatrixNorm)")
	}
	axis := ax.Index()
	if axis < 0 {
		axis += a.NDim()
	}
	if axis < 0 || axis >= a.NDim() {
		return nil, 0, fail(nd.ErrShape, op, "axis %d out of range for shape %v", ax.Index(), a.Shape())
	}
	if err := vectorOrd(op, ord, a.Dim(axis)); err != nil {
		return nil, 0, err
	}
	shape := append([]int(nil), a.Shape()...)
	if ax.Kept() {
		shape[axis] = 1
	} else {
		shape = without(shape, axis)
	}
	return shape, axis, nil
}

// MatrixNorm returns the matrix norms of order ord of the matrices a
// stacks, as NumPy's norm(a, ord, axis=(row, col)): each matrix has its
// rows along axis row and its columns along axis col (negative from the
// end; the two differ), and the result has a's shape without those two
// axes (a 2-D a gives a 0-d result), from the options' allocator. ord is
// a matrix order (see P, Fro and Nuc; the zero Ord is Fro); another order
// is an error wrapping ErrOrder, and an order that reduces an empty set
// (see NormOrd) wraps nd.ErrShape unless the stack itself is empty. The
// name is NumPy 2's matrix_norm, which takes the last two axes; for
// NumPy's keepdims, ExpandDims the result. Orders ±2 and Nuc run an SVD
// per matrix in float64.
//
//	n, err := linalg.MatrixNorm(stack, linalg.Fro, -2, -1) // one per matrix
func MatrixNorm[T Float](a *nd.Array[T], ord Ord, row, col int, opts ...nd.Option) (*nd.Array[T], error) {
	shape, _, _, err := matrixNormShape("MatrixNorm", a, ord.resolve(false), row, col)
	if err != nil {
		return nil, err
	}
	return allocate(shape, opts, func(dst *nd.Array[T]) error { return MatrixNormInto(dst, a, ord, row, col) })
}

// MatrixNormInto writes MatrixNorm(a, ord, row, col) into dst, which has
// the result's shape. When dst overlaps a, a is read from a copy; nothing
// is written when the norm of any matrix fails.
func MatrixNormInto[T Float](dst, a *nd.Array[T], ord Ord, row, col int) error {
	const op = "MatrixNormInto"
	ord = ord.resolve(false)
	shape, row, col, err := matrixNormShape(op, a, ord, row, col)
	if err != nil {
		return err
	}
	if err := checkDst(op, dst, shape); err != nil {
		return err
	}
	a, release, err := readable(dst, a)
	if err != nil {
		return errtext.Wrap(err, "linalg", "%s: a temporary for a, which overlaps dst", op)
	}
	defer release()
	data, off, st := a.Storage()
	rest, restStrides := a.Shape(), st
	for _, ax := range []int{max(row, col), min(row, col)} {
		rest, restStrides = without(rest, ax), without(restStrides, ax)
	}
	mshape, mstrides := []int{a.Dim(row), a.Dim(col)}, []int{st[row], st[col]}
	// The norms go to a scratch slice first, so that a failed SVD leaves
	// dst as it was.
	norms := make([]float64, 0, dst.Size())
	walk(rest, [][]int{restStrides}, []int{off}, func(_, o []int) {
		if err != nil {
			return
		}
		var m *nd.Array[T]
		if m, err = nd.View(data, o[0], mshape, mstrides); err == nil {
			var v float64
			v, err = matrixNorm(op, m, ord)
			norms = append(norms, v)
		}
	})
	if err != nil {
		return err
	}
	dd, do, ds := dst.Storage()
	i := 0
	walk(shape, [][]int{ds}, []int{do}, func(_, o []int) {
		dd[o[0]] = T(norms[i])
		i++
	})
	return nil
}

// matrixNormShape checks MatrixNorm's arguments and returns the result's
// shape and the two axes, normalised.
func matrixNormShape[T Float](op string, a *nd.Array[T], ord Ord, row, col int) ([]int, int, int, error) {
	if err := check(op, "a", a); err != nil {
		return nil, 0, 0, err
	}
	r, c := row, col
	if r < 0 {
		r += a.NDim()
	}
	if c < 0 {
		c += a.NDim()
	}
	switch {
	case r < 0 || r >= a.NDim() || c < 0 || c >= a.NDim():
		return nil, 0, 0, fail(nd.ErrShape, op, "axes (%d, %d) out of range for shape %v", row, col, a.Shape())
	case r == c:
		return nil, 0, 0, fail(nd.ErrShape, op, "axes (%d, %d) name one axis twice", row, col)
	}
	shape := without(without(a.Shape(), max(r, c)), min(r, c))
	stacked := 1
	for _, d := range shape {
		stacked *= d
	}
	if err := matrixOrd(op, ord, a.Dim(r), a.Dim(c)); err != nil && (stacked > 0 || errors.Is(err, ErrOrder)) {
		return nil, 0, 0, err
	}
	return shape, r, c, nil
}

// without returns s without element i, in a new slice.
func without(s []int, i int) []int {
	return append(append([]int(nil), s[:i]...), s[i+1:]...)
}

// matrixNorm is the norm of order ord (resolved) of the matrix a, for op.
func matrixNorm[T Float](op string, a *nd.Array[T], ord Ord) (float64, error) {
	if err := matrixOrd(op, ord, a.Dim(0), a.Dim(1)); err != nil {
		return 0, err
	}
	switch {
	case ord.named == "fro":
		return frobenius(a), nil
	case ord.named == "nuc" || ord.p == 2 || ord.p == -2:
		if a.Size() == 0 { // the nuclear norm of an empty matrix
			return 0, nil
		}
		s, err := singularValues(a)
		if err != nil {
			return 0, errtext.Wrap(err, "linalg", "%s", op)
		}
		switch {
		case ord.named == "nuc":
			var sum float64
			for _, x := range s {
				sum += x
			}
			return sum, nil
		case ord.p == 2:
			return s[0], nil
		}
		return s[len(s)-1], nil
	case ord.p == 1 || ord.p == -1:
		return absSums(a, ord, 0), nil
	}
	return absSums(a, ord, 1), nil // ±Inf
}

// matrixOrd checks that ord (resolved) is a matrix order that has a value
// for an m x n matrix: the orders that take the largest or smallest of an
// empty set (the column sums of an (m, 0) matrix, the row sums of a
// (0, n) one, the singular values of an empty one) have none.
func matrixOrd(op string, ord Ord, m, n int) error {
	switch {
	case ord.named == "fro" || ord.named == "nuc":
		return nil
	case ord.p == 2 || ord.p == -2:
		if m == 0 || n == 0 {
			return fail(nd.ErrShape, op, "order %s of an empty matrix (shape [%d %d])", ord, m, n)
		}
		return nil
	case ord.p == 1 || ord.p == -1 || math.IsInf(ord.p, 0):
		lines := m // the rows, for ±Inf
		if ord.p == 1 || ord.p == -1 {
			lines = n // the columns
		}
		if lines == 0 {
			return fail(nd.ErrShape, op, "order %s of a matrix of shape [%d %d] reduces an empty set", ord, m, n)
		}
		return nil
	}
	return fail(ErrOrder, op, "%s for a matrix", ord)
}

// absSums returns the largest (ord.p > 0) or smallest sum of |a_ij| along
// axis: down the columns for axis 0, across the rows for axis 1 (a has at
// least one line, checked by matrixOrd).
func absSums[T Float](a *nd.Array[T], ord Ord, axis int) float64 {
	lines, length := a.Dim(1-axis), a.Dim(axis)
	data, off, st := a.Storage()
	var r float64
	for l := range lines {
		var s float64
		for i := range length {
			s += math.Abs(float64(data[off+l*st[1-axis]+i*st[axis]]))
		}
		if l == 0 || ord.p > 0 && s > r || ord.p < 0 && s < r {
			r = s
		}
	}
	return r
}

// singularValues returns the singular values of a non-empty matrix in
// decreasing order, computed in float64.
func singularValues[T Float](a *nd.Array[T]) ([]float64, error) {
	f, ok := svdOf(float64Matrix(a), mat.SVDNone)
	if !ok {
		return nil, fmt.Errorf("%w: the singular value decomposition did not converge", ErrSingular)
	}
	return f.Values(nil), nil
}

// MatrixRank returns the rank of the matrix a by NumPy's rule: the number
// of singular values greater than S.max() * max(m, n) * eps, with eps the
// machine epsilon of T (2^-52 for float64, 2^-23 for float32, as NumPy
// uses its dtype's). A vector (1-D a) has rank 1 unless all its elements
// are zero, as NumPy's. An empty matrix has rank 0 (NumPy raises an error
// taking the maximum of no singular values).
func MatrixRank[T Float](a *nd.Array[T]) (int, error) {
	if err := check("MatrixRank", "a", a); err != nil {
		return 0, err
	}
	switch a.NDim() {
	case 1:
		data, off, st := a.Storage()
		for i := range a.Dim(0) {
			if data[off+i*st[0]] != 0 {
				return 1, nil
			}
		}
		return 0, nil
	case 2:
	default:
		return 0, fail(nd.ErrShape, "MatrixRank", "a needs 1 or 2 dimensions, not shape %v", a.Shape())
	}
	m, n := a.Dim(0), a.Dim(1)
	if m == 0 || n == 0 {
		return 0, nil
	}
	s, err := singularValues(a)
	if err != nil {
		return 0, errtext.Wrap(err, "linalg", "MatrixRank")
	}
	return countAbove(s, s[0]*float64(max(m, n))*epsilon[T]()), nil
}

// countAbove counts the values of s greater than tol.
func countAbove(s []float64, tol float64) int {
	r := 0
	for _, x := range s {
		if x > tol {
			r++
		}
	}
	return r
}

// epsilon is the machine epsilon of T: the gap between 1 and the next T.
func epsilon[T Float]() float64 {
	var x T
	if unsafe.Sizeof(x) == 4 {
		return 0x1p-23
	}
	return 0x1p-52
}
