package asm_test

import (
	"fmt"

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
