package ops_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// The cases under testdata/ops were computed by NumPy (testdata/ops/gen.py
// documents the format); these tests never need NumPy itself.

// jnum is a JSON number, or "nan", "inf", "-inf".
type jnum float64

func (n *jnum) UnmarshalJSON(b []byte) error {
	if s, err := strconv.Unquote(string(b)); err == nil {
		f, err := strconv.ParseFloat(s, 64)
		*n = jnum(f)
		return err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = jnum(f)
	return err
}

type jarr struct {
	Shape []int
	Data  []jnum
}

func (j jarr) floats() []float64 {
	out := make([]float64, len(j.Data))
	for i, v := range j.Data {
		out[i] = float64(v)
	}
	return out
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("../../testdata/ops/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// layouts builds the array of the given shape and row-major data in three
// memory layouts: row-major, column-major and a strided view (every other
// element of a larger buffer, so no two axes merge).
func layouts[T nd.Real](t *testing.T, shape []int, data []float64) map[string]*nd.Array[T] {
	t.Helper()
	vals := make([]T, len(data))
	for i, v := range data {
		vals[i] = T(v)
	}
	rm, err := nd.FromSlice(vals, shape)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := nd.Zeros[T](shape, nd.WithLayout(nd.ColMajor))
	if err != nil {
		t.Fatal(err)
	}
	if err := nd.Copy(cm, rm); err != nil {
		t.Fatal(err)
	}
	strides := make([]int, len(shape))
	step := 2
	for i := len(shape) - 1; i >= 0; i-- {
		strides[i] = step
		step *= max(shape[i], 1) + 1
	}
	sv, err := nd.View(make([]T, step+1), 1, shape, strides)
	if err != nil {
		t.Fatal(err)
	}
	if err := nd.Copy(sv, rm); err != nil {
		t.Fatal(err)
	}
	return map[string]*nd.Array[T]{"rowmajor": rm, "colmajor": cm, "strided": sv}
}

// values lists an array's elements in row-major order as float64.
func values[T nd.Real](a *nd.Array[T]) []float64 {
	var out []float64
	for v := range a.Values() {
		out = append(out, float64(v))
	}
	return out
}

// close reports whether got matches want: NaN matches NaN, infinities
// match exactly, and finite values within rel·max(|want|, 1).
func close(got, want, rel float64) bool {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		return math.IsNaN(want) && math.IsNaN(got)
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		return got == want
	}
	return got == want || math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1)
}

func checkArray[T nd.Real](t *testing.T, what string, got *nd.Array[T], want jarr, rel float64) {
	t.Helper()
	if !slices.Equal(got.Shape(), want.Shape) && !(len(got.Shape()) == 0 && len(want.Shape) == 0) {
		t.Errorf("%s: shape %v, NumPy %v", what, got.Shape(), want.Shape)
		return
	}
	g, w := values(got), want.floats()
	for i := range w {
		if !close(g[i], w[i], rel) {
			t.Errorf("%s: element %d is %v, NumPy %v", what, i, g[i], w[i])
			return
		}
	}
}

type elemCase struct {
	Op, Dtype string
	In        []jarr
	Out       jarr
	Error     bool
	Lo, Hi    float64
}

// floatOps gives each case's operation on float64 arrays; comparisons
// return their mask converted to float64 for checking.
func floatOp(c elemCase) func(in []*nd.Array[float64]) (*nd.Array[float64], *nd.Array[uint8], error) {
	bin := map[string]func(a, b *nd.Array[float64], o ...nd.Option) (*nd.Array[float64], error){
		"add": ops.Add[float64], "sub": ops.Sub[float64], "mul": ops.Mul[float64], "div": ops.Div[float64],
		"maximum": ops.Maximum[float64], "minimum": ops.Minimum[float64], "pow": ops.Pow[float64],
	}
	cmp := map[string]func(a, b *nd.Array[float64], o ...nd.Option) (*nd.Array[uint8], error){
		"equal": ops.Equal[float64], "not_equal": ops.NotEqual[float64], "less": ops.Less[float64],
		"less_equal": ops.LessEqual[float64], "greater": ops.Greater[float64], "greater_equal": ops.GreaterEqual[float64],
	}
	un := map[string]func(a *nd.Array[float64], o ...nd.Option) (*nd.Array[float64], error){
		"neg": ops.Neg[float64], "abs": ops.Abs[float64], "sqrt": ops.Sqrt[float64], "exp": ops.Exp[float64], "log": ops.Log[float64],
	}
	switch {
	case bin[c.Op] != nil:
		return func(in []*nd.Array[float64]) (*nd.Array[float64], *nd.Array[uint8], error) {
			r, err := bin[c.Op](in[0], in[1])
			return r, nil, err
		}
	case cmp[c.Op] != nil:
		return func(in []*nd.Array[float64]) (*nd.Array[float64], *nd.Array[uint8], error) {
			r, err := cmp[c.Op](in[0], in[1])
			return nil, r, err
		}
	case un[c.Op] != nil:
		return func(in []*nd.Array[float64]) (*nd.Array[float64], *nd.Array[uint8], error) {
			r, err := un[c.Op](in[0])
			return r, nil, err
		}
	case c.Op == "clip":
		return func(in []*nd.Array[float64]) (*nd.Array[float64], *nd.Array[uint8], error) {
			r, err := ops.Clip(in[0], c.Lo, c.Hi)
			return r, nil, err
		}
	}
	return nil
}

func intOp(c elemCase) func(in []*nd.Array[int64]) (*nd.Array[int64], *nd.Array[uint8], error) {
	bin := map[string]func(a, b *nd.Array[int64], o ...nd.Option) (*nd.Array[int64], error){
		"add": ops.Add[int64], "sub": ops.Sub[int64], "mul": ops.Mul[int64],
		"maximum": ops.Maximum[int64], "minimum": ops.Minimum[int64],
	}
	switch c.Op {
	case "less", "equal":
		return func(in []*nd.Array[int64]) (*nd.Array[int64], *nd.Array[uint8], error) {
			f := ops.Less[int64]
			if c.Op == "equal" {
				f = ops.Equal[int64]
			}
			r, err := f(in[0], in[1])
			return nil, r, err
		}
	case "neg", "abs":
		return func(in []*nd.Array[int64]) (*nd.Array[int64], *nd.Array[uint8], error) {
			f := ops.Neg[int64]
			if c.Op == "abs" {
				f = ops.Abs[int64]
			}
			r, err := f(in[0])
			return r, nil, err
		}
	}
	if f := bin[c.Op]; f != nil {
		return func(in []*nd.Array[int64]) (*nd.Array[int64], *nd.Array[uint8], error) {
			r, err := f(in[0], in[1])
			return r, nil, err
		}
	}
	return nil
}

// runElem runs one case over every combination of input layouts.
func runElem[T nd.Real](t *testing.T, c elemCase, f func([]*nd.Array[T]) (*nd.Array[T], *nd.Array[uint8], error)) {
	t.Helper()
	if f == nil {
		t.Fatalf("no operation %q for %s", c.Op, c.Dtype)
	}
	rel := 0.0
	if c.Op == "pow" || c.Op == "exp" || c.Op == "log" {
		rel = 4e-16 // math.Pow/Exp/Log are within 1 ulp; NumPy's libm too
	}
	var lays [][]*nd.Array[T]
	var names []string
	for _, l := range []string{"rowmajor", "colmajor", "strided"} {
		var ins []*nd.Array[T]
		for _, in := range c.In {
			ins = append(ins, layouts[T](t, in.Shape, in.floats())[l])
		}
		lays, names = append(lays, ins), append(names, l)
	}
	// Mixed: first input strided, the rest row-major.
	if len(c.In) > 1 {
		mixed := slices.Clone(lays[0])
		mixed[0] = lays[2][0]
		lays, names = append(lays, mixed), append(names, "mixed")
	}
	for i, ins := range lays {
		what := fmt.Sprintf("%s %s %v (%s)", c.Dtype, c.Op, shapesOf(c.In), names[i])
		r, m, err := f(ins)
		if c.Error {
			if !errors.Is(err, nd.ErrShape) {
				t.Fatalf("%s: error %v, want one wrapping nd.ErrShape", what, err)
			}
			for _, in := range c.In {
				if !strings.Contains(err.Error(), fmt.Sprint(in.Shape)) {
					t.Errorf("%s: error %q does not name shape %v", what, err, in.Shape)
				}
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if m != nil {
			checkArray(t, what, m, c.Out, 0)
		} else {
			checkArray(t, what, r, c.Out, rel)
		}
	}
}

func shapesOf(in []jarr) [][]int {
	var s [][]int
	for _, a := range in {
		s = append(s, a.Shape)
	}
	return s
}

func TestElementwiseNumPy(t *testing.T) {
	var file struct {
		Binary, Unary, Where []elemCase
	}
	readJSON(t, "elementwise.json", &file)
	if len(file.Binary) < 100 || len(file.Unary) < 20 || len(file.Where) < 4 {
		t.Fatalf("too few cases: %d binary, %d unary, %d where", len(file.Binary), len(file.Unary), len(file.Where))
	}
	for _, c := range append(file.Binary, file.Unary...) {
		if c.Dtype == "int64" {
			runElem(t, c, intOp(c))
		} else {
			runElem(t, c, floatOp(c))
		}
	}
	for _, c := range file.Where {
		mask := layouts[uint8](t, c.In[0].Shape, c.In[0].floats())
		a := layouts[float64](t, c.In[1].Shape, c.In[1].floats())
		b := layouts[float64](t, c.In[2].Shape, c.In[2].floats())
		for _, l := range []string{"rowmajor", "colmajor", "strided"} {
			what := fmt.Sprintf("where %v (%s)", shapesOf(c.In), l)
			r, err := ops.Where(mask[l], a[l], b["strided"])
			if c.Error {
				if !errors.Is(err, nd.ErrShape) {
					t.Fatalf("%s: error %v, want nd.ErrShape", what, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			checkArray(t, what, r, c.Out, 0)
		}
	}
}

type reduceCase struct {
	Op, Dtype string
	Axis      *int
	KeepDims  bool
	Ddof      int
	In        int
	Out       jarr
	Error     bool
}

// reduceFloat runs a reduction case on a float64 array; the result is a
// 0-d array for whole-array reductions.
func reduceFloat(c reduceCase, a *nd.Array[float64]) (*nd.Array[float64], error) {
	if c.Axis == nil {
		var v float64
		var err error
		switch c.Op {
		case "sum":
			v, err = ops.Sum(a)
		case "prod":
			v, err = ops.Prod(a)
		case "mean":
			v, err = ops.Mean(a)
		case "var":
			v, err = ops.Var(a, c.Ddof)
		case "std":
			v, err = ops.Std(a, c.Ddof)
		case "min":
			v, err = ops.Min(a)
		case "max":
			v, err = ops.Max(a)
		case "argmin", "argmax":
			f := ops.ArgMin[float64]
			if c.Op == "argmax" {
				f = ops.ArgMax[float64]
			}
			i, err := f(a)
			return ops.Scalar(float64(i)), err
		}
		return ops.Scalar(v), err
	}
	ax := ops.Axis(*c.Axis)
	if c.KeepDims {
		ax = ax.KeepDims()
	}
	switch c.Op {
	case "sum":
		return ops.SumAxis(a, ax)
	case "prod":
		return ops.ProdAxis(a, ax)
	case "mean":
		return ops.MeanAxis(a, ax)
	case "var":
		return ops.VarAxis(a, ax, c.Ddof)
	case "std":
		return ops.StdAxis(a, ax, c.Ddof)
	case "min":
		return ops.MinAxis(a, ax)
	case "max":
		return ops.MaxAxis(a, ax)
	case "argmin", "argmax":
		f := ops.ArgMinAxis[float64]
		if c.Op == "argmax" {
			f = ops.ArgMaxAxis[float64]
		}
		r, err := f(a, ax)
		if err != nil {
			return nil, err
		}
		v := make([]float64, r.Size())
		for i, x := range slices.Collect(r.Values()) {
			v[i] = float64(x)
		}
		return nd.FromSlice(v, r.Shape())
	}
	panic("unknown reduction " + c.Op)
}

// reduceInt runs the integer cases (whole array or axis 0).
func reduceInt(c reduceCase, a *nd.Array[int64]) ([]float64, error) {
	if c.Axis == nil {
		var v int64
		var err error
		switch c.Op {
		case "sum":
			v, err = ops.Sum(a)
		case "prod":
			v, err = ops.Prod(a)
		case "min":
			v, err = ops.Min(a)
		case "max":
			v, err = ops.Max(a)
		case "argmin":
			var i int
			i, err = ops.ArgMin(a)
			v = int64(i)
		case "argmax":
			var i int
			i, err = ops.ArgMax(a)
			v = int64(i)
		}
		return []float64{float64(v)}, err
	}
	ax := ops.Axis(*c.Axis)
	switch c.Op {
	case "argmin", "argmax":
		f := ops.ArgMinAxis[int64]
		if c.Op == "argmax" {
			f = ops.ArgMaxAxis[int64]
		}
		r, err := f(a, ax)
		if err != nil {
			return nil, err
		}
		return values(r), nil
	}
	f := map[string]func(*nd.Array[int64], ops.AxisSpec, ...nd.Option) (*nd.Array[int64], error){
		"sum": ops.SumAxis[int64], "prod": ops.ProdAxis[int64], "min": ops.MinAxis[int64], "max": ops.MaxAxis[int64],
	}[c.Op]
	r, err := f(a, ax)
	if err != nil {
		return nil, err
	}
	return values(r), nil
}

func TestReduceNumPy(t *testing.T) {
	var file struct {
		Inputs []jarr
		Reduce []reduceCase
	}
	readJSON(t, "reduce.json", &file)
	if len(file.Reduce) < 500 {
		t.Fatalf("only %d reduction cases", len(file.Reduce))
	}
	for _, c := range file.Reduce {
		in := file.Inputs[c.In]
		axis := "all"
		if c.Axis != nil {
			axis = strconv.Itoa(*c.Axis)
		}
		if c.Dtype == "int64" {
			for l, a := range layouts[int64](t, in.Shape, in.floats()) {
				what := fmt.Sprintf("int64 %s %v axis %s (%s)", c.Op, in.Shape, axis, l)
				got, err := reduceInt(c, a)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if !slices.Equal(got, c.Out.floats()) {
					t.Errorf("%s: %v, NumPy %v", what, got, c.Out.floats())
				}
			}
			continue
		}
		for l, a := range layouts[float64](t, in.Shape, in.floats()) {
			what := fmt.Sprintf("%s ddof %d %v axis %s keepdims %v (%s)", c.Op, c.Ddof, in.Shape, axis, c.KeepDims, l)
			got, err := reduceFloat(c, a)
			if c.Error {
				if !errors.Is(err, nd.ErrShape) {
					t.Errorf("%s: error %v, want nd.ErrShape", what, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			// Sums are pairwise in both, but with other blocks: allow a
			// few ulps of the largest partial sum.
			want := c.Out
			if c.Axis == nil {
				want.Shape = nil // NumPy's keepdims shape; ours is a scalar
			}
			checkArray(t, what, got, want, 1e-13)
		}
	}
}
