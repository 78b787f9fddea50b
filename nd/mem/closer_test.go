package mem_test

import (
	"errors"
	"io"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// TestOwnersAreClosers: every allocator that owns memory is an io.Closer,
// and closing it through that interface gives the memory back: later
// allocations fail with ErrReleased, and a second Close is nil.
func TestOwnersAreClosers(t *testing.T) {
	type owner interface {
		mem.Allocator
		io.Closer
	}
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := mem.NewPool(256, 4)
	if err != nil {
		t.Fatal(err)
	}
	intel, err := mem.NewIntelligent(mem.IntelligentConfig{})
	if err != nil {
		t.Fatal(err)
	}
	co, err := mem.NewCacheOptimized(mem.CacheConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []owner{arena, pool, mem.NewThreadSafe(), intel, co} {
		if _, err := o.Alloc(64, 8); err != nil {
			t.Fatalf("%T: Alloc: %v", o, err)
		}
		var c io.Closer = o
		if err := c.Close(); err != nil {
			t.Fatalf("%T: Close: %v", o, err)
		}
		if _, err := o.Alloc(64, 8); !errors.Is(err, mem.ErrReleased) {
			t.Errorf("%T: Alloc after Close: %v, want ErrReleased", o, err)
		}
		if err := c.Close(); err != nil {
			t.Errorf("%T: second Close: %v", o, err)
		}
	}
}
