package linalg

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/asm/gemm"
)

// BLAS is a gonum BLAS implementation (blas.Float64 and blas.Float32) that
// runs Dgemm and Sgemm on numgo's packed GEMM and every other routine on
// gonum's native code. Installing it makes gonum's own matrix code, such as
// mat.Dense.Mul, use numgo's kernels without a change to that code:
//
//	blas64.Use(linalg.BLAS{})
//	blas32.Use(linalg.BLAS{})
type BLAS struct {
	gonum.Implementation
}

var (
	_ blas.Float64 = BLAS{}
	_ blas.Float32 = BLAS{}
)

// Dgemm computes C = alpha*op(A)*op(B) + beta*C for row-major float64
// matrices, with BLAS's argument rules (it panics on bad arguments, as
// gonum's does).
func (BLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm.Dgemm(transFlag(tA), transFlag(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm is Dgemm for float32.
func (BLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm.Sgemm(transFlag(tA), transFlag(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// transFlag converts gonum's transpose flag, panicking on a bad one as
// gonum does.
func transFlag(t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic("blas: illegal transpose")
}
