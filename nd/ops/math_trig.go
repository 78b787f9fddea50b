package ops

import (
	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// The trigonometric functions and their inverses, on package asm's kernels: the same bits on
// every CPU and NUMGO_SIMD tier, within 1 ulp of the exact value for every
// finite argument however large (the reduction by π/2 is exact).

var (
	kmSin  = mathOp[float64]{f32: asm.Sin[float32], f64: asm.Sin[float64]}
	kmCos  = mathOp[float64]{f32: asm.Cos[float32], f64: asm.Cos[float64]}
	kmTan  = mathOp[float64]{f32: asm.Tan[float32], f64: asm.Tan[float64]}
	kmAtan = mathOp[float64]{f32: asm.Atan[float32], f64: asm.Atan[float64]}
	kmAsin = mathOp[float64]{f32: asm.Asin[float32], f64: asm.Asin[float64]}
	kmAcos = mathOp[float64]{f32: asm.Acos[float32], f64: asm.Acos[float64]}
)

// Sin returns the sine of every element (radians), within 1 ulp: ±0 for
// ±0, NaN for ±Inf and NaN, as NumPy's sin. Arguments of any size are
// reduced exactly (Payne-Hanek), so Sin of 1e300 is correct to the last
// bit, where NumPy 1.24's float64 sin is up to about 3 ulp off.
func Sin[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Sin", of[T](kmSin), a, opts)
}

// SinInto stores Sin(a), broadcast to dst's shape, in dst.
func SinInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("SinInto", of[T](kmSin), dst, a)
}

// Cos returns the cosine of every element (radians), within 1 ulp for
// every finite argument: NaN for ±Inf and NaN, as NumPy's cos.
func Cos[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Cos", of[T](kmCos), a, opts)
}

// CosInto stores Cos(a), broadcast to dst's shape, in dst.
func CosInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("CosInto", of[T](kmCos), dst, a)
}

// Tan returns the tangent of every element (radians), within 1 ulp for
// every finite argument, next to the poles too: ±0 for ±0, NaN for ±Inf
// and NaN, as NumPy's tan.
func Tan[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Tan", of[T](kmTan), a, opts)
}

// TanInto stores Tan(a), broadcast to dst's shape, in dst.
func TanInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("TanInto", of[T](kmTan), dst, a)
}

// Atan returns the arc tangent of every element, in [-π/2, π/2], within
// 1 ulp: ±0 for ±0, ±π/2 for ±Inf, NaN for NaN, as NumPy's arctan.
func Atan[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Atan", of[T](kmAtan), a, opts)
}

// AtanInto stores Atan(a), broadcast to dst's shape, in dst.
func AtanInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("AtanInto", of[T](kmAtan), dst, a)
}

// Asin returns the arc sine of every element, in [-π/2, π/2], within
// 1 ulp: ±0 for ±0, NaN outside [-1, 1], as NumPy's arcsin.
func Asin[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Asin", of[T](kmAsin), a, opts)
}

// AsinInto stores Asin(a), broadcast to dst's shape, in dst.
func AsinInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("AsinInto", of[T](kmAsin), dst, a)
}

// Acos returns the arc cosine of every element, in [0, π], within 1 ulp:
// 0 for 1, NaN outside [-1, 1], as NumPy's arccos.
func Acos[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Acos", of[T](kmAcos), a, opts)
}

// AcosInto stores Acos(a), broadcast to dst's shape, in dst.
func AcosInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("AcosInto", of[T](kmAcos), dst, a)
}
