package mem_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// tsPeer is one allocator in the ThreadSafe benchmarks: get and put a
// buffer of tsBenchSize bytes, put possibly on another goroutine.
type tsPeer struct {
	name string
	make func(b *testing.B) (get func() []byte, put func([]byte), done func())
}

const tsBenchSize = 1024

func tsPeers() []tsPeer {
	fail := func(b *testing.B, err error) {
		if err != nil {
			b.Error(err)
			runtime.Goexit()
		}
	}
	return []tsPeer{
		{"ThreadSafe", func(b *testing.B) (func() []byte, func([]byte), func()) {
			ts := mem.NewThreadSafe()
			return func() []byte {
					buf, err := ts.Alloc(tsBenchSize, 8)
					fail(b, err)
					return buf
				}, func(buf []byte) { fail(b, ts.Free(buf)) }, func() {
					if err := mem.CheckLeaks(ts); err != nil {
						b.Error(err)
					}
					ts.Close()
				}
		}},
		// The arena's own mutex serializes every call; a full arena is
		// Reset (its Free gives space back only for the latest block).
		{"Arena(mutex)", func(b *testing.B) (func() []byte, func([]byte), func()) {
			a, err := mem.NewArena(64 << 20)
			fail(b, err)
			return func() []byte {
					buf, err := a.Alloc(tsBenchSize, 8)
					if err != nil {
						a.Reset()
						buf, err = a.Alloc(tsBenchSize, 8)
						fail(b, err)
					}
					return buf
				}, func(buf []byte) {
					a.Free(buf) // fails for blocks from before a Reset: the peer's limit, not an error here
				}, func() { a.Close() }
		}},
		// sync.Pool holds the buffers' first bytes (a pointer fits in an
		// interface without allocating), its cheapest use.
		{"sync.Pool", func(b *testing.B) (func() []byte, func([]byte), func()) {
			var p sync.Pool
			return func() []byte {
					if ptr, ok := p.Get().(*byte); ok {
						return unsafe.Slice(ptr, tsBenchSize)
					}
					return make([]byte, tsBenchSize)
				}, func(buf []byte) {
					p.Put(unsafe.SliceData(buf))
				}, func() {}
		}},
		{"make", func(b *testing.B) (func() []byte, func([]byte), func()) {
			return func() []byte {
				buf := make([]byte, tsBenchSize)
				sink = buf
				return buf
			}, func([]byte) {}, func() {}
		}},
	}
}

// tsGoroutines is 1, 2 and GOMAXPROCS when it is larger.
func tsGoroutines() []int {
	gs := []int{1, 2}
	if p := runtime.GOMAXPROCS(0); p > 2 {
		gs = append(gs, p)
	}
	return gs
}

const (
	tsBatch = 64      // buffers handed between goroutines at once
	tsOps   = 1 << 15 // buffers allocated and freed per timed run
)

// tsPattern runs tsOps allocations and frees on g goroutines.
type tsPattern func(get func() []byte, put func([]byte), g int)

// tsLocal: each goroutine allocates a buffer, writes a byte and frees it.
func tsLocal(get func() []byte, put func([]byte), g int) {
	tsGo(g, func(int) {
		for i := range tsOps / g {
			buf := get()
			buf[i&(tsBenchSize-1)] = 1
			put(buf)
		}
	})
}

// tsLarson: goroutines in a ring each allocate a batch, pass it to the
// next and free the batch the previous one passed on: every buffer is
// freed on another goroutine than its own.
func tsLarson(get func() []byte, put func([]byte), g int) {
	ring := make([]chan [][]byte, g)
	for i := range ring {
		ring[i] = make(chan [][]byte, 1)
	}
	tsGo(g, func(me int) {
		for range tsOps / g / tsBatch {
			batch := make([][]byte, tsBatch)
			for i := range batch {
				batch[i] = get()
				batch[i][0] = 1
			}
			ring[(me+1)%g] <- batch
			for _, buf := range <-ring[me] {
				put(buf)
			}
		}
	})
}

// tsProdCons: half the goroutines allocate batches, the other half free
// what they receive.
func tsProdCons(get func() []byte, put func([]byte), g int) {
	pipe := make(chan [][]byte, 4)
	pairs := max(g/2, 1)
	tsGo(2*pairs, func(me int) {
		for range tsOps / pairs / tsBatch {
			if me < pairs {
				batch := make([][]byte, tsBatch)
				for i := range batch {
					batch[i] = get()
					batch[i][0] = 1
				}
				pipe <- batch
				continue
			}
			for _, buf := range <-pipe {
				put(buf)
			}
		}
	})
}

// tsGo runs body(0..g-1) on g goroutines and waits for them.
func tsGo(g int, body func(me int)) {
	var wg sync.WaitGroup
	for me := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(me)
		}()
	}
	wg.Wait()
}

// BenchmarkThreadSafe measures allocation throughput side by side: each
// iteration is one round in which every peer runs the pattern at every
// goroutine count in turn (interleaved, so that a busy spell of a shared
// machine falls on all alike); the fastest round of each is reported as
// ns per buffer allocated and freed (all goroutines together, so the ratio
// of two is the ratio of throughputs), with ThreadSafe's advantage over
// each peer ("x-vs-peer" > 1: ThreadSafe faster) and each peer's speed-up
// over one goroutine. Patterns: local, larson and prodcons (see tsLocal,
// tsLarson, tsProdCons) at 1 (local only), 2 and GOMAXPROCS goroutines.
// Peers: mem.Arena behind its mutex, sync.Pool, make. Run with
// -benchtime=Nx for N rounds.
func BenchmarkThreadSafe(b *testing.B) {
	patterns := []struct {
		name string
		run  tsPattern
		gs   []int
	}{
		{"local", tsLocal, tsGoroutines()},
		{"larson", tsLarson, tsGoroutines()[1:]},
		{"prodcons", tsProdCons, tsGoroutines()[1:]},
	}
	for _, pat := range patterns {
		b.Run(pat.name, func(b *testing.B) {
			peers := tsPeers()
			type arm struct {
				get  func() []byte
				put  func([]byte)
				best []float64 // per goroutine count
			}
			arms := make([]arm, len(peers))
			for i, p := range peers {
				get, put, done := p.make(b)
				defer done()
				arms[i] = arm{get: get, put: put, best: make([]float64, len(pat.gs))}
			}
			for n := 0; b.Loop(); n++ {
				for k, g := range pat.gs {
					for i := range arms {
						start := time.Now()
						pat.run(arms[i].get, arms[i].put, g)
						ns := float64(time.Since(start).Nanoseconds()) / tsOps
						if n == 0 || ns < arms[i].best[k] {
							arms[i].best[k] = ns
						}
					}
				}
			}
			for k, g := range pat.gs {
				for i, p := range peers {
					b.ReportMetric(arms[i].best[k], fmt.Sprintf("%s@g=%d-ns/alloc", p.name, g))
					if i > 0 {
						b.ReportMetric(arms[i].best[k]/arms[0].best[k], fmt.Sprintf("x-vs-%s@g=%d", p.name, g))
					}
					if k > 0 {
						b.ReportMetric(arms[i].best[0]/arms[i].best[k], fmt.Sprintf("%s-speedup@g=%d/g=%d", p.name, g, pat.gs[0]))
					}
				}
			}
		})
	}
}
