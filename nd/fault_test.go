package nd_test

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/numa"
)

// freeAll returns a run for mem.FailEach that builds an array with a and
// frees it.
func freeAll[T nd.Number](build func(a mem.Allocator) (*nd.Array[T], error)) func(mem.Allocator) error {
	return func(a mem.Allocator) error {
		x, err := build(a)
		if err != nil {
			return err
		}
		return x.Free()
	}
}

// TestConstructorsUnderFaults fails every allocation of every constructor
// in turn, over each kind of allocator: each must return the error and
// leak nothing.
func TestConstructorsUnderFaults(t *testing.T) {
	base, err := nd.Arange[float64](0, 24, 1)
	if err != nil {
		t.Fatal(err)
	}
	cube, err := base.Reshape(2, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	strided, err := cube.SliceExpr("::-1, 1:, ::2")
	if err != nil {
		t.Fatal(err)
	}
	shape := []int{3, 5}
	data := make([]complex128, 15)
	cases := map[string]func(mem.Allocator) error{
		"Empty": freeAll(func(a mem.Allocator) (*nd.Array[float32], error) { return nd.Empty[float32](shape, nd.With(a)) }),
		"Zeros": freeAll(func(a mem.Allocator) (*nd.Array[float64], error) {
			return nd.Zeros[float64](shape, nd.With(a), nd.WithLayout(nd.ColMajor))
		}),
		"Ones": freeAll(func(a mem.Allocator) (*nd.Array[int32], error) {
			return nd.Ones[int32](shape, nd.With(a), nd.Align(4096))
		}),
		"Full":      freeAll(func(a mem.Allocator) (*nd.Array[uint8], error) { return nd.Full[uint8](shape, 7, nd.With(a)) }),
		"FromSlice": freeAll(func(a mem.Allocator) (*nd.Array[complex128], error) { return nd.FromSlice(data, shape, nd.With(a)) }),
		"Arange":    freeAll(func(a mem.Allocator) (*nd.Array[int64], error) { return nd.Arange[int64](0, 100, 3, nd.With(a)) }),
		"Random":    freeAll(func(a mem.Allocator) (*nd.Array[float64], error) { return nd.Random[float64](shape, 1, nd.With(a)) }),
		"Clone":     freeAll(func(a mem.Allocator) (*nd.Array[float64], error) { return cube.Clone(nd.With(a)) }),
		"CloneStrided": freeAll(func(a mem.Allocator) (*nd.Array[float64], error) {
			return strided.Clone(nd.With(a), nd.WithLayout(nd.ColMajor))
		}),
		"EmptyShape": freeAll(func(a mem.Allocator) (*nd.Array[float64], error) { return nd.Zeros[float64]([]int{0, 4}, nd.With(a)) }),
	}
	arena, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	pool, err := mem.NewPool(4096, 16, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ts := mem.NewThreadSafe()
	defer ts.Close()
	file, err := mmap.NewAllocator(filepath.Join(t.TempDir(), "faults.dat"), mmap.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	local, err := numa.NewAllocator(numa.Local)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	inners := map[string]mem.Allocator{"System": mem.NewSystem(), "Arena": arena, "Pool": pool, "ThreadSafe": ts, "mmap": file, "numa": local}
	for iname, inner := range inners {
		for name, run := range cases {
			t.Run(iname+"/"+name, func(t *testing.T) {
				n, err := mem.FailEach(inner, run)
				if err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Fatalf("%d allocations, want 1", n)
				}
			})
		}
		if err := mem.CheckLeaks(inner); err != nil {
			t.Errorf("%s: %v", iname, err)
		}
	}
}

// TestArraysThroughWrappersDieWithTheArena: an array made through any
// wrapper of an Arena is invalidated by the Arena's Reset, because every
// wrapper unwraps to it.
func TestArraysThroughWrappersDieWithTheArena(t *testing.T) {
	arena, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	wrappers := map[string]mem.Allocator{
		"Logging": mem.WithLogging(arena, quiet),
		"Checked": mem.NewChecked(arena),
		"Faulty":  mem.NewFaulty(arena, mem.FaultConfig{}),
		"Budget":  mem.NewBudget(arena, 1<<20),
		"Stacked": mem.NewBudget(mem.NewChecked(mem.WithLogging(arena, quiet)), 1<<20),
	}
	for name, w := range wrappers {
		a, err := nd.Zeros[float64]([]int{8, 8}, nd.With(w))
		if err != nil {
			t.Fatal(name, err)
		}
		if err := a.Err(); err != nil {
			t.Fatal(name, err)
		}
		arena.Reset()
		if err := a.Err(); !errors.Is(err, mem.ErrReleased) {
			t.Fatalf("%s: after the arena's Reset: %v, want ErrReleased", name, err)
		}
		if w.Allocated() != 0 {
			t.Fatalf("%s: %d bytes live after the arena's Reset", name, w.Allocated())
		}
	}
}

// TestEveryAllocatorIsProfiled: each numgo allocator reports its
// allocations, frees and wholesale releases to the profiler's hook.
func TestEveryAllocatorIsProfiled(t *testing.T) {
	arena, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	pool, err := mem.NewPool(4096, 4, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	file, err := mmap.NewAllocator(filepath.Join(t.TempDir(), "profiled.dat"), mmap.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	local, err := numa.NewAllocator(numa.Local)
	if err != nil {
		t.Fatal(err)
	}
	ts := mem.NewThreadSafe()
	sys := mem.NewSystem()
	// release takes back everything at once; for System, one Free each.
	cases := []struct {
		name    string
		a       mem.Allocator
		release func(kept []byte) error
	}{
		{"System", sys, func(b []byte) error { return sys.Free(b) }},
		{"Arena", arena, func([]byte) error { return arena.Close() }},
		{"Pool", pool, func([]byte) error { return pool.Close() }},
		{"ThreadSafe", ts, func([]byte) error { return ts.Close() }},
		{"mmap", file, func([]byte) error { return file.Close() }},
		{"numa", local, func([]byte) error { return local.Close() }},
	}
	for _, c := range cases {
		stats, err := mem.NewProfiler().Profile(func() error {
			x, err := c.a.Alloc(1000, 64)
			if err != nil {
				return err
			}
			if x, err = c.a.Realloc(x, 3000, 64); err != nil {
				return err
			}
			if err := c.a.Free(x); err != nil {
				return err
			}
			kept, err := c.a.Alloc(2000, 64)
			if err != nil {
				return err
			}
			return c.release(kept)
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// A Realloc that moves may be reported as an Alloc and a Free.
		allocs := stats.AllocationCount + stats.Reallocs
		if stats.TotalAllocated != 6000 || allocs != 3 || stats.PeakUsage != 3000 || stats.Leaks != 0 || stats.Frees != stats.AllocationCount {
			t.Errorf("%s: %+v", c.name, stats)
		}
	}
}
