package nd_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd"
)

// The cases in testdata/numpy/nd_surface.json are written by
// nd_surface.py with NumPy: inputs, arguments and NumPy's results (or the
// kind of error numgo must return).

type npArray struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  []any  `json:"data"`
}

type npInput struct {
	A    npArray `json:"a"`
	View string  `json:"view"`
}

type npCase struct {
	Fn       string         `json:"fn"`
	Args     map[string]any `json:"args"`
	A        *npArray       `json:"a"`
	View     string         `json:"view"`
	Arrays   []npInput      `json:"arrays"`
	Want     *npArray       `json:"want"`
	WantList []npArray      `json:"want_list"`
	Error    string         `json:"error"`
	Shares   *bool          `json:"shares"`
	Note     string         `json:"note"`
}

func npLoadSurface(t *testing.T) []npCase {
	t.Helper()
	raw, err := os.ReadFile("../testdata/numpy/nd_surface.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var file struct {
		NumPy string   `json:"numpy"`
		Cases []npCase `json:"cases"`
	}
	if err := dec.Decode(&file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 1000 {
		t.Fatalf("%d cases; the generator writes over 1000", len(file.Cases))
	}
	return file.Cases
}

// parseFloat reads a JSON number or one of the strings nan, inf, -inf, -0.
func npFloat(t *testing.T, v any) float64 {
	t.Helper()
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		t.Fatalf("%v (%T) is not a number", v, v)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// values decodes data into elements of T.
func npDecode[T nd.Number](t *testing.T, data []any) []T {
	t.Helper()
	out := make([]T, len(data))
	for i, x := range data {
		rv := reflect.ValueOf(&out[i]).Elem()
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n, err := strconv.ParseInt(x.(json.Number).String(), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			rv.SetInt(n)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			n, err := strconv.ParseUint(x.(json.Number).String(), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			rv.SetUint(n)
		case reflect.Float32, reflect.Float64:
			rv.SetFloat(npFloat(t, x))
		default:
			parts := x.([]any)
			rv.SetComplex(complex(npFloat(t, parts[0]), npFloat(t, parts[1])))
		}
	}
	return out
}

// npBuild makes the input array of kind T and applies view to it: "T"
// transposes, "s:EXPR" slices, "b:SHAPE" broadcasts.
func npBuild[T nd.Number](t *testing.T, a npArray, view string) *nd.Array[T] {
	t.Helper()
	x, err := nd.FromSlice(npDecode[T](t, a.Data), a.Shape)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(view, "b:"):
		var shape []int
		for _, d := range strings.Split(view[2:], ",") {
			n, err := strconv.Atoi(d)
			if err != nil {
				t.Fatal(err)
			}
			shape = append(shape, n)
		}
		v, err := nd.BroadcastTo(x, shape...)
		if err != nil {
			t.Fatal(err)
		}
		return v
	case view == "T":
		return x.T()
	case strings.HasPrefix(view, "s:"):
		v, err := x.SliceExpr(view[2:])
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return x
}

// sameValue compares exactly: NaN equals NaN, and -0 differs from 0.
func npSame[T nd.Number](a, b T) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// check compares got with NumPy's want: shape, and each element exactly
// (or within ulps units in the last place for floats, when ulps > 0).
func npCheck[T nd.Number](t *testing.T, what string, got *nd.Array[T], want npArray, ulps int) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil result", what)
	}
	if !npShapeEq(got.Shape(), want.Shape) {
		t.Fatalf("%s: shape %v, NumPy %v", what, got.Shape(), want.Shape)
	}
	w := npDecode[T](t, want.Data)
	i := 0
	for v := range got.Values() {
		if !npSame(v, w[i]) && !npWithinULPs(v, w[i], ulps) {
			t.Fatalf("%s: element %d (C order) is %v, NumPy %v\ngot  %v", what, i, v, w[i], got)
		}
		i++
	}
}

func npShapeEq(a, b []int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// withinULPs reports whether two floats are at most n units in the last
// place of T apart.
func npWithinULPs[T nd.Number](a, b T, n int) bool {
	if n == 0 {
		return false
	}
	x, y := reflect.ValueOf(a), reflect.ValueOf(b)
	if !x.CanFloat() {
		return false
	}
	if x.Kind() == reflect.Float32 {
		d := int64(math.Float32bits(float32(x.Float()))) - int64(math.Float32bits(float32(y.Float())))
		return max(d, -d) <= int64(n)
	}
	d := int64(math.Float64bits(x.Float())) - int64(math.Float64bits(y.Float()))
	return max(d, -d) <= int64(n)
}

// sharesMemory reports whether two arrays see one buffer.
func npShares[T nd.Number](a, b *nd.Array[T]) bool {
	x, _, _ := a.Storage()
	y, _, _ := b.Storage()
	return unsafe.SliceData(x) == unsafe.SliceData(y)
}

func npInt(c npCase, k string) int {
	n, err := c.Args[k].(json.Number).Int64()
	if err != nil {
		panic(fmt.Sprintf("%s: %v", k, err))
	}
	return int(n)
}

func npInts(c npCase, k string) []int {
	var out []int
	for _, x := range c.Args[k].([]any) {
		n, err := x.(json.Number).Int64()
		if err != nil {
			panic(err)
		}
		out = append(out, int(n))
	}
	return out
}

func npArgFloat(t *testing.T, c npCase, k string) float64 { return npFloat(t, c.Args[k]) }

func npArgFloats(t *testing.T, c npCase, k string) []float64 {
	return npDecode[float64](t, c.Args[k].([]any))
}

// wantErr checks err against the case's expected error kind.
func npWantErr(t *testing.T, c npCase, what string, err error) bool {
	t.Helper()
	if c.Error == "" {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return false
	}
	sentinel := map[string]error{"shape": nd.ErrShape, "index": nd.ErrIndex, "cast": nd.ErrCast}[c.Error]
	if !errors.Is(err, sentinel) {
		t.Fatalf("%s: error %v, want one wrapping %v", what, err, sentinel)
	}
	return true
}

// TestNumPySurfaceUpToDate reruns the generator where NumPy is installed
// and checks that the committed cases are what it writes, so that the
// script and its output cannot drift apart. A NumPy of another version
// than the one that wrote the file is skipped: its answers may differ.
func TestNumPySurfaceUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the generator is not rerun")
	}
	py := "/usr/bin/python3"
	version, err := exec.Command(py, "-c", "import numpy; print(numpy.__version__)").Output()
	if err != nil {
		t.Skipf("no NumPy in %s (install python3-numpy): the generator is not rerun", py)
	}
	committed, err := os.ReadFile("../testdata/numpy/nd_surface.json")
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		NumPy string `json:"numpy"`
	}
	if err := json.Unmarshal(committed, &head); err != nil {
		t.Fatal(err)
	}
	if v := strings.TrimSpace(string(version)); v != head.NumPy {
		t.Skipf("NumPy %s here, %s wrote the cases: not compared", v, head.NumPy)
	}
	out := filepath.Join(t.TempDir(), "nd_surface.json")
	if msg, err := exec.Command(py, "../testdata/numpy/nd_surface.py", out).CombinedOutput(); err != nil {
		t.Fatalf("nd_surface.py: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Fatal("testdata/numpy/nd_surface.json differs from what nd_surface.py writes: rerun the script and commit both")
	}
}

func TestNumPySurface(t *testing.T) {
	counts := map[string]int{}
	for i, c := range npLoadSurface(t) {
		what := fmt.Sprintf("case %d %s%v view %q", i, c.Fn, c.Args, c.View)
		counts[c.Fn]++
		if c.Fn == "Cast" {
			npCastCase(t, what, c)
			continue
		}
		switch c.Fn {
		case "Linspace":
			switch c.Args["dtype"] {
			case "int64":
				npLinspaceCase[int64](t, what, c)
			case "float32":
				npLinspaceCase[float32](t, what, c)
			default:
				npLinspaceCase[float64](t, what, c)
			}
		case "Logspace":
			if c.Args["dtype"] == "float32" {
				npLogspaceCase[float32](t, what, c)
			} else {
				npLogspaceCase[float64](t, what, c)
			}
		default:
			npSurfaceCase(t, what, c)
		}
	}
	for _, fn := range []string{"Cast", "Linspace", "Logspace", "Eye", "Identity", "Tri", "ZerosLike", "OnesLike", "FullLike",
		"Diag", "Meshgrid", "Squeeze", "ExpandDims", "BroadcastTo", "MoveAxis", "SwapAxes", "Ravel", "Flatten", "Tile",
		"Repeat", "Flip", "Roll", "Pad", "SliceExpr", "Concatenate", "Stack", "VStack", "HStack", "Split", "ArraySplit",
		"SplitAt", "Take", "TakeAlongAxis", "Put", "Extract", "Place", "Nonzero", "ArgWhere"} {
		if counts[fn] == 0 {
			t.Errorf("no NumPy cases for %s", fn)
		}
	}
}

func npLinspaceCase[T nd.Real](t *testing.T, what string, c npCase) {
	got, err := nd.Linspace(T(npArgFloat(t, c, "start")), T(npArgFloat(t, c, "stop")), npInt(c, "num"), c.Args["endpoint"].(bool))
	if !npWantErr(t, c, what, err) {
		npCheck(t, what, got, *c.Want, 0)
	}
}

func npLogspaceCase[T nd.Float](t *testing.T, what string, c npCase) {
	got, err := nd.Logspace[T](npArgFloat(t, c, "start"), npArgFloat(t, c, "stop"), npInt(c, "num"), c.Args["endpoint"].(bool), npArgFloat(t, c, "base"))
	if !npWantErr(t, c, what, err) {
		npCheck(t, what, got, *c.Want, 1) // Go's math.Pow and the C library's pow may differ in the last place
	}
}

// surfaceCase runs the structure functions on float64 inputs.
func npSurfaceCase(t *testing.T, what string, c npCase) {
	var a *nd.Array[float64]
	if c.A != nil {
		a = npBuild[float64](t, *c.A, c.View)
	}
	var arrays []*nd.Array[float64]
	for _, in := range c.Arrays {
		arrays = append(arrays, npBuild[float64](t, in.A, in.View))
	}
	var got *nd.Array[float64]
	var list []*nd.Array[float64]
	var err error
	switch c.Fn {
	case "Eye":
		got, err = nd.Eye[float64](npInt(c, "n"), npInt(c, "m"), npInt(c, "k"))
	case "Tri":
		got, err = nd.Tri[float64](npInt(c, "n"), npInt(c, "m"), npInt(c, "k"))
	case "Identity":
		got, err = nd.Identity[float64](npInt(c, "n"))
	case "ZerosLike":
		got, err = nd.ZerosLike(a)
	case "OnesLike":
		got, err = nd.OnesLike(a)
	case "FullLike":
		got, err = nd.FullLike(a, npArgFloat(t, c, "v"))
	case "Diag":
		got, err = nd.Diag(a, npInt(c, "k"))
	case "Meshgrid":
		ix := nd.XY
		if c.Args["indexing"] == "ij" {
			ix = nd.IJ
		}
		list, err = nd.Meshgrid(ix, arrays)
	case "Squeeze":
		got, err = nd.Squeeze(a, npInts(c, "axes")...)
	case "ExpandDims":
		got, err = nd.ExpandDims(a, npInts(c, "axes")...)
	case "BroadcastTo":
		got, err = nd.BroadcastTo(a, npInts(c, "shape")...)
	case "MoveAxis":
		got, err = nd.MoveAxis(a, npInt(c, "from"), npInt(c, "to"))
	case "SwapAxes":
		got, err = nd.SwapAxes(a, npInt(c, "i"), npInt(c, "j"))
	case "Ravel":
		got, err = nd.Ravel(a)
	case "Flatten":
		got, err = nd.Flatten(a)
	case "Tile":
		got, err = nd.Tile(a, npInts(c, "reps"))
	case "Repeat":
		got, err = nd.Repeat(a, npInts(c, "repeats"), npInt(c, "axis"))
	case "Flip":
		got, err = nd.Flip(a, npInts(c, "axes")...)
	case "Roll":
		got, err = nd.Roll(a, npInt(c, "shift"), npInt(c, "axis"))
	case "Pad":
		var widths [][2]int
		for _, w := range c.Args["widths"].([]any) {
			p := w.([]any)
			b, _ := p[0].(json.Number).Int64()
			e, _ := p[1].(json.Number).Int64()
			widths = append(widths, [2]int{int(b), int(e)})
		}
		mode := nd.PadConstant
		if c.Args["mode"] == "edge" {
			mode = nd.PadEdge
		}
		got, err = nd.Pad(a, widths, mode, npArgFloat(t, c, "value"))
	case "SliceExpr":
		got, err = a.SliceExpr(c.Args["expr"].(string))
	case "Concatenate":
		got, err = nd.Concatenate(arrays, npInt(c, "axis"))
		if err == nil {
			into, _ := nd.Empty[float64](got.Shape())
			if err := nd.ConcatenateInto(into, arrays, npInt(c, "axis")); err != nil {
				t.Fatalf("%s: ConcatenateInto: %v", what, err)
			}
			npCheck(t, what+" ConcatenateInto", into, *c.Want, 0)
		}
	case "Stack":
		got, err = nd.Stack(arrays, npInt(c, "axis"))
	case "VStack":
		got, err = nd.VStack(arrays)
	case "HStack":
		got, err = nd.HStack(arrays)
	case "Split":
		list, err = nd.Split(a, npInt(c, "n"), npInt(c, "axis"))
	case "ArraySplit":
		list, err = nd.ArraySplit(a, npInt(c, "n"), npInt(c, "axis"))
	case "SplitAt":
		list, err = nd.SplitAt(a, npInts(c, "indices"), npInt(c, "axis"))
	case "Take":
		got, err = nd.Take(a, npInts(c, "indices"), npInt(c, "axis"))
		if err == nil {
			into, _ := nd.Empty[float64](got.Shape())
			if err := nd.TakeInto(into, a, npInts(c, "indices"), npInt(c, "axis")); err != nil {
				t.Fatalf("%s: TakeInto: %v", what, err)
			}
			npCheck(t, what+" TakeInto", into, *c.Want, 0)
		}
	case "TakeAlongAxis":
		idx := npIndexArray(t, c.Args["indices"])
		got, err = nd.TakeAlongAxis(a, idx, npInt(c, "axis"))
	case "Put":
		got, _ = a.Clone()
		err = nd.Put(got, npInts(c, "indices"), npArgFloats(t, c, "values"))
	case "Extract":
		got, err = nd.Extract(a, npMask(t, a, c.Args["mask"].(string)))
	case "Place":
		got, _ = a.Clone()
		err = nd.Place(got, npMask(t, a, c.Args["mask"].(string)), npArgFloats(t, c, "values"))
	case "Nonzero":
		var idx []*nd.Array[int]
		idx, err = nd.Nonzero(a)
		if !npWantErr(t, c, what, err) {
			npCheckInts(t, what, idx, c.WantList)
		}
		return
	case "ArgWhere":
		var idx *nd.Array[int]
		idx, err = nd.ArgWhere(a)
		if !npWantErr(t, c, what, err) {
			npCheckInts(t, what, []*nd.Array[int]{idx}, []npArray{*c.Want})
		}
		return
	default:
		t.Fatalf("%s: no Go call for this case", what)
	}
	if npWantErr(t, c, what, err) {
		return
	}
	if c.Want != nil {
		npCheck(t, what, got, *c.Want, 0)
		list = []*nd.Array[float64]{got}
	} else {
		if len(list) != len(c.WantList) {
			t.Fatalf("%s: %d arrays, NumPy %d", what, len(list), len(c.WantList))
		}
		for k, w := range c.WantList {
			npCheck(t, fmt.Sprintf("%s [%d]", what, k), list[k], w, 0)
		}
	}
	if c.Shares != nil {
		for _, r := range list {
			if r.Size() > 0 && npShares(r, a) != *c.Shares {
				t.Fatalf("%s: shares a's memory: %v, NumPy %v", what, !*c.Shares, *c.Shares)
			}
		}
	}
}

func npCheckInts(t *testing.T, what string, got []*nd.Array[int], want []npArray) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d arrays, NumPy %d", what, len(got), len(want))
	}
	for k := range want {
		npCheck(t, fmt.Sprintf("%s [%d]", what, k), got[k], want[k], 0)
	}
}

// indexArray builds an int array from a nested JSON list.
func npIndexArray(t *testing.T, v any) *nd.Array[int] {
	var shape []int
	var flat []any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		l, ok := v.([]any)
		if !ok {
			flat = append(flat, v)
			return
		}
		if depth == len(shape) {
			shape = append(shape, len(l))
		}
		for _, x := range l {
			walk(x, depth+1)
		}
	}
	walk(v, 0)
	a, err := nd.FromSlice(npDecode[int](t, flat), shape)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// maskOf builds the generator's masks: "pos" is x > 2 and finite, or NaN.
func npMask(t *testing.T, x *nd.Array[float64], kind string) *nd.Array[uint8] {
	m, err := nd.Zeros[uint8](x.Shape())
	if err != nil {
		t.Fatal(err)
	}
	for idx, v := range x.All() {
		set := kind == "all" || kind == "pos" && (v > 2 && !math.IsInf(v, 0) || math.IsNaN(v))
		if set {
			m.Set(1, idx...)
		}
	}
	return m
}

// castCase dispatches on the source kind.
func npCastCase(t *testing.T, what string, c npCase) {
	switch c.A.DType {
	case "int8":
		npCastFrom[int8](t, what, c)
	case "int16":
		npCastFrom[int16](t, what, c)
	case "int32":
		npCastFrom[int32](t, what, c)
	case "int64":
		npCastFrom[int64](t, what, c)
	case "uint8":
		npCastFrom[uint8](t, what, c)
	case "uint16":
		npCastFrom[uint16](t, what, c)
	case "uint32":
		npCastFrom[uint32](t, what, c)
	case "uint64":
		npCastFrom[uint64](t, what, c)
	case "float32":
		npCastFrom[float32](t, what, c)
	case "float64":
		npCastFrom[float64](t, what, c)
	case "complex64":
		npCastFrom[complex64](t, what, c)
	case "complex128":
		npCastFrom[complex128](t, what, c)
	default:
		t.Fatalf("%s: source kind %s", what, c.A.DType)
	}
}

func npCastFrom[S nd.Number](t *testing.T, what string, c npCase) {
	a := npBuild[S](t, *c.A, c.View)
	casting := map[string]nd.Casting{"same_kind": nd.SameKind, "safe": nd.Safe, "unsafe": nd.Unsafe}[c.Args["casting"].(string)]
	switch c.Args["dst"] {
	case "int8":
		npCastTo[int8](t, what, c, a, casting)
	case "int16":
		npCastTo[int16](t, what, c, a, casting)
	case "int32":
		npCastTo[int32](t, what, c, a, casting)
	case "int64":
		npCastTo[int64](t, what, c, a, casting)
	case "uint8":
		npCastTo[uint8](t, what, c, a, casting)
	case "uint16":
		npCastTo[uint16](t, what, c, a, casting)
	case "uint32":
		npCastTo[uint32](t, what, c, a, casting)
	case "uint64":
		npCastTo[uint64](t, what, c, a, casting)
	case "float32":
		npCastTo[float32](t, what, c, a, casting)
	case "float64":
		npCastTo[float64](t, what, c, a, casting)
	case "complex64":
		npCastTo[complex64](t, what, c, a, casting)
	case "complex128":
		npCastTo[complex128](t, what, c, a, casting)
	default:
		t.Fatalf("%s: destination kind %v", what, c.Args["dst"])
	}
}

// castTo checks Cast, CastInto (which must leave dst untouched on error)
// and, for SameKind, Convert and ConvertInto.
func npCastTo[D, S nd.Number](t *testing.T, what string, c npCase, a *nd.Array[S], casting nd.Casting) {
	got, err := nd.Cast[D](a, casting)
	if npWantErr(t, c, what, err) {
		if got != nil {
			t.Fatalf("%s: a result with the error", what)
		}
	} else {
		npCheck(t, what, got, *c.Want, 0)
	}
	dst, _ := nd.Full[D](a.Shape(), 42)
	err = nd.CastInto(dst, a, casting)
	if npWantErr(t, c, what+" CastInto", err) {
		for v := range dst.Values() {
			if v != 42 {
				t.Fatalf("%s: CastInto wrote %v before failing", what, v)
			}
		}
	} else {
		npCheck(t, what+" CastInto", dst, *c.Want, 0)
	}
	if casting == nd.SameKind {
		conv, err := nd.Convert[D](a)
		if !npWantErr(t, c, what+" Convert", err) {
			npCheck(t, what+" Convert", conv, *c.Want, 0)
		}
		if err := nd.ConvertInto(dst, a); !npWantErr(t, c, what+" ConvertInto", err) {
			npCheck(t, what+" ConvertInto", dst, *c.Want, 0)
		}
	}
	if want := c.Args["can_cast"].(bool); nd.CanCast[D, S](casting) != want {
		t.Fatalf("%s: CanCast = %v, NumPy's can_cast %v", what, !want, want)
	}
}
