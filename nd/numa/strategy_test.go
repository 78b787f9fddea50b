package numa

import (
	"errors"
	"slices"
	"syscall"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// nodePlacer is the contract mem's intelligent allocator uses for NUMA
// awareness (mem.NodePlacer): the Strategy must satisfy it exactly.
type nodePlacer interface {
	NodeCount() int
	CurrentNode() int
	AllocatorForNode(node int) (mem.Allocator, error)
}

var _ nodePlacer = (*Strategy)(nil)

func TestStrategyOnThisMachine(t *testing.T) {
	s := NewStrategy(StrategyConfig{LocalPreference: true})
	defer s.Close()
	nodes := Support().Nodes()
	if s.NodeCount() != len(nodes) || !slices.Equal(s.Nodes(), nodes) {
		t.Fatalf("NodeCount %d nodes %v, want %v", s.NodeCount(), s.Nodes(), nodes)
	}
	cur := s.CurrentNode()
	if cur < 0 {
		t.Fatalf("CurrentNode %d", cur)
	}
	a, err := s.AllocatorForNode(nodes[0])
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.AllocatorForNode(nodes[0])
	if a != again {
		t.Fatal("a second AllocatorForNode made another allocator")
	}
	if a.(*Allocator).Policy().String() != Preferred(nodes[0]).String() {
		t.Fatalf("LocalPreference gave %v", a)
	}
	b, err := a.Alloc(10000, 64)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := PlacementOf(b); Support().Acts() && (err != nil || p.Resident() != p.Pages) {
		t.Fatalf("placement %v, %v", p, err)
	}
	if _, err := s.AllocatorForNode(nodes[len(nodes)-1] + 1); !errors.Is(err, ErrNode) {
		t.Fatalf("a node past the last: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Free(b); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Free after the strategy closed: %v", err)
	}
	fresh, err := s.AllocatorForNode(nodes[0])
	if err != nil || fresh == a {
		t.Fatalf("after Close: %v, same allocator %v", err, fresh == a)
	}
}

func TestStrategyConfigChoosesPolicies(t *testing.T) {
	four := probe(fake("four"), kernelSays(nil))
	for _, c := range []struct {
		cfg       StrategyConfig
		node, def string
	}{
		{StrategyConfig{}, "bind(2)", "local"},
		{StrategyConfig{LocalPreference: true}, "preferred(2)", "local"},
		{StrategyConfig{Interleave: true}, "bind(2)", "interleave(all)"},
	} {
		s := &Strategy{cfg: c.cfg, capab: &four}
		a, err := s.AllocatorForNode(2)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Allocator()
		if err != nil {
			t.Fatal(err)
		}
		if a.(*Allocator).Policy().String() != c.node || d.(*Allocator).Policy().String() != c.def || s.NodeCount() != 4 {
			t.Errorf("%+v: node %v default %v count %d; want %s %s 4", c.cfg, a, d, s.NodeCount(), c.node, c.def)
		}
		if il := d.(*Allocator); c.cfg.Interleave && !slices.Equal(il.Nodes(), []int{0, 1, 2, 3}) {
			t.Errorf("interleave over %v", il.Nodes())
		}
		s.Close()
	}
	refused := probe(fake("four"), kernelSays(syscall.EPERM))
	s := &Strategy{capab: &refused}
	if s.NodeCount() != 1 {
		t.Fatalf("refused: NodeCount %d, want 1 (working as one node)", s.NodeCount())
	}
	if _, err := s.AllocatorForNode(0); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("refused on four nodes: AllocatorForNode(0): %v", err)
	}
	var zero Strategy
	if zero.NodeCount() < 1 {
		t.Fatal("the zero Strategy has no node")
	}
	if _, err := zero.Allocator(); err != nil {
		t.Fatal(err)
	}
	zero.Close()
}
