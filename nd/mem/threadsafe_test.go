package mem_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// tsGoErr runs body(0..g-1) on g goroutines (see tsGo), waits for them
// and fails t with the first error one returned.
func tsGoErr(t *testing.T, g int, body func(me int) error) {
	t.Helper()
	errs := make(chan error, g)
	tsGo(g, func(me int) {
		if err := body(me); err != nil {
			errs <- err
		}
	})
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestThreadSafeGuideExample is the guide's thread_safe_allocation_example:
// four goroutines share one allocator, each allocating and freeing
// (j+1) KiB a hundred times; it must end at 0 bytes, leak-free.
func TestThreadSafeGuideExample(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	tsGoErr(t, 4, func(i int) error {
		for j := range 100 {
			size := (j + 1) * 1024
			b, err := ts.Alloc(size, 8)
			if err != nil {
				return err
			}
			fill(b, byte(i))
			time.Sleep(time.Millisecond / 10) // the guide's "simulate work", shortened
			if !allAre(b, byte(i)) {
				return errors.New("a block changed under its owner")
			}
			if err := ts.Free(b); err != nil {
				return err
			}
		}
		return nil
	})
	s := ts.Stats()
	if s.Allocated != 0 || s.Allocs != 400 || s.Frees != 400 || s.Peak < 100<<10 || s.Peak > 4*100<<10 {
		t.Fatalf("after the example: %v", s)
	}
}

// TestThreadSafeCrossGoroutineFree allocates on one goroutine and frees on
// another (the larson pattern): the counters must come out exact.
func TestThreadSafeCrossGoroutineFree(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	ch := make(chan []byte, 64)
	done := make(chan error)
	go func() {
		var err error
		for b := range ch {
			if e := ts.Free(b); e != nil && err == nil {
				err = e
			}
		}
		done <- err
	}()
	const n = 5000
	var total int64
	for i := range n {
		size := 1 + i%3000
		b, err := ts.Alloc(size, 16)
		if err != nil {
			t.Fatal(err)
		}
		total += int64(size)
		ch <- b
	}
	close(ch)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := ts.Stats()
	if s.Allocated != 0 || s.Reserved != 0 || s.Allocs != n || s.Frees != n || s.TotalAllocated != total {
		t.Fatalf("after %d cross-goroutine frees: %v", n, s)
	}
	if f := ts.Fragmentation(); f != 1 {
		t.Fatalf("Fragmentation with every block free: %v, want 1", f)
	}
}

// TestThreadSafeClasses checks every request lands in the smallest class
// that holds it at its alignment, with at most a fifth of a block wasted
// above 64 bytes.
func TestThreadSafeClasses(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	for _, size := range []int{1, 16, 17, 64, 65, 100, 1000, 4096, 5000, 65536, 100000, 256 << 10} {
		for align := 1; align <= 4096; align *= 4 {
			b := mustAlloc(t, ts, size, align)
			if addrOf(b)%uintptr(align) != 0 {
				t.Fatalf("Alloc(%d, %d) at %#x", size, align, addrOf(b))
			}
			s := ts.Stats()
			if r := s.Reserved; r < int64(size) || align <= 16 && size > 64 && r > int64(size)*5/4+1 {
				t.Fatalf("Alloc(%d, %d) reserved %d", size, align, r)
			}
			mustFree(t, ts, b)
		}
	}
}

func TestThreadSafeLargeAndRelease(t *testing.T) {
	ts := mem.NewThreadSafe()
	before := osmem.AnonMapped()
	big := mustAlloc(t, ts, 3<<20, 2<<20)
	if addrOf(big)%(2<<20) != 0 || !allZero(big) {
		t.Fatal("large buffer not aligned or not zero")
	}
	fill(big, 7)
	if _, err := ts.Realloc(big[4096:], 100, 8); !errors.Is(err, mem.ErrForeign) {
		t.Fatalf("Realloc of an interior slice of a large buffer: %v", err)
	}
	big, err := ts.Realloc(big, 1<<20, 8) // shrinks in place
	if err != nil || !allAre(big, 7) {
		t.Fatal("shrinking a large buffer lost it:", err)
	}
	mustFree(t, ts, big)
	if err := ts.Free(big); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("second Free of a large buffer: %v", err)
	}
	small := mustAlloc(t, ts, 100, 8)
	if osmem.AnonMapped() <= before {
		t.Fatal("no chunk mapped for a small block")
	}
	gen := ts.Generation()
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	if got := osmem.AnonMapped(); got != before {
		t.Fatalf("AnonMapped %d after Close, want %d", got, before)
	}
	if err := ts.CheckGeneration(gen); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("CheckGeneration after Close: %v", err)
	}
	if err := ts.Free(small); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Free after Close: %v", err)
	}
	if _, err := ts.Alloc(10, 8); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Alloc after Close: %v", err)
	}
	if s := ts.Stats(); s.Allocated != 0 || s.Live() != 0 || s.Reserved != 0 {
		t.Fatalf("after Close: %v", s)
	}
	if g, ok := mem.GenerationalOf(ts); !ok || g.Generation() != gen+1 {
		t.Fatal("ThreadSafe is not Generational")
	}
}

// TestThreadSafeClassChoice compares the class arithmetic with a search
// over every class, for every size up to the largest class at several
// alignments (through Reserved, which is the chosen stride).
func TestThreadSafeClassChoice(t *testing.T) {
	strides := []int{16, 32, 48, 64}
	for p := 64; p < 256<<10; p *= 2 {
		for q := 1; q <= 4; q++ {
			strides = append(strides, p+q*p/4)
		}
	}
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	step := 1
	if testing.Short() {
		step = 7
	}
	for size := 1; size <= 256<<10; size += step {
		for _, align := range []int{1, 64, 4096} {
			want := 0
			for _, s := range strides {
				if s >= size && s%align == 0 {
					want = s
					break
				}
			}
			b := mustAlloc(t, ts, size, align)
			if got := ts.Stats().Reserved; got != int64(want) {
				t.Fatalf("Alloc(%d, %d) took a %d-byte block, want %d", size, align, got, want)
			}
			mustFree(t, ts, b)
		}
		if size > 4096 {
			step = max(step, size/64)
		}
	}
}

// TestThreadSafePeakSerial runs a random sequence of calls handed from
// goroutine to goroutine (so they never overlap but run on different Ps)
// and checks Peak is the exact high-water mark, before and after
// ResetPeak.
func TestThreadSafePeakSerial(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	var live [][]byte
	var now, peak int64
	token := make(chan struct{})
	done := make(chan struct{})
	const workers, steps = 4, 2000
	errs := make(chan error, workers)
	for range workers {
		go func() {
			for range token {
				switch {
				case len(live) > 0 && rng.IntN(2) == 0:
					i := rng.IntN(len(live))
					if err := ts.Free(live[i]); err != nil {
						errs <- err
					}
					now -= int64(len(live[i]))
					live[i] = live[len(live)-1]
					live = live[:len(live)-1]
				default:
					size := 1 + rng.IntN(8000)
					if rng.IntN(50) == 0 {
						size = 300<<10 + rng.IntN(1<<20) // a large buffer now and then
					}
					b, err := ts.Alloc(size, 8)
					if err != nil {
						errs <- err
					}
					live = append(live, b)
					now += int64(size)
					peak = max(peak, now)
				}
				if rng.IntN(500) == 0 {
					ts.ResetPeak()
					peak = now
				}
				if got := ts.Peak(); got != peak {
					errs <- fmt.Errorf("Peak %d, high-water mark %d", got, peak)
				}
				done <- struct{}{}
			}
		}()
	}
	for range steps {
		token <- struct{}{}
		<-done
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
	}
	close(token)
	for _, b := range live {
		mustFree(t, ts, b)
	}
}

// TestThreadSafeMorePsThanShards raises GOMAXPROCS past the shards made at
// construction: shards are added for the new Ps, and the accounting stays
// exact.
func TestThreadSafeMorePsThanShards(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4 * max(runtime.NumCPU(), runtime.GOMAXPROCS(0))))
	tsGoErr(t, 16, func(w int) error {
		var mine [][]byte
		for i := range 500 {
			b, err := ts.Alloc(1+(i*37+w)%5000, 8)
			if err != nil {
				return err
			}
			mine = append(mine, b)
			if len(mine) > 8 {
				if err := ts.Free(mine[0]); err != nil {
					return err
				}
				mine = mine[1:]
			}
		}
		for _, b := range mine {
			if err := ts.Free(b); err != nil {
				return err
			}
		}
		return nil
	})
	if s := ts.Stats(); s.Allocs != 16*500 || s.Frees != s.Allocs {
		t.Fatalf("after the stress: %v", s)
	}
}

// TestThreadSafeProfiled runs ThreadSafe under a Profiler: every Alloc,
// Realloc and Free reaches the allocation hook, and nothing is left live.
func TestThreadSafeProfiled(t *testing.T) {
	ts := checked(t, mem.NewThreadSafe())
	defer ts.Close()
	p := mem.NewProfiler()
	stats, err := p.Profile(func() error {
		var live [][]byte
		for i := range 100 {
			b, err := ts.Alloc(100+i*50, 8)
			if err != nil {
				return err
			}
			live = append(live, b)
		}
		big, err := ts.Alloc(2<<20, 8)
		if err != nil {
			return err
		}
		live = append(live, big)
		if live[0], err = ts.Realloc(live[0], 9000, 8); err != nil { // moves to another class
			return err
		}
		for _, b := range live {
			if err := ts.Free(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.AllocationCount != 101 || stats.PeakUsage < 2<<20 {
		t.Fatalf("profile: %+v", stats)
	}
	if leaks := p.Leaks(); len(leaks) != 0 {
		t.Fatalf("profiler sees %d leaks: %v", len(leaks), leaks)
	}
}
