package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// benchRange is where a kernel's benchmark inputs are drawn from: plain
// values, whose results are normal (subnormal inputs or results cost
// microcode assists of 100 cycles and more on Intel CPUs, for Go's math
// too, which would measure those instead).
func benchRange(name string) (lo, hi float64) {
	switch name {
	case "exp", "exp2", "expm1", "sigmoid", "tanh", "cosh", "sinh":
		return -10, 10
	case "log", "log2", "log10", "log1p", "sqrt":
		return 1e-3, 1e3
	case "asin", "acos":
		return -1, 1
	case "erf":
		return -4, 4
	}
	return -1e3, 1e3
}

// BenchmarkMath times every math kernel on every tier beside a loop over
// Go's math at 1K (in L1), 1M and 16M elements. Bytes are those read and
// written (two per element).
func BenchmarkMath(b *testing.B) {
	goMath := map[string]func(float64) float64{
		"exp": math.Exp, "log": math.Log, "exp2": math.Exp2, "log2": math.Log2, "log10": math.Log10, "log1p": math.Log1p, "expm1": math.Expm1, "tanh": math.Tanh, "cosh": math.Cosh, "sinh": math.Sinh, "erf": math.Erf, "sigmoid": func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, "sqrt": math.Sqrt, "floor": math.Floor,
		"ceil": math.Ceil, "trunc": math.Trunc, "roundToEven": math.RoundToEven,
		"sin": math.Sin, "cos": math.Cos, "tan": math.Tan, "atan": math.Atan, "asin": math.Asin, "acos": math.Acos,
	}
	benchPow(b)
	for _, k := range append(mathKernels(), trigKernels()...) {
		for _, n := range []int{1 << 10, 1 << 20, 16 << 20} {
			x64 := make([]float64, n)
			r := rand.New(rand.NewPCG(9, 10))
			lo, hi := benchRange(k.name)
			for i := range x64 {
				x64[i] = lo + (hi-lo)*r.Float64()
			}
			d64 := make([]float64, n)
			x32, d32 := make([]float32, n), make([]float32, n)
			for i, v := range x64 {
				x32[i] = float32(v)
			}
			b.Run(fmt.Sprintf("%s/n=%d/float64", k.name, n), func(b *testing.B) {
				perTier(b, func(b *testing.B) {
					b.SetBytes(int64(16 * n))
					for range b.N {
						k.api64(d64, x64)
					}
				})
				b.Run("math", func(b *testing.B) {
					b.SetBytes(int64(16 * n))
					f := goMath[k.name]
					for range b.N {
						for i, v := range x64 {
							d64[i] = f(v)
						}
					}
				})
			})
			b.Run(fmt.Sprintf("%s/n=%d/float32", k.name, n), func(b *testing.B) {
				perTier(b, func(b *testing.B) {
					b.SetBytes(int64(8 * n))
					for range b.N {
						k.api32(d32, x32)
					}
				})
			})
		}
	}
}
