package ops

import (
	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// Sinh and Erf on package asm's kernels: the same bits on every CPU and
// NUMGO_SIMD tier, within 1 ulp of the exact value. (Pow, the binary one,
// is in elementwise.go.)

var (
	kmSinh = mathOp[float64]{f32: asm.Sinh[float32], f64: asm.Sinh[float64]}
	kmErf  = mathOp[float64]{f32: asm.Erf[float32], f64: asm.Erf[float64]}
)

// Sinh returns the hyperbolic sine of every element, within 1 ulp, finite
// up to where it overflows (|x| about 710.4758600739439 for float64,
// 89.41599 for float32, beyond where e^|x| does): the element itself for
// tiny ones (subnormals included), ±0 for ±0, ±Inf for ±Inf and beyond
// the thresholds, NaN for NaN, as NumPy's sinh.
func Sinh[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Sinh", of[T](kmSinh), a, opts)
}

// SinhInto stores Sinh(a), broadcast to dst's shape, in dst.
func SinhInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("SinhInto", of[T](kmSinh), dst, a)
}

// Erf returns the error function 2/√π ∫₀ˣ e^-t² dt of every element,
// within 1 ulp: ±0 for ±0, ±1 for ±Inf and wherever erf rounds to ±1
// (|x| from about 5.93 for float64, 3.92 for float32), NaN for NaN. NumPy
// has no erf; this is SciPy's scipy.special.erf and Go's math.Erf.
func Erf[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Erf", of[T](kmErf), a, opts)
}

// ErfInto stores Erf(a), broadcast to dst's shape, in dst.
func ErfInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("ErfInto", of[T](kmErf), dst, a)
}
