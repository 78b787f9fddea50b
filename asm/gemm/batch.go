package gemm

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// DgemmBatched computes C_i = alpha*op(A_i)*op(B_i) + beta*C_i for i <
// count, where A_i is the matrix Dgemm would read from a[i*strideA:] with
// lda, and likewise B_i and C_i (the strided-batched GEMM of cuBLAS and
// MKL). A stride of 0 shares one matrix across the batch, as a broadcast
// operand does; the C matrices must not overlap one another. It chooses
// one kernel for the whole batch, allocates nothing in steady state, runs
// a shared B with stacked A and C as one taller product, and splits the
// batch over at most threads goroutines (threads <= 0 means Threads())
// only when the whole batch is big enough to pay for the hand-off. It
// panics on negative sizes or strides and on slices too short for the
// last matrix.
//
//	// 1000 products of 4x4 matrices stored one after another:
//	gemm.DgemmBatched(0, false, false, 4, 4, 4, 1000, 1, a, 4, 16, b, 4, 16, 0, c, 4, 16)
func DgemmBatched(threads int, tA, tB bool, m, n, k, count int, alpha float64, a []float64, lda, strideA int, b []float64, ldb, strideB int, beta float64, c []float64, ldc, strideC int) {
	batched(threads, tA, tB, m, n, k, count, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC)
}

// SgemmBatched is DgemmBatched for float32.
func SgemmBatched(threads int, tA, tB bool, m, n, k, count int, alpha float32, a []float32, lda, strideA int, b []float32, ldb, strideB int, beta float32, c []float32, ldc, strideC int) {
	batched(threads, tA, tB, m, n, k, count, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC)
}

// batchWork is the least number of multiply-adds in a whole batch that is
// split over goroutines. Waking a parked worker took up to 50µs on the
// busy shared 2-core machine (stacks of 1.6 MFLOP ran 4-8x slower on two
// goroutines than on one), and stacks of small matrices are often bound by
// memory, which two cores share: there, two goroutines measured 0.68x one
// at 4.5M multiply-adds, 0.83x at 21M and 0.97x at 16M (n = 16 and 64,
// BenchmarkBatched). So a batch splits only when it takes milliseconds on
// one core, where a hand-off costs nothing and a free second core (its own
// L2) can only help.
const batchWork = 1 << 25

// The ways one matrix of a batch is multiplied, chosen once per batch.
const (
	viaTile   = iota // one unpacked kernel tile per matrix, one call for all
	viaRows          // small matrices: one call per strip and row tile, across the stack (rowTiles)
	viaColumn        // one column of unpacked tiles per matrix (columnTiles)
	viaWide          // wide strips: one call a strip for the whole stack (wideStrips)
	viaBlock         // column strips of unpacked tiles, A one row block (supBlock)
	viaSup
	viaSmall
	viaPacked
	viaScale
)

// batchCall is one batched GEMM in flight, for the goroutines that share it.
type batchCall[T float] struct {
	mode          int
	sup           *supTier[T]
	kern          kernel[T]
	tA, tB        bool
	m, n, k       int
	count, nt     int
	alpha, beta   T
	a, b, c       []T
	lda, ldb, ldc int
	sa, sb, sc    int
	rows, full    int // viaColumn, viaRows: full tiles of rows rows, then the rest
	group         int // viaRows: matrices a kernel call walks
	wg            sync.WaitGroup
	running       atomic.Int32
}

var (
	batches64 freeList[batchCall[float64]]
	batches32 freeList[batchCall[float32]]
)

func batchesFor[T float]() *freeList[batchCall[T]] {
	return byType[T, freeList[batchCall[T]]](unsafe.Pointer(&batches64), unsafe.Pointer(&batches32))
}

func batched[T float](nt int, tA, tB bool, m, n, k, count int, alpha T, a []T, lda, sa int, b []T, ldb, sb int, beta T, c []T, ldc, sc int) {
	if count < 0 || sa < 0 || sb < 0 || sc < 0 {
		panic(fmt.Sprintf("gemm: negative batch count %d or stride (%d, %d, %d)", count, sa, sb, sc))
	}
	if count == 0 {
		return
	}
	last := count - 1
	check(tA, tB, m, n, k, len(a)-min(len(a), last*sa), lda, len(b)-min(len(b), last*sb), ldb, len(c)-min(len(c), last*sc), ldc)
	if m == 0 || n == 0 {
		return
	}
	// A shared B times A matrices stacked with no gap is one taller product.
	if sb == 0 && !tA && sa == m*lda && sc == m*ldc {
		gemm(nt, false, tB, count*m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	x := batchesFor[T]().get()
	x.tA, x.tB, x.m, x.n, x.k, x.count, x.alpha, x.beta = tA, tB, m, n, k, count, alpha, beta
	x.a, x.b, x.c, x.lda, x.ldb, x.ldc, x.sa, x.sb, x.sc = a, b, c, lda, ldb, ldc, sa, sb, sc
	tier := cpu.Current()
	switch {
	case alpha == 0 || k == 0:
		x.mode = viaScale
	case useSup(tA, tB, m, n, k):
		x.mode, x.sup = viaSup, &supFor[T]().kernels[tier]
		switch {
		case tA || tB:
		case n > x.sup.nr() && m > x.sup.mr && x.sup.allWide(n) && (n <= x.sup.nr()+x.sup.lanes || m*n*k <= supWork):
			// Wide strips only: one call of the stack-walking kernel a
			// strip, not supBlock's strips matrix by matrix (each Go
			// level between two kernel calls costs; 24 32x32 float64
			// products in wide strips ran 0.7-1.3% faster than in
			// two-vector strips, through supBlock 0.3-0.6% slower). Two
			// strips or more only where sup keeps A in one row block
			// (up to supWork): each strip reads all of A again.
			x.mode = viaWide
		case n > x.sup.nr():
			// Taller than a tile, with A in one row block of sup: the
			// strips straight away, not sup's tests and cuts again for
			// every matrix (3% of a stack of 32x32 float64 products).
			if m > x.sup.mr && m*k*int(unsafe.Sizeof(alpha)) <= supBlockBytes {
				x.mode = viaBlock
			}
		case x.sup.tall(m, n):
			x.mode = viaTile
		default:
			x.mode = viaColumn
			x.rows, x.full = columnTiles(x.sup, m)
		}
		if (x.mode == viaColumn || x.mode == viaBlock || x.mode == viaWide) && m*n*k <= rowsWork {
			if x.mode != viaColumn {
				x.rows, x.full = x.sup.mr, m/x.sup.mr
			}
			x.mode = viaRows
			x.group = max(1, rowsGroupBytes/((m*k+k*n+m*n)*int(unsafe.Sizeof(alpha))))
		}
	case m*n*k <= smallWork:
		x.mode = viaSmall
	default:
		x.mode, x.kern = viaPacked, tableFor[T]().kernels[tier]
	}
	x.nt = 1
	if count > 1 && count*m*n*max(k, 1) >= batchWork {
		if nt <= 0 {
			nt = Threads()
		}
		x.nt = min(nt, runtime.GOMAXPROCS(0), count)
	}
	if x.nt == 1 {
		x.run(0)
	} else {
		x.running.Store(int32(x.nt - 1))
		runParallel(x, x.nt, &x.wg)
	}
	x.a, x.b, x.c, x.sup = nil, nil, nil, nil
	batchesFor[T]().put(x)
}

func (x *batchCall[T]) done() {
	x.wg.Done()
	x.running.Add(-1)
}

func (x *batchCall[T]) pending() int { return int(x.running.Load()) }

// run multiplies thread tid's share of the batch, one matrix at a time.
func (x *batchCall[T]) run(tid int) {
	lo, hi := share(tid, x.nt, x.count)
	m, n, k := x.m, x.n, x.k
	switch x.mode {
	case viaTile:
		x.tiles(lo, hi)
		return
	case viaRows:
		x.rowTiles(lo, hi)
		return
	case viaWide:
		x.wideStrips(lo, hi)
		return
	}
	for i := lo; i < hi; i++ {
		c := x.c[i*x.sc:]
		if x.mode == viaScale {
			scale(c, x.ldc, 0, m, 0, n, x.beta)
			continue
		}
		a, b := x.a[i*x.sa:], x.b[i*x.sb:]
		switch x.mode {
		case viaColumn:
			if x.beta != 0 && x.beta != 1 {
				scale(c, x.ldc, 0, m, 0, n, x.beta)
			}
			rows, full, lda, ldc := x.rows, x.full, x.lda, x.ldc
			supRun(x.sup, rows, k, &a[0], lda, &b[0], x.ldb, &c[0], ldc, x.alpha, n, x.beta == 0, full, rows*lda, 0, rows*ldc)
			if j := full * rows; j < m {
				supRun(x.sup, m-j, k, &a[j*lda], lda, &b[0], x.ldb, &c[j*ldc], ldc, x.alpha, n, x.beta == 0, 1, 0, 0, 0)
			}
		case viaBlock:
			if x.beta != 0 && x.beta != 1 {
				scale(c, x.ldc, 0, m, 0, n, x.beta)
			}
			supBlock(x.sup, m, n, k, x.alpha, a, x.lda, b, x.ldb, x.beta == 0, c, x.ldc)
		case viaSup:
			supT(x.sup, x.tA, x.tB, m, n, k, x.alpha, a, x.lda, b, x.ldb, x.beta, c, x.ldc)
		case viaSmall:
			small(x.tA, x.tB, m, n, k, x.alpha, a, x.lda, b, x.ldb, x.beta, c, x.ldc)
		default:
			packed(x.kern, 1, directB[T](x.tB, n, k), x.tA, x.tB, m, n, k, x.alpha, a, x.lda, b, x.ldb, x.beta, c, x.ldc)
		}
	}
}

// scaleC readies the C of matrices [lo, hi) for kernels that add into it:
// it multiplies them by beta unless beta is 0 or 1, and reports whether the
// kernels store instead (beta 0).
func (x *batchCall[T]) scaleC(lo, hi int) (store bool) {
	if x.beta != 0 && x.beta != 1 {
		for i := lo; i < hi; i++ {
			scale(x.c[i*x.sc:], x.ldc, 0, x.m, 0, x.n, x.beta)
		}
	}
	return x.beta == 0
}

// tiles multiplies matrices [lo, hi) of a batch whose matrices each fit
// one unpacked kernel tile: the kernel's tile loop walks the stack, one
// call for all of them, A, B and C advancing by their batch strides, so
// the stack streams through the kernel's registers with nothing between
// two matrices but the pointer steps.
func (x *batchCall[T]) tiles(lo, hi int) {
	if lo == hi {
		return
	}
	m, n, k := x.m, x.n, x.k
	store := x.scaleC(lo, hi)
	supRun(x.sup, m, k, &x.a[lo*x.sa], x.lda, &x.b[lo*x.sb], x.ldb, &x.c[lo*x.sc], x.ldc, x.alpha, n, store, hi-lo, x.sa, x.sb, x.sc)
}

// rowsWork bounds the matrices of a stack that run tile by tile across
// the stack (viaRows): up to 24^3 multiply-adds each, where the Go calls
// between the kernels, one or two a matrix, cost the most (stacks of
// 16x16 float32 products ran 17-20% faster across the stack, float64
// 2-15%, 10x10 float64 19%). From 32x32 on the order gains nothing
// (float64 32x32 stacks within 1% either way, in groups of L1D).
const rowsWork = 24 * 24 * 24

// rowsGroupBytes bounds the operands one kernel call of rowTiles walks:
// those of L1D, where they stay while the calls for the other row tiles
// and strips pass over them again (groups of half of L2 ran stacks of
// 12x12 float64 products 2-3% slower than matrix by matrix, groups of
// L1D 2-9% faster).
var rowsGroupBytes = cpu.CacheSizes().L1D

// rowTiles multiplies matrices [lo, hi) of a batch of small matrices
// (viaRows) a tile at a time across the stack: for each column strip and
// row tile, one kernel call computes that tile of every matrix of a group
// (x.group matrices), A, B and C stepping by their batch strides, with
// nothing between two matrices but the kernel's pointer steps.
func (x *batchCall[T]) rowTiles(lo, hi int) {
	t, m, n, k := x.sup, x.m, x.n, x.k
	for g := lo; g < hi; g += x.group {
		count := min(hi-g, x.group)
		store := x.scaleC(g, g+count)
		a, b, c := x.a[g*x.sa:], x.b[g*x.sb:], x.c[g*x.sc:]
		for j, cols := 0, 0; j < n; j += cols {
			cols = t.strip(n - j)
			full, tile := x.full, x.rows
			if cols > t.nr() { // a wide strip
				tile = t.wide
				full = m / tile
			}
			for i, rows := 0, tile; i < m; i += rows {
				if i == full*tile {
					rows = m - i
				}
				supRun(t, rows, k, &a[i*x.lda], x.lda, &b[j], x.ldb, &c[i*x.ldc+j], x.ldc, x.alpha, cols, store, count, x.sa, x.sb, x.sc)
			}
		}
	}
}

// wideStrips multiplies matrices [lo, hi) of a batch whose columns are
// all wide strips (viaWide: 25..32 or 57..64 float64 columns, 49..64
// float32, on AVX-512) a strip at a time across the stack: one call of
// the stack-walking kernel computes the strip's full tiles of t.wide
// rows in every matrix, one call of the unpacked kernel the rows left in
// every matrix. A stack of 64x64 float64 products is two kernel calls,
// where matrix by matrix it was six, each with the Go levels of sup
// around it.
func (x *batchCall[T]) wideStrips(lo, hi int) {
	if lo == hi {
		return
	}
	t, m, n, k := x.sup, x.m, x.n, x.k
	store := x.scaleC(lo, hi)
	a, b, c := x.a[lo*x.sa:], x.b[lo*x.sb:], x.c[lo*x.sc:]
	w, full := t.nr()+t.lanes, m/t.wide
	i := full * t.wide
	for j := 0; j < n; j += w {
		cols := min(w, n-j)
		t.stack(k, &a[0], x.lda, &b[j], x.ldb, &c[j], x.ldc, x.alpha, cols, store, full, t.wide*x.lda, 0, t.wide*x.ldc, hi-lo, x.sa, x.sb, x.sc)
		if i < m {
			supRun(t, m-i, k, &a[i*x.lda], x.lda, &b[j], x.ldb, &c[i*x.ldc+j], x.ldc, x.alpha, cols, store, hi-lo, x.sa, x.sb, x.sc)
		}
	}
}
