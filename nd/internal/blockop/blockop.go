// Package blockop holds the element-wise kernels that nd/ops and nd/expr
// share: one loop (or one asm call) per operation over slices of equal
// length, so that an operation computes each element the same way whether
// ops runs it over a whole array or expr over one cache-sized block of a
// fused expression. That is what makes an expression's result
// bit-identical to the step-by-step ops.
//
// It sits between asm (the SIMD kernels it calls) and the two front ends;
// nothing here walks shapes, strides or blocks.
package blockop

import (
	"unsafe"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// Op is one element-wise operation. The ...S forms take the scalar s as
// their second operand (RSubS and RDivS as their first); the comparisons
// and the logical operations give 1 and 0 of the element kind.
type Op uint8

// The operations Run knows.
const (
	Add Op = iota
	Sub
	Mul
	Div
	AddS  // x + s
	SubS  // x - s
	MulS  // x * s
	DivS  // x / s
	RSubS // s - x
	RDivS // s / x
	Pow
	Max
	Min
	Neg
	Abs
	Sqrt
	Exp
	Log
	Exp2
	Log2
	Log10
	Log1p
	Expm1
	Sin
	Cos
	Tan
	Asin
	Acos
	Atan
	Sinh
	Cosh
	Tanh
	Sigmoid
	Erf
	Floor
	Ceil
	Trunc
	RoundToEven
	Eq
	Ne
	Lt
	Le
	Gt
	Ge
	And
	Or
	Not
	Where  // x non-zero (NaN included): y, else z
	MulAdd // x*y + z, the product rounded first (Mul then Add, never an FMA)
	MulSub // x*y - z, the product rounded first
)

// Transcendental reports whether op is one of the math functions Sqrt
// ... Erf (the roundings excluded), whose kernels cost tens of
// operations a vector rather than a memory pass.
func (op Op) Transcendental() bool { return Sqrt <= op && op <= Erf }

// Scalar returns the form of op that takes the scalar s as its second
// operand (x op s), or with first set as its first (s op x): AddS, SubS
// or RSubS, MulS, DivS or RDivS. s + x is AddS and s * x is MulS: IEEE
// addition and multiplication commute. ok is false for operations other
// than + - * /, which have no scalar form:
//
//	op, ok := blockop.Sub.Scalar(true) // RSubS, true: d[i] = s - x[i]
func (op Op) Scalar(first bool) (sop Op, ok bool) {
	switch op {
	case Add:
		return AddS, true
	case Mul:
		return MulS, true
	case Sub:
		if first {
			return RSubS, true
		}
		return SubS, true
	case Div:
		if first {
			return RDivS, true
		}
		return DivS, true
	}
	return op, false
}

// Run sets d to op over x, y and z (the inputs op takes; the others may be
// nil) and the scalar s of the ...S forms. Every input holds at least
// len(d) elements; d may be the very slice of an input (in place) but
// must not otherwise overlap one.
func Run[T nd.Float](op Op, d, x, y, z []T, s T) { run(op, false, d, x, y, z, s) }

// RunNT is Run writing d with non-temporal stores where op has such a
// kernel (+ - * /, the AddS, SubS and MulS forms, MulAdd and MulSub), and
// Run otherwise: for the last operation of a block of a destination far
// larger than the caches, whose lines are then written without first
// being read.
func RunNT[T nd.Float](op Op, d, x, y, z []T, s T) { run(op, true, d, x, y, z, s) }

// run is Run, and RunNT with nt set.
func run[T nd.Float](op Op, nt bool, d, x, y, z []T, s T) {
	x = x[:len(d)]
	switch op {
	case Add:
		either(nt, asm.Add[T], asm.AddNT[T])(d, x, y)
	case Sub:
		either(nt, asm.Sub[T], asm.SubNT[T])(d, x, y)
	case Mul:
		either(nt, asm.Mul[T], asm.MulNT[T])(d, x, y)
	case Div:
		either(nt, asm.Div[T], asm.DivNT[T])(d, x, y)
	case AddS:
		either(nt, asm.AddScalar[T], asm.AddScalarNT[T])(d, x, s)
	case SubS: // x - s == x + (-s) exactly in IEEE arithmetic
		either(nt, asm.AddScalar[T], asm.AddScalarNT[T])(d, x, -s)
	case MulS:
		either(nt, asm.Scale[T], asm.ScaleNT[T])(d, x, s)
	case MulAdd:
		either(nt, asm.MulAdd[T], asm.MulAddNT[T])(d, x, y, z)
	case MulSub:
		either(nt, asm.MulSub[T], asm.MulSubNT[T])(d, x, y, z)
	case DivS:
		for i, v := range x {
			d[i] = v / s
		}
	case RSubS:
		for i, v := range x {
			d[i] = s - v
		}
	case RDivS:
		for i, v := range x {
			d[i] = s / v
		}
	case Pow:
		asm.Pow(d, x, y[:len(d)])
	case Max:
		Maximum(d, x, y)
	case Min:
		Minimum(d, x, y)
	case Neg:
		for i, v := range x {
			d[i] = -v
		}
	case Abs:
		Absolute(d, x)
	case Where:
		choose(d, x, y, z)
	default:
		if Eq <= op && op <= Not {
			logic(op, d, x, y)
			return
		}
		math1(op, d, x)
	}
}

// either is f, or its non-temporal form g when nt is set.
func either[F any](nt bool, f, g F) F {
	if nt {
		return g
	}
	return f
}

// math1 runs the math functions, on asm's kernels.
func math1[T nd.Float](op Op, d, x []T) {
	switch op {
	case Sqrt:
		asm.Sqrt(d, x)
	case Exp:
		asm.Exp(d, x)
	case Log:
		asm.Log(d, x)
	case Exp2:
		asm.Exp2(d, x)
	case Log2:
		asm.Log2(d, x)
	case Log10:
		asm.Log10(d, x)
	case Log1p:
		asm.Log1p(d, x)
	case Expm1:
		asm.Expm1(d, x)
	case Sin:
		asm.Sin(d, x)
	case Cos:
		asm.Cos(d, x)
	case Tan:
		asm.Tan(d, x)
	case Asin:
		asm.Asin(d, x)
	case Acos:
		asm.Acos(d, x)
	case Atan:
		asm.Atan(d, x)
	case Sinh:
		asm.Sinh(d, x)
	case Cosh:
		asm.Cosh(d, x)
	case Tanh:
		asm.Tanh(d, x)
	case Sigmoid:
		asm.Sigmoid(d, x)
	case Erf:
		asm.Erf(d, x)
	case Floor:
		asm.Floor(d, x)
	case Ceil:
		asm.Ceil(d, x)
	case Trunc:
		asm.Trunc(d, x)
	case RoundToEven:
		asm.RoundToEven(d, x)
	}
}

// Maximum sets d[i] to NumPy's maximum(x[i], y[i]) as its x86 loops
// compute it: x[i] if it is NaN or larger, else y[i]. So NaN wins (x's
// first), and of equal elements (+0 and -0) y's; floats run asm's MaxRows,
// the kernel of ops' column reductions.
func Maximum[T nd.Real](d, x, y []T) { extreme(true, d, x, y) }

// Minimum is Maximum's counterpart: x[i] if it is NaN or smaller, else
// y[i].
func Minimum[T nd.Real](d, x, y []T) { extreme(false, d, x, y) }

func extreme[T nd.Real](mx bool, d, x, y []T) {
	x, y = x[:len(d)], y[:len(d)]
	if len(d) == 0 {
		return
	}
	if f := unsafe.Sizeof(d[0]); isFloat[T]() && &d[0] != &y[0] {
		copy(d, x) // d is x or does not overlap it (the callers' contract)
		switch {
		case f == 8 && mx:
			asm.MaxRows(as[float64](d), as[float64](y), 0, 1)
		case f == 8:
			asm.MinRows(as[float64](d), as[float64](y), 0, 1)
		case mx:
			asm.MaxRows(as[float32](d), as[float32](y), 0, 1)
		default:
			asm.MinRows(as[float32](d), as[float32](y), 0, 1)
		}
		return
	}
	for i, a := range x {
		if b := y[i]; a != a || mx && a > b || !mx && a < b {
			d[i] = a
		} else {
			d[i] = b
		}
	}
}

// isFloat reports whether T is a float kind (a half is not zero).
func isFloat[T nd.Real]() bool {
	var h T = 1
	h /= 2
	return h != 0
}

// Absolute sets d[i] = |x[i]|: -0 becomes +0, and the most negative value
// of a signed integer kind stays itself (two's complement), as in NumPy.
func Absolute[T nd.Real](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		if v <= 0 {
			v = 0 - v // also turns -0 into +0
		}
		d[i] = v
	}
}

// logic runs the comparisons and the logical operations into 1 and 0.
func logic[T nd.Float](op Op, d, x, y []T) {
	if op == Not {
		for i, v := range x {
			d[i] = one[T](v == 0)
		}
		return
	}
	y = y[:len(d)]
	switch op {
	case Eq:
		for i, v := range x {
			d[i] = one[T](v == y[i])
		}
	case Ne:
		for i, v := range x {
			d[i] = one[T](v != y[i])
		}
	case Lt:
		for i, v := range x {
			d[i] = one[T](v < y[i])
		}
	case Le:
		for i, v := range x {
			d[i] = one[T](v <= y[i])
		}
	case Gt:
		for i, v := range x {
			d[i] = one[T](v > y[i])
		}
	case Ge:
		for i, v := range x {
			d[i] = one[T](v >= y[i])
		}
	case And:
		for i, v := range x {
			d[i] = one[T](v != 0) * one[T](y[i] != 0)
		}
	case Or:
		for i, v := range x {
			d[i] = max(one[T](v != 0), one[T](y[i] != 0))
		}
	}
}

// one is 1 for true and 0 for false, without a branch: comparisons of
// random data would mispredict half of them.
func one[T nd.Float](b bool) T {
	var u uint8
	if b { // compiled to SETcc
		u = 1
	}
	return T(u)
}

// choose sets d to y where x is non-zero and to z elsewhere, by masking
// the bits rather than by a branch per element.
func choose[T nd.Float](d, x, y, z []T) {
	if unsafe.Sizeof(T(0)) == 8 {
		selectBits(as[uint64](d), as[uint64](x), as[uint64](y), as[uint64](z))
		return
	}
	selectBits(as[uint32](d), as[uint32](x), as[uint32](y), as[uint32](z))
}

// selectBits is choose on the bits: x is non-zero (NaN included) when its
// bits without the sign are.
func selectBits[U uint32 | uint64](d, x, y, z []U) {
	x, y, z = x[:len(d)], y[:len(d)], z[:len(d)]
	for i, v := range x {
		var b U
		if v<<1 != 0 {
			b = 1
		}
		m := -b
		d[i] = y[i]&m | z[i]&^m
	}
}

// as views a slice of T as a slice of U, a kind of the same size.
func as[U, T any](s []T) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// WhereCmp sets d to a where x cmp y holds and to b elsewhere, in one
// loop with no branch per element: Where over a comparison (cmp is one of
// Eq ... Ge), with no 1s and 0s stored.
func WhereCmp[T nd.Float](cmp Op, d, x, y, a, b []T) {
	if unsafe.Sizeof(T(0)) == 8 {
		whereCmpBits(cmp, as[uint64](d), x, y, as[uint64](a), as[uint64](b))
		return
	}
	whereCmpBits(cmp, as[uint32](d), x, y, as[uint32](a), as[uint32](b))
}

func whereCmpBits[U uint32 | uint64, T nd.Float](cmp Op, d []U, x, y []T, a, b []U) {
	x, y, a, b = x[:len(d)], y[:len(d)], a[:len(d)], b[:len(d)]
	switch cmp {
	case Eq:
		for i, v := range x {
			d[i] = pick(v == y[i], a[i], b[i])
		}
	case Ne:
		for i, v := range x {
			d[i] = pick(v != y[i], a[i], b[i])
		}
	case Lt:
		for i, v := range x {
			d[i] = pick(v < y[i], a[i], b[i])
		}
	case Le:
		for i, v := range x {
			d[i] = pick(v <= y[i], a[i], b[i])
		}
	case Gt:
		for i, v := range x {
			d[i] = pick(v > y[i], a[i], b[i])
		}
	case Ge:
		for i, v := range x {
			d[i] = pick(v >= y[i], a[i], b[i])
		}
	}
}

// pick returns a if c and b otherwise, by masking the bits.
func pick[U uint32 | uint64](c bool, a, b U) U {
	var m U
	if c {
		m = 1
	}
	m = -m
	return a&m | b&^m
}

// CountCmp returns the number of i for which x[i] cmp y[i] holds (cmp is
// one of Eq ... Ge), with asm.CountCmp.
func CountCmp[T nd.Float](cmp Op, x, y []T) int {
	return asm.CountCmp(asm.CmpEq+asm.Cmp(cmp-Eq), x, y) // Eq ... Ge in asm's order
}
