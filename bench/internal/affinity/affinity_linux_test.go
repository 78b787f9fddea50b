package affinity

import (
	"os"
	"runtime"
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
	restore := Pin(0)
	if got := allowedCPUs(t); got != "0" {
		t.Errorf("pinned to CPU 0, the thread may run on %q", got)
	}
	restore()
	if got := allowedCPUs(t); got != before {
		t.Errorf("after restore the thread may run on %q, want %q as before", got, before)
	}
}
