package nd_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// layoutCases is testdata/layout/cases.json, written by NumPy
// (testdata/layout/gen.py documents it).
type layoutCases struct {
	Reshape []struct {
		Shape, Perm, NewShape, ViewShape, ResultShape, Values, Strides []int
		View                                                           string
		NoCopy                                                         bool
	}
	Copy []struct {
		N        int
		Dst, Src string
		Values   []int64
	}
	TransposedCopy []int64 `json:"transposed_copy"`
	FromSlice      []struct {
		Shape         []int
		Data, Storage []int64
	}
	Printed []struct {
		Shape, Perm []int
		View, Str   string
	}
}

func readLayoutCases(t *testing.T) layoutCases {
	t.Helper()
	b, err := os.ReadFile("../testdata/layout/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var c layoutCases
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func mustArr[T nd.Number](t *testing.T) func(*nd.Array[T], error) *nd.Array[T] {
	return func(a *nd.Array[T], err error) *nd.Array[T] {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

func unsafeFloat64s(u []uint64) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(u))), len(u))
}

// bufferOf is the buffer under a, for a View over the same elements.
func bufferOf(a *nd.Array[float64]) []float64 {
	data, _, _ := a.Storage()
	return data
}

func unsafeBytes(u []uint64) []uint8 {
	return unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(u))), 8*len(u))
}

func values[T nd.Number](a *nd.Array[T]) []T {
	var out []T
	for v := range a.Values() {
		out = append(out, v)
	}
	return out
}

// TestReshapeMatchesNumPy: Reshape takes elements in C index order
// whatever the strides, returns a view exactly when NumPy can reshape
// without a copy (with NumPy's strides), and an ErrShape error otherwise,
// after which Clone reshapes to NumPy's values.
func TestReshapeMatchesNumPy(t *testing.T) {
	for _, c := range readLayoutCases(t).Reshape {
		name := fmt.Sprintf("arange%v.transpose(%v)[%s].reshape(%v)", c.Shape, c.Perm, c.View, c.NewShape)
		a := viewOf(t, c.Shape, c.Perm, c.View)
		if !slices.Equal(a.Shape(), c.ViewShape) {
			t.Fatalf("%s: view shape %v, NumPy %v", name, a.Shape(), c.ViewShape)
		}
		r, err := a.Reshape(c.NewShape...)
		if !c.NoCopy {
			if !errors.Is(err, nd.ErrShape) {
				t.Errorf("%s: NumPy needs a copy, Reshape gave %v, %v", name, r, err)
				continue
			}
			cl, err := a.Clone()
			if err != nil {
				t.Fatal(err)
			}
			if r, err = cl.Reshape(c.NewShape...); err != nil {
				t.Fatalf("%s: Reshape of the Clone: %v", name, err)
			}
		} else if err != nil {
			t.Errorf("%s: NumPy reshapes without a copy, Reshape: %v", name, err)
			continue
		} else {
			if r.Size() > 0 && r.Addr() != a.Addr() {
				t.Errorf("%s: the result is not a view of the array", name)
			}
			for i, s := range r.Strides() {
				if r.Dim(i) != 1 && s != c.Strides[i] {
					t.Errorf("%s: strides %v, NumPy %v", name, r.Strides(), c.Strides)
					break
				}
			}
		}
		if !slices.Equal(r.Shape(), c.ResultShape) || !slices.Equal(values(r), c.Values) {
			t.Errorf("%s: %v %v, NumPy %v %v", name, r.Shape(), values(r), c.ResultShape, c.Values)
		}
	}
}

// viewOf is arange(size).reshape(shape).transpose(perm)[expr] as int.
func viewOf(t *testing.T, shape, perm []int, expr string) *nd.Array[int] {
	t.Helper()
	size := 1
	for _, d := range shape {
		size *= d
	}
	a := mustArr[int](t)(nd.Arange(0, size, 1))
	a = mustArr[int](t)(a.Reshape(shape...))
	if perm != nil {
		a = mustArr[int](t)(a.Transpose(perm...))
	}
	return mustArr[int](t)(a.SliceExpr(expr))
}

// TestFormatFollowsIndexOrder: printing goes by index whatever the strides.
func TestFormatFollowsIndexOrder(t *testing.T) {
	for _, c := range readLayoutCases(t).Printed {
		if got := viewOf(t, c.Shape, c.Perm, c.View).String(); got != c.Str {
			t.Errorf("arange%v.transpose(%v)[%s]:\n%s\nNumPy:\n%s", c.Shape, c.Perm, c.View, got, c.Str)
		}
	}
}

// TestReshapeOfTransposeIssue17 is the report's case: m.T().Reshape(6)
// used to give memory order, [0 1 2 3 4 5].
func TestReshapeOfTransposeIssue17(t *testing.T) {
	m := mustArr[int](t)(nd.FromSlice([]int{0, 1, 2, 3, 4, 5}, []int{2, 3}))
	if r, err := m.T().Reshape(6); !errors.Is(err, nd.ErrShape) {
		t.Fatalf("m.T().Reshape(6) = %v, %v; want an ErrShape error (NumPy copies to [0 3 1 4 2 5])", r, err)
	}
	c := mustArr[int](t)(m.T().Clone())
	if r := mustArr[int](t)(c.Reshape(2, 3)); !slices.Equal(values(r), []int{0, 3, 1, 4, 2, 5}) {
		t.Fatalf("m.T().Clone().Reshape(2, 3) = %v", r)
	}
	// A column-major array reshapes by index too.
	f := mustArr[int](t)(nd.FromSlice([]int{0, 1, 2, 3, 4, 5}, []int{2, 3}, nd.WithLayout(nd.ColMajor)))
	if _, err := f.Reshape(3, 2); !errors.Is(err, nd.ErrShape) {
		t.Fatalf("Reshape of a ColMajor 2x3 to 3x2: %v", err)
	}
	// A view that Reshape returns shares memory: writes reach the base.
	col := mustArr[int](t)(f.Reshape(2, 1, 3))
	col.Set(-1, 1, 0, 2)
	if f.At(1, 2) != -1 {
		t.Fatal("a write through a reshaped view did not reach the array")
	}
}

func TestCopyOverlappingMatchesNumPy(t *testing.T) {
	cases := readLayoutCases(t)
	for _, c := range cases.Copy {
		a := mustArr[int64](t)(nd.Arange[int64](0, int64(c.N), 1))
		dst := mustArr[int64](t)(a.SliceExpr(c.Dst))
		src := mustArr[int64](t)(a.SliceExpr(c.Src))
		if nd.Overlaps(dst, src) == nd.Disjoint {
			t.Fatalf("a[%s] and a[%s] reported disjoint", c.Dst, c.Src)
		}
		if err := nd.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		if got := values(a); !slices.Equal(got, c.Values) {
			t.Errorf("copyto(a[%s], a[%s]): %v, NumPy %v", c.Dst, c.Src, got, c.Values)
		}
	}
	m := mustArr[int64](t)(nd.Arange[int64](0, 16, 1))
	m = mustArr[int64](t)(m.Reshape(4, 4))
	if err := nd.Copy(m, m.T()); err != nil {
		t.Fatal(err)
	}
	if got := values(m); !slices.Equal(got, cases.TransposedCopy) {
		t.Errorf("copyto(m, m.T): %v, NumPy %v", got, cases.TransposedCopy)
	}
}

// TestFromSliceReadsIndexOrder: the layout option of FromSlice sets the
// storage, never the values (NumPy's np.array(x, order="F")), and Data
// returns the storage order.
func TestFromSliceReadsIndexOrder(t *testing.T) {
	for _, c := range readLayoutCases(t).FromSlice {
		f := mustArr[int64](t)(nd.FromSlice(c.Data, c.Shape, nd.WithLayout(nd.ColMajor)))
		if !slices.Equal(values(f), c.Data) {
			t.Errorf("FromSlice(%v, ColMajor) holds %v by index", c.Shape, values(f))
		}
		if !slices.Equal(f.Data(), c.Storage) {
			t.Errorf("FromSlice(%v, ColMajor).Data() = %v, NumPy's memory order %v", c.Shape, f.Data(), c.Storage)
		}
		w := mustArr[int64](t)(nd.Wrap(c.Storage, c.Shape, nd.WithLayout(nd.ColMajor)))
		if !slices.Equal(values(w), c.Data) {
			t.Errorf("Wrap(storage, %v, ColMajor) reads %v by index, want %v", c.Shape, values(w), c.Data)
		}
	}
}

func TestOverlaps(t *testing.T) {
	a := mustArr[float64](t)(nd.Arange[float64](0, 16, 1))
	m := mustArr[float64](t)(a.Reshape(4, 4))
	other := mustArr[float64](t)(nd.Zeros[float64]([]int{16}))
	view := func(x *nd.Array[float64], e string) *nd.Array[float64] { return mustArr[float64](t)(x.SliceExpr(e)) }
	for _, c := range []struct {
		name string
		x, y *nd.Array[float64]
		want nd.Overlap
	}{
		{"itself", a, a, nd.Same},
		{"two views alike", view(a, "2:9"), view(a, "2:9"), nd.Same},
		{"another buffer", a, other, nd.Disjoint},
		{"halves", view(a, ":8"), view(a, "8:"), nd.Disjoint},
		{"shifted", view(a, "1:"), view(a, ":-1"), nd.Partial},
		{"reversed", view(a, "::-1"), a, nd.Partial},
		{"transpose", m, m.T(), nd.Partial},
		{"reshaped", m, a, nd.Partial},
		{"interleaved (conservative)", view(a, "::2"), view(a, "1::2"), nd.Partial},
		{"empty", view(a, "3:3"), a, nd.Disjoint},
		{"unit axes strided differently", mustArr[float64](t)(m.Reshape(4, 1, 4)), mustArr[float64](t)(nd.View(bufferOf(a), 0, []int{4, 1, 4}, []int{4, 99, 1})), nd.Same},
	} {
		if got := nd.Overlaps(c.x, c.y); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// The same bytes seen as a kind of another size are never Same; of
	// the same size, element i is the same bytes in both.
	b := mustArr[uint64](t)(nd.Zeros[uint64]([]int{4}))
	data, _, _ := b.Storage()
	bytes, err := nd.View(unsafeBytes(data), 0, []int{4}, []int{8})
	if err != nil {
		t.Fatal(err)
	}
	if got := nd.Overlaps(b, bytes); got != nd.Partial {
		t.Errorf("uint64 and uint8 views of one buffer: %v", got)
	}
	f, err := nd.View(unsafeFloat64s(data), 0, []int{4}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if got := nd.Overlaps(b, f); got != nd.Same {
		t.Errorf("uint64 and float64 views of one buffer: %v", got)
	}
}

// TestWritersRefuseReadOnly: every nd function that writes elements refuses
// an array, or an allocator, whose memory is read-only, writes nothing and
// leaves nothing allocated.
func TestWritersRefuseReadOnly(t *testing.T) {
	sys := mem.NewSystem()
	ro := frozen{sys}
	a := mustArr[float64](t)(nd.Empty[float64]([]int{2, 3}, nd.With(ro)))
	data, off, _ := a.Storage()
	clear(data[off : off+6]) // what a file would hold
	src := mustArr[float64](t)(nd.Ones[float64]([]int{2, 3}))
	err := nd.Copy(a, src)
	if !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, errFrozen) {
		t.Fatalf("Copy into a read-only array: %v", err)
	}
	if a.At(1, 2) != 0 {
		t.Fatal("the refused Copy wrote")
	}
	if err := a.Writable(); !errors.Is(err, nd.ErrReadOnly) {
		t.Fatalf("Writable: %v", err)
	}
	before := sys.Allocated()
	for name, f := range map[string]func() error{
		"Zeros":     func() error { _, err := nd.Zeros[float64]([]int{4}, nd.With(ro)); return err },
		"Ones":      func() error { _, err := nd.Ones[float64]([]int{4}, nd.With(ro)); return err },
		"Full":      func() error { _, err := nd.Full([]int{4}, 2.0, nd.With(ro)); return err },
		"FromSlice": func() error { _, err := nd.FromSlice([]float64{1}, []int{1}, nd.With(ro)); return err },
		"Arange":    func() error { _, err := nd.Arange(0.0, 4, 1, nd.With(ro)); return err },
		"Random":    func() error { _, err := nd.Random[float64]([]int{4}, 1, nd.With(ro)); return err },
		"Clone":     func() error { _, err := src.Clone(nd.With(wrapped{ro})); return err },
	} {
		if err := f(); !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, errFrozen) {
			t.Errorf("%s with a read-only allocator: %v", name, err)
		}
	}
	if got := sys.Allocated(); got != before {
		t.Errorf("refused constructors left %d bytes allocated", got-before)
	}
}

// TestCopyRefusesReadOnlyMapping is the report's case: nd.Copy into a .npy
// opened ReadOnly used to write.
func TestCopyRefusesReadOnlyMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.npy")
	w, err := mmap.Create[float64](path, []int{4})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	src := mustArr[float64](t)(nd.Full([]int{4}, 7.0))
	err = nd.Copy(r.Array, src)
	if !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, mmap.ErrReadOnly) {
		t.Fatalf("Copy into a ReadOnly mapping: %v", err)
	}
	if r.At(0) != 0 {
		t.Fatal("the refused Copy wrote")
	}
}

// TestKernelOperandsRefusesPartialOverlap: the fast path of element-wise
// kernels hands out slices only when writing d[i] after reading x[i] is
// right: dst disjoint from the inputs or the very same view.
func TestKernelOperandsRefusesPartialOverlap(t *testing.T) {
	a := mustArr[float64](t)(nd.Arange[float64](0, 8, 1))
	b := mustArr[float64](t)(nd.Ones[float64]([]int{8}))
	head := mustArr[float64](t)(a.SliceExpr(":7"))
	tail := mustArr[float64](t)(a.SliceExpr("1:"))
	empty := mustArr[float64](t)(a.SliceExpr("3:3"))
	for _, c := range []struct {
		name      string
		dst, x, y *nd.Array[float64]
		ok        bool
	}{
		{"in place", a, a, b, true},
		{"disjoint", b, a, a, true},
		{"shifted x", tail, head, nil, false},
		{"shifted y", head, head, tail, false},
		{"shifted back", head, tail, nil, false},
		{"empty", empty, mustArr[float64](t)(b.SliceExpr("2:2")), nil, true},
	} {
		if _, _, _, ok := c.dst.KernelOperands(c.x, c.y); ok != c.ok {
			t.Errorf("%s: ok = %v, want %v", c.name, ok, c.ok)
		}
	}
}
