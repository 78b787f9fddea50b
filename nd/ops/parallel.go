package ops

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// DefaultParallelThreshold is the number of elements from which operations
// split their work across goroutines unless SetParallelThreshold says
// otherwise: 1M elements (8 MiB of float64). Measured on the shared 2-core
// AMD EPYC this was written on (BenchmarkAdd and BenchmarkSum, -parallel
// against one goroutine): below about 1M elements splitting a float64 add
// or sum cost up to 2x (the goroutines wait on each other and on the cache
// a single core already fills); from 1M on it broke even, and at 4M it gained
// 1.2-1.3x. Machines with more cores and memory channels gain more.
const DefaultParallelThreshold = 1 << 20

var parThreshold atomic.Int64

func init() { parThreshold.Store(DefaultParallelThreshold) }

// minParallel is the least threshold SetParallelThreshold accepts: below
// it splitting never pays, and small operations skip even the atomic load.
const minParallel = 1024

// SetParallelThreshold sets the number of elements from which dense
// element-wise operations and whole-array reductions split their work
// across up to GOMAXPROCS goroutines (never below 1024), and returns the previous value so a
// caller can restore it. math.MaxInt turns splitting off.
//
//	defer ops.SetParallelThreshold(ops.SetParallelThreshold(math.MaxInt))
//
// Splitting never changes a result: element-wise work is cut into
// independent ranges, and sums are cut where their pairwise tree is cut.
// The goroutines cost a few small heap allocations per call, so the
// ...Into functions allocate nothing only below the threshold.
func SetParallelThreshold(elements int) int {
	return int(parThreshold.Swap(int64(max(elements, minParallel))))
}

// workers is how many goroutines an operation over n elements should use.
func workers(n int) int {
	if n < minParallel {
		return 1
	}
	t := parThreshold.Load()
	if int64(n) < t || t == math.MaxInt64 {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), int(int64(n)/(t/2))))
}

// parallelFor runs f over w ranges covering [0, n), the caller's goroutine
// taking the first. Cut points are multiples of 64 elements so that no two
// goroutines write the same cache line.
func parallelFor(n, w int, f func(lo, hi int)) {
	size := (n/w + 63) &^ 63
	var wg sync.WaitGroup
	for lo := size; lo < n; lo += size {
		wg.Go(func() { f(lo, min(lo+size, n)) })
	}
	f(0, min(size, n))
	wg.Wait()
}
