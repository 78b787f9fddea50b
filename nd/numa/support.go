package numa

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/numgo/numgo/internal/osmem"
)

// Sentinel errors. Errors from this package wrap one of these (or one of
// package mem's) and say what was asked and what is available.
var (
	// ErrNode: a node that does not exist, is offline, has no memory, or
	// is outside this process's cpuset. The error names the nodes that may
	// be used.
	ErrNode = errors.New("numa: node not available")
	// ErrUnavailable: the kernel cannot place or locate memory here (no
	// kernel NUMA, or the calls are refused) and the request cannot be
	// served honestly as one node. The error gives the reason.
	ErrUnavailable = errors.New("numa: NUMA placement unavailable")
	// ErrNotResident: none of the memory asked about has a physical page
	// yet, so it is on no node.
	ErrNotResident = errors.New("numa: memory not resident")
)

// Level is what the kernel lets this process do with NUMA placement,
// from nothing to everything.
type Level int

// The levels Support reports. Placement acts (Capability.Acts) from
// OneNode up.
const (
	// NoKernelNUMA: the kernel has no NUMA support (memory-policy calls
	// fail with ENOSYS, or the system is not Linux), or shows no node
	// topology. Memory is wherever the kernel puts it; numa works as one
	// node and says so.
	NoKernelNUMA Level = iota
	// Refused: the calls exist but are refused (EPERM): a container's
	// seccomp profile allows mbind, set_mempolicy, get_mempolicy and
	// move_pages only with CAP_SYS_NICE. Nothing can be placed or located.
	Refused
	// OneNode: the machine has one node; placement acts and is trivially
	// local.
	OneNode
	// Restricted: several nodes, but a cpuset lets this process use only
	// some of them; placement acts on those.
	Restricted
	// Full: several nodes, all usable.
	Full
)

// String names the level.
func (l Level) String() string {
	switch l {
	case NoKernelNUMA:
		return "no kernel NUMA"
	case Refused:
		return "refused"
	case OneNode:
		return "one node"
	case Restricted:
		return "restricted by cpuset"
	case Full:
		return "full"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Capability is the answer of Support and Probe: the level, the reason in
// words, the error behind a refusal, and the topology (nil when it could
// not be read).
type Capability struct {
	Level  Level
	Reason string
	// Err is the system call's error for NoKernelNUMA and Refused, or the
	// error that kept the topology from being read.
	Err      error
	Topology *Topology
}

// Acts reports whether the kernel places and locates memory for this
// process: true from OneNode up. EPERM is never "available".
func (c Capability) Acts() bool { return c.Level >= OneNode }

// Nodes returns the nodes memory may be placed on: the allowed nodes when
// placement acts, and node 0 alone otherwise (numa then works as one
// node).
func (c Capability) Nodes() []int {
	if c.Acts() && c.Topology != nil {
		return c.Topology.Allowed()
	}
	return []int{0}
}

// multiNode reports whether the topology, where it could be read, shows
// memory on more than one node: where placement would matter.
func (c Capability) multiNode() bool {
	return c.Topology != nil && len(c.Topology.WithMemory()) > 1
}

// String is the level and the reason.
func (c Capability) String() string { return c.Level.String() + ": " + c.Reason }

// Probe works out what NUMA placement can do for this process, with the
// topology read under root ("/" for this machine; tests pass fake trees)
// and the memory-policy calls tried on the running kernel: each is made
// once, harmlessly, on a scratch page, so a refusal is seen before any
// placement is claimed.
func Probe(root string) Capability { return probe(root, osmem.CheckPolicyCalls) }

// support caches Probe("/") for the life of the process.
var support = sync.OnceValue(func() Capability { return Probe("/") })

// Support reports what NUMA placement can do for this process on this
// machine: probed once, then cached.
//
//	c := numa.Support()
//	fmt.Println(c)          // e.g. "one node: 1 node (0), 4095 MiB; ..."
//	if !c.Acts() { ... }    // placement cannot be made or checked here
func Support() Capability { return support() }

// probe is Probe with the kernel check given, so tests can say what the
// kernel answers.
func probe(root string, check func() error) Capability {
	topo, terr := ReadTopology(root)
	c := Capability{Topology: topo}
	if runtime.GOOS != "linux" {
		c.Level, c.Err = NoKernelNUMA, osmem.ErrUnsupported
		c.Reason = runtime.GOOS + " has no NUMA memory-policy calls; memory is wherever the OS puts it, treated as one node"
		return c
	}
	if err := check(); err != nil {
		c.Err = err
		switch {
		case osmem.IsNoKernelNUMA(err):
			c.Level = NoKernelNUMA
			c.Reason = "the kernel has no NUMA support (ENOSYS from the memory-policy calls); memory is wherever the kernel puts it, treated as one node"
		case osmem.IsRefused(err):
			c.Level = Refused
			c.Reason = "the memory-policy calls are refused (EPERM): a seccomp profile allows them only with CAP_SYS_NICE (e.g. docker run --cap-add SYS_NICE); memory can be neither placed nor located"
		default:
			c.Level = Refused
			c.Reason = fmt.Sprintf("the memory-policy calls fail (%v); memory can be neither placed nor located", err)
		}
		return c
	}
	if terr != nil {
		c.Level, c.Err = NoKernelNUMA, terr
		c.Reason = fmt.Sprintf("the kernel accepts memory-policy calls but shows no node topology (%v); treated as one node", terr)
		return c
	}
	allowed, withMem := topo.Allowed(), topo.WithMemory()
	switch {
	case len(topo.Nodes) == 1:
		n := topo.Nodes[0]
		c.Level = OneNode
		c.Reason = fmt.Sprintf("1 node (%d), %d MiB, CPUs %s; placement is exact and always local", n.ID, n.MemTotal>>20, formatList(n.CPUs))
	case len(allowed) == 0:
		c.Level, c.Err = Refused, ErrNode
		c.Reason = fmt.Sprintf("no node with memory (%s) is in Mems_allowed_list %s; memory cannot be placed", formatList(withMem), formatList(topo.MemsAllowed))
	case !slices.Equal(allowed, withMem):
		c.Level = Restricted
		c.Reason = fmt.Sprintf("%d nodes online (%s), %d with memory; the cpuset allows memory on %s (Mems_allowed_list %s",
			len(topo.Nodes), formatList(topo.IDs()), len(withMem), formatList(allowed), formatList(topo.MemsAllowed))
		if topo.CpusetFile != "" {
			c.Reason += fmt.Sprintf("; %s: %s", topo.CpusetFile, formatList(topo.CpusetMems))
		}
		c.Reason += ")"
	default:
		c.Level = Full
		c.Reason = fmt.Sprintf("%d nodes online (%s), memory on %s, all allowed", len(topo.Nodes), formatList(topo.IDs()), formatList(withMem))
	}
	return c
}

// checkNodes checks that every node in nodes may take memory under c, and
// otherwise returns an error wrapping ErrNode that names the nodes that
// may.
func (c Capability) checkNodes(op string, nodes []int) error {
	allowed := c.Nodes()
	for _, n := range nodes {
		if _, ok := slices.BinarySearch(allowed, n); ok {
			continue
		}
		why := "does not exist"
		if t := c.Topology; t != nil && c.Acts() {
			node, online := t.Node(n)
			switch {
			case online && !node.HasMemory:
				why = "has no memory"
			case online:
				why = "is outside this process's cpuset (Mems_allowed_list " + formatList(t.MemsAllowed) + ")"
			case slices.Contains(t.Possible, n):
				why = "is offline"
			}
		} else if !c.Acts() {
			why = "cannot be used: " + c.Reason
		}
		return fmt.Errorf("%w: %s: node %d %s; memory may be placed on node(s) %s", ErrNode, op, n, why, formatList(allowed))
	}
	return nil
}

// nearestAllowed returns node if memory may be placed on it, else the
// allowed node nearest to it by the kernel's distances (the lowest such
// number on a tie), or the first allowed node when node is not online.
// c must act.
func (c Capability) nearestAllowed(node int) int {
	allowed := c.Nodes()
	if slices.Contains(allowed, node) {
		return node
	}
	best, bestDist := allowed[0], 0
	for _, a := range allowed {
		d, err := c.Topology.Distance(node, a)
		if err != nil {
			return allowed[0]
		}
		if bestDist == 0 || d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}
