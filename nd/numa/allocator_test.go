package numa

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mem/memtest"
)

// policies lists an allocator per policy on this machine, and one that
// works as one node because the kernel refuses (EPERM on a one-node tree).
func policies(t *testing.T) map[string]func(t *testing.T) *Allocator {
	first := Support().Nodes()[0]
	mk := func(c func() Capability, p Policy) func(t *testing.T) *Allocator {
		return func(t *testing.T) *Allocator {
			a, err := newAllocator(c(), p)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			return memtest.Checked(t, a)
		}
	}
	return map[string]func(t *testing.T) *Allocator{
		"Local":            mk(Support, Local),
		"Interleave":       mk(Support, Interleave()),
		"Bind":             mk(Support, Bind(first)),
		"Preferred":        mk(Support, Preferred(first)),
		"RefusedAsOneNode": mk(func() Capability { return probe(fake("one"), kernelSays(syscall.EPERM)) }, Local),
	}
}

// TestAllocatorContract runs the checks every numgo allocator passes
// (alignment 1..4096, exact accounting over a random sequence, concurrent
// stress, bad input, foreign and double frees) for every policy.
func TestAllocatorContract(t *testing.T) {
	for name, mk := range policies(t) {
		t.Run(name, func(t *testing.T) {
			memtest.Run(t, memtest.Factory{
				New: func(t *testing.T) memtest.Allocator { return mk(t) },
			})
		})
	}
}

func TestAllocatorPeakAndMappedBytes(t *testing.T) {
	a := policies(t)["Bind"](t)
	mapped := osmem.AnonMapped()
	x, _ := a.Alloc(1000, 8)
	y, _ := a.Alloc(3*osmem.PageSize(), 8)
	if got := osmem.AnonMapped() - mapped; got != a.Stats().Reserved || got != int64(4*osmem.PageSize()) {
		t.Fatalf("osmem counts %d bytes mapped, Reserved %d", got, a.Stats().Reserved)
	}
	a.Free(y)
	if a.Peak() != int64(1000+3*osmem.PageSize()) || a.Allocated() != 1000 {
		t.Fatalf("Peak %d Allocated %d", a.Peak(), a.Allocated())
	}
	a.ResetPeak()
	if a.Peak() != 1000 {
		t.Fatalf("Peak after ResetPeak %d", a.Peak())
	}
	a.Free(x)
	if osmem.AnonMapped() != mapped {
		t.Fatalf("%d bytes still mapped", osmem.AnonMapped()-mapped)
	}
}

// TestAllocatorCloseInvalidates: Close unmaps everything; arrays made on
// the allocator, and the allocator itself, report it.
// TestAllocatorCountsPagesNotSlack: a buffer aligned past the page size
// maps slack to find an aligned start; only its pages count as memory
// (osmem.AnonMapped, what mem.Monitor and AutoMemLimit read).
func TestAllocatorCountsPagesNotSlack(t *testing.T) {
	a := policies(t)["Local"](t)
	mapped := osmem.AnonMapped()
	b, err := a.Alloc(100, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got := osmem.AnonMapped() - mapped; got != int64(osmem.PageSize()) {
		t.Fatalf("a 100-byte buffer aligned to 1 MiB counts %d bytes", got)
	}
	if err := a.Free(b); err != nil {
		t.Fatal(err)
	}
	if got := osmem.AnonMapped() - mapped; got != 0 {
		t.Fatalf("%d bytes still counted after Free", got)
	}
}

func TestAllocatorCloseInvalidates(t *testing.T) {
	a, err := NewAllocator(Local)
	if err != nil {
		t.Fatal(err)
	}
	x, err := nd.Full[float64]([]int{64, 64}, 2, nd.With(a))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := a.Alloc(100, 8)
	mapped := osmem.AnonMapped()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if got := mapped - osmem.AnonMapped(); got != int64(64*64*8+osmem.PageSize()) {
		t.Fatalf("Close unmapped %d bytes", got)
	}
	if err := x.Err(); !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("array after Close: %v", err)
	}
	if _, err := Distribution(x); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Distribution after Close: %v", err)
	}
	for name, err := range map[string]error{
		"Free":    a.Free(b),
		"Alloc":   func() error { _, err := a.Alloc(10, 8); return err }(),
		"Realloc": func() error { _, err := a.Realloc(b, 10, 8); return err }(),
	} {
		if !errors.Is(err, mem.ErrReleased) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
	if s := a.Stats(); s.Live() != 0 || s.Allocated != 0 || s.Reserved != 0 {
		t.Fatalf("after Close: %v", s)
	}
	if x.Free() != nil {
		t.Fatal("Free of an array after Close should be a no-op")
	}
}
