package ops_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// reduceFixture is testdata/reduce_numpy.json (written by
// reduce_numpy.py): matrices, and NumPy's reductions of views of them.
type reduceFixture struct {
	NumPy    string
	Matrices []struct {
		Name, Dtype string
		Shape       []int
		Data        []string
	}
	Cases []struct {
		Matrix     int
		View, Func string
		Axis       int
		Want       []string
		Error      bool
	}
}

func parseFloats(t *testing.T, s []string) []float64 {
	t.Helper()
	out := make([]float64, len(s))
	for i, v := range s {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = f
	}
	return out
}

// TestAxisReductionsNumPy checks every axis reduction along axis 0 and 1 against
// NumPy 1.24 for float64 and float32, on dense, transposed and stepped
// views: min, max, argmin and argmax exactly (ties give the first index,
// the first NaN wins; the sign of a zero min or max down whole rows), sum and mean within the bound of their error
// (their join order differs from NumPy's past 128 rows), var and std
// within a relative tolerance (squares are added with fused
// multiply-adds), and the empty axes that NumPy refuses as errors
// wrapping nd.ErrShape.
func TestAxisReductionsNumPy(t *testing.T) {
	raw, err := os.ReadFile("testdata/reduce_numpy.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx reduceFixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) < 500 {
		t.Fatalf("%d cases, want the whole fixture", len(fx.Cases))
	}
	for _, c := range fx.Cases {
		m := fx.Matrices[c.Matrix]
		data := parseFloats(t, m.Data)
		want := parseFloats(t, c.Want)
		name := m.Name + "/" + m.Dtype + "/" + c.View + "/" + c.Func + "/axis" + strconv.Itoa(c.Axis)
		var got []float64
		var err error
		if m.Dtype == "float32" {
			got, err = reduceView(t, f32(data), m.Shape, c.View, c.Func, c.Axis)
		} else {
			got, err = reduceView(t, data, m.Shape, c.View, c.Func, c.Axis)
		}
		if c.Error {
			if !errors.Is(err, nd.ErrShape) {
				t.Errorf("%s: error %v, want one wrapping nd.ErrShape (NumPy raises)", name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d results, NumPy has %d", name, len(got), len(want))
			continue
		}
		eps := 0x1p-52
		if m.Dtype == "float32" {
			eps = 0x1p-23
		}
		scale := 0.0 // the largest finite magnitude in the matrix
		for _, v := range data {
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				scale = max(scale, math.Abs(v))
			}
		}
		// Down whole rows (axis 0 of the dense matrix, axis 1 of its
		// transpose) Min and Max join rows as NumPy's x86 loops do, so a
		// zero extreme has NumPy's sign too.
		signed := (c.Func == "min" || c.Func == "max") && (c.View == "dense" && c.Axis == 0 || c.View == "T" && c.Axis == 1)
		for i := range want {
			if !reduceClose(c.Func, got[i], want[i], eps, scale) || signed && math.Signbit(got[i]) != math.Signbit(want[i]) {
				t.Errorf("%s: [%d] = %v, NumPy %v", name, i, got[i], want[i])
				break
			}
		}
	}
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// reduceClose compares one result with NumPy's: exactly for the order
// reductions; within a relative tolerance of a few hundred ulp for the
// sums (rows of up to 260 elements, joined in another order past 128);
// for var (and std, squared) also within (4·ε·scale)², the error that
// means rounded differently (by up to a few ulp of the inputs' largest
// magnitude, scale) leave in a two-pass variance: large only where the
// mean is far from zero in float32.
func reduceClose(fn string, got, want, eps, scale float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return math.IsNaN(got) && math.IsNaN(want) || got == want
	}
	tol := 512 * eps * math.Abs(want)
	switch fn {
	case "min", "max", "argmin", "argmax":
		return got == want
	case "std":
		got, want = got*got, want*want
		tol = 512*eps*want + (4*eps*scale)*(4*eps*scale)
	case "var":
		tol += (4 * eps * scale) * (4 * eps * scale)
	}
	return math.Abs(got-want) <= tol
}

// reduceView reduces the view of data (shape) named view along axis with
// the reduction named fn and returns the results as float64.
func reduceView[T float32 | float64](t *testing.T, data []T, shape []int, view, fn string, axis int) ([]float64, error) {
	t.Helper()
	a, err := nd.FromSlice(data, shape)
	if err != nil {
		t.Fatal(err)
	}
	switch view {
	case "T":
		a = a.T()
	case "step":
		if a, err = a.SliceExpr("::2, ::3"); err != nil {
			t.Fatal(err)
		}
	}
	ax := ops.Axis(axis)
	var r *nd.Array[T]
	switch fn {
	case "sum":
		r, err = ops.SumAxis(a, ax)
	case "mean":
		r, err = ops.MeanAxis(a, ax)
	case "min":
		r, err = ops.MinAxis(a, ax)
	case "max":
		r, err = ops.MaxAxis(a, ax)
	case "var":
		r, err = ops.VarAxis(a, ax, 0)
	case "std":
		r, err = ops.StdAxis(a, ax, 0)
	case "argmin", "argmax":
		var idx *nd.Array[int]
		if fn == "argmin" {
			idx, err = ops.ArgMinAxis(a, ax)
		} else {
			idx, err = ops.ArgMaxAxis(a, ax)
		}
		if err != nil {
			return nil, err
		}
		var out []float64
		for _, v := range idx.Data() {
			out = append(out, float64(v))
		}
		return out, nil
	default:
		t.Fatalf("no reduction %q", fn)
	}
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, v := range r.Data() {
		out = append(out, float64(v))
	}
	return out, nil
}
