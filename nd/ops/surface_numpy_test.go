package ops_test

import (
	"encoding/json"
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

// The cases in testdata/numpy/ops_surface.json were computed by NumPy 1.24
// (testdata/numpy/ops_surface.py writes them); these tests never need
// NumPy itself. Results are compared exactly (the sign of zero included)
// unless the case's function says otherwise: Hypot and Atan2 within 2 ulp
// (Go's math against the C library), the NaN-skipping reductions, Average
// and the multi-axis Std within 8 ulp (a different pairwise order), the
// multi-axis Sum and Mean and Cov and Corrcoef within 64 ulp: their
// partial sums are joined in an order that depends on the SIMD tier's
// vector width (a case with cancellation is 16 ulp from NumPy on the AVX2
// and pure-Go tiers), and Cov's differs from BLAS's dot. A float32
// result's ulps are counted in float32.

// sarr is an array in the JSON: its shape and elements as NumPy printed
// them (integers exact, floats or "nan", "inf", "-inf").
type sarr struct {
	Shape []int
	Data  []json.RawMessage
}

func (s *sarr) strs() []string {
	out := make([]string, len(s.Data))
	for i, r := range s.Data {
		out[i] = strings.Trim(string(r), `"`)
	}
	return out
}

type surfaceCase struct {
	Op, Dtype                       string
	A, B, W, V, Want                *sarr
	Indices, Inverse, Counts, Edges *sarr
	P                               map[string]any
	T                               bool
}

func (c surfaceCase) int(k string) int       { return int(c.P[k].(float64)) }
func (c surfaceCase) float(k string) float64 { return c.P[k].(float64) }

// ints parses exact integers.
func ints[T nd.Real](s *sarr) []T {
	out := make([]T, len(s.Data))
	for i, v := range s.strs() {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[i] = T(n)
		} else if u, err := strconv.ParseUint(v, 10, 64); err == nil {
			out[i] = T(u)
		} else {
			f, _ := strconv.ParseFloat(v, 64)
			out[i] = T(f)
		}
	}
	return out
}

// arrays builds s as T in three layouts: row-major, column-major and a
// strided view (every other element of a larger buffer).
func arrays[T nd.Real](t *testing.T, s *sarr) map[string]*nd.Array[T] {
	t.Helper()
	vals := ints[T](s)
	rm := must(nd.FromSlice(vals, s.Shape))
	cm := must(nd.Zeros[T](s.Shape, nd.WithLayout(nd.ColMajor)))
	if err := nd.Copy(cm, rm); err != nil {
		t.Fatal(err)
	}
	strides := make([]int, len(s.Shape))
	step := 2
	for i := len(s.Shape) - 1; i >= 0; i-- {
		strides[i] = step
		step *= max(s.Shape[i], 1) + 1
	}
	sv := must(nd.View(make([]T, step+1), 1, s.Shape, strides))
	if err := nd.Copy(sv, rm); err != nil {
		t.Fatal(err)
	}
	return map[string]*nd.Array[T]{"rowmajor": rm, "colmajor": cm, "strided": sv}
}

func one[T nd.Real](s *sarr) *nd.Array[T] { return must(nd.FromSlice(ints[T](s), s.Shape)) }

// ulpDiff is the distance in representable float64s between a and b.
func ulpDiff(a, b float64) uint64 {
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia < 0 {
		ia = math.MinInt64 - ia
	}
	if ib < 0 {
		ib = math.MinInt64 - ib
	}
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// ulpDiff32 is the distance in representable float32s between a and b.
func ulpDiff32(a, b float32) uint64 {
	ia, ib := int64(int32(math.Float32bits(a))), int64(int32(math.Float32bits(b)))
	if ia < 0 {
		ia = math.MinInt32 - ia
	}
	if ib < 0 {
		ib = math.MinInt32 - ib
	}
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// same compares one element: integers by their decimal digits, floats
// within ulps (NaN equal to NaN, zeros by sign when ulps is 0).
func same[R nd.Number](got R, want string, ulps uint64) bool {
	var g float64
	switch v := any(got).(type) {
	case float64:
		g = v
	case float32:
		g = float64(v)
	default:
		return fmt.Sprint(got) == want
	}
	w, err := strconv.ParseFloat(want, 64)
	if err != nil {
		return false
	}
	_, single := any(got).(float32)
	if single {
		w = float64(float32(w))
	}
	switch {
	case math.IsNaN(w) || math.IsNaN(g):
		return math.IsNaN(w) && math.IsNaN(g)
	case ulps == 0:
		return g == w && math.Signbit(g) == math.Signbit(w)
	case single:
		return g == w || ulpDiff32(float32(g), float32(w)) <= ulps
	}
	return g == w || ulpDiff(g, w) <= ulps
}

func checkArr[R nd.Number](t *testing.T, what string, got *nd.Array[R], want *sarr, ulps uint64) {
	t.Helper()
	if !slices.Equal(got.Shape(), want.Shape) && !(got.NDim() == 0 && len(want.Shape) == 0) {
		t.Errorf("%s: shape %v, NumPy %v", what, got.Shape(), want.Shape)
		return
	}
	w := want.strs()
	i := 0
	for v := range got.Values() {
		if !same(v, w[i], ulps) {
			t.Errorf("%s: element %d is %v, NumPy %s", what, i, v, w[i])
			return
		}
		i++
	}
}

func checkOne[R nd.Number](t *testing.T, what string, got R, want *sarr, ulps uint64) {
	t.Helper()
	if w := want.strs()[0]; !same(got, w, ulps) {
		t.Errorf("%s: %v, NumPy %s", what, got, w)
	}
}

func b2f(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func TestSurfaceNumPy(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/numpy/ops_surface.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Numpy string
		Cases []surfaceCase
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	done := map[string]int{}
	for i, c := range file.Cases {
		t.Run(fmt.Sprintf("%03d_%s_%s", i, c.Op, c.Dtype), func(t *testing.T) {
			var ok bool
			switch c.Dtype {
			case "float64":
				ok = floatCase[float64](t, c) || realCase[float64](t, c)
			case "float32":
				ok = floatCase[float32](t, c) || realCase[float32](t, c)
			case "int64":
				ok = intCase[int64](t, c) || realCase[int64](t, c)
			case "int8":
				ok = realCase[int8](t, c)
			case "uint8":
				ok = maskCase(t, c) || intCase[uint8](t, c) || realCase[uint8](t, c)
			}
			if !ok {
				t.Fatalf("no test for %s on %s", c.Op, c.Dtype)
			}
		})
		done[c.Op]++
	}
	t.Logf("%d NumPy cases (NumPy %s): %v", len(file.Cases), file.Numpy, done)
}

// realCase runs the functions defined on every real kind, on a in each
// layout.
func realCase[T nd.Real](t *testing.T, c surfaceCase) bool {
	for lay, a := range arrays[T](t, c.A) {
		if c.T {
			a = a.T()
		}
		what := c.Op + "/" + lay
		switch c.Op {
		case "Sort":
			checkArr(t, what, must(ops.Sort(a, c.int("axis"))), c.Want, 0)
			// In place, on a copy.
			cp := must(a.Clone())
			if err := ops.SortInto(cp, cp, c.int("axis")); err != nil {
				t.Fatal(err)
			}
			checkArr(t, what+" in place", cp, c.Want, 0)
		case "ArgSort":
			checkArr(t, what, must(ops.ArgSort(a, c.int("axis"))), c.Want, 0)
		case "Partition", "ArgPartition":
			checkPartition(t, what, a, c)
		case "SearchSorted":
			side := ops.SearchLeft
			if c.P["side"] == "right" {
				side = ops.SearchRight
			}
			checkArr(t, what, must(ops.SearchSorted(a, one[T](c.V), side)), c.Want, 0)
		case "Unique":
			u := must(ops.UniqueAll(a))
			checkArr(t, what+" values", u.Values, c.Want, 0)
			checkArr(t, what+" counts", u.Counts, c.Counts, 0)
			checkArr(t, what+" inverse", u.Inverse, c.Inverse, 0)
			checkArr(t, what+" indices", u.Indices, c.Indices, 0)
			v := must(ops.Unique(a))
			checkArr(t, what+" Unique", v, c.Want, 0)
			if err := u.Free(); err != nil {
				t.Fatal(err)
			}
		case "CumSum":
			checkArr(t, what, must(ops.CumSum(a, c.int("axis"))), c.Want, 0)
		case "CumProd":
			checkArr(t, what, must(ops.CumProd(a, c.int("axis"))), c.Want, 0)
		case "Diff":
			checkArr(t, what, must(ops.Diff(a, c.int("n"), c.int("axis"))), c.Want, 0)
		case "Any":
			checkOne(t, what, b2f(must(ops.Any(a))), c.Want, 0)
		case "All":
			checkOne(t, what, b2f(must(ops.All(a))), c.Want, 0)
		case "CountNonzero":
			checkOne(t, what, must(ops.CountNonzero(a)), c.Want, 0)
		case "AnyAxis":
			checkArr(t, what, must(ops.AnyAxis(a, ops.Axis(c.int("axis")))), c.Want, 0)
		case "AllAxis":
			checkArr(t, what, must(ops.AllAxis(a, ops.Axis(c.int("axis")))), c.Want, 0)
		case "CountNonzeroAxis":
			checkArr(t, what, must(ops.CountNonzeroAxis(a, ops.Axis(c.int("axis")))), c.Want, 0)
		case "IsNaN":
			checkArr(t, what, must(ops.IsNaN(a)), c.Want, 0)
		case "IsInf":
			checkArr(t, what, must(ops.IsInf(a)), c.Want, 0)
		case "IsFinite":
			checkArr(t, what, must(ops.IsFinite(a)), c.Want, 0)
		case "IsClose", "AllClose":
			tol := ops.DefaultTolerance
			tol.EqualNaN = c.P["equal_nan"] == true
			if c.Op == "IsClose" {
				checkArr(t, what, must(ops.IsClose(a, one[T](c.B), tol)), c.Want, 0)
			} else {
				checkOne(t, what, b2f(must(ops.AllClose(a, one[T](c.B), tol))), c.Want, 0)
			}
		case "Remainder":
			checkArr(t, what, must(ops.Remainder(a, one[T](c.B))), c.Want, 0)
		case "FloorDivide":
			checkArr(t, what, must(ops.FloorDivide(a, one[T](c.B))), c.Want, 0)
		case "Square":
			checkArr(t, what, must(ops.Square(a)), c.Want, 0)
		case "Histogram", "HistogramRange":
			var counts *nd.Array[int]
			var edges *nd.Array[float64]
			var err error
			if c.Op == "Histogram" {
				counts, edges, err = ops.Histogram(a, c.int("bins"))
			} else {
				counts, edges, err = ops.HistogramRange(a, c.int("bins"), c.float("lo"), c.float("hi"))
			}
			if err != nil {
				t.Fatal(err)
			}
			checkArr(t, what+" counts", counts, c.Want, 0)
			checkArr(t, what+" edges", edges, c.Edges, 0)
		default:
			return false
		}
	}
	return true
}

// checkPartition checks Partition's property: the element at kth is the
// one NumPy's sort puts there, none before it greater, none after smaller
// (NaN counting as greatest), and nothing lost.
func checkPartition[T nd.Real](t *testing.T, what string, a *nd.Array[T], c surfaceCase) {
	t.Helper()
	ax, kth := c.int("axis"), c.int("kth")
	sorted := one[T](c.Want)
	var p *nd.Array[T]
	if c.Op == "Partition" {
		p = must(ops.Partition(a, kth, ax))
	} else {
		idx := must(ops.ArgPartition(a, kth, ax))
		p = must(nd.TakeAlongAxis(a, idx, ax))
	}
	// Sorting the partition must give NumPy's sort; position kth must
	// already hold its element, with the sides on the right sides.
	checkArr(t, what+" sorted", must(ops.Sort(p, ax)), c.Want, 0)
	n := a.Dim(ax)
	k := (kth + n) % n
	less := func(x, y T) bool { return x < y || (y != y && x == x) }
	pm, sm := must(nd.MoveAxis(p, ax, -1)), must(nd.MoveAxis(sorted, ax, -1))
	for idx, v := range pm.All() {
		lane := slices.Clone(idx)
		lane[len(lane)-1] = k
		pivot := pm.At(lane...)
		if want := sm.At(lane...); !(pivot == want || pivot != pivot && want != want) {
			t.Fatalf("%s: position %d holds %v, NumPy's sort %v", what, k, pivot, want)
		}
		i := idx[len(idx)-1]
		if i < k && less(pivot, v) || i > k && less(v, pivot) {
			t.Fatalf("%s: %v at %d is on the wrong side of %v at %d", what, v, i, pivot, k)
		}
	}
}

// floatCase runs the functions defined on floats only.
func floatCase[T nd.Float](t *testing.T, c surfaceCase) bool {
	ulps := map[string]uint64{"Hypot": 2, "Atan2": 2, "NanSum": 8, "NanMean": 8, "NanStd": 8, "NanSumAxis": 8, "NanMeanAxis": 8,
		"NanStdAxis": 8, "Average": 8, "AverageAxis": 8, "MeanAxes": 64, "StdAxes": 8, "SumAxes": 64, "Cov": 64, "Corrcoef": 64}[c.Op]
	for lay, a := range arrays[T](t, c.A) {
		if c.T {
			a = a.T()
		}
		what := c.Op + "/" + lay
		axis := func() ops.AxisSpec { return ops.Axis(c.int("axis")) }
		switch c.Op {
		case "Hypot":
			checkArr(t, what, must(ops.Hypot(a, one[T](c.B))), c.Want, ulps)
		case "Atan2":
			checkArr(t, what, must(ops.Atan2(a, one[T](c.B))), c.Want, ulps)
		case "Copysign":
			checkArr(t, what, must(ops.Copysign(a, one[T](c.B))), c.Want, 0)
		case "Reciprocal":
			checkArr(t, what, must(ops.Reciprocal(a)), c.Want, 0)
		case "WhereScalar":
			mask := must(ops.Greater(a, ops.Scalar(T(0))))
			checkArr(t, what, must(ops.Where(mask, a, ops.Scalar(T(c.float("s"))))), c.Want, 0)
		case "Median":
			checkOne(t, what, must(ops.Median(a)), c.Want, 0)
		case "Percentile":
			checkOne(t, what, must(ops.Percentile(a, c.float("q"))), c.Want, 0)
		case "Quantile":
			checkOne(t, what, must(ops.Quantile(a, c.float("q"))), c.Want, 0)
		case "NanSum":
			checkOne(t, what, must(ops.NanSum(a)), c.Want, ulps)
		case "NanMean":
			checkOne(t, what, must(ops.NanMean(a)), c.Want, ulps)
		case "NanMin":
			checkOne(t, what, must(ops.NanMin(a)), c.Want, 0)
		case "NanMax":
			checkOne(t, what, must(ops.NanMax(a)), c.Want, 0)
		case "NanStd":
			checkOne(t, what, must(ops.NanStd(a, c.int("ddof"))), c.Want, ulps)
		case "MedianAxis":
			checkArr(t, what, must(ops.MedianAxis(a, axis())), c.Want, 0)
		case "PercentileAxis":
			checkArr(t, what, must(ops.PercentileAxis(a, c.float("q"), axis())), c.Want, 0)
		case "QuantileAxis":
			checkArr(t, what, must(ops.QuantileAxis(a, c.float("q"), axis())), c.Want, 0)
		case "NanSumAxis":
			checkArr(t, what, must(ops.NanSumAxis(a, axis())), c.Want, ulps)
		case "NanMeanAxis":
			checkArr(t, what, must(ops.NanMeanAxis(a, axis())), c.Want, ulps)
		case "NanMinAxis":
			checkArr(t, what, must(ops.NanMinAxis(a, axis())), c.Want, 0)
		case "NanMaxAxis":
			checkArr(t, what, must(ops.NanMaxAxis(a, axis())), c.Want, 0)
		case "NanStdAxis":
			checkArr(t, what, must(ops.NanStdAxis(a, axis(), c.int("ddof"))), c.Want, ulps)
		case "SumAxes", "MeanAxes", "MedianAxes", "MaxAxes", "StdAxes":
			checkAxes(t, what, a, c, ulps)
		case "Average":
			checkOne(t, what, must(ops.Average(a, one[T](c.W))), c.Want, ulps)
		case "AverageAxis":
			checkArr(t, what, must(ops.AverageAxis(a, one[T](c.W), axis())), c.Want, ulps)
		case "Cov":
			checkArr(t, what, must(ops.Cov(a, c.int("ddof"))), c.Want, ulps)
		case "Corrcoef":
			checkArr(t, what, must(ops.Corrcoef(a)), c.Want, ulps)
		default:
			return false
		}
	}
	return true
}

// intCase runs the functions defined on integers only.
func intCase[T nd.Integer](t *testing.T, c surfaceCase) bool {
	for lay, a := range arrays[T](t, c.A) {
		what := c.Op + "/" + lay
		switch c.Op {
		case "PowInt":
			checkArr(t, what, must(ops.PowInt(a, one[T](c.B))), c.Want, 0)
		case "Bincount":
			if a.NDim() != 1 {
				continue
			}
			checkArr(t, what, must(ops.Bincount(a, c.int("minlength"))), c.Want, 0)
		case "BincountWeighted":
			checkArr(t, what, must(ops.BincountWeighted(a, one[float64](c.W), c.int("minlength"))), c.Want, 0)
		default:
			return false
		}
	}
	return true
}

// maskCase runs the logical operations on masks.
func maskCase(t *testing.T, c surfaceCase) bool {
	for lay, a := range arrays[uint8](t, c.A) {
		what := c.Op + "/" + lay
		switch c.Op {
		case "LogicalAnd":
			checkArr(t, what, must(ops.LogicalAnd(a, one[uint8](c.B))), c.Want, 0)
		case "LogicalOr":
			checkArr(t, what, must(ops.LogicalOr(a, one[uint8](c.B))), c.Want, 0)
		case "LogicalXor":
			checkArr(t, what, must(ops.LogicalXor(a, one[uint8](c.B))), c.Want, 0)
		case "LogicalNot":
			checkArr(t, what, must(ops.LogicalNot(a)), c.Want, 0)
		default:
			return false
		}
	}
	return true
}
