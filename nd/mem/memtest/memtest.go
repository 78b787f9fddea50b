// Package memtest checks that an allocator keeps the mem.Allocator
// contract, as testing/fstest checks a file system. Every numgo allocator
// runs it, and so can a user's own:
//
//	func TestMyAllocator(t *testing.T) {
//		memtest.Run(t, memtest.Factory{
//			New: func(t *testing.T) memtest.Allocator { return newMine(t) },
//		})
//	}
//
// The checks: alignment 1..4096 on the address with exact lengths;
// exact accounting (Stats) after every step of a randomized sequence of
// Alloc, Free and Realloc, with contents preserved; a concurrent stress
// from eight goroutines that must end balanced; bad sizes and alignments
// (sizes whose sum with a header or alignment would overflow among them)
// refused with the sentinel and counted as failures without changing
// anything else; requests no machine can serve (mem.MaxSize bytes, or
// one byte aligned to it) failing cleanly; foreign, interior and double
// frees refused; a wrapper with accounting of its own refusing its inner
// allocator's buffers; Peak and ResetPeak. Run under -race for the concurrent part to mean the most;
// -short runs a sixth of the steps.
//
// Poisoned serves the other side: code that uses an allocator. It fills
// what an allocator hands out with 0xFF bytes, so code that reads memory
// it was given before writing it gives visibly wrong results.
package memtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// Allocator is what the checks need: an allocator with a Stats snapshot.
type Allocator interface {
	mem.Allocator
	mem.StatsReporter
}

// Factory describes an allocator under test.
type Factory struct {
	// New returns a fresh, empty allocator; it registers its own cleanup
	// (Close) with t. Run checks with mem.CheckLeaks that nothing
	// is left allocated when each check ends.
	New func(t *testing.T) Allocator
	// MaxSize is the largest request the allocator serves (0: no limit
	// below the checks' sizes, which reach 5000 bytes).
	MaxSize int
	// MaxAlign is the largest alignment it serves (0: 4096).
	MaxAlign int
	// Zeroed is set when every Alloc and the growth of every Realloc
	// return zeros; otherwise only memory never handed out before must.
	Zeroed bool
	// Dirty is set when even memory never handed out before may hold
	// anything, as the mem.Allocator contract allows (Poisoned does it on
	// purpose); the check that it reads as zero is then skipped.
	Dirty bool
}

// Run runs every check on allocators made by f, each as a subtest.
func Run(t *testing.T, f Factory) {
	t.Helper()
	checks := []struct {
		name string
		fn   func(*testing.T, Factory, Allocator)
	}{
		{"Alignment", checkAlignment},
		{"RandomSequence", checkRandomSequence},
		{"Concurrent", checkConcurrent},
		{"BadInput", checkBadInput},
		{"HugeRequests", checkHuge},
		{"ForeignAndDoubleFree", checkForeign},
		{"InnerBuffer", checkInner},
		{"Peak", checkPeak},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			c.fn(t, f, Checked(t, f.New(t)))
		})
	}
}

// scale returns n, or a sixth of it under -short.
func scale(n int) int {
	if testing.Short() {
		return n / 6
	}
	return n
}

// Checked registers a check, run when the test ends unless it already
// failed, that a leaves nothing allocated (mem.CheckLeaks), and returns a.
// Register a's Close before calling it: cleanups run last
// registered first, so the check then runs before the allocator is closed.
func Checked[A mem.Allocator](t testing.TB, a A) A {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		if err := mem.CheckLeaks(a); err != nil {
			t.Error(err)
		}
	})
	return a
}

func (f Factory) maxAlign() int {
	if f.MaxAlign > 0 {
		return f.MaxAlign
	}
	return 4096
}

func (f Factory) fits(size int) bool { return f.MaxSize == 0 || size <= f.MaxSize }

func checkAlignment(t *testing.T, f Factory, a Allocator) {
	var live [][]byte
	for align := 1; align <= f.maxAlign(); align *= 2 {
		for _, size := range []int{1, 7, 64, 1000, 5000} {
			if !f.fits(size) {
				continue
			}
			b := MustAlloc(t, a, size, align)
			if p := addr(b); p%uintptr(align) != 0 {
				t.Fatalf("Alloc(%d, %d) at %#x", size, align, p)
			}
			if len(b) != size || cap(b) != size {
				t.Fatalf("Alloc(%d, %d): len %d cap %d", size, align, len(b), cap(b))
			}
			if !f.Dirty && !AllAre(b, 0) { // memory never handed out before is zero
				t.Fatalf("Alloc(%d, %d) of fresh memory not zeroed", size, align)
			}
			Fill(b, 0xAB)
			live = append(live, b)
		}
	}
	for _, b := range live {
		if !AllAre(b, 0xAB) {
			t.Fatal("blocks overlap: a later block overwrote an earlier one")
		}
		MustFree(t, a, b)
	}
}

// checkRandomSequence runs random Alloc/Free/Realloc and checks after
// every step that Allocated is the sum of the live sizes, Reserved covers
// it, the counters match, and contents survive.
func checkRandomSequence(t *testing.T, f Factory, a Allocator) {
	rng := rand.New(rand.NewPCG(1, 2))
	type block struct {
		b []byte
		v byte
	}
	var live []block
	var sum, allocs, frees, reallocs, total int64
	maxSize := 3000
	if f.MaxSize > 0 {
		maxSize = min(maxSize, f.MaxSize)
	}
	for step := range scale(3000) {
		size := 1 + rng.IntN(maxSize)
		align := 1 << rng.IntN(7)
		switch op := rng.IntN(10); {
		case op < 5 || len(live) == 0:
			b := MustAlloc(t, a, size, align)
			v := byte(step)
			Fill(b, v)
			live = append(live, block{b, v})
			sum += int64(size)
			total += int64(size)
			allocs++
		case op < 8:
			i := rng.IntN(len(live))
			MustFree(t, a, live[i].b)
			sum -= int64(len(live[i].b))
			live[i] = live[len(live)-1]
			live = live[:len(live)-1]
			frees++
		default:
			i := rng.IntN(len(live))
			old := live[i]
			nb, err := a.Realloc(old.b, size, align)
			if err != nil {
				t.Fatalf("step %d: Realloc(%d -> %d, %d): %v", step, len(old.b), size, align, err)
			}
			keep := min(len(old.b), size)
			if !AllAre(nb[:keep], old.v) || f.Zeroed && !AllAre(nb[keep:], 0) || addr(nb)%uintptr(align) != 0 {
				t.Fatalf("step %d: Realloc(%d -> %d) lost data or alignment", step, len(old.b), size)
			}
			Fill(nb, old.v)
			sum += int64(size - len(old.b))
			total += int64(size)
			live[i].b = nb
			reallocs++
		}
		s := a.Stats()
		if s.Allocated != sum || a.Allocated() != sum {
			t.Fatalf("step %d: Allocated %d, live sizes sum to %d", step, s.Allocated, sum)
		}
		if s.Reserved < s.Allocated || (len(live) == 0 && s.Reserved != 0) {
			t.Fatalf("step %d: Reserved %d with Allocated %d", step, s.Reserved, s.Allocated)
		}
		if s.Allocs != allocs || s.Frees != frees || s.Reallocs != reallocs || s.TotalAllocated != total || s.Live() != int64(len(live)) {
			t.Fatalf("step %d: %v; want %d allocs %d frees %d reallocs total %d", step, s, allocs, frees, reallocs, total)
		}
		if s.Peak < s.Allocated {
			t.Fatalf("step %d: Peak %d below Allocated %d", step, s.Peak, s.Allocated)
		}
	}
	for _, blk := range live {
		if !AllAre(blk.b, blk.v) {
			t.Fatal("a live block was overwritten")
		}
		MustFree(t, a, blk.b)
	}
}

// checkConcurrent has eight goroutines allocate, fill, check, resize and
// free their own blocks; every block must keep its contents and the
// counters must balance at the end.
func checkConcurrent(t *testing.T, f Factory, a Allocator) {
	const workers = 8
	ops := scale(2000)
	maxSize := 1024
	if f.MaxSize > 0 {
		maxSize = min(maxSize, f.MaxSize)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var mine [][]byte
			defer func() {
				for _, b := range mine {
					if err := a.Free(b); err != nil {
						errs <- err
						return
					}
				}
			}()
			for i := range ops {
				if len(mine) > 0 && (rng.IntN(2) == 0 || len(mine) > 16) {
					j := rng.IntN(len(mine))
					b := mine[j]
					if !AllAre(b, byte(w)) {
						errs <- fmt.Errorf("worker %d: block changed under it", w)
						return
					}
					var err error
					if i%5 == 0 {
						b, err = a.Realloc(b, 1+rng.IntN(maxSize), 8)
						if err == nil {
							Fill(b, byte(w))
							mine[j] = b
						}
					} else {
						err = a.Free(b)
						mine[j] = mine[len(mine)-1]
						mine = mine[:len(mine)-1]
					}
					if err != nil {
						errs <- err
						return
					}
					continue
				}
				b, err := a.Alloc(1+rng.IntN(maxSize), 1<<rng.IntN(7))
				if err != nil {
					errs <- err
					return
				}
				if f.Zeroed && !AllAre(b, 0) {
					errs <- fmt.Errorf("worker %d: Alloc returned dirty memory", w)
					return
				}
				Fill(b, byte(w))
				mine = append(mine, b)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if s := a.Stats(); s.Allocs != s.Frees || s.Allocs == 0 {
		t.Fatalf("after the stress: %v", s)
	}
}

// checkBadInput: bad sizes and alignments are refused with the sentinel,
// counted in Failed, and change nothing else. The sizes include those
// whose sum with a header, padding or alignment overflows an int
// (math.MaxInt, math.MaxInt-64, math.MaxInt/2+1, mem.MaxSize+1), each with
// every alignment, in Alloc and in Realloc.
func checkBadInput(t *testing.T, f Factory, a Allocator) {
	type badCase struct {
		size, align int
		want        error
	}
	cases := []badCase{
		{0, 8, mem.ErrInvalidSize},
		{-1, 8, mem.ErrInvalidSize},
		{math.MinInt, 8, mem.ErrInvalidSize},
		{64, 0, mem.ErrInvalidAlignment},
		{64, 3, mem.ErrInvalidAlignment},
		{64, -8, mem.ErrInvalidAlignment},
		{64, 96, mem.ErrInvalidAlignment},
		{64, math.MinInt, mem.ErrInvalidAlignment},
	}
	for align := 1; align > 0; align *= 2 { // every power of two an int holds
		if align > mem.MaxSize {
			cases = append(cases, badCase{64, align, mem.ErrInvalidAlignment})
		}
		for _, size := range []int{math.MaxInt, math.MaxInt - 64, math.MaxInt/2 + 1, mem.MaxSize + 1} {
			want := mem.ErrInvalidSize
			if align > mem.MaxSize {
				want = nil // both are bad: either sentinel
			}
			cases = append(cases, badCase{size, align, want})
		}
	}
	refused := func(err, want error) bool {
		if want == nil {
			return errors.Is(err, mem.ErrInvalidSize) || errors.Is(err, mem.ErrInvalidAlignment)
		}
		return errors.Is(err, want)
	}
	keep := MustAlloc(t, a, 100, 8)
	Fill(keep, 0x22)
	before := a.Stats()
	for _, c := range cases {
		if b, err := alloc(a, c.size, c.align); !refused(err, c.want) {
			t.Errorf("Alloc(%d, %d): %d bytes, %v; want %v", c.size, c.align, len(b), err, c.want)
		}
		if b, err := realloc(a, keep, c.size, c.align); !refused(err, c.want) {
			t.Errorf("Realloc(b, %d, %d): %d bytes, %v; want %v", c.size, c.align, len(b), err, c.want)
		}
	}
	after := a.Stats()
	if after.Allocated != before.Allocated || after.Reserved != before.Reserved || after.Allocs != before.Allocs || after.Reallocs != before.Reallocs {
		t.Fatalf("bad input changed the accounting: %v -> %v", before, after)
	}
	if after.Failed != before.Failed+2*int64(len(cases)) {
		t.Fatalf("Failed %d, want %d", after.Failed, before.Failed+2*int64(len(cases)))
	}
	if !AllAre(keep, 0x22) {
		t.Fatal("a failed Realloc touched the block")
	}
	MustFree(t, a, keep)
}

// checkHuge: valid requests no machine can serve (mem.MaxSize bytes, or
// one byte aligned to mem.MaxSize, whose slack is as large) fail cleanly,
// with ErrOutOfMemory (or the invalid-size and -alignment sentinels where
// the allocator serves less), counted in Failed and changing nothing else;
// the runtime must never be asked for that much memory.
func checkHuge(t *testing.T, f Factory, a Allocator) {
	keep := MustAlloc(t, a, 100, 8)
	Fill(keep, 0x33)
	before := a.Stats()
	cases := [][2]int{{mem.MaxSize, 1}, {mem.MaxSize, 64}, {1, mem.MaxSize}, {mem.MaxSize / 2, mem.MaxSize / 2}}
	refused := func(err error) bool {
		return errors.Is(err, mem.ErrOutOfMemory) || errors.Is(err, mem.ErrInvalidSize) || errors.Is(err, mem.ErrInvalidAlignment)
	}
	for _, c := range cases {
		if b, err := alloc(a, c[0], c[1]); !refused(err) {
			t.Errorf("Alloc(%d, %d): %d bytes, %v; want ErrOutOfMemory", c[0], c[1], len(b), err)
		}
		if b, err := realloc(a, keep, c[0], c[1]); !refused(err) {
			t.Errorf("Realloc(b, %d, %d): %d bytes, %v; want ErrOutOfMemory", c[0], c[1], len(b), err)
		}
	}
	after := a.Stats()
	if after.Allocated != before.Allocated || after.Reserved != before.Reserved || after.Allocs != before.Allocs || after.Reallocs != before.Reallocs {
		t.Fatalf("refused requests changed the accounting: %v -> %v", before, after)
	}
	if after.Failed != before.Failed+2*int64(len(cases)) {
		t.Fatalf("Failed %d, want %d", after.Failed, before.Failed+2*int64(len(cases)))
	}
	if !AllAre(keep, 0x33) {
		t.Fatal("a failed Realloc touched the block")
	}
	MustFree(t, a, keep)
}

// alloc is a.Alloc with a panic turned into an error, so that one bad
// case fails the test instead of ending it.
func alloc(a mem.Allocator, size, align int) (b []byte, err error) {
	defer recoverErr(&err)
	return a.Alloc(size, align)
}

// realloc is a.Realloc with a panic turned into an error.
func realloc(a mem.Allocator, old []byte, size, align int) (b []byte, err error) {
	defer recoverErr(&err)
	return a.Realloc(old, size, align)
}

func recoverErr(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("panic: %v", r)
	}
}

// checkForeign: Free and Realloc of a buffer the allocator did not hand
// out, an interior slice or a shortened capacity are ErrForeign, a second
// Free is ErrDoubleFree, and neither changes the counters.
func checkForeign(t *testing.T, f Factory, a Allocator) {
	b := MustAlloc(t, a, 256, 64)
	other := MustAlloc(t, a, 128, 64)
	before := a.Stats()
	for name, bad := range map[string][]byte{
		"make'd":       make([]byte, 256),
		"interior":     b[64:],
		"resliced cap": b[:16:16],
		"nil":          nil,
	} {
		if err := a.Free(bad); !errors.Is(err, mem.ErrForeign) {
			t.Errorf("Free(%s): %v, want ErrForeign", name, err)
		}
	}
	if _, err := a.Realloc(b[8:], 512, 8); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("Realloc of an interior slice: %v, want ErrForeign", err)
	}
	MustFree(t, a, b)
	if err := a.Free(b); !errors.Is(err, mem.ErrDoubleFree) {
		t.Errorf("second Free: %v, want ErrDoubleFree", err)
	}
	after := a.Stats()
	if after.Allocated != before.Allocated-256 || after.Frees != before.Frees+1 {
		t.Fatalf("bad Frees changed the accounting: %v -> %v", before, after)
	}
	MustFree(t, a, other)
}

// checkInner: a wrapper (mem.Wrapper) whose accounting is its own (its
// Stats differ from its inner allocator's) refuses to Free or Realloc a
// buffer the inner allocator handed out to someone else, with ErrForeign,
// before the inner allocator sees it: its counters stay as they were and
// the buffer stays live. A wrapper whose Stats are the inner allocator's
// passes such a buffer on. Allocators that wrap nothing skip the check.
func checkInner(t *testing.T, f Factory, a Allocator) {
	w, ok := a.(mem.Wrapper)
	if !ok {
		t.Skip("not a mem.Wrapper")
	}
	inner := w.Unwrap()
	mine := MustAlloc(t, a, 64, 8)
	theirs := MustAlloc(t, inner, 128, 8)
	Fill(theirs, 0x5A)
	before := a.Stats()
	if r, ok := inner.(mem.StatsReporter); ok && r.Stats() == before {
		MustFree(t, a, theirs) // the wrapper's counters are the inner allocator's
		MustFree(t, a, mine)
		return
	}
	if err := a.Free(theirs); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("Free of the inner allocator's own buffer: %v, want ErrForeign", err)
	}
	if nb, err := realloc(a, theirs, 256, 8); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("Realloc of the inner allocator's own buffer: %d bytes, %v; want ErrForeign", len(nb), err)
	}
	after := a.Stats()
	if after.Allocated != before.Allocated || after.Frees != before.Frees || after.Reallocs != before.Reallocs || after.Reserved != before.Reserved {
		t.Fatalf("refused buffers changed the accounting: %v -> %v", before, after)
	}
	if !AllAre(theirs, 0x5A) {
		t.Fatal("a refused Realloc touched the inner allocator's buffer")
	}
	MustFree(t, inner, theirs) // still live there
	MustFree(t, a, mine)
}

func checkPeak(t *testing.T, f Factory, a Allocator) {
	x := MustAlloc(t, a, 1000, 8)
	y := MustAlloc(t, a, 3000, 8)
	MustFree(t, a, y)
	if a.Peak() != 4000 || a.Allocated() != 1000 {
		t.Fatalf("Peak %d Allocated %d, want 4000 and 1000", a.Peak(), a.Allocated())
	}
	a.ResetPeak()
	if a.Peak() != 1000 {
		t.Fatalf("Peak after ResetPeak %d, want 1000", a.Peak())
	}
	MustFree(t, a, x)
}

func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// MustAlloc allocates or fails the test.
func MustAlloc(t testing.TB, a mem.Allocator, size, align int) []byte {
	t.Helper()
	b, err := a.Alloc(size, align)
	if err != nil {
		t.Fatalf("Alloc(%d, %d): %v", size, align, err)
	}
	return b
}

// MustFree frees or fails the test.
func MustFree(t testing.TB, a mem.Allocator, b []byte) {
	t.Helper()
	if err := a.Free(b); err != nil {
		t.Fatalf("Free(%d bytes): %v", len(b), err)
	}
}

// AllAre reports whether every byte of b is v.
func AllAre(b []byte, v byte) bool {
	for _, x := range b {
		if x != v {
			return false
		}
	}
	return true
}

// Fill sets every byte of b to v.
func Fill(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}
