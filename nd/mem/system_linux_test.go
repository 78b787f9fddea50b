//go:build linux

package mem_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// vmFlags returns the VmFlags of the mapping of /proc/self/smaps that
// holds address p.
func vmFlags(t *testing.T, p uintptr) []string {
	data, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip("no smaps:", err)
	}
	in := false
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(f[0], "%x-%x", &lo, &hi); n == 2 && !strings.HasSuffix(f[0], ":") {
			in = lo <= p && p < hi
			continue
		}
		if in && f[0] == "VmFlags:" {
			return f[1:]
		}
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", p)
	return nil
}

// TestSystemAdvisesHugePages checks with the kernel's own record of the
// advice (the "hg" VmFlag of the mapping) that a fresh System buffer of
// 4 MiB or more is advised MADV_HUGEPAGE where huge pages are honoured.
// Whether the kernel then finds free 2 MiB pages is its affair; the
// advice is System's.
func TestSystemAdvisesHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) && !bytes.Contains(mode, []byte("[always]")) {
		t.Skipf("transparent huge pages not honoured (%q)", mode)
	}
	s := mem.NewSystem()
	const size = 8 << 20
	b := mustAlloc(t, s, size, 64)
	defer mustFree(t, s, b)
	mid := uintptr(unsafe.Pointer(&b[size/2]))
	if flags := vmFlags(t, mid); !slices.Contains(flags, "hg") {
		t.Errorf("the mapping of an %d-byte System buffer has VmFlags %v, want hg among them", size, flags)
	}
}
