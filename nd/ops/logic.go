package ops

import (
	"math"
	"math/cmplx"

	"github.com/numgo/numgo/nd"
)

// truthR is Any (all unset) or All over a run: a non-zero element is true
// (NaN included, as in NumPy). Any stops at the first true element, All at
// the first false one.
type truthR[T nd.Number] struct{ all bool }

func (r truthR[T]) row(data []T, off, n, s, _ int, buf []T) uint8 {
	for c := 0; c < n; c += chunk {
		for _, v := range gather(buf, data, off+c*s, s, min(chunk, n-c)) {
			if (v != 0) != r.all {
				return b2u(!r.all)
			}
		}
	}
	return b2u(r.all)
}

// countR counts the non-zero elements of a run.
type countR[T nd.Number] struct{}

func (countR[T]) row(data []T, off, n, s, _ int, buf []T) int {
	c := 0
	for i := 0; i < n; i += chunk {
		for _, v := range gather(buf, data, off+i*s, s, min(chunk, n-i)) {
			if v != 0 {
				c++
			}
		}
	}
	return c
}

// Any reports whether any element of a is non-zero (NaN counts as
// non-zero, as in NumPy); false for an empty array.
func Any[T nd.Number](a *nd.Array[T]) (bool, error) {
	v, err := reduceAll[T, uint8]("Any", truthR[T]{}, a, true, false)
	return v != 0, err
}

// AnyAxis returns the mask of lanes along the axes of ax that hold a
// non-zero element.
func AnyAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[uint8], error) {
	return newAxis[T, uint8]("AnyAxis", truthR[T]{}, a, ax, false, opts)
}

// AnyAxisInto stores AnyAxis(a, ax) in dst.
func AnyAxisInto[T nd.Number](dst *nd.Array[uint8], a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("AnyAxisInto", truthR[T]{}, dst, a, ax, false)
}

// All reports whether every element of a is non-zero; true for an empty
// array.
func All[T nd.Number](a *nd.Array[T]) (bool, error) {
	v, err := reduceAll[T, uint8]("All", truthR[T]{all: true}, a, true, false)
	return v != 0, err
}

// AllAxis returns the mask of lanes along the axes of ax whose elements
// are all non-zero.
func AllAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[uint8], error) {
	return newAxis[T, uint8]("AllAxis", truthR[T]{all: true}, a, ax, false, opts)
}

// AllAxisInto stores AllAxis(a, ax) in dst.
func AllAxisInto[T nd.Number](dst *nd.Array[uint8], a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("AllAxisInto", truthR[T]{all: true}, dst, a, ax, false)
}

// CountNonzero returns the number of non-zero elements of a, as NumPy's
// count_nonzero; for a mask, the number of true elements.
func CountNonzero[T nd.Number](a *nd.Array[T]) (int, error) {
	return reduceAll[T, int]("CountNonzero", countR[T]{}, a, true, false)
}

// CountNonzeroAxis returns the numbers of non-zero elements along the
// axes of ax.
func CountNonzeroAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[int], error) {
	return newAxis[T, int]("CountNonzeroAxis", countR[T]{}, a, ax, false, opts)
}

// CountNonzeroAxisInto stores CountNonzeroAxis(a, ax) in dst.
func CountNonzeroAxisInto[T nd.Number](dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("CountNonzeroAxisInto", countR[T]{}, dst, a, ax, false)
}

// class is what classK tests for.
type class uint8

const (
	classNaN class = iota
	classInf
	classFinite
)

// classK classifies elements into a mask: NaN, ±Inf or finite.
type classK[T nd.Number] struct{ op class }

func (k classK[T]) run(d []uint8, x, _, _ []T) {
	x = x[:len(d)]
	switch k.op {
	case classNaN:
		for i, v := range x {
			d[i] = b2u(v != v)
		}
	case classFinite:
		for i, v := range x {
			d[i] = b2u(v-v == v-v) // Inf-Inf and NaN-NaN are NaN
		}
	case classInf:
		switch kindOf[T]() {
		case kC128:
			for i, v := range as[complex128](x) {
				d[i] = b2u(cmplx.IsInf(v))
			}
		case kC64:
			for i, v := range as[complex64](x) {
				d[i] = b2u(cmplx.IsInf(complex128(v)))
			}
		default:
			for i, v := range x {
				d[i] = b2u(v == v && v-v != v-v)
			}
		}
	}
}

func (classK[T]) runS([]uint8, []T, T) bool { return false }

// IsNaN returns the mask of a's NaN elements (for complex kinds, a NaN in
// either part); integers are never NaN.
func IsNaN[T nd.Number](a *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8, T, T]("IsNaN", classK[T]{op: classNaN}, a, nil, nil, opts)
}

// IsNaNInto stores IsNaN(a) in dst.
func IsNaNInto[T nd.Number](dst *nd.Array[uint8], a *nd.Array[T]) error {
	return intoOp[uint8, T, T]("IsNaNInto", classK[T]{op: classNaN}, dst, a, nil, nil)
}

// IsInf returns the mask of a's infinite elements, +Inf or -Inf (for
// complex kinds, either part infinite, as NumPy's isinf).
func IsInf[T nd.Number](a *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8, T, T]("IsInf", classK[T]{op: classInf}, a, nil, nil, opts)
}

// IsInfInto stores IsInf(a) in dst.
func IsInfInto[T nd.Number](dst *nd.Array[uint8], a *nd.Array[T]) error {
	return intoOp[uint8, T, T]("IsInfInto", classK[T]{op: classInf}, dst, a, nil, nil)
}

// IsFinite returns the mask of a's finite elements: neither NaN nor ±Inf
// (for complex kinds, in both parts).
func IsFinite[T nd.Number](a *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8, T, T]("IsFinite", classK[T]{op: classFinite}, a, nil, nil, opts)
}

// IsFiniteInto stores IsFinite(a) in dst.
func IsFiniteInto[T nd.Number](dst *nd.Array[uint8], a *nd.Array[T]) error {
	return intoOp[uint8, T, T]("IsFiniteInto", classK[T]{op: classFinite}, dst, a, nil, nil)
}

// Tolerance is what IsClose and AllClose accept as close: |a - b| <=
// Abs + Rel·|b| (asymmetric in a and b, as NumPy's isclose), infinities
// close only to themselves, and NaN close to NaN only with EqualNaN.
type Tolerance struct {
	Rel, Abs float64
	EqualNaN bool
}

// DefaultTolerance is NumPy's default: rtol=1e-05, atol=1e-08,
// equal_nan=False.
var DefaultTolerance = Tolerance{Rel: 1e-5, Abs: 1e-8}

// closeK is IsClose's kernel, computed in float64.
type closeK[T nd.Real] struct{ tol Tolerance }

func (k closeK[T]) run(d []uint8, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	for i := range d {
		a, b := float64(x[i]), float64(y[i])
		var c bool
		switch {
		case a != a || b != b:
			c = k.tol.EqualNaN && a != a && b != b
		case math.IsInf(a, 0) || math.IsInf(b, 0):
			c = a == b
		default:
			c = math.Abs(a-b) <= k.tol.Abs+k.tol.Rel*math.Abs(b)
		}
		d[i] = b2u(c)
	}
}

func (closeK[T]) runS([]uint8, []T, T) bool { return false }

// IsClose returns the mask of elements of a and b (broadcast) that are
// equal within tol, as NumPy's isclose(a, b, rtol, atol, equal_nan):
//
//	m, err := ops.IsClose(a, b, ops.DefaultTolerance)
//
// The test is done in float64, so float32 operands are widened first
// (NumPy compares in float32).
func IsClose[T nd.Real](a, b *nd.Array[T], tol Tolerance, opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("IsClose", closeK[T]{tol}, a, b, nil, opts)
}

// IsCloseInto stores IsClose(a, b, tol) in dst.
func IsCloseInto[T nd.Real](dst *nd.Array[uint8], a, b *nd.Array[T], tol Tolerance) error {
	return intoOp("IsCloseInto", closeK[T]{tol}, dst, a, b, nil)
}

// AllClose reports whether every element of a is close to the matching
// element of b (broadcast) within tol, as NumPy's allclose; shapes that
// do not broadcast are an error wrapping nd.ErrShape. It allocates a mask
// of the broadcast shape from the Go heap.
func AllClose[T nd.Real](a, b *nd.Array[T], tol Tolerance) (bool, error) {
	m, err := IsClose(a, b, tol)
	if err != nil {
		return false, err
	}
	defer m.Free()
	return All(m)
}

// logic is a logical operation on masks.
type logic uint8

const (
	logicAnd logic = iota
	logicOr
	logicXor
	logicNot
)

// logicK is the logical operations on masks: non-zero is true, results
// are 0 or 1.
type logicK struct{ op logic }

func (k logicK) run(d, x, y, _ []uint8) {
	x = x[:len(d)]
	if k.op == logicNot {
		for i, v := range x {
			d[i] = b2u(v == 0)
		}
		return
	}
	y = y[:len(d)]
	for i := range d {
		p, q := x[i] != 0, y[i] != 0
		switch k.op {
		case logicAnd:
			d[i] = b2u(p && q)
		case logicOr:
			d[i] = b2u(p || q)
		default:
			d[i] = b2u(p != q)
		}
	}
}

func (logicK) runS([]uint8, []uint8, uint8) bool { return false }

// LogicalAnd returns the mask a AND b, broadcast (any non-zero byte is
// true; the result holds 0 or 1).
func LogicalAnd(a, b *nd.Array[uint8], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("LogicalAnd", logicK{logicAnd}, a, b, nil, opts)
}

// LogicalAndInto stores LogicalAnd(a, b) in dst.
func LogicalAndInto(dst, a, b *nd.Array[uint8]) error {
	return intoOp("LogicalAndInto", logicK{logicAnd}, dst, a, b, nil)
}

// LogicalOr returns the mask a OR b, broadcast.
func LogicalOr(a, b *nd.Array[uint8], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("LogicalOr", logicK{logicOr}, a, b, nil, opts)
}

// LogicalOrInto stores LogicalOr(a, b) in dst.
func LogicalOrInto(dst, a, b *nd.Array[uint8]) error {
	return intoOp("LogicalOrInto", logicK{logicOr}, dst, a, b, nil)
}

// LogicalXor returns the mask a XOR b, broadcast.
func LogicalXor(a, b *nd.Array[uint8], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("LogicalXor", logicK{logicXor}, a, b, nil, opts)
}

// LogicalXorInto stores LogicalXor(a, b) in dst.
func LogicalXorInto(dst, a, b *nd.Array[uint8]) error {
	return intoOp("LogicalXorInto", logicK{logicXor}, dst, a, b, nil)
}

// LogicalNot returns the mask NOT a: 1 where a is 0, 0 elsewhere.
func LogicalNot(a *nd.Array[uint8], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8, uint8, uint8]("LogicalNot", logicK{logicNot}, a, nil, nil, opts)
}

// LogicalNotInto stores LogicalNot(a) in dst.
func LogicalNotInto(dst, a *nd.Array[uint8]) error {
	return intoOp[uint8, uint8, uint8]("LogicalNotInto", logicK{logicNot}, dst, a, nil, nil)
}
