package mmap_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
)

// arange is 0, 1, ... in a new row-major array of the given shape.
func arange[T float64 | int32](t *testing.T, shape ...int) *nd.Array[T] {
	t.Helper()
	n := 1
	for _, d := range shape {
		n *= d
	}
	data := make([]T, n)
	for i := range data {
		data[i] = T(i)
	}
	a, err := nd.FromSlice(data, shape)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// view applies a NumPy index expression (or nothing, for "") to a.
func view[T nd.Number](t *testing.T, a *nd.Array[T], expr string) *nd.Array[T] {
	t.Helper()
	if expr == "" {
		return a
	}
	v, err := a.SliceExpr(expr)
	if err != nil {
		t.Fatalf("%q: %v", expr, err)
	}
	return v
}

func transpose[T nd.Number](t *testing.T, a *nd.Array[T], axes ...int) *nd.Array[T] {
	t.Helper()
	v, err := a.Transpose(axes...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWriteLayoutsAsNumPy writes views that are not C-contiguous
// (transposed, permuted, stepped, flipped, sliced Fortran arrays) and
// compares the bytes with what NumPy's np.save wrote for the same views
// (testdata/layouts.py): fortran_order True with the memory as it is for an
// F-contiguous view, C order in logical index order for any other. Each
// file then reads back here, through Load and Open, with the same values.
func TestWriteLayoutsAsNumPy(t *testing.T) {
	m := arange[float64](t, 2, 3)
	c := arange[int32](t, 2, 3, 4)
	// asfortranarray keeps the values of arange(12).reshape(3, 4): build
	// that array in column-major memory.
	fdata := make([]float64, 12)
	for i := range 3 {
		for j := range 4 {
			fdata[j*3+i] = float64(i*4 + j)
		}
	}
	f, err := nd.FromSlice(fdata, []int{4, 3})
	if err != nil {
		t.Fatal(err)
	}
	f = f.T()
	if f.Layout() != nd.ColMajor {
		t.Fatalf("f is %v, want ColMajor", f.Layout())
	}
	cases := []struct {
		name string
		f64  *nd.Array[float64]
		i32  *nd.Array[int32]
	}{
		{name: "transposed", f64: m.T()},
		{name: "permuted", i32: transpose(t, c, 1, 0, 2)},
		{name: "reversed_axes", i32: transpose(t, c, 2, 1, 0)},
		{name: "stepped", i32: view(t, c, ":, ::2, 1:")},
		{name: "flipped", f64: view(t, m, "::-1, ::-1")},
		{name: "fortran_cols", f64: view(t, f, ":, 1:3")},
		{name: "fortran_rows", f64: view(t, f, "1:3, :")},
		{name: "row", f64: view(t, m, "1:2, :").T()},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		wantBytes, err := os.ReadFile(filepath.Join("testdata", "layout_"+tc.name+".npy"))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		path := filepath.Join(dir, tc.name+".npy")
		if tc.f64 != nil {
			err = mmap.Write(&buf, tc.f64)
			checkLayoutRoundTrip(t, path, tc.f64)
		} else {
			err = mmap.Write(&buf, tc.i32)
			checkLayoutRoundTrip(t, path, tc.i32)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(buf.Bytes(), wantBytes) {
			t.Errorf("%s: Write gave\n%q\nNumPy's np.save gives\n%q", tc.name, buf.Bytes(), wantBytes)
		}
	}
}

// checkLayoutRoundTrip saves a, then Loads and Opens the file and checks
// every element against a's, in logical order.
func checkLayoutRoundTrip[T nd.Number](t *testing.T, path string, a *nd.Array[T]) {
	t.Helper()
	if err := mmap.Save(path, a); err != nil {
		t.Fatal(err)
	}
	l, err := mmap.Load[T](path)
	if err != nil {
		t.Fatal(err)
	}
	o, err := mmap.Open[T](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	for _, got := range []*nd.Array[T]{l, o.Array} {
		var want []T
		for v := range a.Values() {
			want = append(want, v)
		}
		i := 0
		for v := range got.Values() {
			if i >= len(want) || v != want[i] {
				t.Fatalf("%s: element %d reads %v, want %v", path, i, v, want)
			}
			i++
		}
		if i != len(want) {
			t.Fatalf("%s: %d elements read back, want %d", path, i, len(want))
		}
	}
}
