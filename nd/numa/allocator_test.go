package numa

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
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
			t.Cleanup(func() {
				if !t.Failed() {
					if err := mem.CheckLeaks(a); err != nil {
						t.Error(err)
					}
				}
				a.Close()
			})
			return a
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

func isAll(b []byte, v byte) bool {
	for _, x := range b {
		if x != v {
			return false
		}
	}
	return true
}

func TestAllocatorAlignmentAndZeroes(t *testing.T) {
	for name, mk := range policies(t) {
		t.Run(name, func(t *testing.T) {
			a := mk(t)
			var live [][]byte
			for align := 1; align <= 4*osmem.PageSize(); align *= 2 {
				for _, size := range []int{1, 7, 4096, 5000} {
					b, err := a.Alloc(size, align)
					if err != nil {
						t.Fatalf("Alloc(%d, %d): %v", size, align, err)
					}
					if addr(b)%uintptr(align) != 0 || len(b) != size || cap(b) != size || !isAll(b, 0) {
						t.Fatalf("Alloc(%d, %d): address %#x len %d cap %d zeroed %v", size, align, addr(b), len(b), cap(b), isAll(b, 0))
					}
					for i := range b {
						b[i] = byte(len(live))
					}
					live = append(live, b)
				}
			}
			s := a.Stats()
			if s.Live() != int64(len(live)) || s.Reserved%int64(osmem.PageSize()) != 0 || s.Reserved < s.Allocated {
				t.Fatalf("stats %v with %d live buffers", s, len(live))
			}
			for i, b := range live {
				if !isAll(b, byte(i)) {
					t.Fatalf("buffer %d overwritten", i)
				}
				if err := a.Free(b); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestAllocatorRandomSequenceAccountsExactly checks Allocated, Reserved
// and the counts against a model after every step of a random sequence.
func TestAllocatorRandomSequenceAccountsExactly(t *testing.T) {
	steps := 1500
	if testing.Short() {
		steps = 400
	}
	for name, mk := range policies(t) {
		t.Run(name, func(t *testing.T) {
			a := mk(t)
			rng := rand.New(rand.NewPCG(13, uint64(len(name))))
			type block struct {
				b []byte
				v byte
			}
			var live []block
			var want mem.Stats
			pages := func(n int) int64 { return int64((n + osmem.PageSize() - 1) / osmem.PageSize() * osmem.PageSize()) }
			for step := range steps {
				size, align := 1+rng.IntN(3*osmem.PageSize()), 1<<rng.IntN(13)
				switch op := rng.IntN(10); {
				case op < 5 || len(live) == 0:
					b, err := a.Alloc(size, align)
					if err != nil {
						t.Fatal(err)
					}
					live = append(live, block{b, byte(step)})
					for i := range b {
						b[i] = byte(step)
					}
					want.Allocs++
					want.Allocated += int64(size)
					want.TotalAllocated += int64(size)
				case op < 8:
					i := rng.IntN(len(live))
					if err := a.Free(live[i].b); err != nil {
						t.Fatal(err)
					}
					want.Frees++
					want.Allocated -= int64(len(live[i].b))
					live = append(live[:i], live[i+1:]...)
				default:
					i := rng.IntN(len(live))
					old := live[i]
					nb, err := a.Realloc(old.b, size, align)
					if err != nil {
						t.Fatal(err)
					}
					if keep := min(len(old.b), size); !isAll(nb[:keep], old.v) || addr(nb)%uintptr(align) != 0 {
						t.Fatalf("step %d: Realloc(%d -> %d, align %d) lost data or alignment", step, len(old.b), size, align)
					}
					for j := range nb {
						nb[j] = old.v
					}
					live[i].b = nb
					want.Reallocs++
					want.Allocated += int64(size - len(old.b))
					want.TotalAllocated += int64(size)
				}
				want.Peak = max(want.Peak, want.Allocated)
				var reserved int64
				for _, blk := range live {
					reserved += pages(cap(blk.b))
				}
				s := a.Stats()
				if s.Allocated != want.Allocated || s.Allocs != want.Allocs || s.Frees != want.Frees || s.Reallocs != want.Reallocs ||
					s.TotalAllocated != want.TotalAllocated || s.Peak != want.Peak || s.Failed != 0 || s.Reserved < reserved {
					t.Fatalf("step %d: %v\nwant %v (reserved at least %d)", step, s, want, reserved)
				}
			}
			for _, blk := range live {
				if !isAll(blk.b, blk.v) {
					t.Fatal("a live buffer changed")
				}
				if err := a.Free(blk.b); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestAllocatorConcurrentStress(t *testing.T) {
	a := policies(t)["Interleave"](t)
	ops := 300
	if testing.Short() {
		ops = 100
	}
	// worker w allocates, reallocates and frees buffers it fills with w,
	// checking none changes under it.
	worker := func(w int) error {
		rng := rand.New(rand.NewPCG(uint64(w), 3))
		var mine [][]byte
		put := func(b []byte) []byte {
			for k := range b {
				b[k] = byte(w)
			}
			return b
		}
		for i := range ops {
			if len(mine) == 0 || rng.IntN(2) == 0 {
				b, err := a.Alloc(1+rng.IntN(2*osmem.PageSize()), 1<<rng.IntN(8))
				if err != nil {
					return err
				}
				mine = append(mine, put(b))
				continue
			}
			j := rng.IntN(len(mine))
			if !isAll(mine[j], byte(w)) {
				return fmt.Errorf("worker %d: buffer changed under it", w)
			}
			if i%4 != 0 {
				if err := a.Free(mine[j]); err != nil {
					return err
				}
				mine = slices.Delete(mine, j, j+1)
				continue
			}
			b, err := a.Realloc(mine[j], 1+rng.IntN(3*osmem.PageSize()), 64)
			if err != nil {
				return err
			}
			mine[j] = put(b)
		}
		for _, b := range mine {
			if err := a.Free(b); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() { errs[w] = worker(w) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if s := a.Stats(); s.Allocs != s.Frees || s.Allocs == 0 || s.Reserved != 0 {
		t.Fatalf("after the stress: %v", s)
	}
}

func TestAllocatorBadInput(t *testing.T) {
	a := policies(t)["Local"](t)
	keep, err := a.Alloc(100, 8)
	if err != nil {
		t.Fatal(err)
	}
	before := a.Stats()
	cases := []struct {
		size, align int
		want        error
	}{
		{0, 8, mem.ErrInvalidSize}, {-1, 8, mem.ErrInvalidSize}, {math.MaxInt, 8, mem.ErrInvalidSize},
		{math.MaxInt - 64, 64, mem.ErrOutOfMemory}, {64, 0, mem.ErrInvalidAlignment}, {64, 3, mem.ErrInvalidAlignment},
		{64, -8, mem.ErrInvalidAlignment}, {64, 96, mem.ErrInvalidAlignment},
	}
	for _, c := range cases {
		_, aerr := a.Alloc(c.size, c.align)
		_, rerr := a.Realloc(keep, c.size, c.align)
		if !errors.Is(aerr, c.want) || !errors.Is(rerr, c.want) {
			t.Errorf("size %d align %d: Alloc says %v, Realloc says %v; want %v", c.size, c.align, aerr, rerr, c.want)
		}
	}
	after := a.Stats()
	if after.Allocated != before.Allocated || after.Reserved != before.Reserved || after.Allocs != before.Allocs ||
		after.Failed != before.Failed+2*int64(len(cases)) || osmem.AnonMapped() < after.Reserved {
		t.Fatalf("bad input changed the accounting: %v -> %v", before, after)
	}
	other, err := a.Alloc(8192, 64)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{"make'd": make([]byte, 100), "interior": other[64:], "resliced cap": other[:16:16], "nil": nil} {
		if err := a.Free(bad); !errors.Is(err, mem.ErrForeign) {
			t.Errorf("Free(%s): %v, want ErrForeign", name, err)
		}
	}
	if _, err := a.Realloc(other[8:], 512, 8); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("Realloc of an interior slice: %v", err)
	}
	for _, b := range [][]byte{keep, other} {
		if err := a.Free(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Free(keep); !errors.Is(err, mem.ErrDoubleFree) {
		t.Errorf("second Free: %v, want ErrDoubleFree", err)
	}
	if s := a.Stats(); s.Frees != 2 {
		t.Errorf("bad Frees counted: %v", s)
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
