// Command peers measures numgo's GEMM beside gonum's native GEMM and
// OpenBLAS (through cgo) and prints a table of GFLOP/s and ratios, writing
// peers.csv and peers.svg into -out.
//
// OpenBLAS chooses its kernels when it loads, so each OpenBLAS
// configuration runs in a child process of this command (the same binary
// re-executed, see childEnviron): "default" with OPENBLAS_CORETYPE and
// OPENBLAS_L2_SIZE removed from the environment (the library's own choice
// for this CPU: Cooperlake on the project's Zen 5, where the environment
// sets Haswell for old OpenBLAS builds), "SkylakeX" (its AVX-512 kernels)
// and "Haswell" (its AVX2 kernels). Every table names the core each child
// reported (openblas_get_corename) and the date. The parent sends each child one
// measurement at a time, so every peer's repeats are interleaved with
// everyone else's and noise hits all alike; each figure is the median of
// -reps repeats, each the fastest call of its -mintime. After a multi-threaded OpenBLAS run the parent waits
// -settle for OpenBLAS's idle threads, which busy-wait about 2^28 cycles,
// to go to sleep, so they do not steal the next peer's second core.
//
// Run from the bench module: cd bench && go run ./cmd/peers
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/bench/internal/affinity"
	"github.com/numgo/numgo/bench/openblas"
	"github.com/numgo/numgo/internal/cpu"
)

// Peer names, in table order.
const (
	ours      = "ours"
	oursAVX2  = "ours-avx2"
	gonumPeer = "gonum"
	obDefault = "openblas"
	obSKX     = "openblas-skx"
	obHaswell = "openblas-haswell"
)

var peers = []string{ours, oursAVX2, gonumPeer, obDefault, obSKX, obHaswell}

// childEnv gives the OPENBLAS_CORETYPE each OpenBLAS peer runs under (""
// means unset: the library's default selection).
var childEnv = map[string]string{obDefault: "", obSKX: "SkylakeX", obHaswell: "Haswell"}

// point is one configuration to measure.
type point struct {
	op      string // "gemm"
	dtype   string // "float64" or "float32"
	n       int
	threads int
}

func main() {
	out := flag.String("out", "out", "directory for peers.csv and peers.svg (bench/out when run from bench/)")
	sizesFlag := flag.String("sizes", "64,128,256,512,1024", "comma-separated matrix sizes n (n x n x n)")
	threadsFlag := flag.String("threads", "1,2", "comma-separated thread counts")
	reps := flag.Int("reps", 5, "repeats per measurement; the median is kept")
	minTime := flag.Duration("mintime", 100*time.Millisecond, "least time one repeat runs")
	settle := flag.Duration("settle", 120*time.Millisecond, "pause after a multi-threaded OpenBLAS run, whose idle threads spin for ~2^28 cycles")
	square := flag.Bool("square", true, "measure the square GEMM table (peers.csv, peers.svg)")
	small := flag.Bool("small", true, "measure the small, batched and skinny panels (small.csv, small.svg)")
	families := flag.String("families", "small,batched,skinny-m,skinny-n", "comma-separated small-shape families to measure (small: one call, batched: stacks, skinny-m, skinny-n)")
	dtypes := flag.String("dtypes", "float64,float32", "comma-separated element types of the small shapes")
	flag.IntVar(&timingCPU, "cpu", affinity.First(), "the CPU every one-thread measurement runs on, ours and OpenBLAS's alike (default the lowest this process may use; -1: wherever the scheduler puts it)")
	if serveIfChild() {
		return
	}
	flag.Parse()
	sizes, err := ints(*sizesFlag)
	check(err)
	threads, err := ints(*threadsFlag)
	check(err)
	var points []point
	for _, dt := range []string{"float64", "float32"} {
		if !*square {
			break
		}
		for _, th := range threads {
			for _, n := range sizes {
				points = append(points, point{"gemm", dt, n, th})
			}
		}
	}
	children := map[string]*childProc{}
	for _, p := range []string{obDefault, obSKX, obHaswell} {
		c, err := startChild(childEnv[p], *minTime)
		check(err)
		defer c.close()
		children[p] = c
	}
	cores := coreLine(children)
	fmt.Fprintf(os.Stderr, "numgo tier %s; %s\n", cpu.Current(), cores)

	best := bestOf(points, withPeak(peers), *reps, func(peer string, pt point) float64 {
		if peer == peakPeer {
			return pt.flops() / peakSample(pt.dtype, *minTime)
		}
		if c, ok := children[peer]; ok {
			secs, err := c.measure(pt)
			check(err)
			if pt.threads > 1 {
				time.Sleep(*settle)
			}
			return secs
		}
		return measureLocal(peer, pt, *minTime)
	})
	if *square {
		report(os.Stdout, points, best, cores)
		check(os.MkdirAll(*out, 0o755))
		check(writeCSV(filepath.Join(*out, "peers.csv"), points, best))
		check(writeSVG(filepath.Join(*out, "peers.svg"), points, best, sizes, threads, peakOf(points, best), cores))
		fmt.Fprintf(os.Stderr, "wrote %s and %s\n", filepath.Join(*out, "peers.csv"), filepath.Join(*out, "peers.svg"))
	}
	if *small {
		shapes := slices.DeleteFunc(smallShapes(), func(s shape) bool {
			return !slices.Contains(strings.Split(*families, ","), s.op) || !slices.Contains(strings.Split(*dtypes, ","), s.dtype)
		})
		runSmall(children[obDefault], shapes, *reps, *minTime, *settle, *out, cores)
	}
}

// peakPeer is the core's peak as a pseudo-peer of every table: the
// micro-kernel on operands in L1 (gemm.PeakGFLOPS), measured in each
// repeat of each point beside the real peers. The clock of a shared
// virtual core moves with the other jobs: a peak measured once, at the
// start, read 107 float64 GFLOP/s in a run where OpenBLAS then reached
// 116, so the panels' axes topped at OpenBLAS. Measured interleaved, its
// highest median over the points is the ceiling the figures were taken
// under.
const peakPeer = "peak"

// withPeak is peers with the peak pseudo-peer after them.
func withPeak(peers []string) []string { return append(slices.Clone(peers), peakPeer) }

// peakSample runs the micro-kernel of dtype for about d and returns its
// best rate in flop/s (bestOf's callbacks divide a point's flops by it).
func peakSample(dtype string, d time.Duration) float64 {
	if dtype == "float32" {
		return gemm.PeakGFLOPS[float32](d) * 1e9
	}
	return gemm.PeakGFLOPS[float64](d) * 1e9
}

// peakOf is, per dtype, the highest peak measured beside pts (each a
// median of repeats), the top of
// the panels' axes (times the threads). It prints it on stderr.
func peakOf[P interface {
	comparable
	dt() string
}](pts []P, best map[P]map[string]float64) map[string]float64 {
	peak := map[string]float64{}
	for _, p := range pts {
		peak[p.dt()] = max(peak[p.dt()], best[p][peakPeer])
	}
	fmt.Fprintf(os.Stderr, "core peak (micro-kernel in L1, highest median of the run): float64 %.1f, float32 %.1f GFLOP/s\n", peak["float64"], peak["float32"])
	return peak
}

func (pt point) dt() string { return pt.dtype }

// coreLine names the core each OpenBLAS child loaded and the date, for
// every table and panel.
func coreLine(children map[string]*childProc) string {
	return fmt.Sprintf("OpenBLAS cores (openblas_get_corename): openblas=%s (its own choice: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed), openblas-skx=%s, openblas-haswell=%s; %s",
		children[obDefault].core, children[obSKX].core, children[obHaswell].core, time.Now().UTC().Format("2006-01-02"))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

func ints(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("bad list %q: want positive integers separated by commas", s)
		}
		out = append(out, v)
	}
	return out, nil
}

func (pt point) flops() float64 { return 2 * float64(pt.n) * float64(pt.n) * float64(pt.n) }

func (pt point) String() string {
	return fmt.Sprintf("%s n=%-5d threads=%d", pt.dtype, pt.n, pt.threads)
}

// bestOf measures every point with every peer reps times, the peers
// interleaved within each repeat so that noise hits all alike, and keeps
// each peer's median over the repeats of GFLOP/s; secs is the seconds of
// the fastest call of peer on the point in one repeat. The median, not
// the best repeat: the thread's CPU clock of this virtual machine now and
// then reads short (one call of a 48x48 DGEMM at 144 GFLOP/s, a core
// whose micro-kernel peaks at 103-118), and the best of 15 repeats took
// such a reading (OpenBLAS SGEMM at 248 GFLOP/s, against a peak of 217-235).
// It shows its progress on stderr.
func bestOf[P interface {
	comparable
	fmt.Stringer
	flops() float64
}](pts []P, peers []string, reps int, secs func(peer string, p P) float64) map[P]map[string]float64 {
	best := map[P]map[string]float64{}
	start := time.Now()
	for i, p := range pts {
		runs := map[string][]float64{}
		for r := range reps {
			fmt.Fprintf(os.Stderr, "\r[%3d/%3d %5.0fs] %-40s", i*reps+r+1, len(pts)*reps, time.Since(start).Seconds(), p)
			for _, peer := range peers {
				runs[peer] = append(runs[peer], p.flops()/secs(peer, p)/1e9)
			}
		}
		best[p] = map[string]float64{}
		for peer, v := range runs {
			best[p][peer] = median(v)
		}
	}
	if len(pts) > 0 {
		fmt.Fprintln(os.Stderr)
	}
	return best
}

// median is the middle of v (the mean of the two middle values for an
// even count); it sorts v.
func median(v []float64) float64 {
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// operands caches random square operands per size and type.
type operands[T float32 | float64] struct{ a, b, c []T }

var (
	ops64 = map[int]*operands[float64]{}
	ops32 = map[int]*operands[float32]{}
)

func operandsFor[T float32 | float64](cache map[int]*operands[T], n int) *operands[T] {
	if o, ok := cache[n]; ok {
		return o
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	o := &operands[T]{make([]T, n*n), make([]T, n*n), make([]T, n*n)}
	for i := range o.a {
		o.a[i], o.b[i] = T(rng.Float64()), T(rng.Float64())
	}
	cache[n] = o
	return o
}

// timeIt runs f until minTime has passed (at least three times) and
// returns the seconds of its fastest call. On a shared, busy machine the
// fastest of many short calls repeats within a few percent where averages
// move by tens of percent (see ARCHITECTURE.md, Measurements). A call on
// one thread (threads == 1) is timed by the CPU time of its OS thread,
// locked for the purpose: on a machine with more runnable threads than
// cores, a call of milliseconds (DGEMM at n = 1024) is never left alone
// for its whole length, and its wall time counts the other jobs' slices.
// That thread is also bound to timingCPU for the call, in the parent and
// in the OpenBLAS child alike, so that every peer runs on the same core.
// Calls on more threads are timed by the wall clock.
func timeIt(f func(), minTime time.Duration, threads int) float64 {
	clock := func() time.Duration { return time.Duration(time.Now().UnixNano()) }
	if _, ok := threadCPU(); ok && threads == 1 {
		defer affinity.Bind(timingCPU)()
		clock = func() time.Duration { d, _ := threadCPU(); return d }
	}
	f() // warm caches, buffers and worker pools
	start := time.Now()
	best := time.Duration(math.MaxInt64)
	for calls := 0; calls < 3 || time.Since(start) < minTime; calls++ {
		t := clock()
		f()
		best = min(best, clock()-t)
	}
	return best.Seconds()
}

// measureLocal times one in-process peer on pt.
func measureLocal(peer string, pt point, minTime time.Duration) float64 {
	n, th := pt.n, pt.threads
	var f func()
	switch pt.dtype {
	case "float64":
		o := operandsFor(ops64, n)
		switch peer {
		case ours, oursAVX2:
			f = func() { gemm.DgemmParallel(th, false, false, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n) }
		case gonumPeer:
			f = func() {
				gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n)
			}
		}
	default:
		o := operandsFor(ops32, n)
		switch peer {
		case ours, oursAVX2:
			f = func() { gemm.SgemmParallel(th, false, false, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n) }
		case gonumPeer:
			f = func() {
				gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n)
			}
		}
	}
	switch peer {
	case oursAVX2:
		defer cpu.SetTier(cpu.SetTier(min(cpu.Best, cpu.AVX2)))
	case gonumPeer:
		// gonum splits its work over GOMAXPROCS goroutines, which may run
		// on other threads: timed by the wall clock (th 0).
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(th))
		th = 0
	}
	return timeIt(f, minTime, th)
}

// childProc is a running child serving one OpenBLAS configuration.
type childProc struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	core string
}

// childVar marks a child process: its value is the -mintime the child
// times with. A marker in the environment rather than a flag lets a test
// binary serve as a child too (TestMain checks it). cpuVar passes -cpu on.
const (
	childVar = "NUMGO_PEERS_CHILD"
	cpuVar   = "NUMGO_PEERS_CPU"
)

// timingCPU is the CPU one-thread measurements run on (timeIt), the -cpu
// flag in the parent and cpuVar in a child; negative: not bound. On the
// project's 2-core VM the parent and the child each stayed on the core
// the scheduler first gave them, and one core could run 5-7% slower than
// the other for minutes (whatever shares its physical core with it), so
// a ratio at n = 32..64, where both libraries run at the core's
// multiply-add rate, read 0.96-1.03x from one run to the next with
// nothing changed; with both on one core, 1.00-1.04x.
var timingCPU int

// serveIfChild serves as an OpenBLAS child on stdin and stdout when the
// environment marks this process as one, and reports whether it did.
func serveIfChild() bool {
	v, ok := os.LookupEnv(childVar)
	if !ok {
		return false
	}
	minTime, err := time.ParseDuration(v)
	check(err)
	timingCPU, err = strconv.Atoi(os.Getenv(cpuVar))
	check(err)
	serve(os.Stdin, os.Stdout, minTime)
	return true
}

// childEnviron is the environment of a child: the parent's without
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which OpenBLAS reads once when
// it loads (the environment of the project's machines sets them for old
// OpenBLAS builds), with OPENBLAS_CORETYPE=coreType where one is forced,
// the child marker and the CPU it times on.
func childEnviron(environ []string, coreType string, minTime time.Duration, cpu int) []string {
	env := slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		return strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") || strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") ||
			strings.HasPrefix(kv, childVar+"=") || strings.HasPrefix(kv, cpuVar+"=")
	})
	if coreType != "" {
		env = append(env, "OPENBLAS_CORETYPE="+coreType)
	}
	return append(env, childVar+"="+minTime.String(), cpuVar+"="+strconv.Itoa(cpu))
}

// startChild re-executes this binary as a child serving one OpenBLAS
// configuration and reads its greeting, the core OpenBLAS loaded.
func startChild(coreType string, minTime time.Duration) (*childProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = childEnviron(os.Environ(), coreType, minTime, timingCPU)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting OpenBLAS child (core type %q): %w", coreType, err)
	}
	c := &childProc{cmd: cmd, in: in, out: bufio.NewScanner(outPipe)}
	if !c.out.Scan() {
		return nil, fmt.Errorf("OpenBLAS child (core type %q) sent no greeting", coreType)
	}
	c.core = c.out.Text()
	return c, nil
}

func (c *childProc) measure(pt point) (float64, error) {
	return c.ask(fmt.Sprintf("%s %d %d", pt.dtype, pt.n, pt.threads))
}

// ask sends the child one request line and reads back the seconds it
// measured.
func (c *childProc) ask(req string) (float64, error) {
	if _, err := fmt.Fprintln(c.in, req); err != nil {
		return 0, err
	}
	if !c.out.Scan() {
		return 0, fmt.Errorf("OpenBLAS child (core %s) stopped: %v", c.core, c.out.Err())
	}
	return strconv.ParseFloat(c.out.Text(), 64)
}

func (c *childProc) close() {
	c.in.Close()
	c.cmd.Wait()
}

// serve is the child: it greets with OpenBLAS's core name, then answers
// each "dtype n threads" line with the seconds one call takes.
func serve(r io.Reader, w io.Writer, minTime time.Duration) {
	fmt.Fprintln(w, openblas.CoreName())
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if sc.Text() == "env" { // for the test: what OpenBLAS saw
			fmt.Fprintf(w, "OPENBLAS_CORETYPE=%q OPENBLAS_L2_SIZE=%q\n", os.Getenv("OPENBLAS_CORETYPE"), os.Getenv("OPENBLAS_L2_SIZE"))
			continue
		}
		if f := strings.Fields(sc.Text()); len(f) > 0 && f[0] == "small" {
			if err := serveSmall(w, f[1:], minTime); err != nil {
				fmt.Fprintln(os.Stderr, "peers child:", err)
				os.Exit(1)
			}
			continue
		}
		var dtype string
		var n, th int
		if _, err := fmt.Sscan(sc.Text(), &dtype, &n, &th); err != nil {
			fmt.Fprintln(os.Stderr, "peers child:", err)
			os.Exit(1)
		}
		openblas.SetThreads(th)
		var f func()
		if dtype == "float64" {
			o := operandsFor(ops64, n)
			f = func() { openblas.Dgemm(false, false, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n) }
		} else {
			o := operandsFor(ops32, n)
			f = func() { openblas.Sgemm(false, false, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n) }
		}
		fmt.Fprintln(w, timeIt(f, minTime, th))
	}
}
