package expr

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/numgo/numgo/nd"
)

// TestParse checks parsed expressions against the same expressions built
// with methods, value for value, and that mistakes are errors wrapping
// ErrExpr that name their position.
func TestParse(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	a := must(nd.FromSlice(values[float64](rng, 60, true), []int{6, 10}))
	b := must(nd.FromSlice(values[float64](rng, 10, true), []int{10}))
	vars := map[string]*nd.Array[float64]{"a": a, "b_2": b}
	x, y := Var(a), Var(b)
	c := func(v float64) X[float64] { return Const(v) }
	cases := []struct {
		src  string
		want X[float64]
	}{
		{"a*b_2 + 1.5", x.Mul(y).Add(c(1.5))},
		{"a - b_2 - 2", x.Sub(y).Sub(c(2))},
		{"-a**2", x.Pow(c(2)).Neg()},
		{"a**-2 / 3e-1", x.Pow(c(2).Neg()).Div(c(3e-1))},
		{"2**3**2", c(2).Pow(c(3).Pow(c(2)))},
		{"where(a > 0, a, 0.1*a)", Where(x.Gt(c(0)), x, c(0.1).Mul(x))},
		{"sqrt(a*a + b_2*b_2)", x.Mul(x).Add(y.Mul(y)).Sqrt()},
		{"exp(-0.5*a*a)", c(-0.5).Mul(x).Mul(x).Exp()},
		{"(a < 1) & (b_2 >= -1) | !(a == b_2)", x.Lt(c(1)).And(y.Ge(c(-1))).Or(x.Eq(y).Not())},
		{"a != b_2", x.Ne(y)},
		{"maximum(a, b_2) - minimum(a, 0) + pow(abs(a), 0.5)", x.Maximum(y).Sub(x.Minimum(c(0))).Add(x.Abs().Pow(c(0.5)))},
		{"floor(a) + ceil(a) + trunc(a) + round(a)", x.Floor().Add(x.Ceil()).Add(x.Trunc()).Add(x.RoundToEven())},
		{"log(abs(a)) + log2(abs(a)) + log10(abs(a)) + log1p(abs(a)) + exp2(a)", x.Abs().Log().Add(x.Abs().Log2()).Add(x.Abs().Log10()).Add(x.Abs().Log1p()).Add(x.Exp2())},
		{"sin(a) * cos(b_2)", x.Sin().Mul(y.Cos())},
		{"tan(a) + arctan(b_2) - arcsin(a/8) * arccos(b_2/8)", x.Tan().Add(y.Atan()).Sub(x.Div(c(8)).Asin().Mul(y.Div(c(8)).Acos()))},
		{"sinh(a) + cosh(b_2) * tanh(a) - expit(b_2) + erf(a) + expm1(b_2)", x.Sinh().Add(y.Cosh().Mul(x.Tanh())).Sub(y.Sigmoid()).Add(x.Erf()).Add(y.Expm1())},
		{" ( a ) ", x},
	}
	for _, tc := range cases {
		got, err := Eval(Parse(tc.src, vars))
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		sameArrays(t, tc.src, got, must(Eval(tc.want)))
	}
	for _, bad := range []string{"", "a +", "a * * b_2", "sqrt(a", "where(a, b_2)", "c + 1", "1.2.3", "a )", "nope(a)", "a ** "} {
		_, err := Eval(Parse(bad, vars))
		if !errors.Is(err, ErrExpr) {
			t.Errorf("%q: %v, want an error wrapping ErrExpr", bad, err)
		}
	}
	if _, err := Eval(Parse("a + b_2[0]", vars)); err == nil {
		t.Error("indexing parsed")
	}
}

// FuzzParse: Parse never panics, and what it accepts evaluates or fails
// with an error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a*b + c", "where(a > 0, a, 0.1*a)", "-a**-2", "sqrt(", "1e-3*a", "((a))", "!a & b | c"} {
		f.Add(s)
	}
	vars := map[string]*nd.Array[float64]{
		"a": must(nd.FromSlice([]float64{1, -2, 3}, []int{3})),
		"b": must(nd.FromSlice([]float64{0.5}, []int{1})),
		"c": must(nd.FromSlice([]float64{1, 2}, []int{2})),
	}
	f.Fuzz(func(t *testing.T, src string) {
		x := Parse(src, vars)
		if r, err := Eval(x); err == nil && r == nil {
			t.Fatalf("%q: no result and no error", src)
		}
	})
}
