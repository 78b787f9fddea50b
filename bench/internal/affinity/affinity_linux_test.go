package affinity

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// allowedCPUs reads the calling thread's Cpus_allowed_list.
func allowedCPUs(t *testing.T) string {
	b, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Skip("no Cpus_allowed_list")
	return ""
}

func TestPin(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := allowedCPUs(t)
	cpu := First()
	if cpu < 0 {
		t.Fatalf("First() = %d on Linux, whose thread may run on %q", cpu, before)
	}
	if want := strconv.Itoa(cpu); !strings.HasPrefix(before, want) {
		t.Errorf("First() = %d, the thread may run on %q", cpu, before)
	}
	restore := Pin(cpu)
	if got, want := allowedCPUs(t), strconv.Itoa(cpu); got != want {
		t.Errorf("pinned to CPU %d, the thread may run on %q", cpu, got)
	}
	restore()
	if got := allowedCPUs(t); got != before {
		t.Errorf("after restore the thread may run on %q, want %q as before", got, before)
	}
}
