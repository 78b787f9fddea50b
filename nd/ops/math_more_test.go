package ops_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestMoreMathAgainstNumPy runs testdata/more_numpy.json's cases (the
// functions of math_more.go) through checkMathCase: on every tier, in the
// allocating and the broadcast Into form, special values exactly NumPy's,
// the rest within 3 ulp of NumPy (within 1 ulp of the exact value is
// tested in package asm against mpmath).
func TestMoreMathAgainstNumPy(t *testing.T) {
	for _, c := range mathCases(t, "testdata/more_numpy.json") {
		t.Run(c.Func+"/"+c.Dtype, func(t *testing.T) {
			if c.Dtype == "float32" {
				checkMathCase[float32](t, c)
			} else {
				checkMathCase[float64](t, c)
			}
		})
	}
}

// TestExpm1NearZero checks what Exp(x)-1 cannot do: full accuracy for
// tiny x, where expm1 x = x + x²/2 rounds to x.
func TestExpm1NearZero(t *testing.T) {
	x := []float64{1e-10, -1e-10, 1e-300, 0x1p-30}
	a := must(nd.FromSlice(x, []int{len(x)}))
	got := must(ops.Expm1(a)).Data()
	for i, v := range x {
		want := v + v*v/2 // exact to well below half an ulp for these
		if got[i] != want {
			t.Errorf("Expm1(%v) = %v, want %v", v, got[i], want)
		}
		if naive := math.Exp(v) - 1; v == 1e-10 && naive == want {
			t.Errorf("Exp(%v)-1 = %v is exact: the case shows nothing", v, naive)
		}
	}
}

func ExampleExpm1() {
	a, _ := nd.FromSlice([]float64{0, 1e-10, 1, math.Inf(-1)}, []int{4})
	e, _ := ops.Expm1(a)
	fmt.Println(e.Data())
	// Output: [0 1.00000000005e-10 1.7182818284590453 -1]
}

func ExampleSigmoid() {
	a, _ := nd.FromSlice([]float64{0, 2, -740, math.Inf(1)}, []int{4})
	s, _ := ops.Sigmoid(a)
	fmt.Println(s.Data())
	// Output: [0.5 0.8807970779778824 4.2e-322 1]
}

func ExampleTanh() {
	a, _ := nd.FromSlice([]float32{0, 0.5, -1e-30, 20, float32(math.Inf(-1))}, []int{5})
	t, _ := ops.Tanh(a)
	fmt.Println(t.Data())
	// Output: [0 0.46211717 -1e-30 1 -1]
}

func ExampleCosh() {
	a, _ := nd.FromSlice([]float64{0, 1, -710, math.Inf(-1)}, []int{4})
	c, _ := ops.Cosh(a)
	fmt.Println(c.Data())
	// Output: [1 1.5430806348152437 1.1169973830808555e+308 +Inf]
}
