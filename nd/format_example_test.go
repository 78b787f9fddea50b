package nd_test

import (
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
)

// Arrays print as NumPy prints them; a verb other than %v applies to every
// element.
func ExampleArray_Format() {
	a, err := nd.FromSlice([]float64{0, 0.25, 1.5, -2, math.NaN(), 1e-5}, []int{2, 3})
	if err != nil {
		panic(err)
	}
	fmt.Println(a)
	fmt.Printf("%.2f\n", a)
	b, err := nd.Arange[float64](0, 3, 0.5)
	if err != nil {
		panic(err)
	}
	fmt.Println(b)
	fmt.Printf("%.1v\n", b) // NumPy's rules at precision 1
	c, err := nd.FromSlice([]complex128{1 + 2i, 3.5 - 1i}, []int{2})
	if err != nil {
		panic(err)
	}
	fmt.Println(c)
	// Output:
	// [[ 0.0e+00  2.5e-01  1.5e+00]
	//  [-2.0e+00      nan  1.0e-05]]
	// [[ 0.00  0.25  1.50]
	//  [-2.00   NaN  0.00]]
	// [0.  0.5 1.  1.5 2.  2.5]
	// [0.  0.5 1.  1.5 2.  2.5]
	// [1. +2.j 3.5-1.j]
}
