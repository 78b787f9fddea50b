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
					ts.Release()
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
				}, func() { a.Release() }
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

// BenchmarkThreadSafe measures allocation throughput (ns/op is wall time
// per buffer allocated and freed, all goroutines together, so the ratio of
// two ns/op is the ratio of throughputs) for three patterns:
//
//   - local: each goroutine allocates a 1 KiB buffer, writes a byte, frees it;
//   - larson: goroutines in a ring each allocate a batch of 64 buffers,
//     pass it to the next and free the batch the previous one passed on, so
//     every buffer is freed on another goroutine than its own;
//   - prodcons: half the goroutines only allocate (batches of 64) and the
//     other half only free what they receive.
//
// Peers: mem.Arena (one mutex), sync.Pool, make (the GC frees).
func BenchmarkThreadSafe(b *testing.B) {
	for _, g := range tsGoroutines() {
		for _, peer := range tsPeers() {
			b.Run(fmt.Sprintf("local/g=%d/%s", g, peer.name), func(b *testing.B) {
				get, put, done := peer.make(b)
				defer done()
				tsRun(b, g, func(n int) {
					for i := range n {
						buf := get()
						buf[i&(tsBenchSize-1)] = 1
						put(buf)
					}
				})
			})
		}
	}
	for _, g := range tsGoroutines()[1:] {
		for _, peer := range tsPeers() {
			b.Run(fmt.Sprintf("larson/g=%d/%s", g, peer.name), func(b *testing.B) {
				get, put, done := peer.make(b)
				defer done()
				ring := make([]chan [][]byte, g)
				for i := range ring {
					ring[i] = make(chan [][]byte, 1)
				}
				var id sync.Mutex
				next := 0
				tsRun(b, g, func(n int) {
					id.Lock()
					me := next
					next++
					id.Unlock()
					for done := 0; done < n; done += tsBatch {
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
			})
			if g%2 != 0 {
				continue
			}
			b.Run(fmt.Sprintf("prodcons/g=%d/%s", g, peer.name), func(b *testing.B) {
				get, put, done := peer.make(b)
				defer done()
				pipe := make(chan [][]byte, 4)
				var role sync.Mutex
				producers := 0
				tsRun(b, g, func(n int) {
					role.Lock()
					producer := producers < g/2
					producers++
					role.Unlock()
					// Each pair moves 2n buffers' worth of work: the
					// producer allocates them, the consumer frees them.
					if producer {
						for done := 0; done < 2*n; done += tsBatch {
							batch := make([][]byte, tsBatch)
							for i := range batch {
								batch[i] = get()
								batch[i][0] = 1
							}
							pipe <- batch
						}
						return
					}
					for done := 0; done < 2*n; done += tsBatch {
						for _, buf := range <-pipe {
							put(buf)
						}
					}
				})
			})
		}
	}
}

const tsBatch = 64

// tsRun splits b.N operations over g goroutines (rounded to whole batches)
// and times them together.
func tsRun(b *testing.B, g int, body func(n int)) {
	per := (b.N/g + tsBatch - 1) / tsBatch * tsBatch
	var wg sync.WaitGroup
	b.SetBytes(tsBenchSize)
	b.ResetTimer()
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(per)
		}()
	}
	wg.Wait()
}

// BenchmarkThreadSafeScaling measures how each peer's throughput grows
// with goroutines on the local pattern (allocate 1 KiB, write, free), in
// interleaved rounds: every iteration times a fixed amount of work on 1
// goroutine, then on 2, then on GOMAXPROCS, so a busy spell of a shared
// machine falls on all alike, and the fastest round of each is reported
// (ns/alloc at g goroutines, all together) with the speed-up over one
// goroutine. Run with -benchtime=Nx for N rounds.
func BenchmarkThreadSafeScaling(b *testing.B) {
	const ops = 1 << 15
	gs := tsGoroutines()
	for _, peer := range tsPeers() {
		if peer.name == "make" {
			continue // the collector's work lands outside the timed rounds
		}
		b.Run(peer.name, func(b *testing.B) {
			get, put, done := peer.make(b)
			defer done()
			best := make([]float64, len(gs))
			for n := 0; b.Loop(); n++ {
				for k, g := range gs {
					var wg sync.WaitGroup
					start := time.Now()
					for range g {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for i := range ops / g {
								buf := get()
								buf[i&(tsBenchSize-1)] = 1
								put(buf)
							}
						}()
					}
					wg.Wait()
					ns := float64(time.Since(start).Nanoseconds()) / ops
					if n == 0 || ns < best[k] {
						best[k] = ns
					}
				}
			}
			for k, g := range gs {
				b.ReportMetric(best[k], fmt.Sprintf("ns/alloc@g=%d", g))
				if k > 0 {
					b.ReportMetric(best[0]/best[k], fmt.Sprintf("speedup@g=%d", g))
				}
			}
		})
	}
}
