package ops

import (
	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// More exponential-family functions (Expm1, Sigmoid, Tanh, Cosh) on package asm's kernels: the same
// bits on every CPU and NUMGO_SIMD tier, within 1 ulp of the exact value.

var (
	kmExpm1   = mathOp[float64]{f32: asm.Expm1[float32], f64: asm.Expm1[float64]}
	kmSigmoid = mathOp[float64]{f32: asm.Sigmoid[float32], f64: asm.Sigmoid[float64]}
	kmTanh    = mathOp[float64]{f32: asm.Tanh[float32], f64: asm.Tanh[float64]}
	kmCosh    = mathOp[float64]{f32: asm.Cosh[float32], f64: asm.Cosh[float64]}
)

// Expm1 returns e raised to every element, minus 1, within 1 ulp, accurate
// near 0 where Exp(a)-1 loses every digit: ±0 for ±0, -1 for -Inf and
// large negative elements, +Inf above the overflow threshold, NaN for NaN,
// as NumPy's expm1.
func Expm1[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Expm1", of[T](kmExpm1), a, opts)
}

// Expm1Into stores Expm1(a), broadcast to dst's shape, in dst.
func Expm1Into[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("Expm1Into", of[T](kmExpm1), dst, a)
}

// Sigmoid returns the logistic function 1/(1+e^-x) of every element, as
// SciPy's expit (NumPy has none), within 1 ulp everywhere: for large
// negative elements it is e^x to full accuracy down to the subnormals,
// where 1/(1+Exp(-a)) is 0 or inexact. 1/2 for ±0, 1 for +Inf, 0 for -Inf,
// NaN for NaN.
func Sigmoid[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Sigmoid", of[T](kmSigmoid), a, opts)
}

// SigmoidInto stores Sigmoid(a), broadcast to dst's shape, in dst.
func SigmoidInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("SigmoidInto", of[T](kmSigmoid), dst, a)
}

// Tanh returns the hyperbolic tangent of every element, within 1 ulp:
// the element itself for tiny ones (subnormals included), ±0 for ±0, ±1
// for ±Inf and large magnitudes, NaN for NaN, as NumPy's tanh.
func Tanh[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Tanh", of[T](kmTanh), a, opts)
}

// TanhInto stores Tanh(a), broadcast to dst's shape, in dst.
func TanhInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("TanhInto", of[T](kmTanh), dst, a)
}

// Cosh returns the hyperbolic cosine of every element, within 1 ulp,
// finite up to where it overflows: 1 for ±0, +Inf for ±Inf and beyond
// the overflow threshold, NaN for NaN, as NumPy's cosh.
func Cosh[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Cosh", of[T](kmCosh), a, opts)
}

// CoshInto stores Cosh(a), broadcast to dst's shape, in dst.
func CoshInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("CoshInto", of[T](kmCosh), dst, a)
}
