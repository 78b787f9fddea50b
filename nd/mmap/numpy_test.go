package mmap_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
)

// findNumPy returns a python that can import numpy: Debian's
// /usr/bin/python3 with python3-numpy first (a pyenv python3 on PATH may
// lack it), then python3 on PATH.
func findNumPy(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(py); err == nil {
			if exec.Command(path, "-c", "import numpy").Run() == nil {
				return path
			}
		}
	}
	t.Skip("no python with numpy (tried /usr/bin/python3 and python3 on PATH; install python3-numpy): the NumPy round trip is not run")
	return ""
}

// numpyCheck is run by NumPy on the files Go wrote, then writes files for
// Go to read. Values follow testdata/npy/gen.py.
const numpyCheck = `
import sys, os
import numpy as np
from numpy.lib import format
d = sys.argv[1]
TYPES = sys.argv[2].split(",")

def values(name, shape):
    i = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    dt = np.dtype(name)
    if dt.kind == "i": return (i - 5).astype(dt)
    if dt.kind == "u": return i.astype(dt)
    if dt.kind == "f": return (i * 0.5 - 2).astype(dt)
    return (i * 0.5 - 1j * i).astype(dt)

def same(path, want, fortran=None):
    for mode in (None, "r"):
        got = np.load(path, mmap_mode=mode)
        assert got.dtype == want.dtype, (path, got.dtype, want.dtype)
        assert got.shape == want.shape, (path, got.shape, want.shape)
        assert np.array_equal(got, want), (path, got, want)
        if fortran is not None and got.ndim > 1:
            assert got.flags.f_contiguous == fortran, (path, got.flags)

for name in TYPES:
    same(f"{d}/go_{name}_c.npy", values(name, (2, 5)), False)
    same(f"{d}/go_{name}_f.npy", values(name, (2, 5)), True)
    a = values(name, (2, 5))
    np.save(f"{d}/py_{name}_c.npy", a)
    np.save(f"{d}/py_{name}_f.npy", np.asfortranarray(a))
same(f"{d}/go_0d.npy", np.array(-2.0))
same(f"{d}/go_empty.npy", np.zeros((0, 3), dtype=np.int32))
same(f"{d}/go_appended.npy", values("float64", (7, 3)), False)
same(f"{d}/go_appended_f.npy", np.asfortranarray(values("float64", (3, 7))), True)
for name in ("stored", "compressed"):
    with np.load(f"{d}/go_{name}.npz") as z:
        assert sorted(z.files) == ["x", "y"], z.files
        assert np.array_equal(z["x"], values("float64", (2, 5)))
        assert np.array_equal(z["y"], values("int16", (4,)))
np.save(f"{d}/py_0d.npy", np.array(-2.0))
np.save(f"{d}/py_empty.npy", np.zeros((0, 3), dtype=np.int32))
with open(f"{d}/py_v2.npy", "wb") as f:
    format.write_array(f, values("float64", (2, 5)), version=(2, 0))
np.savez(f"{d}/py_stored.npz", x=values("float64", (2, 5)), y=values("int16", (4,)))
np.savez_compressed(f"{d}/py_compressed.npz", x=values("float64", (2, 5)), y=values("int16", (4,)))
print("numpy", np.__version__, "ok")
`

// TestNumPyRoundTrip writes every element type in both orders, 0-d and
// empty arrays, appended files and .npz archives here, has NumPy itself
// check them (np.load with and without mmap_mode) and write its own, and
// reads those back here.
func TestNumPyRoundTrip(t *testing.T) {
	py := findNumPy(t)
	dir := t.TempDir()
	var types []string
	add := func(name string, write func(dir string) error, read func(dir string) error) {
		if err := write(dir); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		types = append(types, name)
		t.Cleanup(func() {
			if !t.Failed() {
				if err := read(dir); err != nil {
					t.Errorf("%s written by NumPy: %v", name, err)
				}
			}
		})
	}
	add("int8", writeGo[int8], readPy[int8])
	add("int16", writeGo[int16], readPy[int16])
	add("int32", writeGo[int32], readPy[int32])
	add("int64", writeGo[int64], readPy[int64])
	add("uint8", writeGo[uint8], readPy[uint8])
	add("uint16", writeGo[uint16], readPy[uint16])
	add("uint32", writeGo[uint32], readPy[uint32])
	add("uint64", writeGo[uint64], readPy[uint64])
	add("float32", writeGo[float32], readPy[float32])
	add("float64", writeGo[float64], readPy[float64])
	add("complex64", writeGo[complex64], readPy[complex64])
	add("complex128", writeGo[complex128], readPy[complex128])

	s, _ := nd.Full[float64](nil, -2)
	e, _ := nd.Zeros[int32]([]int{0, 3})
	must(t, mmap.Save(filepath.Join(dir, "go_0d.npy"), s))
	must(t, mmap.Save(filepath.Join(dir, "go_empty.npy"), e))
	for _, fortran := range []bool{false, true} {
		name, shape, rows := "go_appended.npy", []int{2, 3}, []int{5, 3}
		var opts []mmap.Option
		if fortran {
			name, shape, rows = "go_appended_f.npy", []int{3, 2}, []int{3, 5}
			opts = append(opts, mmap.FortranOrder())
		}
		all, _ := nd.Empty[float64]([]int{7, 3})
		if fortran {
			all, _ = nd.Empty[float64]([]int{3, 7}, nd.WithLayout(nd.ColMajor))
		}
		fill(all)
		head, tail := all, all
		if fortran {
			head, _ = all.Slice(nd.Whole(), nd.To(2))
			tail, _ = all.Slice(nd.Whole(), nd.From(2))
		} else {
			head, _ = all.Slice(nd.To(2))
			tail, _ = all.Slice(nd.From(2))
		}
		a, err := mmap.Create[float64](filepath.Join(dir, name), shape, opts...)
		must(t, err)
		for idx, v := range head.All() {
			a.Set(v, idx...)
		}
		if !slices.Equal(tail.Shape(), rows) {
			t.Fatalf("tail %v", tail.Shape())
		}
		must(t, a.Append(tail))
		must(t, a.Close())
	}
	x, _ := nd.Empty[float64]([]int{2, 5})
	fill(x)
	y, _ := nd.Empty[int16]([]int{4})
	fill(y)
	must(t, mmap.SaveNPZ(filepath.Join(dir, "go_stored.npz"), false, mmap.Entry("x", x), mmap.Entry("y", y)))
	must(t, mmap.SaveNPZ(filepath.Join(dir, "go_compressed.npz"), true, mmap.Entry("x", x), mmap.Entry("y", y)))

	out, err := exec.Command(py, "-c", numpyCheck, dir, strings.Join(types, ",")).CombinedOutput()
	if err != nil {
		t.Fatalf("NumPy refused what Go wrote: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))

	z, err := mmap.Load[float64](filepath.Join(dir, "py_0d.npy"))
	if err != nil || z.NDim() != 0 || z.At() != -2 {
		t.Fatalf("NumPy's 0-d: %v %v", z, err)
	}
	em, err := mmap.Open[int32](filepath.Join(dir, "py_empty.npy"), mmap.ReadOnly)
	if err != nil || !slices.Equal(em.Shape(), []int{0, 3}) {
		t.Fatalf("NumPy's empty: %v", err)
	}
	em.Close()
	v2, err := mmap.Open[float64](filepath.Join(dir, "py_v2.npy"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	checkValues(t, "NumPy's version 2.0", v2.Array)
	v2.Close()
	for _, name := range []string{"py_stored.npz", "py_compressed.npz"} {
		f, err := mmap.OpenNPZ(filepath.Join(dir, name))
		must(t, err)
		px, err := mmap.LoadNPZ[float64](f, "x")
		must(t, err)
		checkValues(t, name, px)
		py, err := mmap.LoadNPZ[int16](f, "y")
		must(t, err)
		checkValues(t, name, py)
		f.Close()
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// writeGo writes go_<type>_c.npy and go_<type>_f.npy, shape (2, 5).
func writeGo[T nd.Number](dir string) error {
	name := typeName[T]()
	c, err := mmap.Create[T](filepath.Join(dir, "go_"+name+"_c.npy"), []int{2, 5})
	if err != nil {
		return err
	}
	fill(c.Array)
	c.Close()
	f, _ := nd.Empty[T]([]int{2, 5}, nd.WithLayout(nd.ColMajor))
	fill(f)
	return mmap.Save(filepath.Join(dir, "go_"+name+"_f.npy"), f)
}

// readPy checks py_<type>_c.npy and py_<type>_f.npy, mapped and loaded.
func readPy[T nd.Number](dir string) error {
	name := typeName[T]()
	for _, order := range []string{"c", "f"} {
		path := filepath.Join(dir, "py_"+name+"_"+order+".npy")
		a, err := mmap.Open[T](path, mmap.ReadWrite)
		if err != nil {
			return err
		}
		if (order == "f") != (a.Layout() == nd.ColMajor) {
			return fmt.Errorf("%s: layout %v", path, a.Layout())
		}
		i := 0
		for _, v := range a.All() {
			if v != want[T](i) {
				return fmt.Errorf("%s: element %d = %v, want %v", path, i, v, want[T](i))
			}
			i++
		}
		a.Close()
	}
	return nil
}

func typeName[T nd.Number]() string { return fmt.Sprintf("%T", *new(T)) }
