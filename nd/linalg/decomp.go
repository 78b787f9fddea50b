package linalg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// The decompositions below run gonum's LAPACK-style code. Results are
// written straight into arrays from the options' allocator (gonum fills a
// receiver that views their memory), so an arena holds them like any other
// array. Inputs are read in place when row-major, copied otherwise.
// Empty matrices give NumPy's answers: empty results (Det 1, QR's q the
// identity), though gonum has no empty matrices. Each function takes one
// float64 matrix and returns float64: NumPy's stacks (..., m, n) are
// refused with nd.ErrShape, and its float32 results are float32 (numgo's
// agree with them within float32's rounding; testdata/linalg_surface.py).

// Solve returns x with a @ x = b for a square a; b is a vector (n,) or a
// matrix (n, k). The error wraps ErrSingular when a is singular or too
// ill-conditioned to trust: gonum's estimate of its condition number is
// above 1e16 (mat.ConditionTolerance), or infinite when a holds an
// infinity; NumPy answers those, and raises LinAlgError only for an
// exactly zero pivot.
func Solve(a, b *nd.Array[float64], opts ...nd.Option) (*nd.Array[float64], error) {
	n, err := square("Solve", a)
	if err != nil {
		return nil, err
	}
	b2 := b
	if b.NDim() == 1 {
		if b2, err = b.Reshape(b.Dim(0), 1); err != nil {
			// A strided vector: a dense copy, freed when Solve is done.
			bc, err := b.Clone()
			if err != nil {
				return nil, err
			}
			defer bc.Free()
			if b2, err = bc.Reshape(b.Dim(0), 1); err != nil {
				return nil, err
			}
		}
	}
	if b2.NDim() != 2 || b2.Dim(0) != n {
		return nil, fmt.Errorf("linalg: Solve: %w: a is %v, b is %v", nd.ErrShape, a.Shape(), b.Shape())
	}
	return result(b.Shape(), opts, func(x *mat.Dense) error {
		am, releaseA, err := input(a)
		if err != nil {
			return err
		}
		defer releaseA()
		bm, releaseB, err := input(b2)
		if err != nil {
			return err
		}
		defer releaseB()
		return x.Solve(am, bm)
	})
}

// Inv returns the inverse of a square matrix; the error wraps ErrSingular
// when there is none, or when it is too ill-conditioned to trust, as for
// Solve.
func Inv(a *nd.Array[float64], opts ...nd.Option) (*nd.Array[float64], error) {
	if _, err := square("Inv", a); err != nil {
		return nil, err
	}
	return result(a.Shape(), opts, func(x *mat.Dense) error {
		am, release, err := input(a)
		if err != nil {
			return err
		}
		defer release()
		return x.Inverse(am)
	})
}

// Det returns the determinant of a square matrix, through an LU
// factorization; that of a (0, 0) matrix is 1.
func Det(a *nd.Array[float64]) (float64, error) {
	n, err := square("Det", a)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 1, nil
	}
	am, release, err := input(a)
	if err != nil {
		return 0, err
	}
	defer release()
	return mat.Det(am), nil
}

// QR returns q (m, m) orthogonal and r (m, n) upper triangular (upper
// trapezoidal when m < n) with a = q @ r: NumPy's qr(a, mode="complete"),
// not its default "reduced" (q (m, k), r (k, n), k = min(m, n)). The
// reflectors are LAPACK's (dgeqrf), so the signs are NumPy's too. A NaN
// in a spreads as in NumPy's; after an infinity NumPy's q and r are NaN
// (LAPACK's dscal turns inf * 0 into NaN) where gonum's reflectors may
// stay finite, meaningless either way.
func QR(a *nd.Array[float64], opts ...nd.Option) (q, r *nd.Array[float64], err error) {
	if a.NDim() != 2 {
		return nil, nil, fmt.Errorf("linalg: QR: %w: needs a matrix, not shape %v", nd.ErrShape, a.Shape())
	}
	if a.Size() == 0 {
		return emptyQR(a, opts)
	}
	am, release, err := input(a)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	m, n := a.Dim(0), a.Dim(1)
	// gonum factorizes m >= n only. A wide a = [a1 a2] has the q of its
	// square a1 = q r1 (the same reflectors LAPACK's dgeqrf applies), and
	// r = [r1 qᵀa2].
	left := am
	if m < n {
		left = am.Slice(0, m, 0, m).(*mat.Dense)
	}
	var f mat.QR
	f.Factorize(left)
	if q, err = result([]int{m, m}, opts, func(d *mat.Dense) error { f.QTo(d); return nil }); err != nil {
		return nil, nil, err
	}
	if r, err = result(a.Shape(), opts, func(d *mat.Dense) error {
		if m >= n {
			f.RTo(d)
			return nil
		}
		f.RTo(d.Slice(0, m, 0, m).(*mat.Dense))
		qm, err := Dense(q)
		if err != nil {
			return err
		}
		d.Slice(0, m, m, n).(*mat.Dense).Mul(qm.T(), am.Slice(0, m, m, n))
		return nil
	}); err != nil {
		q.Free()
		return nil, nil, err
	}
	return q, r, nil
}

// Cholesky returns the upper triangular u with a = uᵀ @ u for a symmetric
// positive definite a (only its upper triangle is read): the transpose of
// NumPy's cholesky, which returns the lower l = uᵀ and reads the lower
// triangle. The error wraps ErrSingular when a is not positive definite,
// and when a pivot is NaN (LAPACK's dpotrf refuses those too; NumPy's
// OpenBLAS returns a factor holding NaNs).
func Cholesky(a *nd.Array[float64], opts ...nd.Option) (*nd.Array[float64], error) {
	n, err := square("Cholesky", a)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nd.Zeros[float64](a.Shape(), opts...)
	}
	sym := symmetric(a, n)
	var f mat.Cholesky
	if !f.Factorize(sym) {
		return nil, fmt.Errorf("linalg: Cholesky: %w: not positive definite", ErrSingular)
	}
	return result(a.Shape(), opts, func(d *mat.Dense) error {
		raw := d.RawMatrix()
		f.UTo(mat.NewTriDense(n, mat.Upper, raw.Data))
		return nil
	})
}

// SVD returns the thin singular value decomposition a = u @ diag(s) @ vᵀ:
// u (m, p), s (p,) in decreasing order, v (n, p), with p = min(m, n).
// NumPy's svd(a, full_matrices=False) returns u, s and vh = vᵀ (p, n).
func SVD(a *nd.Array[float64], opts ...nd.Option) (u, s, v *nd.Array[float64], err error) {
	if a.NDim() != 2 {
		return nil, nil, nil, fmt.Errorf("linalg: SVD: %w: needs a matrix, not shape %v", nd.ErrShape, a.Shape())
	}
	if err := a.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("linalg: SVD: %w", err)
	}
	f := new(mat.SVD) // an empty a has empty results, which f never fills
	if a.Size() > 0 {
		am, release, err := input(a)
		if err != nil {
			return nil, nil, nil, err
		}
		defer release()
		var ok bool
		if f, ok = svdOf(am, mat.SVDThin); !ok {
			return nil, nil, nil, fmt.Errorf("linalg: SVD: %w: the factorization did not converge", ErrSingular)
		}
	}
	m, n := a.Dim(0), a.Dim(1)
	p := min(m, n)
	if u, err = result([]int{m, p}, opts, func(d *mat.Dense) error { f.UTo(d); return nil }); err != nil {
		return nil, nil, nil, err
	}
	if v, err = result([]int{n, p}, opts, func(d *mat.Dense) error { f.VTo(d); return nil }); err != nil {
		u.Free()
		return nil, nil, nil, err
	}
	if s, err = nd.Empty[float64]([]int{p}, opts...); err != nil {
		u.Free()
		v.Free()
		return nil, nil, nil, err
	}
	if p > 0 {
		f.Values(s.Data())
	}
	return u, s, v, nil
}

// EigenSym returns the eigenvalues (ascending) and eigenvectors (columns)
// of a symmetric matrix, NumPy's eigh; only its upper triangle is read
// (NumPy's eigh(a, UPLO="U"); its default reads the lower one).
func EigenSym(a *nd.Array[float64], opts ...nd.Option) (values, vectors *nd.Array[float64], err error) {
	n, err := square("EigenSym", a)
	if err != nil {
		return nil, nil, err
	}
	var f mat.EigenSym // an empty a has empty results, which f never fills
	if n > 0 && !f.Factorize(symmetric(a, n), true) {
		return nil, nil, fmt.Errorf("linalg: EigenSym: %w: the factorization did not converge", ErrSingular)
	}
	if vectors, err = result(a.Shape(), opts, func(d *mat.Dense) error { f.VectorsTo(d); return nil }); err != nil {
		return nil, nil, err
	}
	if values, err = nd.Empty[float64]([]int{n}, opts...); err != nil {
		vectors.Free()
		return nil, nil, err
	}
	if n > 0 {
		f.Values(values.Data())
	}
	return values, vectors, nil
}

// emptyQR is QR of a matrix with no elements: NumPy's q is the (m, m)
// identity, r is (m, n) and empty.
func emptyQR(a *nd.Array[float64], opts []nd.Option) (q, r *nd.Array[float64], err error) {
	if err := a.Err(); err != nil {
		return nil, nil, fmt.Errorf("linalg: QR: %w", err)
	}
	if q, err = nd.Identity[float64](a.Dim(0), append(opts, nd.WithLayout(nd.RowMajor))...); err != nil {
		return nil, nil, err
	}
	if r, err = nd.Zeros[float64](a.Shape(), opts...); err != nil {
		q.Free()
		return nil, nil, err
	}
	return q, r, nil
}

// square checks that a is a square matrix and returns its order.
func square(op string, a *nd.Array[float64]) (int, error) {
	if err := a.Err(); err != nil {
		return 0, fmt.Errorf("linalg: %s: %w", op, err)
	}
	if a.NDim() != 2 || a.Dim(0) != a.Dim(1) {
		return 0, fmt.Errorf("linalg: %s: %w: needs a square matrix, not shape %v", op, nd.ErrShape, a.Shape())
	}
	return a.Dim(0), nil
}

// input gives gonum a view of a, or of a row-major copy when a is
// strided; release frees the copy (gonum's factorizations copy what they
// keep), and is a no-op for a view.
func input(a *nd.Array[float64]) (m *mat.Dense, release func(), err error) {
	if d, err := denseView(a); err == nil {
		return d, func() {}, nil
	}
	c, err := a.Clone()
	if err != nil {
		return nil, nil, err
	}
	release = func() { c.Free() }
	if m, err = Dense(c); err != nil {
		release()
		return nil, nil, err
	}
	return m, release, nil
}

// symmetric copies a's upper triangle into a gonum symmetric matrix.
func symmetric(a *nd.Array[float64], n int) *mat.SymDense {
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, a.At(i, j))
		}
	}
	return sym
}

// result allocates a row-major array of shape from the options' allocator,
// lets fill write into it through a gonum view, and frees it if fill fails.
// An empty result has nothing to fill (and gonum no view of it).
func result(shape []int, opts []nd.Option, fill func(*mat.Dense) error) (*nd.Array[float64], error) {
	x, err := nd.Zeros[float64](shape, append(opts, nd.WithLayout(nd.RowMajor))...)
	if err != nil || x.Size() == 0 {
		return x, err
	}
	view := x
	if x.NDim() == 1 {
		view, _ = x.Reshape(x.Dim(0), 1)
	}
	d, err := Dense(view)
	if err == nil {
		err = fill(d)
	}
	if err != nil {
		x.Free()
		return nil, fmt.Errorf("%w: %v", ErrSingular, err)
	}
	return x, nil
}

// svdOf factorizes a with gonum's SVD and reports whether it converged.
// A matrix holding a NaN or an infinity does not, as NumPy's LAPACK
// reports for it: it is refused before gonum sees it, whose port panics
// on a NaN (Dlascl) and never returns on an infinity (Dbdsqr).
func svdOf(a *mat.Dense, kind mat.SVDKind) (*mat.SVD, bool) {
	if !finite(a) {
		return nil, false
	}
	var f mat.SVD
	return &f, f.Factorize(a, kind)
}

// finite reports whether every element of a is neither NaN nor infinite.
func finite(a *mat.Dense) bool {
	raw := a.RawMatrix()
	for i := range raw.Rows {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}
