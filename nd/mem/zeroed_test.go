package mem_test

import (
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

func scribble(b []byte) {
	for i := range b {
		b[i] = 0xAB
	}
}

// TestAllocZeroed checks the promise on memory that was written before:
// an arena's block reused after Free and after Reset, a pool's block
// reused after Put (through the Alloc-and-clear fallback), and System's.
func TestAllocZeroed(t *testing.T) {
	const n = 1 << 16
	a, err := mem.NewArena(4 * n)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := a.Alloc(n, 64)
	if err != nil {
		t.Fatal(err)
	}
	scribble(b)
	if err := a.Free(b); err != nil {
		t.Fatal(err)
	}
	b, err = a.AllocZeroed(n, 64)
	if err != nil {
		t.Fatal(err)
	}
	if !allZero(b) {
		t.Fatal("Arena.AllocZeroed after Free of the last block: old bytes left")
	}
	scribble(b)
	a.Reset()
	b, err = mem.AllocZeroed(a, n+100, 64) // longer than what was written
	if err != nil {
		t.Fatal(err)
	}
	if !allZero(b) {
		t.Fatal("Arena.AllocZeroed after Reset: old bytes left")
	}

	p, err := mem.NewPool(n, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, ok := mem.Allocator(p).(mem.ZeroedAllocator); ok {
		t.Fatal("Pool implements ZeroedAllocator: this test no longer covers the fallback")
	}
	for range 3 {
		b, err := mem.AllocZeroed(p, n, 64)
		if err != nil {
			t.Fatal(err)
		}
		if !allZero(b) {
			t.Fatal("AllocZeroed over a Pool: a reused block was not cleared")
		}
		scribble(b)
		if err := p.Free(b); err != nil {
			t.Fatal(err)
		}
	}

	s := mem.NewSystem()
	b, err = mem.AllocZeroed(s, n, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if !allZero(b) || addrOf(b)%4096 != 0 || s.Allocated() != n {
		t.Fatalf("System.AllocZeroed: zero %v, aligned %v, Allocated %d", allZero(b), addrOf(b)%4096 == 0, s.Allocated())
	}
	if err := s.Free(b); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.AllocZeroed(s, 0, 8); err == nil {
		t.Fatal("AllocZeroed(0) succeeded")
	}
}
