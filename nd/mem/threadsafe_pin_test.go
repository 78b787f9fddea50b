package mem

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestProcPinLinkname guards the go:linkname to runtime.procPin and
// procUnpin that ThreadSafe's per-P caches stand on. If a Go release stops
// allowing the linkname, this package no longer links: every test fails
// with the linker's "invalid reference to runtime.procPin" (or
// "relocation target not defined"), which names the cause. If the
// functions stay but their meaning changes, this test fails: procPin must
// return a P id below GOMAXPROCS, and no two goroutines may hold the same
// P pinned at once.
func TestProcPinLinkname(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	held := make([]atomic.Bool, procs)
	var bad atomic.Int64
	bad.Store(-1)
	var wg sync.WaitGroup
	for range 4 * procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2000 {
				pid := procPin()
				if pid < 0 || pid >= procs || !held[pid].CompareAndSwap(false, true) {
					bad.Store(int64(pid))
					procUnpin()
					return
				}
				held[pid].Store(false)
				procUnpin()
			}
		}()
	}
	wg.Wait()
	if p := bad.Load(); p != -1 {
		t.Fatalf("runtime.procPin returned P %d with GOMAXPROCS %d: out of range or pinned twice at once; ThreadSafe's per-P caches are not safe on this Go release (%s)", p, procs, runtime.Version())
	}
}
