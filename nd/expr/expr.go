package expr

import (
	"errors"
	"math"
	"sync/atomic"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
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
// instruction of the compiled program. The element-wise operations are
// blockop's own (blockop.Add ... blockop.MulSub), whose kernels the
// instructions run; the node kinds and the instruction of expr alone are
// numbered down from the top, where blockop's operations never reach.
type opcode = blockop.Op

const (
	opVar   opcode = math.MaxUint8 - iota
	opConst        // a constant, broadcast
	// Stages: computed before the element-wise pass, into temporaries.
	opAxis   // a reduction along an axis (red, spec)
	opT      // the transpose
	opMatMul // the matrix product
	// An instruction only: Where(x cmp y, a, b) in one loop.
	opWhereCmp
)

// treeOps gives each operation of a tree its name (NumPy's, for messages)
// and its number of operands; the instruction-only forms have neither.
var treeOps = [...]struct {
	name  string
	arity int
}{
	opVar: {"var", 0}, opConst: {"const", 0},
	blockop.Add: {"+", 2}, blockop.Sub: {"-", 2}, blockop.Mul: {"*", 2}, blockop.Div: {"/", 2},
	blockop.Pow: {"pow", 2}, blockop.Max: {"maximum", 2}, blockop.Min: {"minimum", 2},
	blockop.Neg: {"-", 1}, blockop.Abs: {"abs", 1}, blockop.Sqrt: {"sqrt", 1}, blockop.Exp: {"exp", 1},
	blockop.Log: {"log", 1}, blockop.Exp2: {"exp2", 1}, blockop.Log2: {"log2", 1}, blockop.Log10: {"log10", 1},
	blockop.Log1p: {"log1p", 1}, blockop.Expm1: {"expm1", 1}, blockop.Sin: {"sin", 1}, blockop.Cos: {"cos", 1},
	blockop.Tan: {"tan", 1}, blockop.Asin: {"arcsin", 1}, blockop.Acos: {"arccos", 1}, blockop.Atan: {"arctan", 1},
	blockop.Sinh: {"sinh", 1}, blockop.Cosh: {"cosh", 1}, blockop.Tanh: {"tanh", 1}, blockop.Sigmoid: {"expit", 1}, blockop.Erf: {"erf", 1},
	blockop.Floor: {"floor", 1}, blockop.Ceil: {"ceil", 1}, blockop.Trunc: {"trunc", 1}, blockop.RoundToEven: {"round", 1},
	blockop.Eq: {"==", 2}, blockop.Ne: {"!=", 2}, blockop.Lt: {"<", 2}, blockop.Le: {"<=", 2}, blockop.Gt: {">", 2}, blockop.Ge: {">=", 2},
	blockop.And: {"&", 2}, blockop.Or: {"|", 2}, blockop.Not: {"!", 1}, blockop.Where: {"where", 3},
	opAxis: {"axis", 1}, opT: {"T", 1}, opMatMul: {"matmul", 2},
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

// operands is n's operands: none for a leaf.
func (n *node[T]) operands() []*node[T] { return n.args[:treeOps[n.op].arity] }

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
				n.err = errtext.Errorf("expr: %s: %w: operand %d is the zero X", treeOps[op].name, ErrExpr, i+1)
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
func (x X[T]) Add(y X[T]) X[T] { return mk(blockop.Add, x, y) }

// Sub returns x - y, broadcast.
func (x X[T]) Sub(y X[T]) X[T] { return mk(blockop.Sub, x, y) }

// Mul returns x * y element by element, broadcast.
func (x X[T]) Mul(y X[T]) X[T] { return mk(blockop.Mul, x, y) }

// Div returns x / y element by element, broadcast (IEEE 754: x/0 is ±Inf
// or NaN).
func (x X[T]) Div(y X[T]) X[T] { return mk(blockop.Div, x, y) }

// Pow returns x raised to y, broadcast, as ops.Pow computes it (asm.Pow:
// within 1 ulp, NumPy's special values).
func (x X[T]) Pow(y X[T]) X[T] { return mk(blockop.Pow, x, y) }

// Maximum returns the larger of x and y element by element; NaN wins, as
// in ops.Maximum.
func (x X[T]) Maximum(y X[T]) X[T] { return mk(blockop.Max, x, y) }

// Minimum returns the smaller of x and y element by element; NaN wins.
func (x X[T]) Minimum(y X[T]) X[T] { return mk(blockop.Min, x, y) }

// Neg returns -x.
func (x X[T]) Neg() X[T] { return mk(blockop.Neg, x) }

// Abs returns |x| (-0 becomes +0), as ops.Abs.
func (x X[T]) Abs() X[T] { return mk(blockop.Abs, x) }

// Sqrt returns the square root of x, correctly rounded (NaN for negative
// elements), with ops.Sqrt's kernel.
func (x X[T]) Sqrt() X[T] { return mk(blockop.Sqrt, x) }

// Exp returns e raised to x, with ops.Exp's SIMD kernel (within 1 ulp).
func (x X[T]) Exp() X[T] { return mk(blockop.Exp, x) }

// Log returns the natural logarithm of x (-Inf for ±0, NaN below), with
// ops.Log's SIMD kernel (within 1 ulp).
func (x X[T]) Log() X[T] { return mk(blockop.Log, x) }

// Exp2 returns 2 raised to x, as ops.Exp2.
func (x X[T]) Exp2() X[T] { return mk(blockop.Exp2, x) }

// Log2 returns the base-2 logarithm of x, as ops.Log2.
func (x X[T]) Log2() X[T] { return mk(blockop.Log2, x) }

// Log10 returns the base-10 logarithm of x, as ops.Log10.
func (x X[T]) Log10() X[T] { return mk(blockop.Log10, x) }

// Log1p returns the natural logarithm of 1+x, accurate for x near 0, as
// ops.Log1p.
func (x X[T]) Log1p() X[T] { return mk(blockop.Log1p, x) }

// Expm1 returns e raised to x, minus 1, accurate for x near 0, as
// ops.Expm1.
func (x X[T]) Expm1() X[T] { return mk(blockop.Expm1, x) }

// Sin returns the sine of x (radians), as ops.Sin.
func (x X[T]) Sin() X[T] { return mk(blockop.Sin, x) }

// Cos returns the cosine of x (radians), as ops.Cos.
func (x X[T]) Cos() X[T] { return mk(blockop.Cos, x) }

// Tan returns the tangent of x (radians), as ops.Tan.
func (x X[T]) Tan() X[T] { return mk(blockop.Tan, x) }

// Asin returns the arcsine of x in [-π/2, π/2] (NaN outside [-1, 1]), as
// ops.Asin.
func (x X[T]) Asin() X[T] { return mk(blockop.Asin, x) }

// Acos returns the arccosine of x in [0, π] (NaN outside [-1, 1]), as
// ops.Acos.
func (x X[T]) Acos() X[T] { return mk(blockop.Acos, x) }

// Atan returns the arctangent of x in [-π/2, π/2], as ops.Atan.
func (x X[T]) Atan() X[T] { return mk(blockop.Atan, x) }

// Sinh returns the hyperbolic sine of x, as ops.Sinh.
func (x X[T]) Sinh() X[T] { return mk(blockop.Sinh, x) }

// Cosh returns the hyperbolic cosine of x, as ops.Cosh.
func (x X[T]) Cosh() X[T] { return mk(blockop.Cosh, x) }

// Tanh returns the hyperbolic tangent of x, as ops.Tanh.
func (x X[T]) Tanh() X[T] { return mk(blockop.Tanh, x) }

// Sigmoid returns the logistic function 1/(1+e^-x) of x (SciPy's expit),
// as ops.Sigmoid.
func (x X[T]) Sigmoid() X[T] { return mk(blockop.Sigmoid, x) }

// Erf returns the error function of x, as ops.Erf.
func (x X[T]) Erf() X[T] { return mk(blockop.Erf, x) }

// Floor returns the largest integer not above x, as ops.Floor.
func (x X[T]) Floor() X[T] { return mk(blockop.Floor, x) }

// Ceil returns the smallest integer not below x, as ops.Ceil.
func (x X[T]) Ceil() X[T] { return mk(blockop.Ceil, x) }

// Trunc returns the integer part of x, rounding toward zero, as ops.Trunc.
func (x X[T]) Trunc() X[T] { return mk(blockop.Trunc, x) }

// RoundToEven returns x rounded to the nearest integer, ties to even
// (NumPy's round), as ops.RoundToEven.
func (x X[T]) RoundToEven() X[T] { return mk(blockop.RoundToEven, x) }

// Eq returns 1 where x == y and 0 elsewhere (NaN equals nothing). The
// comparisons give T's 1 and 0 rather than a uint8 mask, so that they
// combine with arithmetic and with Where, And, Or, Not and Count; as
// values they are those of ops.Equal's mask.
func (x X[T]) Eq(y X[T]) X[T] { return mk(blockop.Eq, x, y) }

// Ne returns 1 where x != y (and where either is NaN), 0 elsewhere.
func (x X[T]) Ne(y X[T]) X[T] { return mk(blockop.Ne, x, y) }

// Lt returns 1 where x < y, 0 elsewhere (and where either is NaN).
func (x X[T]) Lt(y X[T]) X[T] { return mk(blockop.Lt, x, y) }

// Le returns 1 where x <= y, 0 elsewhere.
func (x X[T]) Le(y X[T]) X[T] { return mk(blockop.Le, x, y) }

// Gt returns 1 where x > y, 0 elsewhere.
func (x X[T]) Gt(y X[T]) X[T] { return mk(blockop.Gt, x, y) }

// Ge returns 1 where x >= y, 0 elsewhere.
func (x X[T]) Ge(y X[T]) X[T] { return mk(blockop.Ge, x, y) }

// And returns 1 where both x and y are non-zero (NaN counts as non-zero,
// as in NumPy's logical_and), 0 elsewhere.
func (x X[T]) And(y X[T]) X[T] { return mk(blockop.And, x, y) }

// Or returns 1 where x or y is non-zero, 0 elsewhere.
func (x X[T]) Or(y X[T]) X[T] { return mk(blockop.Or, x, y) }

// Not returns 1 where x is zero, 0 elsewhere.
func (x X[T]) Not() X[T] { return mk(blockop.Not, x) }

// Where returns a where cond is non-zero and b elsewhere, the three
// broadcast together, as NumPy's where(cond, a, b):
//
//	leaky := expr.Where(x.Gt(expr.Const(0.0)), x, x.Mul(expr.Const(0.1)))
//
// Both a and b are computed for every element (as NumPy computes both
// arrays), so a NaN or Inf in the branch not taken is harmless.
func Where[T nd.Float](cond, a, b X[T]) X[T] { return mk(blockop.Where, cond, a, b) }

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
