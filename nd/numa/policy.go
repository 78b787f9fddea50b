package numa

import (
	"fmt"
	"slices"

	"github.com/numgo/numgo/internal/osmem"
)

// Policy says where an Allocator's memory goes. The zero Policy is Local.
type Policy struct {
	kind  policyKind
	nodes []int // ascending, no duplicates; empty for Local and for Interleave over every allowed node
}

type policyKind uint8

const (
	localKind policyKind = iota
	interleaveKind
	bindKind
	preferredKind
)

// Local places memory on the node of the CPU that asks for it (the node
// getcpu reports when Alloc is called), falling back to other nodes when
// that one is full.
var Local = Policy{}

// Interleave spreads memory page by page, round-robin, over nodes (every
// node this process may use when none are given): bandwidth from all of
// them for data every thread reads.
func Interleave(nodes ...int) Policy {
	ns := slices.Clone(nodes)
	slices.Sort(ns)
	return Policy{kind: interleaveKind, nodes: slices.Compact(ns)}
}

// Bind places memory on node only; if the node runs out of memory the
// kernel reclaims there and, failing that, invokes the OOM killer rather
// than use another node.
func Bind(node int) Policy { return Policy{kind: bindKind, nodes: []int{node}} }

// Preferred places memory on node first and on other nodes when it is
// full.
func Preferred(node int) Policy { return Policy{kind: preferredKind, nodes: []int{node}} }

// String names the policy: "local", "interleave(0-3)", "bind(1)",
// "preferred(0)"; "interleave(all)" for Interleave() with no nodes.
func (p Policy) String() string {
	switch p.kind {
	case interleaveKind:
		if len(p.nodes) == 0 {
			return "interleave(all)"
		}
		return "interleave(" + formatList(p.nodes) + ")"
	case bindKind:
		return fmt.Sprintf("bind(%d)", p.nodes[0])
	case preferredKind:
		return fmt.Sprintf("preferred(%d)", p.nodes[0])
	}
	return "local"
}

// resolve returns the nodes p uses under c (Interleave() becomes every
// allowed node), or an error wrapping ErrNode naming the allowed nodes.
func (p Policy) resolve(c Capability) ([]int, error) {
	if p.kind == interleaveKind && len(p.nodes) == 0 {
		return c.Nodes(), nil
	}
	if err := c.checkNodes("NewAllocator("+p.String()+")", p.nodes); err != nil {
		return nil, err
	}
	return p.nodes, nil
}

// mbindArgs returns what mbind gets for p over nodes (from resolve): the
// mode, the node mask and the flags. current is the node of the calling
// CPU, which Local prefers; a negative current (getcpu failed) leaves the
// choice to the kernel (MPOL_LOCAL, whose mask must be empty). The flags
// are the same for every policy: MPOL_MF_STRICT|MPOL_MF_MOVE, so a page
// that somehow exists before the call is moved or reported, never left
// against the policy.
func (p Policy) mbindArgs(nodes []int, current int) (mode int, mask osmem.NodeMask, flags int) {
	flags = osmem.MPOLMFStrict | osmem.MPOLMFMove
	switch p.kind {
	case interleaveKind:
		return osmem.MPOLInterleave, osmem.MaskOf(nodes...), flags
	case bindKind:
		return osmem.MPOLBind, osmem.MaskOf(nodes...), flags
	case preferredKind:
		return osmem.MPOLPreferred, osmem.MaskOf(nodes...), flags
	}
	if current < 0 {
		return osmem.MPOLLocal, nil, flags
	}
	return osmem.MPOLPreferred, osmem.MaskOf(current), flags
}
