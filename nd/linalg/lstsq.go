package linalg

import (
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// Lstsq returns the least-squares solution x of a @ x = b, NumPy's
// lstsq(a, b, rcond=None): a is (m, n), b is (m,) or (m, k), and x is (n,)
// or (n, k), the solution of least norm when a is rank-deficient.
// residuals holds the squared 2-norm of each column of b - a @ x, shape
// (k,) (or (1,) for a vector b), when a has full column rank n and m > n,
// and is empty otherwise; rank is a's effective rank and s its singular
// values in decreasing order, (min(m, n),). Singular values at or below
// rcond * s.max() are treated as zero, with rcond = eps * max(m, n) and
// eps float64's (NumPy's rcond=None, computed in float64 for float32
// inputs as NumPy does; NumPy 1.24 without rcond warns and uses eps
// alone). The decomposition is gonum's SVD in float64 (NumPy's is LAPACK's
// gelsd); x, residuals and s come from the options' allocator as T.
func Lstsq[T Float](a, b *nd.Array[T], opts ...nd.Option) (x, residuals *nd.Array[T], rank int, s *nd.Array[T], err error) {
	if err := check("Lstsq", "a", a); err != nil {
		return nil, nil, 0, nil, err
	}
	if err := check("Lstsq", "b", b); err != nil {
		return nil, nil, 0, nil, err
	}
	if a.NDim() != 2 {
		return nil, nil, 0, nil, fail(nd.ErrShape, "Lstsq", "a needs 2 dimensions, not shape %v", a.Shape())
	}
	if b.NDim() != 1 && b.NDim() != 2 || b.Dim(0) != a.Dim(0) {
		return nil, nil, 0, nil, fail(nd.ErrShape, "Lstsq", "b of shape %v does not match a of shape %v (needs (%d,) or (%d, k))",
			b.Shape(), a.Shape(), a.Dim(0), a.Dim(0))
	}
	m, n := a.Dim(0), a.Dim(1)
	k := 1
	if b.NDim() == 2 {
		k = b.Dim(1)
	}
	// bm is b as an (m, k) float64 matrix; sol the (n, k) solution.
	bm := make([]float64, m*k)
	bd, bo, bst := b.Storage()
	walk(b.Shape(), [][]int{bst}, []int{bo}, func(idx, o []int) {
		j := 0
		if len(idx) == 2 {
			j = idx[1]
		}
		bm[idx[0]*k+j] = float64(bd[o[0]])
	})
	sol := make([]float64, n*k)
	var sv []float64
	if m > 0 && n > 0 {
		f, ok := svdOf(float64Matrix(a), mat.SVDThin)
		if !ok {
			return nil, nil, 0, nil, fail(ErrSingular, "Lstsq", "the singular value decomposition did not converge")
		}
		sv = f.Values(nil)
		rank = countAbove(sv, sv[0]*epsilon[float64]()*float64(max(m, n)))
		pseudoSolve(f, sv[:rank], bm, sol, m, n, k)
	}
	var res []float64
	if rank == n && m > n {
		res = make([]float64, k)
		for i := range m {
			for j := range k {
				r := -bm[i*k+j]
				for p := range n {
					r += float64(a.At(i, p)) * sol[p*k+j]
				}
				res[j] += r * r
			}
		}
	}
	xShape := []int{n, k}
	if b.NDim() == 1 {
		xShape = []int{n}
	}
	results := []struct {
		dst   **nd.Array[T]
		shape []int
		vals  []float64
	}{{&x, xShape, sol}, {&residuals, []int{len(res)}, res}, {&s, []int{len(sv)}, sv}}
	for i, r := range results {
		*r.dst, err = allocate(r.shape, opts, func(dst *nd.Array[T]) error { fill(dst, r.vals); return nil })
		if err != nil {
			for _, done := range results[:i] {
				(*done.dst).Free()
			}
			return nil, nil, 0, nil, err
		}
	}
	return x, residuals, rank, s, nil
}

// pseudoSolve writes V diag(1/s) Uᵀ b into sol (n, k) for the first
// len(s) singular triples of f: the minimum-norm least-squares solution
// with the other singular values taken as zero.
func pseudoSolve(f *mat.SVD, s []float64, b, sol []float64, m, n, k int) {
	var u, v mat.Dense
	f.UTo(&u)
	f.VTo(&v)
	for r, sr := range s {
		for j := range k {
			var c float64 // (Uᵀ b)[r, j] / s[r]
			for i := range m {
				c += u.At(i, r) * b[i*k+j]
			}
			c /= sr
			for p := range n {
				sol[p*k+j] += v.At(p, r) * c
			}
		}
	}
}

// Pinv returns the Moore-Penrose pseudo-inverse of the (m, n) matrix a,
// an (n, m) array from the options' allocator: V diag(1/s) Uᵀ from a's
// singular value decomposition, with the singular values at or below
// 1e-15 * s.max() taken as zero (NumPy's pinv with its default rcond). It
// is computed in float64 (gonum's SVD) and stored as T; an empty a gives
// an empty (n, m) result.
func Pinv[T Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	if err := check("Pinv", "a", a); err != nil {
		return nil, err
	}
	if a.NDim() != 2 {
		return nil, fail(nd.ErrShape, "Pinv", "a needs 2 dimensions, not shape %v", a.Shape())
	}
	m, n := a.Dim(0), a.Dim(1)
	vals := make([]float64, n*m)
	if m > 0 && n > 0 {
		f, ok := svdOf(float64Matrix(a), mat.SVDThin)
		if !ok {
			return nil, fail(ErrSingular, "Pinv", "the singular value decomposition did not converge")
		}
		sv := f.Values(nil)
		// pinv(a) is the least-squares solve against the identity.
		id := make([]float64, m*m)
		for i := range m {
			id[i*m+i] = 1
		}
		pseudoSolve(f, sv[:countAbove(sv, 1e-15*sv[0])], id, vals, m, n, m)
	}
	return allocate([]int{n, m}, opts, func(dst *nd.Array[T]) error { fill(dst, vals); return nil })
}
