package gemm_test

import (
	"fmt"

	"github.com/numgo/numgo/asm/gemm"
)

// Three 2x2 products in one call: the matrices of a and c lie one after
// another (stride 4), and one b is shared by all (stride 0).
func ExampleDgemmBatched() {
	a := []float64{
		1, 0, 0, 1, // identity
		2, 0, 0, 2, // twice the identity
		0, 1, 1, 0, // swap the rows
	}
	b := []float64{1, 2, 3, 4}
	c := make([]float64, 12)
	gemm.DgemmBatched(0, false, false, 2, 2, 2, 3, 1, a, 2, 4, b, 2, 0, 0, c, 2, 4)
	fmt.Println(c[0:4], c[4:8], c[8:12])
	// Output:
	// [1 2 3 4] [2 4 6 8] [3 4 1 2]
}
