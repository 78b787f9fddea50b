package ops_test

import (
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
