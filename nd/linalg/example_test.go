package linalg_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

func ExampleMatMul() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	b, _ := nd.FromSlice([]float64{1, 0, 0, 1, 1, 1}, []int{3, 2})
	c, err := linalg.MatMul(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Println(c)
	// Output:
	// [[ 4.  5.]
	//  [10. 11.]]
}

// Installing linalg.BLAS makes gonum's own matrix code run on numgo's GEMM.
func ExampleBLAS() {
	prev := blas64.Implementation()
	blas64.Use(linalg.BLAS{})
	defer blas64.Use(prev)

	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	var c mat.Dense
	c.Mul(a, a)
	fmt.Println(mat.Formatted(&c))
	// Output:
	// ⎡ 7  10⎤
	// ⎣15  22⎦
}

// An nd array and a gonum matrix can share memory.
func ExampleDense() {
	a, _ := nd.Zeros[float64]([]int{2, 2})
	d, err := linalg.Dense(a)
	if err != nil {
		panic(err)
	}
	d.Set(1, 0, 42) // gonum writes into the array's memory
	fmt.Println(a.At(1, 0))
	// Output:
	// 42
}
