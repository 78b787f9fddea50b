package memtest_test

import (
	"errors"
	"math"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mem/memtest"
)

// TestPoisoned runs the contract checks on Poisoned over a System, and
// checks the fill: what Alloc and the growth of Realloc hand out is
// Poison, what Realloc keeps is kept, AllocZeroed still gives zeros, and
// arrays made on it read NaN from Empty, zeros from Zeros, and see an
// arena's Reset beneath it.
func TestPoisoned(t *testing.T) {
	memtest.Run(t, memtest.Factory{
		New:   func(*testing.T) memtest.Allocator { return memtest.Poisoned(mem.NewSystem()) },
		Dirty: true,
	})
	p := memtest.Checked(t, memtest.Poisoned(mem.NewSystem()))
	b := memtest.MustAlloc(t, p, 100, 8)
	if !memtest.AllAre(b, memtest.Poison) {
		t.Fatal("Alloc did not poison the buffer")
	}
	memtest.Fill(b, 7)
	b, err := p.Realloc(b, 300, 8)
	if err != nil || !memtest.AllAre(b[:100], 7) || !memtest.AllAre(b[100:], memtest.Poison) {
		t.Fatalf("Realloc(100 -> 300): %v; want the first 100 bytes kept and the rest poisoned", err)
	}
	memtest.MustFree(t, p, b)
	if _, ok := p.(mem.ZeroedAllocator); ok {
		t.Fatal("Poisoned implements mem.ZeroedAllocator")
	}
	z, err := mem.AllocZeroed(p, 64, 8)
	if err != nil || !memtest.AllAre(z, 0) {
		t.Fatalf("AllocZeroed: %v, zero %v", err, memtest.AllAre(z, 0))
	}
	memtest.MustFree(t, p, z)

	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	for name, a := range map[string]mem.Allocator{"System": p, "Arena": memtest.Poisoned(arena)} {
		e, err := nd.Empty[float64]([]int{3}, nd.With(a))
		if err != nil {
			t.Fatal(err)
		}
		zs, err := nd.Zeros[int32]([]int{3}, nd.With(a))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if !math.IsNaN(e.At(i)) || zs.At(i) != 0 {
				t.Fatalf("%s: Empty reads %v, Zeros %v; want NaN and 0", name, e.At(i), zs.At(i))
			}
		}
		if name == "Arena" {
			if err := arena.Reset(); err != nil {
				t.Fatal(err)
			}
			if err := e.Err(); !errors.Is(err, mem.ErrReleased) {
				t.Fatalf("an array on Poisoned(arena) after Reset: %v, want ErrReleased", err)
			}
			continue
		}
		e.Free()
		zs.Free()
	}
}
