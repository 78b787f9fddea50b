package linalg

import (
	"fmt"
	"unsafe"

	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/nd"
)

// MatMul returns the matrix product a @ b in a new array from the options'
// allocator, with NumPy's matmul rules: 2-D operands multiply as matrices;
// operands with more dimensions are stacks of matrices in the last two axes
// whose leading axes broadcast; a 1-D a is a row vector and a 1-D b a column
// vector, and that axis is dropped from the result.
//
//	c, err := linalg.MatMul(a, b)            // (m, k) @ (k, n) -> (m, n)
//	c, err := linalg.MatMul(x, w, nd.With(arena))
func MatMul[T Float](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	shape, err := matmulShape(a, b)
	if err != nil {
		return nil, err
	}
	dst, err := nd.Empty[T](shape, opts...)
	if err != nil {
		return nil, err
	}
	if err := MatMulInto(dst, a, b); err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// MatMulInto stores a @ b in dst, with MatMul's rules; dst's shape must be
// the result's. For 2-D operands that are row-major or transposed views of
// row-major arrays, and a row-major dst, it allocates nothing in steady
// state: the packing buffers are reused.
func MatMulInto[T Float](dst, a, b *nd.Array[T]) error {
	return Gemm(1, a, b, 0, dst)
}

// Gemm computes c = alpha*(a @ b) + beta*c in place, with MatMul's shape
// rules. beta == 0 means c is not read (NaNs in it do not propagate).
// Transposed views (a.T()) cost nothing: the transpose is folded into the
// packing of the operand.
func Gemm[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	for _, x := range []*nd.Array[T]{a, b, c} {
		if err := x.Err(); err != nil {
			return fmt.Errorf("linalg: %w", err)
		}
	}
	if a.NDim() == 2 && b.NDim() == 2 && c.NDim() == 2 {
		m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
		if b.Dim(0) != k || c.Dim(0) != m || c.Dim(1) != n {
			return fmt.Errorf("linalg: %w: cannot multiply (%d, %d) by (%d, %d) into (%d, %d)",
				nd.ErrShape, m, k, b.Dim(0), n, c.Dim(0), c.Dim(1))
		}
		return gemm2D(alpha, a, b, beta, c)
	}
	shape, err := matmulShape(a, b)
	if err != nil {
		return err
	}
	if !equalInts(shape, c) {
		return fmt.Errorf("linalg: %w: the product of %v and %v has shape %v, not %v",
			nd.ErrShape, a.Shape(), b.Shape(), shape, c.Shape())
	}
	return batched(alpha, a, b, beta, c)
}

func equalInts[T Float](shape []int, c *nd.Array[T]) bool {
	if len(shape) != c.NDim() {
		return false
	}
	for i, d := range shape {
		if c.Dim(i) != d {
			return false
		}
	}
	return true
}

// operand describes a 2-D array as a BLAS operand: row-major storage with a
// leading dimension, possibly transposed.
type operand[T Float] struct {
	data  []T
	ld    int
	trans bool
}

// asOperand returns a's BLAS description, or ok == false when a's strides
// have no unit axis (then it must be copied).
func asOperand[T Float](a *nd.Array[T]) (op operand[T], ok bool) {
	rows, cols := a.Dim(0), a.Dim(1)
	data, off, st := a.Storage()
	if rows == 0 || cols == 0 {
		return operand[T]{data: nil, ld: max(cols, 1)}, true
	}
	data = data[off:]
	switch {
	case cols == 1 || st[1] == 1:
		ld := st[0]
		if rows == 1 {
			ld = cols
		}
		if ld >= cols && ld > 0 {
			return operand[T]{data: data, ld: ld}, true
		}
	case rows == 1 || st[0] == 1:
		ld := st[1]
		if cols == 1 {
			ld = rows
		}
		if ld >= rows && ld > 0 {
			return operand[T]{data: data, ld: ld, trans: true}, true
		}
	}
	return op, false
}

func gemm2D[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	if m == 0 || n == 0 {
		return nil
	}
	opA, okA := asOperand(a)
	opB, okB := asOperand(b)
	opC, okC := asOperand(c)
	if !okA || !okB || !okC || opC.trans {
		return gemmCopying(alpha, a, b, beta, c)
	}
	call(opA.trans, opB.trans, m, n, k, alpha, opA.data, opA.ld, opB.data, opB.ld, beta, opC.data, opC.ld)
	return nil
}

// gemmCopying handles operands with no unit stride, and a dst that is not
// row-major, by working on dense copies.
func gemmCopying[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	dense := func(x *nd.Array[T]) (*nd.Array[T], error) {
		if _, ok := asOperand(x); ok && x != c {
			return x, nil
		}
		return x.Clone()
	}
	a2, err := dense(a)
	if err != nil {
		return err
	}
	b2, err := dense(b)
	if err != nil {
		return err
	}
	c2, err := c.Clone()
	if err != nil {
		return err
	}
	if err := gemm2D(alpha, a2, b2, beta, c2); err != nil {
		return err
	}
	return nd.Copy(c, c2)
}

// call runs the packed GEMM for T. T is exactly float32 or float64, so the
// slices are reinterpreted in place; boxing them in interfaces would
// allocate on every call.
func call[T Float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if unsafe.Sizeof(alpha) == 8 {
		gemm.Dgemm(tA, tB, m, n, k, float64(alpha), as[float64](a), lda, as[float64](b), ldb, float64(beta), as[float64](c), ldc)
		return
	}
	gemm.Sgemm(tA, tB, m, n, k, float32(alpha), as[float32](a), lda, as[float32](b), ldb, float32(beta), as[float32](c), ldc)
}

// as reinterprets a slice of one float kind as the same-sized kind E.
func as[E, T Float](s []T) []E {
	return unsafe.Slice((*E)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
