//go:build linux

package osmem

import (
	"errors"
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
	if status[1] != PageNotPresent || status[3] >= 0 {
		t.Fatalf("untouched and read-only pages: status %d and %d, want negative (%d: not present)", status[1], status[3], PageNotPresent)
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
