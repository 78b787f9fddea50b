package numa

import (
	"errors"
	"slices"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
)

// TestMbindArgsForEveryPolicy pins down the mode, node mask and flags
// mbind gets for each policy.
func TestMbindArgsForEveryPolicy(t *testing.T) {
	const flags = osmem.MPOLMFStrict | osmem.MPOLMFMove
	cases := []struct {
		p       Policy
		nodes   []int
		current int
		mode    int
		mask    osmem.NodeMask
		name    string
	}{
		{Local, nil, 0, osmem.MPOLPreferred, osmem.NodeMask{0b1}, "local"},
		{Local, nil, 3, osmem.MPOLPreferred, osmem.NodeMask{0b1000}, "local"},
		{Policy{}, nil, -1, osmem.MPOLLocal, nil, "local"},
		{Interleave(0, 2), []int{0, 2}, 1, osmem.MPOLInterleave, osmem.NodeMask{0b101}, "interleave(0,2)"},
		{Interleave(), []int{0, 1, 2, 3}, 0, osmem.MPOLInterleave, osmem.NodeMask{0b1111}, "interleave(all)"},
		{Interleave(3, 1, 3), []int{1, 3}, 0, osmem.MPOLInterleave, osmem.NodeMask{0b1010}, "interleave(1,3)"},
		{Bind(1), []int{1}, 0, osmem.MPOLBind, osmem.NodeMask{0b10}, "bind(1)"},
		{Bind(64), []int{64}, 0, osmem.MPOLBind, osmem.NodeMask{0, 1}, "bind(64)"},
		{Preferred(70), []int{70}, 0, osmem.MPOLPreferred, osmem.NodeMask{0, 1 << 6}, "preferred(70)"},
	}
	for _, c := range cases {
		mode, mask, fl := c.p.mbindArgs(c.nodes, c.current)
		if mode != c.mode || !slices.Equal(mask, c.mask) || fl != flags {
			t.Errorf("%v (current %d): mode %d mask %b flags %#x; want %d %b %#x", c.p, c.current, mode, mask, fl, c.mode, c.mask, flags)
		}
		if c.p.String() != c.name {
			t.Errorf("String %q, want %q", c.p.String(), c.name)
		}
	}
}

func TestResolve(t *testing.T) {
	four := probe(fake("four"), kernelSays(nil))
	if got, err := Interleave().resolve(four); err != nil || !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("Interleave() on four nodes: %v, %v", got, err)
	}
	cpuset := probe(fake("cpuset"), kernelSays(nil))
	if got, err := Interleave().resolve(cpuset); err != nil || !slices.Equal(got, []int{1}) {
		t.Errorf("Interleave() under a cpuset: %v, %v", got, err)
	}
	if _, err := Interleave(0, 1).resolve(cpuset); !errors.Is(err, ErrNode) {
		t.Errorf("Interleave(0, 1) under a cpuset allowing 1: %v", err)
	}
	if _, err := Bind(4).resolve(four); !errors.Is(err, ErrNode) {
		t.Errorf("Bind(4) on four nodes: %v", err)
	}
	if got, err := Preferred(3).resolve(four); err != nil || !slices.Equal(got, []int{3}) {
		t.Errorf("Preferred(3): %v, %v", got, err)
	}
}
