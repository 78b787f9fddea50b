// Package gemm is numgo's general matrix multiply: C = alpha*op(A)*op(B) +
// beta*C on row-major float64 and float32 slices, with BLAS semantics and
// gonum's blas64 conventions (lda is the row stride of A as stored).
//
// The product runs as a Goto/BLIS packed GEMM: panels of A and B are copied
// into 64-byte aligned buffers in the order a register-blocked micro-kernel
// reads them (transposes, strides and alpha are absorbed there), blocked
// so the working set of each loop fits a cache level (block.go derives
// the block sizes from cpu.CacheSizes), and split over goroutines that own
// disjoint rows (or, for short wide C, columns) of C and share each packed
// panel of B. While an untransposed B fits in half of L2 the kernel reads
// it in place instead. The micro-kernels are Go assembly for the AVX2+FMA
// and AVX-512 tiers, each with a pure-Go twin of the same tile shape; the
// tier is read from cpu.Current at every call. Small and skinny products
// (sup.go) skip packing: unpacked kernels read A and B where they lie.
//
// Steady-state calls allocate nothing: packing buffers and call state are
// reused, and the goroutines are a persistent pool. Like OpenBLAS's
// threads, an idle worker spins for about 50µs before it parks, so that a
// loop of products does not pay a wake-up per call.
package gemm

import (
	"fmt"
	"math/bits"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

var threads atomic.Int32

// SetThreads sets how many goroutines Dgemm and Sgemm use at most and
// returns the previous setting; n <= 0 restores the default, GOMAXPROCS at
// the time of each call.
func SetThreads(n int) (prev int) {
	return int(threads.Swap(int32(max(n, 0))))
}

// Threads reports the number of goroutines Dgemm and Sgemm use at most.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// Dgemm computes C = alpha*op(A)*op(B) + beta*C for row-major float64
// matrices, where op(X) is X or its transpose as tA and tB say, op(A) is
// m x k, op(B) is k x n and C is m x n. As in BLAS, beta == 0 means C is not
// read (NaN in C does not propagate) and alpha == 0 means A and B are not
// read. As in BLAS, C must not overlap A or B (linalg.Gemm checks and
// copies where it does). It runs on Threads() goroutines at most and
// panics on negative sizes, strides shorter than a row or slices too short
// for their matrix.
func Dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if haveTiny && !tA && !tB && fitsTiny(m, n, k, len(a), lda, len(b), ldb, len(c), ldc) && alpha != 0 && (beta == 0 || beta == 1) && cpu.Current() == cpu.AVX512 {
		dtiny(&a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, m, k)
		return
	}
	if t := &sup64.kernels[cpu.Current()]; t.tier != cpu.Generic && alpha != 0 && (beta == 0 || beta == 1) &&
		fitsSup(t, tA || tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		switch {
		case n > t.nr() && m <= t.mr:
			nr := 2 * t.lanes
			full := n >> bits.TrailingZeros(uint(nr)) // n / nr: lanes is a power of two
			dsup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, nr, beta == 0, full, 0, nr, nr, m, int(t.tier))
			if j := full * nr; j < n {
				dsup(k, &a[0], lda, &b[j], ldb, &c[j], ldc, alpha, n-j, beta == 0, 1, 0, 0, 0, m, int(t.tier))
			}
		case n > t.nr():
			sup(t, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		case t.tall(m, n):
			dsup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, 1, 0, 0, 0, m, int(t.tier))
		case m <= 2*t.mr && m&1 == 0:
			rows := m >> 1
			dsup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, 2, rows*lda, 0, rows*ldc, rows, int(t.tier))
		default:
			supColumn(t, m, n, k, alpha, a, lda, b, ldb, beta == 0, c, ldc)
		}
		return
	}
	gemm(0, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// DgemmParallel is Dgemm on at most threads goroutines (threads <= 0 means
// Threads()), and never more than GOMAXPROCS.
func DgemmParallel(threads int, tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(threads, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm is Dgemm for float32.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if haveTiny && !tA && !tB && fitsTiny(m, n, k, len(a), lda, len(b), ldb, len(c), ldc) && alpha != 0 && (beta == 0 || beta == 1) && cpu.Current() == cpu.AVX512 {
		stiny(&a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, m, k)
		return
	}
	if t := &sup32.kernels[cpu.Current()]; t.tier != cpu.Generic && alpha != 0 && (beta == 0 || beta == 1) &&
		fitsSup(t, tA || tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		switch {
		case n > t.nr() && m <= t.mr:
			nr := 2 * t.lanes
			full := n >> bits.TrailingZeros(uint(nr)) // n / nr: lanes is a power of two
			ssup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, nr, beta == 0, full, 0, nr, nr, m, int(t.tier))
			if j := full * nr; j < n {
				ssup(k, &a[0], lda, &b[j], ldb, &c[j], ldc, alpha, n-j, beta == 0, 1, 0, 0, 0, m, int(t.tier))
			}
		case n > t.nr():
			sup(t, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		case t.tall(m, n):
			ssup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, 1, 0, 0, 0, m, int(t.tier))
		case m <= 2*t.mr && m&1 == 0:
			rows := m >> 1
			ssup(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, beta == 0, 2, rows*lda, 0, rows*ldc, rows, int(t.tier))
		default:
			supColumn(t, m, n, k, alpha, a, lda, b, ldb, beta == 0, c, ldc)
		}
		return
	}
	gemm(0, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmParallel is Sgemm on at most threads goroutines (threads <= 0 means
// Threads()).
func SgemmParallel(threads int, tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(threads, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Up to smallWork multiply-adds (m*n*k) the plain loop beats packing for
// transposed operands (untransposed ones take the unpacked kernels), and
// below parallelWork a second goroutine does not pay for its hand-off.
// Measured on Zen 4 (float64, AVX-512 tier): BenchmarkCrossover, n = 4:
// loop 1.5 GFLOP/s, packed 0.8; n = 6: 2.0 and 2.1; n = 8: 2.4 and 4.7.
// BenchmarkParallelCrossover on a quiet machine, two threads over one:
// n = 24 0.83x, n = 32 1.13x, n = 48 1.4x, n = 64 1.7x; but on the busy
// shared machine a transposed n = 32 product took 40-50µs on two threads
// against 0.6µs on one (waking a worker waits for a free core), so two
// threads start only above 64^3.
const (
	smallWork    = 6 * 6 * 6
	parallelWork = 64 * 64 * 64
)

func gemm[T float](nt int, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scale(c, ldc, 0, m, 0, n, beta)
		return
	}
	if useSup(tA, tB, m, n, k) {
		supT(&supFor[T]().kernels[cpu.Current()], tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if m*n*k <= smallWork {
		small(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kern := tableFor[T]().kernels[cpu.Current()]
	run(kern, nt, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// fitsSup reports whether an untransposed product (not trans) is one the
// unpacked kernels t (assembly ones: t.tier is not Generic) run: m, n and
// k > 0, a size the unpacked path takes (useSup) and valid arguments.
// Dgemm and Sgemm then (alpha not 0, beta 0 or 1) skip gemm's general
// checks and dispatch: for one column of tiles (n up to t.nv vectors, 24
// float64 on AVX-512) one direct call of the assembly dispatcher when m
// fits one tile (t.tall), which is the whole cost of a call at n = 2..8,
// or two tiles of equal height (even m up to 2*t.mr: supColumn and the
// generic call it makes cost 5-6 ns, a sixth of a 12x12 float32
// product), supColumn otherwise; wider products of one row of tiles (m
// up to t.mr) as two-vector tiles (see sup), the full ones in one call
// and the columns left in another (through sup an 8x64x16 float32
// product took 87-88 ns, directly 76-78, the kernel alone 75), and sup
// for the rest (gemm's path to it cost about 12 ns of a 600 ns 32x32
// float64 product). It is small enough to be inlined.
func fitsSup[T float](t *supTier[T], trans bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	return !trans && m > 0 && n > 0 && k > 0 && (m*n*k <= supWork || k <= supDepth) &&
		lda >= k && ldb >= n && ldc >= n && lenA >= (m-1)*lda+k && lenB >= (k-1)*ldb+n && lenC >= (m-1)*ldc+n
}

// fitsTiny reports whether a product (untransposed) is one the tiny
// kernels hold, m, n and k 1..tinyMax, with valid arguments. Dgemm and
// Sgemm test it first, in a dozen inlined comparisons, and then (on
// AVX-512, alpha not 0 and beta 0 or 1) make one direct call.
func fitsTiny(m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	return uint(m-1) < tinyMax && uint(n-1) < tinyMax && uint(k-1) < tinyMax && lda >= k && ldb >= n && ldc >= n &&
		lenA >= (m-1)*lda+k && lenB >= (k-1)*ldb+n && lenC >= (m-1)*ldc+n
}

// supColumn runs C = alpha*A*B (+ C unless store) for a column of tiles,
// checked by fitsSup, n up to t.nr(): what one tile holds (t.tall: on AVX-512 up to
// supTall rows of one vector) as one tile, up to two tiles' rows as two
// tiles of equal height, in one kernel call (12 rows as 6 and 6, not 8 and 4 in two
// calls: the short tile's chains of multiply-adds were as long as the
// full one's and its call cost as much), taller columns as full tiles in
// one call and the rows left in another. The short path divides by
// nothing: the three integer divisions of a general balanced cut took
// about 10 ns, as long as a 2x2 product.
func supColumn[T float](t *supTier[T], m, n, k int, alpha T, a []T, lda int, b []T, ldb int, store bool, c []T, ldc int) {
	rows, full := m, 1
	if !t.tall(m, n) {
		rows, full = columnTiles(t, m)
	}
	supRun(t, rows, k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, store, full, rows*lda, 0, rows*ldc)
	if i := full * rows; i < m {
		supRun(t, m-i, k, &a[i*lda], lda, &b[0], ldb, &c[i*ldc], ldc, alpha, n, store, 1, 0, 0, 0)
	}
}

// columnTiles cuts a column of m rows, more than one tile of t holds,
// into full tiles of rows rows (the rest, m - full*rows, one more tile):
// up to two tiles' rows as two of equal height, taller columns as tiles
// of t.mr.
func columnTiles[T float](t *supTier[T], m int) (rows, full int) {
	if m <= 2*t.mr {
		return (m + 1) / 2, 2 - m%2
	}
	return t.mr, m / t.mr
}

// run is the packed path with the thread count settled: at most nt and
// GOMAXPROCS (the threads spin on each other), no more than there are row
// or column tiles, and one below parallelWork.
func run[T float](kern kernel[T], nt int, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if nt <= 0 {
		nt = Threads()
	}
	nt = min(nt, runtime.GOMAXPROCS(0), max((m+kern.mr-1)/kern.mr, (n+kern.nr-1)/kern.nr))
	if m*n*k < parallelWork {
		nt = 1
	}
	packed(kern, nt, directB[T](tB, n, k), tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// directLimit is the size in bytes of op(B) up to which the kernel reads
// an untransposed B in place rather than from a packed copy: half of L2.
// While B stays in L2 its strided rows cost the kernel nothing and the copy
// is pure overhead (n = 64..256 float64 ran 1-6% faster in place on Zen 4);
// beyond, packing keeps the slivers contiguous for the prefetcher and the
// TLB (n = 512 ran 2% slower in place). Measured with BenchmarkDirectB.
var directLimit = cpu.CacheSizes().L2 / 2

// directB reports whether the kernel should read op(B), k x n, in place.
func directB[T float](tB bool, n, k int) bool {
	var z T
	return !tB && n*k*int(unsafe.Sizeof(z)) <= directLimit
}

// small is the unpacked product for matrices too small for packing to pay:
// each row of C is scaled by beta, then accumulates alpha*A[i,p] times row
// p of op(B).
func small[T float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	scale(c, ldc, 0, m, 0, n, beta)
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		for p := range k {
			ai := i*lda + p
			if tA {
				ai = p*lda + i
			}
			av := alpha * a[ai]
			if !tB {
				for j, bv := range b[p*ldb : p*ldb+n] {
					crow[j] += av * bv
				}
				continue
			}
			for j := range crow {
				crow[j] += av * b[j*ldb+p]
			}
		}
	}
}

// check panics, as gonum's BLAS does, on arguments that cannot describe
// the product.
func check(tA, tB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA, rowsB, colsB := stored(tA, tB, m, n, k)
	checkMatrix("A", rowsA, colsA, lenA, lda)
	checkMatrix("B", rowsB, colsB, lenB, ldb)
	checkMatrix("C", m, n, lenC, ldc)
}

// stored gives the shapes of A and B as they lie in memory, for op(A)
// m x k and op(B) k x n.
func stored(tA, tB bool, m, n, k int) (rowsA, colsA, rowsB, colsB int) {
	rowsA, colsA, rowsB, colsB = m, k, k, n
	if tA {
		rowsA, colsA = k, m
	}
	if tB {
		rowsB, colsB = n, k
	}
	return rowsA, colsA, rowsB, colsB
}

func checkMatrix(name string, rows, cols, length, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: stride of %s is %d, less than its %d columns", name, ld, cols))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmt.Sprintf("gemm: %s is %dx%d with stride %d, needs %d elements, has %d", name, rows, cols, ld, (rows-1)*ld+cols, length))
	}
}
