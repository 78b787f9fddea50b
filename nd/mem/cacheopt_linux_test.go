//go:build linux

package mem_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// anonHuge reads the process's anonymous huge-page bytes from
// /proc/self/smaps_rollup.
func anonHuge(t *testing.T) int64 {
	data, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip("no smaps_rollup:", err)
	}
	for line := range strings.Lines(string(data)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "AnonHugePages:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Skip("smaps_rollup has no AnonHugePages line")
	return 0
}

// TestCacheOptimizedHugePagesTakeEffect checks with the kernel's own
// accounting that HugePages gets a buffer huge pages and that without it
// a buffer gets none (where transparent huge pages are "madvise", the
// advice is what decides).
func TestCacheOptimizedHugePagesTakeEffect(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		t.Skipf("transparent huge pages not in madvise mode (%q)", mode)
	}
	const size = 16 << 20
	for _, huge := range []bool{false, true} {
		co, err := mem.NewCacheOptimized(mem.CacheConfig{HugePages: huge})
		if err != nil {
			t.Fatal(err)
		}
		before := anonHuge(t)
		b := mustAlloc(t, co, size, 64)
		for i := 0; i < size; i += 4096 {
			b[i] = 1
		}
		got := anonHuge(t) - before
		mustFree(t, co, b)
		co.Close()
		if huge != (got >= size/2) {
			t.Errorf("HugePages %v: %d bytes of huge pages for a %d-byte buffer", huge, got, size)
		}
	}
}
