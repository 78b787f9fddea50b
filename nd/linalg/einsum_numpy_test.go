package linalg_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
)

// broadcastCase is a case of testdata/einsum_norm.json: an Einsum with
// "..." or size-1 broadcasting, or a MatrixNorm over two axes.
type broadcastCase struct {
	Fn, Name, Subscripts, Err string
	A                         *jinput
	Operands                  []jinput
	Ord                       json.RawMessage
	Axes                      []int
	Want                      *joutput
}

func broadcastCases(t *testing.T, fn string) []broadcastCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/einsum_norm.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Numpy string
		Cases []broadcastCase
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	var out []broadcastCase
	for _, c := range file.Cases {
		if c.Fn == fn {
			out = append(out, c)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d %s cases in testdata/einsum_norm.json", len(out), fn)
	}
	t.Logf("NumPy %s: %d %s cases", file.Numpy, len(out), fn)
	return out
}

func dtypeOf(c broadcastCase) string {
	if c.A != nil {
		return c.A.Dtype
	}
	return c.Operands[0].Dtype
}

// TestNumPyEinsumBroadcast compares Einsum and EinsumInto with NumPy's
// einsum for subscripts with "..." (broadcast leading axes, implicit and
// explicit outputs, summed and kept) and for letters of length 1 that
// broadcast against longer ones, on contiguous, transposed and strided
// operands, within 1e-11 (float64) or 1e-4 (float32) of the result's
// largest element, and checks that NumPy's refusals are errors wrapping
// nd.ErrShape that quote the subscripts.
func TestNumPyEinsumBroadcast(t *testing.T) {
	for i, c := range broadcastCases(t, "einsum") {
		t.Run(fmt.Sprintf("%d-%s-%s", i, c.Name, dtypeOf(c)), func(t *testing.T) {
			if dtypeOf(c) == "float32" {
				einsumCase[float32](t, c, 1e-4)
			} else {
				einsumCase[float64](t, c, 1e-11)
			}
		})
	}
}

func einsumCase[T linalg.Float](t *testing.T, c broadcastCase, tol float64) {
	ops := make([]*nd.Array[T], len(c.Operands))
	for i := range c.Operands {
		ops[i] = input[T](t, &c.Operands[i])
	}
	kept := append([]*nd.Array[T](nil), ops...)
	got, err := linalg.Einsum(c.Subscripts, ops)
	if c.Err != "" {
		wantErr(t, err, c.Err)
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", c.Subscripts)) {
			t.Fatalf("the error does not quote the subscripts: %v", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	for i := range ops {
		if ops[i] != kept[i] {
			t.Fatalf("Einsum replaced operand %d in the caller's slice", i)
		}
	}
	compare(t, "Einsum", got, c.Want, tol)
	dst, err := nd.Full(c.Want.Shape, T(7))
	if err != nil {
		t.Fatal(err)
	}
	if err := linalg.EinsumInto(dst, c.Subscripts, ops...); err != nil {
		t.Fatal(err)
	}
	compare(t, "EinsumInto", dst, c.Want, tol)
}

// TestNumPyMatrixNorm compares MatrixNorm and MatrixNormInto with NumPy's
// norm(x, ord, axis=(i, j)) for every matrix order over stacks of
// matrices (axes in either order, negative, not adjacent), 2-D inputs (a
// 0-d result), transposed and strided views, empty stacks and empty
// matrices, within 1e-12 (float64) or 1e-5 (float32) of the result's
// largest element, and NumPy's refusals as ErrOrder or nd.ErrShape.
func TestNumPyMatrixNorm(t *testing.T) {
	for i, c := range broadcastCases(t, "matrixnorm") {
		t.Run(fmt.Sprintf("%d-%s-%s", i, c.Name, dtypeOf(c)), func(t *testing.T) {
			if dtypeOf(c) == "float32" {
				matrixNormCase[float32](t, c, 1e-5)
			} else {
				matrixNormCase[float64](t, c, 1e-12)
			}
		})
	}
}

func matrixNormCase[T linalg.Float](t *testing.T, c broadcastCase, tol float64) {
	a := input[T](t, c.A)
	o, _ := ord(t, c.Ord)
	got, err := linalg.MatrixNorm(a, o, c.Axes[0], c.Axes[1])
	if c.Err != "" {
		wantErr(t, err, c.Err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "MatrixNorm", got, c.Want, tol)
	dst, err := nd.Full(c.Want.Shape, T(7))
	if err != nil {
		t.Fatal(err)
	}
	if err := linalg.MatrixNormInto(dst, a, o, c.Axes[0], c.Axes[1]); err != nil {
		t.Fatal(err)
	}
	compare(t, "MatrixNormInto", dst, c.Want, tol)
}

// TestBroadcastUnderFaults fails each allocation of MatrixNorm and of a
// broadcasting Einsum in turn: each returns the error and leaves nothing
// allocated; MatrixNormInto and EinsumInto with a read-only dst refuse it
// and write nothing, and with a dst that overlaps the input give the
// result of a disjoint one.
func TestBroadcastUnderFaults(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	x := must(nd.Random[float64]([]int{3, 4, 2}, 1))
	y := must(nd.Random[float64]([]int{1, 2, 5}, 2))
	cases := map[string]func(o []nd.Option) error{
		"MatrixNorm": func(o []nd.Option) error { return result(linalg.MatrixNorm(x, linalg.Nuc, 2, 0, o...)) },
		"EinsumEllipsis": func(o []nd.Option) error {
			return result(linalg.Einsum("...ij,...jk->...ik", []*nd.Array[float64]{x, y}, o...))
		},
	}
	for name, c := range cases {
		n, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n == 0 {
			t.Fatalf("%s: no allocation from the options' allocator", name)
		}
	}

	ro := roAllocator{mem.NewSystem()}
	dst := must(nd.Empty[float64]([]int{4}, nd.With(ro)))
	data, off, _ := dst.Storage()
	clear(data[off : off+4])
	if err := linalg.MatrixNormInto(dst, x, linalg.Fro, 0, 2); !errors.Is(err, errRO) {
		t.Errorf("MatrixNormInto to a read-only dst: %v", err)
	}
	prod := must(nd.Empty[float64]([]int{3, 4, 5}, nd.With(ro)))
	if err := linalg.EinsumInto(prod, "...ij,...jk->...ik", x, y); !errors.Is(err, errRO) {
		t.Errorf("EinsumInto to a read-only dst: %v", err)
	}
	for v := range dst.Values() {
		if v != 0 {
			t.Fatal("a refused MatrixNormInto wrote dst")
		}
	}

	// dst overlapping a: the norms of each row pair of a 2x2 stack
	// written over a's first column.
	sq := must(nd.FromSlice([]float64{3, 4, 0, 0, 1, 1, 1, 1}, []int{2, 2, 2}))
	want := must(linalg.MatrixNorm(sq, linalg.P(1), 1, 2))
	col := must(sq.SliceExpr(":, 0, 0"))
	if err := linalg.MatrixNormInto(col, sq, linalg.P(1), 1, 2); err != nil {
		t.Fatal(err)
	}
	if col.At(0) != want.At(0) || col.At(1) != want.At(1) {
		t.Errorf("MatrixNormInto over its input: %v, want %v", col, want)
	}
}
