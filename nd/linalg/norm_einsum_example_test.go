package linalg_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

func ExampleMatrixNorm() {
	// Two 2x2 matrices: the identity and [[1, 2], [3, 4]].
	stack, _ := nd.FromSlice([]float64{1, 0, 0, 1, 1, 2, 3, 4}, []int{2, 2, 2})
	fro, _ := linalg.MatrixNorm(stack, linalg.Fro, -2, -1)
	cols, _ := linalg.MatrixNorm(stack, linalg.P(1), 1, 2) // largest column sum
	rows, _ := linalg.MatrixNorm(stack, linalg.P(1), 2, 1) // axes swapped: the largest row sum
	fmt.Printf("%.4f %v %v\n", fro, cols, rows)
	_, err := linalg.MatrixNorm(stack, linalg.P(3), 1, 2)
	fmt.Println(err)
	// Output:
	// [1.4142 5.4772] [1. 6.] [1. 7.]
	// linalg: MatrixNorm: 3 for a matrix: invalid norm order
}

func ExampleMatrixNormInto() {
	stack, _ := nd.FromSlice([]float32{2, 0, 0, 1, 3, 0, 0, 4}, []int{2, 2, 2})
	dst, _ := nd.Empty[float32]([]int{2})
	if err := linalg.MatrixNormInto(dst, stack, linalg.P(-2), 1, 2); err != nil { // the smallest singular value
		panic(err)
	}
	fmt.Println(dst)
	// Output: [1. 3.]
}

func ExampleEinsum_ellipsis() {
	// A stack of two 2x2 matrices times one 2x2 matrix, broadcast over the
	// stack as NumPy's "...": the batch axes come first in the result.
	x, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8}, []int{2, 2, 2})
	swap, _ := nd.FromSlice([]float64{0, 1, 1, 0}, []int{2, 2})
	prod, _ := linalg.Einsum("...ij,...jk->...ik", []*nd.Array[float64]{x, swap})
	traces, _ := linalg.Einsum("...ii", []*nd.Array[float64]{x}) // implicit: the trace of each
	fmt.Println(prod)
	fmt.Println(traces)
	// Output:
	// [[[2. 1.]
	//   [4. 3.]]
	//
	//  [[6. 5.]
	//   [8. 7.]]]
	// [ 5. 13.]
}
