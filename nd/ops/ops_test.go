package ops_test

import (
	"errors"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// must returns v, panicking (which fails the test) on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func unsafeSizeof[T any]() uintptr {
	var z T
	return unsafe.Sizeof(z)
}

func sameFloat(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
}

// specials fills x with random values and, now and then, NaN, ±Inf and -0.
func specials[T nd.Float](r *rand.Rand, x []T) {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0}
	for i := range x {
		if r.IntN(10) == 0 {
			x[i] = T(sp[r.IntN(len(sp))])
		} else {
			x[i] = T(r.NormFloat64() * 10)
		}
	}
}

// checkTiers forces every SIMD tier and compares the float fast paths of
// the Into functions with plain Go loops over sizes 0..300 and every start
// offset within a 64-byte line.
func checkTiers[T nd.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const maxN = 300
	lanes := 64 / int(unsafeSizeof[T]())
	a, b, d := make([]T, maxN+lanes), make([]T, maxN+lanes), make([]T, maxN+lanes)
	specials(r, a)
	specials(r, b)
	s := T(1.75)
	binary := map[string]struct {
		f   func(dst, a, b *nd.Array[T]) error
		ref func(x, y T) T
	}{
		"Add":       {ops.AddInto[T], func(x, y T) T { return x + y }},
		"Sub":       {ops.SubInto[T], func(x, y T) T { return x - y }},
		"Mul":       {ops.MulInto[T], func(x, y T) T { return x * y }},
		"Div":       {ops.DivInto[T], func(x, y T) T { return x / y }},
		"AddScalar": {func(dst, a, _ *nd.Array[T]) error { return ops.AddScalarInto(dst, a, s) }, func(x, _ T) T { return x + s }},
		"SubScalar": {func(dst, a, _ *nd.Array[T]) error { return ops.SubScalarInto(dst, a, s) }, func(x, _ T) T { return x - s }},
		"MulScalar": {func(dst, a, _ *nd.Array[T]) error { return ops.MulScalarInto(dst, a, s) }, func(x, _ T) T { return x * s }},
		"DivScalar": {func(dst, a, _ *nd.Array[T]) error { return ops.DivScalarInto(dst, a, s) }, func(x, _ T) T { return x / s }},
	}
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		for name, op := range binary {
			for n := 0; n <= maxN; n++ {
				for off := range lanes {
					x := must(nd.Wrap(a[off:off+n], []int{n}))
					y := must(nd.Wrap(b[lanes-off:lanes-off+n], []int{n}))
					z := must(nd.Wrap(d[off:off+n], []int{n}))
					if err := op.f(z, x, y); err != nil {
						t.Fatal(err)
					}
					for i := range n {
						if want := op.ref(a[off+i], b[lanes-off+i]); !sameFloat(float64(d[off+i]), float64(want)) {
							t.Fatalf("tier %v %s n=%d off=%d: element %d is %v, Go %v", tier, name, n, off, i, d[off+i], want)
						}
					}
				}
			}
		}
		for n := 1; n <= maxN; n++ {
			x := must(nd.Wrap(a[n%lanes:n%lanes+n], []int{n}))
			var ref, abs float64
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, v := range a[n%lanes : n%lanes+n] {
				lo, hi = min(lo, float64(v)), max(hi, float64(v))
			}
			clean := must(nd.Wrap(slices.Clone(a[n%lanes:n%lanes+n]), []int{n}))
			cd, _, _ := clean.Storage()
			for i, v := range cd {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					cd[i] = T(i)
				}
				ref += float64(cd[i])
				abs += math.Abs(float64(cd[i]))
			}
			sum := must(ops.Sum(clean))
			eps := math.Pow(2, -52)
			if unsafeSizeof[T]() == 4 {
				eps = math.Pow(2, -23)
			}
			if bound := (256 + 9) * eps * abs; math.Abs(float64(sum)-ref) > bound+1e-300 {
				t.Fatalf("tier %v Sum n=%d: %v, exact %v, bound %g", tier, n, sum, ref, bound)
			}
			if got := must(ops.Min(x)); !sameFloat(float64(got), lo) && !(got == 0 && lo == 0) {
				t.Fatalf("tier %v Min n=%d: %v, want %v", tier, n, got, lo)
			}
			if got := must(ops.Max(x)); !sameFloat(float64(got), hi) && !(got == 0 && hi == 0) {
				t.Fatalf("tier %v Max n=%d: %v, want %v", tier, n, got, hi)
			}
		}
		cpu.SetTier(prev)
	}
}

func TestTiers(t *testing.T) {
	t.Run("float64", checkTiers[float64])
	t.Run("float32", checkTiers[float32])
}

func TestMinMaxNaN(t *testing.T) {
	a := must(nd.FromSlice([]float64{3, math.NaN(), -1, math.NaN()}, []int{4}))
	for _, f := range []func(*nd.Array[float64]) (float64, error){ops.Min[float64], ops.Max[float64]} {
		if v := must(f(a)); !math.IsNaN(v) {
			t.Errorf("min/max with NaN = %v, want NaN", v)
		}
	}
	if i := must(ops.ArgMax(a)); i != 1 {
		t.Errorf("ArgMax with NaN = %d, want the first NaN (1)", i)
	}
}

func TestBroadcastInto(t *testing.T) {
	// dst [2 3 4] from a [3 1] and b [4]: NumPy's rule aligns from the end.
	a := must(nd.FromSlice([]float64{1, 2, 3}, []int{3, 1}))
	b := must(nd.FromSlice([]float64{10, 20, 30, 40}, []int{4}))
	dst := must(nd.Zeros[float64]([]int{2, 3, 4}))
	if err := ops.AddInto(dst, a, b); err != nil {
		t.Fatal(err)
	}
	for idx, v := range dst.All() {
		if want := a.At(idx[1], 0) + b.At(idx[2]); v != want {
			t.Fatalf("dst%v = %v, want %v", idx, v, want)
		}
	}
	// A transposed destination walks memory out of row order.
	dt := must(nd.Zeros[float64]([]int{4, 3, 2})).T()
	if err := ops.AddInto(dt, a, b); err != nil {
		t.Fatal(err)
	}
	for idx, v := range dt.All() {
		if v != dst.At(idx...) {
			t.Fatalf("transposed dst%v = %v, want %v", idx, v, dst.At(idx...))
		}
	}
	// A strided destination (every other element) is scattered into.
	buf := make([]float64, 2*24)
	ds := must(nd.View(buf, 0, []int{2, 3, 4}, []int{24, 8, 2}))
	if err := ops.AddInto(ds, a, b); err != nil {
		t.Fatal(err)
	}
	for idx, v := range ds.All() {
		if v != dst.At(idx...) {
			t.Fatalf("strided dst%v = %v, want %v", idx, v, dst.At(idx...))
		}
	}
	for i := 1; i < len(buf); i += 2 {
		if buf[i] != 0 {
			t.Fatalf("AddInto a strided dst wrote element %d between its elements", i)
		}
	}
}

func TestShapeErrorsWriteNothing(t *testing.T) {
	a := must(nd.Ones[float64]([]int{2, 3}))
	b := must(nd.Ones[float64]([]int{3}))
	dst := must(nd.Full[float64]([]int{3, 3}, 7))
	err := ops.AddInto(dst, a, b)
	if !errors.Is(err, nd.ErrShape) {
		t.Fatalf("AddInto into [3 3]: %v, want nd.ErrShape", err)
	}
	for _, s := range []string{"[2 3]", "[3]", "[3 3]"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}
	for v := range dst.Values() {
		if v != 7 {
			t.Fatal("dst was written by a failed AddInto")
		}
	}
	if _, err := ops.Add(a, must(nd.Ones[float64]([]int{2}))); !errors.Is(err, nd.ErrShape) ||
		!strings.Contains(err.Error(), "[2 3] and [2]") {
		t.Errorf("Add [2 3] + [2]: %v", err)
	}
	if _, err := ops.SumAxis(a, ops.Axis(2)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("SumAxis axis 2 of [2 3]: %v, want nd.ErrShape", err)
	}
	r := must(nd.Full[float64]([]int{3}, 7))
	if err := ops.SumAxisInto(r, a, ops.Axis(0).KeepDims()); !errors.Is(err, nd.ErrShape) {
		t.Errorf("SumAxisInto keepdims into [3]: %v, want nd.ErrShape", err)
	}
	if err := ops.SumAxisInto(r, a, ops.Axis(0)); err != nil || r.At(0) != 2 {
		t.Errorf("SumAxisInto axis 0: %v, %v", err, r.At(0))
	}
	deep := must(nd.Ones[float64](slices.Repeat([]int{1}, ops.MaxDims+1)))
	if _, err := ops.Add(deep, deep); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Add of %d dimensions: %v, want nd.ErrShape", ops.MaxDims+1, err)
	}
	if _, err := ops.Min(must(nd.Zeros[float64]([]int{0, 2}))); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Min of an empty array: %v, want nd.ErrShape", err)
	}
}

func TestReleased(t *testing.T) {
	arena := must(mem.NewArena(1 << 20))
	defer arena.Close()
	a := must(nd.Ones[float64]([]int{8}, nd.With(arena)))
	b := must(nd.Ones[float64]([]int{8}))
	dst := must(nd.Zeros[float64]([]int{8}))
	arena.Reset()
	if err := ops.AddInto(dst, a, b); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("AddInto from a reset arena: %v, want mem.ErrReleased", err)
	}
	if _, err := ops.Mul(b, a); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("Mul: %v, want mem.ErrReleased", err)
	}
	if _, err := ops.Sum(a); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("Sum: %v, want mem.ErrReleased", err)
	}
	if _, err := ops.MaxAxis(a, ops.Axis(0)); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("MaxAxis: %v, want mem.ErrReleased", err)
	}
	b.Free()
	if _, err := ops.Less(dst, b); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("Less with a freed array: %v, want mem.ErrReleased", err)
	}
}

// failing hands out nothing.
type failing struct{ mem.Allocator }

func (failing) Alloc(size, align int) ([]byte, error) {
	return nil, mem.ErrOutOfMemory
}

func TestAllocationFailureLeaksNothing(t *testing.T) {
	a := must(nd.Ones[float64]([]int{4, 4}))
	if _, err := ops.Add(a, a, nd.With(failing{mem.Default})); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Errorf("Add with a failing allocator: %v, want mem.ErrOutOfMemory", err)
	}
	arena := must(mem.NewArena(1 << 16))
	defer arena.Close()
	// A bad shape or axis is found before anything is allocated.
	if _, err := ops.Add(a, must(nd.Ones[float64]([]int{3})), nd.With(arena)); err == nil {
		t.Fatal("Add [4 4] + [3] succeeded")
	}
	if _, err := ops.SumAxis(a, ops.Axis(-3), nd.With(arena)); err == nil {
		t.Fatal("SumAxis axis -3 of [4 4] succeeded")
	}
	if n := arena.Allocated(); n != 0 {
		t.Errorf("failed operations left %d bytes allocated", n)
	}
	r := must(ops.Add(a, a, nd.With(arena)))
	if r.Allocator() != arena || arena.Allocated() != 128 {
		t.Errorf("Add with nd.With(arena): allocator %v, arena holds %d bytes", r.Allocator(), arena.Allocated())
	}
}

func TestIntegerAndComplex(t *testing.T) {
	a := must(nd.FromSlice([]int32{7, -7, math.MinInt32, 5}, []int{4}))
	b := must(nd.FromSlice([]int32{2, 2, -1, 0}, []int{4}))
	q := must(ops.Div(a, b))
	if got := slices.Collect(q.Values()); !slices.Equal(got, []int32{3, -3, math.MinInt32, 0}) {
		t.Errorf("int32 Div = %v (Go truncation, x/0 = 0)", got)
	}
	if got := slices.Collect(must(ops.DivScalar(a, 0)).Values()); !slices.Equal(got, []int32{0, 0, 0, 0}) {
		t.Errorf("int32 DivScalar by 0 = %v", got)
	}
	if got := slices.Collect(must(ops.Abs(a)).Values()); !slices.Equal(got, []int32{7, 7, math.MinInt32, 5}) {
		t.Errorf("int32 Abs = %v", got)
	}
	z := must(nd.FromSlice([]complex128{-4, 1i, complex(1, 1)}, []int{3}))
	sq := slices.Collect(must(ops.Sqrt(z)).Values())
	ex := slices.Collect(must(ops.Exp(z)).Values())
	for i, v := range slices.Collect(z.Values()) {
		if sq[i] != cmplx.Sqrt(v) || ex[i] != cmplx.Exp(v) {
			t.Errorf("complex Sqrt/Exp(%v) = %v, %v", v, sq[i], ex[i])
		}
	}
	if s := must(ops.Sum(z)); s != complex(-3, 2) {
		t.Errorf("complex Sum = %v", s)
	}
	f32 := must(nd.FromSlice([]float32{4, 2}, []int{2}))
	if got := slices.Collect(must(ops.Pow(f32, ops.Scalar[float32](0.5))).Values()); got[0] != 2 || got[1] != float32(math.Sqrt2) {
		t.Errorf("float32 Pow = %v", got)
	}
	u := must(nd.FromSlice([]uint8{200, 100}, []int{2}))
	if got := slices.Collect(must(ops.Add(u, u)).Values()); !slices.Equal(got, []uint8{144, 200}) {
		t.Errorf("uint8 Add = %v, want wrap-around", got)
	}
}

type celsius float64

func TestNamedKinds(t *testing.T) {
	a := must(nd.FromSlice([]celsius{1, 2, 3}, []int{3}))
	if got := slices.Collect(must(ops.AddScalar(a, 0.5)).Values()); !slices.Equal(got, []celsius{1.5, 2.5, 3.5}) {
		t.Errorf("named float AddScalar = %v", got)
	}
	if s := must(ops.Sum(a)); s != 6 {
		t.Errorf("named float Sum = %v", s)
	}
	if got := slices.Collect(must(ops.Sqrt(a)).Values()); got[2] != celsius(math.Sqrt(3)) {
		t.Errorf("named float Sqrt = %v", got)
	}
}

func TestWhereClipMasks(t *testing.T) {
	a := must(nd.FromSlice([]float64{-2, 0.5, math.NaN(), 3}, []int{4}))
	m := must(ops.Greater(a, ops.Scalar(0.0)))
	if got := slices.Collect(m.Values()); !slices.Equal(got, []uint8{0, 1, 0, 1}) {
		t.Errorf("Greater = %v", got)
	}
	w := slices.Collect(must(ops.Where(m, a, ops.Scalar(-1.0))).Values())
	if !slices.Equal(w, []float64{-1, 0.5, -1, 3}) {
		t.Errorf("Where = %v", w)
	}
	c := slices.Collect(must(ops.Clip(a, -1, 1)).Values())
	if c[0] != -1 || c[1] != 0.5 || !math.IsNaN(c[2]) || c[3] != 1 {
		t.Errorf("Clip = %v", c)
	}
}

// TestParallelSameResult checks that splitting across goroutines changes
// no result, bit for bit: element-wise kernels of both weights and whole
// reductions, float64 and float32, at sizes around the pieces' cuts, from
// several goroutines at once (only one operation is shared at a time; the
// others run on their callers).
func TestParallelSameResult(t *testing.T) {
	testParallelSame[float64](t)
	testParallelSame[float32](t)
}

func testParallelSame[T nd.Float](t *testing.T) {
	type result struct {
		vals       [][]T
		sum, max_  T
		sums, maxs []T
	}
	run := func(a, b *nd.Array[T]) result {
		var r result
		for _, f := range []func(*nd.Array[T], *nd.Array[T]) (*nd.Array[T], error){
			func(a, b *nd.Array[T]) (*nd.Array[T], error) { return ops.Add(a, b) },
			func(a, _ *nd.Array[T]) (*nd.Array[T], error) { return ops.Exp(a) },
			func(a, _ *nd.Array[T]) (*nd.Array[T], error) { return ops.Sin(a) },
			func(a, _ *nd.Array[T]) (*nd.Array[T], error) { return ops.Sigmoid(a) },
			func(a, _ *nd.Array[T]) (*nd.Array[T], error) { return ops.Sqrt(a) },
		} {
			r.vals = append(r.vals, must(f(a, b)).Data())
		}
		r.sum, r.max_ = must(ops.Sum(a)), must(ops.Max(a))
		m := must(a.Reshape(a.Size()/64, 64))
		r.sums = must(ops.SumAxis(m, ops.Axis(0))).Data()
		r.maxs = must(ops.MaxAxis(m, ops.Axis(1))).Data()
		return r
	}
	same := func(x, y result) bool {
		for i := range x.vals {
			if !slices.Equal(x.vals[i], y.vals[i]) {
				return false
			}
		}
		return x.sum == y.sum && x.max_ == y.max_ && slices.Equal(x.sums, y.sums) && slices.Equal(x.maxs, y.maxs)
	}
	for _, n := range []int{1 << 10, 1<<16 + 64*37, 1<<18 + 64} {
		a := must(nd.Random[T]([]int{n}, 1))
		b := must(nd.Random[T]([]int{n}, 2))
		prev := ops.SetParallelThreshold(math.MaxInt)
		serial := run(a, b)
		ops.SetParallelThreshold(1024)
		var wg sync.WaitGroup
		got := make([]result, 3)
		for g := range got {
			wg.Go(func() { got[g] = run(a, b) })
		}
		wg.Wait()
		ops.SetParallelThreshold(prev)
		for g := range got {
			if !same(got[g], serial) {
				t.Errorf("%T n=%d goroutine %d: split results differ from one goroutine's", T(0), n, g)
			}
		}
	}
}

func TestZeroAllocations(t *testing.T) {
	a := must(nd.Random[float64]([]int{64, 32}, 1))
	b := must(nd.Random[float64]([]int{64, 32}, 2))
	row := must(nd.Random[float64]([]int{32}, 3))
	col := must(nd.Random[float64]([]int{64, 1}, 4))
	dst := must(nd.Zeros[float64]([]int{64, 32}))
	sq := must(nd.Random[float64]([]int{32, 32}, 5))
	sqT := sq.T()
	sqDst := must(nd.Zeros[float64]([]int{32, 32}))
	mask := must(nd.Zeros[uint8]([]int{64, 32}))
	sums := must(nd.Zeros[float64]([]int{32}))
	idx := must(nd.Zeros[int]([]int{64}))
	ints := must(nd.Random[int64]([]int{64, 32}, 6))
	intDst := must(nd.Zeros[int64]([]int{64, 32}))
	cases := map[string]func() error{
		"AddInto dense":       func() error { return ops.AddInto(dst, a, b) },
		"AddInto broadcast":   func() error { return ops.AddInto(dst, a, row) },
		"SubInto column":      func() error { return ops.SubInto(dst, a, col) },
		"MulInto transposed":  func() error { return ops.MulInto(sqDst, sq, sqT) },
		"AddScalarInto":       func() error { return ops.AddScalarInto(dst, a, 2) },
		"ExpInto":             func() error { return ops.ExpInto(dst, a) },
		"LessInto":            func() error { return ops.LessInto(mask, a, row) },
		"WhereInto":           func() error { return ops.WhereInto(dst, mask, a, b) },
		"MaximumInto int64":   func() error { return ops.MaximumInto(intDst, ints, ints) },
		"SumAxisInto axis 0":  func() error { return ops.SumAxisInto(sums, a, ops.Axis(0)) },
		"ArgMaxAxisInto":      func() error { return ops.ArgMaxAxisInto(idx, a, ops.Axis(1)) },
		"Sum":                 func() error { _, err := ops.Sum(a); return err },
		"Var of a transposed": func() error { _, err := ops.Var(sqT, 1); return err },
	}
	for name, f := range cases {
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := testing.AllocsPerRun(50, func() { f() }); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}

// TestAxisIntoMatchesAxis checks every ...AxisInto against its allocating
// form, with the kept axis and without, on a transposed (strided) input.
func TestAxisIntoMatchesAxis(t *testing.T) {
	a := must(nd.Random[float64]([]int{5, 6, 7}, 9))
	at := must(a.Transpose(2, 0, 1))
	type pair struct {
		alloc func(*nd.Array[float64], ops.AxisSpec, ...nd.Option) (*nd.Array[float64], error)
		into  func(dst, a *nd.Array[float64], ax ops.AxisSpec) error
	}
	pairs := map[string]pair{
		"Sum":  {ops.SumAxis[float64], ops.SumAxisInto[float64, float64]},
		"Prod": {ops.ProdAxis[float64], ops.ProdAxisInto[float64, float64]},
		"Min":  {ops.MinAxis[float64], ops.MinAxisInto[float64]},
		"Max":  {ops.MaxAxis[float64], ops.MaxAxisInto[float64]},
		"Mean": {ops.MeanAxis[float64], ops.MeanAxisInto[float64, float64]},
		"Var": {func(a *nd.Array[float64], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[float64], error) {
			return ops.VarAxis(a, ax, 1, o...)
		}, func(dst, a *nd.Array[float64], ax ops.AxisSpec) error { return ops.VarAxisInto(dst, a, ax, 1) }},
		"Std": {func(a *nd.Array[float64], ax ops.AxisSpec, o ...nd.Option) (*nd.Array[float64], error) {
			return ops.StdAxis(a, ax, 0, o...)
		}, func(dst, a *nd.Array[float64], ax ops.AxisSpec) error { return ops.StdAxisInto(dst, a, ax, 0) }},
	}
	for name, p := range pairs {
		for axis := -3; axis < 3; axis++ {
			for _, keep := range []bool{false, true} {
				ax := ops.Axis(axis)
				if keep {
					ax = ax.KeepDims()
				}
				want := must(p.alloc(at, ax))
				dst := must(nd.Full[float64](want.Shape(), -1))
				if err := p.into(dst, at, ax); err != nil {
					t.Fatalf("%s axis %d: %v", name, axis, err)
				}
				if !slices.Equal(slices.Collect(dst.Values()), slices.Collect(want.Values())) {
					t.Errorf("%sAxisInto axis %d differs from %sAxis", name, axis, name)
				}
				// The reference: reduce each output's run by hand.
				if name == "Sum" && !keep {
					checkSumAxis(t, at, axis, want)
				}
			}
		}
	}
}

func checkSumAxis(t *testing.T, a *nd.Array[float64], axis int, got *nd.Array[float64]) {
	t.Helper()
	if axis < 0 {
		axis += a.NDim()
	}
	for idx, v := range got.All() {
		full := slices.Insert(slices.Clone(idx), axis, 0)
		var s float64
		for k := range a.Dim(axis) {
			full[axis] = k
			s += a.At(full...)
		}
		if math.Abs(s-v) > 1e-12*math.Abs(s) {
			t.Fatalf("SumAxis axis %d at %v = %v, loop %v", axis, idx, v, s)
		}
	}
}
