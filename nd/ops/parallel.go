package ops

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/numgo/numgo/nd"
)

// DefaultParallelThreshold is the number of elements from which operations
// split their work across goroutines unless SetParallelThreshold says
// otherwise: 1Mi elements (8 MiB of float64) for memory-bound work; the
// math kernels split from 64Ki (see SetParallelThreshold). Measured on this
// project's 2-core AMD EPYC VM, one goroutine's time over two
// (bench/cmd/reduce -sections cores, float64): Add and Mul 0.9-1.4x at
// 1Mi, 1.5-1.8x at 4Mi, 1.9x at 16Mi (below 1Mi they lose up to 2x); Exp
// 1.05-1.1x at 64Ki and 1.5-1.9x from 256Ki; Sin and Sigmoid 1.1-1.4x at
// 16Ki and 1.8-2.0x from 256Ki.
const DefaultParallelThreshold = 1 << 20

var parThreshold atomic.Int64

func init() { parThreshold.Store(DefaultParallelThreshold) }

// minParallel is the least threshold SetParallelThreshold accepts: below
// it splitting never pays, and small operations skip even the atomic load.
const minParallel = 1024

// SetParallelThreshold sets the number of elements from which operations
// split their work across up to GOMAXPROCS goroutines (never below 1024),
// and returns the previous value so a caller can restore it. math.MaxInt
// turns splitting off; GOMAXPROCS (the environment variable or
// runtime.GOMAXPROCS) caps the goroutines.
//
//	defer ops.SetParallelThreshold(ops.SetParallelThreshold(math.MaxInt))
//
// The threshold counts elements of memory-bound work: element-wise
// arithmetic, Sqrt and the roundings, whole-array reductions and
// reductions along the last axis. The math kernels (Exp, Log, Sin, Tanh,
// Sigmoid, ...) cost many times a memory access an element and split from
// a sixteenth of it (64Ki elements by default); reductions along another
// axis (SumAxis along axis 0 of a matrix) from 4 times it.
//
// The work is cut into pieces (about 8 a goroutine) that the caller and
// helper goroutines take in turn. The caller takes pieces itself from the
// start, so a split never waits for a helper that is late, or whose core
// is busy with another program: it then runs about as fast as on one
// goroutine. Helpers keep looking for work for 100 µs after a split
// before they park (waking a parked one takes 30 µs or more on a VM), so
// back-to-back operations find them awake. Only one operation is split at
// a time; one that comes meanwhile runs on its caller.
//
// Splitting never changes a result: element-wise work is cut into
// independent ranges, sums are cut where their pairwise tree is cut, and
// each output of an axis reduction is computed whole by one goroutine.
// A split costs a few small heap allocations, so the ...Into functions
// allocate nothing only below the threshold.
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

// parallelFor runs f over ranges covering [0, n) on the caller's goroutine
// and up to w-1 helpers (see share). Cut points are multiples of 64
// elements so that no two goroutines write the same cache line.
func parallelFor(n, w int, f func(lo, hi int)) {
	share(n, pieces(n, w), w, f)
}

// pieces is parallelFor's piece: about chunksPerWorker a goroutine, a
// multiple of 64.
func pieces(n, w int) int { return max(64, (n/(w*chunksPerWorker)+63)&^63) }

// heavyWeight multiplies the elements of a compute-bound kernel (Exp,
// Sin, Sigmoid and the other math kernels but Sqrt and the roundings)
// before workers compares them with the threshold: each element costs
// several times a memory access, so the split pays from fewer elements
// (measured: Sin and Sigmoid from 16Ki elements, Exp from 64Ki, Add, Mul
// and Sqrt from 256Ki-1Mi; see ARCHITECTURE.md, "Two cores").
const heavyWeight = 16

// weightOf is how many memory accesses an element of kernel k weighs for
// workers: heavyWeight for the math kernels but the cheap ones, else 1.
func weightOf[T nd.Number, K any](k *K) int {
	if m, ok := any(k).(*mathOp[T]); ok && !m.cheap { // a pointer to a concrete type: nothing escapes
		return heavyWeight
	}
	return 1
}

// columnarWeight divides the elements of a reduction along a non-last
// axis (Sum along axis 0) before workers compares them with the
// threshold: each goroutine reads its columns of every row, and measured
// it pays only from about 4 times the threshold.
const columnarWeight = 4

// chunksPerWorker is how many pieces share cuts the work into per
// goroutine: enough that a helper that starts late, or whose core is
// busy, leaves its pieces to the others, few enough that taking one costs
// nothing beside its work.
const chunksPerWorker = 8

// spinFor is how long a helper keeps looking for the next piece of work
// before it parks: a parked helper takes 30 µs or more to wake on this
// project's VMs (futex, then the host wakes the idle vCPU), longer than
// the work of a split operation near the threshold, so back-to-back
// operations find it awake.
const spinFor = 100 * time.Microsecond

// job is one split operation: f over [0, n) in pieces of chunk.
type job struct {
	f        func(lo, hi int)
	n, chunk int
	seq      uint64       // the job's number, from 1
	next     atomic.Int64 // start of the next piece to take
	left     atomic.Int64 // elements not yet done
	done     chan struct{}
}

// work takes pieces of j until none is left.
func (j *job) work() {
	for {
		lo := int(j.next.Add(int64(j.chunk))) - j.chunk
		if lo >= j.n {
			return
		}
		hi := min(lo+j.chunk, j.n)
		j.f(lo, hi)
		if j.left.Add(int64(lo-hi)) == 0 {
			close(j.done)
		}
	}
}

// helper is a goroutine that takes pieces of the current job.
type helper struct {
	parked atomic.Bool
	wake   chan struct{}
}

var (
	current   atomic.Pointer[job] // the job being shared; nil when none
	jobs      atomic.Uint64       // jobs shared so far
	helpersMu sync.Mutex
	helpers   atomic.Pointer[[]*helper]
)

// loop is a helper's life: take pieces of every new job, spin for spinFor
// after the last, then park until share wakes it.
func (h *helper) loop() {
	var last uint64 // the seq of the last job worked on: no pointer is kept
	for {
		since := time.Now()
		for i := 1; ; i++ {
			if j := current.Load(); j != nil && j.seq != last {
				last = j.seq
				j.work()
				since = time.Now()
				continue
			}
			if i%64 == 0 {
				if time.Since(since) > spinFor {
					break
				}
				runtime.Gosched()
			}
		}
		h.parked.Store(true)
		if j := current.Load(); j != nil && j.seq != last {
			h.parked.Store(false)
			continue
		}
		<-h.wake
	}
}

// helpersFor returns at least k helpers (fewer only while GOMAXPROCS is
// lower), starting the missing ones.
func helpersFor(k int) []*helper {
	if hs := helpers.Load(); hs != nil && len(*hs) >= k {
		return *hs
	}
	helpersMu.Lock()
	defer helpersMu.Unlock()
	var hs []*helper
	if p := helpers.Load(); p != nil {
		hs = *p
	}
	for len(hs) < k {
		h := &helper{wake: make(chan struct{}, 1)}
		hs = append(hs, h)
		go h.loop()
	}
	helpers.Store(&hs)
	return hs
}

// share runs f over [0, n) in pieces of chunk, taken in order by the
// caller's goroutine and up to w-1 helpers. The caller takes pieces from
// the start, so an operation never waits for a helper that has not
// started (a parked one, or one whose core is busy): at worst it runs on
// the caller alone, plus the piece a helper took. Only one operation is
// shared at a time; another that comes meanwhile (from another goroutine,
// or from f itself) runs on its caller alone, the cores being busy.
func share(n, chunk, w int, f func(lo, hi int)) {
	if w <= 1 || n <= chunk {
		f(0, n)
		return
	}
	j := &job{f: f, n: n, chunk: chunk, seq: jobs.Add(1), done: make(chan struct{})}
	j.left.Store(int64(n))
	if !current.CompareAndSwap(nil, j) {
		f(0, n)
		return
	}
	for _, h := range helpersFor(w - 1)[:w-1] {
		if h.parked.Swap(false) {
			select {
			case h.wake <- struct{}{}:
			default:
			}
		}
	}
	j.work()
	current.Store(nil)
	for i := 0; j.left.Load() != 0; i++ {
		if i == 1<<10 {
			<-j.done
			break
		}
	}
}
