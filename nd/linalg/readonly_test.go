package linalg

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

var errFrozen = errors.New("read-only for the test")

// frozen is a heap allocator that declares its memory read-only.
type frozen struct{ mem.Allocator }

func (frozen) ReadOnly() error { return errFrozen }

// TestWritersRefuseReadOnly: every linalg function that writes an array,
// or hands out a writable gonum view of one, refuses read-only memory with
// an error wrapping nd.ErrReadOnly (Dense used to give gonum a writable
// view of a file mapped ReadOnly); functions that only read it work.
func TestWritersRefuseReadOnly(t *testing.T) {
	sys := mem.NewSystem()
	ro := frozen{sys}
	a := must[*nd.Array[float64]](t)(nd.Empty[float64]([]int{2, 2}, nd.With(ro)))
	data, off, _ := a.Storage()
	copy(data[off:off+4], []float64{4, 1, 1, 3})
	a32 := must[*nd.Array[float32]](t)(nd.Empty[float32]([]int{2, 2}, nd.With(ro)))
	x := must[*nd.Array[float64]](t)(nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2}))
	for name, f := range map[string]func() error{
		"Dense":      func() error { _, err := Dense(a); return err },
		"General64":  func() error { _, err := General64(a); return err },
		"General32":  func() error { _, err := General32(a32); return err },
		"MatMulInto": func() error { return MatMulInto(a, x, x) },
		"Gemm":       func() error { return Gemm(1, x, x, 1, a) },
		"MatMul":     func() error { _, err := MatMul(x, x, nd.With(ro)); return err },
		"Inv":        func() error { _, err := Inv(x, nd.With(ro)); return err },
		"Solve":      func() error { _, err := Solve(x, x, nd.With(ro)); return err },
		"CopyMatrix": func() error { _, err := CopyMatrix(mat.NewDense(2, 2, nil), nd.With(ro)); return err },
	} {
		if err := f(); !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, errFrozen) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !slices.Equal(a.Data(), []float64{4, 1, 1, 3}) {
		t.Fatalf("refused writers wrote %v", a.Data())
	}
	// Reading a read-only matrix needs no copy and no write.
	inv := must[*nd.Array[float64]](t)(Inv(a))
	if got := inv.At(0, 0); got < 0.2727 || got > 0.2728 {
		t.Fatalf("Inv of a read-only matrix: %v", inv)
	}
	if _, err := MatMul(a, x); err != nil {
		t.Fatalf("MatMul reading a read-only matrix: %v", err)
	}

	path := filepath.Join(t.TempDir(), "m.npy")
	w := must[*mmap.Array[float64]](t)(mmap.Create[float64](path, []int{2, 2}))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r := must[*mmap.Array[float64]](t)(mmap.Open[float64](path, mmap.ReadOnly))
	defer r.Close()
	if _, err := Dense(r.Array); !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, mmap.ErrReadOnly) {
		t.Fatalf("Dense of a ReadOnly mapping: %v", err)
	}
}
