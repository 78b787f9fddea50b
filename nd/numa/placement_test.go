package numa

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// needsKernel skips a test of the kernel's answers where the kernel will
// not give them, saying why.
func needsKernel(t *testing.T) Capability {
	t.Helper()
	c := Support()
	if !c.Acts() {
		t.Skipf("NUMA placement cannot act here: %v", c)
	}
	return c
}

// TestKernelPlacesAndLocates checks the kernel's answers for each policy:
// every page is counted, each on a node the policy allows.
func TestKernelPlacesAndLocates(t *testing.T) {
	c := needsKernel(t)
	allowed := c.Nodes()
	pg := osmem.PageSize()
	for _, p := range []Policy{Local, Interleave(), Bind(allowed[0]), Bind(allowed[len(allowed)-1]), Preferred(allowed[0])} {
		a, err := NewAllocator(p)
		if err != nil {
			t.Fatal(err)
		}
		x, err := nd.Zeros[float64]([]int{300, 100}, nd.With(a)) // 240,000 bytes: 59 pages
		if err != nil {
			t.Fatal(err)
		}
		d, err := Distribution(x)
		if err != nil {
			t.Fatal(err)
		}
		wantPages := (300*100*8 + pg - 1) / pg
		if d.Pages != wantPages || d.Resident() != wantPages || d.NotFaulted != 0 || d.Source != "move_pages" {
			t.Errorf("%v: %v; want all %d pages resident", p, d, wantPages)
		}
		for _, n := range d.Nodes() {
			if !slices.Contains(a.Nodes(), n) {
				t.Errorf("%v: pages on node %d, outside %v", p, n, a.Nodes())
			}
		}
		if p.kind == interleaveKind && len(allowed) > 1 && len(d.Nodes()) != len(allowed) {
			t.Errorf("interleave over %v put pages on %v only", allowed, d.Nodes())
		}
		node, err := NodeOf(x)
		if err != nil || !slices.Contains(a.Nodes(), node) {
			t.Errorf("%v: NodeOf = %d, %v", p, node, err)
		}
		if p.kind == bindKind && node != p.nodes[0] {
			t.Errorf("%v: NodeOf = %d", p, node)
		}
		if ok, why := a.Applied(); !ok || !strings.Contains(why, "mbind") {
			t.Errorf("%v: Applied %v %q", p, ok, why)
		}
		t.Logf("%v: %v; NodeOf %d", a, d, node)
		a.Close()
	}
}

// TestOneNodeMachine checks the answers this one-node machine must give;
// on other machines it checks what it can.
func TestOneNodeMachine(t *testing.T) {
	c := needsKernel(t)
	if len(c.Topology.Nodes) != 1 {
		t.Skipf("%d nodes here; TestKernelPlacesAndLocates covers them", len(c.Topology.Nodes))
	}
	a, err := NewAllocator(Bind(0))
	if err != nil {
		t.Fatalf("Bind(0): %v", err)
	}
	defer a.Close()
	_, err = NewAllocator(Bind(1))
	if !errors.Is(err, ErrNode) || !strings.Contains(err.Error(), "node 1 does not exist; memory may be placed on node(s) 0") {
		t.Fatalf("Bind(1) on one node: %v", err)
	}
	t.Logf("Bind(1): %v", err)
	if _, err := NewAllocator(Interleave(0, 1)); !errors.Is(err, ErrNode) {
		t.Fatalf("Interleave(0, 1) on one node: %v", err)
	}
	il, err := NewAllocator(Interleave(0))
	if err != nil {
		t.Fatal(err)
	}
	defer il.Close()
	x, err := nd.Ones[float32]([]int{4096}, nd.With(il))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := NodeOf(x); n != 0 || err != nil {
		t.Fatalf("NodeOf after touching: %d, %v", n, err)
	}
	if CurrentNode() != 0 {
		t.Fatalf("CurrentNode %d on a one-node machine", CurrentNode())
	}
	if _, err := a.Alloc(int(c.Topology.Nodes[0].MemTotal)+1, 8); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "node 0") {
		t.Fatalf("a request larger than node 0: %v", err)
	}
}

// TestUnfaultedPagesReported: memory never touched is on no node, and the
// kernel's answer says so page by page.
func TestUnfaultedPagesReported(t *testing.T) {
	needsKernel(t)
	pg := osmem.PageSize()
	b, err := osmem.Map(8 * pg)
	if err != nil {
		t.Fatal(err)
	}
	defer osmem.Unmap(b)
	p, err := PlacementOf(b)
	if err != nil || p.Pages != 8 || p.NotFaulted != 8 || p.Resident() != 0 {
		t.Fatalf("untouched mapping: %v, %v", p, err)
	}
	b[0], b[3*pg] = 1, 1
	sink := b[5*pg] // read only: the zero page on most kernels, a page of its own on some
	own := make([]bool, 1)
	if err := osmem.OwnPages(uintptr(unsafe.Pointer(&b[5*pg])), own); err != nil {
		t.Fatal(err)
	}
	read := 0
	if own[0] {
		read = 1
	}
	p, err = PlacementOf(b[:6*pg])
	if err != nil || p.Pages != 6 || p.Resident() != 2+read || p.NotFaulted != 4-read {
		t.Fatalf("two pages touched, one read (%d, own page: %v): %v, %v", sink, own[0], p, err)
	}
	x, err := nd.View(make([]float64, 0), 0, []int{0}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := Distribution(x); err != nil || d.Pages != 0 {
		t.Fatalf("empty array: %v, %v", d, err)
	}
	wrapped, err := nd.Wrap(unsafeFloats(b[pg:3*pg]), []int{2 * pg / 8})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := NodeOf(wrapped); n != -1 || !errors.Is(err, ErrNotResident) {
		t.Fatalf("NodeOf untouched memory: %d, %v", n, err)
	}
	p, err = PlacementOf(b[pg-1 : pg+1]) // two bytes across a page boundary
	if err != nil || p.Pages != 2 {
		t.Fatalf("straddling two pages: %v, %v", p, err)
	}
	if p, err := PlacementOf(unsafeFloats(b[:2*pg])); err != nil || p.Pages != 2 || p.Resident() != 1 {
		t.Fatalf("as float64s: %v, %v", p, err)
	}
	if p, err := PlacementOf([]int(nil)); err != nil || p.Pages != 0 {
		t.Fatalf("nil slice: %v, %v", p, err)
	}
}

// TestViewsAndHeapMemory: a strided view spans the pages from its first to
// its last element; Go heap memory is located too.
func TestViewsAndHeapMemory(t *testing.T) {
	needsKernel(t)
	a, err := NewAllocator(Local)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	x, err := nd.Zeros[float64]([]int{64, osmem.PageSize() / 8}, nd.With(a)) // a page per row
	if err != nil {
		t.Fatal(err)
	}
	col, err := x.Slice(nd.Whole(), nd.Span(5, 6))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Distribution(col)
	if err != nil || d.Pages != 64 || d.Resident() != 64 {
		t.Fatalf("column view: %v, %v", d, err)
	}
	heap := make([]byte, 1<<20)
	for i := range heap {
		heap[i] = 1
	}
	p, err := PlacementOf(heap)
	if err != nil || p.Resident() < p.Pages-1 {
		t.Fatalf("touched heap memory: %v, %v", p, err)
	}
}

// TestPlacementWithoutKernel: where the kernel refuses, a one-node machine
// still answers, from pagemap, and says so; several nodes cannot.
func TestPlacementWithoutKernel(t *testing.T) {
	pg := osmem.PageSize()
	b, err := osmem.Map(4 * pg)
	if err != nil {
		t.Fatal(err)
	}
	defer osmem.Unmap(b)
	b[pg] = 1
	one := probe(fake("one"), kernelSays(syscall.EPERM))
	p, err := placementOf(one, addr(b), len(b))
	if err != nil || p.OnNode[0] != 1 || p.NotFaulted != 3 || !strings.Contains(p.Source, "pagemap") || !strings.Contains(p.Source, "EPERM") {
		t.Fatalf("refused on one node: %v, %v", p, err)
	}
	two := probe(fake("two"), kernelSays(syscall.EPERM))
	if _, err := placementOf(two, addr(b), len(b)); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "CAP_SYS_NICE") {
		t.Fatalf("refused on two nodes: %v", err)
	}
	if _, err := newAllocator(two, Bind(0)); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Bind(0) refused on two nodes: %v", err)
	}
	il, err := newAllocator(two, Interleave())
	if err != nil {
		t.Fatal(err)
	}
	defer il.Close()
	if ok, why := il.Applied(); ok || !strings.Contains(why, "EPERM") || !strings.Contains(il.String(), "not applied") {
		t.Fatalf("Interleave refused: Applied %v %q, %v", ok, why, il)
	}
	if _, err := il.Alloc(3*pg, 8); err != nil {
		t.Fatalf("an allocator that works as one node failed: %v", err)
	}
	bind0, err := newAllocator(one, Bind(0))
	if err != nil {
		t.Fatalf("Bind(0) refused on one node (memory is on node 0 anyway): %v", err)
	}
	defer bind0.Close()
	if ok, _ := bind0.Applied(); ok {
		t.Fatal("Bind(0) claims to be applied with the calls refused")
	}
}

// unsafeFloats views b (8-byte aligned, a multiple of 8 long) as float64s.
func unsafeFloats(b []byte) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/8)
}

// TestBindRereadsAGrowingNode: a request larger than the bound node's
// memory as last read looks again (memory hotplug), and is refused only if
// the node is still too small.
func TestBindRereadsAGrowingNode(t *testing.T) {
	if c := needsKernel(t); !slices.Contains(c.Nodes(), 0) {
		t.Skip("node 0 is not allowed here")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(fake("one"))); err != nil {
		t.Fatal(err)
	}
	meminfo := filepath.Join(root, NodeDir, "node0", "meminfo")
	setTotal := func(kB int) {
		content := fmt.Sprintf("Node 0 MemTotal: %d kB\nNode 0 MemFree: %d kB\n", kB, kB)
		if err := os.WriteFile(meminfo, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setTotal(8)
	a, err := newAllocator(probe(root, kernelSays(nil)), Bind(0))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Alloc(16<<10, 8); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "8192 bytes in all") {
		t.Fatalf("16 KiB on an 8 KiB node: %v", err)
	}
	setTotal(1 << 20)
	b, err := a.Alloc(16<<10, 8)
	if err != nil {
		t.Fatalf("16 KiB after the node grew to 1 GiB: %v", err)
	}
	a.Free(b)
}
