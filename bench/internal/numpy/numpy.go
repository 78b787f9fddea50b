// Package numpy runs NumPy as a peer for the bench commands: a Python child
// process that times one statement at a time on request, so that the
// caller can interleave NumPy's repeats with its own and machine noise hits
// both alike.
//
// The child is started with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed
// from its environment (the project's machines set them for old OpenBLAS
// builds; NumPy should run at its own best) and with OpenBLAS's and
// OpenMP's threads at 1. Its greeting, [Peer.Info], names NumPy's version,
// the SIMD extensions it found on the CPU and the targets its ufunc loops
// were built to dispatch to; print it beside every table.
//
// Statements run in one namespace that starts with numpy imported as np;
// [Peer.Exec] defines arrays and helpers in it, and [Peer.Time] times a
// statement over them:
//
//	p, err := numpy.Start("/usr/bin/python3", numpy.Wall)
//	...
//	defer p.Close()
//	err = p.Exec("x = np.random.default_rng(1).uniform(-10, 10, 1 << 20); y = np.empty_like(x)")
//	s, err := p.Time("np.exp(x, out=y)", 7) // the fastest of 7, in seconds
package numpy

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"github.com/numgo/numgo/bench/internal/affinity"
)

// Clock is how the child times a statement.
type Clock int

const (
	// Wall is the wall clock (Python's time.perf_counter).
	Wall Clock = iota
	// ThreadCPU is the CPU time of the child's thread (Python's
	// time.thread_time, CLOCK_THREAD_CPUTIME_ID on Linux): other jobs'
	// time slices on a shared machine do not count.
	ThreadCPU
	// ProcessCPU is the CPU time of the whole process, every thread
	// (Python's time.process_time, CLOCK_PROCESS_CPUTIME_ID on Linux): for
	// Go code, the timed goroutine's work with its page faults and the
	// collector's workers, and still not other jobs' time slices.
	ProcessCPU
)

// child is the Python side. It greets with one line, then answers every
// request line, a JSON array ["exec", code] or ["time", stmt, reps], with
// one line: "ok" and the fastest time in seconds (0 for exec), or "err"
// and the Python error as a JSON string.
const child = `
import sys, json, time
import numpy as np
from numpy.core._multiarray_umath import __cpu_features__ as feats
try:
    from numpy.core._multiarray_umath import __cpu_dispatch__ as disp
except ImportError:
    disp = []
have = [k for k, v in feats.items() if v and k.startswith("AVX")]
print("numpy %s; CPU features found: %s; dispatch targets built: %s" % (np.__version__, " ".join(have), " ".join(disp)), flush=True)
clock = {"thread": time.thread_time, "process": time.process_time}.get(sys.argv[1], time.perf_counter)
ns = {"np": np}
timers = {}
for line in sys.stdin:
    try:
        req = json.loads(line)
        if req[0] == "exec":
            exec(req[1], ns)
            best = 0.0
        else:
            stmt, reps = req[1], req[2]
            f = timers.get(stmt)
            if f is None:
                body = "\n".join("    " + l for l in stmt.splitlines())
                exec("def _numgo_timer(_clock):\n    _t = _clock()\n" + body + "\n    return _clock() - _t\n", ns)
                f = timers[stmt] = ns.pop("_numgo_timer")
            best = min(f(clock) for _ in range(reps))
        print("ok", repr(best), flush=True)
    except Exception as e:
        print("err", json.dumps("%s: %s" % (type(e).__name__, e)), flush=True)
`

// Peer is a running NumPy child process. Its methods are not safe for
// concurrent use.
type Peer struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	info string
}

// Start launches python (a Python with NumPy, /usr/bin/python3 on the
// project's machines) as a peer that times statements by clock. It
// returns once the child has greeted.
func Start(python string, clock Clock) (*Peer, error) {
	arg := "wall"
	switch clock {
	case ThreadCPU:
		arg = "thread"
	case ProcessCPU:
		arg = "process"
	}
	cmd := exec.Command(python, "-c", child, arg)
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") || strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=")
	}), "OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("numpy: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("numpy: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("numpy: starting %s: %w", python, err)
	}
	p := &Peer{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	p.out.Buffer(nil, 1<<20)
	if !p.out.Scan() {
		err := p.Close()
		return nil, fmt.Errorf("numpy: %s did not greet (is NumPy installed there?): %v", python, errors.Join(p.out.Err(), err))
	}
	p.info = p.out.Text()
	return p, nil
}

// Info is the child's greeting: NumPy's version, the CPU's SIMD
// extensions NumPy found and its dispatch targets.
func (p *Peer) Info() string { return p.info }

// Exec runs Python code in the peer's namespace, where np is numpy: define
// the arrays that later statements time.
func (p *Peer) Exec(code string) error {
	_, err := p.ask("exec", code)
	return err
}

// Pin binds the peer's timing thread to cpu (os.sched_setaffinity), as
// affinity.Pin binds a Go thread, so that both sides of a comparison run
// on the same core; a negative cpu leaves it where the scheduler puts it.
func (p *Peer) Pin(cpu int) error {
	if cpu < 0 {
		return nil
	}
	return p.Exec(fmt.Sprintf("import os; os.sched_setaffinity(0, {%d})", cpu))
}

// CPUFlag defines the -cpu flag of the commands that time beside NumPy:
// the CPU that Bind binds both sides' timing threads to, by default the
// lowest this process may use (affinity.First); -1 binds none.
func CPUFlag() *int {
	return flag.Int("cpu", affinity.First(), "the CPU both sides' one-thread timing threads run on, numgo's and NumPy's (default the lowest this process may use; -1: wherever the scheduler puts them)")
}

// Bind binds the two timing threads of a one-thread comparison to cpu:
// the peer's (Pin) and the calling goroutine's OS thread (affinity.Bind,
// which locks the goroutine to it). One of a VM's cores can run slower
// than another for minutes, so sides timed on different cores, or moved
// between them, compare the cores. The returned function unbinds the
// caller's thread only: call it before work split across goroutines on
// purpose (the helpers run on other threads, unbound, but the caller's
// own share would stay on cpu), and Bind again after; the peer times on
// one thread whatever the caller runs. A negative cpu binds neither.
func (p *Peer) Bind(cpu int) (unbind func(), err error) {
	if err := p.Pin(cpu); err != nil {
		return nil, err
	}
	return affinity.Bind(cpu), nil
}

// Bound says where Bind(cpu) puts the timing threads, for a table's
// header: "both timing threads on CPU 0", or "timing threads unbound".
func Bound(cpu int) string {
	if cpu < 0 {
		return "timing threads unbound"
	}
	return fmt.Sprintf("both timing threads on CPU %d", cpu)
}

// Time runs stmt (Python, one or more lines, in the peer's namespace)
// reps times and returns the fastest run in seconds. A statement's value
// is dropped at once, as an expression statement's is.
func (p *Peer) Time(stmt string, reps int) (float64, error) {
	if reps < 1 {
		return 0, fmt.Errorf("numpy: Time: reps %d, want at least 1", reps)
	}
	return p.ask("time", stmt, reps)
}

// ask sends one request and reads its answer.
func (p *Peer) ask(req ...any) (float64, error) {
	line, err := json.Marshal(req)
	if err != nil {
		return 0, fmt.Errorf("numpy: %w", err)
	}
	if _, err := p.in.Write(append(line, '\n')); err != nil {
		return 0, fmt.Errorf("numpy: child: %w", err)
	}
	if !p.out.Scan() {
		return 0, fmt.Errorf("numpy: child stopped (%v)", p.out.Err())
	}
	status, rest, _ := strings.Cut(p.out.Text(), " ")
	if status != "ok" {
		var msg string
		if json.Unmarshal([]byte(rest), &msg) != nil {
			msg = rest
		}
		return 0, fmt.Errorf("numpy: %s %q: %s", req[0], req[1], msg)
	}
	s, err := strconv.ParseFloat(rest, 64)
	if err != nil {
		return 0, fmt.Errorf("numpy: child answered %q: %w", p.out.Text(), err)
	}
	return s, nil
}

// Close ends the child and waits for it.
func (p *Peer) Close() error {
	p.in.Close()
	if err := p.cmd.Wait(); err != nil {
		return fmt.Errorf("numpy: child: %w", err)
	}
	return nil
}
