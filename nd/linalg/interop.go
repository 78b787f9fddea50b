package linalg

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// General64 views a 2-D float64 array as a gonum blas64.General without
// copying: the two share memory, and gonum may write through the view. The
// array must be row-major with unit column stride (any row stride at least
// its column count); otherwise the error wraps nd.ErrShape and Clone gives
// an array that qualifies. A read-only array (see nd.ReadOnlyAllocator) is
// refused with an error wrapping nd.ErrReadOnly, since gonum's types have
// no read-only form: Clone it to hand gonum a writable copy.
func General64(a *nd.Array[float64]) (blas64.General, error) {
	data, ld, err := writableRowMajor(a)
	return blas64.General{Rows: a.Dim(0), Cols: a.Dim(1), Stride: ld, Data: data}, err
}

// General32 is General64 for float32, giving a blas32.General.
func General32(a *nd.Array[float32]) (blas32.General, error) {
	data, ld, err := writableRowMajor(a)
	return blas32.General{Rows: a.Dim(0), Cols: a.Dim(1), Stride: ld, Data: data}, err
}

// Dense views a 2-D float64 array as a gonum *mat.Dense without copying,
// with General64's conditions (row-major, writable). Writes through either
// are seen by both.
//
//	d, err := linalg.Dense(a)
//	d.Mul(d, other) // gonum, in a's memory
func Dense(a *nd.Array[float64]) (*mat.Dense, error) {
	if err := a.Writable(); err != nil {
		return nil, fmt.Errorf("linalg: Dense: %w", err)
	}
	return denseView(a)
}

// denseView is Dense without the read-only check, for the inputs the
// decompositions only read.
func denseView(a *nd.Array[float64]) (*mat.Dense, error) {
	data, ld, err := rowMajor(a)
	if err != nil {
		return nil, err
	}
	if a.Dim(0) == 0 || a.Dim(1) == 0 {
		return nil, fmt.Errorf("%w: gonum has no empty matrices (shape %v)", nd.ErrShape, a.Shape())
	}
	var d mat.Dense
	d.SetRawMatrix(blas64.General{Rows: a.Dim(0), Cols: a.Dim(1), Stride: ld, Data: data})
	return &d, nil
}

// FromGeneral views a gonum blas64.General (the raw storage behind a
// mat.Dense: m.RawMatrix()) as a 2-D array without copying.
func FromGeneral(g blas64.General) (*nd.Array[float64], error) {
	return nd.View(g.Data, 0, []int{g.Rows, g.Cols}, []int{g.Stride, 1})
}

// FromGeneral32 is FromGeneral for blas32.General.
func FromGeneral32(g blas32.General) (*nd.Array[float32], error) {
	return nd.View(g.Data, 0, []int{g.Rows, g.Cols}, []int{g.Stride, 1})
}

// FromDense views a *mat.Dense as a 2-D array without copying.
func FromDense(m *mat.Dense) (*nd.Array[float64], error) { return FromGeneral(m.RawMatrix()) }

// CopyMatrix copies any gonum matrix into a new row-major array from the
// options' allocator.
func CopyMatrix(m mat.Matrix, opts ...nd.Option) (*nd.Array[float64], error) {
	r, c := m.Dims()
	a, err := nd.Empty[float64]([]int{r, c}, append(opts, nd.WithLayout(nd.RowMajor))...)
	if err != nil {
		return nil, err
	}
	d, err := Dense(a)
	if err != nil {
		a.Free()
		return nil, err
	}
	d.Copy(m)
	return a, nil
}

// writableRowMajor is rowMajor for a view that may be written.
func writableRowMajor[T Float](a *nd.Array[T]) ([]T, int, error) {
	if err := a.Writable(); err != nil {
		return nil, 0, errtext.Wrap(err, "linalg", "")
	}
	return rowMajor(a)
}

// rowMajor returns the storage of a 2-D row-major array from its first
// element, and its row stride.
func rowMajor[T Float](a *nd.Array[T]) ([]T, int, error) {
	if err := a.Err(); err != nil {
		return nil, 0, err
	}
	if a.NDim() != 2 {
		return nil, 0, fmt.Errorf("%w: a gonum matrix needs 2 dimensions, not shape %v", nd.ErrShape, a.Shape())
	}
	op, ok := asOperand(a)
	if !ok || op.trans && a.Dim(1) > 1 {
		return nil, 0, fmt.Errorf("%w: array with shape %v and strides %v is not row-major; Clone it first",
			nd.ErrShape, a.Shape(), a.Strides())
	}
	rows, cols := a.Dim(0), a.Dim(1)
	ld := max(cols, 1)
	if !op.trans && rows > 1 {
		ld = op.ld
	}
	if rows == 0 || cols == 0 {
		return nil, ld, nil
	}
	return op.data[:(rows-1)*ld+cols], ld, nil
}
