// Package ops is arithmetic on nd arrays: element-wise operations with
// NumPy's broadcasting, comparisons into masks, and reductions over a whole
// array or along an axis. Every function is generic over the element kinds
// it makes sense for; float32 and float64 run on package asm's SIMD kernels
// where one exists, everything else on Go loops.
//
// # Results and memory
//
// Each operation comes in two forms. The plain form allocates its result
// through the options' allocator (mem.Default unless nd.With names
// another), the ...Into form writes into a destination the caller gives
// and allocates nothing:
//
//	c, err := ops.Add(a, b, nd.With(arena)) // c lives in the arena
//	err = ops.AddInto(c, a, b)             // zero heap allocations
//
// Everything is validated before anything is written: an error (a shape
// that does not broadcast, an axis out of range, an array whose memory was
// released, a read-only destination) leaves the destination untouched and
// allocates nothing, and a failed allocation leaks nothing. Errors wrap
// nd.ErrShape for shapes and axes, nd.ErrReadOnly for a destination (or an
// allocator) whose memory must not be written, such as a file mapped
// ReadOnly, and the array's own error (wrapping mem.ErrReleased) for
// released memory, and name the shapes involved.
//
// # Overlap
//
// A destination may share memory with the inputs in any way, and the
// result is always what separate memory would give, as with NumPy's out=.
// When dst is the very same view as an input (in place: ops.AddInto(a, a,
// b), strided views included) it is written directly, allocating nothing.
// When it overlaps an input otherwise (a[1:] and a[:-1], a matrix and its
// transpose), nd.Overlaps reports it and that input is first copied to a
// temporary on mem.Default, freed before the call returns, as NumPy
// buffers such an operand. The check compares address ranges, so
// interleaved views that share no element (a[::2], a[1::2]) take the
// temporary too.
//
// # Broadcasting
//
// Binary operations, Where, and the ...Into forms follow NumPy's rule: shapes
// are aligned at their last axes, and an axis of length 1 (or a missing
// one) stretches to the other's length. An ...Into destination must have
// the broadcast shape; it is never itself broadcast. Scalar forms exist for
// the four arithmetic operations (AddScalar, ..., DivScalar, which also
// allocate nothing); Scalar(v) is a zero-dimensional array that gives every
// other binary operation a scalar form.
//
// Dense operands of the same shape and layout (row- or column-major) go to
// a kernel in one call. Broadcast operands walk rows, with a kernel call
// per row. Strided views (transposes, steps) are gathered through scratch
// blocks on a slower path; results are the same.
//
// # Element kinds
//
// Masks (Equal, Less, ..., and Where's condition) are nd.Array[uint8]
// holding 0 or 1, because bool is not an nd.Number; any non-zero byte counts
// as true.
//
// Element-wise integer arithmetic wraps around on overflow as Go's (and
// NumPy's) does. Div truncates toward zero (Go's /, not NumPy's floor
// division), and an integer divided by zero gives 0, as NumPy gives,
// instead of a panic.
//
// Sums and products follow NumPy's accumulator rule: every integer kind is
// added and multiplied in 64 bits (int64 for signed kinds, uint64 for
// unsigned ones: NumPy's platform integer), floats and complex numbers in
// their own kind; means of integers in float64. A Go function cannot
// choose its result kind from its input kind, so the forms that return T
// (Sum, Prod, SumAxis, ProdAxis) compute in 64 bits and return an error
// wrapping ErrOverflow when the result does not fit in T, never a wrapped
// value; the ...AxisInto forms are generic over the destination's kind
// and convert to it (SumAxisInto with an int64 or uint64 dst is NumPy's
// result; a narrower dst wraps as NumPy's out= does), and AllAxes gives
// them the whole-array reduction:
//
//	total, _ := nd.Empty[uint64](nil)
//	err := ops.SumAxisInto(total, bytes, ops.AllAxes()) // np.sum(bytes)
//
// Sqrt, Exp, Log and Pow are defined for floats and complex numbers only
// (the Inexact constraint): NumPy would return float64 for an integer
// input, which an nd.Array[int] cannot hold, so integer arrays must be
// converted first. float32 is computed in float64 and rounded. Mean, Var
// and Std are defined for floats (MeanAxisInto takes integers too, into a
// float dst). Orderings (Maximum, Minimum, Clip, Abs,
// Min, Max, ArgMin, ArgMax, Less, ...) need nd.Real.
//
// Named kinds (type Celsius float64) take the same paths as their base
// kinds.
//
// # NaN
//
// As in NumPy: Maximum, Minimum, Clip, Min and Max propagate NaN; ArgMin
// and ArgMax return the index of the first NaN; comparisons with NaN are
// false except NotEqual. Min, Max, ArgMin and ArgMax of nothing are errors;
// Mean and Var of nothing are NaN.
//
// # Accuracy of sums
//
// Sum, Mean, Var and Std add pairwise: runs of at most 256 elements are
// added directly (by asm's kernels with several accumulators, for floats)
// and the partial sums are joined up a balanced tree, so the rounding
// error is at most about (256 + ⌈log₂(n/256)⌉)·ε·Σ|xᵢ| (ε = 2⁻⁵³ for
// float64, 2⁻²⁴ for float32), against n·ε·Σ|xᵢ| for a left-to-right loop.
// Reducing along an axis that is not the one memory runs along (axis 0 of
// a row-major matrix) joins whole rows instead, in blocks of 128, which
// bounds the error by (128 + n/128)·ε·Σ|xᵢ|. Var and Std take two passes
// (the mean, then the squared deviations), as NumPy does.
//
// # Parallelism
//
// Dense element-wise operations, whole-array reductions and reductions
// along an axis over at least SetParallelThreshold's number of elements
// (1Mi by default; the math kernels from 64Ki) are split across GOMAXPROCS
// goroutines. Splitting never changes a result, and a busy second core
// costs little: the caller takes pieces of the work itself and never waits
// for a helper that has not started.
package ops
