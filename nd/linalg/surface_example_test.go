package linalg_test

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

func ExampleNorm() {
	a, _ := nd.FromSlice([]float64{3, 4, 0, 0, 0, 12}, []int{2, 3})
	n, err := linalg.Norm(a) // all elements: the Frobenius norm of a matrix
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	// Output:
	// 13
}

func ExampleNormOrd() {
	v, _ := nd.FromSlice([]float64{3, -4, 0}, []int{3})
	m, _ := nd.FromSlice([]float64{1, -2, 3, 4}, []int{2, 2})
	for _, o := range []linalg.Ord{linalg.P(1), linalg.P(2), linalg.P(math.Inf(1)), linalg.P(0)} {
		n, _ := linalg.NormOrd(v, o)
		fmt.Printf("vector ord %v: %.4g\n", o, n)
	}
	for _, o := range []linalg.Ord{linalg.Fro, linalg.Nuc, linalg.P(1), linalg.P(math.Inf(1)), linalg.P(2)} {
		n, _ := linalg.NormOrd(m, o)
		fmt.Printf("matrix ord %v: %.4g\n", o, n)
	}
	_, err := linalg.NormOrd(m, linalg.P(3))
	fmt.Println(err)
	// Output:
	// vector ord 1: 7
	// vector ord 2: 5
	// vector ord +Inf: 4
	// vector ord 0: 2
	// matrix ord fro: 5.477
	// matrix ord nuc: 7.071
	// matrix ord 1: 6
	// matrix ord +Inf: 7
	// matrix ord 2: 5.117
	// linalg: NormOrd: 3 for a matrix: invalid norm order
}

func ExampleTrace() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, []int{3, 3})
	t0, _ := linalg.Trace(a, 0)
	t1, _ := linalg.Trace(a, 1)
	fmt.Println(t0, t1)
	// Output:
	// 15 8
}

func ExampleTriu() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, []int{3, 3})
	u, _ := linalg.Triu(a, 0)
	fmt.Println(u)
	// Output:
	// [[1 2 3]
	//  [0 5 6]
	//  [0 0 9]]
}

func ExampleTriuInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6}, []int{2, 3})
	if err := linalg.TriuInto(a, a, 1); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output:
	// [[0 2 3]
	//  [0 0 6]]
}

func ExampleTril() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, []int{3, 3})
	l, _ := linalg.Tril(a, -1)
	fmt.Println(l)
	// Output:
	// [[0 0 0]
	//  [4 0 0]
	//  [7 8 0]]
}

func ExampleTrilInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2})
	dst, _ := nd.Empty[float64]([]int{2, 2})
	if err := linalg.TrilInto(dst, a.T(), 0); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [[1. 0.]
	//  [2. 4.]]
}

func ExampleKron() {
	a, _ := nd.FromSlice([]int{1, 10}, []int{2})
	b, _ := nd.FromSlice([]int{1, 2, 3, 4}, []int{2, 2})
	k, _ := linalg.Kron(a, b) // a is read as (1, 2)
	fmt.Println(k)
	// Output:
	// [[ 1  2 10 20]
	//  [ 3  4 30 40]]
}

func ExampleKronInto() {
	a, _ := nd.FromSlice([]float64{1, 2}, []int{2})
	b, _ := nd.FromSlice([]float64{1, -1}, []int{2})
	dst, _ := nd.Empty[float64]([]int{4})
	if err := linalg.KronInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [ 1. -1.  2. -2.]
}

func ExampleMatrixRank() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 2, 4, 6, 1, 0, 1}, []int{3, 3}) // row 1 = 2 * row 0
	r, _ := linalg.MatrixRank(a)
	fmt.Println(r)
	// Output:
	// 2
}

func ExamplePinv() {
	a, _ := nd.FromSlice([]float64{1, 0, 0, 2, 0, 0}, []int{3, 2})
	p, _ := linalg.Pinv(a)
	fmt.Println(p)
	// Output:
	// [[1.  0.  0. ]
	//  [0.  0.5 0. ]]
}

// Fitting a line y = c0 + c1 x through three points.
func ExampleLstsq() {
	a, _ := nd.FromSlice([]float64{1, 0, 1, 1, 1, 2}, []int{3, 2}) // columns: 1, x
	y, _ := nd.FromSlice([]float64{1, 2, 4}, []int{3})
	x, residuals, rank, s, err := linalg.Lstsq(a, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("coefficients %.4f\nresiduals %.4f\nrank %d, singular values %.4f\n", x, residuals, rank, s)
	// Output:
	// coefficients [0.8333 1.5000]
	// residuals [0.1667]
	// rank 2, singular values [2.6762 0.9153]
}

func ExampleEig() {
	rot, _ := nd.FromSlice([]float64{0, -1, 1, 0}, []int{2, 2}) // a quarter turn
	values, vectors, err := linalg.Eig(rot)
	if err != nil {
		panic(err)
	}
	fmt.Println(values.At(0), values.At(1))
	// a @ v = λ v for the first column, v = (v0, v1): a @ v = (-v1, v0).
	v0, v1 := vectors.At(0, 0), vectors.At(1, 0)
	fmt.Println(cmplx.Abs(-v1-values.At(0)*v0) < 1e-15, cmplx.Abs(v0-values.At(0)*v1) < 1e-15)
	fmt.Printf("|v0|² + |v1|² = %.3f\n", real(v0*cmplx.Conj(v0)+v1*cmplx.Conj(v1)))
	// Output:
	// (0+1i) (0-1i)
	// true true
	// |v0|² + |v1|² = 1.000
}

func ExampleEinsum() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2})
	b, _ := nd.FromSlice([]float64{0, 1, 1, 0}, []int{2, 2})
	prod, _ := linalg.Einsum("ij,jk->ik", []*nd.Array[float64]{a, b}) // a @ b, on the GEMM
	trace, _ := linalg.Einsum("ii", []*nd.Array[float64]{a})          // implicit output: 0-d
	cols, _ := linalg.Einsum("ij->j", []*nd.Array[float64]{a})
	fmt.Println(prod)
	fmt.Println(trace.At(), cols)
	_, err := linalg.Einsum("ij,jk->ik", []*nd.Array[float64]{a})
	fmt.Println(err)
	// Output:
	// [[2. 1.]
	//  [4. 3.]]
	// 5 [4. 6.]
	// linalg: Einsum: subscripts "ij,jk->ik": 2 operand subscripts for 1 operands: bad shape
}

func ExampleEinsumInto() {
	x, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	y, _ := nd.FromSlice([]float64{1, 10}, []int{2})
	dst, _ := nd.Empty[float64]([]int{3, 2})
	if err := linalg.EinsumInto(dst, "i,j->ij", x, y); err != nil { // outer product
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [[ 1. 10.]
	//  [ 2. 20.]
	//  [ 3. 30.]]
}

func ExampleNormAxis() {
	a, _ := nd.FromSlice([]float64{3, 4, 1, -1, 0, 0}, []int{3, 2})
	rows, _ := linalg.NormAxis(a, linalg.P(2), ops.Axis(1)) // the length of each row
	cols, _ := linalg.NormAxis(a, linalg.P(1), ops.Axis(0).KeepDims())
	fmt.Printf("%.4f\n%v\n", rows, cols)
	// Output:
	// [5.0000 1.4142 0.0000]
	// [[4. 5.]]
}

func ExampleNormAxisInto() {
	a, _ := nd.FromSlice([]float32{1, -7, 2, 5}, []int{2, 2})
	dst, _ := nd.Empty[float32]([]int{2})
	if err := linalg.NormAxisInto(dst, a, linalg.P(math.Inf(1)), ops.Axis(-1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output:
	// [7. 5.]
}
