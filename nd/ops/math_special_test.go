package ops_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestSpecialMathAgainstNumPy runs testdata/special_numpy.json's cases
// (Sinh against NumPy, Erf against mpmath: NumPy has no erf) through
// checkMathCase.
func TestSpecialMathAgainstNumPy(t *testing.T) {
	for _, c := range mathCases(t, "testdata/special_numpy.json") {
		t.Run(c.Func+"/"+c.Dtype, func(t *testing.T) {
			if c.Dtype == "float32" {
				checkMathCase[float32](t, c)
			} else {
				checkMathCase[float64](t, c)
			}
		})
	}
}

// powCase is one "power" case of testdata/special_numpy.json: NumPy's
// power(x, y) = z.
type powCase struct {
	Dtype   string
	X, Y, Z []string
}

// TestPowAgainstNumPy runs NumPy's power on every pair of special values
// and on random pairs through Pow and, with y broadcast along a second
// axis, PowInto, on every tier: where NumPy's result or an input is a
// zero, an infinity or NaN, the result must be NumPy's exactly (the sign
// of zero included); elsewhere within 1 ulp of NumPy (both are within
// 1 ulp of the exact value; package asm tests Pow against mpmath).
func TestPowAgainstNumPy(t *testing.T) {
	b, err := os.ReadFile("testdata/special_numpy.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Power []powCase }
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Power) != 2 {
		t.Fatalf("%d power cases, want 2", len(file.Power))
	}
	for _, c := range file.Power {
		t.Run(c.Dtype, func(t *testing.T) {
			if c.Dtype == "float32" {
				checkPowCase[float32](t, c)
			} else {
				checkPowCase[float64](t, c)
			}
		})
	}
}

func checkPowCase[T nd.Float](t *testing.T, c powCase) {
	xs, ys, zs := parseHex(t, c.X), parseHex(t, c.Y), parseHex(t, c.Z)
	n := len(xs)
	x, y := make([]T, n), make([]T, n)
	for i := range xs {
		x[i], y[i] = T(xs[i]), T(ys[i])
	}
	a := must(nd.FromSlice(x, []int{n}))
	e := must(nd.FromSlice(y, []int{n}))
	col := must(nd.FromSlice(y, []int{1, n}))
	dst := must(nd.Zeros[T]([]int{2, n}))
	special := func(v float64) bool { return v == 0 || math.IsInf(v, 0) || v != v }
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		got := must(ops.Pow(a, e))
		err := ops.PowInto(dst, a, col)
		cpu.SetTier(prev)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0
		for r, row := range [][]T{got.Data(), dst.Data()[:n], dst.Data()[n:]} {
			for i, v := range row {
				want := T(zs[i])
				d := ulpsApart(v, want)
				exact := special(zs[i]) || special(xs[i]) || special(ys[i])
				if exact && (d != 0 || want == 0 && math.Signbit(float64(v)) != math.Signbit(float64(want))) || d > 1 {
					t.Fatalf("%s tier %v row %d: Pow(%v, %v) = %v, NumPy %v", c.Dtype, tier, r, x[i], y[i], v, want)
				}
				worst = max(worst, d)
			}
		}
		if tier == cpu.Best {
			t.Logf("pow %s: at most %d ulp from NumPy over %d pairs", c.Dtype, worst, n)
		}
	}
}

func ExampleSinh() {
	a, _ := nd.FromSlice([]float64{0, 1, -1e-300, 710, math.Inf(-1)}, []int{5})
	s, _ := ops.Sinh(a)
	fmt.Println(s.Data())
	// Output: [0 1.1752011936438014 -1e-300 1.1169973830808555e+308 -Inf]
}

func ExampleErf() {
	a, _ := nd.FromSlice([]float32{0, 0.5, -1, 4, float32(math.Inf(1))}, []int{5})
	e, _ := ops.Erf(a)
	fmt.Println(e.Data())
	// Output: [0 0.5204999 -0.8427008 1 1]
}

func ExamplePow() {
	a, _ := nd.FromSlice([]float64{2, -2, 0, -8, math.NaN()}, []int{5})
	p, _ := ops.Pow(a, ops.Scalar(3.0))
	fmt.Println(p.Data())
	q, _ := ops.Pow(a, ops.Scalar(0.5))
	fmt.Println(q.Data())
	r, _ := ops.Pow(a, ops.Scalar(0.0))
	fmt.Println(r.Data())
	// Output:
	// [8 -8 0 -512 NaN]
	// [1.4142135623730951 NaN 0 NaN NaN]
	// [1 1 1 1 1]
}
