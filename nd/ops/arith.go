package ops

import (
	"math"

	"github.com/numgo/numgo/nd"
)

// divmodOp is an operation of divmodK.
type divmodOp uint8

const (
	divmodRem divmodOp = iota // NumPy's remainder (mod)
	divmodDiv                 // NumPy's floor_divide (//)
)

// divmodK is Remainder and FloorDivide, with NumPy's rules for every kind.
type divmodK[T nd.Real] struct{ op divmodOp }

func (k divmodK[T]) run(d []T, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	switch kindOf[T]() {
	case kF64:
		divmodFloat(k.op, as[float64](d), as[float64](x), as[float64](y))
	case kF32:
		divmodFloat(k.op, as[float32](d), as[float32](x), as[float32](y))
	default:
		for i := range d {
			d[i] = divmodInt(k.op, x[i], y[i])
		}
	}
}

func (divmodK[T]) runS([]T, []T, T) bool { return false }

// divmodInt is NumPy's integer floor_divide and remainder: the quotient
// rounded toward -Inf, the remainder with the divisor's sign; x/0 and x%0
// are 0 (NumPy warns), MinInt // -1 wraps to MinInt.
func divmodInt[T nd.Real](op divmodOp, a, b T) T {
	if b == 0 {
		return 0
	}
	if op == divmodDiv {
		q := a / b
		if (a > 0) != (b > 0) && q*b != a {
			q--
		}
		return q
	}
	r := a - a/b*b // a % b, which the Real constraint does not allow
	if r != 0 && (a > 0) != (b > 0) {
		r += b
	}
	return r
}

// divmodFloat is npy_divmod of NumPy 1.24 (numpy/core/src/npymath/
// npy_math_internal.h.src) element by element, giving the remainder or
// the floored quotient.
func divmodFloat[F float32 | float64](op divmodOp, d, x, y []F) {
	for i := range d {
		a, b := x[i], y[i]
		mod := F(math.Mod(float64(a), float64(b))) // exact
		if b == 0 {
			if op == divmodDiv {
				d[i] = a / b
			} else {
				d[i] = mod // NaN
			}
			continue
		}
		div := (a - mod) / b
		if mod != 0 {
			if (b < 0) != (mod < 0) {
				mod += b
				div -= 1
			}
		} else {
			mod = F(math.Copysign(0, float64(b)))
		}
		if op == divmodRem {
			d[i] = mod
			continue
		}
		var fd F
		if div != 0 {
			fd = F(math.Floor(float64(div)))
			if div-fd > 0.5 {
				fd++
			}
		} else {
			fd = F(math.Copysign(0, float64(a/b)))
		}
		d[i] = fd
	}
}

// Remainder returns a mod b element by element, broadcast, as NumPy's
// remainder (and mod, and Python's %): the result has the sign of b and
// a = FloorDivide(a, b)·b + Remainder(a, b). Go's % and math.Mod
// truncate instead, whence the name. Floats follow NumPy 1.24's npy_divmod
// (x mod 0 is NaN, x mod ±Inf is x or ±Inf by sign); integers mod 0 give
// 0, as NumPy does (with a warning).
//
//	r, err := ops.Remainder(a, ops.Scalar(3)) // -7 → 2
func Remainder[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Remainder", divmodK[T]{divmodRem}, a, b, nil, opts)
}

// RemainderInto stores Remainder(a, b) in dst.
func RemainderInto[T nd.Real](dst, a, b *nd.Array[T]) error {
	return intoOp("RemainderInto", divmodK[T]{divmodRem}, dst, a, b, nil)
}

// FloorDivide returns a / b rounded toward -Inf element by element,
// broadcast, as NumPy's floor_divide (Python's //). Div truncates toward
// zero instead. Integers divided by 0 give 0, as NumPy does (with a
// warning); MinInt // -1 wraps to MinInt. Floats follow npy_divmod: x//0
// is ±Inf or NaN, and the quotient is rounded so that it is consistent
// with Remainder.
func FloorDivide[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("FloorDivide", divmodK[T]{divmodDiv}, a, b, nil, opts)
}

// FloorDivideInto stores FloorDivide(a, b) in dst.
func FloorDivideInto[T nd.Real](dst, a, b *nd.Array[T]) error {
	return intoOp("FloorDivideInto", divmodK[T]{divmodDiv}, dst, a, b, nil)
}

// binMath is an operation of binMathK.
type binMath uint8

const (
	bmHypot binMath = iota
	bmAtan2
	bmCopysign
)

// binMathK is the two-operand functions of package math, computed in
// float64 (float32 rounded after).
type binMathK[T nd.Float] struct{ op binMath }

func (k binMathK[T]) run(d []T, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	var f func(a, b float64) float64
	switch k.op {
	case bmHypot:
		f = math.Hypot
	case bmAtan2:
		f = math.Atan2
	default:
		f = math.Copysign
	}
	for i := range d {
		d[i] = T(f(float64(x[i]), float64(y[i])))
	}
}

func (binMathK[T]) runS([]T, []T, T) bool { return false }

// Hypot returns sqrt(a² + b²) element by element, broadcast, without
// undue overflow, as math.Hypot (and NumPy's hypot). Go's algorithm is
// not correctly rounded: results may differ from NumPy's (the C
// library's) by an ulp.
func Hypot[T nd.Float](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Hypot", binMathK[T]{bmHypot}, a, b, nil, opts)
}

// HypotInto stores Hypot(a, b) in dst.
func HypotInto[T nd.Float](dst, a, b *nd.Array[T]) error {
	return intoOp("HypotInto", binMathK[T]{bmHypot}, dst, a, b, nil)
}

// Atan2 returns the angle of the point (b, a), atan(a/b) in the right
// quadrant, element by element, broadcast, as math.Atan2 (NumPy's arctan2,
// with its special cases for zeros and infinities). Results may differ
// from NumPy's by an ulp.
func Atan2[T nd.Float](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Atan2", binMathK[T]{bmAtan2}, a, b, nil, opts)
}

// Atan2Into stores Atan2(a, b) in dst.
func Atan2Into[T nd.Float](dst, a, b *nd.Array[T]) error {
	return intoOp("Atan2Into", binMathK[T]{bmAtan2}, dst, a, b, nil)
}

// Copysign returns the magnitude of a with the sign of b (the sign bit:
// -0 and NaNs count), element by element, broadcast, as math.Copysign.
func Copysign[T nd.Float](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Copysign", binMathK[T]{bmCopysign}, a, b, nil, opts)
}

// CopysignInto stores Copysign(a, b) in dst.
func CopysignInto[T nd.Float](dst, a, b *nd.Array[T]) error {
	return intoOp("CopysignInto", binMathK[T]{bmCopysign}, dst, a, b, nil)
}

// sqrecOp is an operation of sqrecK.
type sqrecOp uint8

const (
	sqrecSquare sqrecOp = iota
	sqrecReciprocal
)

// sqrecK is Square and Reciprocal.
type sqrecK[T nd.Number] struct{ op sqrecOp }

func (k sqrecK[T]) run(d []T, x, _, _ []T) {
	x = x[:len(d)]
	if k.op == sqrecSquare {
		for i, v := range x {
			d[i] = v * v
		}
		return
	}
	for i, v := range x {
		d[i] = 1 / v
	}
}

func (sqrecK[T]) runS([]T, []T, T) bool { return false }

// Square returns a·a element by element, as NumPy's square; integers wrap
// around on overflow.
func Square[T nd.Number](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T, T, T]("Square", sqrecK[T]{sqrecSquare}, a, nil, nil, opts)
}

// SquareInto stores Square(a) in dst.
func SquareInto[T nd.Number](dst, a *nd.Array[T]) error {
	return intoOp[T, T, T]("SquareInto", sqrecK[T]{sqrecSquare}, dst, a, nil, nil)
}

// Reciprocal returns 1/a element by element (1/0 is +Inf, 1/-0 is -Inf).
// It is defined for floats and complex kinds only: NumPy's integer
// reciprocal truncates (0 for every |a| > 1) and is undefined at 0.
func Reciprocal[T Inexact](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T, T, T]("Reciprocal", sqrecK[T]{sqrecReciprocal}, a, nil, nil, opts)
}

// ReciprocalInto stores Reciprocal(a) in dst.
func ReciprocalInto[T Inexact](dst, a *nd.Array[T]) error {
	return intoOp[T, T, T]("ReciprocalInto", sqrecK[T]{sqrecReciprocal}, dst, a, nil, nil)
}

// powIntK is PowInt's kernel.
type powIntK[T nd.Integer] struct{}

func (powIntK[T]) run(d []T, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	for i := range d {
		d[i] = powInt(x[i], y[i])
	}
}

func (powIntK[T]) runS([]T, []T, T) bool { return false }

// powInt is base**exp by repeated squaring, wrapping around in T. A
// negative exponent gives 1/base**|exp| truncated toward zero, as Div
// would: 1 for base 1, ±1 for base -1, 0 otherwise (0 for base 0 too,
// Div's integer x/0).
func powInt[T nd.Integer](base, exp T) T {
	if exp < 0 {
		switch {
		case base == 1:
			return 1
		case base+1 == 0 && base < 0: // -1 for signed kinds
			if exp%2 == 0 {
				return 1
			}
			return base
		}
		return 0
	}
	var r T = 1
	for exp != 0 {
		if exp&1 != 0 {
			r *= base
		}
		base *= base
		exp >>= 1
	}
	return r
}

// PowInt returns a raised to the integer power b element by element,
// broadcast, exactly (by repeated squaring) and wrapping around on
// overflow as NumPy's power does for integer arrays:
//
//	p, err := ops.PowInt(a, ops.Scalar(3))
//
// It is a name of its own, not an integer case of Pow, because its
// semantics differ: Pow is a floating-point result for floats and
// complex kinds, PowInt is exact integer arithmetic. NumPy refuses a
// negative exponent (ValueError); PowInt instead gives 1/a^|b| truncated
// toward zero, as Div truncates: 1 for a = 1, ±1 for a = -1, 0 otherwise.
func PowInt[T nd.Integer](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("PowInt", powIntK[T]{}, a, b, nil, opts)
}

// PowIntInto stores PowInt(a, b) in dst.
func PowIntInto[T nd.Integer](dst, a, b *nd.Array[T]) error {
	return intoOp("PowIntInto", powIntK[T]{}, dst, a, b, nil)
}
