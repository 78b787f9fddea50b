package ops_test

import (
	"fmt"
	"math"
	"slices"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

func ExampleAllAxes() {
	bytes, _ := nd.FromSlice([]uint8{200, 200, 200}, []int{3})
	total, _ := nd.Empty[uint64](nil) // 0-d: NumPy's axis=None in a kind of our choosing
	if err := ops.SumAxisInto(total, bytes, ops.AllAxes()); err != nil {
		panic(err)
	}
	fmt.Println(total.At())
	// Output: 600
}

func ExampleAxisSpec_All() {
	fmt.Println(ops.AllAxes().All(), ops.Axis(0).All())
	// Output: true false
}

func ExampleAxisSpec_Index() {
	fmt.Println(ops.Axis(-1).Index(), ops.Axis(2, 0).Index())
	// Output: -1 2
}

func ExampleAxisSpec_KeepDims() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2})
	rows, _ := ops.SumAxis(a, ops.Axis(1).KeepDims()) // shape (2, 1): broadcasts back against a
	centred, _ := ops.Sub(a, rows)
	fmt.Println(rows.Shape(), centred)
	// Output:
	// [2 1] [[-2. -1.]
	//  [-4. -3.]]
}

func ExampleAxisSpec_Kept() {
	fmt.Println(ops.Axis(0).Kept(), ops.Axis(0).KeepDims().Kept())
	// Output: false true
}

func ExampleAxisSpec_Several() {
	fmt.Println(ops.Axis(0).Several(), ops.Axis(0, 1).Several())
	// Output: false true
}

func ExampleScalar() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	sq, _ := ops.Pow(a, ops.Scalar(2.0))     // a 0-d operand broadcasts
	small, _ := ops.Less(a, ops.Scalar(2.5)) // every binary op has a scalar form this way
	fmt.Println(sq, small)
	// Output: [1. 4. 9.] [1 1 0]
}

func ExampleSetParallelThreshold() {
	a, _ := nd.Linspace(0.0, 1.0, 1<<17, true)
	prev := ops.SetParallelThreshold(math.MaxInt) // one goroutine for every size
	one, _ := ops.Exp(a)
	s1, _ := ops.Sum(one)
	// Memory-bound work splits from 16Ki elements, the math kernels
	// (Exp) from a sixteenth of that: this Exp is split.
	ops.SetParallelThreshold(1 << 14)
	two, _ := ops.Exp(a)
	s2, _ := ops.Sum(two)
	ops.SetParallelThreshold(prev) // back to the default (1Mi elements)
	fmt.Println(slices.Equal(one.Data(), two.Data()), s1 == s2)
	// Output: true true
}

func ExampleArgSortInto() {
	a, _ := nd.FromSlice([]float64{3, math.NaN(), 1, 3}, []int{4})
	idx, _ := nd.Empty[int]([]int{4})
	if err := ops.ArgSortInto(idx, a, 0); err != nil { // stable: the tie keeps its order; NaN last
		panic(err)
	}
	fmt.Println(idx)
	// Output: [2 0 3 1]
}

func ExamplePartitionInto() {
	a, _ := nd.FromSlice([]int{7, 1, 5, 3, 9, 2}, []int{6})
	dst, _ := nd.Empty[int]([]int{6})
	if err := ops.PartitionInto(dst, a, 2, 0); err != nil {
		panic(err)
	}
	// dst[2] is the element a sorted copy has there; smaller ones before it,
	// larger after (in an order that is not NumPy's).
	fmt.Println(dst.At(2), max(dst.At(0), dst.At(1)) <= dst.At(2), min(dst.At(3), dst.At(4), dst.At(5)) >= dst.At(2))
	// Output: 3 true true
}

func ExampleArgPartitionInto() {
	a, _ := nd.FromSlice([]float64{7, 1, 5, 3}, []int{4})
	idx, _ := nd.Empty[int]([]int{4})
	if err := ops.ArgPartitionInto(idx, a, 0, 0); err != nil { // kth 0: the smallest first
		panic(err)
	}
	fmt.Println(idx.At(0), a.At(idx.At(0)))
	// Output: 1 1
}

func ExampleSearchSortedInto() {
	sorted, _ := nd.FromSlice([]float64{1, 2, 2, 3}, []int{4})
	v, _ := nd.FromSlice([]float64{2, 0, 5}, []int{3})
	left, _ := nd.Empty[int]([]int{3})
	right, _ := nd.Empty[int]([]int{3})
	if err := ops.SearchSortedInto(left, sorted, v, ops.SearchLeft); err != nil {
		panic(err)
	}
	if err := ops.SearchSortedInto(right, sorted, v, ops.SearchRight); err != nil {
		panic(err)
	}
	fmt.Println(left, right)
	// Output: [1 0 4] [3 0 4]
}

func ExampleCumProdInto() {
	a, _ := nd.FromSlice([]int8{2, 3, 4, 5, 6}, []int{5})
	dst, _ := nd.Empty[int64]([]int{5}) // products in int64: 720 does not fit int8
	if err := ops.CumProdInto(dst, a, 0); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [  2   6  24 120 720]
}

func ExampleDiffInto() {
	a, _ := nd.FromSlice([]float64{1, 4, 9, 16, 25}, []int{5})
	second, _ := nd.Empty[float64]([]int{3}) // n = 2: two elements shorter
	if err := ops.DiffInto(second, a, 2, 0); err != nil {
		panic(err)
	}
	fmt.Println(second)
	// Output: [2. 2. 2.]
}

func ExampleClip() {
	a, _ := nd.FromSlice([]float64{-3, 0.5, 7, math.NaN()}, []int{4})
	c, _ := ops.Clip(a, 0, 1)
	fmt.Println(c)
	// Output: [0.  0.5 1.  nan]
}

func ExampleClipInto() {
	a, _ := nd.FromSlice([]int{-3, 5, 70}, []int{3})
	if err := ops.ClipInto(a, a, 0, 10); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [ 0  5 10]
}

func ExampleWhereInto() {
	a, _ := nd.FromSlice([]float64{-1, 2, -3}, []int{3})
	pos, _ := ops.Greater(a, ops.Scalar(0.0))
	if err := ops.WhereInto(a, pos, a, ops.Scalar(0.0)); err != nil { // relu in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [0. 2. 0.]
}

func ExampleIsCloseInto() {
	a, _ := nd.FromSlice([]float64{1, 1e-9, math.NaN()}, []int{3})
	b, _ := nd.FromSlice([]float64{1 + 1e-10, 0, math.NaN()}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.IsCloseInto(mask, a, b, ops.Tolerance{Rel: 1e-5, Abs: 1e-8, EqualNaN: true}); err != nil {
		panic(err)
	}
	fmt.Println(mask)
	// Output: [1 1 1]
}

func ExampleBincountInto() {
	a, _ := nd.FromSlice([]int{0, 1, 1, 3}, []int{4})
	counts, _ := nd.Empty[int]([]int{6}) // dst's length is the minlength
	if err := ops.BincountInto(counts, a); err != nil {
		panic(err)
	}
	fmt.Println(counts)
	// Output: [1 2 0 1 0 0]
}

func ExampleBincountWeighted() {
	a, _ := nd.FromSlice([]uint8{0, 1, 1, 3}, []int{4})
	w, _ := nd.FromSlice([]float64{0.5, 1, 2, 0.25}, []int{4})
	sums, _ := ops.BincountWeighted(a, w, 0) // the weights summed per value
	fmt.Println(sums)
	// Output: [0.5  3.   0.   0.25]
}

func ExampleBincountWeightedInto() {
	a, _ := nd.FromSlice([]int{2, 2, 0}, []int{3})
	w, _ := nd.FromSlice([]float32{1.5, 1.5, 4}, []int{3})
	sums, _ := nd.Empty[float32]([]int{3})
	if err := ops.BincountWeightedInto(sums, a, w); err != nil {
		panic(err)
	}
	fmt.Println(sums)
	// Output: [4. 0. 3.]
}

func ExampleHistogramInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 2, 3, 4}, []int{5})
	counts, _ := nd.Empty[int]([]int{3}) // 3 bins
	edges, _ := nd.Empty[float64]([]int{4})
	if err := ops.HistogramInto(counts, edges, a); err != nil {
		panic(err)
	}
	fmt.Println(counts, edges)
	// Output: [1 2 2] [1. 2. 3. 4.]
}

func ExampleHistogramRangeInto() {
	a, _ := nd.FromSlice([]float64{-1, 0.1, 0.2, 0.7, 1, 5}, []int{6})
	counts, _ := nd.Empty[int]([]int{2})
	edges, _ := nd.Empty[float64]([]int{3})
	if err := ops.HistogramRangeInto(counts, edges, a, 0, 1); err != nil { // outside [0, 1]: not counted
		panic(err)
	}
	fmt.Println(counts, edges)
	// Output: [2 2] [0.  0.5 1. ]
}

func ExampleCovInto() {
	// Two variables in rows, four observations in columns.
	m, _ := nd.FromSlice([]float64{1, 2, 3, 4, 2, 4, 6, 8}, []int{2, 4})
	dst, _ := nd.Empty[float64]([]int{2, 2})
	if err := ops.CovInto(dst, m, 1); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output:
	// [[1.6667 3.3333]
	//  [3.3333 6.6667]]
}

func ExampleCorrcoefInto() {
	m, _ := nd.FromSlice([]float64{1, 2, 3, 4, 4, 3, 2, 1}, []int{2, 4})
	dst, _ := nd.Empty[float64]([]int{2, 2})
	if err := ops.CorrcoefInto(dst, m); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [[ 1. -1.]
	//  [-1.  1.]]
}

func ExampleUniqueResult_Free() {
	a, _ := nd.FromSlice([]int{3, 1, 3, 2}, []int{4})
	u, err := ops.UniqueAll(a)
	if err != nil {
		panic(err)
	}
	fmt.Println(u.Values, u.Counts)
	fmt.Println(u.Free()) // frees the four arrays at once
	// Output:
	// [1 2 3] [1 1 2]
	// <nil>
}
