package expr

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

func must[V any](v V, err error) V {
	if err != nil {
		panic(err)
	}
	return v
}

// viaOps evaluates x step by step with nd/ops, one call and one full-size
// temporary per operation, as a user without nd/expr would: the reference
// every fused result must equal bit for bit.
func viaOps[T nd.Float](x X[T]) (*nd.Array[T], error) { return opsNode(x.n) }

func opsNode[T nd.Float](n *node[T]) (*nd.Array[T], error) {
	switch n.op {
	case opVar:
		return n.arr, nil
	case opConst:
		return ops.Scalar(n.c), nil
	}
	var a [3]*nd.Array[T]
	for i, c := range n.operands() {
		v, err := opsNode(c)
		if err != nil {
			return nil, err
		}
		a[i] = v
	}
	x, y := a[0], a[1]
	zero := ops.Scalar(T(0))
	switch n.op {
	case blockop.Add:
		return ops.Add(x, y)
	case blockop.Sub:
		return ops.Sub(x, y)
	case blockop.Mul:
		return ops.Mul(x, y)
	case blockop.Div:
		return ops.Div(x, y)
	case blockop.Pow:
		return ops.Pow(x, y)
	case blockop.Max:
		return ops.Maximum(x, y)
	case blockop.Min:
		return ops.Minimum(x, y)
	case blockop.Neg:
		return ops.Neg(x)
	case blockop.Abs:
		return ops.Abs(x)
	case blockop.Sqrt:
		return ops.Sqrt(x)
	case blockop.Exp:
		return ops.Exp(x)
	case blockop.Log:
		return ops.Log(x)
	case blockop.Exp2:
		return ops.Exp2(x)
	case blockop.Log2:
		return ops.Log2(x)
	case blockop.Log10:
		return ops.Log10(x)
	case blockop.Log1p:
		return ops.Log1p(x)
	case blockop.Expm1:
		return ops.Expm1(x)
	case blockop.Sin:
		return ops.Sin(x)
	case blockop.Cos:
		return ops.Cos(x)
	case blockop.Tan:
		return ops.Tan(x)
	case blockop.Asin:
		return ops.Asin(x)
	case blockop.Acos:
		return ops.Acos(x)
	case blockop.Atan:
		return ops.Atan(x)
	case blockop.Sinh:
		return ops.Sinh(x)
	case blockop.Cosh:
		return ops.Cosh(x)
	case blockop.Tanh:
		return ops.Tanh(x)
	case blockop.Sigmoid:
		return ops.Sigmoid(x)
	case blockop.Erf:
		return ops.Erf(x)
	case blockop.Floor:
		return ops.Floor(x)
	case blockop.Ceil:
		return ops.Ceil(x)
	case blockop.Trunc:
		return ops.Trunc(x)
	case blockop.RoundToEven:
		return ops.RoundToEven(x)
	case blockop.Eq:
		return maskOf[T](ops.Equal(x, y))
	case blockop.Ne:
		return maskOf[T](ops.NotEqual(x, y))
	case blockop.Lt:
		return maskOf[T](ops.Less(x, y))
	case blockop.Le:
		return maskOf[T](ops.LessEqual(x, y))
	case blockop.Gt:
		return maskOf[T](ops.Greater(x, y))
	case blockop.Ge:
		return maskOf[T](ops.GreaterEqual(x, y))
	case blockop.Not:
		return maskOf[T](ops.Equal(x, zero))
	case blockop.And, blockop.Or:
		mx := must(maskOf[T](ops.NotEqual(x, zero)))
		my := must(maskOf[T](ops.NotEqual(y, zero)))
		if n.op == blockop.And {
			return ops.Mul(mx, my)
		}
		return ops.Maximum(mx, my)
	case blockop.Where:
		m, err := ops.NotEqual(x, zero)
		if err != nil {
			return nil, err
		}
		return ops.Where(m, y, a[2])
	}
	return nil, fmt.Errorf("no ops form of %s", treeOps[n.op].name)
}

// maskOf turns an ops mask into T's 1 and 0.
func maskOf[T nd.Float](m *nd.Array[uint8], err error) (*nd.Array[T], error) {
	if err != nil {
		return nil, err
	}
	r := must(nd.Empty[T](m.Shape()))
	d, _, _ := r.Storage()
	i := 0
	for v := range m.Values() {
		d[i] = T(v)
		i++
	}
	return r, nil
}

// same reports whether two values are the same bits, any NaN matching any
// NaN (neither ops nor the kernels specify which NaN an operation on two
// NaNs returns).
func same[T nd.Float](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b))
}

func sameArrays[T nd.Float](t *testing.T, what string, got, want *nd.Array[T]) {
	t.Helper()
	if !nd.SameShape(got, want) {
		t.Fatalf("%s: shape %v, ops gives %v", what, got.Shape(), want.Shape())
	}
	g, w := got.Values(), want.Values()
	gs, ws := []T{}, []T{}
	for v := range g {
		gs = append(gs, v)
	}
	for v := range w {
		ws = append(ws, v)
	}
	for i := range gs {
		if !same(gs[i], ws[i]) {
			t.Fatalf("%s: element %d is %v, ops gives %v", what, i, gs[i], ws[i])
		}
	}
}

// values returns n values with negatives, zeros of both signs, and (with
// special set) NaN and ±Inf.
func values[T nd.Float](rng *rand.Rand, n int, special bool) []T {
	v := make([]T, n)
	for i := range v {
		switch r := rng.IntN(40); {
		case special && r == 0:
			v[i] = T(math.NaN())
		case special && r == 1:
			v[i] = T(math.Inf(1 - 2*rng.IntN(2)))
		case r == 2:
			v[i] = T(math.Copysign(0, float64(1-2*rng.IntN(2))))
		case r < 8:
			v[i] = T(rng.IntN(5) - 2) // ties for comparisons
		default:
			v[i] = T(rng.NormFloat64() * 3)
		}
	}
	return v
}

// operands returns three arrays that broadcast together to [m, n], in
// layouts chosen by kind: 0 dense, 1 a row and a column vector, 2
// transposed views, 3 strided slices.
func operands[T nd.Float](rng *rand.Rand, kind, m, n int, special bool) [3]*nd.Array[T] {
	mk := func(shape ...int) *nd.Array[T] {
		size := 1
		for _, d := range shape {
			size *= d
		}
		return must(nd.FromSlice(values[T](rng, size, special), shape))
	}
	switch kind {
	case 1:
		return [3]*nd.Array[T]{mk(m, n), mk(n), mk(m, 1)}
	case 2:
		return [3]*nd.Array[T]{mk(n, m).T(), mk(n, m).T(), mk(m, n)}
	case 3:
		a := must(mk(2*m, n+3).Slice(nd.Whole().By(2), nd.Span(1, n+1)))
		b := must(mk(m, 2*n).Slice(nd.Whole(), nd.Whole().By(2)))
		return [3]*nd.Array[T]{a, b, mk(n)}
	}
	return [3]*nd.Array[T]{mk(m, n), mk(m, n), mk(m, n)}
}

// randomExpr builds a random expression of the given depth over leaves.
func randomExpr[T nd.Float](rng *rand.Rand, leaves []X[T], depth int) X[T] {
	if depth == 0 || rng.IntN(5) == 0 {
		if rng.IntN(4) == 0 {
			consts := []T{0.5, -2, 0, 3.25, 1}
			return Const(consts[rng.IntN(len(consts))])
		}
		return leaves[rng.IntN(len(leaves))]
	}
	sub := func() X[T] { return randomExpr(rng, leaves, depth-1) }
	op := opcode(rng.IntN(int(blockop.Where) + 1))
	for treeOps[op].arity == 0 { // the instruction-only scalar forms
		op = opcode(rng.IntN(int(blockop.Where) + 1))
	}
	switch treeOps[op].arity {
	case 1:
		return mk(op, sub())
	case 2:
		return mk(op, sub(), sub())
	default:
		return mk(op, sub(), sub(), sub())
	}
}

// checkAgainstOps evaluates x fused and step by step and compares the
// array, its whole-array reductions and its axis reductions.
func checkAgainstOps[T nd.Float](t *testing.T, what string, x X[T]) {
	t.Helper()
	want, err := viaOps(x)
	if err != nil {
		t.Fatalf("%s: ops: %v", what, err)
	}
	got, err := Eval(x)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	sameArrays(t, what, got, want)
	into := must(nd.Empty[T](want.Shape()))
	if err := EvalInto(into, x); err != nil {
		t.Fatalf("%s: EvalInto: %v", what, err)
	}
	sameArrays(t, what+" EvalInto", into, want)
	type whole struct {
		name string
		f    func(X[T]) (T, error)
		g    func(*nd.Array[T]) (T, error)
	}
	for _, r := range []whole{{"Sum", Sum[T], ops.Sum[T]}, {"Mean", Mean[T], ops.Mean[T]}, {"Min", Min[T], ops.Min[T]}, {"Max", Max[T], ops.Max[T]}} {
		w, werr := r.g(want)
		g, gerr := r.f(x)
		if (werr == nil) != (gerr == nil) || !same(g, w) {
			t.Fatalf("%s: %s is %v (%v), ops gives %v (%v)", what, r.name, g, gerr, w, werr)
		}
	}
	nz := 0
	for v := range want.Values() {
		if v != 0 {
			nz++
		}
	}
	if c := must(Count(x)); c != nz {
		t.Fatalf("%s: Count is %d, want %d", what, c, nz)
	}
	type axis struct {
		name string
		f    func(X[T], ops.AxisSpec, ...nd.Option) (*nd.Array[T], error)
		g    func(*nd.Array[T], ops.AxisSpec, ...nd.Option) (*nd.Array[T], error)
	}
	specs := []ops.AxisSpec{ops.AllAxes(), ops.AllAxes().KeepDims()}
	for ax := range want.NDim() {
		specs = append(specs, ops.Axis(ax), ops.Axis(ax-want.NDim()).KeepDims())
	}
	for _, spec := range specs {
		for _, r := range []axis{{"SumAxis", SumAxis[T], ops.SumAxis[T]}, {"MeanAxis", MeanAxis[T], ops.MeanAxis[T]},
			{"MinAxis", MinAxis[T], ops.MinAxis[T]}, {"MaxAxis", MaxAxis[T], ops.MaxAxis[T]}} {
			w, werr := r.g(want, spec)
			g, gerr := r.f(x, spec)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s: %s(%v): error %v, ops gives %v", what, r.name, spec, gerr, werr)
			}
			if werr == nil {
				sameArrays(t, fmt.Sprintf("%s %s(%d, keep %v, all %v)", what, r.name, spec.Index(), spec.Kept(), spec.All()), g, w)
			}
		}
	}
}

// TestAgainstOps compares random expressions over every operation, on
// dense, broadcast, transposed and strided operands, with NaN, ±Inf and
// signed zeros, on every SIMD tier, with the step-by-step ops: values,
// reductions and counts must be the same bits.
func TestAgainstOps(t *testing.T) {
	testAgainstOps[float64](t)
	testAgainstOps[float32](t)
}

func testAgainstOps[T nd.Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][2]int{{1, 1}, {3, 5}, {7, 33}, {40, 130}, {2, 2500}, {300, 3}}
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		for kind := range 4 {
			for _, sh := range shapes {
				arr := operands[T](rng, kind, sh[0], sh[1], true)
				leaves := []X[T]{Var(arr[0]), Var(arr[1]), Var(arr[2])}
				for i := range 12 {
					x := randomExpr(rng, leaves, 4)
					checkAgainstOps(t, fmt.Sprintf("%T tier %v kind %d shape %v expr %d %s", T(0), tier, kind, sh, i, format(x.n)), x)
				}
				// A product last: Sum and Mean add it as it is made
				// (asm.MulSum), over blocks or, for two dense leaves, in place.
				for _, x := range []X[T]{leaves[0].Sub(leaves[2]).Mul(leaves[1]), leaves[0].Mul(leaves[1])} {
					checkAgainstOps(t, fmt.Sprintf("%T tier %v kind %d shape %v %s", T(0), tier, kind, sh, format(x.n)), x)
				}
			}
		}
		cpu.SetTier(prev)
	}
}

// TestLarge checks the reductions' tree across many blocks, and the
// split across goroutines, against ops on arrays far larger than a block.
func TestLarge(t *testing.T) {
	defer SetParallelThreshold(SetParallelThreshold(minParallel))
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{100_003, 1 << 17} {
		arr := operands[float64](rng, 0, 1, n, false)
		a, b, c := Var(arr[0]), Var(arr[1]), Var(arr[2])
		for _, x := range []X[float64]{a.Mul(b).Add(c), a.Mul(a).Add(b.Mul(b)).Sqrt(), Where(a.Gt(Const(0.0)), a, a.Mul(Const(0.1))), a.Mul(b)} {
			checkAgainstOps(t, fmt.Sprintf("n=%d %s", n, format(x.n)), x)
		}
		mt := operands[float64](rng, 2, 517, 301, false)
		checkAgainstOps(t, "transposed 517x301", Var(mt[0]).Sub(Var(mt[1])).Mul(Var(mt[2])))
	}
}

// TestStream: with asm's non-temporal threshold at 0, every block's last
// instruction writes the destination with non-temporal stores where it has
// such a kernel (+ - * / and the scalar forms); the values stay ops', on
// every tier.
func TestStream(t *testing.T) {
	defer asm.SetNonTemporalThreshold(asm.SetNonTemporalThreshold(0))
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		for kind := range 4 {
			arr := operands[float64](rng, kind, 37, 1001, true)
			a, b, c := Var(arr[0]), Var(arr[1]), Var(arr[2])
			for _, x := range []X[float64]{a.Mul(b).Add(c), a.Mul(b).Sub(c), a.Add(b).Mul(c), a.Sub(c).Div(b),
				a.Add(b).Mul(Const(2.5)), a.Mul(b).Add(Const(-1.0)), a.Mul(b).Sub(Const(0.5)), c.Sqrt()} {
				checkAgainstOps(t, fmt.Sprintf("tier %v kind %d %s", tier, kind, format(x.n)), x)
			}
		}
		cpu.SetTier(prev)
	}
}

// format writes an expression for test messages.
func format[T nd.Float](n *node[T]) string {
	switch n.op {
	case opVar:
		return fmt.Sprintf("%v", n.arr.Shape())
	case opConst:
		return fmt.Sprint(n.c)
	}
	s := treeOps[n.op].name + "("
	for i, a := range n.operands() {
		if i > 0 {
			s += ", "
		}
		s += format(a)
	}
	return s + ")"
}

// TestErrors checks that mistakes are reported once, at evaluation, with
// the sentinel, and that a failed evaluation writes nothing.
func TestErrors(t *testing.T) {
	a := must(nd.FromSlice([]float64{1, 2, 3}, []int{3}))
	b := must(nd.FromSlice([]float64{1, 2}, []int{2}))
	if _, err := Eval(Var(a).Add(Var(b))); !errors.Is(err, nd.ErrShape) {
		t.Errorf("shapes [3] and [2]: %v, want nd.ErrShape", err)
	}
	if _, err := Sum(Var[float64](nil).Add(Var(a))); !errors.Is(err, ErrExpr) {
		t.Errorf("nil array: %v, want ErrExpr", err)
	}
	if _, err := Eval(X[float64]{}); !errors.Is(err, ErrExpr) {
		t.Errorf("zero X: %v, want ErrExpr", err)
	}
	if _, err := Eval(Var(a).Mul(X[float64]{})); !errors.Is(err, ErrExpr) {
		t.Errorf("zero X operand: %v, want ErrExpr", err)
	}
	dst := must(nd.Full([]int{2}, 7.0))
	if err := EvalInto(dst, Var(a).Neg()); !errors.Is(err, nd.ErrShape) {
		t.Errorf("dst [2] for [3]: %v, want nd.ErrShape", err)
	}
	if d, _, _ := dst.Storage(); d[0] != 7 || d[1] != 7 {
		t.Errorf("a failed EvalInto wrote dst: %v", d)
	}
	if _, err := SumAxis(Var(a), ops.Axis(1)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("axis 1 of [3]: %v, want nd.ErrShape", err)
	}
	m := must(nd.Ones[float64]([]int{2, 3}))
	if _, err := SumAxis(Var(m).Mul(Const(2.0)), ops.Axis(0, 1)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("axes 0 and 1: %v, want nd.ErrShape (one axis at a time)", err)
	}
	empty := must(nd.Empty[float64]([]int{0}))
	if _, err := Max(Var(empty)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Max of nothing: %v, want nd.ErrShape", err)
	}
	arena := must(mem.NewArena(1 << 16))
	r := must(nd.Ones[float64]([]int{4}, nd.With(arena)))
	arena.Reset()
	if _, err := Sum(Var(r)); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("released leaf: %v, want mem.ErrReleased", err)
	}
	var leaves X[float64] = Const(0.0)
	for range MaxLeaves + 1 {
		leaves = leaves.Add(Var(must(nd.Ones[float64]([]int{1}))))
	}
	if _, err := Sum(leaves); !errors.Is(err, ErrExpr) {
		t.Errorf("%d leaves: %v, want ErrExpr", MaxLeaves+1, err)
	}
	if err := arena.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOverlap writes results into a leaf itself (in place) and into a
// shifted view of one (through a temporary), and compares with a
// separate destination.
func TestOverlap(t *testing.T) {
	base := must(nd.FromSlice(values[float64](rand.New(rand.NewPCG(5, 6)), 4000, false), []int{4000}))
	a := must(base.Slice(nd.Span(0, 3000)))
	shifted := must(base.Slice(nd.Span(1, 3001)))
	x := Var(a).Mul(Const(2.0)).Add(Var(shifted))
	want := must(Eval(x))
	for _, dst := range []*nd.Array[float64]{a, shifted} {
		orig := must(base.Clone())
		if err := EvalInto(dst, x); err != nil {
			t.Fatal(err)
		}
		sameArrays(t, "overlapping dst", dst, want)
		if err := nd.Copy(base, orig); err != nil {
			t.Fatal(err)
		}
	}
	m := must(base.Reshape(40, 100))
	want = must(SumAxis(Var(m).Mul(Const(3.0)), ops.Axis(0)))
	sums := must(base.Slice(nd.Span(0, 100))) // the first row of m itself
	if err := SumAxisInto(sums, Var(m).Mul(Const(3.0)), ops.Axis(0)); err != nil {
		t.Fatal(err)
	}
	sameArrays(t, "SumAxisInto a leaf's own row", sums, want)
}

// TestStages checks the expressions computed in stages (axis reductions
// inside an expression, transposes of computed values, matrix products)
// against the same steps with ops and linalg, bit for bit, and that their
// temporaries are freed.
func TestStages(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sh := range [][2]int{{5, 3}, {300, 17}, {64, 200}} {
		m, n := sh[0], sh[1]
		x := must(nd.FromSlice(values[float64](rng, m*n, false), []int{m, n}))
		// covariance: xc = x - x.mean(0); xc.T @ xc / (m-1)
		xs := Var(x)
		xc := xs.Sub(xs.MeanAxis(ops.Axis(0)))
		p := mem.NewProfiler()
		cov, stats, err := mem.ProfileValue(p, func() (*nd.Array[float64], error) {
			return Eval(MatMul(xc.T(), xc).Div(Const(float64(m - 1))))
		})
		if err != nil {
			t.Fatal(err)
		}
		if stats.Leaks != 1 || stats.LeakedBytes != int64(8*n*n) {
			t.Errorf("covariance %v: %d buffers (%d bytes) left live, want only the result's %d bytes", sh, stats.Leaks, stats.LeakedBytes, 8*n*n)
		}
		mean := must(ops.MeanAxis(x, ops.Axis(0)))
		c := must(ops.Sub(x, mean))
		prod := must(linalg.MatMul(c.T(), c))
		want := must(ops.DivScalar(prod, float64(m-1)))
		sameArrays(t, fmt.Sprintf("covariance %v", sh), cov, want)
		// every reduction inside an expression, kept or dropped axis
		for _, spec := range []ops.AxisSpec{ops.Axis(0), ops.Axis(1).KeepDims(), ops.Axis(-1).KeepDims()} {
			e := xs.Sub(xs.MaxAxis(spec)).Exp().Add(xs.MinAxis(spec)).Mul(xs.SumAxis(spec))
			want := must(ops.Mul(must(ops.Add(must(ops.Exp(must(ops.Sub(x, must(ops.MaxAxis(x, spec)))))), must(ops.MinAxis(x, spec)))), must(ops.SumAxis(x, spec))))
			sameArrays(t, fmt.Sprintf("axis stages %v spec %d %v", sh, spec.Index(), spec.Kept()), must(Eval(e)), want)
		}
		// the transpose of a computed value
		tt := must(Eval(xs.Mul(Const(2.0)).T().Add(Const(1.0))))
		sameArrays(t, "T of a computed value", tt, must(ops.AddScalar(must(ops.MulScalar(x, 2.0)).T(), 1.0)))
	}
	if _, err := Eval(MatMul(Var(must(nd.Ones[float64]([]int{2, 3}))), Var(must(nd.Ones[float64]([]int{2, 3}))))); !errors.Is(err, nd.ErrShape) {
		t.Errorf("MatMul of [2 3] and [2 3]: %v, want nd.ErrShape", err)
	}
}

// TestConcurrent evaluates one X from several goroutines at once (its
// program is shared, each evaluation takes its own scratch area), above
// and below the parallel threshold.
func TestConcurrent(t *testing.T) {
	defer SetParallelThreshold(SetParallelThreshold(minParallel))
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1000, 50_000} {
		arr := operands[float64](rng, 1, 7, n/7, false)
		a, b, c := Var(arr[0]), Var(arr[1]), Var(arr[2])
		x := Where(a.Lt(b), a.Mul(b).Add(c), c.Sqrt())
		want := must(viaOps(x))
		wantSum := must(ops.Sum(want))
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				dst := must(nd.Empty[float64](want.Shape()))
				for range 5 {
					if err := EvalInto(dst, x); err != nil {
						errs <- err
						return
					}
					s, err := Sum(x)
					if err != nil || !same(s, wantSum) {
						errs <- fmt.Errorf("Sum %v (%v), want %v", s, err, wantSum)
						return
					}
				}
				for i, v := range dst.Data() {
					if !same(v, want.Data()[i]) {
						errs <- fmt.Errorf("element %d: %v, want %v", i, v, want.Data()[i])
						return
					}
				}
				errs <- nil
			}()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Fatalf("n=%d: %v", n, err)
			}
		}
	}
}

// TestLayout: Eval's result follows its leaves' storage order, so a
// transposed operand is read, and the result written, in storage order.
func TestLayout(t *testing.T) {
	m := must(nd.FromSlice(values[float64](rand.New(rand.NewPCG(13, 14)), 600, true), []int{20, 30}))
	x := Var(m.T()).Mul(Const(2.0)).Add(Var(m.T()).Sqrt())
	r := must(Eval(x))
	if r.Layout() != nd.ColMajor {
		t.Errorf("Eval over transposed leaves: layout %v, want ColMajor", r.Layout())
	}
	sameArrays(t, "column-major result", r, must(viaOps(x)))
	if r := must(Eval(x, nd.WithLayout(nd.RowMajor))); r.Layout() != nd.RowMajor {
		t.Errorf("nd.WithLayout(RowMajor): layout %v", r.Layout())
	}
}

// TestThresholds checks which parallel threshold each kind of work gets,
// and that SetParallelThreshold overrides them all and gives them back.
func TestThresholds(t *testing.T) {
	a, b := Var(must(nd.Zeros[float64]([]int{8}))), Var(must(nd.Zeros[float64]([]int{8})))
	for _, c := range []struct {
		x                   X[float64]
		elem, reduce, count int
	}{
		{a.Mul(b).Add(a), streamThreshold, streamReduceThreshold, loopThreshold},
		{a.Mul(b).Sqrt(), mathThreshold, mathThreshold, loopThreshold},
		{a.Exp().Add(b), mathThreshold, mathThreshold, loopThreshold},
		{Where(a.Gt(Const(0.0)), a, b.Mul(Const(0.1))), loopThreshold, loopThreshold, loopThreshold},
		{a.Gt(b), loopThreshold, loopThreshold, streamReduceThreshold},
		{a.Exp().Gt(b), loopThreshold, loopThreshold, mathThreshold},
	} {
		p := must(compiled("Eval", c.x))
		if p.threshold != c.elem || p.reduceThreshold != c.reduce || p.countThreshold != c.count {
			t.Errorf("%s: thresholds %d, %d, %d; want %d, %d, %d", format(c.x.n),
				p.threshold, p.reduceThreshold, p.countThreshold, c.elem, c.reduce, c.count)
		}
	}
	procs := min(runtime.GOMAXPROCS(0), 2)
	for _, c := range []struct{ set, n, t, want int }{
		{0, streamThreshold - 1, streamThreshold, 1},
		{0, streamThreshold, streamThreshold, procs},
		{0, loopThreshold, loopThreshold, procs},
		{math.MaxInt, 1 << 30, loopThreshold, 1},
		{1, minParallel, streamThreshold, procs}, // 1 counts as 4096, the least
		{1, minParallel - 1, streamThreshold, 1},
	} {
		prev := SetParallelThreshold(c.set)
		if got := min(workers(c.n, c.t), 2); got != c.want {
			t.Errorf("SetParallelThreshold(%d): workers(%d, %d) = %d, want %d", c.set, c.n, c.t, got, c.want)
		}
		if back := SetParallelThreshold(prev); back != max(c.set, min(c.set, 1)*minParallel) {
			t.Errorf("SetParallelThreshold(%d) kept %d", c.set, back)
		}
	}
	if got := SetParallelThreshold(0); got != 0 {
		t.Errorf("the default setting is %d, want 0", got)
	}
}

// TestUnblocked: a program of at most one instruction over leaves needs no
// scratch and runs a dense row in one kernel call; one with a register or
// a constant block does not. (The one instruction's register, replaced by
// the destination, once kept every program blocked.)
func TestUnblocked(t *testing.T) {
	a, b := Var(must(nd.Zeros[float64]([]int{8}))), Var(must(nd.Zeros[float64]([]int{8})))
	for _, c := range []struct {
		x    X[float64]
		want bool
	}{
		{a.Mul(b).Add(a), true}, // one MulAdd
		{a.Add(b), true},
		{a.Mul(Const(2.0)), true}, // the scalar form reads no constant block
		{a, true},
		{a.Mul(b).Sqrt(), false},   // a register
		{a.Pow(Const(2.0)), false}, // a constant block
		{Const(1.0), false},
	} {
		p := must(compiled("Eval", c.x))
		if p.unblocked != c.want || p.unblocked && p.nregs != 0 {
			t.Errorf("%s: unblocked %v with %d registers, want %v", format(c.x.n), p.unblocked, p.nregs, c.want)
		}
	}
}
