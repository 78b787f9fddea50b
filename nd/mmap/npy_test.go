package mmap_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

const fixtures = "../../testdata/npy"

// want is the value gen.py gives element i (in C order) of an array of T.
func want[T nd.Number](i int) T {
	var v any
	switch any(*new(T)).(type) {
	case int8:
		v = int8(i - 5)
	case int16:
		v = int16(i - 5)
	case int32:
		v = int32(i - 5)
	case int64:
		v = int64(i - 5)
	case int:
		v = i - 5
	case uint8:
		v = uint8(i)
	case uint16:
		v = uint16(i)
	case uint32:
		v = uint32(i)
	case uint64:
		v = uint64(i)
	case uint:
		v = uint(i)
	case float32:
		v = float32(float64(i)*0.5 - 2)
	case float64:
		v = float64(i)*0.5 - 2
	case complex64:
		v = complex64(complex(float64(i)*0.5, float64(-i)))
	case complex128:
		v = complex(float64(i)*0.5, float64(-i))
	}
	return v.(T)
}

// checkValues checks a against gen.py's values in C order of indices.
func checkValues[T nd.Number](t *testing.T, what string, a *nd.Array[T]) {
	t.Helper()
	i := 0
	for _, v := range a.All() {
		if v != want[T](i) {
			t.Fatalf("%s: element %d = %v, want %v", what, i, v, want[T](i))
		}
		i++
	}
	if i != a.Size() {
		t.Fatalf("%s: %d elements iterated, size %d", what, i, a.Size())
	}
}

// fill sets a's elements to gen.py's values.
func fill[T nd.Number](a *nd.Array[T]) {
	data, off, strides := a.Storage()
	shape := a.Shape()
	i := 0
	for idx := range a.All() {
		o := off
		for k := range shape {
			o += idx[k] * strides[k]
		}
		data[o] = want[T](i)
		i++
	}
}

func TestNumPyFixtures(t *testing.T) {
	fixtureType[int8](t, "int8")
	fixtureType[int16](t, "int16")
	fixtureType[int32](t, "int32")
	fixtureType[int64](t, "int64")
	fixtureType[int](t, "int64")
	fixtureType[uint8](t, "uint8")
	fixtureType[uint16](t, "uint16")
	fixtureType[uint32](t, "uint32")
	fixtureType[uint64](t, "uint64")
	fixtureType[uint](t, "uint64")
	fixtureType[float32](t, "float32")
	fixtureType[float64](t, "float64")
	fixtureType[complex64](t, "complex64")
	fixtureType[complex128](t, "complex128")
}

// fixtureType opens, loads and rewrites the NumPy fixtures of one type,
// in both orders: the bytes written here must equal NumPy's.
func fixtureType[T nd.Number](t *testing.T, name string) {
	t.Helper()
	for _, order := range []string{"c", "f"} {
		path := filepath.Join(fixtures, name+"_"+order+".npy")
		what := fmt.Sprintf("%s as %T", path, *new(T))
		wantLayout := map[string]nd.Layout{"c": nd.RowMajor, "f": nd.ColMajor}[order]

		a, err := mmap.Open[T](path, mmap.ReadOnly)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !slices.Equal(a.Shape(), []int{3, 4}) || a.Layout() != wantLayout {
			t.Fatalf("%s: shape %v layout %v", what, a.Shape(), a.Layout())
		}
		checkValues(t, what, a.Array)
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}

		l, err := mmap.Load[T](path)
		if err != nil {
			t.Fatalf("%s: Load: %v", what, err)
		}
		checkValues(t, what+" Load", l)
		if l.Layout() != wantLayout {
			t.Fatalf("%s: Load layout %v", what, l.Layout())
		}
		var buf bytes.Buffer
		if err := mmap.Write(&buf, l); err != nil {
			t.Fatal(err)
		}
		numpy, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), numpy) {
			t.Fatalf("%s: Write gives\n%q\nNumPy wrote\n%q", what, buf.Bytes()[:min(buf.Len(), 140)], numpy[:140])
		}

		var opts []mmap.Option
		if order == "f" {
			opts = append(opts, mmap.FortranOrder())
		}
		created := filepath.Join(t.TempDir(), "c.npy")
		c, err := mmap.Create[T](created, []int{3, 4}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		fill(c.Array)
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		mine, err := os.ReadFile(created)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mine, numpy) {
			t.Fatalf("%s: Create gives\n%q\nNumPy wrote\n%q", what, mine[:min(len(mine), 140)], numpy[:140])
		}
	}
}

func TestFixturesSpecialShapesAndVersions(t *testing.T) {
	s, err := mmap.Open[float64](filepath.Join(fixtures, "scalar_0d.npy"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	if s.NDim() != 0 || s.Size() != 1 || s.At() != 7.5 {
		t.Fatalf("0-d: ndim %d size %d value %v", s.NDim(), s.Size(), s.At())
	}
	s.Close()

	e, err := mmap.Open[int32](filepath.Join(fixtures, "empty_0x3.npy"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Shape(), []int{0, 3}) || e.Size() != 0 {
		t.Fatalf("empty: shape %v", e.Shape())
	}
	e.Close()
	if err := e.Err(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("empty array after Close: Err %v", err)
	}

	for _, v := range []string{"vector_5", "float64_v2", "float64_v3"} {
		a, err := mmap.Load[float64](filepath.Join(fixtures, v+".npy"))
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		checkValues(t, v, a)
		m, err := mmap.Open[float64](filepath.Join(fixtures, v+".npy"), mmap.ReadWrite)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		checkValues(t, v+" mapped", m.Array)
		m.Close()
	}
}

func TestDTypeErrors(t *testing.T) {
	cases := []struct {
		file string
		open func(string) error
		says string
	}{
		{"float64_big_endian.npy", openAs[float64], "big-endian"},
		{"bool.npy", openAs[uint8], `"|b1" is not one numgo supports`},
		{"float64_c.npy", openAs[float32], "file holds \"<f8\""},
		{"int64_c.npy", openAs[uint64], "file holds \"<i8\""},
		{"int32_c.npy", openAs[float32], "file holds \"<i4\""},
		{"complex64_c.npy", openAs[float64], "file holds \"<c8\""},
	}
	for _, c := range cases {
		err := c.open(filepath.Join(fixtures, c.file))
		if !errors.Is(err, mmap.ErrDType) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want ErrDType saying %s", c.file, err, c.says)
		}
	}
}

func openAs[T nd.Number](path string) error {
	a, err := mmap.Open[T](path, mmap.ReadOnly)
	if err == nil {
		a.Close()
		return errors.New("opened")
	}
	if _, lerr := mmap.Load[T](path); lerr == nil || lerr.Error() == "" {
		return errors.New("Load accepted what Open refused")
	}
	return err
}
