package numa

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
)

func TestRunOnNode(t *testing.T) {
	c := Support()
	node := c.Nodes()[0]
	before, err := osmem.ThreadAffinity()
	if err != nil {
		t.Fatal(err)
	}
	var inside []int
	var got int
	var heap []byte
	err = RunOnNode(node, func() error {
		inside, _ = osmem.ThreadAffinity()
		got = CurrentNode()
		heap = make([]byte, 4<<20)
		for i := 0; i < len(heap); i += 4096 {
			heap[i] = 1
		}
		return errors.New("from fn")
	})
	if err == nil || err.Error() != "from fn" {
		t.Fatalf("fn's error not returned: %v", err)
	}
	if c.Acts() {
		n, _ := c.Topology.Node(node)
		if want := intersect(n.CPUs, before); !slices.Equal(inside, want) {
			t.Fatalf("affinity inside %v, want node %d's CPUs %v", inside, node, want)
		}
		if got != node {
			t.Fatalf("getcpu inside says node %d, want %d", got, node)
		}
		p, err := PlacementOf(heap[4096 : len(heap)-4096])
		if err != nil || p.OnNode[node] == 0 {
			t.Fatalf("heap memory first touched on node %d: %v, %v", node, p, err)
		}
		t.Logf("4 MiB of Go heap first touched on node %d: %v", node, p)
	}
	after, _ := osmem.ThreadAffinity()
	if !slices.Equal(before, after) {
		t.Fatalf("caller's affinity changed: %v -> %v", before, after)
	}
	if err := RunOnNode(c.Nodes()[len(c.Nodes())-1]+1, func() error { return nil }); !errors.Is(err, ErrNode) {
		t.Fatalf("a node that does not exist: %v", err)
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Fatalf("panic in fn: recovered %v", r)
		}
	}()
	RunOnNode(node, func() error { panic("boom") })
}

func TestNodeCPUsOnFakeTrees(t *testing.T) {
	mine, err := osmem.ThreadAffinity()
	if err != nil {
		t.Fatal(err)
	}
	two := probe(fake("two"), kernelSays(nil))
	if cpus, err := nodeCPUs(two, 0); err != nil || !slices.Equal(cpus, intersect([]int{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}, mine)) {
		t.Errorf("node 0 of two: %v, %v", cpus, err)
	}
	off := probe(fake("offline"), kernelSays(nil))
	if _, err := nodeCPUs(off, 2); !errors.Is(err, ErrNode) {
		t.Errorf("offline node: %v", err)
	}
	if _, err := nodeCPUs(off, 3); !errors.Is(err, ErrNode) {
		t.Errorf("a node with no CPUs: %v", err)
	}
	none := probe(t.TempDir(), kernelSays(nil))
	if cpus, err := nodeCPUs(none, 0); err != nil || !slices.Equal(cpus, mine) {
		t.Errorf("no topology, node 0: %v, %v", cpus, err)
	}
	if _, err := nodeCPUs(none, 1); !errors.Is(err, ErrNode) {
		t.Errorf("no topology, node 1: %v", err)
	}
}

// TestNilArguments: a nil array or function is an error wrapping
// fs.ErrInvalid that names the call, not a panic.
func TestNilArguments(t *testing.T) {
	if n, err := NodeOf[float64](nil); n != -1 || !errors.Is(err, fs.ErrInvalid) || !strings.Contains(err.Error(), "NodeOf") {
		t.Errorf("NodeOf(nil): %d, %v", n, err)
	}
	if _, err := Distribution[float64](nil); !errors.Is(err, fs.ErrInvalid) || !strings.Contains(err.Error(), "Distribution") {
		t.Errorf("Distribution(nil): %v", err)
	}
	if err := RunOnNode(0, nil); !errors.Is(err, fs.ErrInvalid) || !strings.Contains(err.Error(), "RunOnNode(0)") {
		t.Errorf("RunOnNode(0, nil): %v", err)
	}
}
