package numa

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/numgo/numgo/internal/errtext"
)

// NodeDir is where Linux describes the NUMA nodes, relative to the root
// directory ReadTopology is given.
const NodeDir = "sys/devices/system/node"

// Node is one online NUMA node as sysfs describes it.
type Node struct {
	// ID is the kernel's node number.
	ID int
	// CPUs lists the CPUs of the node (none for a memory-only node).
	CPUs []int
	// MemTotal and MemFree are the node's memory in bytes (both zero for a
	// memoryless node).
	MemTotal, MemFree int64
	// HasMemory reports whether the node has memory of its own (sysfs
	// has_memory); a memoryless node's CPUs take memory from other nodes.
	HasMemory bool
	// Distances holds the node's distance to each online node, in the
	// order of Topology.Nodes (10 is local; 20 is twice as far).
	Distances []int
}

// Topology is the machine's NUMA layout and what this process may use of
// it, read from sysfs and /proc by ReadTopology.
type Topology struct {
	// Nodes are the online nodes, ascending by ID. IDs need not be
	// consecutive: an offline node leaves a gap.
	Nodes []Node
	// Possible lists every node the kernel could bring online.
	Possible []int
	// MemsAllowed is the process's Mems_allowed_list from
	// /proc/self/status: the nodes its cpuset lets it take memory from
	// (nil when the file could not be read: no restriction known).
	MemsAllowed []int
	// CpusetFile and CpusetMems are the cgroup cpuset file that restricts
	// the nodes (cpuset.mems.effective in cgroup v2, cpuset.effective_mems
	// in v1) and what it says; empty when none was found.
	CpusetFile string
	CpusetMems []int

	root string // where it was read from
}

// ReadTopology reads the NUMA topology under root: "/" for this machine,
// or a directory laid out like it (tests use the fake trees in
// testdata/numa). It reads NodeDir (online, possible, has_memory, and for
// each node cpulist, meminfo and distance), the process's
// Mems_allowed_list from proc/self/status, and the cgroup cpuset file
// named by proc/self/cgroup, assuming cgroups are mounted at
// /sys/fs/cgroup. A machine whose kernel has no NUMA support has no
// NodeDir, and ReadTopology returns an error wrapping fs.ErrNotExist.
func ReadTopology(root string) (*Topology, error) {
	dir := filepath.Join(root, NodeDir)
	online, err := readList(filepath.Join(dir, "online"))
	if err != nil {
		return nil, errtext.Wrap(err, "numa", "topology")
	}
	if len(online) == 0 {
		return nil, fmt.Errorf("numa: topology: %s lists no online node", filepath.Join(dir, "online"))
	}
	t := &Topology{root: root}
	if t.Possible, err = readList(filepath.Join(dir, "possible")); err != nil {
		t.Possible = online
	}
	withMemory, memErr := readList(filepath.Join(dir, "has_memory"))
	for _, id := range online {
		n, err := readNode(filepath.Join(dir, "node"+strconv.Itoa(id)), id, len(online))
		if err != nil {
			return nil, errtext.Wrap(err, "numa", "topology")
		}
		if memErr == nil {
			_, n.HasMemory = slices.BinarySearch(withMemory, id)
		} else {
			n.HasMemory = n.MemTotal > 0
		}
		t.Nodes = append(t.Nodes, n)
	}
	t.MemsAllowed = readMemsAllowed(filepath.Join(root, "proc/self/status"))
	t.CpusetFile, t.CpusetMems = readCpuset(root)
	return t, nil
}

func readList(path string) ([]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l, err := parseList(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// readNode reads one node directory; online is the number of online
// nodes, the length of its distance row.
func readNode(dir string, id, online int) (Node, error) {
	n := Node{ID: id}
	var err error
	if n.CPUs, err = readList(filepath.Join(dir, "cpulist")); err != nil {
		return n, err
	}
	if n.MemTotal, n.MemFree, err = readNodeMeminfo(filepath.Join(dir, "meminfo")); err != nil {
		return n, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "distance"))
	if err != nil {
		return n, err
	}
	for f := range strings.FieldsSeq(string(data)) {
		d, err := strconv.Atoi(f)
		if err != nil || d <= 0 {
			return n, fmt.Errorf("%s/distance: bad distance %q", dir, f)
		}
		n.Distances = append(n.Distances, d)
	}
	if len(n.Distances) != online {
		return n, fmt.Errorf("%s/distance: %d distances for %d online nodes", dir, len(n.Distances), online)
	}
	return n, nil
}

// readNodeMeminfo returns MemTotal and MemFree in bytes from a node's
// meminfo ("Node 0 MemTotal:  65844236 kB").
func readNodeMeminfo(path string) (total, free int64, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var seen int
	for line := range bytes.Lines(data) {
		f := strings.Fields(string(line))
		if len(f) != 5 || f[0] != "Node" || f[4] != "kB" {
			continue
		}
		v, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil || v < 0 {
			return 0, 0, fmt.Errorf("%s: bad value in %q", path, strings.TrimSpace(string(line)))
		}
		switch f[2] {
		case "MemTotal:":
			total, seen = v<<10, seen|1
		case "MemFree:":
			free, seen = v<<10, seen|2
		}
	}
	if seen != 3 {
		return 0, 0, fmt.Errorf("%s: MemTotal or MemFree missing", path)
	}
	return total, free, nil
}

// MemTotal reads node's total memory now: it can change while the process
// runs (memory hotplug, a balloon driver), while Nodes holds what it was
// when the topology was read.
func (t *Topology) MemTotal(node int) (int64, error) {
	total, _, err := readNodeMeminfo(filepath.Join(t.root, NodeDir, "node"+strconv.Itoa(node), "meminfo"))
	return total, err
}

// readMemsAllowed reads Mems_allowed_list from a /proc/<pid>/status file:
// nil when it cannot be read (no restriction known).
func readMemsAllowed(path string) []int {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "Mems_allowed_list:"); ok {
			l, _ := parseList(v)
			return l
		}
	}
	return nil
}

// readCpuset finds the cgroup cpuset file that governs the process's
// nodes: the v1 cpuset hierarchy's cpuset.effective_mems when the process
// is in one, else the v2 cgroup's cpuset.mems.effective. A container sees
// its own cgroup as the mount's root, so each is tried at the cgroup's
// path and then at the mount's root.
func readCpuset(root string) (file string, mems []int) {
	data, err := os.ReadFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return "", nil
	}
	var candidates []string
	var v2 []string
	for line := range strings.Lines(string(data)) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[1] == "":
			v2 = append(v2, "sys/fs/cgroup"+parts[2]+"/cpuset.mems.effective", "sys/fs/cgroup/cpuset.mems.effective")
		case slices.Contains(strings.Split(parts[1], ","), "cpuset"):
			candidates = append(candidates, "sys/fs/cgroup/cpuset"+parts[2]+"/cpuset.effective_mems", "sys/fs/cgroup/cpuset/cpuset.effective_mems")
		}
	}
	for _, c := range append(candidates, v2...) {
		l, err := readList(filepath.Join(root, c))
		if err == nil {
			return "/" + filepath.Clean(c), l
		}
	}
	return "", nil
}

// index returns the position of online node id in Nodes.
func (t *Topology) index(id int) (int, bool) {
	return slices.BinarySearchFunc(t.Nodes, id, func(n Node, id int) int { return n.ID - id })
}

// Node returns the online node id.
func (t *Topology) Node(id int) (Node, bool) {
	i, ok := t.index(id)
	if !ok {
		return Node{}, false
	}
	return t.Nodes[i], true
}

// IDs returns the online nodes' numbers, ascending.
func (t *Topology) IDs() []int {
	ids := make([]int, len(t.Nodes))
	for i, n := range t.Nodes {
		ids[i] = n.ID
	}
	return ids
}

// Distance returns the distance from node from to node to, as the kernel
// reports it (10 within a node).
func (t *Topology) Distance(from, to int) (int, error) {
	i, fromOK := t.index(from)
	j, toOK := t.index(to)
	if !fromOK || !toOK {
		bad := from
		if fromOK {
			bad = to
		}
		return 0, fmt.Errorf("%w: node %d is not online (online: %s)", ErrNode, bad, formatList(t.IDs()))
	}
	return t.Nodes[i].Distances[j], nil
}

// NodeOfCPU returns the node CPU cpu belongs to.
func (t *Topology) NodeOfCPU(cpu int) (int, bool) {
	for _, n := range t.Nodes {
		if _, ok := slices.BinarySearch(n.CPUs, cpu); ok {
			return n.ID, true
		}
	}
	return 0, false
}

// CPUNodes returns the CPU-to-node map of every CPU of an online node.
func (t *Topology) CPUNodes() map[int]int {
	m := make(map[int]int)
	for _, n := range t.Nodes {
		for _, c := range n.CPUs {
			m[c] = n.ID
		}
	}
	return m
}

// WithMemory returns the online nodes that have memory of their own.
func (t *Topology) WithMemory() []int {
	var ids []int
	for _, n := range t.Nodes {
		if n.HasMemory {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// Allowed returns the nodes this process may place memory on: online,
// with memory, and in MemsAllowed (when known).
func (t *Topology) Allowed() []int {
	ids := t.WithMemory()
	if t.MemsAllowed != nil {
		ids = intersect(ids, t.MemsAllowed)
	}
	return ids
}

// String describes the topology on one line per node.
func (t *Topology) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d online node(s) %s of possible %s; memory allowed on %s",
		len(t.Nodes), formatList(t.IDs()), formatList(t.Possible), formatList(t.Allowed()))
	for _, n := range t.Nodes {
		mem := "no memory"
		if n.HasMemory {
			mem = fmt.Sprintf("%d MiB, %d MiB free", n.MemTotal>>20, n.MemFree>>20)
		}
		fmt.Fprintf(&b, "\nnode %d: CPUs %s; %s; distances %v", n.ID, formatList(n.CPUs), mem, n.Distances)
	}
	return b.String()
}
