package ops

import (
	"math"
	"math/cmplx"
	"unsafe"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
)

// Inexact is the set of element kinds the transcendental functions (Sqrt,
// Exp, Log, Pow) and the statistics (Mean, Var, Std) are defined on.
// Integer arrays are excluded on purpose: NumPy would silently return
// float64, which an nd.Array[int] cannot hold; convert first.
type Inexact interface{ nd.Float | nd.Complex }

// kind is the memory layout of an element kind, for choosing a kernel.
type kind uint8

const (
	kInt kind = iota
	kF32
	kF64
	kC64
	kC128
)

// kindOf is the kernel layout of T, from nd.KindOf and T's size: named
// kinds (type Celsius float64) take the same fast paths as their base
// kinds, and the compiler folds it for each T.
func kindOf[T nd.Number]() kind {
	switch nd.KindOf[T]() {
	case nd.KindFloat:
		if sizeOf[T]() == 4 {
			return kF32
		}
		return kF64
	case nd.KindComplex:
		if sizeOf[T]() == 8 {
			return kC64
		}
		return kC128
	}
	return kInt
}

// as views a slice of T as a slice of F, a kind of the same memory layout.
func as[F, T any](s []T) []F {
	return unsafe.Slice((*F)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// bitsAs reinterprets v as F, a kind of the same memory layout.
func bitsAs[F, T any](v T) F { return *(*F)(unsafe.Pointer(&v)) }

// isInt reports whether T is an integer kind.
func isInt[T nd.Number]() bool { return kindOf[T]() == kInt }

// signedKind reports whether T is a signed integer kind (false for
// unsigned, float and complex kinds).
func signedKind[T nd.Number]() bool { return nd.KindOf[T]() == nd.KindInt }

// isComplex reports whether T is a complex kind.
func isComplex[T nd.Number]() bool {
	k := kindOf[T]()
	return k == kC64 || k == kC128
}

// sizeOf is the size in bytes of one element of T.
func sizeOf[T nd.Number]() int {
	var zero T
	return int(unsafe.Sizeof(zero))
}

// opcode is the operation of a kernel: blockop's operations, whose float
// kernels ops runs (nd/expr runs the same ones, which keeps a fused
// expression's values those of ops), under short names here. Clip has no
// blockop kernel; its code is the last one, beyond blockop's.
type opcode = blockop.Op

const (
	opAdd  = blockop.Add
	opSub  = blockop.Sub
	opMul  = blockop.Mul
	opDiv  = blockop.Div
	opNeg  = blockop.Neg
	opAddS = blockop.AddS
	opSubS = blockop.SubS
	opMulS = blockop.MulS
	opDivS = blockop.DivS
	opMax  = blockop.Max
	opMin  = blockop.Min
	opAbs  = blockop.Abs
	opSqrt = blockop.Sqrt
	opExp  = blockop.Exp
	opLog  = blockop.Log
	opPow  = blockop.Pow
	opEq   = blockop.Eq
	opNe   = blockop.Ne
	opLt   = blockop.Lt
	opLe   = blockop.Le
	opGt   = blockop.Gt
	opGe   = blockop.Ge
	opClip = opcode(math.MaxUint8)
)

// arith is the arithmetic of every kind: + - * / and negation, with an
// array or a scalar s as the second operand.
type arith[T nd.Number] struct {
	op opcode
	s  T
}

// minKernel is the length from which float arithmetic goes to the asm
// kernels: below it the Go loop, inlined here, costs less than the calls
// that reach the vector code (BenchmarkAddInto16).
const minKernel = 32

func (k arith[T]) run(d, x, y, _ []T) {
	if len(d) < minKernel {
		k.loop(d, x, y)
		return
	}
	switch kindOf[T]() {
	case kF64:
		blockop.Run(k.op, as[float64](d), as[float64](x), as[float64](y), nil, bitsAs[float64](k.s))
	case kF32:
		blockop.Run(k.op, as[float32](d), as[float32](x), as[float32](y), nil, bitsAs[float32](k.s))
	default:
		k.loop(d, x, y)
	}
}

// loop is arith in plain Go: every integer and complex kind, and short
// float slices. The binary operations go four elements a step, which
// frees the loop of bounds checks and halves the cost of a 16-element
// operation.
func (k arith[T]) loop(d, x, y []T) {
	x = x[:len(d)]
	if y != nil {
		y = y[:len(d)]
	}
	s := k.s
	switch k.op {
	case opAdd:
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, x4, y4 := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = x4[0]+y4[0], x4[1]+y4[1], x4[2]+y4[2], x4[3]+y4[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] + y[i]
		}
	case opSub:
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, x4, y4 := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = x4[0]-y4[0], x4[1]-y4[1], x4[2]-y4[2], x4[3]-y4[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] - y[i]
		}
	case opMul:
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, x4, y4 := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = x4[0]*y4[0], x4[1]*y4[1], x4[2]*y4[2], x4[3]*y4[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] * y[i]
		}
	case opDiv:
		if isInt[T]() {
			for i := range d {
				if y[i] == 0 {
					d[i] = 0
				} else {
					d[i] = x[i] / y[i]
				}
			}
			return
		}
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, x4, y4 := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = x4[0]/y4[0], x4[1]/y4[1], x4[2]/y4[2], x4[3]/y4[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] / y[i]
		}
	case opNeg:
		for i := range d {
			d[i] = -x[i]
		}
	case opAddS:
		for i := range d {
			d[i] = x[i] + s
		}
	case opSubS:
		for i := range d {
			d[i] = x[i] - s
		}
	case opMulS:
		for i := range d {
			d[i] = x[i] * s
		}
	case opDivS:
		if isInt[T]() && s == 0 {
			clear(d)
			return
		}
		for i := range d {
			d[i] = x[i] / s
		}
	}
}

func (k arith[T]) runS(d, x []T, s T) bool {
	op, ok := k.op.Scalar(false)
	if ok {
		arith[T]{op: op, s: s}.run(d, x, nil, nil)
	}
	return ok
}

// ordered is what needs an order: Maximum, Minimum, Abs and Clip.
type ordered[T nd.Real] struct {
	op     opcode
	lo, hi T
}

func (k ordered[T]) run(d, x, y, _ []T) {
	switch k.op {
	case opMax:
		blockop.Maximum(d, x, y) // NaN wins, as in NumPy's maximum
	case opMin:
		blockop.Minimum(d, x, y)
	case opAbs:
		blockop.Absolute(d, x)
	case opClip:
		x = x[:len(d)]
		lo, hi := k.lo, k.hi
		for i := range d {
			d[i] = min(max(x[i], lo), hi)
		}
	}
}

func (ordered[T]) runS(_, _ []T, _ T) bool { return false }

// inexact is Pow (the one binary op among the transcendental functions;
// the unary ones run on asm's kernels too, see math.go): asm.Pow for
// floats (within 1 ulp, the same bits on every tier), math/cmplx for
// complex kinds.
type inexact[T Inexact] struct{ op opcode }

func (k inexact[T]) run(d, x, y, _ []T) {
	n := len(d)
	switch kindOf[T]() {
	case kF64:
		asm.Pow(as[float64](d), as[float64](x[:n]), as[float64](y[:n]))
	case kF32:
		asm.Pow(as[float32](d), as[float32](x[:n]), as[float32](y[:n]))
	case kC128:
		complexMath(k.op, as[complex128](d), as[complex128](x), as[complex128](y))
	case kC64:
		complexMath(k.op, as[complex64](d), as[complex64](x), as[complex64](y))
	}
}

func (inexact[T]) runS(_, _ []T, _ T) bool { return false }

func complexMath[C complex64 | complex128](op opcode, d, x, y []C) {
	x = x[:len(d)]
	for i := range d {
		z := complex128(x[i])
		switch op {
		case opSqrt:
			z = cmplx.Sqrt(z)
		case opExp:
			z = cmplx.Exp(z)
		case opLog:
			z = cmplx.Log(z)
		case opPow:
			z = cmplx.Pow(z, complex128(y[i]))
		}
		d[i] = C(z)
	}
}

// equality is == and != into a 0/1 mask; NaN is unequal to everything.
type equality[T nd.Number] struct{ op opcode }

func (k equality[T]) run(d []uint8, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	want := k.op == opEq
	for i := range d {
		d[i] = b2u((x[i] == y[i]) == want)
	}
}

func (equality[T]) runS(_ []uint8, _ []T, _ T) bool { return false }

// comparison is < <= > >= into a 0/1 mask; any comparison with NaN is 0.
type comparison[T nd.Real] struct{ op opcode }

func (k comparison[T]) run(d []uint8, x, y, _ []T) {
	x, y = x[:len(d)], y[:len(d)]
	switch k.op {
	case opLt:
		for i := range d {
			d[i] = b2u(x[i] < y[i])
		}
	case opLe:
		for i := range d {
			d[i] = b2u(x[i] <= y[i])
		}
	case opGt:
		for i := range d {
			d[i] = b2u(x[i] > y[i])
		}
	case opGe:
		for i := range d {
			d[i] = b2u(x[i] >= y[i])
		}
	}
}

func (comparison[T]) runS(_ []uint8, _ []T, _ T) bool { return false }

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// choose is Where: x where the mask is non-zero, y elsewhere.
type choose[T nd.Number] struct{}

func (choose[T]) run(d []T, m []uint8, x, y []T) {
	m, x, y = m[:len(d)], x[:len(d)], y[:len(d)]
	for i := range d {
		if m[i] != 0 {
			d[i] = x[i]
		} else {
			d[i] = y[i]
		}
	}
}

func (choose[T]) runS(_ []T, _ []uint8, _ T) bool { return false }
