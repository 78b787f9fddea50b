package ops

import "github.com/numgo/numgo/nd"

// unary allocates op(a).
func unary[T nd.Number, K kernel[T, T, T]](name string, k K, a *nd.Array[T], opts []nd.Option) (*nd.Array[T], error) {
	return newOp[T, T, T](name, k, a, nil, nil, opts)
}

// unaryInto writes op(a) into dst.
func unaryInto[T nd.Number, K kernel[T, T, T]](name string, k K, dst, a *nd.Array[T]) error {
	return intoOp[T, T, T](name, k, dst, a, nil, nil)
}

// arithInto is the Into form of the four arithmetic operations. Operands of
// one shape and layout that are live and too small to split go straight to
// the kernel, which bounds the fixed cost of a small operation; everything
// else, errors included, takes intoOp's general path.
func arithInto[T nd.Number](name string, op opcode, dst, a, b *nd.Array[T]) error {
	k := arith[T]{op: op}
	if d, x, y, ok := dst.KernelOperands(a, b); ok && len(d) < minParallel {
		if len(d) < minKernel { // run would choose the loop too; calling it here saves a call
			k.loop(d, x, y)
		} else {
			k.run(d, x, y, nil)
		}
		return nil
	}
	return intoOp(name, k, dst, a, b, nil)
}

// Add returns a + b, broadcast, in a new array from the options' allocator
// (mem.Default unless nd.With names another).
//
//	sum, err := ops.Add(a, b, nd.With(arena))
func Add[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Add", arith[T]{op: opAdd}, a, b, nil, opts)
}

// AddInto stores a + b, broadcast to dst's shape, in dst.
func AddInto[T nd.Number](dst, a, b *nd.Array[T]) error {
	return arithInto("AddInto", opAdd, dst, a, b)
}

// Sub returns a - b, broadcast.
func Sub[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Sub", arith[T]{op: opSub}, a, b, nil, opts)
}

// SubInto stores a - b in dst.
func SubInto[T nd.Number](dst, a, b *nd.Array[T]) error {
	return arithInto("SubInto", opSub, dst, a, b)
}

// Mul returns a * b element by element, broadcast.
func Mul[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Mul", arith[T]{op: opMul}, a, b, nil, opts)
}

// MulInto stores a * b in dst.
func MulInto[T nd.Number](dst, a, b *nd.Array[T]) error {
	return arithInto("MulInto", opMul, dst, a, b)
}

// Div returns a / b element by element, broadcast. Floats follow IEEE
// 754 (x/0 is ±Inf or NaN). Integers divide as Go does, truncating toward
// zero (NumPy's // floors instead), and x/0 is 0, as NumPy gives, rather
// than a panic.
func Div[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Div", arith[T]{op: opDiv}, a, b, nil, opts)
}

// DivInto stores a / b in dst, with Div's rules.
func DivInto[T nd.Number](dst, a, b *nd.Array[T]) error {
	return arithInto("DivInto", opDiv, dst, a, b)
}

// Maximum returns the larger of a and b element by element, broadcast. A
// NaN in either wins, as in NumPy's maximum (fmax-style NaN skipping is
// not offered).
func Maximum[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Maximum", ordered[T]{op: opMax}, a, b, nil, opts)
}

// MaximumInto stores Maximum(a, b) in dst.
func MaximumInto[T nd.Real](dst, a, b *nd.Array[T]) error {
	return intoOp("MaximumInto", ordered[T]{op: opMax}, dst, a, b, nil)
}

// Minimum returns the smaller of a and b element by element, broadcast;
// NaN wins.
func Minimum[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Minimum", ordered[T]{op: opMin}, a, b, nil, opts)
}

// MinimumInto stores Minimum(a, b) in dst.
func MinimumInto[T nd.Real](dst, a, b *nd.Array[T]) error {
	return intoOp("MinimumInto", ordered[T]{op: opMin}, dst, a, b, nil)
}

// Pow returns a raised to b element by element, broadcast, as NumPy's
// power. For floats it runs package asm's kernel (asm.Pow): within 1 ulp
// of the exact value for every input, subnormals included, the same bits
// on every CPU and NUMGO_SIMD tier, float32 computed in float32. The
// special values are C99's, as NumPy gives them: x^±0 = 1 and 1^y = 1
// even for NaN; NaN for a negative finite base with a non-integer
// exponent; the base's sign kept for odd integer exponents; 0 and Inf for
// zero and infinite bases and exponents by the signs (asm.Pow lists
// them). Complex kinds run cmplx.Pow.
func Pow[T Inexact](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Pow", inexact[T]{op: opPow}, a, b, nil, opts)
}

// PowInto stores Pow(a, b) in dst.
func PowInto[T Inexact](dst, a, b *nd.Array[T]) error {
	return intoOp("PowInto", inexact[T]{op: opPow}, dst, a, b, nil)
}

// AddScalar returns a + s.
func AddScalar[T nd.Number](a *nd.Array[T], s T, opts ...nd.Option) (*nd.Array[T], error) {
	return unary("AddScalar", arith[T]{op: opAddS, s: s}, a, opts)
}

// AddScalarInto stores a + s in dst; dst's shape must be a's (or one a
// broadcasts to).
func AddScalarInto[T nd.Number](dst, a *nd.Array[T], s T) error {
	return unaryInto("AddScalarInto", arith[T]{op: opAddS, s: s}, dst, a)
}

// SubScalar returns a - s.
func SubScalar[T nd.Number](a *nd.Array[T], s T, opts ...nd.Option) (*nd.Array[T], error) {
	return unary("SubScalar", arith[T]{op: opSubS, s: s}, a, opts)
}

// SubScalarInto stores a - s in dst.
func SubScalarInto[T nd.Number](dst, a *nd.Array[T], s T) error {
	return unaryInto("SubScalarInto", arith[T]{op: opSubS, s: s}, dst, a)
}

// MulScalar returns a * s.
func MulScalar[T nd.Number](a *nd.Array[T], s T, opts ...nd.Option) (*nd.Array[T], error) {
	return unary("MulScalar", arith[T]{op: opMulS, s: s}, a, opts)
}

// MulScalarInto stores a * s in dst.
func MulScalarInto[T nd.Number](dst, a *nd.Array[T], s T) error {
	return unaryInto("MulScalarInto", arith[T]{op: opMulS, s: s}, dst, a)
}

// DivScalar returns a / s, with Div's rules (an integer s of 0 gives
// zeros).
func DivScalar[T nd.Number](a *nd.Array[T], s T, opts ...nd.Option) (*nd.Array[T], error) {
	return unary("DivScalar", arith[T]{op: opDivS, s: s}, a, opts)
}

// DivScalarInto stores a / s in dst.
func DivScalarInto[T nd.Number](dst, a *nd.Array[T], s T) error {
	return unaryInto("DivScalarInto", arith[T]{op: opDivS, s: s}, dst, a)
}

// Scalar returns a zero-dimensional array holding v on the Go heap. It
// broadcasts against any shape, which gives every binary operation a
// scalar form:
//
//	p, err := ops.Pow(a, ops.Scalar(2.0))
//	m, err := ops.Less(a, ops.Scalar(0.5))
//
// It costs two small heap allocations; the ...Scalar functions cost none.
func Scalar[T nd.Number](v T) *nd.Array[T] {
	a, err := nd.Wrap([]T{v}, []int{})
	if err != nil {
		panic(err) // a 0-d shape of one element always fits
	}
	return a
}

// Neg returns -a.
func Neg[T nd.Number](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Neg", arith[T]{op: opNeg}, a, opts)
}

// NegInto stores -a in dst.
func NegInto[T nd.Number](dst, a *nd.Array[T]) error {
	return unaryInto("NegInto", arith[T]{op: opNeg}, dst, a)
}

// Abs returns |a|. -0 becomes +0; for signed integers the most negative
// value stays itself, as in NumPy (two's complement wrap-around). For
// complex magnitudes use Sqrt of a*conj(a) or math/cmplx.
func Abs[T nd.Real](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Abs", ordered[T]{op: opAbs}, a, opts)
}

// AbsInto stores |a| in dst.
func AbsInto[T nd.Real](dst, a *nd.Array[T]) error {
	return unaryInto("AbsInto", ordered[T]{op: opAbs}, dst, a)
}

// Clip returns a with every element limited to [lo, hi]: min(max(a, lo),
// hi), so hi wins when lo > hi, and NaN (in a, lo or hi) propagates, as in
// NumPy's clip.
func Clip[T nd.Real](a *nd.Array[T], lo, hi T, opts ...nd.Option) (*nd.Array[T], error) {
	return unary("Clip", ordered[T]{op: opClip, lo: lo, hi: hi}, a, opts)
}

// ClipInto stores Clip(a, lo, hi) in dst.
func ClipInto[T nd.Real](dst, a *nd.Array[T], lo, hi T) error {
	return unaryInto("ClipInto", ordered[T]{op: opClip, lo: lo, hi: hi}, dst, a)
}

// Equal returns the mask a == b, broadcast: 1 where equal, 0 elsewhere
// (NaN equals nothing). Masks are nd.Array[uint8] because bool is not an
// nd.Number.
func Equal[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("Equal", equality[T]{op: opEq}, a, b, nil, opts)
}

// EqualInto stores the mask a == b in dst.
func EqualInto[T nd.Number](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("EqualInto", equality[T]{op: opEq}, dst, a, b, nil)
}

// NotEqual returns the mask a != b (1 where either is NaN).
func NotEqual[T nd.Number](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("NotEqual", equality[T]{op: opNe}, a, b, nil, opts)
}

// NotEqualInto stores the mask a != b in dst.
func NotEqualInto[T nd.Number](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("NotEqualInto", equality[T]{op: opNe}, dst, a, b, nil)
}

// Less returns the mask a < b (0 where either is NaN).
func Less[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("Less", comparison[T]{op: opLt}, a, b, nil, opts)
}

// LessInto stores the mask a < b in dst.
func LessInto[T nd.Real](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("LessInto", comparison[T]{op: opLt}, dst, a, b, nil)
}

// LessEqual returns the mask a <= b.
func LessEqual[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("LessEqual", comparison[T]{op: opLe}, a, b, nil, opts)
}

// LessEqualInto stores the mask a <= b in dst.
func LessEqualInto[T nd.Real](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("LessEqualInto", comparison[T]{op: opLe}, dst, a, b, nil)
}

// Greater returns the mask a > b.
func Greater[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("Greater", comparison[T]{op: opGt}, a, b, nil, opts)
}

// GreaterInto stores the mask a > b in dst.
func GreaterInto[T nd.Real](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("GreaterInto", comparison[T]{op: opGt}, dst, a, b, nil)
}

// GreaterEqual returns the mask a >= b.
func GreaterEqual[T nd.Real](a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[uint8], error) {
	return newOp[uint8]("GreaterEqual", comparison[T]{op: opGe}, a, b, nil, opts)
}

// GreaterEqualInto stores the mask a >= b in dst.
func GreaterEqualInto[T nd.Real](dst *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("GreaterEqualInto", comparison[T]{op: opGe}, dst, a, b, nil)
}

// Where returns a where mask is non-zero and b elsewhere, all three
// broadcast together, as NumPy's where(mask, a, b).
//
//	clipped, err := ops.Where(mask, a, ops.Scalar(0.0))
func Where[T nd.Number](mask *nd.Array[uint8], a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	return newOp[T]("Where", choose[T]{}, mask, a, b, opts)
}

// WhereInto stores Where(mask, a, b) in dst.
func WhereInto[T nd.Number](dst *nd.Array[T], mask *nd.Array[uint8], a, b *nd.Array[T]) error {
	return intoOp("WhereInto", choose[T]{}, dst, mask, a, b)
}
