//go:build !race

package mem

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestThreadSafeStressShipped proves the variant users run (the pinned
// per-P path of threadsafe_norace.go, which the race detector never
// builds) under contention: goroutines beyond GOMAXPROCS allocate, fill,
// check and free blocks of every small class, half of them on another
// goroutine than the one that allocated them, while Stats is read
// throughout. Every block must still hold its owner's pattern when freed
// (no block handed out twice) and the accounting must be exact at the
// end: every Alloc and Free counted, every byte, nothing live.
func TestThreadSafeStressShipped(t *testing.T) {
	ts := NewThreadSafe()
	defer ts.Close()
	workers, rounds := 4*runtime.GOMAXPROCS(0), 4000
	if testing.Short() {
		rounds = 1000
	}
	sizes := []int{8, 24, 64, 100, 256, 1000, 4096, 20000}
	var wantBytes atomic.Int64
	handoff := make(chan []byte, 256)
	var readers, allocs, frees sync.WaitGroup
	stop := make(chan struct{})
	readers.Add(1)
	go func() { // Stats while the counters change: must never panic or tear
		defer readers.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if s := ts.Stats(); s.TotalAllocated < 0 || s.Allocs < 0 || s.Frees < 0 {
				t.Errorf("Stats mid-run: %+v", s)
				return
			}
			runtime.Gosched()
		}
	}()
	check := func(b []byte) {
		tag := b[0]
		for _, v := range b {
			if v != tag {
				t.Errorf("a %d-byte block changed under its owner: %d where %d was written", len(b), v, tag)
				return
			}
		}
	}
	for w := range workers {
		frees.Add(1)
		go func() { // frees what the allocators hand off, on other Ps
			defer frees.Done()
			for b := range handoff {
				check(b)
				if err := ts.Free(b); err != nil {
					t.Error(err)
				}
			}
		}()
		allocs.Add(1)
		go func() {
			defer allocs.Done()
			var mine [][]byte
			for i := range rounds {
				size := sizes[(i+w)%len(sizes)]
				b, err := ts.Alloc(size, 8)
				if err != nil {
					t.Error(err)
					return
				}
				wantBytes.Add(int64(size))
				tag := byte(w*31 + i)
				for j := range b {
					b[j] = tag
				}
				if i%2 == 0 {
					handoff <- b
					continue
				}
				mine = append(mine, b)
				if len(mine) > 16 {
					check(mine[0])
					if err := ts.Free(mine[0]); err != nil {
						t.Error(err)
					}
					mine = mine[1:]
				}
			}
			for _, b := range mine {
				check(b)
				if err := ts.Free(b); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	allocs.Wait()
	close(handoff)
	frees.Wait()
	close(stop)
	readers.Wait()
	n := int64(workers * rounds)
	s := ts.Stats()
	if s.Allocs != n || s.Frees != n || s.Allocated != 0 || s.Reserved != 0 || s.TotalAllocated != wantBytes.Load() || s.Failed != 0 {
		t.Fatalf("after %d Allocs and Frees of %d bytes on %d goroutines: %+v", n, wantBytes.Load(), workers, s)
	}
	if ts.Allocated() != 0 || ts.Peak() <= 0 || ts.Peak() > wantBytes.Load() {
		t.Fatalf("Allocated %d, Peak %d (of %d bytes)", ts.Allocated(), ts.Peak(), wantBytes.Load())
	}
}
