package ops

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// DefaultParallelThreshold is the number of elements from which operations
// split their work across goroutines unless SetParallelThreshold says
// otherwise. It was measured on a 2-core AMD EPYC (see bench_test.go):
// below about this size the cost of starting and joining goroutines
// (a few microseconds) exceeds what a second core saves on a float64 add.
const DefaultParallelThreshold = 1 << 18

var parThreshold atomic.Int64

func init() { parThreshold.Store(DefaultParallelThreshold) }

// SetParallelThreshold sets the number of elements from which dense
// element-wise operations and whole-array reductions split their work
// across up to GOMAXPROCS goroutines, and returns the previous value so a
// caller can restore it. math.MaxInt turns splitting off.
//
//	defer ops.SetParallelThreshold(ops.SetParallelThreshold(math.MaxInt))
//
// Splitting never changes a result: element-wise work is cut into
// independent ranges, and sums are cut where their pairwise tree is cut.
// The goroutines cost a few small heap allocations per call, so the
// ...Into functions allocate nothing only below the threshold.
func SetParallelThreshold(elements int) int {
	return int(parThreshold.Swap(int64(max(elements, 1))))
}

// workers is how many goroutines an operation over n elements should use.
func workers(n int) int {
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
