package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// task is one GEMM call split over goroutines: run(tid) does thread tid's
// share, done() reports it finished (releasing the WaitGroup passed to
// runParallel first), pending() counts the threads not yet done.
type task interface {
	run(tid int)
	done()
	pending() int
}

// job hands thread tid of a task to a worker.
type job struct {
	t   task
	tid int
}

// worker is a persistent goroutine that runs jobs sent on its channel.
type worker struct{ jobs chan job }

// workers is the pool of idle workers. A call takes the workers it needs
// and each puts itself back before reporting done, so a steady stream of
// calls reuses the same goroutines and allocates nothing; concurrent calls
// that find the pool empty start new workers, which then stay.
var workers struct {
	mu   sync.Mutex
	idle []*worker
}

func getWorker() *worker {
	workers.mu.Lock()
	if n := len(workers.idle); n > 0 {
		w := workers.idle[n-1]
		workers.idle = workers.idle[:n-1]
		workers.mu.Unlock()
		return w
	}
	workers.mu.Unlock()
	w := &worker{jobs: make(chan job, 1)}
	go w.loop()
	return w
}

func (w *worker) loop() {
	for {
		// Back-to-back calls are common (a loop of products): spin a while
		// for the next job before parking, since waking a parked goroutine
		// costs more than a small product.
		spin(func() bool { return len(w.jobs) > 0 }, idleSpin)
		j := <-w.jobs
		j.t.run(j.tid)
		workers.mu.Lock()
		workers.idle = append(workers.idle, w)
		workers.mu.Unlock()
		j.t.done()
	}
}

// idleSpin is how long an idle worker, or a caller waiting for its
// workers, spins before it parks.
const idleSpin = 50 * time.Microsecond

// spin polls cond until it holds or budget has passed, and reports
// whether it held. For the first yieldAfter it polls without yielding:
// a thread waiting for a sibling that runs on another P must not hand its
// own P to the scheduler, which can then run both goroutines on one P by
// turns. Past that the sibling is likely descheduled (more threads than
// Ps, or a busy machine) and it yields at every poll.
func spin(cond func() bool, budget time.Duration) bool {
	start := time.Now()
	for i := 1; ; i++ {
		if cond() {
			return true
		}
		if i%64 == 0 {
			elapsed := time.Since(start)
			if elapsed > budget {
				return false
			}
			if elapsed > yieldAfter {
				runtime.Gosched()
			}
		}
	}
}

// yieldAfter is how long spin polls before it starts yielding.
const yieldAfter = 20 * time.Microsecond

// runParallel runs t on nt threads: threads 1..nt-1 on pooled workers and
// thread 0 on the caller's goroutine. The caller waits for the others
// through wg, which done() must release.
func runParallel(t task, nt int, wg *sync.WaitGroup) {
	wg.Add(nt - 1)
	for tid := 1; tid < nt; tid++ {
		getWorker().jobs <- job{t, tid}
	}
	t.run(0)
	// The other threads usually finish within microseconds of this one:
	// spin a little before parking, as the workers do.
	spin(func() bool { return t.pending() == 0 }, idleSpin)
	wg.Wait()
}

// barrier is a reusable spinning barrier for the threads of one call. The
// wait between two packed panels is short, so spinning (yielding to the Go
// scheduler after a while) beats parking.
type barrier struct {
	n       int32
	arrived atomic.Int32
	gen     atomic.Uint32
}

func (b *barrier) reset(n int) {
	b.n = int32(n)
	b.arrived.Store(0)
}

func (b *barrier) wait() {
	g := b.gen.Load()
	if b.arrived.Add(1) == b.n {
		b.arrived.Store(0)
		b.gen.Add(1)
		return
	}
	for !spin(func() bool { return b.gen.Load() != g }, time.Second) {
	}
}

// freeList keeps released call contexts (with their packing buffers) for
// reuse; it holds at most a few, enough for the calls that run at once.
type freeList[T any] struct {
	mu    sync.Mutex
	items []*T
}

const maxFree = 8

func (l *freeList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.items); n > 0 {
		x := l.items[n-1]
		l.items = l.items[:n-1]
		return x
	}
	return new(T)
}

func (l *freeList[T]) put(x *T) {
	l.mu.Lock()
	if len(l.items) < maxFree {
		l.items = append(l.items, x)
	}
	l.mu.Unlock()
}

// align is the alignment of packing buffers: a cache line, and a zmm
// register's width.
const align = 64

// grow returns buf resliced to n elements if its capacity allows, or a new
// buffer of n elements starting on a 64-byte boundary.
func grow[T float](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	var z T
	size := int(unsafe.Sizeof(z))
	s := make([]T, n+align/size)
	off := int(-uintptr(unsafe.Pointer(unsafe.SliceData(s))) % align / uintptr(size))
	return s[off : off+n : off+n]
}
