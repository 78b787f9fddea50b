package numa

import (
	"errors"
	"slices"
	"syscall"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// The contract mem's intelligent allocator uses for NUMA awareness.
var _ mem.NodePlacer = (*Strategy)(nil)

// TestIntelligentPlacesThroughStrategy: mem's intelligent allocator, made
// NUMA-aware with a Strategy, puts large requests where the kernel says.
func TestIntelligentPlacesThroughStrategy(t *testing.T) {
	c := needsKernel(t)
	s := NewStrategy(StrategyConfig{})
	defer s.Close()
	in, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithNUMAAwareness(s))
	if err != nil {
		t.Fatal(err)
	}
	if st := in.NUMA(); !st.Active || st.Nodes != s.NodeCount() {
		t.Fatalf("NUMA status %+v with %d nodes", st, s.NodeCount())
	}
	b, err := in.Alloc(4<<20, 64)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlacementOf(b)
	if err != nil || p.Resident() != p.Pages {
		t.Fatalf("4 MiB through Intelligent: %v, %v", p, err)
	}
	for _, n := range p.Nodes() {
		if !slices.Contains(c.Nodes(), n) {
			t.Fatalf("pages on node %d, outside %v", n, c.Nodes())
		}
	}
	if err := in.Free(b); err != nil {
		t.Fatal(err)
	}
}

func TestStrategyOnThisMachine(t *testing.T) {
	s := NewStrategy(StrategyConfig{LocalPreference: true})
	defer s.Close()
	nodes := Support().Nodes()
	if s.NodeCount() < len(nodes) || !slices.Equal(s.Nodes(), nodes) || s.NodeCount() <= nodes[len(nodes)-1] {
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
	if a.Policy().String() != Preferred(nodes[0]).String() {
		t.Fatalf("LocalPreference gave %v", a)
	}
	b, err := a.Alloc(10000, 64)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := PlacementOf(b); Support().Acts() && (err != nil || p.Resident() != p.Pages) {
		t.Fatalf("placement %v, %v", p, err)
	}
	if _, err := s.AllocatorForNode(s.NodeCount()); !errors.Is(err, ErrNode) {
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
		if a.Policy().String() != c.node || d.Policy().String() != c.def || s.NodeCount() != 4 {
			t.Errorf("%+v: node %v default %v count %d; want %s %s 4", c.cfg, a, d, s.NodeCount(), c.node, c.def)
		}
		if il := d; c.cfg.Interleave && !slices.Equal(il.Nodes(), []int{0, 1, 2, 3}) {
			t.Errorf("interleave over %v", il.Nodes())
		}
		s.Close()
	}
	refused := probe(fake("four"), kernelSays(syscall.EPERM))
	s := &Strategy{capab: &refused}
	if s.NodeCount() != 1 {
		t.Fatalf("refused: NodeCount %d, want 1 (working as one node)", s.NodeCount())
	}
	one, err := s.AllocatorForNode(0)
	if err != nil {
		t.Fatalf("refused on four nodes: AllocatorForNode(0): %v", err)
	}
	if ok, why := one.Applied(); ok || one.Policy().String() != "local" {
		t.Fatalf("refused: node 0's allocator %v claims placement (%q)", one, why)
	}
	if _, err := s.AllocatorForNode(1); !errors.Is(err, ErrNode) {
		t.Fatalf("refused: AllocatorForNode(1): %v", err)
	}
	s.Close()
	var zero Strategy
	if zero.NodeCount() < 1 {
		t.Fatal("the zero Strategy has no node")
	}
	if _, err := zero.Allocator(); err != nil {
		t.Fatal(err)
	}
	zero.Close()
}

// TestStrategyNumbersEveryNode: mem's intelligent allocator asks for nodes
// 0 to NodeCount()-1; numbers that cannot take memory get the nearest node
// that can.
func TestStrategyNumbersEveryNode(t *testing.T) {
	cases := []struct {
		tree  string
		count int
		want  []string // AllocatorForNode(0), (1), ... policies
	}{
		{"memoryless", 3, []string{"bind(0)", "bind(0)", "bind(2)"}},
		{"cpuset", 2, []string{"bind(1)", "bind(1)"}},
		{"offline", 4, []string{"bind(0)", "bind(1)", "bind(0)", "bind(3)"}},
		{"four", 4, []string{"bind(0)", "bind(1)", "bind(2)", "bind(3)"}},
	}
	for _, c := range cases {
		capab := probe(fake(c.tree), kernelSays(nil))
		s := &Strategy{capab: &capab}
		if s.NodeCount() != c.count {
			t.Errorf("%s: NodeCount %d, want %d", c.tree, s.NodeCount(), c.count)
		}
		for node, want := range c.want {
			a, err := s.AllocatorForNode(node)
			if err != nil || a.Policy().String() != want {
				t.Errorf("%s: AllocatorForNode(%d) = %v, %v; want %s", c.tree, node, a, err, want)
			}
		}
		if _, err := s.AllocatorForNode(c.count); !errors.Is(err, ErrNode) {
			t.Errorf("%s: AllocatorForNode(%d): %v", c.tree, c.count, err)
		}
		s.Close()
	}
	memless := probe(fake("memoryless"), kernelSays(nil))
	s := &Strategy{capab: &memless}
	a0, _ := s.AllocatorForNode(0)
	a1, _ := s.AllocatorForNode(1)
	if a0 != a1 {
		t.Error("the memoryless node's allocator is not node 0's (one allocator per target node)")
	}
	s.Close()
}

// TestNodeAllocator: Strategy is a mem.NodePlacer through NodeAllocator,
// which returns a nil interface (not a typed nil) on error, and the same
// allocator AllocatorForNode returns.
func TestNodeAllocator(t *testing.T) {
	var p mem.NodePlacer = NewStrategy(StrategyConfig{})
	s := p.(*Strategy)
	defer s.Close()
	a, err := p.NodeAllocator(0)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := s.AllocatorForNode(0); a != mem.Allocator(c) {
		t.Fatal("NodeAllocator(0) is not AllocatorForNode(0)")
	}
	if a, err := p.NodeAllocator(p.NodeCount()); a != nil || !errors.Is(err, ErrNode) {
		t.Fatalf("NodeAllocator past the last node = %v, %v; want a nil interface and ErrNode", a, err)
	}
}
