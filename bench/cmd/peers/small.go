package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/bench/openblas"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

// shape is one small-GEMM measurement: C (m x n) = A (m x k) B (k x n),
// batch times (batch > 1: stacks of matrices, ours in one MatMulInto
// call, the peers in a loop of calls), on threads goroutines.
type shape struct {
	op      string // "small", "batched", "skinny-m" (m fixed), "skinny-n" (n fixed)
	dtype   string
	m, n, k int
	batch   int
	threads int
}

// x is the size a panel plots the shape against.
func (s shape) x() int {
	if s.op == "skinny-n" {
		return s.m
	}
	return s.n
}

func (s shape) dt() string { return s.dtype }

func (s shape) flops() float64 { return 2 * float64(s.m*s.n*s.k) * float64(s.batch) }

func (s shape) String() string {
	return fmt.Sprintf("%s %s %d %d %d %d %d", s.op, s.dtype, s.m, s.n, s.k, s.batch, s.threads)
}

// smallPeers are the peers of the small-shape panels: ours through
// linalg.MatMulInto on nd arrays (the checks included), gonum's native
// Dgemm/Sgemm and OpenBLAS's default kernels, both called once per matrix.
var smallPeers = []string{ours, gonumPeer, obDefault}

// smallShapes lists the shapes of the small, batched and skinny panels:
// square n = 2..64 one call at a time; stacks of about 1.6 MFLOP of
// (n, n) products on 1 and 2 threads; and skinny products with k = 16
// and m (or n) = 8 while the other side grows to 4096.
func smallShapes() []shape {
	var out []shape
	for _, dt := range []string{"float64", "float32"} {
		for _, n := range []int{2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64} {
			out = append(out, shape{"small", dt, n, n, n, 1, 1})
		}
		for _, th := range []int{1, 2} {
			for _, n := range []int{2, 4, 8, 16, 32, 64} {
				out = append(out, shape{"batched", dt, n, n, n, max(2, 800_000/(n*n*n)), th})
			}
		}
		for _, big := range []int{16, 64, 256, 1024, 4096} {
			out = append(out, shape{"skinny-m", dt, 8, big, 16, 1, 1}, shape{"skinny-n", dt, big, 8, 16, 1, 1})
		}
	}
	return out
}

// smallOperands are an operand set for a shape: nd arrays for ours and
// their storage for the peers.
type smallOperands[T float32 | float64] struct {
	a, b, c *nd.Array[T]
}

// operandOffsets places A, B and C of every small shape: each starts
// this many bytes past a 4 KiB boundary of one page-aligned slab, the
// three in separate pages, in the parent (ours, gonum) and in the
// OpenBLAS child alike. Where the allocator put them instead depended on
// what each process had allocated before, and their distance modulo 4
// KiB decides whether a load from A or B waits on an earlier store to C
// that only looks alike to the store buffer (4 KiB aliasing): the same
// 8x64x16 float32 Sgemm took 105.7-107.3 ns with C 3072 bytes past B's
// 4 KiB alignment and 76.5-80.7 at the other fifteen multiples of 256,
// so a cell could move by 30% from one process to the next. The three
// offsets are 64-byte aligned and apart from one another.
var operandOffsets = [3]int{0, 1344, 2688}

func newSmallOperands[T float32 | float64](s shape) *smallOperands[T] {
	dims := func(r, c int) []int {
		if s.batch > 1 {
			return []int{s.batch, r, c}
		}
		return []int{r, c}
	}
	a, err := nd.Random[T](dims(s.m, s.k), 1)
	check(err)
	b, err := nd.Random[T](dims(s.k, s.n), 2)
	check(err)
	c, err := nd.Zeros[T](dims(s.m, s.n))
	check(err)
	p := place(a, b, c)
	return &smallOperands[T]{p[0], p[1], p[2]}
}

// place copies each of arrays into a slab at operandOffsets and returns
// views of the copies, in order.
func place[T float32 | float64](arrays ...*nd.Array[T]) []*nd.Array[T] {
	const page = 4096
	size := int(unsafe.Sizeof(T(0)))
	starts, end := make([]int, len(arrays)), 0
	for i, x := range arrays {
		starts[i] = (end+page-1)/page*page + operandOffsets[i]
		end = starts[i] + x.Size()*size
	}
	slab := make([]T, (end+2*page)/size)
	skip := (page - int(uintptr(unsafe.Pointer(&slab[0])))%page) % page // to the first page boundary
	out := make([]*nd.Array[T], len(arrays))
	for i, x := range arrays {
		data := slab[(skip+starts[i])/size:][:x.Size()]
		copy(data, x.Data())
		v, err := nd.View(data, 0, x.Shape(), x.Strides())
		check(err)
		out[i] = v
	}
	return out
}

// repsFor is how many times one timed call computes shape s: enough for
// about 10 MFLOP (0.1 ms at 100 GFLOP/s), so that the clock reads around
// each timed call (the thread's CPU clock is a system call of about a
// microsecond, counted in the thread's time) and, for OpenBLAS, the one
// cgo crossing are 1% of it or less.
func repsFor(s shape) int { return max(1, int(1e7/s.flops())) }

// smallFunc returns the call that computes shape s reps times for peer
// (ours, gonum or openblas).
func smallFunc(peer string, s shape, reps int) func() {
	if s.dtype == "float64" {
		return smallFuncT(peer, s, reps, cachedOperands[float64](s), gonum.Implementation{}.Dgemm, openblas.DgemmLoop)
	}
	return smallFuncT(peer, s, reps, cachedOperands[float32](s), gonum.Implementation{}.Sgemm, openblas.SgemmLoop)
}

// smallCache keeps each shape's operands across repeats, so that the
// measurements make no garbage for the collector to run on.
var smallCache = map[shape]any{}

func cachedOperands[T float32 | float64](s shape) *smallOperands[T] {
	key := s
	key.threads = 0
	if o, ok := smallCache[key]; ok {
		return o.(*smallOperands[T])
	}
	o := newSmallOperands[T](s)
	smallCache[key] = o
	return o
}

// smallFuncT is smallFunc for T: ours is MatMulInto on the nd arrays, a
// whole stack in one call; gonum one call per matrix; OpenBLAS one
// cblas call per matrix made from C (ob: DgemmLoop or SgemmLoop).
func smallFuncT[T float32 | float64](peer string, s shape, reps int, o *smallOperands[T],
	gn func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int),
	ob func(reps, count int, tA, tB bool, m, n, k int, alpha T, a []T, lda, sa int, b []T, ldb, sb int, beta T, c []T, ldc, sc int)) func() {
	m, n, k, batch := s.m, s.n, s.k, s.batch
	a, b, c := o.a.Data(), o.b.Data(), o.c.Data()
	switch peer {
	case ours:
		return func() {
			for range reps {
				if err := linalg.MatMulInto(o.c, o.a, o.b); err != nil {
					check(err)
				}
			}
		}
	case gonumPeer:
		return func() {
			for range reps {
				for i := range batch {
					gn(blas.NoTrans, blas.NoTrans, m, n, k, 1, a[i*m*k:], k, b[i*k*n:], n, 0, c[i*m*n:], n)
				}
			}
		}
	default:
		return func() { ob(reps, batch, false, false, m, n, k, 1, a, k, m*k, b, n, k*n, 0, c, n, m*n) }
	}
}

// measureSmall times ours or gonum on s in this process.
func measureSmall(peer string, s shape, minTime time.Duration) float64 {
	defer gemm.SetThreads(gemm.SetThreads(s.threads))
	reps := repsFor(s)
	th := s.threads
	if peer == gonumPeer {
		th = 0 // gonum hands work to goroutines that may run on other threads: wall clock
	}
	return timeIt(smallFunc(peer, s, reps), minTime, th) / float64(reps)
}

// serveSmall answers a child's "small ..." request: the seconds one call
// of OpenBLAS takes on the shape.
func serveSmall(w io.Writer, fields []string, minTime time.Duration) error {
	var s shape
	if _, err := fmt.Sscan(strings.Join(fields, " "), &s.op, &s.dtype, &s.m, &s.n, &s.k, &s.batch, &s.threads); err != nil {
		return err
	}
	openblas.SetThreads(s.threads)
	reps := repsFor(s)
	fmt.Fprintln(w, timeIt(smallFunc(obDefault, s, reps), minTime, s.threads)/float64(reps))
	return nil
}

func (c *childProc) measureSmall(s shape) (float64, error) {
	return c.ask("small " + s.String())
}

// runSmall measures the small shapes, peers interleaved, median of reps,
// prints the table and writes small.csv and small.svg into out, each
// with cores, the line naming OpenBLAS's cores and the date. After a
// 2-thread OpenBLAS run it waits settle, as the square table does.
func runSmall(child *childProc, shapes []shape, reps int, minTime, settle time.Duration, out string, cores string) {
	best := bestOf(shapes, withPeak(smallPeers), reps, func(p string, s shape) float64 {
		if p == peakPeer {
			return s.flops() / peakSample(s.dtype, minTime)
		}
		if p == obDefault {
			secs, err := child.measureSmall(s)
			check(err)
			if s.threads > 1 {
				time.Sleep(settle)
			}
			return secs
		}
		return measureSmall(p, s, minTime)
	})
	reportSmall(os.Stdout, shapes, best, cores)
	check(os.MkdirAll(out, 0o755))
	check(writeSmallCSV(filepath.Join(out, "small.csv"), shapes, best))
	check(writePanels(filepath.Join(out, "small.svg"), shapes, best, peakOf(shapes, best), cores))
	fmt.Fprintf(os.Stderr, "wrote %s and %s\n", filepath.Join(out, "small.csv"), filepath.Join(out, "small.svg"))
}

func reportSmall(w io.Writer, shapes []shape, best map[shape]map[string]float64, cores string) {
	fmt.Fprintln(w, cores)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "op\tdtype\tm\tn\tk\tbatch\tthreads\tours\tgonum\topenblas\tours/openblas\tours/gonum\t")
	for _, s := range shapes {
		b := best[s]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.2fx\t%.2fx\t\n", s.op, s.dtype, s.m, s.n, s.k, s.batch, s.threads,
			b[ours], b[gonumPeer], b[obDefault], b[ours]/b[obDefault], b[ours]/b[gonumPeer])
	}
	fmt.Fprintln(tw, "(GFLOP/s, median of repeats, each the fastest call of its -mintime; ours = linalg.MatMulInto, one call for a whole batch; gonum and openblas = one call per matrix, OpenBLAS's from C)")
	tw.Flush()
}

func writeSmallCSV(path string, shapes []shape, best map[shape]map[string]float64) error {
	var b strings.Builder
	b.WriteString("op,dtype,m,n,k,batch,threads,ours_gflops,gonum_gflops,openblas_gflops,ours/openblas,ours/gonum\n")
	for _, s := range shapes {
		r := best[s]
		fmt.Fprintf(&b, "%s,%s,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.4f,%.4f\n", s.op, s.dtype, s.m, s.n, s.k, s.batch, s.threads,
			r[ours], r[gonumPeer], r[obDefault], r[ours]/r[obDefault], r[ours]/r[gonumPeer])
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writePanels draws BLIS-style performance panels: one per (op, dtype,
// threads), GFLOP/s against size on a log2 axis, one line per peer, the
// y axis topped at the core's peak for the dtype (times the threads;
// higher only if a figure is, and then a dashed line marks the peak), under the line naming OpenBLAS's cores and
// the date.
func writePanels(path string, shapes []shape, best map[shape]map[string]float64, peak map[string]float64, cores string) error {
	type key struct {
		op, dtype string
		threads   int
	}
	var keys []key
	panels := map[key][]shape{}
	for _, s := range shapes {
		k := key{s.op, s.dtype, s.threads}
		if _, ok := panels[k]; !ok {
			keys = append(keys, k)
		}
		panels[k] = append(panels[k], s)
	}
	const pw, ph, cols = 360, 260, 4
	rows := (len(keys) + cols - 1) / cols
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", pw*cols+20, ph*rows+60)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	for i, p := range smallPeers {
		x := 50 + i*110
		fmt.Fprintf(&b, `<line x1="%d" y1="15" x2="%d" y2="15" stroke="%s" stroke-width="3"/><text x="%d" y="19">%s</text>`+"\n", x, x+20, colors[p], x+24, p)
	}
	fmt.Fprintf(&b, `<text x="%d" y="19">top of each axis: the core's peak (micro-kernel in L1, highest median of the run) times the threads</text>`+"\n", 50+len(smallPeers)*110)
	fmt.Fprintf(&b, `<text x="50" y="37">%s</text>`+"\n", html.EscapeString(cores))
	for i, k := range keys {
		ss := panels[k]
		x0, y0 := 20+(i%cols)*pw, 50+(i/cols)*ph
		ymax := peak[k.dtype] * float64(k.threads)
		for _, s := range ss {
			for _, v := range best[s] {
				ymax = max(ymax, v)
			}
		}
		lo, hi := math.Log2(float64(ss[0].x())), math.Log2(float64(ss[len(ss)-1].x()))
		if hi == lo {
			hi = lo + 1
		}
		left, right, bottom, top := float64(x0+40), float64(x0+pw-20), float64(y0+ph-40), float64(y0+30)
		px := func(s shape) float64 { return left + (math.Log2(float64(s.x()))-lo)/(hi-lo)*(right-left) }
		py := func(v float64) float64 { return bottom - v/ymax*(bottom-top) }
		peakLine(&b, left, right, py, peak[k.dtype]*float64(k.threads), ymax)
		title := fmt.Sprintf("%s %s, %d thread(s)", k.op, k.dtype, k.threads)
		switch k.op {
		case "skinny-m":
			title += fmt.Sprintf(": m=%d k=%d, n =", ss[0].m, ss[0].k)
		case "skinny-n":
			title += fmt.Sprintf(": n=%d k=%d, m =", ss[0].n, ss[0].k)
		default:
			title += ": n ="
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", x0+40, y0+18, title)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n",
			left, bottom, right, bottom, left, bottom, left, top)
		for q := 0; q <= 4; q++ {
			v := ymax * float64(q) / 4
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%.0f</text><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n",
				left-4, py(v)+4, v, left, py(v), right, py(v))
		}
		for _, s := range ss {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", px(s), bottom+14, s.x())
		}
		for _, p := range smallPeers {
			var pts []string
			for _, s := range ss {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(s), py(best[s][p])))
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colors[p], strings.Join(pts, " "))
		}
	}
	b.WriteString("</svg>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
