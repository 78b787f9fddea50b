package random_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/random"
)

// The seeds are fixed, so every statistic below is one number that either
// passes or fails the same way on every run: the tolerances are chosen
// wide enough (5 standard errors, chi-square at p = 1e-6) that a correct
// generator passes with any seed nearly always, and narrow enough that a
// wrong distribution fails.

const n = 200000

func moments(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}

// checkMoments compares the sample mean and variance with the
// distribution's within 5 standard errors (the variance's standard error
// from the fourth central moment mu4).
func checkMoments(t *testing.T, what string, x []float64, mean, variance, mu4 float64) {
	t.Helper()
	m, v := moments(x)
	k := float64(len(x))
	if se := math.Sqrt(variance / k); math.Abs(m-mean) > 5*se {
		t.Errorf("%s: mean %g, want %g ± %g", what, m, mean, 5*se)
	}
	if se := math.Sqrt((mu4 - variance*variance) / k); math.Abs(v-variance) > 5*se {
		t.Errorf("%s: variance %g, want %g ± %g", what, v, variance, 5*se)
	}
}

// chiSquare tests counts against expected counts; cells expected below 5
// should be merged by the caller. The bound is the chi-square quantile at
// p = 1e-6 by the Wilson-Hilferty approximation.
func chiSquare(t *testing.T, what string, counts []int, expected []float64) {
	t.Helper()
	stat := 0.0
	for i, c := range counts {
		d := float64(c) - expected[i]
		stat += d * d / expected[i]
	}
	df := float64(len(counts) - 1)
	const z = 4.753 // standard normal quantile at 1 - 1e-6
	bound := df * math.Pow(1-2/(9*df)+z*math.Sqrt(2/(9*df)), 3)
	if stat > bound {
		t.Errorf("%s: chi-square %.1f over %v degrees of freedom exceeds %.1f", what, stat, df, bound)
	}
}

// data lists an array's elements in row-major order; it panics on err.
func data[T nd.Real](a *nd.Array[T], err error) []float64 {
	if err != nil {
		panic(err)
	}
	out := make([]float64, 0, a.Size())
	for v := range a.Values() {
		out = append(out, float64(v))
	}
	return out
}

func TestNormal(t *testing.T) {
	g := random.New(1)
	x := data(random.Normal[float64](g, []int{n}, 0, 1))
	checkMoments(t, "N(0,1)", x, 0, 1, 3)
	// 100 cells equally likely under N(0,1), the edges from the inverse CDF.
	const cells = 100
	counts := make([]int, cells)
	for _, v := range x {
		c := int(0.5 * (1 + math.Erf(v/math.Sqrt2)) * cells)
		counts[min(c, cells-1)]++
	}
	exp := make([]float64, cells)
	for i := range exp {
		exp[i] = n / cells
	}
	chiSquare(t, "N(0,1) cells", counts, exp)
	// The tail beyond the ziggurat's base layer (r = 3.654) is its own
	// branch: its share must be 2·(1-Φ(r)) = 2.58e-4.
	tail := 0
	big := data(random.Normal[float64](g, []int{4 * n}, 0, 1))
	for _, v := range big {
		if math.Abs(v) > 3.6541528853610088 {
			tail++
		}
	}
	p := math.Erfc(3.6541528853610088 / math.Sqrt2)
	if e := p * 4 * n; math.Abs(float64(tail)-e) > 5*math.Sqrt(e) {
		t.Errorf("%d draws beyond r, want %.0f", tail, e)
	}
	y := data(random.Normal[float32](g, []int{n}, 10, 2))
	checkMoments(t, "N(10,4) float32", y, 10, 4, 3*16)
}

func TestUniformExponential(t *testing.T) {
	g := random.New(2)
	x := data(random.Uniform[float64](g, []int{n}, -1, 3))
	checkMoments(t, "U(-1,3)", x, 1, 16.0/12, 256.0/80)
	counts := make([]int, 50)
	for _, v := range x {
		if v < -1 || v >= 3 {
			t.Fatalf("%g outside [-1, 3)", v)
		}
		counts[int((v+1)/4*50)]++
	}
	exp := slices.Repeat([]float64{n / 50}, 50)
	chiSquare(t, "U cells", counts, exp)
	f := data(random.Uniform[float32](g, []int{n}, 0, 1))
	checkMoments(t, "U(0,1) float32", f, 0.5, 1.0/12, 1.0/80)

	e := data(random.Exponential[float64](g, []int{n}, 2))
	checkMoments(t, "Exp(scale 2)", e, 2, 4, 9*16)
	counts = make([]int, 50)
	for _, v := range e {
		c := int((1 - math.Exp(-v/2)) * 50)
		counts[min(c, 49)]++
	}
	chiSquare(t, "Exp cells", counts, exp)
}

func TestIntegers(t *testing.T) {
	g := random.New(3)
	x := data(random.Integers[int](g, []int{n}, 1, 7))
	counts := make([]int, 6)
	for _, v := range x {
		if v < 1 || v > 6 {
			t.Fatalf("die showed %g", v)
		}
		counts[int(v)-1]++
	}
	chiSquare(t, "dice", counts, slices.Repeat([]float64{n / 6.0}, 6))
	// A span that is not a power of two and most of uint64: Lemire's
	// rejection keeps it unbiased; the top bit is set in about 2/3 of draws.
	u, err := random.Integers[uint64](g, []int{n}, 0, 3<<62)
	if err != nil {
		t.Fatal(err)
	}
	top := 0
	for v := range u.Values() {
		if v >= 3<<62 {
			t.Fatalf("%d out of range", v)
		}
		top += int(v >> 63)
	}
	chiSquare(t, "uint64 top bit", []int{top, n - top}, []float64{n / 3.0, 2 * n / 3.0})
	// The whole range of int8.
	b := data(random.Integers[int8](g, []int{n}, -128, 127))
	counts = make([]int, 255)
	for _, v := range b {
		counts[int(v)+128]++
	}
	chiSquare(t, "int8", counts, slices.Repeat([]float64{n / 255.0}, 255))
}

// pmfCells compares integer draws with a probability mass function over
// 0..len(pmf)-1, the last cell taking everything above.
func pmfCells(t *testing.T, what string, x []float64, pmf []float64) {
	t.Helper()
	counts := make([]int, len(pmf))
	for _, v := range x {
		counts[min(int(v), len(pmf)-1)]++
	}
	exp := make([]float64, len(pmf))
	rest := 1.0
	for i := range pmf[:len(pmf)-1] {
		exp[i] = pmf[i] * float64(len(x))
		rest -= pmf[i]
	}
	exp[len(pmf)-1] = rest * float64(len(x))
	chiSquare(t, what, counts, exp)
}

func poissonPMF(lam float64, k int) float64 {
	lg, _ := math.Lgamma(float64(k) + 1)
	return math.Exp(float64(k)*math.Log(lam) - lam - lg)
}

func binomialPMF(n int, p float64, k int) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return math.Exp(a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

func TestPoissonBinomial(t *testing.T) {
	g := random.New(4)
	for _, lam := range []float64{0.5, 3, 9.9, 10, 50, 1000} {
		x := data(random.Poisson[int64](g, []int{n}, lam))
		checkMoments(t, "Poisson", x, lam, lam, lam*(1+3*lam))
		var pmf []float64
		lo := max(0, int(lam-4*math.Sqrt(lam)))
		for k := 0; k <= int(lam+5*math.Sqrt(lam))+2; k++ {
			pmf = append(pmf, poissonPMF(lam, k))
		}
		// Merge the cells below lo into lo's (expected counts under 5).
		shifted := make([]float64, len(x))
		for i, v := range x {
			shifted[i] = max(v-float64(lo), 0)
		}
		head := 0.0
		for _, p := range pmf[:lo+1] {
			head += p
		}
		pmfCells(t, "Poisson cells", shifted, append([]float64{head}, pmf[lo+1:]...))
	}
	for _, c := range []struct {
		n int
		p float64
	}{{20, 0.3}, {1000, 0.4}, {1000, 0.93}, {5, 1}, {0, 0.5}} {
		x := data(random.Binomial[int](g, []int{n}, c.n, c.p))
		m, v := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		if v == 0 {
			for _, k := range x {
				if k != m {
					t.Fatalf("Binomial(%d, %g) gave %g", c.n, c.p, k)
				}
			}
			continue
		}
		checkMoments(t, "Binomial", x, m, v, 3*v*v+v*(1-6*c.p*(1-c.p)))
		lo := max(0, int(m-4*math.Sqrt(v)))
		hi := min(c.n, int(m+4*math.Sqrt(v))+1)
		head := 0.0
		for k := 0; k <= lo; k++ {
			head += binomialPMF(c.n, c.p, k)
		}
		pmf := []float64{head}
		for k := lo + 1; k <= hi; k++ {
			pmf = append(pmf, binomialPMF(c.n, c.p, k))
		}
		shifted := make([]float64, len(x))
		for i, v := range x {
			shifted[i] = max(v-float64(lo), 0)
		}
		pmfCells(t, "Binomial cells", shifted, pmf)
	}
}

func TestReproducible(t *testing.T) {
	a := data(random.Normal[float64](random.New(7), []int{4, 5}, 0, 1))
	b := data(random.Normal[float64](random.New(7), []int{4, 5}, 0, 1))
	c := data(random.Normal[float64](random.New(8), []int{4, 5}, 0, 1))
	if !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Fatal("same seed must repeat, another must differ")
	}
	// A column-major destination gets the same values at the same indices.
	cm, err := nd.Empty[float64]([]int{4, 5}, nd.WithLayout(nd.ColMajor))
	if err != nil {
		t.Fatal(err)
	}
	if err := random.NormalInto(cm, random.New(7), 0, 1); err != nil {
		t.Fatal(err)
	}
	if got := data(cm, nil); !slices.Equal(got, a) {
		t.Fatal("a column-major destination holds other values")
	}
}

func TestSpawn(t *testing.T) {
	p1, p2 := random.New(9), random.New(9)
	k1, k2 := p1.Spawn(3), p2.Spawn(3)
	more := p1.Spawn(1)[0]
	draws := func(g *random.Generator) []uint64 {
		s := make([]uint64, 1000)
		for i := range s {
			s[i] = g.Uint64()
		}
		return s
	}
	var seen [][]uint64
	for i := range k1 {
		a, b := draws(k1[i]), draws(k2[i])
		if !slices.Equal(a, b) {
			t.Fatalf("child %d differs between two parents of one seed", i)
		}
		seen = append(seen, a)
	}
	seen = append(seen, draws(more), draws(p1), draws(k1[0].Spawn(1)[0]))
	if !slices.Equal(seen[4], draws(p2)) {
		t.Fatal("spawning advanced the parent's stream")
	}
	// Streams are unrelated: no two share a draw, and the correlation of
	// their uniforms is within 5/sqrt(1000).
	for i := range seen {
		for j := range i {
			shared := 0
			var sxy, sx, sy, sxx, syy float64
			for k := range seen[i] {
				if seen[i][k] == seen[j][k] {
					shared++
				}
				x, y := float64(seen[i][k]>>11), float64(seen[j][k]>>11)
				sx, sy, sxy, sxx, syy = sx+x, sy+y, sxy+x*y, sxx+x*x, syy+y*y
			}
			m := float64(len(seen[i]))
			r := (sxy - sx*sy/m) / math.Sqrt((sxx-sx*sx/m)*(syy-sy*sy/m))
			if shared > 0 || math.Abs(r) > 5/math.Sqrt(m) {
				t.Errorf("streams %d and %d: %d shared draws, correlation %.3f", i, j, shared, r)
			}
		}
	}
}

func TestChoicePermutationShuffle(t *testing.T) {
	g := random.New(10)
	p, err := random.Permutation(g, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(p.Values())
	for i, v := range got {
		if v != i {
			t.Fatalf("not a permutation: %v", got)
		}
	}
	// Every position of a 4-permutation is uniform over the 4 values.
	counts := make([]int, 16)
	for range 20000 {
		q, _ := random.Permutation(g, 4)
		for i, v := range q.Data() {
			counts[i*4+v]++
		}
	}
	for i := range 4 {
		chiSquare(t, "permutation position", counts[4*i:4*i+4], slices.Repeat([]float64{5000}, 4))
	}
	pop, _ := nd.Arange[float64](0, 10, 1)
	s, err := random.Choice(g, pop, 10, false)
	if err != nil {
		t.Fatal(err)
	}
	if v := slices.Sorted(s.Values()); !slices.Equal(v, pop.Data()) {
		t.Fatalf("without replacement: %v", v)
	}
	r, err := random.Choice(g, pop, n, true)
	if err != nil {
		t.Fatal(err)
	}
	counts = make([]int, 10)
	for v := range r.Values() {
		counts[int(v)]++
	}
	chiSquare(t, "choice with replacement", counts, slices.Repeat([]float64{n / 10}, 10))
	// Shuffle moves whole rows, also of a transposed view.
	m, _ := nd.Arange[int](0, 12, 1)
	m, _ = m.Reshape(4, 3)
	tv := m.T() // rows of tv are columns of m
	if err := random.Shuffle(g, tv); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		first := tv.At(i, 0)
		for j := range 4 {
			if tv.At(i, j) != first+3*j {
				t.Fatalf("row %d broken: %v", i, tv)
			}
		}
	}
	v, _ := nd.Arange[int](0, 50, 1)
	if err := random.Shuffle(g, v); err != nil {
		t.Fatal(err)
	}
	if s := slices.Sorted(v.Values()); !slices.Equal(s, must(nd.Arange[int](0, 50, 1)).Data()) {
		t.Fatal("Shuffle lost elements")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestErrors(t *testing.T) {
	g := random.New(11)
	pop, _ := nd.Arange[float64](0, 3, 1)
	m, _ := nd.Zeros[float64]([]int{2, 2})
	cases := map[string]error{
		"Uniform":     second(random.Uniform[float64](g, []int{2}, 1, 0)),
		"UniformInf":  second(random.Uniform[float64](g, []int{2}, 0, math.Inf(1))),
		"Normal":      second(random.Normal[float64](g, []int{2}, 0, -1)),
		"Exponential": second(random.Exponential[float64](g, []int{2}, math.NaN())),
		"Integers":    second(random.Integers[int](g, []int{2}, 3, 3)),
		"Poisson":     second(random.Poisson[int](g, []int{2}, -1)),
		"Binomial":    second(random.Binomial[int](g, []int{2}, 10, 1.5)),
		"Choice":      second(random.Choice(g, pop, 4, false)),
		"Permutation": second(random.Permutation(g, -1)),
	}
	for name, err := range cases {
		if !errors.Is(err, random.ErrParam) {
			t.Errorf("%s: %v, want ErrParam", name, err)
		}
	}
	if _, err := random.Choice(g, m, 1, true); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Choice of a matrix: %v", err)
	}
	if err := random.Shuffle(g, must(nd.Zeros[float64](nil))); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Shuffle of 0-d: %v", err)
	}
	if _, err := random.Normal[float64](g, []int{-1}, 0, 1); !errors.Is(err, nd.ErrShape) {
		t.Errorf("negative shape: %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

// TestUnderFaults fails every allocation of every allocating form in turn:
// each must return the error and leak nothing.
func TestUnderFaults(t *testing.T) {
	g := random.New(12)
	pop, _ := nd.Arange[float64](0, 5, 1)
	free := func(a interface{ Free() error }, err error) error {
		if err != nil {
			return err
		}
		return a.Free()
	}
	cases := map[string]func(o []nd.Option) error{
		"Uniform":     func(o []nd.Option) error { return free(random.Uniform[float64](g, []int{3}, 0, 1, o...)) },
		"Normal":      func(o []nd.Option) error { return free(random.Normal[float32](g, []int{3}, 0, 1, o...)) },
		"Exponential": func(o []nd.Option) error { return free(random.Exponential[float64](g, []int{3}, 1, o...)) },
		"Integers":    func(o []nd.Option) error { return free(random.Integers[int](g, []int{3}, 0, 4, o...)) },
		"Poisson":     func(o []nd.Option) error { return free(random.Poisson[int](g, []int{3}, 4, o...)) },
		"Binomial":    func(o []nd.Option) error { return free(random.Binomial[int](g, []int{3}, 4, 0.5, o...)) },
		"Choice":      func(o []nd.Option) error { return free(random.Choice(g, pop, 3, false, o...)) },
		"Permutation": func(o []nd.Option) error { return free(random.Permutation(g, 3, o...)) },
	}
	for name, c := range cases {
		n, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != 1 {
			t.Fatalf("%s: %d allocations, want 1", name, n)
		}
	}
}
