package ops_test

import (
	"fmt"
	"math"
	"slices"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// vec makes a one-dimensional array for the examples.
func vec[T nd.Number](v ...T) *nd.Array[T] { return must(nd.FromSlice(v, []int{len(v)})) }

// show prints an array's shape and elements in row-major order.
func show[T nd.Number](a *nd.Array[T], err error) {
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(a.Shape(), slices.Collect(a.Values()))
}

func ExampleSort() {
	show(ops.Sort(vec(3, math.NaN(), -1, 0, 2), 0))
	m := must(nd.FromSlice([]int{3, 1, 2, 9, 7, 8}, []int{2, 3}))
	show(ops.Sort(m, 0)) // along columns
	show(ops.Sort(m, -1))
	// Output:
	// [5] [-1 0 2 3 NaN]
	// [2 3] [3 1 2 9 7 8]
	// [2 3] [1 2 3 7 8 9]
}

func ExampleSortInto() {
	a := vec(5, 1, 4)
	_ = ops.SortInto(a, a, 0) // in place
	fmt.Println(a.Data())
	// Output: [1 4 5]
}

func ExampleArgSort() {
	show(ops.ArgSort(vec(2.0, 1, 2, 0), 0)) // ties keep their order
	// Output: [4] [3 1 0 2]
}

func ExamplePartition() {
	p := must(ops.Partition(vec(7, 1, 5, 3, 9, 2), 2, 0))
	fmt.Println(p.At(2)) // the third smallest; smaller ones before it
	// Output: 3
}

func ExampleArgPartition() {
	a := vec(7, 1, 5, 3, 9, 2)
	idx := must(ops.ArgPartition(a, 0, 0))
	fmt.Println(a.At(idx.At(0))) // the index of the smallest comes first
	// Output: 1
}

func ExampleSearchSorted() {
	sorted := vec(1, 2, 2, 2, 5)
	show(ops.SearchSorted(sorted, vec(2, 6), ops.SearchLeft))
	show(ops.SearchSorted(sorted, vec(2, 6), ops.SearchRight))
	// Output:
	// [2] [1 5]
	// [2] [4 5]
}

func ExampleUnique() {
	show(ops.Unique(vec(3, 1, 3, 2, 1)))
	// Output: [3] [1 2 3]
}

func ExampleUniqueAll() {
	u := must(ops.UniqueAll(vec(3, 1, 3, 2, 1)))
	fmt.Println(u.Values.Data(), u.Indices.Data(), u.Inverse.Data(), u.Counts.Data())
	// Output: [1 2 3] [1 3 0] [2 0 2 1 0] [2 1 2]
}

func ExampleCumSum() {
	show(ops.CumSum(vec(1, 2, 3, 4), 0))
	// Output: [4] [1 3 6 10]
}

func ExampleCumSumInto() {
	bytes := vec[uint8](200, 100, 50)
	sums := must(nd.Zeros[int64]([]int{3}))
	_ = ops.CumSumInto(sums, bytes, 0) // added in int64, as NumPy does
	fmt.Println(sums.Data())
	// Output: [200 300 350]
}

func ExampleCumProd() {
	show(ops.CumProd(vec(1, 2, 3, 4), 0))
	// Output: [4] [1 2 6 24]
}

func ExampleDiff() {
	show(ops.Diff(vec(1, 4, 9, 16), 1, 0))
	show(ops.Diff(vec(1, 4, 9, 16), 2, 0))
	// Output:
	// [3] [3 5 7]
	// [2] [2 2]
}

func ExampleAny() {
	fmt.Println(must(ops.Any(vec(0, 0, 3))), must(ops.All(vec(0, 0, 3))))
	// Output: true false
}

func ExampleAll() {
	fmt.Println(must(ops.All(vec(1.0, math.NaN()))))
	// Output: true
}

func ExampleCountNonzero() {
	mask := must(ops.Greater(vec(0.2, 0.7, 0.9), ops.Scalar(0.5)))
	fmt.Println(must(ops.CountNonzero(mask)))
	// Output: 2
}

func ExampleAnyAxis() {
	m := must(nd.FromSlice([]int{0, 1, 0, 0}, []int{2, 2}))
	show(ops.AnyAxis(m, ops.Axis(1)))
	// Output: [2] [1 0]
}

func ExampleIsNaN() {
	show(ops.IsNaN(vec(1, math.NaN(), math.Inf(1))))
	show(ops.IsInf(vec(1, math.NaN(), math.Inf(1))))
	show(ops.IsFinite(vec(1, math.NaN(), math.Inf(1))))
	// Output:
	// [3] [0 1 0]
	// [3] [0 0 1]
	// [3] [1 0 0]
}

func ExampleIsClose() {
	show(ops.IsClose(vec(1, 1e-9, math.NaN()), vec(1.000001, 0, math.NaN()), ops.DefaultTolerance))
	tol := ops.DefaultTolerance
	tol.EqualNaN = true
	show(ops.IsClose(vec(math.NaN()), vec(math.NaN()), tol))
	// Output:
	// [3] [1 1 0]
	// [1] [1]
}

func ExampleAllClose() {
	fmt.Println(must(ops.AllClose(vec(1.0, 2), vec(1+1e-9, 2), ops.DefaultTolerance)))
	// Output: true
}

func ExampleLogicalAnd() {
	a, b := vec[uint8](1, 1, 0, 0), vec[uint8](1, 0, 1, 0)
	show(ops.LogicalAnd(a, b))
	show(ops.LogicalOr(a, b))
	show(ops.LogicalXor(a, b))
	show(ops.LogicalNot(a))
	// Output:
	// [4] [1 0 0 0]
	// [4] [1 1 1 0]
	// [4] [0 1 1 0]
	// [4] [0 0 1 1]
}

func ExampleWhere_scalar() {
	a := vec(-2.0, 3, -1, 4)
	show(ops.Where(must(ops.Greater(a, ops.Scalar(0.0))), a, ops.Scalar(0.0)))
	// Output: [4] [0 3 0 4]
}

func ExampleRemainder() {
	show(ops.Remainder(vec(7, -7, 7, -7), vec(3, 3, -3, -3)))
	show(ops.FloorDivide(vec(7, -7, 7, -7), vec(3, 3, -3, -3)))
	// Output:
	// [4] [1 2 -2 -1]
	// [4] [2 -3 -3 2]
}

func ExampleFloorDivide() {
	show(ops.FloorDivide(vec(7.5, -7.5), ops.Scalar(2.0)))
	// Output: [2] [3 -4]
}

func ExampleHypot() {
	show(ops.Hypot(vec(3.0, 5), vec(4.0, 12)))
	// Output: [2] [5 13]
}

func ExampleAtan2() {
	a := must(ops.Atan2(vec(1.0, -1), vec(-1.0, -1)))
	fmt.Printf("%.4f %.4f\n", a.At(0), a.At(1))
	// Output: 2.3562 -2.3562
}

func ExampleCopysign() {
	show(ops.Copysign(vec(1.0, 2, 3), vec(-1.0, math.Copysign(0, -1), 1)))
	// Output: [3] [-1 -2 3]
}

func ExampleSquare() {
	show(ops.Square(vec[int8](3, -4, 12)))
	// Output: [3] [9 16 -112]
}

func ExampleReciprocal() {
	show(ops.Reciprocal(vec(2.0, 0, -4)))
	// Output: [3] [0.5 +Inf -0.25]
}

func ExamplePowInt() {
	show(ops.PowInt(vec(2, -3, 10), ops.Scalar(3)))
	show(ops.PowInt(vec[uint8](2, 16), vec[uint8](7, 2))) // wraps as NumPy
	// Output:
	// [3] [8 -27 1000]
	// [2] [128 0]
}

func ExampleMedian() {
	fmt.Println(must(ops.Median(vec(3.0, 1, 4, 1, 5))), must(ops.Median(vec(3.0, 1, 4, 1))))
	// Output: 3 2
}

func ExampleMedianAxis() {
	m := must(nd.FromSlice([]float64{1, 9, 2, 8, 3, 7}, []int{2, 3}))
	show(ops.MedianAxis(m, ops.Axis(1)))
	// Output: [2] [2 7]
}

func ExampleQuantile() {
	fmt.Println(must(ops.Quantile(vec(1.0, 2, 3, 4), 0.5)), must(ops.Quantile(vec(1.0, 2, 3, 4), 0.25)))
	// Output: 2.5 1.75
}

func ExamplePercentile() {
	fmt.Println(must(ops.Percentile(vec(10.0, 20, 30, 40, 50), 90)))
	// Output: 46
}

func ExamplePercentileAxis() {
	m := must(nd.FromSlice([]float64{1, 2, 3, 10, 20, 30}, []int{2, 3}))
	show(ops.PercentileAxis(m, 50, ops.Axis(1)))
	// Output: [2] [2 20]
}

func ExampleNanSum() {
	a := vec(1, math.NaN(), 2)
	fmt.Println(must(ops.NanSum(a)), must(ops.NanMean(a)), must(ops.NanMin(a)), must(ops.NanMax(a)), must(ops.NanStd(a, 0)))
	// Output: 3 1.5 1 2 0.5
}

func ExampleNanMeanAxis() {
	m := must(nd.FromSlice([]float64{1, math.NaN(), 3, 4}, []int{2, 2}))
	show(ops.NanMeanAxis(m, ops.Axis(0)))
	// Output: [2] [2 4]
}

func ExampleHistogram() {
	counts, edges, _ := ops.Histogram(vec(1, 2, 1, 4, 3, 4), 3)
	fmt.Println(counts.Data(), edges.Data())
	// Output: [2 1 3] [1 2 3 4]
}

func ExampleHistogramRange() {
	counts, edges, _ := ops.HistogramRange(vec(0.5, 1.5, 2.5, 9), 2, 0, 2)
	fmt.Println(counts.Data(), edges.Data())
	// Output: [1 1] [0 1 2]
}

func ExampleBincount() {
	show(ops.Bincount(vec(0, 1, 1, 3), 0))
	show(ops.BincountWeighted(vec(0, 1, 1, 3), vec(0.5, 1, 2, 4), 0))
	// Output:
	// [4] [1 2 0 1]
	// [4] [0.5 3 0 4]
}

func ExampleAverage() {
	fmt.Println(must(ops.Average(vec(1.0, 2, 3), vec(3.0, 1, 0))))
	// Output: 1.25
}

func ExampleAverageAxis() {
	m := must(nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2}))
	show(ops.AverageAxis(m, vec(1.0, 3), ops.Axis(1))) // weights along axis 1
	// Output: [2] [1.75 3.75]
}

func ExampleCov() {
	// Two variables (rows), four observations (columns).
	x := must(nd.FromSlice([]float64{1, 2, 3, 4, 2, 4, 6, 8}, []int{2, 4}))
	c := must(ops.Cov(x, 1))
	fmt.Printf("%.4g\n", slices.Collect(c.Values()))
	// Output: [1.667 3.333 3.333 6.667]
}

func ExampleCorrcoef() {
	x := must(nd.FromSlice([]float64{1, 2, 3, 4, 8, 6, 4, 2}, []int{2, 4}))
	show(ops.Corrcoef(x))
	// Output: [2 2] [1 -1 -1 1]
}

func ExampleAxis_several() {
	cube := must(nd.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8}, []int{2, 2, 2}))
	show(ops.SumAxis(cube, ops.Axis(0, 2)))
	show(ops.MaxAxis(cube, ops.Axis(1, 2).KeepDims()))
	// Output:
	// [2] [14 22]
	// [2 1 1] [4 8]
}
