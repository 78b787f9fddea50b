package gemm

import (
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// supFunc is an unpacked micro-kernel (BLIS calls this region "sup", small
// or unpacked): for tiles >= 1 tiles of the fixed number of rows it was
// made for and cols columns (at most its tile width) it computes, for
// i < rows and j < cols,
//
//	C[i*ldc+j] = alpha * sum_p a[i*lda+p] * b[p*ldb+j]  (+ C[i*ldc+j] unless store)
//
// reading A and B where they lie, each tile's a, b and c da, db and dc
// elements on from the last's (tiles under one another: da = rows*lda,
// dc = rows*ldc; beside one another: db = dc = cols). Lanes past cols are
// masked: it touches nothing outside those tiles of C and the rows of A
// and B it multiplies.
type supFunc[T float] func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc int)

// supStackFunc is a stack-walking unpacked kernel: the tiles of the
// supFunc of t.wide rows in a wide strip, once for each of count matrices,
// each one's first tile sa, sb and sc elements on from the last's (a
// column of wide tiles in every matrix of a stack, or in every wide strip
// of one matrix: sa = 0, sb = sc = the strip's width). One call walks
// them all, with no Go between two matrices.
type supStackFunc[T float] func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc, count, sa, sb, sc int)

// supTier is one tier's set of unpacked kernels: fn[v-1][r-1] computes r
// rows (1..mr) and up to v vectors of lanes columns, v up to nv (3 on
// AVX-512, 2 elsewhere): a tile of mr rows is at most nv*lanes columns
// wide, its nr. Where wide is not 0 (AVX-512: 4) fn[nv] holds tiles of
// 1..wide rows and nv+1 vectors, for strips of nr+1..nr+lanes columns
// (wide strips), and stack the stack-walking kernel of those tiles of
// wide rows. For assembly kernels
// tier is the tier the dispatchers dsup and ssup take to reach them
// directly (supRun); it is cpu.Generic for the pure-Go kernels, which run
// through fn.
type supTier[T float] struct {
	mr, nv, wide, lanes int
	tier                cpu.Tier
	fn                  [supMaxNV][]supFunc[T]
	stack               supStackFunc[T]
}

// supMaxNV is the most vectors of any tier's widest unpacked tile.
const supMaxNV = 4

// nr is the widest tile of t, in columns.
func (t *supTier[T]) nr() int { return t.nv * t.lanes }

// width returns the kernels, by rows, for tiles of cols columns (at most
// t.nr(), or a wide strip's): the fewest vectors of lanes that hold them.
func (t *supTier[T]) width(cols int) []supFunc[T] {
	return t.fn[(cols-1)/t.lanes]
}

// supTable holds, per tier, the unpacked kernels the driver runs and their
// pure-Go twins of the same tile shapes.
type supTable[T float] struct {
	kernels, twins [cpu.AVX512 + 1]supTier[T]
}

var (
	sup64 = newSupTable(supAsm64)
	sup32 = newSupTable(supAsm32)
)

func newSupTable[T float](asm [cpu.AVX512 + 1]supTier[T]) *supTable[T] {
	var t supTable[T]
	for tier := range asm {
		mr, nv, wide, lanes := asm[tier].mr, asm[tier].nv, asm[tier].wide, asm[tier].lanes
		if mr == 0 {
			mr, nv, wide, lanes = 4, 2, 0, 4 // the Generic tier, or no assembly
		}
		twin := supTier[T]{mr: mr, nv: nv, wide: wide, lanes: lanes}
		for v := range nv + min(wide, 1) {
			for r := 1; r <= twin.rows(v*lanes+1); r++ {
				twin.fn[v] = append(twin.fn[v], goSup[T](r))
			}
		}
		if wide > 0 {
			twin.stack = goSupStack[T](wide)
		}
		t.twins[tier] = twin
		t.kernels[tier] = twin
		if asm[tier].mr != 0 {
			t.kernels[tier] = asm[tier]
			t.kernels[tier].tier = cpu.Tier(tier)
		}
	}
	return &t
}

func supFor[T float]() *supTable[T] {
	return byType[T, supTable[T]](unsafe.Pointer(sup64), unsafe.Pointer(sup32))
}

// supRun runs tiles tiles of rows x cols (rows <= t.rows(cols), cols <=
// t.nr() or a wide strip's) through the unpacked kernel of that shape in t:
// for assembly kernels one direct call of the dispatcher (dsup, ssup), which
// jumps to the kernel (a call through the func value in t goes through an
// ABI wrapper that copies all the arguments again: about 3 ns of a 2x2
// product), for the pure-Go kernels a call through t. The arguments are the
// kernels' (see supFunc).
func supRun[T float](t *supTier[T], rows, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc int) {
	switch {
	case t.tier == cpu.Generic:
		t.width(cols)[rows-1](k, a, lda, b, ldb, c, ldc, alpha, cols, store, tiles, da, db, dc)
	case unsafe.Sizeof(alpha) == 8:
		dsup(k, (*float64)(unsafe.Pointer(a)), lda, (*float64)(unsafe.Pointer(b)), ldb, (*float64)(unsafe.Pointer(c)), ldc, float64(alpha), cols, store, tiles, da, db, dc, rows, int(t.tier))
	default:
		ssup(k, (*float32)(unsafe.Pointer(a)), lda, (*float32)(unsafe.Pointer(b)), ldb, (*float32)(unsafe.Pointer(c)), ldc, float32(alpha), cols, store, tiles, da, db, dc, rows, int(t.tier))
	}
}

// goSup returns the pure-Go unpacked kernel for rows rows.
func goSup[T float](rows int) supFunc[T] {
	return func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc int) {
		last := tiles - 1
		as := unsafe.Slice(a, last*da+(rows-1)*lda+k)
		bs := unsafe.Slice(b, last*db+(k-1)*ldb+cols)
		cs := unsafe.Slice(c, last*dc+(rows-1)*ldc+cols)
		for t := range tiles {
			supTile(as[t*da:], lda, bs[t*db:], ldb, cs[t*dc:], ldc, rows, k, alpha, cols, store)
		}
	}
}

// goSupStack returns the pure-Go stack-walking kernel for rows rows.
func goSupStack[T float](rows int) supStackFunc[T] {
	tile := goSup[T](rows)
	return func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc, count, sa, sb, sc int) {
		size := int(unsafe.Sizeof(alpha))
		for i := range count {
			ai := (*T)(unsafe.Add(unsafe.Pointer(a), i*sa*size))
			bi := (*T)(unsafe.Add(unsafe.Pointer(b), i*sb*size))
			ci := (*T)(unsafe.Add(unsafe.Pointer(c), i*sc*size))
			tile(k, ai, lda, bi, ldb, ci, ldc, alpha, cols, store, tiles, da, db, dc)
		}
	}
}

// supTile is one tile of goSup.
func supTile[T float](as []T, lda int, bs []T, ldb int, cs []T, ldc, rows, k int, alpha T, cols int, store bool) {
	var buf [64]T
	acc := buf[:cols]
	for i := range rows {
		clear(acc)
		for p, av := range as[i*lda : i*lda+k] {
			for j, bv := range bs[p*ldb : p*ldb+cols] {
				acc[j] += av * bv
			}
		}
		crow := cs[i*ldc : i*ldc+cols]
		for j, v := range acc {
			if store {
				crow[j] = alpha * v
			} else {
				crow[j] += alpha * v
			}
		}
	}
}

// supTall is the most rows of the tall one-vector kernels on AVX-512
// (_gen/sup.go's tallRows): a column of one vector's width and up to
// supTall rows is one tile, whose multiply-adds all overlap, not two
// tiles that run one after the other (BenchmarkSupTall, Zen 5, float32
// 12x12x12: 23-29 ns as one tile, 31 as two of 6 rows in one call).
const supTall = 12

// tall reports whether one tile of t holds m rows of cols columns: up to
// mr rows, or on AVX-512 up to supTall rows of one vector.
func (t *supTier[T]) tall(m, cols int) bool {
	return m <= t.mr || m <= supTall && cols <= t.lanes && t.tier == cpu.AVX512
}

// tinyMax bounds the shapes of the tiny kernels (dtiny, stiny): one tile
// of up to tinyMax rows, columns and depth, each shape with a body of its
// own, fully unrolled, on AVX-512. Dgemm and Sgemm send such products
// there; a 2x2 product then costs the call, the jump and a dozen
// instructions of arithmetic, not the loop, odd-k tail and tile step of
// the unpacked kernels.
const tinyMax = 8

// The unpacked path takes untransposed products up to supWork
// multiply-adds, and any with k <= supDepth (skinny in k: packing would
// copy as much as the product reads). BenchmarkSup, Zen 5, float64, one
// thread: unpacked over packed 1.33x at n = 32, 1.13x at 48 and 64.
const (
	supWork  = 64 * 64 * 64
	supDepth = 16
)

// useSup reports whether the unpacked path runs the product: a
// transposed operand is first copied untransposed (supT), which pays up to
// supTWork multiply-adds.
func useSup(tA, tB bool, m, n, k int) bool {
	if tA || tB {
		return m*n*k > smallWork && m*n*k <= supTWork
	}
	return m*n*k <= supWork || k <= supDepth
}

// supTWork bounds the transposed products the unpacked path takes: the
// copies are plain Go loops, and the packed path's assembly transposes win
// from n = 16 (BenchmarkSupTransposed, Zen 5, float64, one thread: n = 8
// unpacked 64-104 ns, packed 136-166; n = 12: 152-246 and 270-337;
// n = 16: 206-358 and 128-182).
const supTWork = 12 * 12 * 12

// scratch is a reusable buffer for the untransposed copies of supT.
type scratch[T float] struct{ buf []T }

var (
	scratch64 freeList[scratch[float64]]
	scratch32 freeList[scratch[float32]]
)

func scratchFor[T float]() *freeList[scratch[T]] {
	return byType[T, freeList[scratch[T]]](unsafe.Pointer(&scratch64), unsafe.Pointer(&scratch32))
}

// supT is sup for op(A) and op(B): a transposed operand (op(A) m x k,
// op(B) k x n) is copied row-major into a reused buffer first.
func supT[T float](t *supTier[T], tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !tA && !tB {
		sup(t, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	list := scratchFor[T]()
	s := list.get()
	s.buf = grow(s.buf, m*k+k*n)
	if tA {
		at := s.buf[:m*k]
		for p := range k {
			for i, v := range a[p*lda : p*lda+m] {
				at[i*k+p] = v
			}
		}
		a, lda = at, k
	}
	if tB {
		bt := s.buf[m*k : m*k+k*n]
		for j := range n {
			for p, v := range b[j*ldb : j*ldb+k] {
				bt[p*n+j] = v
			}
		}
		b, ldb = bt, n
	}
	sup(t, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	list.put(s)
}

// sup is the unpacked product C = alpha*A*B + beta*C for untransposed A
// and B, k > 0: tiles of mr rows by up to nv vectors of columns (or of
// wide rows in a wide strip), each column of them computed by one kernel
// call straight from A and B. Rows go in blocks
// whose slivers of A stay in L1 while the columns pass.
func sup[T float](t *supTier[T], m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if beta != 0 && beta != 1 {
		scale(c, ldc, 0, m, 0, n, beta)
	}
	store := beta == 0
	mr, nr := t.mr, t.nr()
	if m <= mr && n <= nr { // one tile
		supRun(t, m, k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, n, store, 1, 0, 0, 0)
		return
	}
	if m <= mr { // one row of tiles: one call for the full ones
		// Two vectors wide: three-vector tiles of 8 rows and k = 16 ran
		// 3-9% slower here (8x64 and 8x256 products, float64 and
		// float32), whose strips also left one-vector remainders.
		nr = min(nr, 2*t.lanes)
		full := n / nr
		if full > 0 {
			supRun(t, m, k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, nr, store, full, 0, nr, nr)
		}
		if j := full * nr; j < n {
			supRun(t, m, k, &a[0], lda, &b[j], ldb, &c[j], ldc, alpha, n-j, store, 1, 0, 0, 0)
		}
		return
	}
	var z T
	mb := m
	if size := int(unsafe.Sizeof(z)); m*k*size > supBlockBytes {
		mb = max(mr, supBlockBytes/(k*size)/mr*mr)
	}
	for ib := 0; ib < m; ib += mb {
		supBlock(t, min(m, ib+mb)-ib, n, k, alpha, a[ib*lda:], lda, b, ldb, store, c[ib*ldc:], ldc)
	}
}

// supBlock runs one row block of sup, rows [0, m) of A and C (m more
// than t.mr or n more than t.nr()), in column strips (strip), each its
// full tiles of t.rows(cols) rows in one call and the rows left in
// another.
// Batches of products whose A fits one row block call it for each
// matrix (viaBlock).
func supBlock[T float](t *supTier[T], m, n, k int, alpha T, a []T, lda int, b []T, ldb int, store bool, c []T, ldc int) {
	for j, cols := 0, 0; j < n; j += cols {
		cols = t.strip(n - j)
		mr := t.rows(cols)
		full := m / mr // mr is 8 or 4: a shift
		i := full * mr
		if full > 0 {
			supRun(t, mr, k, &a[0], lda, &b[j], ldb, &c[j], ldc, alpha, cols, store, full, mr*lda, 0, mr*ldc)
		}
		if i < m {
			supRun(t, m-i, k, &a[i*lda], lda, &b[j], ldb, &c[i*ldc+j], ldc, alpha, cols, store, 1, 0, 0, 0)
		}
	}
}

// strip is the width of the next column strip of the unpacked path when
// cols columns are left: all of them up to the widest tile of mr rows, or
// up to one vector more in a wide strip (tiles of t.wide rows), else the
// widest tile of mr rows, except that, without wide tiles, three
// vectors and one more go as two and two (a one-vector strip runs at a
// fraction of the multiply-add rate: it loads a row of B and broadcasts
// an element of A for every vector of multiply-adds).
func (t *supTier[T]) strip(cols int) int {
	nr := t.nr()
	switch {
	case cols <= nr || cols <= nr+t.lanes && t.wide > 0:
		return cols
	case cols <= nr+t.lanes && t.nv > 2:
		return 2 * t.lanes
	}
	return nr
}

// allWide reports whether n columns are all wide strips of t: strips of
// t.nr()+t.lanes columns, the last one more than t.nr() wide.
func (t *supTier[T]) allWide(n int) bool {
	if t.wide == 0 {
		return false
	}
	r := n % (t.nr() + t.lanes)
	return r == 0 || r > t.nr()
}

// rows is the most rows of t's tiles of cols columns: t.mr, or t.wide in a
// wide strip.
func (t *supTier[T]) rows(cols int) int {
	if cols > t.nr() {
		return t.wide
	}
	return t.mr
}

// supBlockBytes is how much of A one row block of the unpacked path
// holds: half of L1D.
var supBlockBytes = cpu.CacheSizes().L1D / 2
