package mem_test

import (
	"errors"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// arenaModes are the ways an arena can be made, all tested alike.
func arenaModes() map[string][]mem.Option {
	m := map[string][]mem.Option{
		"heap":        {mem.HeapBacked()},
		"heap-zeroed": {mem.HeapBacked(), mem.Zeroed()},
	}
	if !raceEnabled {
		m["mmap"] = nil
		m["mmap-zeroed"] = []mem.Option{mem.Zeroed()}
		m["guard"] = []mem.Option{mem.Guard()}
	}
	return m
}

func newArena(t *testing.T, capacity int, opts ...mem.Option) *mem.Arena {
	t.Helper()
	a, err := mem.NewArena(capacity, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestNewArenaRejectsBadCapacity(t *testing.T) {
	for _, c := range []int{0, -1, math.MinInt} {
		if a, err := mem.NewArena(c); !errors.Is(err, mem.ErrInvalidSize) || a != nil {
			t.Errorf("NewArena(%d) = %v, %v; want ErrInvalidSize", c, a, err)
		}
	}
	if _, err := mem.NewArena(1<<20, mem.Guard(), mem.HeapBacked()); err == nil {
		t.Error("Guard with HeapBacked accepted")
	}
}

func TestArenaCapacityEnforced(t *testing.T) {
	for mode, opts := range arenaModes() {
		t.Run(mode, func(t *testing.T) {
			a := newArena(t, 4096, opts...)
			b := mustAlloc(t, a, 1000, 8)
			_, err := a.Alloc(4000, 8)
			if !errors.Is(err, mem.ErrOutOfMemory) {
				t.Fatalf("Alloc past capacity: %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "4000") || !strings.Contains(msg, "left") {
				t.Fatalf("the error does not say what was asked and what is left: %q", msg)
			}
			if _, err := a.Alloc(8, 8192); !errors.Is(err, mem.ErrOutOfMemory) {
				t.Fatalf("alignment larger than the arena: %v", err)
			}
			if s := a.Stats(); s.Allocated != 1000 || s.Failed != 2 || s.Capacity != 4096 {
				t.Fatalf("stats after failures: %v", s)
			}
			// Exactly what is left fits (after the 16-byte header).
			rest := a.Remaining() - 16
			c := mustAlloc(t, a, rest, 8)
			if a.Remaining() != 0 {
				t.Fatalf("Remaining %d after filling", a.Remaining())
			}
			mustFree(t, a, c)
			mustFree(t, a, b)
		})
	}
}

func TestArenaFreeOfLastGivesSpaceBack(t *testing.T) {
	a := newArena(t, 1<<20, mem.HeapBacked())
	x := mustAlloc(t, a, 100, 8)
	left := a.Remaining()
	y := mustAlloc(t, a, 5000, 64)
	mustFree(t, a, y)
	if a.Remaining() != left {
		t.Fatalf("Remaining %d after freeing the last block, want %d", a.Remaining(), left)
	}
	z := mustAlloc(t, a, 5000, 64)
	if addrOf(z) != addrOf(y) {
		t.Fatal("the space of the freed last block was not reused")
	}
	// Freeing a block that is not the last only updates the accounting.
	mustFree(t, a, x)
	if a.Remaining() >= left {
		t.Fatal("freeing a middle block gave space back")
	}
	if a.Allocated() != 5000 {
		t.Fatalf("Allocated %d, want 5000", a.Allocated())
	}
	// Freed-then-reused space is handed out as it is: without Zeroed its
	// contents are unspecified, and the arena spends nothing clearing them.
	fill(z, 0xEE)
	mustFree(t, a, z)
	w := mustAlloc(t, a, 5000, 64)
	if addrOf(w) != addrOf(z) || !allAre(w, 0xEE) {
		t.Fatal("the freed last block's space was not handed out as it was")
	}
	mustFree(t, a, w)
}

// TestArenaZeroedClearsReusedMemory: with Zeroed, every way an arena reuses
// written memory (Reset, Free of the last block, Realloc growing in place
// or moving) hands out zeros, and data kept by Realloc survives.
func TestArenaZeroedClearsReusedMemory(t *testing.T) {
	for mode, opts := range arenaModes() {
		if !strings.HasSuffix(mode, "zeroed") {
			continue
		}
		t.Run(mode, func(t *testing.T) {
			a := newArena(t, 1<<20, opts...)
			x := mustAlloc(t, a, 3000, 64)
			fill(x, 0xAA)
			a.Reset()
			x = mustAlloc(t, a, 3000, 64)
			if !allZero(x) {
				t.Fatal("memory reused after Reset not zeroed")
			}
			fill(x, 0xBB)
			mustFree(t, a, x)
			y := mustAlloc(t, a, 100, 64)
			if addrOf(y) != addrOf(x) || !allZero(y) {
				t.Fatal("the freed last block's space not reused zeroed")
			}
			fill(y, 1)
			y, err := a.Realloc(y, 2000, 64) // in place, over 0xBB bytes
			if err != nil {
				t.Fatal(err)
			}
			if addrOf(y) != addrOf(x) || !allAre(y[:100], 1) || !allZero(y[100:]) {
				t.Fatal("Realloc in place did not zero its growth")
			}
			fill(y, 2)
			y, _ = a.Realloc(y, 50, 64) // shrink, then grow back over the 2s
			y, _ = a.Realloc(y, 2000, 64)
			if !allAre(y[:50], 2) || !allZero(y[50:]) {
				t.Fatal("shrink-then-grow exposed old bytes")
			}
			// Realloc that moves into written space: y is freed last, a
			// small block takes its start and moves within y's old space.
			fill(y, 3)
			mustFree(t, a, y)
			small := mustAlloc(t, a, 64, 64)
			fill(small, 4)
			align := 128 // an alignment small's address lacks forces a move
			for addrOf(small)%uintptr(align) == 0 {
				align *= 2
			}
			moved, err := a.Realloc(small, 1500, align)
			if err != nil {
				t.Fatal(err)
			}
			if addrOf(moved) == addrOf(small) || !allAre(moved[:64], 4) || !allZero(moved[64:]) {
				t.Fatal("Realloc that moved did not zero past the copied bytes")
			}
			mustFree(t, a, moved)
		})
	}
}

func TestArenaReallocGrowsInPlace(t *testing.T) {
	a := newArena(t, 1<<20, mem.HeapBacked())
	// Every block here is cut from fresh memory, which reads as zero.
	first := mustAlloc(t, a, 64, 8)
	b := mustAlloc(t, a, 100, 16)
	fill(b, 7)
	nb, err := a.Realloc(b, 1000, 16)
	if err != nil {
		t.Fatal(err)
	}
	if addrOf(nb) != addrOf(b) || len(nb) != 1000 || !allAre(nb[:100], 7) || !allZero(nb[100:]) {
		t.Fatal("the last block did not grow in place with its data")
	}
	// Not the last any more: growing moves, keeping the data.
	fill(nb, 9)
	moved, err := a.Realloc(first, 200, 8)
	if err != nil {
		t.Fatal(err)
	}
	if addrOf(moved) == addrOf(first) || len(moved) != 200 || !allZero(moved) {
		t.Fatal("a middle block grew in place over its neighbour")
	}
	if !allAre(nb, 9) {
		t.Fatal("growing a block clobbered its neighbour")
	}
	if err := a.Free(first); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("the old block of a moved Realloc is still live: %v", err)
	}
	// Shrink then grow in place: the bytes in between read zero.
	nb, _ = a.Realloc(moved, 10, 8)
	nb, _ = a.Realloc(nb, 200, 8)
	if !allZero(nb[10:]) {
		t.Fatal("shrink-then-grow exposed old bytes")
	}
	if a.Allocated() != 1000+200 {
		t.Fatalf("Allocated %d, want 1200", a.Allocated())
	}
	a.Reset()
}

// TestArenaResetInvalidatesAndReuses: Reset invalidates what was handed
// out and reuses the memory. Without Zeroed the memory comes back as it
// was left (the contract: contents unspecified); with Zeroed it is zero,
// and under Guard it is a fresh region.
func TestArenaResetInvalidatesAndReuses(t *testing.T) {
	for mode, opts := range arenaModes() {
		wantZero := mode == "guard" || strings.HasSuffix(mode, "zeroed")
		t.Run(mode, func(t *testing.T) {
			// The big block exercises the MADV_DONTNEED path.
			a := newArena(t, 16<<20, opts...)
			gen := a.Generation()
			small := mustAlloc(t, a, 4096, 64)
			big := mustAlloc(t, a, 9<<20, 4096)
			fill(small, 0xFF)
			fill(big, 0xFF)
			if err := a.CheckGeneration(gen); err != nil {
				t.Fatal(err)
			}
			a.Reset()
			err := a.CheckGeneration(gen)
			if !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "reset") {
				t.Fatalf("CheckGeneration after Reset: %v", err)
			}
			if a.Generation() == gen {
				t.Fatal("Reset kept the generation")
			}
			if s := a.Stats(); s.Allocated != 0 || s.Reserved != 0 || s.Live() != 0 {
				t.Fatalf("after Reset: %v", s)
			}
			if err := a.Free(small); err == nil {
				t.Fatal("Free of a block from before Reset succeeded")
			}
			gen = a.Generation()
			s2 := mustAlloc(t, a, 4096, 64)
			b2 := mustAlloc(t, a, 9<<20, 4096)
			switch {
			case wantZero && (!allZero(s2) || !allZero(b2)):
				t.Fatal("memory handed out after Reset is not zero")
			case !wantZero && (addrOf(s2) != addrOf(small) || !allAre(s2, 0xFF) || !allAre(b2, 0xFF)):
				t.Fatal("memory reused after Reset was not handed out as it was left")
			}
			if err := a.CheckGeneration(gen); err != nil {
				t.Fatal(err)
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			err = a.CheckGeneration(gen)
			if !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "released") {
				t.Fatalf("CheckGeneration after Close: %v", err)
			}
			if _, err := a.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
				t.Fatalf("Alloc after Close: %v", err)
			}
			if err := a.Free(s2); !errors.Is(err, mem.ErrReleased) {
				t.Fatalf("Free after Close: %v", err)
			}
			if err := a.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			a.Reset() // no effect on a released arena
			if _, err := a.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
				t.Fatalf("Alloc after Close and Reset: %v", err)
			}
		})
	}
}

// sinkByte keeps reads the tests need from being optimized away.
var sinkByte byte

// faults reports whether reading b[i] faults.
func faults(b []byte, i int) (faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { faulted = recover() != nil }()
	sinkByte = b[i]
	return false
}

func TestGuardFaultsOnStaleMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("guard mode uses mmap memory")
	}
	a := newArena(t, 1<<20, mem.Guard())
	old := mustAlloc(t, a, 4096, 64)
	old[10] = 42
	if faults(old, 10) {
		t.Fatal("live memory faulted")
	}
	a.Reset()
	if !faults(old, 10) {
		t.Fatal("a stale slice read memory after Reset")
	}
	fresh := mustAlloc(t, a, 4096, 64)
	if addrOf(fresh) == addrOf(old) || !allZero(fresh) {
		t.Fatal("a guarded arena reused an address after Reset")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !faults(fresh, 0) {
		t.Fatal("a stale slice read memory after Close")
	}
}

func TestWithArenaReleasesOnEveryPath(t *testing.T) {
	var kept *mem.Arena
	err := mem.WithArena(1<<20, func(a *mem.Arena) error {
		kept = a
		_, err := a.Alloc(100, 8)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kept.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("arena usable after WithArena returned: %v", err)
	}

	boom := errors.New("boom")
	if err := mem.WithArena(1<<20, func(a *mem.Arena) error { kept = a; return boom }); err != boom {
		t.Fatalf("WithArena lost fn's error: %v", err)
	}
	if _, err := kept.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("arena usable after fn failed: %v", err)
	}

	func() {
		defer func() {
			if r := recover(); r != "panic in fn" {
				t.Fatalf("recovered %v, want fn's panic", r)
			}
		}()
		mem.WithArena(1<<20, func(a *mem.Arena) error {
			kept = a
			panic("panic in fn")
		})
	}()
	if _, err := kept.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("arena usable after fn panicked: %v", err)
	}

	if err := mem.WithArena(-5, func(*mem.Arena) error { t.Fatal("fn ran"); return nil }); !errors.Is(err, mem.ErrInvalidSize) {
		t.Fatalf("WithArena(-5): %v", err)
	}
}

// TestReleaseReturnsMemoryToTheOS fills 256 MiB of arena and checks the
// process's resident set grows by about that much and shrinks back after
// Close (and after a guarded arena's Close too).
func TestReleaseReturnsMemoryToTheOS(t *testing.T) {
	if raceEnabled {
		t.Skip("RSS is noisy under the race detector's shadow memory")
	}
	if _, err := os.Stat(osmem.StatmPath); err != nil {
		t.Skip("no /proc:", err)
	}
	const size = 256 << 20
	for mode, opts := range map[string][]mem.Option{"mmap": nil, "guard": {mem.Guard()}} {
		t.Run(mode, func(t *testing.T) {
			runtime.GC()
			before := rss(t)
			a, err := mem.NewArena(size, opts...)
			if err != nil {
				t.Fatal(err)
			}
			b := mustAlloc(t, a, size-4096, 4096)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			touched := rss(t)
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			after := rss(t)
			t.Logf("RSS %d MiB before, %d MiB touched, %d MiB after Close", before>>20, touched>>20, after>>20)
			if touched-before < size*8/10 {
				t.Fatalf("touching %d MiB raised RSS by only %d MiB", size>>20, (touched-before)>>20)
			}
			if touched-after < size*8/10 || after-before > size/10 {
				t.Fatalf("Close gave back only %d MiB", (touched-after)>>20)
			}
		})
	}
}

func TestTrimReturnsUnusedMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("RSS is noisy under the race detector's shadow memory")
	}
	if _, err := os.Stat(osmem.StatmPath); err != nil {
		t.Skip("no /proc:", err)
	}
	const size = 128 << 20
	a := newArena(t, size+(1<<20))
	keep := mustAlloc(t, a, 100, 8)
	keep[0] = 9
	runtime.GC()
	before := rss(t)
	b := mustAlloc(t, a, size, 4096)
	fill(b, 0xCC)
	touched := rss(t)
	mustFree(t, a, b) // the last block: its space is free again, still resident
	if err := a.Trim(); err != nil {
		t.Fatal(err)
	}
	trimmed := rss(t)
	t.Logf("RSS %d MiB before, %d MiB touched, %d MiB after Trim", before>>20, touched>>20, trimmed>>20)
	if touched-trimmed < size*8/10 {
		t.Fatalf("Trim gave back only %d MiB of %d", (touched-trimmed)>>20, size>>20)
	}
	b = mustAlloc(t, a, size, 4096)
	if !allZero(b) || keep[0] != 9 {
		t.Fatal("Trim lost the live block or left old bytes in the space")
	}
	mustFree(t, a, b)
	mustFree(t, a, keep)
}

func rss(t *testing.T) int64 {
	t.Helper()
	r, err := osmem.RSS()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestArenaAllocationCausesNoGC: 10^6 arena allocations, with Reset when the
// arena fills, allocate nothing on the Go heap and so cause no GC cycle.
func TestArenaAllocationCausesNoGC(t *testing.T) {
	a := newArena(t, 8<<20)
	loop := func(n int) {
		for range n {
			if a.Remaining() < 1024+64+16 {
				a.Reset()
			}
			b, err := a.Alloc(1024, 64)
			if err != nil {
				panic(err)
			}
			b[0] = 1
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { loop(1000) }); allocs != 0 {
		t.Fatalf("%v Go heap allocations per 1000 arena allocations", allocs)
	}
	runtime.GC()
	before := mem.GCCycles()
	loop(1_000_000)
	if cycles := mem.GCCycles() - before; cycles != 0 {
		t.Fatalf("10^6 arena allocations caused %d GC cycles", cycles)
	}
	a.Reset()
}

func TestGCCyclesCounts(t *testing.T) {
	before := mem.GCCycles()
	runtime.GC()
	if mem.GCCycles() <= before {
		t.Fatal("GCCycles did not count a runtime.GC()")
	}
}
