package mem

import (
	"errors"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
)

// TestGuardedResetReportsTheOS: a guarded arena whose old region the OS
// refuses to protect (here: unmapped behind its back, so mprotect fails)
// returns an error from Reset instead of panicking, and stays usable: the
// generation moved on and the next Alloc maps a fresh region.
func TestGuardedResetReportsTheOS(t *testing.T) {
	a, err := NewArena(1<<20, Guard())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := a.Alloc(100, 8)
	if err != nil {
		t.Fatal(err)
	}
	gen := a.Generation()
	if err := osmem.Unmap(a.chunk); err != nil {
		t.Skip("cannot unmap the region to make Retire fail:", err)
	}
	err = a.Reset()
	if err == nil || !strings.Contains(err.Error(), "Guard") {
		t.Fatalf("Reset with a region the OS cannot protect: %v, want an error naming Guard", err)
	}
	if a.Generation() == gen || !errors.Is(a.CheckGeneration(gen), ErrReleased) {
		t.Fatal("the failed Reset did not move the generation on")
	}
	if err := a.Free(b); !errors.Is(err, ErrReleased) {
		t.Fatalf("Free of a block from before the Reset: %v, want ErrReleased", err)
	}
	if _, err := a.Alloc(100, 8); err != nil {
		t.Fatalf("Alloc after the failed Reset: %v", err)
	}
}
