package ops_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestTrigAgainstNumPy runs testdata/trig_numpy.json's cases through the
// allocating form and, broadcast into two rows, the Into form, on every
// tier: the same bits on every tier and row, special values exactly
// NumPy's (a NaN's sign aside), the rest within 4 ulp of NumPy (whose
// float64 sin and cos are up to about 3 ulp off; ours are within 1 ulp of
// the exact value, tested in package asm against mpmath).
func TestTrigAgainstNumPy(t *testing.T) {
	for _, c := range mathCases(t, "testdata/trig_numpy.json") {
		t.Run(c.Func+"/"+c.Dtype, func(t *testing.T) {
			if c.Dtype == "float32" {
				checkTrigCase[float32](t, c)
			} else {
				checkTrigCase[float64](t, c)
			}
		})
	}
}

func checkTrigCase[T nd.Float](t *testing.T, c mathCase) {
	fs := map[string]mathFuncs[T]{
		"sin": {ops.Sin[T], ops.SinInto[T]}, "cos": {ops.Cos[T], ops.CosInto[T]}, "tan": {ops.Tan[T], ops.TanInto[T]},
		"arctan": {ops.Atan[T], ops.AtanInto[T]}, "arcsin": {ops.Asin[T], ops.AsinInto[T]},
		"arccos": {ops.Acos[T], ops.AcosInto[T]},
	}[c.Func]
	xs, ys := parseHex(t, c.X), parseHex(t, c.Y)
	x := make([]T, len(xs))
	for i, v := range xs {
		x[i] = T(v)
	}
	a := must(nd.FromSlice(x, []int{len(x)}))
	dst := must(nd.Zeros[T]([]int{2, len(x)}))
	var first []T
	worst := 0
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		got := must(fs.f(a))
		err := fs.into(dst, a)
		cpu.SetTier(prev)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got.Data()
		}
		for r, row := range [][]T{got.Data(), dst.Data()[:len(x)], dst.Data()[len(x):]} {
			for i, v := range row {
				want := T(ys[i])
				d := ulpsApart(v, want)
				special := math.IsInf(float64(x[i]), 0) || x[i] != x[i] || x[i] == 0
				if ulpsApart(v, first[i]) != 0 || d > 4 || special && (d != 0 || want == want && math.Signbit(float64(v)) != math.Signbit(float64(want))) {
					t.Fatalf("%s %s tier %v row %d: %s(%v) = %v, NumPy %v, first tier %v", c.Func, c.Dtype, tier, r, c.Func, x[i], v, want, first[i])
				}
				worst = max(worst, d)
			}
		}
	}
	t.Logf("%s %s: at most %d ulp from NumPy over %d inputs", c.Func, c.Dtype, worst, len(x))
}

// TestTrigErrors checks that the trigonometric functions validate before writing.
func TestTrigErrors(t *testing.T) {
	a := must(nd.FromSlice([]float64{1, 2, 3}, []int{3}))
	small := must(nd.Zeros[float64]([]int{2}))
	for name, into := range map[string]func(dst, a *nd.Array[float64]) error{
		"SinInto": ops.SinInto[float64], "CosInto": ops.CosInto[float64], "TanInto": ops.TanInto[float64],
		"AtanInto": ops.AtanInto[float64], "AsinInto": ops.AsinInto[float64], "AcosInto": ops.AcosInto[float64],
	} {
		if err := into(small, a); err == nil {
			t.Errorf("%s: a destination of the wrong shape did not fail", name)
		}
		if got := small.Data(); got[0] != 0 || got[1] != 0 {
			t.Errorf("%s: failed call wrote %v", name, got)
		}
	}
}

func ExampleSin() {
	a, _ := nd.FromSlice([]float64{0, math.Pi / 6, 1e22, math.Inf(1)}, []int{4})
	s, _ := ops.Sin(a)
	fmt.Println(s.Data())
	// Output: [0 0.5 -0.8522008497671888 NaN]
}

func ExampleCos() {
	a, _ := nd.FromSlice([]float32{0, 1, 3.1415927}, []int{3})
	c, _ := ops.Cos(a)
	fmt.Println(c.Data())
	// Output: [1 0.5403023 -1]
}

func ExampleTan() {
	a, _ := nd.FromSlice([]float64{0, math.Pi / 4, math.Pi / 2}, []int{3})
	t, _ := ops.Tan(a)
	// math.Pi/4 lies 3.06e-17 below π/4, so its tangent is 1 - 6.12e-17,
	// whose correctly rounded value is the float below 1.
	fmt.Println(t.Data())
	// Output: [0 0.9999999999999999 1.633123935319537e+16]
}

func ExampleAtan() {
	a, _ := nd.FromSlice([]float64{0, 1, math.Inf(-1)}, []int{3})
	t, _ := ops.Atan(a)
	fmt.Println(t.Data())
	// Output: [0 0.7853981633974483 -1.5707963267948966]
}

func ExampleAsin() {
	a, _ := nd.FromSlice([]float64{0, 0.5, 1, 2}, []int{4})
	s, _ := ops.Asin(a)
	fmt.Println(s.Data())
	// Output: [0 0.5235987755982989 1.5707963267948966 NaN]
}

func ExampleAcos() {
	a, _ := nd.FromSlice([]float32{1, 0, -1}, []int{3})
	c, _ := ops.Acos(a)
	fmt.Println(c.Data())
	// Output: [0 1.5707964 3.1415927]
}
