package mem_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// The raw API knows a block by address and length only. These tests pin
// down what it can tell about stale slices, and what Guard adds.

func TestPoolCloseInvalidatesGeneration(t *testing.T) {
	p, err := mem.NewPool(8192, 4)
	if err != nil {
		t.Fatal(err)
	}
	gen := p.Generation()
	if err := p.CheckGeneration(gen); err != nil {
		t.Fatalf("open pool: %v", err)
	}
	if g, ok := mem.GenerationalOf(p); !ok || g != p {
		t.Fatal("a Pool is not its own Generational")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	err = p.CheckGeneration(gen)
	if !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "pool was closed") {
		t.Fatalf("after Close: %v, want ErrReleased saying the pool was closed", err)
	}
}

func TestGuardedPoolQuarantinesFreedBlocks(t *testing.T) {
	if raceEnabled {
		t.Skip("guard mode uses mmap memory")
	}
	p, err := mem.NewPool(100, 3, mem.Guard())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	b1, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	b1[0] = 7
	if err := p.Put(b1); err != nil {
		t.Fatal(err)
	}
	if !faults(b1, 0) {
		t.Fatal("a quarantined block is still readable")
	}
	// Never-used blocks are handed out before the quarantined one.
	b2, _ := p.Get()
	b3, _ := p.Get()
	for _, b := range [][]byte{b2, b3} {
		if addrOf(b) == addrOf(b1) {
			t.Fatal("a freed block was handed out again while others were free")
		}
	}
	// The stale slice's second Put is caught, not a silent free.
	if err := p.Put(b1); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("stale Put of a quarantined block: %v, want ErrDoubleFree", err)
	}
	if got := p.Available(); got != 1 {
		t.Fatalf("Available = %d, want 1 (the quarantined block)", got)
	}
	// With nothing else free, the oldest quarantined block comes back,
	// readable and cleared.
	b4, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	if addrOf(b4) != addrOf(b1) || faults(b4, 0) || b4[0] != 0 {
		t.Fatalf("the quarantined block did not come back readable and zero")
	}
	for _, b := range [][]byte{b2, b3, b4} {
		mustFree(t, p, b)
	}
	if s := p.Stats(); s.Allocated != 0 || s.Live() != 0 {
		t.Fatalf("accounting after the round: %v", s)
	}
}

func TestArenaStaleFreeAfterResetIsReleased(t *testing.T) {
	a := newArena(t, 1<<20)
	old := mustAlloc(t, a, 256, 64)
	a.Reset()
	// Nothing overwrote the old block's header: Free recognizes it.
	if err := a.Free(old); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Free of a block from before Reset: %v, want ErrReleased", err)
	}
}

func TestArenaUnguardedABAIsDocumented(t *testing.T) {
	// Without Guard a stale slice that coincides with a live block (same
	// address and size) frees it: the raw API cannot tell them apart. This
	// test pins the documented limit, so a change of behaviour is seen.
	a := newArena(t, 1<<20)
	old := mustAlloc(t, a, 256, 64)
	a.Reset()
	live := mustAlloc(t, a, 256, 64)
	if addrOf(live) != addrOf(old) {
		t.Skip("the arena did not reuse the address")
	}
	if err := a.Free(old); err != nil {
		t.Fatalf("stale Free coinciding with a live block: %v (the doc says it frees that block)", err)
	}
}

func TestGuardedArenaCatchesStaleFrees(t *testing.T) {
	if raceEnabled {
		t.Skip("guard mode uses mmap memory")
	}
	a := newArena(t, 1<<20, mem.Guard())
	old := mustAlloc(t, a, 256, 64)
	a.Reset()
	live := mustAlloc(t, a, 256, 64)
	if addrOf(live) == addrOf(old) {
		t.Fatal("a guarded arena handed an address out again after Reset")
	}
	if err := a.Free(old); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("stale Free across a guarded Reset: %v, want ErrReleased", err)
	}
	// Within a generation the space of a freed last block is not reused.
	mustFree(t, a, live)
	next := mustAlloc(t, a, 256, 64)
	if addrOf(next) == addrOf(live) {
		t.Fatal("a guarded arena reused a freed block's space within a generation")
	}
	if err := a.Free(live); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("stale Free within a generation: %v, want ErrDoubleFree", err)
	}
	mustFree(t, a, next)
	if s := a.Stats(); s.Allocated != 0 {
		t.Fatalf("accounting: %v", s)
	}
}

func TestGuardedMemoryLeavesTheMappedCount(t *testing.T) {
	if raceEnabled {
		t.Skip("guard mode uses mmap memory")
	}
	// Retired memory holds nothing and can hold nothing: it must not count
	// as numgo's off-heap bytes (the monitor's AutoMemLimit subtracts them).
	before := osmem.AnonMapped()
	a := newArena(t, 4<<20, mem.Guard())
	mustAlloc(t, a, 1<<20, 64)
	a.Reset()
	mustAlloc(t, a, 1<<20, 64) // a fresh region
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	p, err := mem.NewPool(4096, 8, mem.Guard())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Get()
	mustFree(t, p, b) // quarantined: still part of the open pool's slab
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if got := osmem.AnonMapped() - before; got != 0 {
		t.Fatalf("%d bytes of retired memory still count as mapped", got)
	}
}
