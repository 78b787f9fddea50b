package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numgo/numgo/internal/cpu"
)

// TestSupDispatch calls the dispatchers dsup and ssup directly, for each
// tier with unpacked kernels, every row count and width and several tiles
// with batch strides (on AVX-512 also the tall one-vector kernels, up to
// supTall rows, and the wide strips' tiles of 4 vectors), and compares C,
// gaps included, with the pure-Go kernels of the same shapes. A wrong jump
// (row count, width or tier) changes rows or columns of the result or the
// gaps.
func TestSupDispatch(t *testing.T) {
	for _, tier := range cpu.Tiers() {
		if tier == cpu.Generic {
			continue
		}
		testSupDispatch(t, tier, &sup64.twins[tier], 1e-15, func(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64, cols int, store bool, tiles, da, db, dc, rows int) {
			dsup(k, a, lda, b, ldb, c, ldc, alpha, cols, store, tiles, da, db, dc, rows, int(tier))
		})
		testSupDispatch(t, tier, &sup32.twins[tier], 1e-6, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, cols int, store bool, tiles, da, db, dc, rows int) {
			ssup(k, a, lda, b, ldb, c, ldc, alpha, cols, store, tiles, da, db, dc, rows, int(tier))
		})
	}
}

// uniform returns n values drawn by rng from [-1, 1).
func uniform[T float](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*rng.Float64() - 1)
	}
	return s
}

// stores are the epilogues the kernel tests run: adding to C and
// overwriting it, each with alpha 1 (the kernels skip the scaling) and
// 1.5.
var stores = []struct {
	alpha float32
	store bool
}{{1, false}, {1, true}, {1.5, false}, {1.5, true}}

func testSupDispatch[T float](t *testing.T, tier cpu.Tier, twin *supTier[T], eps float64,
	run func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc, rows int)) {
	rng := rand.New(rand.NewPCG(7, uint64(tier)))
	fill := func(n int) []T { return uniform[T](rng, n) }
	const tiles = 3
	maxRows := twin.mr
	if tier == cpu.AVX512 {
		maxRows = supTall // the tall one-vector kernels
	}
	// k = 5 runs the unrolled loop once and the tail once, k = 9 twice
	// and once (the spread rows' loads advance with the loop).
	for _, k := range []int{5, 9} {
		testSupDepth(t, tier, twin, eps, run, fill, k, tiles, maxRows)
	}
}

func testSupDepth[T float](t *testing.T, tier cpu.Tier, twin *supTier[T], eps float64,
	run func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc, rows int),
	fill func(int) []T, k, tiles, maxRows int) {
	maxCols := twin.nr()
	if twin.wide > 0 {
		maxCols += twin.lanes // the wide strips' tiles
	}
	for rows := 1; rows <= maxRows; rows++ {
		for cols := 1; cols <= maxCols; cols++ {
			if cols > twin.lanes && rows > twin.rows(cols) {
				break // two vectors: at most mr rows; a wide strip: wide
			}
			for _, st := range stores {
				lda, ldb, ldc := k+1, cols+2, cols+3
				da, db, dc := rows*lda+1, k*ldb, rows*ldc+2
				a, b := fill(tiles*da+rows*lda), fill(tiles*db+k*ldb)
				got := fill(tiles*dc + rows*ldc)
				want := append([]T(nil), got...)
				run(k, &a[0], lda, &b[0], ldb, &got[0], ldc, T(st.alpha), cols, st.store, tiles, da, db, dc, rows)
				goSup[T](rows)(k, &a[0], lda, &b[0], ldb, &want[0], ldc, T(st.alpha), cols, st.store, tiles, da, db, dc)
				name := fmt.Sprintf("%s %T rows=%d cols=%d k=%d alpha=%v store=%v", tier, T(0), rows, cols, k, T(st.alpha), st.store)
				for i := range got {
					if d := math.Abs(float64(got[i] - want[i])); d > eps*float64(4*k) {
						t.Fatalf("%s: C[%d] = %v, the Go kernel gives %v", name, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestTiny calls the tiny kernels' dispatchers (dtiny, stiny) for every
// shape they hold, rows, columns and depth 1..tinyMax, adding to C and
// overwriting it, with row strides past the operands' widths, and
// compares C, the gaps between its rows and past its end included, with
// the pure-Go kernel. The operands are small integers, so every sum is
// exact and the results must agree bit for bit; a wrong jump (width,
// rows or depth) changes rows, columns or the gaps.
func TestTiny(t *testing.T) {
	if !slices.Contains(cpu.Tiers(), cpu.AVX512) {
		t.Skip("this CPU has no AVX-512: the tiny kernels do not run here")
	}
	testTiny(t, dtiny)
	testTiny(t, stiny)
}

func testTiny[T float](t *testing.T, tiny func(a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, rows, k int)) {
	rng := rand.New(rand.NewPCG(11, 3))
	fill := func(n int) []T {
		s := make([]T, n)
		for i := range s {
			s[i] = T(rng.IntN(9) - 4)
		}
		return s
	}
	for rows := 1; rows <= tinyMax; rows++ {
		for cols := 1; cols <= tinyMax; cols++ {
			for k := 1; k <= tinyMax; k++ {
				for _, st := range stores {
					lda, ldb, ldc := k+1, cols+2, cols+3
					a, b := fill(rows*lda), fill(k*ldb)
					got := fill(rows*ldc + 1)
					want := slices.Clone(got)
					tiny(&a[0], lda, &b[0], ldb, &got[0], ldc, T(st.alpha), cols, st.store, rows, k)
					goSup[T](rows)(k, &a[0], lda, &b[0], ldb, &want[0], ldc, T(st.alpha), cols, st.store, 1, 0, 0, 0)
					if i := slices.Compare(got, want); i != 0 {
						t.Fatalf("%T rows=%d cols=%d k=%d alpha=%v store=%v: C = %v, the Go kernel gives %v", T(0), rows, cols, k, T(st.alpha), st.store, got, want)
					}
				}
			}
		}
	}
}

// TestSupStack calls the stack-walking kernels of the tiers with wide
// tiles for every wide width, one to three matrices of one to three
// tiles, with gaps between rows, tiles and matrices, B shared (sb = 0)
// and not, and as the strips of one matrix (sa = 0), and compares C, gaps
// included, with their pure-Go twins.
func TestSupStack(t *testing.T) {
	for _, tier := range cpu.Tiers() {
		testSupStack(t, tier, &sup64.kernels[tier], &sup64.twins[tier], 1e-15)
		testSupStack(t, tier, &sup32.kernels[tier], &sup32.twins[tier], 1e-6)
	}
}

func testSupStack[T float](t *testing.T, tier cpu.Tier, kern, twin *supTier[T], eps float64) {
	if kern.wide == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(9, uint64(tier)))
	fill := func(n int) []T { return uniform[T](rng, n) }
	rows, k := kern.wide, 9
	for cols := kern.nr() + 1; cols <= kern.nr()+kern.lanes; cols++ {
		for count := 1; count <= 3; count++ {
			for tiles := 1; tiles <= 3; tiles++ {
				for layout := range 3 {
					lda, ldb, ldc := k+1, cols+2, cols+3
					da, db, dc := rows*lda+1, 0, rows*ldc+2
					sa, sb, sc := tiles*da+3, k*ldb+1, tiles*dc+5
					switch layout {
					case 1: // B shared
						sb = 0
					case 2: // the strips of one matrix
						ldc = 2*cols + 1
						sa, sb, sc, dc = 0, cols, cols, rows*ldc
					}
					a, b := fill(count*sa+tiles*da+rows*lda), fill(count*sb+k*ldb+cols)
					for _, st := range stores {
						got := fill(count*sc + tiles*dc + rows*ldc)
						want := append([]T(nil), got...)
						kern.stack(k, &a[0], lda, &b[0], ldb, &got[0], ldc, T(st.alpha), cols, st.store, tiles, da, db, dc, count, sa, sb, sc)
						twin.stack(k, &a[0], lda, &b[0], ldb, &want[0], ldc, T(st.alpha), cols, st.store, tiles, da, db, dc, count, sa, sb, sc)
						name := fmt.Sprintf("%s %T cols=%d count=%d tiles=%d layout=%d alpha=%v store=%v", tier, T(0), cols, count, tiles, layout, T(st.alpha), st.store)
						for i := range got {
							if d := math.Abs(float64(got[i] - want[i])); d > eps*float64(4*k) {
								t.Fatalf("%s: C[%d] = %v, the Go kernel gives %v", name, i, got[i], want[i])
							}
						}
					}
				}
			}
		}
	}
}
