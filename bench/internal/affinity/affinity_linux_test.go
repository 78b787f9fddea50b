package affinity

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// allowedCPUs reads the calling thread's Cpus_allowed_list, or skips the
// test where it cannot be read.
func allowedCPUs(t *testing.T) string {
	cpus, err := threadCPUs()
	if err != nil {
		t.Skip(err)
	}
	return cpus
}

// threadCPUs reads the calling thread's Cpus_allowed_list.
func threadCPUs() (string, error) {
	b, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		return "", err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", errors.New("no Cpus_allowed_list")
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

func TestBind(t *testing.T) {
	runtime.LockOSThread() // the thread whose CPUs before are read
	defer runtime.UnlockOSThread()
	before := allowedCPUs(t)
	cpu := First()
	if cpu < 0 {
		t.Fatalf("First() = %d on Linux, whose thread may run on %q", cpu, before)
	}
	unbind := Bind(cpu)
	if got, want := allowedCPUs(t), strconv.Itoa(cpu); got != want {
		t.Errorf("bound to CPU %d, the thread may run on %q", cpu, got)
	}
	// A goroutine started while bound runs on another thread, with every
	// CPU the process may use.
	other := make(chan string)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cpus, err := threadCPUs()
		if err != nil {
			cpus = err.Error()
		}
		other <- cpus
	}()
	if got := <-other; got != before {
		t.Errorf("a goroutine started while bound may run on %q, want %q", got, before)
	}
	unbind()
	if got := allowedCPUs(t); got != before {
		t.Errorf("after unbind the thread may run on %q, want %q as before", got, before)
	}
}
