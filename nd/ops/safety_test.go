package ops_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/ops"
)

// The cases here were computed by NumPy: testdata/ops/gen_safety.py.

type accCase struct {
	Kind, Name, Result, Sum, Prod string
	Shape                         []int
	Data, Sum0, Prod0             []string
	Mean                          float64
	Mean0                         []float64
}

// TestIntegerAccumulatorsMatchNumPy: sums, products and means of every
// integer kind are computed in NumPy's accumulators (64-bit integers,
// float64 for the mean). The forms returning T report ErrOverflow for a
// result T cannot hold instead of wrapping (1000 uint8 ones used to sum to
// 232); the Into forms with an int64/uint64 dst give NumPy's result.
func TestIntegerAccumulatorsMatchNumPy(t *testing.T) {
	var f struct{ Cases []accCase }
	readJSON(t, "accumulate.json", &f)
	for _, c := range f.Cases {
		switch c.Kind {
		case "int8":
			checkAcc[int8, int64](t, c)
		case "int16":
			checkAcc[int16, int64](t, c)
		case "int32":
			checkAcc[int32, int64](t, c)
		case "int64":
			checkAcc[int64, int64](t, c)
		case "uint8":
			checkAcc[uint8, uint64](t, c)
		case "uint16":
			checkAcc[uint16, uint64](t, c)
		case "uint32":
			checkAcc[uint32, uint64](t, c)
		case "uint64":
			checkAcc[uint64, uint64](t, c)
		default:
			t.Fatalf("kind %q", c.Kind)
		}
	}
}

// parseInt reads a decimal string as W (int64 or uint64) and converts it
// to T as Go converts.
func parseInt[T nd.Integer](s string) T {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return T(v)
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return T(v)
}

func checkAcc[T nd.Integer, W int64 | uint64](t *testing.T, c accCase) {
	t.Helper()
	name := c.Kind + " " + c.Name
	data := make([]T, len(c.Data))
	for i, s := range c.Data {
		data[i] = parseInt[T](s)
	}
	a := must(nd.FromSlice(data, c.Shape))
	if c.Result != fmt.Sprintf("%T", *new(W)) {
		t.Fatalf("%s: NumPy's sum kind %s, expected %T", name, c.Result, *new(W))
	}
	whole := func(what, want string, got T, err error, into func(dst *nd.Array[W]) error) {
		t.Helper()
		if fmt.Sprint(parseInt[T](want)) == want {
			if err != nil || fmt.Sprint(got) != want {
				t.Errorf("%s: %s = %v, %v; NumPy %s", name, what, got, err, want)
			}
		} else if !errors.Is(err, ops.ErrOverflow) || !strings.Contains(err.Error(), what+"AxisInto") {
			t.Errorf("%s: %s = %v, %v; NumPy %s, which %T cannot hold: want ErrOverflow naming %sAxisInto", name, what, got, err, want, got, what)
		}
		dst := must(nd.Empty[W](nil))
		if err := into(dst); err != nil || fmt.Sprint(dst.At()) != want {
			t.Errorf("%s: %sAxisInto(%T, AllAxes) = %v, %v; NumPy %s", name, what, *new(W), dst.At(), err, want)
		}
	}
	s, err := ops.Sum(a)
	whole("Sum", c.Sum, s, err, func(dst *nd.Array[W]) error { return ops.SumAxisInto(dst, a, ops.AllAxes()) })
	p, err := ops.Prod(a)
	whole("Prod", c.Prod, p, err, func(dst *nd.Array[W]) error { return ops.ProdAxisInto(dst, a, ops.AllAxes()) })
	// Integers past 2⁵³ are not exact in float64, so the order of the
	// additions (NumPy's buffered pairwise sum, numgo's tree) shows in the
	// last bits of means of large 64-bit values.
	rel := 1e-15
	if c.Kind == "int64" || c.Kind == "uint64" {
		rel = 1e-13
	}
	m := must(nd.Empty[float64](nil))
	if err := ops.MeanAxisInto(m, a, ops.AllAxes()); err != nil || !close(m.At(), c.Mean, rel) {
		t.Errorf("%s: mean %v, %v; NumPy %v", name, m.At(), err, c.Mean)
	}
	if c.Sum0 == nil {
		return
	}
	sys := mem.NewSystem()
	for _, r := range []struct {
		what  string
		want  []string
		alloc func(*nd.Array[T], ops.AxisSpec, ...nd.Option) (*nd.Array[T], error)
		into  func(*nd.Array[W], *nd.Array[T], ops.AxisSpec) error
	}{
		{"Sum", c.Sum0, ops.SumAxis[T], ops.SumAxisInto[W, T]},
		{"Prod", c.Prod0, ops.ProdAxis[T], ops.ProdAxisInto[W, T]},
	} {
		dst := must(nd.Empty[W]([]int{c.Shape[1]}))
		if err := r.into(dst, a, ops.Axis(0)); err != nil {
			t.Fatal(err)
		}
		over := false
		for i, w := range r.want {
			if fmt.Sprint(dst.At(i)) != w {
				t.Errorf("%s: %sAxisInto(%T, Axis(0))[%d] = %v; NumPy %s", name, r.what, *new(W), i, dst.At(i), w)
			}
			over = over || fmt.Sprint(parseInt[T](w)) != w
		}
		got, err := r.alloc(a, ops.Axis(0), nd.With(sys))
		switch {
		case over && !errors.Is(err, ops.ErrOverflow):
			t.Errorf("%s: %sAxis of a result %T cannot hold: %v, %v", name, r.what, *new(T), got, err)
		case over && sys.Allocated() != 0:
			t.Errorf("%s: a failed %sAxis left %d bytes allocated", name, r.what, sys.Allocated())
		case !over && (err != nil || fmt.Sprint(values(got)) != fmt.Sprint(values(dst))):
			t.Errorf("%s: %sAxis = %v, %v; want %v", name, r.what, got, err, dst)
		}
		if got != nil {
			got.Free()
		}
	}
	m0 := must(nd.Empty[float64]([]int{c.Shape[1]}))
	if err := ops.MeanAxisInto(m0, a, ops.Axis(0)); err != nil {
		t.Fatal(err)
	}
	for i, w := range c.Mean0 {
		if !close(m0.At(i), w, rel) {
			t.Errorf("%s: MeanAxisInto(Axis(0))[%d] = %v; NumPy %v", name, i, m0.At(i), w)
		}
	}
}

func TestSumOfBytesIssue17(t *testing.T) {
	ones := must(nd.Ones[uint8]([]int{1000}))
	if s, err := ops.Sum(ones); !errors.Is(err, ops.ErrOverflow) {
		t.Fatalf("Sum of 1000 uint8 ones = %d, %v; NumPy gives 1000 (uint64)", s, err)
	}
	total := must(nd.Empty[uint64](nil))
	if err := ops.SumAxisInto(total, ones, ops.AllAxes()); err != nil || total.At() != 1000 {
		t.Fatalf("SumAxisInto(uint64) = %d, %v", total.At(), err)
	}
	// A narrower dst is the caller's choice: it wraps as NumPy's out= does.
	narrow := must(nd.Empty[uint8](nil))
	if err := ops.SumAxisInto(narrow, ones, ops.AllAxes()); err != nil || narrow.At() != 232 {
		t.Fatalf("SumAxisInto(uint8) = %d, %v; NumPy's out=uint8 gives 232", narrow.At(), err)
	}
	c := must(nd.FromSlice([]complex128{1 + 2i, 3}, []int{2}))
	if err := ops.SumAxisInto(must(nd.Empty[float64](nil)), c, ops.AllAxes()); !errors.Is(err, nd.ErrCast) {
		t.Fatalf("a complex sum into a float64 dst: %v", err)
	}
	kept := must(nd.Empty[int64]([]int{1, 1}))
	m := must(must(nd.Arange[int8](0, 100, 1)).Reshape(10, 10))
	if err := ops.SumAxisInto(kept, m, ops.AllAxes().KeepDims()); err != nil || kept.At(0, 0) != 4950 {
		t.Fatalf("SumAxisInto(AllAxes().KeepDims()) = %v, %v", kept, err)
	}
	if err := ops.SumAxisInto(must(nd.Empty[int64]([]int{1})), m, ops.AllAxes()); !errors.Is(err, nd.ErrShape) {
		t.Fatalf("AllAxes into a 1-d dst: %v", err)
	}
	if i, err := ops.ArgMaxAxis(m, ops.AllAxes()); err != nil || i.At() != 99 {
		t.Fatalf("ArgMaxAxis(AllAxes) = %v, %v", i, err)
	}
}

type overlapCase struct {
	Kind          string
	Base, Scalars []float64
	Result        []float64
	Shape         []int
	Out           string
	Args          []string
	Transpose     []int
}

// views builds the case's base array of T and its out and argument views.
func views[T nd.Real](t *testing.T, c overlapCase) (base, out *nd.Array[T], args []*nd.Array[T]) {
	t.Helper()
	data := make([]T, len(c.Base))
	for i, v := range c.Base {
		data[i] = T(v)
	}
	base = must(nd.FromSlice(data, c.Shape))
	out = must(base.SliceExpr(c.Out))
	for i, e := range c.Args {
		v := must(base.SliceExpr(e))
		if slices.Contains(c.Transpose, i) {
			v = v.T()
		}
		if nd.Overlaps(out, v) != nd.Partial && e != c.Out {
			t.Fatalf("out %q and argument %q do not overlap partly", c.Out, e)
		}
		args = append(args, v)
	}
	return base, out, args
}

// TestIntoFormsWithOverlapMatchNumPy runs every Into form of ops with a
// destination that partly overlaps its inputs (AddInto(a[1:8], a[0:7],
// a[0:7]) used to give [0 0 2 4 6 12 24 48]), against NumPy's out=.
func TestIntoFormsWithOverlapMatchNumPy(t *testing.T) {
	var f struct{ Cases map[string]overlapCase }
	readJSON(t, "overlap.json", &f)
	float := map[string]func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error{
		"AddInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.AddInto(d, x[0], x[1])
		},
		"SubInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.SubInto(d, x[0], x[1])
		},
		"MulInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MulInto(d, x[0], x[1])
		},
		"DivInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.DivInto(d, x[0], x[1])
		},
		"MaximumInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MaximumInto(d, x[0], x[1])
		},
		"MinimumInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MinimumInto(d, x[0], x[1])
		},
		"PowInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.PowInto(d, x[0], x[1])
		},
		"AddScalarInto": func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error {
			return ops.AddScalarInto(d, x[0], s[0])
		},
		"SubScalarInto": func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error {
			return ops.SubScalarInto(d, x[0], s[0])
		},
		"MulScalarInto": func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error {
			return ops.MulScalarInto(d, x[0], s[0])
		},
		"DivScalarInto": func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error {
			return ops.DivScalarInto(d, x[0], s[0])
		},
		"NegInto":  func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error { return ops.NegInto(d, x[0]) },
		"AbsInto":  func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error { return ops.AbsInto(d, x[0]) },
		"SqrtInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error { return ops.SqrtInto(d, x[0]) },
		"ExpInto":  func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error { return ops.ExpInto(d, x[0]) },
		"LogInto":  func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error { return ops.LogInto(d, x[0]) },
		"ClipInto": func(d *nd.Array[float64], x []*nd.Array[float64], s []float64) error {
			return ops.ClipInto(d, x[0], s[0], s[1])
		},
		"SumAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.SumAxisInto(d, x[0], axisOf(d))
		},
		"ProdAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.ProdAxisInto(d, x[0], axisOf(d))
		},
		"MinAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MinAxisInto(d, x[0], axisOf(d))
		},
		"MaxAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MaxAxisInto(d, x[0], axisOf(d))
		},
		"MeanAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.MeanAxisInto(d, x[0], axisOf(d))
		},
		"VarAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.VarAxisInto(d, x[0], axisOf(d), 1)
		},
		"StdAxisInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			return ops.StdAxisInto(d, x[0], axisOf(d), 1)
		},
		"WhereInto": func(d *nd.Array[float64], x []*nd.Array[float64], _ []float64) error {
			odd := must(nd.FromSlice([]uint8{0, 1, 0, 1, 0, 1, 0}, []int{7}))
			return ops.WhereInto(d, odd, x[0], x[1])
		},
	}
	integer := map[string]func(d *nd.Array[int], x []*nd.Array[int]) error{
		"AddInto":        func(d *nd.Array[int], x []*nd.Array[int]) error { return ops.AddInto(d, x[0], x[1]) },
		"ArgMinAxisInto": func(d *nd.Array[int], x []*nd.Array[int]) error { return ops.ArgMinAxisInto(d, x[0], ops.Axis(0)) },
		"ArgMaxAxisInto": func(d *nd.Array[int], x []*nd.Array[int]) error { return ops.ArgMaxAxisInto(d, x[0], ops.Axis(0)) },
	}
	mask := map[string]func(d *nd.Array[uint8], x []*nd.Array[uint8]) error{
		"EqualInto":        func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.EqualInto(d, x[0], x[1]) },
		"NotEqualInto":     func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.NotEqualInto(d, x[0], x[1]) },
		"LessInto":         func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.LessInto(d, x[0], x[1]) },
		"LessEqualInto":    func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.LessEqualInto(d, x[0], x[1]) },
		"GreaterInto":      func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.GreaterInto(d, x[0], x[1]) },
		"GreaterEqualInto": func(d *nd.Array[uint8], x []*nd.Array[uint8]) error { return ops.GreaterEqualInto(d, x[0], x[1]) },
	}
	seen := map[string]bool{}
	for name, c := range f.Cases {
		op, _, _ := strings.Cut(name, " ")
		seen[op] = true
		var err error
		var got []float64
		switch c.Kind {
		case "float64":
			base, out, args := views[float64](t, c)
			err = float[op](out, args, c.Scalars)
			got = values(base)
		case "int64":
			base, out, args := views[int](t, c)
			err = integer[op](out, args)
			got = values(base)
		case "uint8":
			base, out, args := views[uint8](t, c)
			err = mask[op](out, args)
			got = values(base)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for i, w := range c.Result {
			if !close(got[i], w, 1e-15) {
				t.Errorf("%s: %v, NumPy %v", name, got, c.Result)
				break
			}
		}
	}
	for op := range float {
		if !seen[op] {
			t.Errorf("%s has no overlap case", op)
		}
	}
}

// axisOf is the axis the overlap cases reduce along: 0 into a row, 1 into
// a column.
func axisOf(d *nd.Array[float64]) ops.AxisSpec {
	if d.Strides()[0] == 1 {
		return ops.Axis(0)
	}
	return ops.Axis(1)
}

// TestInPlaceStaysAllocationFree: a destination that is the very same view
// as an input (Overlaps: Same) is written in place with no temporary, even
// strided; a partly overlapping one takes a temporary and gives it back.
func TestInPlaceStaysAllocationFree(t *testing.T) {
	a := must(nd.Arange[float64](0, 64, 1))
	b := must(nd.Ones[float64]([]int{64}))
	v := must(a.SliceExpr("::2"))
	w := must(b.SliceExpr("1::2"))
	for name, f := range map[string]func() error{
		"dense":   func() error { return ops.AddInto(a, a, b) },
		"strided": func() error { return ops.AddInto(v, v, w) },
		"unary":   func() error { return ops.NegInto(v, v) },
		"copy":    func() error { return nd.Copy(v, v) },
	} {
		if n := testing.AllocsPerRun(20, func() {
			if err := f(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s in place: %v allocations per call", name, n)
		}
	}
	before := mem.Default.Allocated()
	if err := ops.AddInto(must(a.SliceExpr("1:")), must(a.SliceExpr(":-1")), must(a.SliceExpr(":-1"))); err != nil {
		t.Fatal(err)
	}
	if after := mem.Default.Allocated(); after != before {
		t.Errorf("the temporary of a partly overlapping AddInto was not freed: %d bytes", after-before)
	}
}

// TestReadOnlyDestinationsRefused: every ops writer refuses a destination
// from a read-only allocator, and the allocating forms refuse a read-only
// allocator, with an error wrapping nd.ErrReadOnly; nothing is written or
// left allocated. One case goes through a .npy file opened ReadOnly.
func TestReadOnlyDestinationsRefused(t *testing.T) {
	sys := mem.NewSystem()
	ro := readOnly{sys}
	dst := must(nd.Empty[float64]([]int{4}, nd.With(ro)))
	data, off, _ := dst.Storage()
	clear(data[off : off+4])
	x := must(nd.Arange[float64](1, 5, 1))
	m := must(x.Reshape(2, 2))
	for name, f := range map[string]func() error{
		"AddInto":       func() error { return ops.AddInto(dst, x, x) },
		"AddScalarInto": func() error { return ops.AddScalarInto(dst, x, 1) },
		"SqrtInto":      func() error { return ops.SqrtInto(dst, x) },
		"SumAxisInto":   func() error { return ops.SumAxisInto(must(dst.SliceExpr(":2")), m, ops.Axis(0)) },
		"MinAxisInto":   func() error { return ops.MinAxisInto(must(dst.SliceExpr(":2")), m, ops.Axis(0)) },
		"MeanAxisInto":  func() error { return ops.MeanAxisInto(must(dst.SliceExpr(":2")), m, ops.Axis(0)) },
		"Add":           func() error { _, err := ops.Add(x, x, nd.With(ro)); return err },
		"SumAxis":       func() error { _, err := ops.SumAxis(m, ops.Axis(0), nd.With(ro)); return err },
		"ArgMinAxis":    func() error { _, err := ops.ArgMinAxis(m, ops.Axis(0), nd.With(ro)); return err },
	} {
		if err := f(); !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, errReadOnly) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := values(dst); !slices.Equal(got, []float64{0, 0, 0, 0}) {
		t.Errorf("refused writers wrote %v", got)
	}
	if got := sys.Allocated(); got != int64(dst.MemoryUsage()) {
		t.Errorf("refused allocating forms left %d bytes", got-int64(dst.MemoryUsage()))
	}

	path := filepath.Join(t.TempDir(), "ro.npy")
	w := must(mmap.Create[float64](path, []int{4}))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r := must(mmap.Open[float64](path, mmap.ReadOnly))
	defer r.Close()
	if err := ops.AddInto(r.Array, x, x); !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, mmap.ErrReadOnly) {
		t.Fatalf("AddInto a ReadOnly mapping: %v", err)
	}
	if r.At(3) != 0 {
		t.Fatal("the refused AddInto wrote to the mapping")
	}
}

var errReadOnly = errors.New("read-only for the test")

// readOnly is a heap allocator that declares its memory read-only.
type readOnly struct{ mem.Allocator }

func (readOnly) ReadOnly() error { return errReadOnly }
