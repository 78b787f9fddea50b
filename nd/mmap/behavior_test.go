package mmap_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/ops"
)

func TestCreateAppendReopen(t *testing.T) {
	for _, fortran := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "grow.npy")
		var opts []mmap.Option
		shape, grown, rows := []int{2, 3}, []int{5, 3}, []int{3, 3}
		if fortran {
			opts = append(opts, mmap.FortranOrder())
			shape, grown, rows = []int{3, 2}, []int{3, 5}, []int{3, 3}
		}
		a, err := mmap.Create[int32](path, shape, opts...)
		if err != nil {
			t.Fatal(err)
		}
		before := a.Array
		n := int32(0)
		for idx := range before.All() {
			before.Set(n, idx...)
			n++
		}
		r, _ := nd.Zeros[int32](rows)
		for idx := range r.All() {
			r.Set(n, idx...)
			n++
		}
		if err := a.Append(r); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Shape(), grown) || before.Err() != nil || before.At(1, 1) != map[bool]int32{false: 4, true: 3}[fortran] {
			t.Fatalf("fortran %v: shape %v after Append; old view err %v", fortran, a.Shape(), before.Err())
		}
		if err := a.Append(r); err != nil { // a second time, with the header rewritten once already
			t.Fatal(err)
		}
		if err := a.Sync(); err != nil {
			t.Fatal(err)
		}
		for _, adv := range []mmap.Advice{mmap.Sequential, mmap.Random, mmap.WillNeed, mmap.DontNeed, mmap.Normal} {
			if err := a.Advise(adv); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err := a.Append(r); !errors.Is(err, mem.ErrReleased) {
			t.Fatalf("Append after Close: %v", err)
		}
		b, err := mmap.Load[int32](path)
		if err != nil {
			t.Fatal(err)
		}
		want := []int{8, 3}
		if fortran {
			want = []int{3, 8}
		}
		if !slices.Equal(b.Shape(), want) {
			t.Fatalf("reloaded shape %v, want %v", b.Shape(), want)
		}
		// Elements were numbered in row-major index order of the first
		// part, then of each appended part.
		first := b
		if fortran {
			first = b.T()
		}
		if first.At(0, 0) != 0 || first.At(2, 0) != map[bool]int32{false: 6, true: 6}[fortran] {
			t.Fatalf("fortran %v: reloaded %v", fortran, b)
		}
	}
}

// TestAppendRowsInAnyLayout appends rows dense in either layout and as a
// strided view, to a C-order and a Fortran-order file: each lands in the
// file's order.
func TestAppendRowsInAnyLayout(t *testing.T) {
	for _, fortran := range []bool{false, true} {
		var opts []mmap.Option
		axis, shape, rshape := 0, []int{0, 3}, []int{2, 3}
		if fortran {
			opts = append(opts, mmap.FortranOrder())
			axis, shape, rshape = 1, []int{3, 0}, []int{3, 2}
		}
		a, err := mmap.Create[int64](filepath.Join(t.TempDir(), "rows.npy"), shape, opts...)
		if err != nil {
			t.Fatal(err)
		}
		row, _ := nd.Zeros[int64](rshape)
		col, _ := nd.Zeros[int64](rshape, nd.WithLayout(nd.ColMajor))
		wide, _ := nd.Zeros[int64]([]int{2 * rshape[0], 2 * rshape[1]})
		strided, _ := wide.Slice(nd.Whole().By(2), nd.Whole().By(2))
		for k, r := range []*nd.Array[int64]{row, col, strided} {
			for idx := range r.All() {
				r.Set(int64(100*k+10*idx[0]+idx[1]+1), idx...)
			}
			if err := a.Append(r); err != nil {
				t.Fatal(err)
			}
			at := []nd.Range{nd.Whole(), nd.Whole()}
			at[axis] = nd.Span(k*rshape[axis], (k+1)*rshape[axis])
			part, err := a.Slice(at...)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := slices.Collect(part.Values()), slices.Collect(r.Values()); !slices.Equal(got, want) {
				t.Fatalf("fortran %v, part %d (%v): appended %v, want %v", fortran, k, r.Layout(), got, want)
			}
		}
		a.Close()
	}
}

func TestAppendErrors(t *testing.T) {
	dir := t.TempDir()
	a, err := mmap.Create[float64](filepath.Join(dir, "a.npy"), []int{2, 3}, mmap.Reserve(4096))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	bad, _ := nd.Zeros[float64]([]int{2, 4})
	if err := a.Append(bad); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Append of a wrong shape: %v", err)
	}
	big, _ := nd.Zeros[float64]([]int{1000, 3})
	if err := a.Append(big); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Errorf("Append past the reservation: %v", err)
	}
	if !slices.Equal(a.Shape(), []int{2, 3}) {
		t.Errorf("failed Appends changed the shape to %v", a.Shape())
	}
	s, _ := mmap.Create[float64](filepath.Join(dir, "s.npy"), nil)
	defer s.Close()
	if err := s.Append(bad); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Append to 0-d: %v", err)
	}
	ro, err := mmap.Open[float64](filepath.Join(dir, "a.npy"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ok, _ := nd.Zeros[float64]([]int{1, 3})
	if err := ro.Append(ok); !errors.Is(err, mmap.ErrReadOnly) {
		t.Errorf("Append to ReadOnly: %v", err)
	}
	if msg := panicOf(func() { ro.Set(1, 0, 0) }); !strings.Contains(msg, "read-only") {
		t.Errorf("Set on ReadOnly: %q", msg)
	}
}

func TestOpenBadSizesLeaveNothingMapped(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(fixtures, "float64_c.npy"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mapped := osmem.FileMapped()
	for name, data := range map[string][]byte{
		"one byte short": good[:len(good)-1],
		"one byte long":  append(append([]byte(nil), good...), 0),
		"no data":        good[:128],
		"bad magic":      append([]byte("\x93numpy"), good[7:]...),
		"empty file":     nil,
	} {
		path := filepath.Join(dir, "bad.npy")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []mmap.Mode{mmap.ReadOnly, mmap.ReadWrite} {
			if a, err := mmap.Open[float64](path, mode); !errors.Is(err, mmap.ErrFormat) {
				t.Errorf("%s (%v): %v", name, mode, err)
				if a != nil {
					a.Close()
				}
			}
		}
		if _, err := mmap.Load[float64](path); !errors.Is(err, mmap.ErrFormat) {
			t.Errorf("%s: Load: %v", name, err)
		}
	}
	if osmem.FileMapped() != mapped {
		t.Fatalf("failed Opens left %d bytes mapped", osmem.FileMapped()-mapped)
	}
	os.WriteFile(filepath.Join(dir, "bad.npy"), nil, 0o644)
	_, err = mmap.Open[float64](filepath.Join(dir, "bad.npy"), mmap.ReadOnly)
	if !strings.Contains(err.Error(), "0 bytes") {
		t.Errorf("the error for an empty file does not say what was found: %v", err)
	}
	short := filepath.Join(dir, "short.npy")
	os.WriteFile(short, good[:len(good)-1], 0o644)
	_, err = mmap.Open[float64](short, mmap.ReadOnly)
	if !strings.Contains(err.Error(), "needs 96 data bytes") || !strings.Contains(err.Error(), "the file has 223") {
		t.Errorf("one byte short: %v", err)
	}
	if _, err := mmap.Create[float64](filepath.Join(dir, "neg.npy"), []int{2, -1}); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Create with a negative dimension: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "neg.npy")); !os.IsNotExist(err) {
		t.Error("a failed Create left its file")
	}
	if _, err := mmap.Create[float64](filepath.Join(dir, "no", "such", "dir.npy"), []int{2}); err == nil {
		t.Error("Create in a missing directory")
	}
}

func TestStreamsAndStridedViews(t *testing.T) {
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	m, _ := nd.Arange[float64](0, 24, 1)
	m, _ = m.Reshape(4, 6)
	strided, err := m.Slice(nd.Span(0, 4).By(2), nd.Span(1, 6).By(2)) // 2x3, strided
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := mmap.Write(&buf, strided); err != nil {
		t.Fatal(err)
	}
	v, _ := nd.Arange[int16](0, 5, 1)
	if err := mmap.Write(&buf, v); err != nil { // a second array in the same stream, as np.save to one file twice
		t.Fatal(err)
	}
	a, err := mmap.Read[float64](&buf, nd.With(arena))
	if err != nil {
		t.Fatal(err)
	}
	if a.Allocator() != arena || !slices.Equal(a.Shape(), []int{2, 3}) || a.At(1, 2) != 17 || a.At(0, 0) != 1 {
		t.Fatalf("strided view read back as %v", a)
	}
	b, err := mmap.Read[int16](&buf)
	if err != nil || b.At(4) != 4 || buf.Len() != 0 {
		t.Fatalf("second array: %v %v, %d bytes left", b, err, buf.Len())
	}
	if _, err := mmap.Read[float64](bytes.NewReader(nil)); !errors.Is(err, mmap.ErrFormat) {
		t.Fatalf("empty stream: %v", err)
	}
	// A file cut inside the data: the error says so and nothing stays allocated.
	var w bytes.Buffer
	mmap.Write(&w, m)
	before := arena.Allocated()
	if _, err := mmap.Read[float64](bytes.NewReader(w.Bytes()[:w.Len()-3]), nd.With(arena)); !errors.Is(err, mmap.ErrFormat) || !strings.Contains(err.Error(), "ends after 189") {
		t.Fatalf("truncated data: %v", err)
	}
	if arena.Allocated() != before {
		t.Fatal("a failed Read left its array allocated")
	}
	path := filepath.Join(t.TempDir(), "s.npy")
	if err := mmap.Save(path, strided.T()); err != nil {
		t.Fatal(err)
	}
	c, err := mmap.Load[float64](path)
	if err != nil || !slices.Equal(c.Shape(), []int{3, 2}) || c.At(2, 1) != 17 {
		t.Fatalf("Save/Load of a transposed view: %v %v", c, err)
	}
	if err := mmap.Save(filepath.Join(t.TempDir(), "x", "y.npy"), m); err == nil {
		t.Fatal("Save into a missing directory")
	}
}

func TestNPZ(t *testing.T) {
	dir := t.TempDir()
	x, _ := nd.Arange[float64](0, 12, 1)
	x, _ = x.Reshape(3, 4)
	y, _ := nd.Arange[int32](0, 5, 1)
	z, _ := nd.Zeros[complex64]([]int{3, 4}, nd.WithLayout(nd.ColMajor))
	z.Set(1+2i, 2, 3)
	for _, compressed := range []bool{false, true} {
		path := filepath.Join(dir, "a.npz")
		if err := mmap.SaveNPZ(path, compressed, mmap.Entry("x", x), mmap.Entry("y", y), mmap.Entry("z", z)); err != nil {
			t.Fatal(err)
		}
		f, err := mmap.OpenNPZ(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.Names(), ","); got != "x,y,z" {
			t.Fatalf("names %q", got)
		}
		lx, err := mmap.LoadNPZ[float64](f, "x")
		if err != nil || lx.At(2, 3) != 11 {
			t.Fatalf("LoadNPZ x: %v %v", lx, err)
		}
		lz, err := mmap.LoadNPZ[complex64](f, "z")
		if err != nil || lz.At(2, 3) != 1+2i || lz.Layout() != nd.ColMajor {
			t.Fatalf("LoadNPZ z: %v %v", lz, err)
		}
		if _, err := mmap.LoadNPZ[float32](f, "y"); !errors.Is(err, mmap.ErrDType) {
			t.Fatalf("LoadNPZ y as float32: %v", err)
		}
		if _, err := mmap.LoadNPZ[float64](f, "w"); err == nil || !strings.Contains(err.Error(), "no member") {
			t.Fatalf("LoadNPZ of a missing member: %v", err)
		}
		mx, err := mmap.MapNPZ[float64](f, "x")
		if compressed {
			if err == nil || !strings.Contains(err.Error(), "compressed") {
				t.Fatalf("MapNPZ of a compressed member: %v", err)
			}
		} else {
			if err != nil || mx.At(1, 2) != 6 || mx.Addr()%64 != 0 {
				t.Fatalf("MapNPZ x: %v %v", mx, err)
			}
			if msg := panicOf(func() { mx.Set(0, 0, 0) }); !strings.Contains(msg, "read-only") {
				t.Fatalf("Set on a mapped member: %q", msg)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if !compressed {
			if err := mx.Err(); !errors.Is(err, mem.ErrReleased) {
				t.Fatalf("mapped member after Close: %v", err)
			}
		}
		if lx.Err() != nil || lx.At(2, 3) != 11 {
			t.Fatal("a loaded member did not survive Close")
		}
		if _, err := mmap.LoadNPZ[float64](f, "x"); !errors.Is(err, mem.ErrReleased) {
			t.Fatalf("LoadNPZ after Close: %v", err)
		}
	}
	if err := mmap.SaveNPZ(filepath.Join(dir, "dup.npz"), false, mmap.Entry("x", x), mmap.Entry("x", y)); err == nil {
		t.Fatal("duplicate member names accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "dup.npz")); !os.IsNotExist(err) {
		t.Fatal("a failed SaveNPZ left its file")
	}
	if _, err := mmap.OpenNPZ(filepath.Join(fixtures, "float64_c.npy")); !errors.Is(err, mmap.ErrFormat) {
		t.Fatalf("OpenNPZ of a .npy: %v", err)
	}
}

func TestNumPyNPZFixtures(t *testing.T) {
	for _, name := range []string{"stored.npz", "compressed.npz"} {
		f, err := mmap.OpenNPZ(filepath.Join(fixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		x, err := mmap.LoadNPZ[float64](f, "x")
		if err != nil {
			t.Fatal(err)
		}
		checkValues(t, name+"[x]", x)
		y, err := mmap.LoadNPZ[int32](f, "y")
		if err != nil {
			t.Fatal(err)
		}
		checkValues(t, name+"[y]", y)
		if name == "stored.npz" {
			z, err := mmap.LoadNPZ[complex64](f, "z")
			if err != nil || z.Layout() != nd.ColMajor {
				t.Fatal(err)
			}
			checkValues(t, name+"[z]", z)
			// NumPy does not align members; mapping works where the
			// offset allows and says why where it does not.
			for _, m := range []string{"x", "y", "z"} {
				var err error
				switch m {
				case "x":
					_, err = mmap.MapNPZ[float64](f, m)
				case "y":
					_, err = mmap.MapNPZ[int32](f, m)
				case "z":
					_, err = mmap.MapNPZ[complex64](f, m)
				}
				if err != nil && !strings.Contains(err.Error(), "not a multiple of") {
					t.Errorf("MapNPZ %s: %v", m, err)
				}
			}
		}
		f.Close()
	}
}

// TestReadOnlyNeverFaultsNorWrites: an op asked to write into an array over
// a ReadOnly file refuses with the file's read-only error, and the file is
// unchanged (writes through the unchecked Storage would go to a private
// copy-on-write page, never to the file).
func TestReadOnlyNeverFaultsNorWrites(t *testing.T) {
	path := filepath.Join(fixtures, "float64_c.npy")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	ones, _ := nd.Ones[float64]([]int{3, 4})
	if err := ops.AddInto(ro.Array, ro.Array, ones); !errors.Is(err, mmap.ErrReadOnly) {
		t.Errorf("AddInto into a read-only array: %v, want ErrReadOnly", err)
	}
	sq, _ := nd.Ones[float64]([]int{4, 4})
	if err := linalg.MatMulInto(ro.Array, ones, sq); !errors.Is(err, mmap.ErrReadOnly) {
		t.Errorf("MatMulInto into a read-only array: %v, want ErrReadOnly", err)
	}
	ro.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("a write into a ReadOnly mapping reached the file")
	}
}
