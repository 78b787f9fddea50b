package linalg

import (
	"fmt"

	"github.com/numgo/numgo/nd"
)

// matmulShape is the shape of a @ b under NumPy's matmul rules.
func matmulShape[T Float](a, b *nd.Array[T]) ([]int, error) {
	if a.NDim() == 0 || b.NDim() == 0 {
		return nil, fmt.Errorf("%w: matmul of a 0-dimensional array (shapes %v and %v)", nd.ErrShape, a.Shape(), b.Shape())
	}
	as, bs := matrixShape(a.Shape(), true), matrixShape(b.Shape(), false)
	m, k := as[len(as)-2], as[len(as)-1]
	k2, n := bs[len(bs)-2], bs[len(bs)-1]
	if k != k2 {
		return nil, fmt.Errorf("%w: matmul of %v and %v: inner dimensions %d and %d differ", nd.ErrShape, a.Shape(), b.Shape(), k, k2)
	}
	batch, err := broadcast(as[:len(as)-2], bs[:len(bs)-2])
	if err != nil {
		return nil, fmt.Errorf("%w: matmul of %v and %v: batch axes do not broadcast", nd.ErrShape, a.Shape(), b.Shape())
	}
	shape := batch
	if a.NDim() > 1 {
		shape = append(shape, m)
	}
	if b.NDim() > 1 {
		shape = append(shape, n)
	}
	return shape, nil
}

// matrixShape promotes a 1-D shape to a row (left operand) or column
// (right operand) matrix.
func matrixShape(s []int, left bool) []int {
	if len(s) > 1 {
		return s
	}
	if left {
		return []int{1, s[0]}
	}
	return []int{s[0], 1}
}

// broadcast combines two batch shapes with NumPy's rules.
func broadcast(a, b []int) ([]int, error) {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := range n {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db || db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, nd.ErrShape
		}
	}
	return out, nil
}

// matrices returns x as a stack of 2-D matrices over its storage: the
// promoted shape and strides, with the batch axes first.
func matrices[T Float](x *nd.Array[T], left bool) (shape, strides []int) {
	shape, strides = x.Shape(), x.Strides()
	if len(shape) == 1 {
		if left {
			return []int{1, shape[0]}, []int{0, strides[0]}
		}
		return []int{shape[0], 1}, []int{strides[0], 0}
	}
	return shape, strides
}

// stacked runs the common stacks through one batched GEMM, allocating
// nothing: c is (batch, m, n), a is (batch, m, k) or (m, k) and b is
// (batch, k, n) or (k, n) (a batch of 1 broadcasts; at least one operand
// has c's batch), every matrix a BLAS operand, c's not transposed, batch
// strides not negative, and no size zero. It reports false, having done
// nothing, for anything else, shape errors included.
func stacked[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) bool {
	if c.NDim() != 3 || a.NDim() < 2 || a.NDim() > 3 || b.NDim() < 2 || b.NDim() > 3 || c.Size() == 0 || a.Size() == 0 || b.Size() == 0 {
		return false
	}
	count, m, n := c.Dim(0), c.Dim(1), c.Dim(2)
	cdata, coff, cst := c.Storage()
	ldc, tc, okc := matOperand(m, n, cst[1], cst[2])
	sc := cst[0]
	if !okc || tc || sc < 0 || count > 1 && sc == 0 {
		return false
	}
	// batch gives x's batch stride: 0 when x is 2-D or broadcasts.
	batch := func(rank, dim0, st0 int) (int, bool) {
		switch {
		case rank == 2 || dim0 == 1:
			return 0, true
		case dim0 == count && st0 >= 0:
			return st0, true
		}
		return 0, false
	}
	adata, aoff, ast := a.Storage()
	bdata, boff, bst := b.Storage()
	ar, br := a.NDim()-2, b.NDim()-2
	k := a.Dim(-1)
	sa, oka := batch(a.NDim(), a.Dim(0), ast[0])
	sb, okb := batch(b.NDim(), b.Dim(0), bst[0])
	lda, tA, okA := matOperand(m, k, ast[ar], ast[ar+1])
	ldb, tB, okB := matOperand(k, n, bst[br], bst[br+1])
	full := a.NDim() == 3 && a.Dim(0) == count || b.NDim() == 3 && b.Dim(0) == count
	if !full || !oka || !okb || !okA || !okB || a.Dim(-2) != m || b.Dim(-2) != k || b.Dim(-1) != n {
		return false
	}
	callBatched(tA, tB, m, n, k, count, alpha, adata[aoff:], lda, sa, bdata[boff:], ldb, sb, beta, cdata[coff:], ldc, sc)
	return true
}

// batched multiplies stacks of matrices of any layout and batch rank, one
// GEMM per matrix of c.
func batched[T Float](alpha T, a, b *nd.Array[T], beta T, c *nd.Array[T]) error {
	ash, ast := matrices(a, true)
	bsh, bst := matrices(b, false)
	m, k, n := ash[len(ash)-2], ash[len(ash)-1], bsh[len(bsh)-1]
	// c as a stack of (m, n) matrices, even where a or b was 1-D.
	csh, cst := c.Shape(), c.Strides()
	cm, cn := []int{m, n}, make([]int, 2)
	switch {
	case a.NDim() == 1 && b.NDim() == 1:
		csh, cst = nil, nil
	case a.NDim() == 1:
		cn[1] = cst[len(cst)-1]
		csh, cst = csh[:len(csh)-1], cst[:len(cst)-1]
	case b.NDim() == 1:
		cn[0] = cst[len(cst)-1]
		csh, cst = csh[:len(csh)-1], cst[:len(cst)-1]
	default:
		cn[0], cn[1] = cst[len(cst)-2], cst[len(cst)-1]
		csh, cst = csh[:len(csh)-2], cst[:len(cst)-2]
	}
	adata, aoff, _ := a.Storage()
	bdata, boff, _ := b.Storage()
	cdata, coff, _ := c.Storage()
	nb := len(csh)
	for _, d := range csh {
		if d == 0 {
			return nil
		}
	}
	idx := make([]int, nb)
	for {
		ao, bo, co := aoff, boff, coff
		for i, x := range idx {
			co += x * cst[i]
			if j := len(ash) - 2 - nb + i; j >= 0 && ash[j] > 1 {
				ao += x * ast[j]
			}
			if j := len(bsh) - 2 - nb + i; j >= 0 && bsh[j] > 1 {
				bo += x * bst[j]
			}
		}
		am, err := nd.View(adata, ao, []int{m, k}, ast[len(ast)-2:])
		if err != nil {
			return err
		}
		bm, err := nd.View(bdata, bo, []int{k, n}, bst[len(bst)-2:])
		if err != nil {
			return err
		}
		cmx, err := nd.View(cdata, co, cm, cn)
		if err != nil {
			return err
		}
		if err := gemm2D(alpha, am, bm, beta, cmx); err != nil {
			return err
		}
		ax := nb - 1
		for ; ax >= 0; ax-- {
			if idx[ax]++; idx[ax] < csh[ax] {
				break
			}
			idx[ax] = 0
		}
		if ax < 0 {
			return nil
		}
	}
}
