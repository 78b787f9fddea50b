package mem_test

import (
	"errors"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// TestIntelligentSecondFreeIsDoubleFree is the review's case: a second
// Free of an off-heap buffer (its mapping gone back to the OS) was routed
// to the heap and reported ErrForeign. Every route must say ErrDoubleFree,
// for Free and for Realloc, and change nothing.
func TestIntelligentSecondFreeIsDoubleFree(t *testing.T) {
	node, err := mem.NewArena(8 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	for _, numa := range []bool{false, true} {
		var opts []mem.IntelligentOption
		if numa {
			opts = append(opts, mem.WithNUMAAwareness(&fakePlacer{nodes: []*mem.Arena{node}}))
		}
		in, err := mem.NewIntelligent(mem.IntelligentConfig{PoolThreshold: 512, ArenaThreshold: 2048}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		checked(t, in)
		for _, size := range []int{100, 1000, 1 << 20} { // pool, heap, off-heap or NUMA
			route, _ := in.Route(size)
			b := mustAlloc(t, in, size, 64)
			mustFree(t, in, b)
			before := in.Stats()
			if err := in.Free(b); !errors.Is(err, mem.ErrDoubleFree) {
				t.Errorf("%s route: second Free: %v, want ErrDoubleFree", route, err)
			}
			if _, err := in.Realloc(b, 2*size, 64); !errors.Is(err, mem.ErrDoubleFree) {
				t.Errorf("%s route: Realloc after Free: %v, want ErrDoubleFree", route, err)
			}
			if after := in.Stats(); after.Allocated != before.Allocated || after.Frees != before.Frees || after.Allocs != before.Allocs {
				t.Errorf("%s route: refused calls changed the accounting: %v -> %v", route, before, after)
			}
		}
		in.Close()
	}
}
