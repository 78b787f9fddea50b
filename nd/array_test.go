package nd

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

func mustArr[T Number](t *testing.T) func(*Array[T], error) *Array[T] {
	return func(a *Array[T], err error) *Array[T] {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

func TestCreationValues(t *testing.T) {
	sys := mem.NewSystem()
	must := mustArr[float64](t)
	z := must(Zeros[float64]([]int{2, 3}, With(sys)))
	o := must(Ones[float64]([]int{2, 3}, With(sys)))
	f := must(Full[float64]([]int{2, 3}, 7.5, With(sys)))
	for idx, v := range z.All() {
		if v != 0 || o.At(idx...) != 1 || f.At(idx...) != 7.5 {
			t.Fatalf("at %v: zeros %v ones %v full %v", idx, v, o.At(idx...), f.At(idx...))
		}
	}
	if got := sys.Allocated(); got != 3*6*8 {
		t.Fatalf("allocator holds %d bytes, want %d", got, 3*6*8)
	}
	for _, a := range []*Array[float64]{z, o, f} {
		if err := a.Free(); err != nil {
			t.Fatal(err)
		}
	}
	if got := sys.Allocated(); got != 0 {
		t.Fatalf("after Free the allocator still holds %d bytes", got)
	}

	r := must(Arange[float64](1, 2, 0.25))
	if !slices.Equal(r.Data(), []float64{1, 1.25, 1.5, 1.75}) {
		t.Fatalf("Arange(1, 2, 0.25) = %v", r.Data())
	}
	ri := mustArr[int](t)(Arange(10, 0, -3))
	if !slices.Equal(ri.Data(), []int{10, 7, 4, 1}) {
		t.Fatalf("Arange(10, 0, -3) = %v", ri.Data())
	}
	if _, err := Arange(0, 1, 0); !errors.Is(err, ErrShape) {
		t.Fatalf("Arange step 0: %v", err)
	}

	x := must(Random[float64]([]int{100}, 42))
	y := must(Random[float64]([]int{100}, 42))
	w := must(Random[float64]([]int{100}, 43))
	if !slices.Equal(x.Data(), y.Data()) || slices.Equal(x.Data(), w.Data()) {
		t.Fatal("Random is not reproducible per seed")
	}
	for _, v := range x.Data() {
		if v < 0 || v >= 1 {
			t.Fatalf("Random float64 %v outside [0, 1)", v)
		}
	}
	type celsius float32
	c := mustArr[celsius](t)(Random[celsius]([]int{50}, 1))
	for _, v := range c.Data() {
		if v < 0 || v >= 1 {
			t.Fatalf("Random named float %v outside [0, 1)", v)
		}
	}
	u := mustArr[uint8](t)(Random[uint8]([]int{4096}, 1))
	seen := map[uint8]bool{}
	for _, v := range u.Data() {
		seen[v] = true
	}
	if len(seen) < 250 {
		t.Fatalf("Random uint8 covers only %d values", len(seen))
	}
}

func TestShapeErrorsLeakNothing(t *testing.T) {
	sys := mem.NewSystem()
	for _, shape := range [][]int{{-1}, {3, -2}, {math.MaxInt / 2, 4}, {1 << 40, 1 << 40}} {
		if _, err := Zeros[float64](shape, With(sys)); !errors.Is(err, ErrShape) {
			t.Errorf("Zeros(%v): got %v, want ErrShape", shape, err)
		}
	}
	if _, err := FromSlice([]int{1, 2, 3}, []int{2, 2}, With(sys)); !errors.Is(err, ErrShape) {
		t.Errorf("FromSlice with wrong length: %v", err)
	}
	if _, err := Zeros[float64]([]int{4}, With(sys), Align(3)); !errors.Is(err, mem.ErrInvalidAlignment) {
		t.Errorf("Align(3): %v", err)
	}
	if s := sys.Stats(); s.Allocated != 0 || s.Allocs != 0 {
		t.Fatalf("bad input left allocations behind: %v", s)
	}
}

func TestAlignmentAndLayout(t *testing.T) {
	for _, align := range []int{8, 64, 4096} {
		a := mustArr[float32](t)(Zeros[float32]([]int{3, 5}, Align(align)))
		if a.Addr()%uintptr(align) != 0 {
			t.Errorf("Align(%d): address %#x", align, a.Addr())
		}
	}
	a := mustArr[int](t)(FromSlice([]int{1, 2, 3, 4, 5, 6}, []int{2, 3}, WithLayout(ColMajor)))
	if a.Layout() != ColMajor || !slices.Equal(a.Strides(), []int{1, 2}) {
		t.Fatalf("ColMajor array: layout %v strides %v", a.Layout(), a.Strides())
	}
	// Data is read in row-major index order, stored column-major.
	if a.At(1, 0) != 4 || a.At(0, 1) != 2 || !slices.Equal(a.Data(), []int{1, 4, 2, 5, 3, 6}) {
		t.Fatalf("ColMajor indexing: a[1,0]=%d a[0,1]=%d", a.At(1, 0), a.At(0, 1))
	}
	if a.T().Layout() != RowMajor {
		t.Fatalf("transpose of ColMajor is %v", a.T().Layout())
	}
}

func TestViewsShareMemory(t *testing.T) {
	a := mustArr[int](t)(Arange(0, 24, 1))
	m := mustArr[int](t)(a.Reshape(2, 3, -1))
	if !slices.Equal(m.Shape(), []int{2, 3, 4}) || m.At(1, 2, 3) != 23 {
		t.Fatalf("Reshape: shape %v, m[1,2,3]=%d", m.Shape(), m.At(1, 2, 3))
	}
	tr := mustArr[int](t)(m.Transpose(2, 0, 1))
	if !slices.Equal(tr.Shape(), []int{4, 2, 3}) || tr.At(3, 1, 2) != m.At(1, 2, 3) {
		t.Fatalf("Transpose: shape %v", tr.Shape())
	}
	if tr.IsContiguous() {
		t.Fatal("a permuted view reports itself contiguous")
	}
	if _, err := tr.Reshape(24); !errors.Is(err, ErrShape) {
		t.Fatalf("reshape of a strided view: %v", err)
	}
	tr.Set(-1, 0, 0, 0)
	if a.At(0) != -1 {
		t.Fatal("a write through a view did not reach the base array")
	}
	for _, bad := range [][]int{{0, 0, 1}, {0, 1}, {0, 1, 3}} {
		if _, err := m.Transpose(bad...); !errors.Is(err, ErrShape) {
			t.Errorf("Transpose(%v): %v", bad, err)
		}
	}
	if _, err := m.Reshape(5, -1); !errors.Is(err, ErrShape) {
		t.Error("Reshape(5, -1) of 24 elements succeeded")
	}
}

func TestSliceMatchesNumPy(t *testing.T) {
	a := mustArr[int](t)(Arange(0, 20, 1))
	m := mustArr[int](t)(a.Reshape(4, 5))
	cases := []struct {
		expr  string
		shape []int
		want  []int
	}{
		{"1:3", []int{2, 5}, []int{5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{":, ::2", []int{4, 3}, []int{0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19}},
		{"-1", []int{5}, []int{15, 16, 17, 18, 19}},
		{"::-2, -1", []int{2}, []int{19, 9}},
		{"1, 4:0:-2", []int{2}, []int{9, 7}},
		{"10:, :", []int{0, 5}, nil},
		{":-10, 0", []int{0}, nil},
		{":-10:-1, 0", []int{4}, []int{15, 10, 5, 0}},
	}
	for _, c := range cases {
		v, err := m.SliceExpr(c.expr)
		if err != nil {
			t.Errorf("%q: %v", c.expr, err)
			continue
		}
		var got []int
		for x := range v.Values() {
			got = append(got, x)
		}
		if !slices.Equal(v.Shape(), c.shape) || !slices.Equal(got, c.want) {
			t.Errorf("m[%s] = shape %v %v; want %v %v", c.expr, v.Shape(), got, c.shape, c.want)
		}
	}
	for _, bad := range []string{"4", "0, 5", "1:2:0", "a", "1:2:3:4", "0,0,0", ","} {
		if _, err := m.SliceExpr(bad); !errors.Is(err, ErrIndex) {
			t.Errorf("m[%s]: %v, want ErrIndex", bad, err)
		}
	}
	// ParseRanges' errors name it and the item, with one package prefix.
	for bad, words := range map[string]string{
		"1:2:0":   `nd: ParseRanges: bad index: bad shape: slice step cannot be zero in "1:2:0"`,
		"1:2:3:4": `nd: ParseRanges: bad index: "1:2:3:4" has more than two colons`,
		"0, a":    `nd: ParseRanges: bad index: "a" in "0, a" is not an integer`,
		",":       `nd: ParseRanges: bad index: empty item in ","`,
	} {
		_, err := ParseRanges(bad)
		if err == nil || err.Error() != words || !errors.Is(err, ErrIndex) {
			t.Errorf("ParseRanges(%q): %v, want an error wrapping ErrIndex that reads %q", bad, err, words)
		}
		_, err = m.SliceExpr(bad)
		if err == nil || err.Error() != "nd: SliceExpr: "+strings.TrimPrefix(words, "nd: ") || !errors.Is(err, ErrIndex) {
			t.Errorf("SliceExpr(%q): %v, want ParseRanges' error after \"nd: SliceExpr: \"", bad, err)
		}
	}
	if _, err := ParseRanges("::0"); !errors.Is(err, ErrShape) {
		t.Errorf(`ParseRanges("::0"): %v, want ErrShape too`, err)
	}
	if got := Span(1, 3).By(-1).String(); got != "1:3:-1" {
		t.Errorf("Range.String = %q", got)
	}
}

func FuzzParseRanges(f *testing.F) {
	for _, s := range []string{"1:3, ::2, -1", ":", "5", "::-1", "-3:"} {
		f.Add(s)
	}
	a, _ := Arange(0, 60, 1)
	m, _ := a.Reshape(3, 4, 5)
	f.Fuzz(func(t *testing.T, expr string) {
		v, err := m.SliceExpr(expr)
		if err != nil {
			if !errors.Is(err, ErrIndex) {
				t.Fatalf("%q: error %v does not wrap ErrIndex", expr, err)
			}
			return
		}
		// Every element of a valid view is an element of m.
		n := 0
		for x := range v.Values() {
			if x < 0 || x >= 60 {
				t.Fatalf("%q: element %d outside the base", expr, x)
			}
			n++
		}
		if n != v.Size() {
			t.Fatalf("%q: iterated %d elements, Size %d", expr, n, v.Size())
		}
	})
}

func TestCloneAndCopy(t *testing.T) {
	sys := mem.NewSystem()
	a := mustArr[float64](t)(Random[float64]([]int{6, 7}, 3))
	v := mustArr[float64](t)(a.SliceExpr("1::2, ::-3"))
	c := mustArr[float64](t)(v.Clone(With(sys), WithLayout(ColMajor)))
	if c.Allocator() != sys || c.Layout() != ColMajor {
		t.Fatalf("Clone went to %v in %v", c.Allocator(), c.Layout())
	}
	for idx, x := range v.All() {
		if c.At(idx...) != x {
			t.Fatalf("Clone differs at %v", idx)
		}
	}
	d := mustArr[float64](t)(Zeros[float64](v.Shape()))
	if err := Copy(d, v); err != nil {
		t.Fatal(err)
	}
	for idx, x := range v.All() {
		if d.At(idx...) != x {
			t.Fatalf("Copy differs at %v", idx)
		}
	}
	if err := Copy(d, a); !errors.Is(err, ErrShape) {
		t.Fatalf("Copy between shapes: %v", err)
	}
}

func TestFreeInvalidatesViews(t *testing.T) {
	sys := mem.NewSystem()
	a := mustArr[int32](t)(Zeros[int32]([]int{4, 4}, With(sys)))
	v := a.T()
	if err := v.Free(); err != nil {
		t.Fatal(err)
	}
	if err := a.Free(); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("second Free: %v", err)
	}
	if err := a.Err(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Err after Free: %v", err)
	}
	if _, err := a.Clone(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Clone after Free: %v", err)
	}
	assertPanics(t, "freed", func() { a.At(0, 0) })
	if !strings.Contains(a.String(), "freed") {
		t.Fatalf("printing a freed array: %q", a.String())
	}
	if sys.Allocated() != 0 {
		t.Fatalf("%d bytes still allocated", sys.Allocated())
	}
}

func TestArenaResetAndReleaseDetected(t *testing.T) {
	ar, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	a := mustArr[float64](t)(Ones[float64]([]int{8, 8}, With(ar)))
	view := mustArr[float64](t)(a.SliceExpr("2:4"))
	ar.Reset()
	for _, x := range []*Array[float64]{a, view} {
		if err := x.Err(); !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "reset") {
			t.Fatalf("Err after Reset: %v", err)
		}
		assertPanics(t, "reset", func() { x.At(0, 0) })
	}
	b := mustArr[float64](t)(Ones[float64]([]int{8}, With(ar)))
	if err := b.Err(); err != nil {
		t.Fatalf("array made after Reset: %v", err)
	}
	ar.Close()
	assertPanics(t, "released", func() { b.Set(1, 0) })
	if _, err := Zeros[float64]([]int{1}, With(ar)); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("allocating from a released arena: %v", err)
	}
}

func TestIterationOrder(t *testing.T) {
	a := mustArr[int](t)(Arange(0, 6, 1))
	m := mustArr[int](t)(a.Reshape(2, 3))
	var got []int
	var idxs [][]int
	for idx, v := range m.T().All() {
		got = append(got, v)
		idxs = append(idxs, slices.Clone(idx))
	}
	if !slices.Equal(got, []int{0, 3, 1, 4, 2, 5}) || !slices.Equal(idxs[1], []int{0, 1}) {
		t.Fatalf("iteration of the transpose: %v %v", got, idxs)
	}
	n := 0
	for range m.Values() {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatal("break did not stop Values")
	}
}

func TestFormat(t *testing.T) {
	m := mustArr[int](t)(FromSlice([]int{1, 2, 3, -40, 5, 6}, []int{2, 3}))
	if got, want := m.String(), "[[  1   2   3]\n [-40   5   6]]"; got != want {
		t.Errorf("2-D:\n%s\nwant\n%s", got, want)
	}
	f := mustArr[float64](t)(FromSlice([]float64{0.5, 1, 2.25}, []int{3}))
	if got := fmt.Sprintf("%.1f", f); got != "[0.5 1.0 2.2]" {
		t.Errorf("%%.1f: %q", got)
	}
	c := mustArr[int](t)(Arange(0, 8, 1))
	c3 := mustArr[int](t)(c.Reshape(2, 2, 2))
	if got, want := c3.String(), "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"; got != want {
		t.Errorf("3-D:\n%s\nwant\n%s", got, want)
	}
	big := mustArr[int](t)(Arange(0, 2000, 1))
	bm := mustArr[int](t)(big.Reshape(40, 50))
	s := bm.String()
	if !strings.HasPrefix(s, "[[   0    1    2 ...   47   48   49]\n [  50") || !strings.Contains(s, "\n ...\n") || len(s) > 400 {
		t.Errorf("large array not elided as NumPy does:\n%s", s)
	}
	if got := fmt.Sprintf("%#v", f); !strings.HasPrefix(got, "nd.Array[float64](shape [3], RowMajor)\n[") {
		t.Errorf("%%#v: %q", got)
	}
	var zero Array[float64]
	if zero.String() != "[]" || zero.Size() != 0 || zero.NDim() != 0 {
		t.Errorf("zero Array: %q size %d", zero.String(), zero.Size())
	}
}

func assertPanics(t *testing.T, want string, fn func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one mentioning %q", want)
		}
		if msg, _ := r.(string); !strings.Contains(msg, want) {
			t.Fatalf("panic %v does not mention %q", r, want)
		}
	}()
	fn()
}

func TestKernelOperands(t *testing.T) {
	must := mustArr[float64](t)
	a := must(Arange[float64](0, 6, 1))
	m := must(a.Reshape(2, 3))
	n := must(m.Clone())
	d, x, y, ok := n.KernelOperands(m, m)
	if !ok || len(d) != 6 || x[5] != 5 || y[4] != 4 {
		t.Fatalf("KernelOperands of dense operands: ok %v, %v %v %v", ok, d, x, y)
	}
	if _, _, _, ok := n.KernelOperands(m, nil); !ok {
		t.Fatal("KernelOperands with a nil third operand")
	}
	view := must(must(Arange[float64](0, 8, 1)).Slice(Span(2, 8)))
	if _, x, _, ok := must(Zeros[float64]([]int{6})).KernelOperands(view, nil); !ok || x[0] != 2 || cap(x) != 6 {
		t.Fatalf("KernelOperands of a view inside its buffer: ok %v, %v", ok, x)
	}
	col := must(m.Clone(WithLayout(ColMajor)))
	other := must(Zeros[float64]([]int{3, 2}))
	for name, args := range map[string][3]*Array[float64]{
		"transposed": {other, m.T(), other},
		"layouts":    {n, m, col},
		"shapes":     {n, m, must(Zeros[float64]([]int{6}))},
	} {
		if _, _, _, ok := args[0].KernelOperands(args[1], args[2]); ok {
			t.Errorf("KernelOperands accepted %s", name)
		}
	}
	if err := n.Free(); err != nil {
		t.Fatal(err)
	}
	if _, _, _, ok := m.KernelOperands(n, nil); ok {
		t.Error("KernelOperands accepted a freed array")
	}
}
