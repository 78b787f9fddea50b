package asm_test

import (
	"fmt"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/internal/cpu"
)

func Example() {
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{10, 20, 30, 40, 50}
	c := make([]float64, len(a))
	asm.Add(c, a, b)
	asm.Axpy(c, 2, a) // c += 2*a
	fmt.Println(c, asm.Sum(c), asm.Dot(a, b), asm.Max(c))

	defer cpu.SetTier(cpu.SetTier(cpu.Generic)) // the pure-Go twins give the same
	asm.Add(c, a, b)
	fmt.Println(c)
	// Output:
	// [13 26 39 52 65] 195 550 65
	// [11 22 33 44 55]
}
