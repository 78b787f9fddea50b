// Package expr evaluates element-wise array expressions in one pass, in
// cache-sized blocks, with no full-size temporaries: numgo's answer to
// NumPy's a*b + c, which builds a temporary array for every operation, and
// the Go counterpart of numexpr.
//
// An expression is built with methods and evaluated once, at the end,
// where every error is reported:
//
//	a, b, c := expr.Var(x), expr.Var(y), expr.Var(z)
//	r, err := expr.Eval(a.Mul(b).Add(c))                       // a*b + c
//	s, err := expr.Sum(a.Mul(b))                               // sum(a*b), no product stored
//	n, err := expr.Count(a.Gt(expr.Const(0.0)))                // (a > 0).sum()
//	err = expr.EvalInto(dst, expr.Where(a.Gt(expr.Const(0.0)), a, a.Mul(expr.Const(0.1))))
//
// Parse reads the same expressions in NumPy's notation, with the arrays
// named in a map:
//
//	x := expr.Parse("where(a > 0, a, 0.1*a)", map[string]*nd.Array[float64]{"a": a})
//
// It covers the arithmetic (Add, Sub, Mul, Div, Pow, Maximum, Minimum,
// Neg, Abs), every math function of nd/ops on package asm's SIMD kernels
// (Sqrt, Exp, Exp2, Expm1, Log, Log2, Log10, Log1p, Sin, Cos, Tan, Asin,
// Acos, Atan, Sinh, Cosh, Tanh, Sigmoid, Erf, Floor, Ceil, Trunc,
// RoundToEven), comparisons (Eq, Ne, Lt, Le, Gt, Ge, giving 1 and 0),
// logic (And, Or, Not), Where, and a final reduction fused into the same
// pass: Sum, Mean, Min, Max and Count over all values, SumAxis, MeanAxis,
// MinAxis and MaxAxis along one axis.
// Leaves broadcast together by NumPy's rule; constants (Const) are
// stride-0 operands that cost no memory traffic.
//
// # Same numbers as the step-by-step ops
//
// Every result is bit for bit the one the same expression gives computed
// step by step with nd/ops on the same SIMD tier: each operation runs the
// kernel the ops function runs (asm.Add for Add, asm.Scale for a product
// with a constant, asm.Exp for Exp, ...), and the reductions add,
// compare and join in exactly ops' order (ops.Sum's pairwise tree, with
// its leaves and cuts; ops.SumAxis's blocks of rows). No multiply and add
// is ever fused into one rounding (FMA contraction): a*b + c rounds twice,
// as NumPy does. The tests evaluate random expressions over every
// operation, on dense, broadcast, transposed and strided operands with
// NaN, ±Inf and signed zeros, on every tier, against ops.
//
// # Evaluation
//
// The first evaluation of an X compiles it into a program: the distinct
// arrays become leaf operands, constants become scalars or constant
// blocks, shared subexpressions are computed once, and every operation
// becomes an instruction writing a register, registers being reused as
// soon as their value is dead. A product added to or subtracted from
// another value (a*b + c, c + a*b, a*b - c) is one instruction
// (asm.MulAdd, asm.MulSub: the product rounded, then the sum, in one pass
// with no register). Evaluation walks the result block by block (8 KiB of
// elements per operand): dense leaves are read in place, strided and
// broadcast ones gathered into the block, and the last instruction writes
// straight into the destination. A program of one instruction over dense
// leaves (a*b + c) needs no block at all and runs one kernel call per
// row. A reduction consumes each block while it is in the cache; Count
// over a comparison counts it as it compares (asm.CountCmp), with no 1s
// and 0s stored.
//
// Registers live in a scratch area per goroutine (8 KiB per register and
// per leaf), kept by the program and reused across evaluations: an X
// holds one scratch area per goroutine that evaluated it at once, until
// the X itself is garbage. Evaluating an X again
// (after its first evaluation) allocates nothing: EvalInto, Sum, Mean,
// Min, Max, Count and the ...AxisInto reductions make zero heap
// allocations and no allocator calls, below the parallel threshold. An
// expression with stages (x.SumAxis and its siblings, the T of a computed
// value, MatMul) computes them into temporaries at every evaluation.
// Large evaluations split their blocks across goroutines, from a size
// measured for each kind of work (32Ki elements for a Go loop such as
// Where, 128Ki with a math function, 256Ki for arithmetic, 2Mi for a
// reduction of arithmetic; SetParallelThreshold sets one for all), which
// costs a few small heap allocations; results do not depend on the split.
//
// The traversal follows the destination's storage order (Eval gives a
// column-major result when the leaves are column-major, as NumPy's K
// order), so a transposed operand is read in its own storage order.
// Reductions follow the row-major order of the values, because that is
// the order ops adds them in.
//
// # Memory
//
// Eval allocates its result through the options' allocator (nd.With);
// EvalInto writes into a destination the caller owns, which may be one of
// the leaves (in place). A destination that shares memory with a leaf in
// any other way (nd.Overlaps reports Partial) is written through a
// temporary copy, as NumPy does. An expression holds its leaves, not
// their contents: it reads them at each evaluation, and an evaluation
// after a leaf's memory was released fails with an error wrapping
// mem.ErrReleased.
//
// Element kinds are float32 and float64 (and named kinds based on them).
package expr
