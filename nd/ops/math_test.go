package ops_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// mathCase is one case of testdata/math_numpy.json: NumPy's func(x).
type mathCase struct {
	Func, Dtype string
	X, Y        []string
}

func parseHex(t *testing.T, s []string) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = f
	}
	return out
}

// mathFuncs are the functions under test by NumPy's name, each for both
// kinds, with the Into form.
type mathFuncs[T nd.Float] struct {
	f    func(*nd.Array[T], ...nd.Option) (*nd.Array[T], error)
	into func(dst, a *nd.Array[T]) error
}

func mathByName[T nd.Float]() map[string]mathFuncs[T] {
	return map[string]mathFuncs[T]{
		"exp":     {ops.Exp[T], ops.ExpInto[T]},
		"log":     {ops.Log[T], ops.LogInto[T]},
		"sqrt":    {ops.Sqrt[T], ops.SqrtInto[T]},
		"floor":   {ops.Floor[T], ops.FloorInto[T]},
		"ceil":    {ops.Ceil[T], ops.CeilInto[T]},
		"trunc":   {ops.Trunc[T], ops.TruncInto[T]},
		"rint":    {ops.RoundToEven[T], ops.RoundToEvenInto[T]},
		"exp2":    {ops.Exp2[T], ops.Exp2Into[T]},
		"log2":    {ops.Log2[T], ops.Log2Into[T]},
		"log10":   {ops.Log10[T], ops.Log10Into[T]},
		"log1p":   {ops.Log1p[T], ops.Log1pInto[T]},
		"expm1":   {ops.Expm1[T], ops.Expm1Into[T]},
		"sigmoid": {ops.Sigmoid[T], ops.SigmoidInto[T]},
		"tanh":    {ops.Tanh[T], ops.TanhInto[T]},
		"cosh":    {ops.Cosh[T], ops.CoshInto[T]},
		"sinh":    {ops.Sinh[T], ops.SinhInto[T]},
		"erf":     {ops.Erf[T], ops.ErfInto[T]},
	}
}

// ulpsApart is how many representable values of T lie between a and b
// (0 when both are NaN or equal; MaxInt when one is NaN).
func ulpsApart[T nd.Float](a, b T) int {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxInt
	}
	if a == b {
		return 0
	}
	ord := func(v T) int64 {
		var u int64
		if _, ok := any(v).(float32); ok {
			u = int64(int32(math.Float32bits(float32(v))))
			if u < 0 {
				u = math.MinInt32 - u
			}
		} else {
			u = int64(math.Float64bits(float64(v)))
			if u < 0 {
				u = math.MinInt64 - u
			}
		}
		return u
	}
	d := ord(a) - ord(b)
	if d < 0 {
		d = -d
	}
	return int(d)
}

// checkMathCase runs one NumPy case through the allocating form and,
// broadcast into two rows, the Into form, on every SIMD tier. NumPy's own
// exp and log are not correctly rounded (its AVX-512 kernels are off by up
// to about 2 ulp), so those two may differ from it by tol ulps; everything
// else, and every special value, must match exactly.
func checkMathCase[T nd.Float](t *testing.T, c mathCase) {
	fs, ok := mathByName[T]()[c.Func]
	if !ok {
		t.Fatalf("no function %q", c.Func)
	}
	xs, ys := parseHex(t, c.X), parseHex(t, c.Y)
	x := make([]T, len(xs))
	for i, v := range xs {
		x[i] = T(v)
	}
	tol := 0
	if c.Func == "exp" || c.Func == "log" || c.Func == "exp2" || c.Func == "log2" || c.Func == "log10" || c.Func == "log1p" || c.Func == "expm1" || c.Func == "sigmoid" || c.Func == "tanh" || c.Func == "cosh" || c.Func == "sinh" {
		tol = 3
	}
	if c.Func == "erf" { // the reference is mpmath's, correctly rounded
		tol = 1
	}
	a := must(nd.FromSlice(x, []int{len(x)}))
	dst := must(nd.Zeros[T]([]int{2, len(x)}))
	for _, tier := range cpu.Tiers() {
		prev := cpu.SetTier(tier)
		got := must(fs.f(a))
		if err := fs.into(dst, a); err != nil {
			t.Fatal(err)
		}
		cpu.SetTier(prev)
		rows := [][]T{got.Data(), dst.Data()[:len(x)], dst.Data()[len(x):]}
		worst := 0
		for r, row := range rows {
			for i, v := range row {
				want := T(ys[i])
				d := ulpsApart(v, want)
				special := math.IsInf(float64(want), 0) || want != want || want == 0
				if d > tol || special && (d != 0 || want == 0 && math.Signbit(float64(v)) != math.Signbit(float64(want))) {
					t.Fatalf("%s %s tier %v row %d: %s(%v) = %v, NumPy %v", c.Func, c.Dtype, tier, r, c.Func, x[i], v, want)
				}
				worst = max(worst, d)
			}
		}
		if tier == cpu.Best && tol > 0 {
			t.Logf("%s %s: at most %d ulp from NumPy over %d inputs", c.Func, c.Dtype, worst, len(x))
		}
	}
}

// mathCases reads the NumPy cases of a math test's JSON file.
func mathCases(t *testing.T, path string) []mathCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []mathCase }
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

func TestMathAgainstNumPy(t *testing.T) {
	for _, c := range mathCases(t, "testdata/math_numpy.json") {
		t.Run(c.Func+"/"+c.Dtype, func(t *testing.T) {
			if c.Dtype == "float32" {
				checkMathCase[float32](t, c)
			} else {
				checkMathCase[float64](t, c)
			}
		})
	}
}

// TestMathErrors checks that the math functions validate before writing.
func TestMathErrors(t *testing.T) {
	a := must(nd.FromSlice([]float64{1, 2, 3}, []int{3}))
	small := must(nd.Zeros[float64]([]int{2}))
	for name, fs := range mathByName[float64]() {
		if err := fs.into(small, a); err == nil {
			t.Errorf("%s: Into a destination of the wrong shape did not fail", name)
		}
		if got := small.Data(); got[0] != 0 || got[1] != 0 {
			t.Errorf("%s: failed Into wrote %v", name, got)
		}
	}
}

func ExampleExp() {
	a, _ := nd.FromSlice([]float64{0, 1, math.Inf(-1), 710}, []int{4})
	e, _ := ops.Exp(a)
	fmt.Println(e.Data())
	// Output: [1 2.718281828459045 0 +Inf]
}

func ExampleRoundToEven() {
	a, _ := nd.FromSlice([]float32{0.5, 1.5, 2.5, -0.5, -1.7}, []int{5})
	r, _ := ops.RoundToEven(a)
	fmt.Println(r.Data())
	// Output: [0 2 2 -0 -2]
}

// BenchmarkMath times the Into forms of the math functions on 1M elements
// (one goroutine, so that it measures the kernels, not the cores), float64
// and float32; bytes are the input and the output.
func BenchmarkMath(b *testing.B) {
	defer ops.SetParallelThreshold(ops.SetParallelThreshold(math.MaxInt))
	const n = 1 << 20
	b.Run("float64", func(b *testing.B) { benchMath[float64](b, n) })
	b.Run("float32", func(b *testing.B) { benchMath[float32](b, n) })
}

func benchMath[T nd.Float](b *testing.B, n int) {
	x := make([]T, n)
	for i := range x {
		x[i] = T(0.5 + 100*float64(i)/float64(n)) // positive, so every log is finite
	}
	a := must(nd.FromSlice(x, []int{n}))
	dst := must(nd.Zeros[T]([]int{n}))
	for _, name := range []string{"exp", "exp2", "log", "log2", "log10", "log1p", "expm1", "sigmoid", "tanh", "cosh", "sqrt", "floor", "rint"} {
		into := mathByName[T]()[name].into
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(2 * n * int(unsafe.Sizeof(T(0)))))
			for b.Loop() {
				if err := into(dst, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
