package numpy

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/numgo/numgo/bench/internal/affinity"
)

const python = "/usr/bin/python3"

// start starts a peer or skips the test where no Python with NumPy is
// installed.
func start(t *testing.T, clock Clock) *Peer {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skipf("no %s: %v", python, err)
	}
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skipf("%s has no NumPy: %v", python, err)
	}
	p, err := Start(python, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	return p
}

func TestPeer(t *testing.T) {
	for _, clock := range []Clock{Wall, ThreadCPU, ProcessCPU} {
		p := start(t, clock)
		if !strings.HasPrefix(p.Info(), "numpy ") || !strings.Contains(p.Info(), "dispatch targets built:") {
			t.Errorf("Info() = %q, want NumPy's version and dispatch targets", p.Info())
		}
		// The environment the child sees: the OpenBLAS settings gone, one thread.
		if err := p.Exec("import os\nassert 'OPENBLAS_CORETYPE' not in os.environ and 'OPENBLAS_L2_SIZE' not in os.environ, os.environ\nassert os.environ['OPENBLAS_NUM_THREADS'] == '1'"); err != nil {
			t.Error(err)
		}
		if err := p.Exec("x = np.arange(1 << 16, dtype=np.float64); y = np.empty_like(x)"); err != nil {
			t.Fatal(err)
		}
		small, err := p.Time("np.exp(x[:16], out=y[:16])", 5)
		if err != nil {
			t.Fatal(err)
		}
		// Twenty passes over 64K values cannot be as fast as one over 16.
		large, err := p.Time("for _ in range(20):\n    np.exp(x, out=y)", 3)
		if err != nil {
			t.Fatal(err)
		}
		if !(small > 0 && large > small) {
			t.Errorf("clock %d: Time: 16 values %g s, 20x64K values %g s; want 0 < first < second", clock, small, large)
		}
		// A statement sees what an earlier one defined.
		if err := p.Exec("assert y[2] == np.exp(2.0)"); err != nil {
			t.Error(err)
		}
	}
}

func TestPeerErrors(t *testing.T) {
	p := start(t, Wall)
	if _, err := p.Time("undefined_name + 1", 1); err == nil || !strings.Contains(err.Error(), "NameError") {
		t.Errorf("Time of an undefined name: error %v, want Python's NameError", err)
	}
	if err := p.Exec("def ("); err == nil || !strings.Contains(err.Error(), "SyntaxError") {
		t.Errorf("Exec of bad syntax: error %v, want SyntaxError", err)
	}
	if _, err := p.Time("1", 0); err == nil {
		t.Error("Time with reps 0: no error")
	}
	// The peer still answers after errors.
	if _, err := p.Time("1 + 1", 1); err != nil {
		t.Error(err)
	}
}

func TestBind(t *testing.T) {
	p := start(t, ThreadCPU)
	if err := p.Exec("import os; before = os.sched_getaffinity(0)"); err != nil {
		t.Fatal(err)
	}
	unbind, err := p.Bind(-1)
	if err != nil {
		t.Fatal(err)
	}
	unbind()
	if err := p.Exec("assert os.sched_getaffinity(0) == before, os.sched_getaffinity(0)"); err != nil {
		t.Errorf("Bind(-1) changed the timing thread's CPUs: %v", err)
	}
	cpu := affinity.First() // the child's CPUs are this process's
	if cpu < 0 {
		t.Skip("no CPU affinity here")
	}
	// The caller's side is affinity.Bind's (tested there).
	unbind, err = p.Bind(cpu)
	if err != nil {
		t.Fatal(err)
	}
	unbind()
	if err := p.Exec(fmt.Sprintf("assert os.sched_getaffinity(0) == {%d}, os.sched_getaffinity(0)", cpu)); err != nil {
		t.Errorf("after Bind(%d) and unbind: %v; want the peer still on CPU %[1]d", cpu, err)
	}
}

func TestStartFails(t *testing.T) {
	if _, err := Start("/nonexistent/python", Wall); err == nil {
		t.Error("Start of a missing Python: no error")
	}
}

func TestMeasure(t *testing.T) {
	for _, clock := range []Clock{Wall, ThreadCPU, ProcessCPU} {
		sum := 0
		spin := func(n int) func() {
			return func() {
				for i := range n {
					sum += i
				}
			}
		}
		short, long := Measure(clock, spin(1000)), Measure(clock, spin(100_000_000))
		if !(short >= 0 && long > short) {
			t.Errorf("clock %d: Measure: 1e3 iterations %g s, 1e8 %g s; want 0 <= first < second", clock, short, long)
		}
		_ = sum
	}
}
