package numa

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/numgo/numgo/nd/mem"
)

// StrategyConfig configures a Strategy, as the guide's NumaAwareStrategy
// builder does.
type StrategyConfig struct {
	// LocalPreference makes AllocatorForNode prefer its node and fall back
	// to others when it is full (Preferred); without it the node is
	// binding (Bind).
	LocalPreference bool
	// Interleave makes Allocator spread memory over every allowed node
	// (Interleave); without it Allocator places memory locally (Local).
	Interleave bool
}

// Strategy answers the questions a NUMA-aware allocation strategy asks:
// how many nodes, which one the caller is on, and an allocator for a
// node. It is what mem's intelligent allocator uses in its NUMA-aware
// mode (through mem's NodePlacer interface: NodeCount, CurrentNode and
// NodeAllocator). AllocatorForNode and Allocator return the concrete
// *Allocator, so Policy, Applied and Close are at hand.
//
// Node numbers run from 0 to NodeCount()-1, as mem's intelligent allocator
// indexes them; a number that cannot take memory itself is served by the
// nearest node that can. The allocators it hands out are made once per
// node and shared; Close closes them all. The zero Strategy is usable,
// with the zero config, on this machine as Support reports it. Where
// placement cannot act it works as one node (NodeCount 1, node 0) and its
// allocators say so (Applied).
//
//	s := numa.NewStrategy(numa.StrategyConfig{LocalPreference: true})
//	defer s.Close()
//	fmt.Println(s.NodeCount(), s.CurrentNode())
//	a, err := s.AllocatorForNode(0)
type Strategy struct {
	cfg StrategyConfig

	mu     sync.Mutex
	capab  *Capability        // nil: Support()
	byNode map[int]*Allocator // by the node the memory goes to
	def    *Allocator
}

// NewStrategy returns a strategy with cfg for this machine.
func NewStrategy(cfg StrategyConfig) *Strategy { return &Strategy{cfg: cfg} }

// Capability returns what placement can do for the strategy.
func (s *Strategy) Capability() Capability {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.capabLocked()
}

func (s *Strategy) capabLocked() Capability {
	if s.capab == nil {
		c := Support()
		s.capab = &c
	}
	return *s.capab
}

// NodeCount returns the number of node numbers the strategy answers for:
// one more than the highest online node, so that CurrentNode is always
// below it and AllocatorForNode serves every number from 0 to
// NodeCount()-1 (1 where placement cannot act). Nodes lists those memory
// may actually be placed on.
func (s *Strategy) NodeCount() int { return nodeCount(s.Capability()) }

// nodeCount is NodeCount under c.
func nodeCount(c Capability) int {
	if !c.Acts() {
		return 1
	}
	return c.Topology.Nodes[len(c.Topology.Nodes)-1].ID + 1
}

// Nodes returns the nodes memory may be placed on.
func (s *Strategy) Nodes() []int { return s.Capability().Nodes() }

// CurrentNode returns the node the caller runs on now (see CurrentNode).
func (s *Strategy) CurrentNode() int { return CurrentNode() }

// AllocatorForNode returns the strategy's allocator for node, for node
// from 0 to NodeCount()-1: Preferred with LocalPreference, Bind
// otherwise. A node that cannot take memory itself (memoryless, offline,
// or outside the process's cpuset) is served by the allowed node nearest
// to it by the kernel's distances, as the kernel serves a CPU on a
// memoryless node; the allocator's Nodes says which. Where placement
// cannot act, node 0 gets a Local allocator that works as one node (its
// Applied says why). A node number outside the range is an error wrapping
// ErrNode.
func (s *Strategy) AllocatorForNode(node int) (*Allocator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.capabLocked()
	count := nodeCount(c)
	if node < 0 || node >= count {
		return nil, fmt.Errorf("%w: AllocatorForNode(%d): the strategy answers for nodes 0 to %d; memory may be placed on node(s) %s",
			ErrNode, node, count-1, formatList(c.Nodes()))
	}
	target, p := 0, Local
	if c.Acts() {
		target = c.nearestAllowed(node)
		p = Bind(target)
		if s.cfg.LocalPreference {
			p = Preferred(target)
		}
	}
	if a, ok := s.byNode[target]; ok {
		return a, nil
	}
	a, err := newAllocator(c, p)
	if err != nil {
		return nil, err
	}
	if s.byNode == nil {
		s.byNode = make(map[int]*Allocator)
	}
	s.byNode[target] = a
	return a, nil
}

// NodeAllocator is AllocatorForNode as mem.NodePlacer asks for it (a
// mem.Allocator, nil on error), for mem.WithNUMAAwareness.
func (s *Strategy) NodeAllocator(node int) (mem.Allocator, error) {
	a, err := s.AllocatorForNode(node)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Allocator returns the strategy's allocator for memory not tied to a
// node: Interleave over every allowed node with Interleave set, Local
// otherwise.
func (s *Strategy) Allocator() (*Allocator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.def != nil {
		return s.def, nil
	}
	p := Local
	if s.cfg.Interleave {
		p = Interleave()
	}
	a, err := newAllocator(s.capabLocked(), p)
	if err != nil {
		return nil, err
	}
	s.def = a
	return a, nil
}

// Close closes every allocator the strategy handed out (see
// Allocator.Close); the strategy makes fresh ones if used again.
func (s *Strategy) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, n := range slices.Sorted(maps.Keys(s.byNode)) {
		errs = append(errs, s.byNode[n].Close())
	}
	if s.def != nil {
		errs = append(errs, s.def.Close())
	}
	s.byNode, s.def = nil, nil
	return errors.Join(errs...)
}
