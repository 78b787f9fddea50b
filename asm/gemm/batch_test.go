package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numgo/numgo/internal/cpu"
)

// TestBatched checks DgemmBatched and SgemmBatched against one Dgemm per
// matrix over every tier, transposes, broadcast (stride 0) operands, gaps
// between matrices, the stacked shortcut and one and two threads.
func TestBatched(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	shapes := [][3]int{{1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}, {5, 7, 3}, {8, 8, 8}, {16, 16, 16}, {19, 13, 6}, {17, 9, 33}, {16, 40, 70}, {20, 56, 9}, {32, 32, 32}, {13, 28, 20}, {30, 60, 10}, {22, 60, 12}, {64, 64, 64}, {17, 120, 10}, {3, 0, 2}, {4, 5, 0}}
	for _, tier := range cpu.Tiers() {
		for i, sz := range shapes {
			for tr := range 4 {
				for _, nt := range []int{1, 2} {
					m, n, k := sz[0], sz[1], sz[2]
					tA, tB := tr&1 != 0, tr&2 != 0
					count := 1 + rng.IntN(600)
					if m*n*k > 1000 {
						count = 1 + rng.IntN(12)
					}
					shareB, gap := i%3 == 0, i%2
					name := fmt.Sprintf("%s/%dx%dx%d/tA=%v/tB=%v/count=%d/shareB=%v/threads=%d", tier, m, n, k, tA, tB, count, shareB, nt)
					testBatch[float64](t, name, tier, rng, nt, tA, tB, m, n, k, count, shareB, gap, 1e-14)
					testBatch[float32](t, name, tier, rng, nt, tA, tB, m, n, k, count, shareB, gap, 1e-5)
				}
			}
		}
	}
}

// TestBatchedParallel runs a batch big enough to be split over two
// goroutines.
func TestBatchedParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	count := batchWork/(16*40*70) + 3
	testBatch[float64](t, "parallel", cpu.Current(), rng, 2, false, false, 16, 40, 70, count, false, 1, 1e-14)
	testBatch[float32](t, "parallel/tB", cpu.Current(), rng, 2, false, true, 16, 40, 70, count, true, 0, 1e-5)
}

// TestBatchedGroups runs stacks of small matrices (viaRows) in groups of
// two and three matrices, so that a stack ends in a part group, beta 0
// and not.
func TestBatchedGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	defer func(b int) { rowsGroupBytes = b }(rowsGroupBytes)
	for _, sz := range [][3]int{{16, 16, 16}, {19, 13, 6}, {20, 56, 9}, {12, 12, 12}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, group := range []int{2, 3} {
			for _, count := range []int{7, 8} {
				name := fmt.Sprintf("%dx%dx%d/group=%d/count=%d", m, n, k, group, count)
				rowsGroupBytes = group * (m*k + k*n + m*n) * 8
				testBatch[float64](t, name, cpu.Current(), rng, 1, false, false, m, n, k, count, false, count%2, 1e-14)
				rowsGroupBytes = group * (m*k + k*n + m*n) * 4
				testBatch[float32](t, name, cpu.Current(), rng, 1, false, false, m, n, k, count, false, count%2, 1e-5)
			}
		}
	}
}

// TestBatchedWideTwins runs stacks in wide strips (viaWide: one call of
// the stack-walking kernel a strip) through the pure-Go twins of the
// AVX-512 kernels, on any machine: full tiles and rows left over, one
// strip and two, the last one narrower, B shared and not.
func TestBatchedWideTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	tier := cpu.Current()
	defer func(k64 supTier[float64], k32 supTier[float32]) {
		sup64.kernels[tier], sup32.kernels[tier] = k64, k32
	}(sup64.kernels[tier], sup32.kernels[tier])
	sup64.kernels[tier], sup32.kernels[tier] = sup64.twins[cpu.AVX512], sup32.twins[cpu.AVX512]
	for i, sz := range [][3]int{{32, 32, 32}, {22, 60, 12}, {64, 64, 64}, {13, 57, 9}, {17, 120, 10}, {16, 64, 20}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, count := range []int{1, 4, 5} {
			name := fmt.Sprintf("twins/%dx%dx%d/count=%d", m, n, k, count)
			testBatch[float64](t, name, tier, rng, 1, false, false, m, n, k, count, i%2 == 0, count%2, 1e-14)
			testBatch[float32](t, name, tier, rng, 1, false, false, m, n, k, count, i%2 == 1, count%2, 1e-5)
		}
	}
}

func testBatch[T float](t *testing.T, name string, tier cpu.Tier, rng *rand.Rand, nt int, tA, tB bool, m, n, k, count int, shareB bool, gap int, tol float64) {
	t.Helper()
	rowsA, colsA, rowsB, colsB := stored(tA, tB, m, n, k)
	lda, ldb, ldc := max(1, colsA), max(1, colsB)+gap, max(1, n)
	sa, sb, sc := rowsA*lda+gap, rowsB*ldb, m*ldc
	if shareB {
		sb = 0
	}
	fill := func(l int) []T { return uniform[T](rng, l) }
	a, b, c := fill(count*sa+rowsA*lda), fill(count*sb+rowsB*ldb), fill(count*sc+m*ldc)
	want := append([]T(nil), c...)
	alpha, beta := T(1.5), T(-0.5)
	if count%2 == 0 {
		beta = 0 // C is overwritten, not read
	}
	for i := range count {
		small(tA, tB, m, n, k, alpha, a[i*sa:], lda, b[i*sb:], ldb, beta, want[i*sc:], ldc)
	}
	defer cpu.SetTier(cpu.SetTier(tier))
	batched(nt, tA, tB, m, n, k, count, alpha, a, lda, sa, b, ldb, sb, beta, c, ldc, sc)
	for i := range c {
		if math.Abs(float64(c[i]-want[i])) > tol*float64(k+2) {
			t.Fatalf("%s: element %d = %v, want %v", name, i, c[i], want[i])
		}
	}
}

func TestBatchedPanics(t *testing.T) {
	a := make([]float64, 32)
	for name, f := range map[string]func(){
		"negative stride": func() { DgemmBatched(1, false, false, 2, 2, 2, 2, 1, a, 2, -4, a, 2, 4, 0, a, 2, 4) },
		"short C":         func() { DgemmBatched(1, false, false, 2, 2, 2, 9, 1, a, 2, 0, a, 2, 0, 0, a, 2, 4) },
	} {
		mustPanic(t, name, f)
	}
}

func TestBatchedZeroAllocs(t *testing.T) {
	const n, count = 4, 5000
	a, b, c := make([]float64, count*n*n), make([]float64, count*n*n), make([]float64, count*n*n)
	for _, nt := range []int{1, 2} {
		if got := testing.AllocsPerRun(10, func() { DgemmBatched(nt, false, false, n, n, n, count, 1, a, n, n*n, b, n, n*n, 0, c, n, n*n) }); got != 0 {
			t.Errorf("DgemmBatched on %d threads: %v allocations per call", nt, got)
		}
	}
}
