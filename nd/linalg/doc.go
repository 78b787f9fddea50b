// Package linalg is linear algebra on nd arrays: matrix multiply on numgo's
// packed GEMM (AVX2 and AVX-512 micro-kernels, parallel over goroutines),
// views between nd arrays and gonum's matrices without copies, a gonum BLAS
// implementation so gonum's own code runs on numgo's GEMM, and the
// decompositions gonum provides with results in the caller's memory.
// NumPy's linalg names are here too: Norm, NormOrd and NormAxis (NumPy's
// ord), Trace, Triu, Tril, Kron, MatrixRank, Pinv, Lstsq, Eig and Einsum
// (matrix products in it run on the GEMM). The decompositions are NumPy's
// solve, inv, det, qr(mode="complete") (QR), cholesky (transposed:
// Cholesky returns the upper factor), svd(full_matrices=False) (SVD
// returns v, not vh) and eigh(UPLO="U") (EigenSym).
//
//	c, err := linalg.MatMul(a, b, nd.With(arena))
//
// To make every gonum mat.Dense.Mul in a program use numgo's GEMM:
//
//	blas64.Use(linalg.BLAS{})
package linalg

import (
	"errors"

	"github.com/numgo/numgo/nd"
)

// Float is the set of element kinds the BLAS-backed functions take: nd.Float,
// so named kinds such as type Celsius float64 multiply as their underlying
// float32 or float64 does.
type Float = nd.Float

// ErrSingular is wrapped by errors from Solve, Inv and the decompositions
// when the matrix is singular, or not positive definite for Cholesky, and
// when an iteration does not converge: always for a matrix holding a NaN
// or an infinity given to the singular value decomposition (SVD, Pinv,
// Lstsq, MatrixRank, MatrixNorm's orders ±2 and Nuc) or to Eig. NumPy
// raises LinAlgError for a NaN too, and for an infinity given to Eig; for
// an infinity its SVD returns NaNs instead (MatrixRank 0), which numgo
// does not copy. Solve and Inv also refuse a matrix whose condition
// number gonum estimates above 1e16 (infinite for one holding an
// infinity), and Cholesky a NaN pivot, where NumPy returns an answer.
var ErrSingular = errors.New("linalg: matrix is singular")
