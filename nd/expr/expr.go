package expr

import (
	"errors"
	"github.com/numgo/numgo/internal/errtext"
	"sync/atomic"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// X is an element-wise expression over arrays of T: a tree of operations
// whose leaves are arrays (Var) and constants (Const). Building one
// computes nothing and cannot fail; a mistake (a nil array, shapes that do
// not broadcast, a released array) is reported by the function that
// evaluates it (Eval, EvalInto, Sum, ...), once, at the end.
//
// An X is immutable and may be evaluated any number of times, from any
// number of goroutines: the first evaluation compiles it and keeps the
// program, so that later evaluations of the same X allocate nothing (see
// the package documentation). Leaves are read when an evaluation runs, so
// evaluating again after the arrays changed computes the new values.
//
// The zero X is not an expression; evaluating it is an error wrapping
// ErrExpr.
type X[T nd.Float] struct{ n *node[T] }

// ErrExpr is wrapped by the errors of an expression that cannot be
// evaluated for a reason of its own making: a nil array, the zero X, too
// many leaves.
var ErrExpr = errors.New("invalid expression")

// opcode is one operation of an expression, as a tree node and as an
// instruction of the compiled program.
type opcode uint8

const (
	opVar opcode = iota
	opConst
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opMax
	opMin
	opNeg
	opAbs
	opSqrt
	opExp
	opLog
	opExp2
	opLog2
	opLog10
	opLog1p
	opSin
	opCos
	opFloor
	opCeil
	opTrunc
	opRint
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opAnd
	opOr
	opNot
	opWhere
	// Stages: computed before the element-wise pass, into temporaries.
	opAxis   // a reduction along an axis (red, spec)
	opT      // the transpose
	opMatMul // the matrix product
	// Instructions only: a binary operation whose second operand (first,
	// for the reversed ones) is the constant s.
	opAddS
	opSubS
	opMulS
	opDivS
	opRSubS
	opRDivS
	opWhereCmp // Where(x cmp y, a, b) in one loop
	opMulAdd   // x*y + z in one loop, the product rounded first
	opMulSub   // x*y - z in one loop, the product rounded first
)

// arity is the number of operands of each tree operation.
var arity = [...]int{
	opVar: 0, opConst: 0,
	opAdd: 2, opSub: 2, opMul: 2, opDiv: 2, opPow: 2, opMax: 2, opMin: 2,
	opNeg: 1, opAbs: 1, opSqrt: 1, opExp: 1, opLog: 1,
	opExp2: 1, opLog2: 1, opLog10: 1, opLog1p: 1, opSin: 1, opCos: 1,
	opFloor: 1, opCeil: 1, opTrunc: 1, opRint: 1,
	opEq: 2, opNe: 2, opLt: 2, opLe: 2, opGt: 2, opGe: 2,
	opAnd: 2, opOr: 2, opNot: 1, opWhere: 3,
	opAxis: 1, opT: 1, opMatMul: 2,
}

var opNames = [...]string{
	opVar: "var", opConst: "const", opAdd: "+", opSub: "-", opMul: "*", opDiv: "/",
	opPow: "pow", opMax: "maximum", opMin: "minimum", opNeg: "-", opAbs: "abs",
	opSqrt: "sqrt", opExp: "exp", opLog: "log", opExp2: "exp2", opLog2: "log2", opLog10: "log10", opLog1p: "log1p", opSin: "sin", opCos: "cos",
	opFloor: "floor", opCeil: "ceil",
	opTrunc: "trunc", opRint: "round", opEq: "==", opNe: "!=", opLt: "<",
	opLe: "<=", opGt: ">", opGe: ">=", opAnd: "&", opOr: "|", opNot: "!", opWhere: "where",
	opAxis: "axis", opT: "T", opMatMul: "matmul",
}

// node is one operation of an expression tree. Nodes are never changed
// after they are made, except for the program cached on the root by the
// first evaluation.
type node[T nd.Float] struct {
	op   opcode
	args [3]*node[T]
	arr  *nd.Array[T] // opVar
	c    T            // opConst
	red  reduction    // opAxis
	spec ops.AxisSpec // opAxis
	err  error        // the first construction error in this subtree
	// staged is set when this subtree holds a stage (opAxis, opT,
	// opMatMul), which is computed first at each evaluation.
	staged bool
	prog   atomic.Pointer[program[T]]
}

// Var returns the expression whose value is a's elements. a is read each
// time the expression is evaluated.
func Var[T nd.Float](a *nd.Array[T]) X[T] {
	n := &node[T]{op: opVar, arr: a}
	if a == nil {
		n.err = errtext.Errorf("expr: Var: %w: nil array", ErrExpr)
	}
	return X[T]{n}
}

// Const returns the expression whose every element is v. A constant
// broadcasts against any shape and costs no memory traffic: it is a
// stride-0 operand, and +, -, * and / by a constant run the asm scalar
// kernels. For a kind other than float64, name it: expr.Const[float32](0.5).
func Const[T nd.Float](v T) X[T] { return X[T]{&node[T]{op: opConst, c: v}} }

// mk returns a node applying op to args, carrying the first error among
// them.
func mk[T nd.Float](op opcode, args ...X[T]) X[T] {
	n := &node[T]{op: op}
	for i, a := range args {
		if a.n == nil {
			if n.err == nil {
				n.err = errtext.Errorf("expr: %s: %w: operand %d is the zero X", opNames[op], ErrExpr, i+1)
			}
			continue
		}
		n.args[i] = a.n
		n.staged = n.staged || a.n.staged
		if n.err == nil {
			n.err = a.n.err
		}
	}
	n.staged = n.staged || op == opAxis || op == opT || op == opMatMul
	return X[T]{n}
}

// Add returns x + y, broadcast.
func (x X[T]) Add(y X[T]) X[T] { return mk(opAdd, x, y) }

// Sub returns x - y, broadcast.
func (x X[T]) Sub(y X[T]) X[T] { return mk(opSub, x, y) }

// Mul returns x * y element by element, broadcast.
func (x X[T]) Mul(y X[T]) X[T] { return mk(opMul, x, y) }

// Div returns x / y element by element, broadcast (IEEE 754: x/0 is ±Inf
// or NaN).
func (x X[T]) Div(y X[T]) X[T] { return mk(opDiv, x, y) }

// Pow returns x raised to y, broadcast, as ops.Pow computes it (asm.Pow:
// within 1 ulp, NumPy's special values).
func (x X[T]) Pow(y X[T]) X[T] { return mk(opPow, x, y) }

// Maximum returns the larger of x and y element by element; NaN wins, as
// in ops.Maximum.
func (x X[T]) Maximum(y X[T]) X[T] { return mk(opMax, x, y) }

// Minimum returns the smaller of x and y element by element; NaN wins.
func (x X[T]) Minimum(y X[T]) X[T] { return mk(opMin, x, y) }

// Neg returns -x.
func (x X[T]) Neg() X[T] { return mk(opNeg, x) }

// Abs returns |x| (-0 becomes +0), as ops.Abs.
func (x X[T]) Abs() X[T] { return mk(opAbs, x) }

// Sqrt returns the square root of x, correctly rounded (NaN for negative
// elements), with ops.Sqrt's kernel.
func (x X[T]) Sqrt() X[T] { return mk(opSqrt, x) }

// Exp returns e raised to x, with ops.Exp's SIMD kernel (within 1 ulp).
func (x X[T]) Exp() X[T] { return mk(opExp, x) }

// Log returns the natural logarithm of x (-Inf for ±0, NaN below), with
// ops.Log's SIMD kernel (within 1 ulp).
func (x X[T]) Log() X[T] { return mk(opLog, x) }

// Exp2 returns 2 raised to x, as ops.Exp2.
func (x X[T]) Exp2() X[T] { return mk(opExp2, x) }

// Log2 returns the base-2 logarithm of x, as ops.Log2.
func (x X[T]) Log2() X[T] { return mk(opLog2, x) }

// Log10 returns the base-10 logarithm of x, as ops.Log10.
func (x X[T]) Log10() X[T] { return mk(opLog10, x) }

// Log1p returns the natural logarithm of 1+x, accurate for x near 0, as
// ops.Log1p.
func (x X[T]) Log1p() X[T] { return mk(opLog1p, x) }

// Sin returns the sine of x (radians), as ops.Sin.
func (x X[T]) Sin() X[T] { return mk(opSin, x) }

// Cos returns the cosine of x (radians), as ops.Cos.
func (x X[T]) Cos() X[T] { return mk(opCos, x) }

// Floor returns the largest integer not above x, as ops.Floor.
func (x X[T]) Floor() X[T] { return mk(opFloor, x) }

// Ceil returns the smallest integer not below x, as ops.Ceil.
func (x X[T]) Ceil() X[T] { return mk(opCeil, x) }

// Trunc returns the integer part of x, rounding toward zero, as ops.Trunc.
func (x X[T]) Trunc() X[T] { return mk(opTrunc, x) }

// RoundToEven returns x rounded to the nearest integer, ties to even
// (NumPy's round), as ops.RoundToEven.
func (x X[T]) RoundToEven() X[T] { return mk(opRint, x) }

// Eq returns 1 where x == y and 0 elsewhere (NaN equals nothing). The
// comparisons give T's 1 and 0 rather than a uint8 mask, so that they
// combine with arithmetic and with Where, And, Or, Not and Count; as
// values they are those of ops.Equal's mask.
func (x X[T]) Eq(y X[T]) X[T] { return mk(opEq, x, y) }

// Ne returns 1 where x != y (and where either is NaN), 0 elsewhere.
func (x X[T]) Ne(y X[T]) X[T] { return mk(opNe, x, y) }

// Lt returns 1 where x < y, 0 elsewhere (and where either is NaN).
func (x X[T]) Lt(y X[T]) X[T] { return mk(opLt, x, y) }

// Le returns 1 where x <= y, 0 elsewhere.
func (x X[T]) Le(y X[T]) X[T] { return mk(opLe, x, y) }

// Gt returns 1 where x > y, 0 elsewhere.
func (x X[T]) Gt(y X[T]) X[T] { return mk(opGt, x, y) }

// Ge returns 1 where x >= y, 0 elsewhere.
func (x X[T]) Ge(y X[T]) X[T] { return mk(opGe, x, y) }

// And returns 1 where both x and y are non-zero (NaN counts as non-zero,
// as in NumPy's logical_and), 0 elsewhere.
func (x X[T]) And(y X[T]) X[T] { return mk(opAnd, x, y) }

// Or returns 1 where x or y is non-zero, 0 elsewhere.
func (x X[T]) Or(y X[T]) X[T] { return mk(opOr, x, y) }

// Not returns 1 where x is zero, 0 elsewhere.
func (x X[T]) Not() X[T] { return mk(opNot, x) }

// Where returns a where cond is non-zero and b elsewhere, the three
// broadcast together, as NumPy's where(cond, a, b):
//
//	leaky := expr.Where(x.Gt(expr.Const(0.0)), x, x.Mul(expr.Const(0.1)))
//
// Both a and b are computed for every element (as NumPy computes both
// arrays), so a NaN or Inf in the branch not taken is harmless.
func Where[T nd.Float](cond, a, b X[T]) X[T] { return mk(opWhere, cond, a, b) }

// axis returns the reduction r of x along ax as an expression.
func (x X[T]) axis(r reduction, ax ops.AxisSpec) X[T] {
	y := mk(opAxis, x)
	y.n.red, y.n.spec = r, ax
	return y
}

// SumAxis returns the sums of x along an axis as an expression, which
// drops the axis unless ax keeps it (ops.Axis(i).KeepDims()), and so
// broadcasts as NumPy's x.sum(axis) does. It is computed first, at each
// evaluation, into a temporary array (by the fused SumAxis), and the
// expression around it is then evaluated in one pass:
//
//	xc := x.Sub(x.MeanAxis(ops.Axis(0))) // x - x.mean(0)
func (x X[T]) SumAxis(ax ops.AxisSpec) X[T] { return x.axis(redSum, ax) }

// MeanAxis returns the means of x along an axis as an expression, as
// SumAxis does the sums.
func (x X[T]) MeanAxis(ax ops.AxisSpec) X[T] { return x.axis(redMean, ax) }

// MinAxis returns the minima of x along an axis as an expression.
func (x X[T]) MinAxis(ax ops.AxisSpec) X[T] { return x.axis(redMin, ax) }

// MaxAxis returns the maxima of x along an axis as an expression.
func (x X[T]) MaxAxis(ax ops.AxisSpec) X[T] { return x.axis(redMax, ax) }

// T returns x with its axes reversed, as nd.Array's T. The transpose of an
// array is a view; the transpose of a computed expression is computed
// first, at each evaluation, into a temporary array.
func (x X[T]) T() X[T] { return mk(opT, x) }

// MatMul returns the matrix product of a and b (linalg.MatMul's shapes and
// results) as an expression: both are computed into temporary arrays
// where they are not arrays already (a shared subexpression once), and
// the product too, at each evaluation. The covariance of the columns of
// x, NumPy's xc = x - x.mean(0); xc.T @ xc / (n-1):
//
//	xs := expr.Var(x)
//	xc := xs.Sub(xs.MeanAxis(ops.Axis(0)))
//	cov, err := expr.Eval(expr.MatMul(xc.T(), xc).Div(expr.Const(float64(rows - 1))))
func MatMul[T nd.Float](a, b X[T]) X[T] { return mk(opMatMul, a, b) }
