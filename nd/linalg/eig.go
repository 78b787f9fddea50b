package linalg

import (
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// Eig returns the eigenvalues and right eigenvectors of a general square
// matrix, NumPy's eig: a @ vectors[:, i] = values[i] * vectors[:, i].
// values is (n,) and vectors (n, n), both complex128 from the options'
// allocator, even when every eigenvalue is real (NumPy then returns real
// arrays) and for float32 a (NumPy: complex64). The algorithm is gonum's
// port of LAPACK's dgeev, in float64: each vector has unit 2-norm and its
// component of largest modulus real, as LAPACK's; complex eigenvalues come
// in conjugate pairs, the one with positive imaginary part first. The
// order of the eigenvalues is the QR algorithm's, not sorted, and may
// differ from NumPy's (OpenBLAS/LAPACK) run. An empty (0, 0) a gives empty
// results. The error wraps ErrSingular when the iteration does not
// converge, and when a holds a NaN or an infinity (NumPy's LinAlgError).
func Eig[T Float](a *nd.Array[T], opts ...nd.Option) (values, vectors *nd.Array[complex128], err error) {
	if err := check("Eig", "a", a); err != nil {
		return nil, nil, err
	}
	if a.NDim() != 2 || a.Dim(0) != a.Dim(1) {
		return nil, nil, fail(nd.ErrShape, "Eig", "a needs a square matrix, not shape %v", a.Shape())
	}
	n := a.Dim(0)
	var vals []complex128
	var vecs mat.CDense
	if n > 0 {
		am := float64Matrix(a)
		if !finite(am) { // gonum's dgebal never returns on a NaN
			return nil, nil, fail(ErrSingular, "Eig", "a holds a NaN or an infinity")
		}
		var f mat.Eigen
		if !f.Factorize(am, mat.EigenRight) {
			return nil, nil, fail(ErrSingular, "Eig", "the eigenvalue iteration did not converge")
		}
		vals = f.Values(nil)
		f.VectorsTo(&vecs)
	}
	if values, err = allocate([]int{n}, opts, func(dst *nd.Array[complex128]) error {
		data, off, st := dst.Storage()
		for i, v := range vals {
			data[off+i*st[0]] = v
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}
	if vectors, err = allocate([]int{n, n}, opts, func(dst *nd.Array[complex128]) error {
		data, off, st := dst.Storage()
		for i := range n {
			for j := range n {
				data[off+i*st[0]+j*st[1]] = vecs.At(i, j)
			}
		}
		return nil
	}); err != nil {
		values.Free()
		return nil, nil, err
	}
	return values, vectors, nil
}
