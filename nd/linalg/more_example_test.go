package linalg_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

func ExampleMatMulInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2})
	dst, _ := nd.Empty[float64]([]int{2, 2})
	if err := linalg.MatMulInto(dst, a, a.T()); err != nil { // a @ a.T, the transpose a view
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [[ 5. 11.]
	//  [11. 25.]]
}

func ExampleGemm() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2})
	c, _ := nd.Full([]int{2, 2}, 1.0)
	if err := linalg.Gemm(2, a, a, 10, c); err != nil { // c = 2·a@a + 10·c
		panic(err)
	}
	fmt.Println(c)
	// Output:
	// [[24. 30.]
	//  [40. 54.]]
}

func ExampleDot() {
	u, _ := nd.FromSlice([]float32{1, 2, 3}, []int{3})
	v, _ := nd.FromSlice([]float32{4, 5, 6}, []int{3})
	d, err := linalg.Dot(u, v)
	fmt.Println(d, err)
	// Output: 32 <nil>
}

func ExampleOuter() {
	u, _ := nd.FromSlice([]float64{1, 2}, []int{2})
	v, _ := nd.FromSlice([]float64{1, 10, 100}, []int{3})
	o, _ := linalg.Outer(u, v)
	fmt.Println(o)
	// Output:
	// [[  1.  10. 100.]
	//  [  2.  20. 200.]]
}

func ExampleSolve() {
	a, _ := nd.FromSlice([]float64{2, 1, 1, 3}, []int{2, 2})
	b, _ := nd.FromSlice([]float64{3, 5}, []int{2})
	x, err := linalg.Solve(a, b)
	fmt.Printf("%.4f %v\n", x, err)
	// Output: [0.8000 1.4000] <nil>
}

func ExampleInv() {
	a, _ := nd.FromSlice([]float64{4, 7, 2, 6}, []int{2, 2})
	inv, _ := linalg.Inv(a)
	fmt.Printf("%.4f\n", inv)
	// Output:
	// [[ 0.6000 -0.7000]
	//  [-0.2000  0.4000]]
}

func ExampleDet() {
	a, _ := nd.FromSlice([]float64{4, 7, 2, 6}, []int{2, 2})
	d, _ := linalg.Det(a)
	fmt.Printf("%.4f\n", d)
	// Output: 10.0000
}

func ExampleCholesky() {
	a, _ := nd.FromSlice([]float64{4, 2, 2, 3}, []int{2, 2})
	u, err := linalg.Cholesky(a) // upper triangular, a = u.T @ u (NumPy returns the lower l = u.T)
	fmt.Printf("%.4f %v\n", u, err)
	// Output:
	// [[2.0000 1.0000]
	//  [0.0000 1.4142]] <nil>
}

func ExampleQR() {
	a, _ := nd.FromSlice([]float64{3, 1, 4, 2}, []int{2, 2})
	q, r, _ := linalg.QR(a)
	back, _ := linalg.MatMul(q, r)
	fmt.Printf("%.4f\n", back)
	// Output:
	// [[3.0000 1.0000]
	//  [4.0000 2.0000]]
}

func ExampleSVD() {
	a, _ := nd.FromSlice([]float64{3, 0, 0, -2}, []int{2, 2})
	_, s, _, err := linalg.SVD(a) // singular values in decreasing order
	fmt.Printf("%.4f %v\n", s, err)
	// Output: [3.0000 2.0000] <nil>
}

func ExampleEigenSym() {
	a, _ := nd.FromSlice([]float64{2, 1, 1, 2}, []int{2, 2})
	values, _, err := linalg.EigenSym(a) // ascending
	fmt.Printf("%.4f %v\n", values, err)
	// Output: [1.0000 3.0000] <nil>
}

func ExampleP() {
	v, _ := nd.FromSlice([]float64{3, -4}, []int{2})
	one, _ := linalg.NormOrd(v, linalg.P(1))
	two, _ := linalg.NormOrd(v, linalg.P(2))
	fmt.Println(one, two)
	// Output: 7 5
}

func ExampleOrd_String() {
	fmt.Println(linalg.Ord{}, linalg.Fro, linalg.Nuc, linalg.P(-2))
	// Output: None fro nuc -2
}

func ExampleGeneral64() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	g, err := linalg.General64(a) // a blas64 view of a's memory, no copy
	fmt.Println(g.Rows, g.Cols, g.Stride, err)
	// Output: 2 3 3 <nil>
}

func ExampleGeneral32() {
	a, _ := nd.FromSlice([]float32{1, 2, 3, 4}, []int{2, 2})
	g, _ := linalg.General32(a)
	g.Data[0] = 9 // the same memory
	fmt.Println(a.At(0, 0))
	// Output: 9
}

func ExampleFromGeneral() {
	g := blas64.General{Rows: 2, Cols: 2, Stride: 3, Data: []float64{1, 2, 0, 3, 4, 0}}
	a, err := linalg.FromGeneral(g) // a view: the padding column is skipped
	fmt.Println(a, err)
	// Output:
	// [[1. 2.]
	//  [3. 4.]] <nil>
}

func ExampleFromGeneral32() {
	g := blas32.General{Rows: 1, Cols: 3, Stride: 3, Data: []float32{1, 2, 3}}
	a, _ := linalg.FromGeneral32(g)
	fmt.Println(a.Shape())
	// Output: [1 3]
}

func ExampleFromDense() {
	d := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	a, err := linalg.FromDense(d) // shares d's memory
	d.Set(0, 0, 9)
	fmt.Println(a.At(0, 0), err)
	// Output: 9 <nil>
}

func ExampleCopyMatrix() {
	sym := mat.NewSymDense(2, []float64{1, 2, 2, 5})
	a, err := linalg.CopyMatrix(sym) // any mat.Matrix, copied
	fmt.Println(a, err)
	// Output:
	// [[1. 2.]
	//  [2. 5.]] <nil>
}

func ExampleBLAS_Dgemm() {
	a := []float64{1, 2, 3, 4}
	c := make([]float64, 4)
	linalg.BLAS{}.Dgemm(blas.NoTrans, blas.Trans, 2, 2, 2, 1, a, 2, a, 2, 0, c, 2) // c = a @ a.T
	fmt.Println(c)
	// Output: [5 11 11 25]
}

func ExampleBLAS_Sgemm() {
	a := []float32{1, 2, 3, 4}
	c := make([]float32, 4)
	linalg.BLAS{}.Sgemm(blas.NoTrans, blas.NoTrans, 2, 2, 2, 1, a, 2, a, 2, 0, c, 2) // c = a @ a
	fmt.Println(c)
	// Output: [7 10 15 22]
}
