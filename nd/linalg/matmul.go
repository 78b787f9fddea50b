package linalg

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
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
// the result's. For operands that are row-major or transposed views of
// row-major arrays, and a row-major dst, it allocates nothing in steady
// state, and stacks of matrices run through one kernel choice with no
// per-matrix view. dst may overlap a or b (a view of the same memory):
// then, as NumPy does, the product goes to a temporary and is copied into
// dst.
func MatMulInto[T Float](dst, a, b *nd.Array[T]) error {
	return Gemm(1, a, b, 0, dst)
}

// Gemm computes c = alpha*(a @ b) + beta*c in place, with MatMul's shape
// rules. beta == 0 means c is not read (NaNs in it do not propagate).
// Transposed views (a.T()) cost nothing: the transpose is folded into the
// packing of the operand. When the elements of c overlap those of a or b
// (views included) the result is computed into a temporary and copied into
// c, so it is the same as if c were separate memory.
func Gemm[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	// The fast path of the 2-D product: a, b and c live (c writable),
	// row-major with unit column strides, fitting together, not empty, c
	// overlapping neither a nor b. Anything else, errors included, goes on
	// to gemmGeneral. The checks are field loads and comparisons, spelled
	// out here rather than in helpers so that a call at n = 2 costs little
	// more than the kernel. The liveness checks come first, while only the
	// arguments are live across their (cold) calls, and each check exits
	// at once: one long condition kept every loaded field live at once,
	// and the compiler spilled them to the stack (a 2x2 product 23 ns,
	// against 15 ns now; BenchmarkMatMulFixedCost).
	if a.Err() != nil || b.Err() != nil || c.Err() != nil || c.Writable() != nil ||
		a.NDim() != 2 || b.NDim() != 2 || c.NDim() != 2 {
		return gemmGeneral(alpha, a, b, beta, c)
	}
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	if m <= 0 || n <= 0 || k <= 0 || b.Dim(0) != k || c.Dim(0) != m || c.Dim(1) != n {
		return gemmGeneral(alpha, a, b, beta, c)
	}
	ad, ao, ast := a.Storage()
	bd, bo, bst := b.Storage()
	cd, co, cst := c.Storage()
	lda, ldb, ldc := ast[0], bst[0], cst[0]
	if ast[1] != 1 || bst[1] != 1 || cst[1] != 1 || lda < k || ldb < n || ldc < n {
		return gemmGeneral(alpha, a, b, beta, c)
	}
	// The spans the operands take, which nd keeps inside their buffers
	// (tested again here, two instructions each); span takes them with
	// no further checks.
	na, nb, nc := (m-1)*lda+k, (k-1)*ldb+n, (m-1)*ldc+n
	if ao+na > len(ad) || bo+nb > len(bd) || co+nc > len(cd) {
		return gemmGeneral(alpha, a, b, beta, c)
	}
	pa, pb, pc := at(ad, ao), at(bd, bo), at(cd, co)
	size := int(unsafe.Sizeof(alpha))
	if uintptr(pc)+uintptr(nc*size) > uintptr(pa) && uintptr(pa)+uintptr(na*size) > uintptr(pc) ||
		uintptr(pc)+uintptr(nc*size) > uintptr(pb) && uintptr(pb)+uintptr(nb*size) > uintptr(pc) {
		return gemmGeneral(alpha, a, b, beta, c) // c overlaps a or b
	}
	// call's body, spelled out: call itself is too big to be inlined.
	if size == 8 {
		gemm.Dgemm(false, false, m, n, k, float64(alpha), span[float64](pa, na), lda, span[float64](pb, nb), ldb, float64(beta), span[float64](pc, nc), ldc)
	} else {
		gemm.Sgemm(false, false, m, n, k, float32(alpha), span[float32](pa, na), lda, span[float32](pb, nb), ldb, float32(beta), span[float32](pc, nc), ldc)
	}
	return nil
}

// at is the address of d[i], 0 <= i < len(d), taken without a bounds
// check.
func at[T Float](d []T, i int) unsafe.Pointer {
	var z T
	return unsafe.Add(unsafe.Pointer(unsafe.SliceData(d)), i*int(unsafe.Sizeof(z)))
}

// span is the slice of n elements of kind E at p, made without the
// overflow test of unsafe.Slice (the caller has checked that they lie in
// one buffer).
func span[E Float](p unsafe.Pointer, n int) []E {
	h := struct {
		p        unsafe.Pointer
		len, cap int
	}{p, n, n}
	return *(*[]E)(unsafe.Pointer(&h))
}

// gemmGeneral is Gemm past its fast path: errors, other layouts, overlap
// and stacks.
func gemmGeneral[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	if err := live(a, b, c); err != nil {
		return err
	}
	if a.NDim() == 2 && b.NDim() == 2 && c.NDim() == 2 {
		m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
		if b.Dim(0) != k || c.Dim(0) != m || c.Dim(1) != n {
			return fmt.Errorf("%w: cannot multiply (%d, %d) by (%d, %d) into (%d, %d)",
				nd.ErrShape, m, k, b.Dim(0), n, c.Dim(0), c.Dim(1))
		}
		if overlaps(c, a) || overlaps(c, b) {
			return viaTemporary(alpha, a, b, beta, c)
		}
		return gemm2D(alpha, a, b, beta, c)
	}
	if overlaps(c, a) || overlaps(c, b) {
		return viaTemporary(alpha, a, b, beta, c)
	}
	if stacked(alpha, a, b, beta, c) {
		return nil
	}
	shape, err := matmulShape(a, b)
	if err != nil {
		return err
	}
	if !equalInts(shape, c) {
		return fmt.Errorf("%w: the product of %v and %v has shape %v, not %v",
			nd.ErrShape, a.Shape(), b.Shape(), shape, c.Shape())
	}
	return batched(alpha, a, b, beta, c)
}

// live checks that the operands' memory may still be used, and that c may
// be written.
func live[T Float](a, b, c *nd.Array[T]) error {
	err := a.Err()
	if err == nil {
		err = b.Err()
	}
	if err == nil {
		err = c.Err()
	}
	if err == nil {
		err = c.Writable()
	}
	if err != nil {
		return errtext.Wrap(err, "linalg", "")
	}
	return nil
}

// overlaps reports whether c shares memory with x in any way (nd.Overlaps
// not Disjoint): a product cannot be written in place, so even the very
// same view needs a temporary.
func overlaps[T Float](c, x *nd.Array[T]) bool { return nd.Overlaps(c, x) != nd.Disjoint }

// viaTemporary runs Gemm into a temporary copy of c (which overlaps a or
// b) and copies the result into c.
func viaTemporary[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	var tmp *nd.Array[T]
	var err error
	if beta == 0 {
		tmp, err = nd.Empty[T](c.Shape())
	} else {
		tmp, err = c.Clone()
	}
	if err != nil {
		return fmt.Errorf("linalg: the output overlaps an operand and a temporary for it failed: %w", err)
	}
	defer tmp.Free()
	if err := Gemm(alpha, a, b, beta, tmp); err != nil {
		return err
	}
	return nd.Copy(c, tmp)
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
	ld, trans, ok := matOperand(rows, cols, st[0], st[1])
	return operand[T]{data: data[off:], ld: ld, trans: trans}, ok
}

// matOperand describes a rows x cols matrix (both > 0) with strides rs
// and cs as a BLAS operand: row-major with leading dimension ld, or the
// transpose of one; ok is false when neither axis has unit stride.
func matOperand(rows, cols, rs, cs int) (ld int, trans, ok bool) {
	switch {
	case cols == 1 || cs == 1:
		ld := rs
		if rows == 1 {
			ld = cols
		}
		if ld >= cols && ld > 0 {
			return ld, false, true
		}
	case rows == 1 || rs == 1:
		ld := cs
		if cols == 1 {
			ld = rows
		}
		if ld >= rows && ld > 0 {
			return ld, true, true
		}
	}
	return 0, false, false
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
	// The copies are temporaries on mem.Default, freed on every path.
	var temps []*nd.Array[T]
	defer func() {
		for _, t := range temps {
			t.Free()
		}
	}()
	dense := func(x *nd.Array[T]) (*nd.Array[T], error) {
		if _, ok := asOperand(x); ok && x != c {
			return x, nil
		}
		t, err := x.Clone()
		if err == nil {
			temps = append(temps, t)
		}
		return t, err
	}
	a2, err := dense(a)
	if err != nil {
		return err
	}
	b2, err := dense(b)
	if err != nil {
		return err
	}
	c2, err := dense(c)
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

// callBatched runs the strided-batched GEMM for T.
func callBatched[T Float](tA, tB bool, m, n, k, count int, alpha T, a []T, lda, sa int, b []T, ldb, sb int, beta T, c []T, ldc, sc int) {
	if unsafe.Sizeof(alpha) == 8 {
		gemm.DgemmBatched(0, tA, tB, m, n, k, count, float64(alpha), as[float64](a), lda, sa, as[float64](b), ldb, sb, float64(beta), as[float64](c), ldc, sc)
		return
	}
	gemm.SgemmBatched(0, tA, tB, m, n, k, count, float32(alpha), as[float32](a), lda, sa, as[float32](b), ldb, sb, float32(beta), as[float32](c), ldc, sc)
}

// as reinterprets a slice of one float kind as the same-sized kind E
// (callers check the sizes, which the compiler folds). It copies the
// slice header as it is: unsafe.Slice would test the length for overflow
// at every call, a dozen instructions of a 2x2 product's fixed cost.
func as[E, T Float](s []T) []E {
	return *(*[]E)(unsafe.Pointer(&s))
}
