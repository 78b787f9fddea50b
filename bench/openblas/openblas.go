// Package openblas calls OpenBLAS's CBLAS GEMM through cgo, as a peer for
// numgo's benchmarks. It needs libopenblas-dev (pkg-config name openblas).
//
// OpenBLAS picks its kernels when the library loads, from the CPU or from
// OPENBLAS_CORETYPE; CoreName reports the choice. To compare kernels, run
// one process per core type.
package openblas

/*
#cgo pkg-config: openblas
#include <cblas.h>
*/
import "C"

import "unsafe"

// SetThreads sets the number of threads OpenBLAS uses for later calls.
func SetThreads(n int) { C.openblas_set_num_threads(C.int(n)) }

// CoreName is the core type whose kernels OpenBLAS loaded, e.g. "Haswell",
// "Zen" or "SkylakeX".
func CoreName() string { return C.GoString(C.openblas_get_corename()) }

// Config describes the OpenBLAS build (version, threading, core).
func Config() string { return C.GoString(C.openblas_get_config()) }

func trans(t bool) C.enum_CBLAS_TRANSPOSE {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}

func ptr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

// Dgemm is cblas_dgemm in row-major order: C = alpha*op(A)*op(B) + beta*C.
// Slices are not checked; pass sizes that fit them.
func Dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	C.cblas_dgemm(C.CblasRowMajor, trans(tA), trans(tB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.double(alpha), (*C.double)(ptr(a)), C.blasint(lda), (*C.double)(ptr(b)), C.blasint(ldb),
		C.double(beta), (*C.double)(ptr(c)), C.blasint(ldc))
}

// Sgemm is cblas_sgemm in row-major order.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.cblas_sgemm(C.CblasRowMajor, trans(tA), trans(tB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.float(alpha), (*C.float)(ptr(a)), C.blasint(lda), (*C.float)(ptr(b)), C.blasint(ldb),
		C.float(beta), (*C.float)(ptr(c)), C.blasint(ldc))
}
