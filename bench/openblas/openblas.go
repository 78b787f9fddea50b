// Package openblas calls OpenBLAS's CBLAS GEMM through cgo, as a peer for
// numgo's benchmarks. It needs libopenblas-dev (pkg-config name openblas).
//
// OpenBLAS picks its kernels when the library loads, from the CPU or from
// OPENBLAS_CORETYPE (and sizes its blocks from OPENBLAS_L2_SIZE); CoreName
// reports the choice. To measure OpenBLAS with its own choice for the CPU,
// load it in a process whose environment has neither variable; to compare
// kernels, run one process per core type.
//
// Each call from Go crosses cgo, which costs tens of nanoseconds on its
// own (30-50 ns on the project's Zen 5, more than a whole 2x2 product in
// C). DgemmLoop and SgemmLoop make the calls from C, as a C program
// calling OpenBLAS in a loop does, so that small products time OpenBLAS
// and not cgo.
package openblas

/*
#cgo pkg-config: openblas
#include <cblas.h>

static enum CBLAS_TRANSPOSE tr(int t) { return t ? CblasTrans : CblasNoTrans; }

static void dgemm_loop(long reps, long count, int tA, int tB, int m, int n, int k, double alpha,
		const double *a, int lda, long sa, const double *b, int ldb, long sb, double beta, double *c, int ldc, long sc) {
	for (long r = 0; r < reps; r++)
		for (long i = 0; i < count; i++)
			cblas_dgemm(CblasRowMajor, tr(tA), tr(tB), m, n, k, alpha, a + i*sa, lda, b + i*sb, ldb, beta, c + i*sc, ldc);
}

static void sgemm_loop(long reps, long count, int tA, int tB, int m, int n, int k, float alpha,
		const float *a, int lda, long sa, const float *b, int ldb, long sb, float beta, float *c, int ldc, long sc) {
	for (long r = 0; r < reps; r++)
		for (long i = 0; i < count; i++)
			cblas_sgemm(CblasRowMajor, tr(tA), tr(tB), m, n, k, alpha, a + i*sa, lda, b + i*sb, ldb, beta, c + i*sc, ldc);
}
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

// DgemmLoop calls cblas_dgemm (row-major) reps times over count matrices,
// matrix i of A, B and C starting i*sa, i*sb and i*sc elements on, all
// from C in one cgo call: reps*count products of a loop of OpenBLAS calls
// as a C program makes them. Slices are not checked.
func DgemmLoop(reps, count int, tA, tB bool, m, n, k int, alpha float64, a []float64, lda, sa int, b []float64, ldb, sb int, beta float64, c []float64, ldc, sc int) {
	C.dgemm_loop(C.long(reps), C.long(count), cbool(tA), cbool(tB), C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(ptr(a)), C.int(lda), C.long(sa), (*C.double)(ptr(b)), C.int(ldb), C.long(sb),
		C.double(beta), (*C.double)(ptr(c)), C.int(ldc), C.long(sc))
}

// SgemmLoop is DgemmLoop for float32 (cblas_sgemm).
func SgemmLoop(reps, count int, tA, tB bool, m, n, k int, alpha float32, a []float32, lda, sa int, b []float32, ldb, sb int, beta float32, c []float32, ldc, sc int) {
	C.sgemm_loop(C.long(reps), C.long(count), cbool(tA), cbool(tB), C.int(m), C.int(n), C.int(k), C.float(alpha),
		(*C.float)(ptr(a)), C.int(lda), C.long(sa), (*C.float)(ptr(b)), C.int(ldb), C.long(sb),
		C.float(beta), (*C.float)(ptr(c)), C.int(ldc), C.long(sc))
}

func cbool(t bool) C.int {
	if t {
		return 1
	}
	return 0
}
