package ops_test

import (
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

func ExampleAbs() {
	x, _ := nd.FromSlice([]float64{-2, -0.5, 0, 3}, []int{4})
	y, err := ops.Abs(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [2.  0.5 0.  3. ]
}

func ExampleCeil() {
	x, _ := nd.FromSlice([]float64{-1.5, -0.5, 0.5, 2.5}, []int{4})
	y, err := ops.Ceil(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [-1. -0.  1.  3.]
}

func ExampleFloor() {
	x, _ := nd.FromSlice([]float64{-1.5, -0.5, 0.5, 2.5}, []int{4})
	y, err := ops.Floor(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [-2. -1.  0.  2.]
}

func ExampleTrunc() {
	x, _ := nd.FromSlice([]float64{-1.5, -0.5, 0.5, 2.5}, []int{4})
	y, err := ops.Trunc(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [-1. -0.  0.  2.]
}

func ExampleExp2() {
	x, _ := nd.FromSlice([]float64{-1, 0, 10}, []int{3})
	y, err := ops.Exp2(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [5.000e-01 1.000e+00 1.024e+03]
}

func ExampleLog() {
	x, _ := nd.FromSlice([]float64{1, math.E, 0, -1}, []int{4})
	y, err := ops.Log(x) // log(0) = -Inf, log(-1) = NaN
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", y)
	// Output: [0.0000 1.0000   -Inf    NaN]
}

func ExampleLog10() {
	x, _ := nd.FromSlice([]float64{1, 1000, 0.01}, []int{3})
	y, err := ops.Log10(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [ 0.  3. -2.]
}

func ExampleLog1p() {
	x, _ := nd.FromSlice([]float64{1e-10, 1, -1}, []int{3})
	y, err := ops.Log1p(x) // exact for tiny x, where log(1+x) loses it
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.6g\n", y)
	// Output: [   1e-10 0.693147     -Inf]
}

func ExampleLog2() {
	x, _ := nd.FromSlice([]float64{1, 8, 0.5}, []int{3})
	y, err := ops.Log2(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [ 0.  3. -1.]
}

func ExampleNeg() {
	x, _ := nd.FromSlice([]int32{1, -2, 3}, []int{3})
	y, err := ops.Neg(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", y)
	// Output: [-1  2 -3]
}

func ExampleSqrt() {
	x, _ := nd.FromSlice([]float64{4, 2, 0, -1}, []int{4})
	y, err := ops.Sqrt(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", y)
	// Output: [2.0000 1.4142 0.0000    NaN]
}

func ExampleAbsInto() {
	x, _ := nd.FromSlice([]float32{-2, -0.5, 3}, []int{3})
	if err := ops.AbsInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [2.  0.5 3. ]
}

func ExampleAcosInto() {
	x, _ := nd.FromSlice([]float64{1, 0, -1}, []int{3})
	if err := ops.AcosInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [0.0000 1.5708 3.1416]
}

func ExampleAsinInto() {
	x, _ := nd.FromSlice([]float64{1, 0, -1}, []int{3})
	if err := ops.AsinInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [ 1.5708  0.0000 -1.5708]
}

func ExampleAtanInto() {
	x, _ := nd.FromSlice([]float64{-1, 0, 1e10}, []int{3})
	if err := ops.AtanInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [-0.7854  0.0000  1.5708]
}

func ExampleCeilInto() {
	x, _ := nd.FromSlice([]float32{-1.5, 0.2, 2.5}, []int{3})
	if err := ops.CeilInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [-1.  1.  3.]
}

func ExampleCosInto() {
	x, _ := nd.FromSlice([]float64{0, math.Pi / 3, math.Pi}, []int{3})
	if err := ops.CosInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [ 1.0000  0.5000 -1.0000]
}

func ExampleCoshInto() {
	x, _ := nd.FromSlice([]float64{0, 1, -1}, []int{3})
	if err := ops.CoshInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [1.0000 1.5431 1.5431]
}

func ExampleErfInto() {
	x, _ := nd.FromSlice([]float64{0, 1, -3}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.ErfInto(dst, x); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output: [ 0.0000  0.8427 -1.0000]
}

func ExampleExp2Into() {
	x, _ := nd.FromSlice([]float32{0, 1, 10}, []int{3})
	if err := ops.Exp2Into(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [1.000e+00 2.000e+00 1.024e+03]
}

func ExampleExpInto() {
	x, _ := nd.FromSlice([]float64{0, 1, -1}, []int{3})
	if err := ops.ExpInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [1.0000 2.7183 0.3679]
}

func ExampleExpm1Into() {
	x, _ := nd.FromSlice([]float64{1e-10, 1, -1}, []int{3})
	if err := ops.Expm1Into(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.6g\n", x)
	// Output: [    1e-10   1.71828 -0.632121]
}

func ExampleFloorInto() {
	x, _ := nd.FromSlice([]float32{-1.5, 0.2, 2.5}, []int{3})
	if err := ops.FloorInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [-2.  0.  2.]
}

func ExampleLog10Into() {
	x, _ := nd.FromSlice([]float32{1, 100, 0.1}, []int{3})
	if err := ops.Log10Into(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [ 0.  2. -1.]
}

func ExampleLog1pInto() {
	x, _ := nd.FromSlice([]float64{1e-10, math.E - 1, 0}, []int{3})
	if err := ops.Log1pInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.6g\n", x)
	// Output: [1e-10     1     0]
}

func ExampleLog2Into() {
	x, _ := nd.FromSlice([]float32{1, 1024, 0.25}, []int{3})
	if err := ops.Log2Into(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [ 0. 10. -2.]
}

func ExampleLogInto() {
	x, _ := nd.FromSlice([]float64{1, math.E, 10}, []int{3})
	if err := ops.LogInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [0.0000 1.0000 2.3026]
}

func ExampleNegInto() {
	x, _ := nd.FromSlice([]float64{1, -2, 0}, []int{3})
	if err := ops.NegInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [-1.  2. -0.]
}

func ExampleReciprocalInto() {
	x, _ := nd.FromSlice([]float64{2, -4, 0}, []int{3})
	if err := ops.ReciprocalInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [ 0.5  -0.25   inf]
}

func ExampleRoundToEvenInto() {
	x, _ := nd.FromSlice([]float64{0.5, 1.5, 2.5, -0.5}, []int{4})
	if err := ops.RoundToEvenInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [ 0.  2.  2. -0.]
}

func ExampleSigmoidInto() {
	x, _ := nd.FromSlice([]float64{0, 2, -2}, []int{3})
	if err := ops.SigmoidInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [0.5000 0.8808 0.1192]
}

func ExampleSinInto() {
	x, _ := nd.FromSlice([]float64{0, math.Pi / 6, math.Pi / 2}, []int{3})
	if err := ops.SinInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [0.0000 0.5000 1.0000]
}

func ExampleSinhInto() {
	x, _ := nd.FromSlice([]float64{0, 1, -1}, []int{3})
	if err := ops.SinhInto(x, x); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [ 0.0000  1.1752 -1.1752]
}

func ExampleSqrtInto() {
	x, _ := nd.FromSlice([]float32{9, 2, 0}, []int{3})
	if err := ops.SqrtInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [3.0000 1.4142 0.0000]
}

func ExampleSquareInto() {
	x, _ := nd.FromSlice([]int64{-3, 4, 5}, []int{3})
	if err := ops.SquareInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [ 9 16 25]
}

func ExampleTanInto() {
	x, _ := nd.FromSlice([]float64{0, math.Pi / 4, -math.Pi / 4}, []int{3})
	if err := ops.TanInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [ 0.0000  1.0000 -1.0000]
}

func ExampleTanhInto() {
	x, _ := nd.FromSlice([]float64{0, 1, -20}, []int{3})
	if err := ops.TanhInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%.4f\n", x)
	// Output: [ 0.0000  0.7616 -1.0000]
}

func ExampleTruncInto() {
	x, _ := nd.FromSlice([]float32{-1.5, 0.2, 2.5}, []int{3})
	if err := ops.TruncInto(x, x); err != nil { // in place: dst may be the input itself
		panic(err)
	}
	fmt.Printf("%v\n", x)
	// Output: [-1.  0.  2.]
}

func ExampleIsFinite() {
	x, _ := nd.FromSlice([]float64{1, math.Inf(1), math.NaN(), math.Inf(-1)}, []int{4})
	mask, _ := ops.IsFinite(x) // a uint8 mask, 1 for true
	fmt.Println(mask)
	// Output: [1 0 0 0]
}

func ExampleIsFiniteInto() {
	x, _ := nd.FromSlice([]float32{1, float32(math.Inf(1)), float32(math.NaN()), -0}, []int{4})
	mask, _ := nd.Empty[uint8]([]int{4})
	if err := ops.IsFiniteInto(mask, x); err != nil {
		panic(err)
	}
	fmt.Println(mask)
	// Output: [1 0 0 1]
}

func ExampleIsInf() {
	x, _ := nd.FromSlice([]float64{1, math.Inf(1), math.NaN(), math.Inf(-1)}, []int{4})
	mask, _ := ops.IsInf(x) // a uint8 mask, 1 for true
	fmt.Println(mask)
	// Output: [0 1 0 1]
}

func ExampleIsInfInto() {
	x, _ := nd.FromSlice([]float32{1, float32(math.Inf(1)), float32(math.NaN()), -0}, []int{4})
	mask, _ := nd.Empty[uint8]([]int{4})
	if err := ops.IsInfInto(mask, x); err != nil {
		panic(err)
	}
	fmt.Println(mask)
	// Output: [0 1 0 0]
}

func ExampleIsNaNInto() {
	x, _ := nd.FromSlice([]float32{1, float32(math.Inf(1)), float32(math.NaN()), -0}, []int{4})
	mask, _ := nd.Empty[uint8]([]int{4})
	if err := ops.IsNaNInto(mask, x); err != nil {
		panic(err)
	}
	fmt.Println(mask)
	// Output: [0 0 1 0]
}

func ExampleLogicalNot() {
	m, _ := nd.FromSlice([]uint8{1, 0, 2}, []int{3}) // any non-zero is true
	not, _ := ops.LogicalNot(m)
	fmt.Println(not)
	// Output: [0 1 0]
}

func ExampleLogicalNotInto() {
	m, _ := nd.FromSlice([]uint8{1, 0, 0}, []int{3})
	if err := ops.LogicalNotInto(m, m); err != nil {
		panic(err)
	}
	fmt.Println(m)
	// Output: [0 1 1]
}

func ExampleAdd() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{10, 20, 30}, []int{3})
	c, err := ops.Add(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [11. 22. 33.]
}

func ExampleSub() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{10, 20, 30}, []int{3})
	c, err := ops.Sub(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [ -9. -18. -27.]
}

func ExampleMul() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]int{10, 20, 30}, []int{3})
	c, err := ops.Mul(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [10 40 90]
}

func ExampleDiv() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{10, 20, 0}, []int{3})
	c, err := ops.Div(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [0.1 0.1 inf]
}

func ExampleMaximum() {
	a, _ := nd.FromSlice([]float64{1, math.NaN(), 5}, []int{3})
	b, _ := nd.FromSlice([]float64{3, 2, 4}, []int{3})
	c, err := ops.Maximum(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [ 3. nan  5.]
}

func ExampleMinimum() {
	a, _ := nd.FromSlice([]float64{1, math.NaN(), 5}, []int{3})
	b, _ := nd.FromSlice([]float64{3, 2, 4}, []int{3})
	c, err := ops.Minimum(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", c)
	// Output: [ 1. nan  4.]
}

func ExampleAtan2Into() {
	a, _ := nd.FromSlice([]float64{1, -1, 0}, []int{3})
	b, _ := nd.FromSlice([]float64{1, -1, -1}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.Atan2Into(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output: [ 0.7854 -2.3562  3.1416]
}

func ExampleCopysignInto() {
	a, _ := nd.FromSlice([]float64{1, -2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{-1, 1, math.Copysign(0, -1)}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.CopysignInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [-1.  2. -3.]
}

func ExampleDivInto() {
	a, _ := nd.FromSlice([]float32{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float32{4, 8, -2}, []int{3})
	dst, _ := nd.Empty[float32]([]int{3})
	if err := ops.DivInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 0.25  0.25 -1.5 ]
}

func ExampleFloorDivideInto() {
	a, _ := nd.FromSlice([]int{7, -7, 7}, []int{3})
	b, _ := nd.FromSlice([]int{2, 2, -2}, []int{3})
	dst, _ := nd.Empty[int]([]int{3})
	if err := ops.FloorDivideInto(dst, a, b); err != nil { // rounds toward -Inf, as NumPy's //
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 3 -4 -4]
}

func ExampleHypotInto() {
	a, _ := nd.FromSlice([]float64{3, 5, 1e200}, []int{3})
	b, _ := nd.FromSlice([]float64{4, 12, 1e200}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.HypotInto(dst, a, b); err != nil { // no overflow in between
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [5.00000000e+000 1.30000000e+001 1.41421356e+200]
}

func ExampleMaximumInto() {
	a, _ := nd.FromSlice([]int16{1, 7, -3}, []int{3})
	b, _ := nd.FromSlice([]int16{4, 2, -5}, []int{3})
	dst, _ := nd.Empty[int16]([]int{3})
	if err := ops.MaximumInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 4  7 -3]
}

func ExampleMinimumInto() {
	a, _ := nd.FromSlice([]int16{1, 7, -3}, []int{3})
	b, _ := nd.FromSlice([]int16{4, 2, -5}, []int{3})
	dst, _ := nd.Empty[int16]([]int{3})
	if err := ops.MinimumInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 1  2 -5]
}

func ExampleMulInto() {
	a, _ := nd.FromSlice([]float64{1.5, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{2, 0.5, -1}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.MulInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 3.  1. -3.]
}

func ExamplePowInto() {
	a, _ := nd.FromSlice([]float32{2, 4, 10}, []int{3})
	b, _ := nd.FromSlice([]float32{3, 0.5, -2}, []int{3})
	dst, _ := nd.Empty[float32]([]int{3})
	if err := ops.PowInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [8.   2.   0.01]
}

func ExamplePowIntInto() {
	a, _ := nd.FromSlice([]int64{2, -3, 10}, []int{3})
	b, _ := nd.FromSlice([]int64{10, 3, 0}, []int{3})
	dst, _ := nd.Empty[int64]([]int{3})
	if err := ops.PowIntInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [1024  -27    1]
}

func ExampleRemainderInto() {
	a, _ := nd.FromSlice([]float64{7, -7, 7}, []int{3})
	b, _ := nd.FromSlice([]float64{3, 3, -3}, []int{3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.RemainderInto(dst, a, b); err != nil { // the divisor's sign, as NumPy's %
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 1.  2. -2.]
}

func ExampleSubInto() {
	a, _ := nd.FromSlice([]uint8{10, 20, 30}, []int{3})
	b, _ := nd.FromSlice([]uint8{1, 2, 3}, []int{3})
	dst, _ := nd.Empty[uint8]([]int{3})
	if err := ops.SubInto(dst, a, b); err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", dst)
	// Output: [ 9 18 27]
}

func ExampleEqual() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.Equal(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [0 1 0 0]
}

func ExampleEqualInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.EqualInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [0 1 0]
}

func ExampleNotEqual() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.NotEqual(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [1 0 1 1]
}

func ExampleNotEqualInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.NotEqualInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [1 0 1]
}

func ExampleGreater() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.Greater(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [0 0 1 0]
}

func ExampleGreaterInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.GreaterInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [0 0 1]
}

func ExampleGreaterEqual() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.GreaterEqual(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [0 1 1 0]
}

func ExampleGreaterEqualInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.GreaterEqualInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [0 1 1]
}

func ExampleLess() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.Less(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [1 0 0 0]
}

func ExampleLessInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.LessInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [1 0 0]
}

func ExampleLessEqual() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, math.NaN()}, []int{4})
	b, _ := nd.FromSlice([]float64{3, 2, 1, math.NaN()}, []int{4})
	mask, _ := ops.LessEqual(a, b) // 1 where true; NaN compares unequal to everything
	fmt.Println(mask)
	// Output: [1 1 0 0]
}

func ExampleLessEqualInto() {
	a, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	mask, _ := nd.Empty[uint8]([]int{3})
	if err := ops.LessEqualInto(mask, a, ops.Scalar(2)); err != nil { // against a broadcast scalar
		panic(err)
	}
	fmt.Println(mask)
	// Output: [1 1 0]
}

func ExampleLogicalOr() {
	a, _ := nd.FromSlice([]uint8{0, 0, 1, 1}, []int{4})
	b, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{4})
	c, _ := ops.LogicalOr(a, b)
	fmt.Println(c)
	// Output: [0 1 1 1]
}

func ExampleLogicalXor() {
	a, _ := nd.FromSlice([]uint8{0, 0, 1, 1}, []int{4})
	b, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{4})
	c, _ := ops.LogicalXor(a, b)
	fmt.Println(c)
	// Output: [0 1 1 0]
}

func ExampleLogicalAndInto() {
	a, _ := nd.FromSlice([]uint8{0, 0, 1, 1}, []int{4})
	b, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{4})
	if err := ops.LogicalAndInto(a, a, b); err != nil {
		panic(err)
	}
	fmt.Println(a)
	// Output: [0 0 0 1]
}

func ExampleLogicalOrInto() {
	a, _ := nd.FromSlice([]uint8{0, 0, 1, 1}, []int{4})
	b, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{4})
	if err := ops.LogicalOrInto(a, a, b); err != nil {
		panic(err)
	}
	fmt.Println(a)
	// Output: [0 1 1 1]
}

func ExampleLogicalXorInto() {
	a, _ := nd.FromSlice([]uint8{0, 0, 1, 1}, []int{4})
	b, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{4})
	if err := ops.LogicalXorInto(a, a, b); err != nil {
		panic(err)
	}
	fmt.Println(a)
	// Output: [0 1 1 0]
}

func ExampleAddScalar() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := ops.AddScalar(a, 10)
	fmt.Println(b)
	// Output: [11. 12. 13.]
}

func ExampleAddScalarInto() {
	a, _ := nd.FromSlice([]int{10, 20, 30}, []int{3})
	if err := ops.AddScalarInto(a, a, 10); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [20 30 40]
}

func ExampleSubScalar() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := ops.SubScalar(a, 1)
	fmt.Println(b)
	// Output: [0. 1. 2.]
}

func ExampleSubScalarInto() {
	a, _ := nd.FromSlice([]int{10, 20, 30}, []int{3})
	if err := ops.SubScalarInto(a, a, 1); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [ 9 19 29]
}

func ExampleMulScalar() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := ops.MulScalar(a, 3)
	fmt.Println(b)
	// Output: [3. 6. 9.]
}

func ExampleMulScalarInto() {
	a, _ := nd.FromSlice([]int{10, 20, 30}, []int{3})
	if err := ops.MulScalarInto(a, a, 3); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [30 60 90]
}

func ExampleDivScalar() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := ops.DivScalar(a, 2)
	fmt.Println(b)
	// Output: [0.5 1.  1.5]
}

func ExampleDivScalarInto() {
	a, _ := nd.FromSlice([]int{10, 20, 30}, []int{3})
	if err := ops.DivScalarInto(a, a, 2); err != nil { // in place
		panic(err)
	}
	fmt.Println(a)
	// Output: [ 5 10 15]
}

func ExampleSum() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	v, err := ops.Sum(a)
	fmt.Println(v, err)
	// Output: 21 <nil>
}

func ExampleProd() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6}, []int{2, 3})
	v, err := ops.Prod(a)
	fmt.Println(v, err)
	// Output: 720 <nil>
}

func ExampleMean() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	v, err := ops.Mean(a)
	fmt.Println(v, err)
	// Output: 3.5 <nil>
}

func ExampleMax() {
	a, _ := nd.FromSlice([]float64{1, 7, 3, 4, 5, 6}, []int{2, 3})
	v, err := ops.Max(a)
	fmt.Println(v, err)
	// Output: 7 <nil>
}

func ExampleMin() {
	a, _ := nd.FromSlice([]float64{1, 7, -3, 4, 5, 6}, []int{2, 3})
	v, err := ops.Min(a)
	fmt.Println(v, err)
	// Output: -3 <nil>
}

func ExampleArgMax() {
	a, _ := nd.FromSlice([]float64{1, 7, 3, 7, 5, 6}, []int{2, 3})
	v, err := ops.ArgMax(a) // the first of the largest, in row-major order
	fmt.Println(v, err)
	// Output: 1 <nil>
}

func ExampleArgMin() {
	a, _ := nd.FromSlice([]float64{1, 7, -3, 4, -3, 6}, []int{2, 3})
	v, err := ops.ArgMin(a) // the first of the smallest
	fmt.Println(v, err)
	// Output: 2 <nil>
}

func ExampleNanMean() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 3, 4, nan, 6}, []int{2, 3})
	v, err := ops.NanMean(a)
	fmt.Println(v, err)
	// Output: 3.5 <nil>
}

func ExampleNanMax() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 3, 4, nan, 6}, []int{2, 3})
	v, err := ops.NanMax(a)
	fmt.Println(v, err)
	// Output: 6 <nil>
}

func ExampleNanMin() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 3, 4, nan, 6}, []int{2, 3})
	v, err := ops.NanMin(a)
	fmt.Println(v, err)
	// Output: 1 <nil>
}

func ExampleStd() {
	a, _ := nd.FromSlice([]float64{2, 4, 4, 4, 5, 5, 7, 9}, []int{8})
	pop, _ := ops.Std(a, 0)    // ddof 0: NumPy's default
	sample, _ := ops.Std(a, 1) // ddof 1: the unbiased estimate
	fmt.Printf("%.4f %.4f\n", pop, sample)
	// Output: 2.0000 2.1381
}

func ExampleVar() {
	a, _ := nd.FromSlice([]float64{2, 4, 4, 4, 5, 5, 7, 9}, []int{8})
	pop, _ := ops.Var(a, 0)    // ddof 0: NumPy's default
	sample, _ := ops.Var(a, 1) // ddof 1: the unbiased estimate
	fmt.Printf("%.4f %.4f\n", pop, sample)
	// Output: 4.0000 4.5714
}

func ExampleNanStd() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{2, 4, 4, 4, nan, 5, 5, 7, 9}, []int{9})
	pop, _ := ops.NanStd(a, 0)    // ddof 0: NumPy's default
	sample, _ := ops.NanStd(a, 1) // ddof 1: the unbiased estimate
	fmt.Printf("%.4f %.4f\n", pop, sample)
	// Output: 2.0000 2.1381
}

func ExampleSumAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.SumAxis(a, ops.Axis(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1. 8. 6.]
}

func ExampleProdAxis() {
	a, _ := nd.FromSlice([]int{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.ProdAxis(a, ops.Axis(1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [10  0]
}

func ExampleMeanAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.MeanAxis(a, ops.Axis(1).KeepDims())
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output:
	// [[2.66666667]
	//  [2.33333333]]
}

func ExampleMaxAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.MaxAxis(a, ops.Axis(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1. 5. 4.]
}

func ExampleMinAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.MinAxis(a, ops.Axis(-1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1. 0.]
}

func ExampleArgMaxAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.ArgMaxAxis(a, ops.Axis(1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1 2]
}

func ExampleArgMinAxis() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.ArgMinAxis(a, ops.Axis(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1 1 0]
}

func ExampleCountNonzeroAxis() {
	a, _ := nd.FromSlice([]int{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.CountNonzeroAxis(a, ops.Axis(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1 2 2]
}

func ExampleNanSumAxis() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	r, err := ops.NanSumAxis(a, ops.Axis(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1. 0. 6.]
}

func ExampleNanMaxAxis() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	r, err := ops.NanMaxAxis(a, ops.Axis(1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [2. 4.]
}

func ExampleNanMinAxis() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	r, err := ops.NanMinAxis(a, ops.Axis(1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1. 4.]
}

func ExampleAllAxis() {
	a, _ := nd.FromSlice([]int{1, 5, 2, 0, 3, 4}, []int{2, 3})
	r, err := ops.AllAxis(a, ops.Axis(1))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", r)
	// Output: [1 0]
}

func ExampleStdAxis() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 2, 4, 8}, []int{2, 3})
	r, err := ops.StdAxis(a, ops.Axis(1), 1) // ddof 1
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", r)
	// Output: [1.0000 3.0551]
}

func ExampleVarAxis() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 2, 4, 8}, []int{2, 3})
	r, err := ops.VarAxis(a, ops.Axis(1), 1) // ddof 1
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", r)
	// Output: [1.0000 9.3333]
}

func ExampleNanStdAxis() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 3, 2, 4, 8}, []int{2, 3})
	r, err := ops.NanStdAxis(a, ops.Axis(1), 1) // ddof 1
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", r)
	// Output: [1.4142 3.0551]
}

func ExampleQuantileAxis() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 10, 20, 30, 40}, []int{2, 4})
	q, err := ops.QuantileAxis(a, 0.25, ops.Axis(1)) // NumPy's linear method
	if err != nil {
		panic(err)
	}
	fmt.Println(q)
	// Output: [ 1.75 17.5 ]
}

func ExampleAllAxisInto() {
	a, _ := nd.FromSlice([]int{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[uint8]([]int{3})
	if err := ops.AllAxisInto(dst, a, ops.Axis(0)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [0 1 1]
}

func ExampleAnyAxisInto() {
	a, _ := nd.FromSlice([]int{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[uint8]([]int{2})
	if err := ops.AnyAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [1 1]
}

func ExampleArgMaxAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[int]([]int{3})
	if err := ops.ArgMaxAxisInto(dst, a, ops.Axis(0)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [0 0 1]
}

func ExampleArgMinAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[int]([]int{2})
	if err := ops.ArgMinAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [0 0]
}

func ExampleCountNonzeroAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[int](nil)
	if err := ops.CountNonzeroAxisInto(dst, a, ops.Axis(0, 1)); err != nil { // both axes: a 0-d result
		panic(err)
	}
	fmt.Println(dst)
	// Output: 5
}

func ExampleMaxAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.MaxAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [5. 4.]
}

func ExampleMinAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.MinAxisInto(dst, a, ops.Axis(0)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [0. 3. 2.]
}

func ExampleMeanAxisInto() {
	a, _ := nd.FromSlice([]uint8{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.MeanAxisInto(dst, a, ops.Axis(0)); err != nil { // uint8 in, float64 out
		panic(err)
	}
	fmt.Println(dst)
	// Output: [0.5 4.  3. ]
}

func ExampleProdAxisInto() {
	a, _ := nd.FromSlice([]int8{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[int64]([]int{2})
	if err := ops.ProdAxisInto(dst, a, ops.Axis(1)); err != nil { // int8 in, int64 accumulator, as NumPy's
		panic(err)
	}
	fmt.Println(dst)
	// Output: [10  0]
}

func ExampleMedianAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 5, 2, 0, 3, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.MedianAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [2. 3.]
}

func ExampleNanMaxAxisInto() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.NanMaxAxisInto(dst, a, ops.Axis(0)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [ 1. nan  4.]
}

func ExampleNanMinAxisInto() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.NanMinAxisInto(dst, a, ops.Axis(0)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [ 1. nan  2.]
}

func ExampleNanMeanAxisInto() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.NanMeanAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [1.5 4. ]
}

func ExampleNanSumAxisInto() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 2, nan, nan, 4}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.NanSumAxisInto(dst, a, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [3. 4.]
}

func ExampleStdAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 2, 4, 8}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.StdAxisInto(dst, a, ops.Axis(0), 0); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output: [0.5000 1.0000 2.5000]
}

func ExampleVarAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 2, 4, 8}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.VarAxisInto(dst, a, ops.Axis(0), 0); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output: [0.2500 1.0000 6.2500]
}

func ExampleNanStdAxisInto() {
	nan := math.NaN()
	a, _ := nd.FromSlice([]float64{1, nan, 3, 2, 4, 8}, []int{2, 3})
	dst, _ := nd.Empty[float64]([]int{3})
	if err := ops.NanStdAxisInto(dst, a, ops.Axis(0), 0); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dst)
	// Output: [0.5000 0.0000 2.5000]
}

func ExampleQuantileAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 10, 20, 30, 40}, []int{2, 4})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.QuantileAxisInto(dst, a, 0.5, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [ 2.5 25. ]
}

func ExamplePercentileAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 10, 20, 30, 40}, []int{2, 4})
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.PercentileAxisInto(dst, a, 90, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [ 3.7 37. ]
}

func ExampleAverageAxisInto() {
	a, _ := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
	w, _ := nd.FromSlice([]float64{1, 0, 1}, []int{3}) // weights along the axis
	dst, _ := nd.Empty[float64]([]int{2})
	if err := ops.AverageAxisInto(dst, a, w, ops.Axis(1)); err != nil {
		panic(err)
	}
	fmt.Println(dst)
	// Output: [2. 5.]
}
