package numa

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
)

// kernelSays is a probe's kernel check that answers err.
func kernelSays(err error) func() error { return func() error { return err } }

func TestProbeLevelsOnFakeTrees(t *testing.T) {
	cases := []struct {
		tree   string
		level  Level
		nodes  []int
		reason []string
	}{
		{"one", OneNode, []int{0}, []string{"1 node (0)", "CPUs 0-3"}},
		{"two", Full, []int{0, 1}, []string{"2 nodes online (0-1)", "all allowed"}},
		{"four", Full, []int{0, 1, 2, 3}, []string{"4 nodes"}},
		{"memoryless", Full, []int{0, 2}, []string{"memory on 0,2"}},
		{"offline", Full, []int{0, 1, 3}, []string{"(0-1,3)"}},
		{"cpuset", Restricted, []int{1}, []string{"allows memory on 1", "Mems_allowed_list 1", "/sys/fs/cgroup/cpuset/job/cpuset.effective_mems: 1"}},
	}
	for _, c := range cases {
		got := probe(fake(c.tree), kernelSays(nil))
		if got.Level != c.level || !slices.Equal(got.Nodes(), c.nodes) || !got.Acts() {
			t.Errorf("%s: %v, nodes %v; want %v, nodes %v", c.tree, got, got.Nodes(), c.level, c.nodes)
		}
		for _, r := range c.reason {
			if !strings.Contains(got.Reason, r) {
				t.Errorf("%s: reason %q lacks %q", c.tree, got.Reason, r)
			}
		}
	}
}

// TestProbeReportsRefusals injects EPERM and ENOSYS through osmem's seam
// into the real kernel check: EPERM is never "available".
func TestProbeReportsRefusals(t *testing.T) {
	for _, c := range []struct {
		errno syscall.Errno
		level Level
		words string
	}{
		{syscall.EPERM, Refused, "CAP_SYS_NICE"},
		{syscall.ENOSYS, NoKernelNUMA, "no NUMA support"},
	} {
		restore := osmem.InjectPolicyErrno(c.errno)
		got := probe(fake("two"), osmem.CheckPolicyCalls)
		restore()
		if got.Level != c.level || got.Acts() || !errors.Is(got.Err, c.errno) || !strings.Contains(got.Reason, c.words) {
			t.Errorf("%v: %v (err %v)", c.errno, got, got.Err)
		}
		if !slices.Equal(got.Nodes(), []int{0}) || got.Topology == nil || !got.multiNode() {
			t.Errorf("%v: nodes %v, topology %v: want one node to work as, and the topology kept", c.errno, got.Nodes(), got.Topology)
		}
	}
	other := probe(fake("one"), kernelSays(syscall.EINVAL))
	if other.Level != Refused || !strings.Contains(other.Reason, "invalid argument") {
		t.Errorf("another errno: %v", other)
	}
	absent := probe(t.TempDir(), kernelSays(nil))
	if absent.Level != NoKernelNUMA || absent.Topology != nil || !strings.Contains(absent.Reason, "no node topology") {
		t.Errorf("no sysfs tree: %v", absent)
	}
}

// TestSupportOnThisMachine checks the probe against what the kernel and
// sysfs say here, whatever the machine.
func TestSupportOnThisMachine(t *testing.T) {
	c := Support()
	t.Logf("support: %v", c)
	kerr := osmem.CheckPolicyCalls()
	if (kerr == nil) != c.Acts() {
		t.Fatalf("kernel check says %v, Support says %v", kerr, c)
	}
	if !c.Acts() {
		return
	}
	allowed, err := osmem.MemsAllowed()
	if err != nil {
		t.Fatal(err)
	}
	if got := intersect(allowed.Nodes(), c.Topology.WithMemory()); !slices.Equal(got, c.Nodes()) {
		t.Fatalf("kernel allows nodes %v, Support says %v", got, c.Nodes())
	}
	if len(c.Topology.Nodes) == 1 && c.Level != OneNode {
		t.Fatalf("one node online, level %v", c.Level)
	}
}

func TestCheckNodesNamesTheAllowedNodes(t *testing.T) {
	cases := []struct {
		tree string
		node int
		why  string
	}{
		{"two", 5, "node 5 does not exist; memory may be placed on node(s) 0-1"},
		{"memoryless", 1, "node 1 has no memory; memory may be placed on node(s) 0,2"},
		{"offline", 2, "node 2 is offline; memory may be placed on node(s) 0-1,3"},
		{"cpuset", 0, "node 0 is outside this process's cpuset (Mems_allowed_list 1); memory may be placed on node(s) 1"},
		{"one", -1, "node -1 does not exist"},
	}
	for _, c := range cases {
		err := probe(fake(c.tree), kernelSays(nil)).checkNodes("op", []int{c.node})
		if !errors.Is(err, ErrNode) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s node %d: %v, want %q", c.tree, c.node, err, c.why)
		}
	}
	refused := probe(fake("one"), kernelSays(syscall.EPERM))
	if err := refused.checkNodes("op", []int{1}); !errors.Is(err, ErrNode) || !strings.Contains(err.Error(), "EPERM") {
		t.Errorf("refused: %v", err)
	}
	if err := refused.checkNodes("op", []int{0}); err != nil {
		t.Errorf("node 0 when working as one node: %v", err)
	}
}

func TestLevelNames(t *testing.T) {
	for l := NoKernelNUMA; l <= Full; l++ {
		if strings.HasPrefix(l.String(), "Level(") {
			t.Errorf("level %d has no name", l)
		}
	}
	if Level(9).String() != "Level(9)" {
		t.Error(Level(9).String())
	}
}

func TestProbeNoAllowedNodeWithMemory(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(fake("memoryless"))); err != nil {
		t.Fatal(err)
	}
	status := "Mems_allowed_list:\t1\n"
	if err := os.WriteFile(filepath.Join(root, "proc/self/status"), []byte(status), 0o644); err != nil {
		t.Fatal(err)
	}
	c := probe(root, kernelSays(nil))
	if c.Acts() || !errors.Is(c.Err, ErrNode) || !strings.Contains(c.Reason, "no node with memory (0,2) is in Mems_allowed_list 1") {
		t.Fatalf("only a memoryless node allowed: %v", c)
	}
}
