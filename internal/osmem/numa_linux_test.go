//go:build linux

package osmem

import (
	"errors"
	"os"
	"slices"
	"syscall"
	"testing"
	"unsafe"
)

func pageAddrs(b []byte) []uintptr {
	var pages []uintptr
	for off := 0; off < len(b); off += PageSize() {
		pages = append(pages, uintptr(unsafe.Pointer(&b[off])))
	}
	return pages
}

// TestPolicyCallsOnThisKernel asks the running kernel: where it refuses
// the calls (a container without CAP_SYS_NICE) the test says so and
// checks that the refusal is recognised.
func TestPolicyCallsOnThisKernel(t *testing.T) {
	if err := CheckPolicyCalls(); err != nil {
		if !IsRefused(err) && !IsNoKernelNUMA(err) {
			t.Fatalf("memory-policy calls failed in an unrecognised way: %v", err)
		}
		t.Skipf("this kernel does not act on memory policy here: %v", err)
	}
	allowed, err := MemsAllowed()
	if err != nil {
		t.Fatal(err)
	}
	nodes := allowed.Nodes()
	if len(nodes) == 0 {
		t.Fatal("no node allowed")
	}
	b, err := Map(4 * PageSize())
	if err != nil {
		t.Fatal(err)
	}
	defer Unmap(b)
	if err := Mbind(b, MPOLBind, MaskOf(nodes[0]), MPOLMFStrict|MPOLMFMove); err != nil {
		t.Fatal(err)
	}
	b[0], b[2*PageSize()] = 1, 1
	sinkByte = b[3*PageSize()] // a read maps the shared zero page: no page of its own
	status := make([]int32, 4)
	if err := PageNodes(pageAddrs(b), status); err != nil {
		t.Fatal(err)
	}
	if status[0] != int32(nodes[0]) || status[2] != int32(nodes[0]) {
		t.Fatalf("touched pages on %v, want node %d", status, nodes[0])
	}
	if status[1] != PageNotPresent {
		t.Fatalf("untouched page: status %d, want %d (not present)", status[1], PageNotPresent)
	}
	// The page only read maps the shared zero page: kernels before 6.18
	// report -EFAULT, 6.18 reports the zero page's node. Both are right;
	// OwnPages is what tells it apart (TestOwnPages).
	if status[3] != PageNoneOwn && status[3] < 0 {
		t.Fatalf("read-only page: status %d, want %d or a node", status[3], PageNoneOwn)
	}
	t.Logf("page statuses after touching pages 0 and 2 and reading page 3: %v", status)

	// A node past every allowed one is refused with EINVAL.
	absent := nodes[len(nodes)-1] + 1
	if err := Mbind(b, MPOLBind, MaskOf(absent), 0); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("mbind to node %d: %v, want EINVAL", absent, err)
	}
	mode, _, err := ThreadPolicy()
	if err != nil || mode != MPOLDefault {
		t.Fatalf("thread policy %d, %v; want the default", mode, err)
	}
}

// TestOwnPages: pagemap tells written pages from untouched ones on every
// kernel, with no privilege and no NUMA support needed. A page only read
// has its own page on some kernels (6.18 here) and maps the shared zero
// page on others; where pagemap shows frame numbers (as root) the test
// checks OwnPages against them: a shared frame is the zero page.
func TestOwnPages(t *testing.T) {
	pg := PageSize()
	b, err := Map(6 * pg)
	if err != nil {
		t.Fatal(err)
	}
	defer Unmap(b)
	b[0], b[2*pg] = 1, 1
	sinkByte = b[3*pg] + b[4*pg]
	first := uintptr(unsafe.Pointer(&b[0]))
	own := make([]bool, 6)
	if err := OwnPages(first, own); err != nil {
		t.Fatal(err)
	}
	if !own[0] || own[1] || !own[2] || own[5] {
		t.Fatalf("own pages after writing 0 and 2: %v, want 0 and 2 own, 1 and 5 not", own)
	}
	if own[3] != own[4] {
		t.Fatalf("two pages only read differ: %v", own)
	}
	pfn := make([]uint64, 6)
	if err := pagemap(first, 6, func(i int, e uint64) { pfn[i] = e & (1<<55 - 1) }); err != nil {
		t.Fatal(err)
	}
	switch {
	case pfn[0] == 0:
		t.Logf("read pages own: %v (frame numbers hidden without CAP_SYS_ADMIN)", own[3])
	case (pfn[3] == pfn[4]) == own[3]:
		t.Fatalf("read pages: frames %d and %d, own %v: a shared frame is the zero page, not own", pfn[3], pfn[4], own[3])
	default:
		t.Logf("read pages: frames %d and %d, own %v", pfn[3], pfn[4], own[3])
	}
	if err := OwnPages(first+1, own); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("unaligned start: %v, want EINVAL", err)
	}
	// A file's pages in the page cache are its own even when shared.
	f, err := os.CreateTemp(t.TempDir(), "own")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, pg)); err != nil {
		t.Fatal(err)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, pg, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	sinkByte = m[0]
	if err := OwnPages(uintptr(unsafe.Pointer(&m[0])), own[:1]); err != nil || !own[0] {
		t.Fatalf("a read page of a shared file mapping: own %v, %v", own[0], err)
	}
}

func TestInjectedErrnoReachesEveryPolicyCall(t *testing.T) {
	for _, e := range []syscall.Errno{syscall.EPERM, syscall.ENOSYS} {
		restore := InjectPolicyErrno(e)
		b := make([]byte, 1)
		calls := map[string]error{
			"CheckPolicyCalls": CheckPolicyCalls(),
			"Mbind":            Mbind(b, MPOLBind, MaskOf(0), 0),
			"SetThreadPolicy":  SetThreadPolicy(MPOLDefault, nil),
			"PageNodes":        PageNodes([]uintptr{1}, []int32{0}),
		}
		_, err := MemsAllowed()
		calls["MemsAllowed"] = err
		_, _, err = ThreadPolicy()
		calls["ThreadPolicy"] = err
		restore()
		for name, err := range calls {
			if !errors.Is(err, e) {
				t.Errorf("%s under injected %v: %v", name, e, err)
			}
		}
		if e == syscall.EPERM && !IsRefused(calls["Mbind"]) || e == syscall.ENOSYS && !IsNoKernelNUMA(calls["Mbind"]) {
			t.Errorf("%v not classified", e)
		}
	}
	if _, err := MemsAllowed(); err != nil && (IsRefused(err) || IsNoKernelNUMA(err)) && injectedErrno() != 0 {
		t.Fatal("restore left the injection in place")
	}
}

func TestMaskOf(t *testing.T) {
	cases := []struct {
		nodes []int
		want  NodeMask
	}{
		{nil, NodeMask{0}},
		{[]int{0}, NodeMask{1}},
		{[]int{1, 3}, NodeMask{0b1010}},
		{[]int{63, 64}, NodeMask{1 << 63, 1}},
		{[]int{130}, NodeMask{0, 0, 1 << 2}},
		{[]int{-1, MaxNodes, 2}, NodeMask{0b100}},
	}
	for _, c := range cases {
		got := MaskOf(c.nodes...)
		if !slices.Equal(got, c.want) {
			t.Errorf("MaskOf(%v) = %b, want %b", c.nodes, got, c.want)
		}
		var back []int
		for _, n := range c.nodes {
			if n >= 0 && n < MaxNodes {
				back = append(back, n)
			}
		}
		if !slices.Equal(got.Nodes(), back) {
			t.Errorf("MaskOf(%v).Nodes() = %v", c.nodes, got.Nodes())
		}
	}
	if ptr, maxnode := maskPtr(nil); ptr != nil || maxnode != 0 {
		t.Errorf("empty mask passed as %p, %d", ptr, maxnode)
	}
	if _, maxnode := maskPtr(MaskOf(0)); maxnode != 65 {
		t.Errorf("one-word mask: maxnode %d, want 65 (the kernel reads maxnode-1 bits)", maxnode)
	}
}

func TestGetcpuAndAffinity(t *testing.T) {
	cpu, node, err := Getcpu()
	if err != nil {
		t.Fatal(err)
	}
	cpus, err := ThreadAffinity()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(cpus, cpu) && len(cpus) > 0 {
		// The thread may have moved between the two calls only within its
		// affinity, so the CPU must be in it.
		t.Fatalf("getcpu says CPU %d, affinity %v", cpu, cpus)
	}
	if node < 0 {
		t.Fatalf("node %d", node)
	}
	if err := SetThreadAffinity([]int{-1}); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("bad CPU: %v", err)
	}
}

func TestResident(t *testing.T) {
	b, err := Map(3 * PageSize())
	if err != nil {
		t.Fatal(err)
	}
	defer Unmap(b)
	b[PageSize()] = 1
	vec := make([]byte, 3)
	if err := Resident(uintptr(unsafe.Pointer(&b[0])), len(b), vec); err != nil {
		t.Fatal(err)
	}
	if vec[0]&1 != 0 || vec[1]&1 != 1 || vec[2]&1 != 0 {
		t.Fatalf("residency %v, want only page 1", vec)
	}
	if err := Resident(uintptr(unsafe.Pointer(&b[0])), len(b), vec[:1]); err == nil {
		t.Fatal("short vector accepted")
	}
}
