package numa

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fake returns the root of a fake tree in testdata/numa.
func fake(name string) string { return filepath.Join("..", "..", "testdata", "numa", name) }

func mustTopology(t *testing.T, name string) *Topology {
	t.Helper()
	topo, err := ReadTopology(fake(name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return topo
}

func TestFakeTopologies(t *testing.T) {
	const GiB = int64(1) << 30
	cases := []struct {
		tree        string
		ids         []int
		possible    []int
		withMemory  []int
		allowed     []int
		cpus        map[int][]int
		dist        [][3]int // from, to, distance
		memTotal0   int64
		cpusetFile  string
		cpusetValue []int
	}{
		{tree: "one", ids: []int{0}, possible: []int{0}, withMemory: []int{0}, allowed: []int{0},
			cpus: map[int][]int{0: {0, 1, 2, 3}}, dist: [][3]int{{0, 0, 10}}, memTotal0: 16 * GiB},
		{tree: "two", ids: []int{0, 1}, possible: []int{0, 1}, withMemory: []int{0, 1}, allowed: []int{0, 1},
			cpus: map[int][]int{0: {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}},
			dist: [][3]int{{0, 1, 21}, {1, 0, 21}, {1, 1, 10}}, memTotal0: 64 * GiB},
		{tree: "four", ids: []int{0, 1, 2, 3}, possible: []int{0, 1, 2, 3}, withMemory: []int{0, 1, 2, 3}, allowed: []int{0, 1, 2, 3},
			cpus: map[int][]int{3: {12, 13, 14, 15}}, dist: [][3]int{{0, 3, 22}, {1, 3, 16}, {2, 1, 22}}, memTotal0: 32 * GiB,
			cpusetFile: "/sys/fs/cgroup/jobs/numa/cpuset.mems.effective", cpusetValue: []int{0, 1, 2, 3}},
		{tree: "memoryless", ids: []int{0, 1, 2}, possible: []int{0, 1, 2}, withMemory: []int{0, 2}, allowed: []int{0, 2},
			cpus: map[int][]int{1: {4, 5, 6, 7}}, dist: [][3]int{{1, 2, 20}}, memTotal0: 32 * GiB},
		{tree: "offline", ids: []int{0, 1, 3}, possible: []int{0, 1, 2, 3}, withMemory: []int{0, 1, 3}, allowed: []int{0, 1, 3},
			cpus: map[int][]int{3: nil}, dist: [][3]int{{0, 3, 30}, {3, 1, 30}, {1, 0, 20}}, memTotal0: 16 * GiB},
		{tree: "cpuset", ids: []int{0, 1}, possible: []int{0, 1}, withMemory: []int{0, 1}, allowed: []int{1},
			cpus: map[int][]int{1: {8, 9, 10, 11, 12, 13, 14, 15}}, dist: [][3]int{{0, 1, 21}}, memTotal0: 64 * GiB,
			cpusetFile: "/sys/fs/cgroup/cpuset/job/cpuset.effective_mems", cpusetValue: []int{1}},
	}
	for _, c := range cases {
		t.Run(c.tree, func(t *testing.T) {
			topo := mustTopology(t, c.tree)
			if !slices.Equal(topo.IDs(), c.ids) || !slices.Equal(topo.Possible, c.possible) {
				t.Errorf("online %v possible %v, want %v and %v", topo.IDs(), topo.Possible, c.ids, c.possible)
			}
			if !slices.Equal(topo.WithMemory(), c.withMemory) || !slices.Equal(topo.Allowed(), c.allowed) {
				t.Errorf("with memory %v allowed %v, want %v and %v", topo.WithMemory(), topo.Allowed(), c.withMemory, c.allowed)
			}
			for id, cpus := range c.cpus {
				n, ok := topo.Node(id)
				if !ok || !slices.Equal(n.CPUs, cpus) {
					t.Errorf("node %d CPUs %v, want %v", id, n.CPUs, cpus)
				}
				for _, cpu := range cpus {
					if got, ok := topo.NodeOfCPU(cpu); !ok || got != id || topo.CPUNodes()[cpu] != id {
						t.Errorf("CPU %d on node %d (%v), want %d", cpu, got, ok, id)
					}
				}
			}
			for _, d := range c.dist {
				if got, err := topo.Distance(d[0], d[1]); err != nil || got != d[2] {
					t.Errorf("distance %d->%d = %d, %v; want %d", d[0], d[1], got, err, d[2])
				}
			}
			if n, _ := topo.Node(0); n.MemTotal != c.memTotal0 || n.MemFree <= 0 || n.MemFree > n.MemTotal {
				t.Errorf("node 0 memory %d total, %d free; want %d total", n.MemTotal, n.MemFree, c.memTotal0)
			}
			if topo.CpusetFile != c.cpusetFile || !slices.Equal(topo.CpusetMems, c.cpusetValue) {
				t.Errorf("cpuset %q %v, want %q %v", topo.CpusetFile, topo.CpusetMems, c.cpusetFile, c.cpusetValue)
			}
			if !strings.Contains(topo.String(), "node 0: CPUs") {
				t.Errorf("String: %s", topo)
			}
		})
	}
}

func TestTopologyEdgeCases(t *testing.T) {
	topo := mustTopology(t, "memoryless")
	if n, _ := topo.Node(1); n.HasMemory || n.MemTotal != 0 || len(n.CPUs) != 4 {
		t.Errorf("memoryless node: %+v", n)
	}
	if !strings.Contains(topo.String(), "node 1: CPUs 4-7; no memory") {
		t.Errorf("String: %s", topo)
	}
	off := mustTopology(t, "offline")
	if _, ok := off.Node(2); ok {
		t.Error("offline node 2 reported online")
	}
	if _, err := off.Distance(2, 0); !errors.Is(err, ErrNode) || !strings.Contains(err.Error(), "0-1,3") {
		t.Errorf("distance from an offline node: %v", err)
	}
	if _, ok := off.NodeOfCPU(99); ok {
		t.Error("CPU 99 has a node")
	}
	if _, err := ReadTopology(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no sysfs nodes: %v, want fs.ErrNotExist", err)
	}
}

// TestTopologyRejectsBadFiles corrupts one file at a time in a copy of
// the two-node tree.
func TestTopologyRejectsBadFiles(t *testing.T) {
	for file, content := range map[string]string{
		"online":         "",
		"node1/distance": "21\n",
		"node0/distance": "10 x\n",
		"node0/cpulist":  "3-1\n",
		"node1/meminfo":  "Node 1 MemFree: 5 kB\n",
		"node0/meminfo":  "Node 0 MemTotal: -5 kB\nNode 0 MemFree: 1 kB\n",
	} {
		root := t.TempDir()
		if err := os.CopyFS(root, os.DirFS(fake("two"))); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(root, NodeDir, file)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadTopology(root); err == nil {
			t.Errorf("%s = %q: no error", file, content)
		}
	}
}

func TestLists(t *testing.T) {
	for s, want := range map[string][]int{
		"":              nil,
		"0":             {0},
		"0-3,8,10-11\n": {0, 1, 2, 3, 8, 10, 11},
		"5,1-2,2":       {1, 2, 5},
	} {
		got, err := parseList(s)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("parseList(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"a", "1-", "3-1", "-1", "1,,2", "0-99999999"} {
		if _, err := parseList(bad); err == nil {
			t.Errorf("parseList(%q): no error", bad)
		}
	}
	for want, ns := range map[string][]int{"none": nil, "0": {0}, "0-3,8,10-11": {0, 1, 2, 3, 8, 10, 11}, "1,3": {1, 3}} {
		if got := formatList(ns); got != want {
			t.Errorf("formatList(%v) = %q, want %q", ns, got, want)
		}
	}
	if got := intersect([]int{0, 1, 3, 5}, []int{1, 2, 3}); !slices.Equal(got, []int{1, 3}) {
		t.Errorf("intersect: %v", got)
	}
}

// FuzzParseList: whatever a sysfs list file holds, parsing either fails or
// gives ascending numbers that format and parse back to themselves.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"0", "0-3,8,10-11", "", "1,,2", "3-1", "0-65536", " 4 \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ns, err := parseList(s)
		if err != nil {
			return
		}
		if !slices.IsSorted(ns) || len(slices.Compact(slices.Clone(ns))) != len(ns) {
			t.Fatalf("parseList(%q) = %v: not ascending and unique", s, ns)
		}
		if len(ns) == 0 {
			return
		}
		back, err := parseList(formatList(ns))
		if err != nil || !slices.Equal(back, ns) {
			t.Fatalf("parseList(%q) = %v, formatted %q, parsed back %v, %v", s, ns, formatList(ns), back, err)
		}
	})
}
