package ops_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// TestSurfaceErrors checks that bad arguments give errors wrapping the
// right sentinel and naming the argument, and that an Into form that
// fails leaves dst as it was.
func TestSurfaceErrors(t *testing.T) {
	m := must(nd.Random[float64]([]int{3, 4}, 1))
	v := must(nd.Random[float64]([]int{5}, 2))
	iv := must(nd.FromSlice([]int{1, -2, 3}, []int{3}))
	nan := must(nd.FromSlice([]float64{1, math.NaN()}, []int{2}))
	zero := must(nd.Zeros[float64]([]int{3, 4}))
	freed := must(nd.Zeros[float64]([]int{2}))
	freed.Free()
	cases := []struct {
		name, says string
		err        error
		want       error
	}{
		{"Sort axis", "axis 2", second(ops.Sort(m, 2)), nd.ErrShape},
		{"ArgSort axis", "axis -3", second(ops.ArgSort(m, -3)), nd.ErrShape},
		{"Sort 0-d", "axis", second(ops.Sort(ops.Scalar(1.0), 0)), nd.ErrShape},
		{"SortInto dst", "dst has shape [4 3]", ops.SortInto(must(nd.Zeros[float64]([]int{4, 3})), m, 0), nd.ErrShape},
		{"Partition kth", "Partition: bad index: kth 4", second(ops.Partition(m, 4, 1)), nd.ErrIndex},
		{"ArgPartition kth", "ArgPartition: bad index: kth -5", second(ops.ArgPartition(m, -5, 1)), nd.ErrIndex},
		{"SearchSorted a", "one-dimensional", second(ops.SearchSorted(m, v, ops.SearchLeft)), nd.ErrShape},
		{"SearchSortedInto dst", "dst has shape", ops.SearchSortedInto(must(nd.Zeros[int]([]int{4})), v, v, ops.SearchRight), nd.ErrShape},
		{"CumSum axis", "axis 2", second(ops.CumSum(m, 2)), nd.ErrShape},
		{"CumProdInto dst", "dst has shape", ops.CumProdInto(must(nd.Zeros[float64]([]int{3, 3})), m, 1), nd.ErrShape},
		{"Diff n", "n = -1", second(ops.Diff(m, -1, 0)), nd.ErrShape},
		{"DiffInto dst", "want [3 3]", ops.DiffInto(must(nd.Zeros[float64]([]int{3, 4})), m, 1, 1), nd.ErrShape},
		{"Remainder shapes", "broadcast", second(ops.Remainder(m, v)), nd.ErrShape},
		{"Hypot dst", "dst shape", ops.HypotInto(must(nd.Zeros[float64]([]int{2})), m, m), nd.ErrShape},
		{"IsClose shapes", "broadcast", second(ops.IsClose(m, v, ops.DefaultTolerance)), nd.ErrShape},
		{"AllClose shapes", "broadcast", second(ops.AllClose(m, v, ops.DefaultTolerance)), nd.ErrShape},
		{"AnyAxis axis", "axis 7", second(ops.AnyAxis(m, ops.Axis(7))), nd.ErrShape},
		{"Percentile q", "q = 101", second(ops.Percentile(m, 101)), ops.ErrDomain},
		{"Quantile q", "q = NaN", second(ops.Quantile(m, math.NaN())), ops.ErrDomain},
		{"MedianAxis axis", "axis 2", second(ops.MedianAxis(m, ops.Axis(2))), nd.ErrShape},
		{"NanStdAxisInto dst", "dst shape", ops.NanStdAxisInto(must(nd.Zeros[float64]([]int{3})), m, ops.Axis(0), 0), nd.ErrShape},
		{"Histogram NaN", "not finite", third(ops.Histogram(nan, 3)), ops.ErrDomain},
		{"Histogram bins", "0 bins", third(ops.Histogram(v, 0)), ops.ErrDomain},
		{"HistogramRange lo > hi", "lo > hi", third(ops.HistogramRange(v, 3, 2, 1)), ops.ErrDomain},
		{"Bincount negative", "negative value -2", second(ops.Bincount(iv, 0)), ops.ErrDomain},
		{"Bincount 2-D", "one-dimensional", second(ops.Bincount(must(nd.Zeros[int]([]int{2, 2})), 0)), nd.ErrShape},
		{"BincountInto short", "at least 4", ops.BincountInto(must(nd.Zeros[int]([]int{3})), must(nd.FromSlice([]int{3}, []int{1}))), nd.ErrShape},
		{"Average zero", "sum to zero", second(ops.Average(m, zero)), ops.ErrDomain},
		{"Average shape", "weights shape", second(ops.Average(m, v)), nd.ErrShape},
		{"AverageAxis zero", "sum to zero", second(ops.AverageAxis(m, zero, ops.Axis(0))), ops.ErrDomain},
		{"AverageAxis 1-D w", "weights shape [5]", second(ops.AverageAxis(m, v, ops.Axis(0))), nd.ErrShape},
		{"Average nil w", "ops: Average: ", second(ops.Average(freed, nil)), mem.ErrReleased},
		{"AverageAxis nil w", "ops: AverageAxis: bad shape: axis 4", second(ops.AverageAxis(m, nil, ops.Axis(4))), nd.ErrShape},
		{"AverageAxisInto nil w", "ops: AverageAxisInto: ", ops.AverageAxisInto(must(nd.Zeros[float64]([]int{2})), m, nil, ops.Axis(0)), nd.ErrShape},
		{"AverageAxisInto dst", "ops: AverageAxisInto: ", ops.AverageAxisInto(must(nd.Zeros[float64]([]int{2})), m, m, ops.Axis(0)), nd.ErrShape},
		{"Cov 3-D", "one or two dimensions", second(ops.Cov(must(nd.Zeros[float64]([]int{2, 2, 2})), 1)), nd.ErrShape},
		{"CorrcoefInto dst", "want [3 3]", ops.CorrcoefInto(must(nd.Zeros[float64]([]int{2, 2})), m), nd.ErrShape},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want an error wrapping %v", c.name, c.err, c.want)
			continue
		}
		if !strings.Contains(c.err.Error(), c.says) {
			t.Errorf("%s: %q does not say %q", c.name, c.err, c.says)
		}
	}
	// A failed Into form writes nothing.
	d := must(nd.Full([]int{3, 4}, 7.0))
	before := slices.Collect(d.Values())
	for _, err := range []error{
		ops.SortInto(d, m, 3),
		ops.PartitionInto(d, m, 9, 1),
		ops.CumSumInto(d, m, -3),
		ops.PercentileAxisInto(must(nd.Full([]int{4}, 7.0)), m, 200, ops.Axis(0)),
	} {
		if err == nil {
			t.Fatal("no error")
		}
	}
	if got := slices.Collect(d.Values()); !slices.Equal(got, before) {
		t.Error("a failed Into call wrote to dst")
	}
	released := must(nd.Zeros[float64]([]int{4}))
	released.Free()
	if _, err := ops.Sort(released, 0); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("Sort of a freed array: %v", err)
	}
	if _, err := ops.Median(released); !errors.Is(err, mem.ErrReleased) {
		t.Errorf("Median of a freed array: %v", err)
	}
}

func second[A, B any](_ A, b B) B { return b }

func third[A, B, C any](_ A, _ B, c C) C { return c }

// TestSurfaceUnderFaults fails every allocation of every new allocating
// function in turn: each must return the error and leave nothing
// allocated, on the allocator given or on mem.Default.
func TestSurfaceUnderFaults(t *testing.T) {
	m := must(nd.Random[float64]([]int{5, 6}, 3))
	st := must(m.SliceExpr("::2, 1::2"))
	v := must(nd.Random[float64]([]int{6}, 4))
	srt := must(ops.Sort(v, 0))
	mask := must(ops.Greater(m, ops.Scalar(0.5)))
	ints := must(nd.FromSlice([]int{0, 3, 1, 3, 2}, []int{5}))
	w := must(ops.AddScalar(m, 1))
	cube := must(nd.Random[float64]([]int{3, 4, 5}, 5))
	ones := must(nd.Ones[float64]([]int{5}))
	type run = func(o []nd.Option) error
	cases := map[string]run{
		"Sort":             func(o []nd.Option) error { return result(ops.Sort(st, 0, o...)) },
		"ArgSort":          func(o []nd.Option) error { return result(ops.ArgSort(m, 1, o...)) },
		"Partition":        func(o []nd.Option) error { return result(ops.Partition(m, 2, 1, o...)) },
		"ArgPartition":     func(o []nd.Option) error { return result(ops.ArgPartition(st, 1, 0, o...)) },
		"SearchSorted":     func(o []nd.Option) error { return result(ops.SearchSorted(srt, m, ops.SearchLeft, o...)) },
		"Unique":           func(o []nd.Option) error { return result(ops.Unique(m, o...)) },
		"UniqueAll":        func(o []nd.Option) error { u, err := ops.UniqueAll(st, o...); return freeAll(err, u.Free) },
		"CumSum":           func(o []nd.Option) error { return result(ops.CumSum(m, 0, o...)) },
		"CumProd":          func(o []nd.Option) error { return result(ops.CumProd(st, 1, o...)) },
		"Diff":             func(o []nd.Option) error { return result(ops.Diff(m, 2, 1, o...)) },
		"AnyAxis":          func(o []nd.Option) error { return result(ops.AnyAxis(m, ops.Axis(0), o...)) },
		"AllAxis":          func(o []nd.Option) error { return result(ops.AllAxis(m, ops.Axis(1), o...)) },
		"CountNonzeroAxis": func(o []nd.Option) error { return result(ops.CountNonzeroAxis(mask, ops.Axis(0), o...)) },
		"IsNaN":            func(o []nd.Option) error { return result(ops.IsNaN(st, o...)) },
		"IsInf":            func(o []nd.Option) error { return result(ops.IsInf(m, o...)) },
		"IsFinite":         func(o []nd.Option) error { return result(ops.IsFinite(m, o...)) },
		"IsClose":          func(o []nd.Option) error { return result(ops.IsClose(m, v, ops.DefaultTolerance, o...)) },
		"LogicalAnd":       func(o []nd.Option) error { return result(ops.LogicalAnd(mask, mask, o...)) },
		"LogicalOr":        func(o []nd.Option) error { return result(ops.LogicalOr(mask, mask, o...)) },
		"LogicalXor":       func(o []nd.Option) error { return result(ops.LogicalXor(mask, mask, o...)) },
		"LogicalNot":       func(o []nd.Option) error { return result(ops.LogicalNot(mask, o...)) },
		"Remainder":        func(o []nd.Option) error { return result(ops.Remainder(m, v, o...)) },
		"FloorDivide":      func(o []nd.Option) error { return result(ops.FloorDivide(st, st, o...)) },
		"Hypot":            func(o []nd.Option) error { return result(ops.Hypot(m, v, o...)) },
		"Atan2":            func(o []nd.Option) error { return result(ops.Atan2(m, m, o...)) },
		"Copysign":         func(o []nd.Option) error { return result(ops.Copysign(m, v, o...)) },
		"Square":           func(o []nd.Option) error { return result(ops.Square(st, o...)) },
		"Reciprocal":       func(o []nd.Option) error { return result(ops.Reciprocal(m, o...)) },
		"PowInt":           func(o []nd.Option) error { return result(ops.PowInt(ints, ops.Scalar(3), o...)) },
		"MedianAxis":       func(o []nd.Option) error { return result(ops.MedianAxis(st, ops.Axis(0), o...)) },
		"PercentileAxis":   func(o []nd.Option) error { return result(ops.PercentileAxis(m, 90, ops.Axis(1), o...)) },
		"QuantileAxis":     func(o []nd.Option) error { return result(ops.QuantileAxis(m, 0.1, ops.Axis(0), o...)) },
		"NanSumAxis":       func(o []nd.Option) error { return result(ops.NanSumAxis(m, ops.Axis(0), o...)) },
		"NanMeanAxis":      func(o []nd.Option) error { return result(ops.NanMeanAxis(m, ops.Axis(1), o...)) },
		"NanMinAxis":       func(o []nd.Option) error { return result(ops.NanMinAxis(m, ops.Axis(0), o...)) },
		"NanMaxAxis":       func(o []nd.Option) error { return result(ops.NanMaxAxis(st, ops.Axis(1), o...)) },
		"NanStdAxis":       func(o []nd.Option) error { return result(ops.NanStdAxis(m, ops.Axis(0), 1, o...)) },
		"SumAxes":          func(o []nd.Option) error { return result(ops.SumAxis(cube, ops.Axis(0, 2), o...)) },
		"MedianAxes":       func(o []nd.Option) error { return result(ops.MedianAxis(cube, ops.Axis(2, 0), o...)) },
		"Histogram": func(o []nd.Option) error {
			c, e, err := ops.Histogram(m, 4, o...)
			return freeAll(err, c.Free, e.Free)
		},
		"Bincount":         func(o []nd.Option) error { return result(ops.Bincount(ints, 6, o...)) },
		"BincountWeighted": func(o []nd.Option) error { return result(ops.BincountWeighted(ints, ones, 0, o...)) },
		"AverageAxis":      func(o []nd.Option) error { return result(ops.AverageAxis(m, w, ops.Axis(1), o...)) },
		"Cov":              func(o []nd.Option) error { return result(ops.Cov(m, 1, o...)) },
		"Corrcoef":         func(o []nd.Option) error { return result(ops.Corrcoef(st, o...)) },
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// freeAll frees the results of a call that succeeded.
func freeAll(err error, frees ...func() error) error {
	if err != nil {
		return err
	}
	for _, f := range frees {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}
