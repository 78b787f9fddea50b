package ops_test

import (
	"errors"
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// Centre the columns of a matrix in an arena: the column means keep their
// axis, so they broadcast against the matrix.
func Example() {
	err := mem.WithArena(1<<20, func(arena *mem.Arena) error {
		m, err := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3}, nd.With(arena))
		if err != nil {
			return err
		}
		means, err := ops.MeanAxis(m, ops.Axis(0).KeepDims(), nd.With(arena))
		if err != nil {
			return err
		}
		centred, err := ops.Sub(m, means, nd.With(arena))
		if err != nil {
			return err
		}
		big, err := ops.Greater(centred, ops.Scalar(0.0), nd.With(arena))
		if err != nil {
			return err
		}
		total, err := ops.Sum(m)
		fmt.Println(means.Shape(), centred.Data(), big.Data(), total)
		return err
	})
	fmt.Println(err)
	// Output:
	// [1 3] [-1.5 -1.5 -1.5 1.5 1.5 1.5] [0 0 0 1 1 1] 21
	// <nil>
}

// NumPy sums bytes in uint64; Sum returns a uint8 and so reports a sum
// that does not fit, and SumAxisInto with a uint64 destination gives
// NumPy's result.
func ExampleSumAxisInto() {
	bytes, _ := nd.Ones[uint8]([]int{1000})
	_, err := ops.Sum(bytes)
	fmt.Println(errors.Is(err, ops.ErrOverflow))
	total, _ := nd.Empty[uint64](nil)
	if err := ops.SumAxisInto(total, bytes, ops.AllAxes()); err != nil {
		panic(err)
	}
	fmt.Println(total.At())
	// Output:
	// true
	// 1000
}

// A destination that overlaps an input gives NumPy's answer: the input is
// read through a temporary.
func ExampleAddInto() {
	a, _ := nd.Arange[float64](0, 8, 1)
	dst, _ := a.SliceExpr("1:")
	src, _ := a.SliceExpr(":7")
	if err := ops.AddInto(dst, src, src); err != nil {
		panic(err)
	}
	fmt.Println(a)
	// Output:
	// [ 0.  0.  2.  4.  6.  8. 10. 12.]
}
