package asm_test

import (
	"fmt"
	"math"

	"github.com/numgo/numgo/asm"
)

func Example() {
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{10, 20, 30, 40, 50}
	c := make([]float64, len(a))
	asm.Add(c, a, b)
	asm.Axpy(c, 2, a) // c += 2*a
	fmt.Println(c, asm.Sum(c), asm.Dot(a, b), asm.Max(c))

	defer asm.SetTier(asm.SetTier(asm.Generic)) // the pure-Go twins give the same
	asm.Add(c, a, b)
	fmt.Println(c)
	// Output:
	// [13 26 39 52 65] 195 550 65
	// [11 22 33 44 55]
}

func ExampleExp() {
	x := []float64{0, 1, -745.2, 709.782712893384, 5e-324}
	e, l := make([]float64, len(x)), make([]float64, len(x))
	asm.Exp(e, x)
	asm.Log(l, x)
	fmt.Println(e)
	fmt.Println(l)

	defer asm.SetTier(asm.SetTier(asm.Generic)) // every tier gives the same bits
	asm.Log(l, x)
	fmt.Println(l[4])
	// Output:
	// [1 2.718281828459045 0 1.7976931348622732e+308 1]
	// [-Inf 0 NaN 6.564958885017789 -744.4400719213812]
	// -744.4400719213812
}

func ExampleMulAdd() {
	a := []float64{0.1, 3}
	b := []float64{0.1, -2}
	c := []float64{-0.01, 1}
	d := make([]float64, len(a))
	asm.MulAdd(d, a, b, c) // the product rounded first: Mul, then Add
	fmt.Println(d)
	asm.FMA(d, a, b, c) // rounded once
	fmt.Println(d)
	// Output:
	// [1.734723475976807e-18 -5]
	// [9.020562075079397e-19 -5]
}

func ExampleCountCmp() {
	x := []float64{-1, 0, 2, math.NaN(), 5}
	zero := make([]float64, len(x))
	fmt.Println(asm.CountCmp(asm.CmpGt, x, zero), asm.CountCmp(asm.CmpNe, x, zero)) // (x > 0).sum(), count_nonzero(x)
	// Output:
	// 2 4
}

func ExampleArgMin() {
	x := []float64{3, 1, 2, 1, math.Copysign(0, -1), 0, 7}
	fmt.Println(asm.ArgMin(x[:4]), asm.ArgMax(x), asm.ArgMin(x[4:6]))
	x[5] = math.NaN()
	fmt.Println(asm.ArgMin(x), asm.ArgMax(x), asm.ArgMin([]float32{}))
	// Output:
	// 1 6 0
	// 5 5 -1
}
