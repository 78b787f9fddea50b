package ops

import (
	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// The element-wise math functions. Floats run package asm's math kernels:
// one program per function, emitted for AVX-512, AVX2 and pure Go, so the
// results are the same bits on every CPU and every NUMGO_SIMD tier, within
// 1 ulp of the exact value (the roundings and Sqrt are exact). Complex kinds,
// where a function takes them, run math/cmplx.

// mathOp is a math function as an ops kernel: the asm kernels for floats
// and, for the complex kinds of Exp, Log and Sqrt, the inexact kernel's
// math/cmplx path (cop).
type mathOp[T nd.Number] struct {
	f32 func(dst, x []float32)
	f64 func(dst, x []float64)
	cop opcode
	// cheap marks a kernel that costs about a memory access an element
	// (Sqrt, the roundings): it splits across cores from the threshold of
	// Add, not from the math kernels' lower one (see heavyWeight).
	cheap bool
}

func (k mathOp[T]) run(d, x, _, _ []T) {
	switch kindOf[T]() {
	case kF64:
		k.f64(as[float64](d), as[float64](x))
	case kF32:
		k.f32(as[float32](d), as[float32](x))
	case kC128:
		complexMath(k.cop, as[complex128](d), as[complex128](x), nil)
	case kC64:
		complexMath(k.cop, as[complex64](d), as[complex64](x), nil)
	}
}

func (mathOp[T]) runS(_, _ []T, _ T) bool { return false }

var (
	kmExp   = mathOp[float64]{asm.Exp[float32], asm.Exp[float64], opExp, false}
	kmLog   = mathOp[float64]{asm.Log[float32], asm.Log[float64], opLog, false}
	kmSqrt  = mathOp[float64]{asm.Sqrt[float32], asm.Sqrt[float64], opSqrt, true}
	kmExp2  = mathOp[float64]{f32: asm.Exp2[float32], f64: asm.Exp2[float64]}
	kmLog2  = mathOp[float64]{f32: asm.Log2[float32], f64: asm.Log2[float64]}
	kmLog10 = mathOp[float64]{f32: asm.Log10[float32], f64: asm.Log10[float64]}
	kmLog1p = mathOp[float64]{f32: asm.Log1p[float32], f64: asm.Log1p[float64]}
	kmFloor = mathOp[float64]{f32: asm.Floor[float32], f64: asm.Floor[float64], cheap: true}
	kmCeil  = mathOp[float64]{f32: asm.Ceil[float32], f64: asm.Ceil[float64], cheap: true}
	kmTrunc = mathOp[float64]{f32: asm.Trunc[float32], f64: asm.Trunc[float64], cheap: true}
	kmRint  = mathOp[float64]{f32: asm.RoundToEven[float32], f64: asm.RoundToEven[float64], cheap: true}
)

// of gives the kernel k for element kind T.
func of[T nd.Number](k mathOp[float64]) mathOp[T] { return mathOp[T](k) }

// Exp returns e raised to every element: 0 for -Inf and below the
// underflow threshold, +Inf above the overflow threshold, within 1 ulp for
// floats; math/cmplx's Exp for complex kinds.
func Exp[T Inexact](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Exp", of[T](kmExp), a, opts)
}

// ExpInto stores Exp(a), broadcast to dst's shape, in dst.
func ExpInto[T Inexact](dst, a *nd.Array[T]) error { return unaryInto("ExpInto", of[T](kmExp), dst, a) }

// Log returns the natural logarithm of every element: -Inf for ±0, NaN for
// negative floats, +Inf for +Inf, within 1 ulp for floats (subnormals
// included); the principal value (math/cmplx's Log) for complex kinds.
func Log[T Inexact](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Log", of[T](kmLog), a, opts)
}

// LogInto stores Log(a), broadcast to dst's shape, in dst.
func LogInto[T Inexact](dst, a *nd.Array[T]) error { return unaryInto("LogInto", of[T](kmLog), dst, a) }

// Exp2 returns 2 raised to every element, within 1 ulp (exact for
// integers in range), with Exp's special values.
func Exp2[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Exp2", of[T](kmExp2), a, opts)
}

// Exp2Into stores Exp2(a), broadcast to dst's shape, in dst.
func Exp2Into[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("Exp2Into", of[T](kmExp2), dst, a)
}

// Log2 returns the base-2 logarithm of every element, within 1 ulp (exact
// for powers of two), with Log's special values.
func Log2[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Log2", of[T](kmLog2), a, opts)
}

// Log2Into stores Log2(a), broadcast to dst's shape, in dst.
func Log2Into[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("Log2Into", of[T](kmLog2), dst, a)
}

// Log10 returns the base-10 logarithm of every element, within 1 ulp,
// with Log's special values.
func Log10[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Log10", of[T](kmLog10), a, opts)
}

// Log10Into stores Log10(a), broadcast to dst's shape, in dst.
func Log10Into[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("Log10Into", of[T](kmLog10), dst, a)
}

// Log1p returns the natural logarithm of 1 plus every element, within
// 1 ulp and accurate near 0 where Log of 1+x is not: ±0 for ±0, -Inf for
// -1, NaN below -1.
func Log1p[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Log1p", of[T](kmLog1p), a, opts)
}

// Log1pInto stores Log1p(a), broadcast to dst's shape, in dst.
func Log1pInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("Log1pInto", of[T](kmLog1p), dst, a)
}

// Sqrt returns the square root of every element, correctly rounded (the
// hardware instruction) for floats: NaN for negative floats, -0 for -0;
// the principal root (math/cmplx's Sqrt) for complex kinds.
func Sqrt[T Inexact](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Sqrt", of[T](kmSqrt), a, opts)
}

// SqrtInto stores Sqrt(a), broadcast to dst's shape, in dst.
func SqrtInto[T Inexact](dst, a *nd.Array[T]) error {
	return unaryInto("SqrtInto", of[T](kmSqrt), dst, a)
}

// Floor returns the largest integer not above every element, as NumPy's
// floor (±0, ±Inf and NaN stay as they are).
func Floor[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Floor", of[T](kmFloor), a, opts)
}

// FloorInto stores Floor(a), broadcast to dst's shape, in dst.
func FloorInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("FloorInto", of[T](kmFloor), dst, a)
}

// Ceil returns the smallest integer not below every element, as NumPy's
// ceil (-0.5 gives -0).
func Ceil[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Ceil", of[T](kmCeil), a, opts)
}

// CeilInto stores Ceil(a), broadcast to dst's shape, in dst.
func CeilInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("CeilInto", of[T](kmCeil), dst, a)
}

// Trunc returns the integer part of every element, rounding toward zero,
// as NumPy's trunc.
func Trunc[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Trunc", of[T](kmTrunc), a, opts)
}

// TruncInto stores Trunc(a), broadcast to dst's shape, in dst.
func TruncInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("TruncInto", of[T](kmTrunc), dst, a)
}

// RoundToEven returns every element rounded to the nearest integer, ties to
// even: NumPy's round (and rint) with no decimals, Go's math.RoundToEven.
// (Go's math.Round, ties away from zero, is not what NumPy does.)
func RoundToEven[T nd.Float](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("RoundToEven", of[T](kmRint), a, opts)
}

// RoundToEvenInto stores RoundToEven(a), broadcast to dst's shape, in dst.
func RoundToEvenInto[T nd.Float](dst, a *nd.Array[T]) error {
	return unaryInto("RoundToEvenInto", of[T](kmRint), dst, a)
}
