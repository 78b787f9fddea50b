package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/internal/cpu"
)

// problem is one GEMM with its operands stored with padded strides; the
// padding holds NaN so reading it shows in the result, and C's padding holds
// a sentinel that must survive.
type problem struct {
	tA, tB        bool
	m, n, k       int
	alpha, beta   float64
	a, b, c       []float64
	lda, ldb, ldc int
}

const sentinel = -12345.5

func newProblem(rng *rand.Rand, tA, tB bool, m, n, k int, alpha, beta float64) *problem {
	p := &problem{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	rowsA, colsA, rowsB, colsB := stored(tA, tB, m, n, k)
	p.a, p.lda = randMatrix(rng, rowsA, colsA, math.NaN())
	p.b, p.ldb = randMatrix(rng, rowsB, colsB, math.NaN())
	p.c, p.ldc = randMatrix(rng, m, n, sentinel)
	return p
}

// randMatrix returns a rows x cols matrix of values in [-1, 1) with a row
// stride of cols plus 0..3, the gaps filled with pad.
func randMatrix(rng *rand.Rand, rows, cols int, pad float64) ([]float64, int) {
	ld := max(1, cols+rng.IntN(4))
	s := make([]float64, max(0, rows*ld))
	for i := range s {
		if i%ld < cols {
			s[i] = 2*rng.Float64() - 1
		} else {
			s[i] = pad
		}
	}
	return s, ld
}

// want computes the product in float64 with a naive triple loop, with an
// error bound per element: eps * (k+2) * (|alpha| sum |a||b| + |beta c|).
func (p *problem) want(eps float64) (want, bound []float64) {
	want = make([]float64, len(p.c))
	bound = make([]float64, len(p.c))
	copy(want, p.c)
	for i := range p.m {
		for j := range p.n {
			var s, abs float64
			if p.alpha != 0 {
				for l := range p.k {
					ai, bi := i*p.lda+l, l*p.ldb+j
					if p.tA {
						ai = l*p.lda + i
					}
					if p.tB {
						bi = j*p.ldb + l
					}
					av, bv := p.a[ai], p.b[bi]
					s += av * bv
					abs += math.Abs(av * bv)
				}
			}
			cv := 0.0
			if p.beta != 0 {
				cv = p.beta * p.c[i*p.ldc+j]
			}
			want[i*p.ldc+j] = p.alpha*s + cv
			bound[i*p.ldc+j] = eps * float64(p.k+2) * (math.Abs(p.alpha)*abs + math.Abs(cv))
		}
	}
	return want, bound
}

// variant is one way to run a GEMM: the public entry point or the packed
// driver on a given kernel and thread count.
type variant[T float] struct {
	name string
	run  func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
}

func variants[T float]() []variant[T] {
	vs := []variant[T]{
		{"small", func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			scaleOrSmall(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}},
	}
	tbl, st := tableFor[T](), supFor[T]()
	for _, tier := range cpu.Tiers() {
		for _, sv := range []struct {
			name string
			s    *supTier[T]
		}{{"sup/" + tier.String(), &st.kernels[tier]}, {"sup/" + tier.String() + "-twin", &st.twins[tier]}} {
			vs = append(vs, variant[T]{sv.name, func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
				switch {
				case m == 0 || n == 0 || k == 0 || alpha == 0:
					gemm(1, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
				default:
					supT(sv.s, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
				}
			}})
		}
		vs = append(vs, variant[T]{"public/" + tier.String(), func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			defer cpu.SetTier(cpu.SetTier(tier))
			public(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}})
		for _, kv := range []struct {
			name string
			k    kernel[T]
		}{{tier.String(), tbl.kernels[tier]}, {tier.String() + "-twin", tbl.twins[tier]}} {
			for _, nt := range []int{1, 2, 3} {
				for _, direct := range []bool{false, true} {
					kern := kv.k
					vs = append(vs, variant[T]{fmt.Sprintf("%s/%dthreads/direct=%v", kv.name, nt, direct), func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
						if m == 0 || n == 0 || k == 0 || alpha == 0 {
							gemm(1, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
							return
						}
						packed(kern, nt, direct, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
					}})
				}
			}
		}
	}
	return vs
}

// public calls Dgemm or Sgemm, the exported entry points with their one-
// tile fast path.
func public[T float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch al := any(alpha).(type) {
	case float64:
		Dgemm(tA, tB, m, n, k, al, any(a).([]float64), lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	case float32:
		Sgemm(tA, tB, m, n, k, al, any(a).([]float32), lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	}
}

func scaleOrSmall[T float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if alpha == 0 || k == 0 {
		scale(c, ldc, 0, m, 0, n, beta)
		return
	}
	small(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func convert[T float](s []float64) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = T(v)
	}
	return out
}

// verify runs v on p (converted to T) and compares every element of C,
// padding included, with the float64 reference.
func verify[T float](t *testing.T, v variant[T], p *problem, eps float64) {
	t.Helper()
	want, bound := p.want(eps)
	c := convert[T](p.c)
	v.run(p.tA, p.tB, p.m, p.n, p.k, T(p.alpha), convert[T](p.a), p.lda, convert[T](p.b), p.ldb, T(p.beta), c, p.ldc)
	for idx, g := range c {
		got, w := float64(g), want[idx]
		if idx%p.ldc >= p.n {
			if got != sentinel {
				t.Fatalf("%s %s: C padding at %d changed to %v", v.name, p, idx, got)
			}
			continue
		}
		if math.IsNaN(w) != math.IsNaN(got) || math.Abs(got-w) > bound[idx] {
			t.Fatalf("%s %s: C[%d,%d] = %v, want %v (bound %g)", v.name, p, idx/p.ldc, idx%p.ldc, got, w, bound[idx])
		}
	}
}

func (p *problem) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%v beta=%v lda=%d ldb=%d ldc=%d",
		p.tA, p.tB, p.m, p.n, p.k, p.alpha, p.beta, p.lda, p.ldb, p.ldc)
}

var primes = []int{1, 2, 3, 5, 7, 11, 13, 17, 23, 29, 31, 47, 53, 97, 101, 127, 131, 257, 263, 293}

// randomSize draws a size in 0..300, often a prime or near a tile edge.
func randomSize(rng *rand.Rand) int {
	switch rng.IntN(4) {
	case 0:
		return primes[rng.IntN(len(primes))]
	case 1:
		return rng.IntN(301)
	default:
		return rng.IntN(70)
	}
}

var scalars = []float64{0, 1, -1, 0.5, 2.25}

func testRandom[T float](t *testing.T, eps float64, cases int) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, v := range variants[T]() {
		for i := range cases {
			tA, tB := i&1 != 0, i&2 != 0
			m, n, k := randomSize(rng), randomSize(rng), randomSize(rng)
			if v.name == "small" {
				m, n, k = m%40, n%40, k%40
			}
			p := newProblem(rng, tA, tB, m, n, k, scalars[rng.IntN(len(scalars))], scalars[rng.IntN(len(scalars))])
			verify(t, v, p, eps)
		}
	}
}

func TestDgemmRandom(t *testing.T) { testRandom[float64](t, 1e-15, cases()) }
func TestSgemmRandom(t *testing.T) { testRandom[float32](t, 1e-6, cases()) }

func cases() int {
	switch {
	case raceEnabled:
		return 4
	case testing.Short():
		return 12
	}
	return 40
}

// TestOneTile runs every variant over every product that fits one
// unpacked tile on AVX-512 (m <= 8, n <= 16 float64 or 32 float32), one
// column of them (m up to 20) and their edges, with padded strides and
// each beta the fast path takes (0 and 1) and one it does not.
func TestOneTile(t *testing.T) {
	testOneTile[float64](t, 1e-15, 16)
	testOneTile[float32](t, 1e-6, 32)
}

func testOneTile[T float](t *testing.T, eps float64, maxN int) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, v := range variants[T]() {
		if !strings.HasPrefix(v.name, "public/") && !strings.HasPrefix(v.name, "sup/") {
			continue
		}
		for m := 1; m <= 20; m++ {
			for n := 1; n <= maxN+1; n++ {
				k := 1 + (m*n)%11
				beta := []float64{0, 1, -0.5}[(m+n)%3]
				verify(t, v, newProblem(rng, false, false, m, n, k, 1.5, beta), eps)
			}
		}
	}
}

// TestWideStrips runs the public and unpacked entries over products
// whose columns make a wide strip on AVX-512 (25..32 float64 or 49..64
// float32 columns: tiles of 4 rows of 4 vectors) or end in one (nr more
// columns before it), m on both sides of multiples of the tiles' 4 rows,
// with padded strides and each beta, against the naive reference. On
// the other tiers the same shapes take their own strips.
func TestWideStrips(t *testing.T) {
	testWideStrips[float64](t, 1e-15, 24, 8)
	testWideStrips[float32](t, 1e-6, 48, 16)
}

func testWideStrips[T float](t *testing.T, eps float64, nr, lanes int) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, v := range variants[T]() {
		if !strings.HasPrefix(v.name, "public/") && !strings.HasPrefix(v.name, "sup/") {
			continue
		}
		for m := 1; m <= 13; m++ {
			for n := nr + 1; n <= nr+lanes; n++ {
				for _, cols := range []int{n, n + nr} {
					k := 1 + (m*cols)%37
					beta := []float64{0, 1, -0.5}[(m+cols)%3]
					verify(t, v, newProblem(rng, false, false, m, cols, k, 1.5, beta), eps)
				}
			}
		}
	}
}

// TestOneRow runs the public entries over products of one row of
// unpacked tiles wider than one tile (m up to 9, n from two vectors of
// AVX2's float64 to past four of AVX-512's float32), which Dgemm and
// Sgemm cut themselves: full two-vector tiles in one dispatcher call,
// the columns left in another. Against the naive reference, with padded
// strides, k on both sides of supDepth and each beta the fast path
// takes (0 and 1) and one it does not.
func TestOneRow(t *testing.T) {
	testOneRow[float64](t, 1e-15)
	testOneRow[float32](t, 1e-6)
}

func testOneRow[T float](t *testing.T, eps float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, v := range variants[T]() {
		if !strings.HasPrefix(v.name, "public/") {
			continue
		}
		for m := 1; m <= 9; m++ {
			for n := 8; n <= 67; n++ {
				k := 1 + (m*n)%19
				beta := []float64{0, 1, -0.5}[(m+n)%3]
				verify(t, v, newProblem(rng, false, false, m, n, k, 1.5, beta), eps)
			}
		}
	}
}

// TestEdges runs every variant over all small shapes around the tile sizes.
func TestEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []int{1, 5, 8, 9, 16, 17, 25, 49}
	for _, v := range variants[float64]() {
		for i, m := range sizes {
			for j, n := range sizes {
				k := sizes[(i+j)%len(sizes)]
				verify(t, v, newProblem(rng, i&1 != 0, j&1 != 0, m, n, k, 1.5, -1), 1e-15)
			}
		}
	}
}

// TestNaN checks BLAS's rules: beta == 0 ignores NaN in C, alpha == 0
// ignores NaN in A and B, and otherwise NaN in A or B reaches C.
func TestNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, v := range variants[float64]() {
		for _, size := range []int{3, 37, 130} {
			p := newProblem(rng, false, false, size, size+1, size+2, 1, 0)
			for i := range p.c {
				p.c[i] = math.NaN()
			}
			p.c, p.ldc = p.c[:size*(size+1)], size+1 // no padding: all NaN
			verify(t, v, p, 1e-15)

			p = newProblem(rng, true, false, size, size+1, size+2, 0, 1)
			for i := range p.a {
				p.a[i] = math.NaN()
			}
			verify(t, v, p, 1e-15)

			p = newProblem(rng, false, true, size, size+1, size+2, -1, 0.5)
			p.a[(size/2)*p.lda+1] = math.NaN()       // row size/2 of C
			p.b[(size/3)*p.ldb+size/4] = math.Inf(1) // column size/3 of C (B is transposed)
			verify(t, v, p, 1e-15)
		}
	}
}

// TestBig stresses several cache blocks in every dimension and edge tiles
// on the best tier, single and multi-threaded, with B transposed (packed
// by its own pass) and not (on one thread the kernel packs B as it
// multiplies, kern.packing).
func TestBig(t *testing.T) {
	if testing.Short() {
		t.Skip("big product skipped in -short mode")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tB := range []bool{true, false} {
		p := newProblem(rng, false, tB, 1000, 1001, 999, 0.75, -0.5)
		want, bound := p.want(1e-15)
		for _, nt := range []int{1, 2} {
			c := append([]float64(nil), p.c...)
			DgemmParallel(nt, p.tA, p.tB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
			for i := range p.m {
				for j := range p.n {
					idx := i*p.ldc + j
					if math.Abs(c[idx]-want[idx]) > bound[idx] {
						t.Fatalf("tB=%v, %d threads: C[%d,%d] = %v, want %v", tB, nt, i, j, c[idx], want[idx])
					}
				}
			}
		}
	}
}

// TestAgainstGonum checks the transpose conventions against gonum's Dgemm.
func TestAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	tr := map[bool]blas.Transpose{false: blas.NoTrans, true: blas.Trans}
	for i := range 8 {
		p := newProblem(rng, i&1 != 0, i&2 != 0, 70+i, 90-i, 50+3*i, 1.25, 0.5)
		for _, x := range [][]float64{p.a, p.b} {
			for j := range x {
				if math.IsNaN(x[j]) {
					x[j] = 0 // gonum may read padding
				}
			}
		}
		want := append([]float64(nil), p.c...)
		gonum.Implementation{}.Dgemm(tr[p.tA], tr[p.tB], p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, want, p.ldc)
		got := append([]float64(nil), p.c...)
		Dgemm(p.tA, p.tB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, got, p.ldc)
		for j := range got {
			if math.Abs(got[j]-want[j]) > 1e-12 {
				t.Fatalf("%s: element %d = %v, gonum %v", p, j, got[j], want[j])
			}
		}
	}
}

func TestPanics(t *testing.T) {
	a := make([]float64, 12)
	for name, f := range map[string]func(){
		"negative":   func() { Dgemm(false, false, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) },
		"short lda":  func() { Dgemm(false, false, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2) },
		"short A":    func() { Dgemm(false, false, 5, 2, 3, 1, a, 3, a, 2, 0, a, 2) },
		"short C":    func() { Dgemm(false, false, 4, 4, 2, 1, a, 2, a, 4, 0, a, 4) },
		"short ldbT": func() { Dgemm(false, true, 2, 2, 3, 1, a, 3, a, 2, 0, a, 2) },
	} {
		mustPanic(t, name, f)
	}
}

// mustPanic reports an error unless f panics.
func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	f()
}

func TestThreads(t *testing.T) {
	prev := SetThreads(3)
	defer SetThreads(prev)
	if Threads() != 3 {
		t.Fatalf("Threads() = %d after SetThreads(3)", Threads())
	}
	SetThreads(0)
	if Threads() < 1 {
		t.Fatalf("Threads() = %d by default", Threads())
	}
}

// TestZeroAllocs checks that steady-state calls allocate nothing, on one
// goroutine and on several.
func TestZeroAllocs(t *testing.T) {
	const n = 200
	a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	a32, b32, c32 := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for _, nt := range []int{1, 2} {
		if got := testing.AllocsPerRun(20, func() { DgemmParallel(nt, false, true, n, n, n, 1, a, n, b, n, 0.5, c, n) }); got != 0 {
			t.Errorf("Dgemm on %d threads: %v allocations per call", nt, got)
		}
		if got := testing.AllocsPerRun(20, func() { SgemmParallel(nt, true, false, n, n, n, 1, a32, n, b32, n, 0, c32, n) }); got != 0 {
			t.Errorf("Sgemm on %d threads: %v allocations per call", nt, got)
		}
	}
}

// TestConcurrentCalls runs parallel products from several goroutines at
// once: they share the worker pool and the free lists.
func TestConcurrentCalls(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	probs := make([]*problem, 6)
	wants := make([][]float64, len(probs))
	for i := range probs {
		probs[i] = newProblem(rng, i&1 != 0, i&2 != 0, 150+i, 140-i, 170, 1, 0.5)
		wants[i], _ = probs[i].want(0)
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(probs))
	for i, p := range probs {
		wg.Go(func() {
			for range 3 {
				c := append([]float64(nil), p.c...)
				DgemmParallel(2, p.tA, p.tB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
				for j := range p.m * p.ldc {
					if j%p.ldc < p.n && math.Abs(c[j]-wants[i][j]) > 1e-10 {
						errs <- fmt.Sprintf("%s: element %d = %v, want %v", p, j, c[j], wants[i][j])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestPeakGFLOPS(t *testing.T) {
	if p := PeakGFLOPS[float64](5 * time.Millisecond); !(p > 0) || math.IsInf(p, 0) {
		t.Fatalf("PeakGFLOPS = %v", p)
	}
}
