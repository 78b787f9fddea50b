package nd_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

var errFrozen = errors.New("frozen for the test")

// frozen is a heap allocator that declares its memory read-only.
type frozen struct{ mem.Allocator }

func (frozen) ReadOnly() error { return errFrozen }

// wrapped hides an allocator behind mem.Wrapper.
type wrapped struct{ mem.Allocator }

func (w wrapped) Unwrap() mem.Allocator { return w.Allocator }

func TestReadOnlyAllocatorRefusesSet(t *testing.T) {
	for name, alloc := range map[string]mem.Allocator{
		"direct":  frozen{mem.NewSystem()},
		"wrapped": wrapped{frozen{mem.NewSystem()}},
	} {
		a, err := nd.Empty[float64]([]int{2, 2}, nd.With(alloc))
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(a.Writable(), errFrozen) {
			t.Fatalf("%s: Writable() = %v", name, a.Writable())
		}
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), errFrozen.Error()) {
					t.Errorf("%s: Set panicked with %v, want the allocator's reason", name, r)
				}
			}()
			a.Set(1, 0, 1)
		}()
		if a.At(0, 1) != 0 {
			t.Errorf("%s: the refused Set wrote", name)
		}
	}
	b, _ := nd.Zeros[float64]([]int{2})
	if b.Writable() != nil {
		t.Fatal("a heap array is not writable")
	}
	b.Set(3, 1)
	if b.At(1) != 3 {
		t.Fatal("Set on a writable array did not write")
	}
}
