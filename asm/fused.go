package asm

// Kernels for callers that compute in cache-sized pieces (nd/expr's
// blocks) and must give the bits of the whole-array operations: MulSum,
// MulAdd and MulSub, CountCmp, and the ...NT forms of the element-wise
// kernels. The kernels are
// emitted by asm/_gen/fused.go.

import (
	"fmt"
	"unsafe"
)

// MulSum returns the sum of the products x[i]*y[i] for i < len(x) (0 for
// an empty x), each product rounded before it is added, in Sum's order on
// every tier: MulSum(x, y) equals Sum(p) bit for bit, where Mul(p, x, y),
// without storing p. Dot, which fuses each multiply and add (one
// rounding), is faster to converge on accuracy but gives other bits.
func MulSum[T Float](x, y []T) T {
	n := len(x)
	need("MulSum", "y", len(y), n)
	if n == 0 {
		return 0
	}
	if is32[T]() {
		return T(mulSumF32(as32(x), as32(y[:n])))
	}
	return T(mulSumF64(as64(x), as64(y[:n])))
}

// mulSumGo is sumGo over the products; the conversion rounds each product
// before it is added, so the compiler may not fuse them (Go's spec allows
// x*y + z to be fused otherwise).
func mulSumGo[T Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	for ; len(x) >= 4; x, y = x[4:], y[4:] {
		s0 += T(x[0] * y[0])
		s1 += T(x[1] * y[1])
		s2 += T(x[2] * y[2])
		s3 += T(x[3] * y[3])
	}
	for i, v := range x {
		s0 += T(v * y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// Cmp is a comparison counted by CountCmp.
type Cmp uint8

// The comparisons of CountCmp: x[i] == y[i], !=, <, <=, >, >=, as Go
// compares (a NaN makes every comparison false but !=).
const (
	CmpEq Cmp = iota
	CmpNe
	CmpLt
	CmpLe
	CmpGt
	CmpGe
)

// CountCmp returns the number of i < len(x) for which x[i] c y[i] holds:
// NumPy's (x > y).sum() without the mask. It panics on a c that is not
// one of the Cmp constants.
func CountCmp[T Float](c Cmp, x, y []T) int {
	need("CountCmp", "y", len(y), len(x))
	if c > CmpGe {
		panic(fmt.Sprintf("asm.CountCmp: comparison %d out of range", c))
	}
	if is32[T]() {
		return countCmpF32(c, as32(x), as32(y[:len(x)]))
	}
	return countCmpF64(c, as64(x), as64(y[:len(x)]))
}

// countCmpGo is CountCmp's twin: one loop per comparison, with no branch
// per element (random data would mispredict half of them).
func countCmpGo[T Float](c Cmp, x, y []T) int {
	y = y[:len(x)]
	k := 0
	switch c {
	case CmpEq:
		for i, v := range x {
			k += b2i(v == y[i])
		}
	case CmpNe:
		for i, v := range x {
			k += b2i(v != y[i])
		}
	case CmpLt:
		for i, v := range x {
			k += b2i(v < y[i])
		}
	case CmpLe:
		for i, v := range x {
			k += b2i(v <= y[i])
		}
	case CmpGt:
		for i, v := range x {
			k += b2i(v > y[i])
		}
	case CmpGe:
		for i, v := range x {
			k += b2i(v >= y[i])
		}
	}
	return k
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	var k int
	if b { // compiled to SETcc
		k = 1
	}
	return k
}

// MulAdd sets dst[i] = a[i]*b[i] + c[i] for i < len(a), rounding the
// product before the sum: Mul into a temporary then Add, bit for bit, in
// one pass and without the temporary. FMA, which rounds once, gives other
// bits. Like Add, it writes a large dst with non-temporal stores.
func MulAdd[T Float](dst, a, b, c []T) {
	ternary("MulAdd", dst, a, b, c, mulAddF32, mulAddF64)
}

// MulSub sets dst[i] = a[i]*b[i] - c[i] for i < len(a), rounding the
// product before the difference: Mul then Sub bit for bit (see MulAdd).
func MulSub[T Float](dst, a, b, c []T) {
	ternary("MulSub", dst, a, b, c, mulSubF32, mulSubF64)
}

// MulAddNT is MulAdd with non-temporal stores at every length (see AddNT).
func MulAddNT[T Float](dst, a, b, c []T) {
	ternaryNT("MulAddNT", dst, a, b, c, mulAddStreamF32, mulAddStreamF64, MulAdd[T])
}

// MulSubNT is MulSub with non-temporal stores at every length (see AddNT).
func MulSubNT[T Float](dst, a, b, c []T) {
	ternaryNT("MulSubNT", dst, a, b, c, mulSubStreamF32, mulSubStreamF64, MulSub[T])
}

// mulAddGo is MulAdd's twin; the conversion rounds each product before
// the addition, so the compiler may not fuse them.
func mulAddGo[T Float](dst, a, b, c []T) {
	dst, b, c = dst[:len(a)], b[:len(a)], c[:len(a)]
	for i, x := range a {
		dst[i] = T(x*b[i]) + c[i]
	}
}

// mulSubGo is MulSub's twin (see mulAddGo).
func mulSubGo[T Float](dst, a, b, c []T) {
	dst, b, c = dst[:len(a)], b[:len(a)], c[:len(a)]
	for i, x := range a {
		dst[i] = T(x*b[i]) - c[i]
	}
}

// ternary checks the lengths of a MulAdd-like call and runs its kernel.
func ternary[T Float](op string, dst, a, b, c []T, f32 func(dst, a, b, c []float32), f64 func(dst, a, b, c []float64)) {
	n := len(a)
	need(op, "dst", len(dst), n)
	need(op, "b", len(b), n)
	need(op, "c", len(c), n)
	switch {
	case n == 0:
	case is32[T]():
		f32(as32(dst[:n]), as32(a), as32(b[:n]), as32(c[:n]))
	default:
		f64(as64(dst[:n]), as64(a), as64(b[:n]), as64(c[:n]))
	}
}

// ternaryNT is binaryNT for the MulAdd-like kernels.
func ternaryNT[T Float](op string, dst, a, b, c []T, f32 func(dst, a, b, c []float32), f64 func(dst, a, b, c []float64), plain func(dst, a, b, c []T)) {
	if !streamable(dst) {
		plain(dst, a, b, c)
		return
	}
	ternary(op, dst, a, b, c, f32, f64)
}

// AddNT is Add with non-temporal stores at every length (Add uses them
// from NonTemporalThreshold up): for a caller that writes a large output
// in pieces, each too short for Add to choose them. The values are Add's.
func AddNT[T Float](dst, a, b []T) { binaryNT("AddNT", dst, a, b, addStreamF32, addStreamF64, Add[T]) }

// SubNT is Sub with non-temporal stores at every length (see AddNT).
func SubNT[T Float](dst, a, b []T) { binaryNT("SubNT", dst, a, b, subStreamF32, subStreamF64, Sub[T]) }

// MulNT is Mul with non-temporal stores at every length (see AddNT).
func MulNT[T Float](dst, a, b []T) { binaryNT("MulNT", dst, a, b, mulStreamF32, mulStreamF64, Mul[T]) }

// DivNT is Div with non-temporal stores at every length (see AddNT).
func DivNT[T Float](dst, a, b []T) { binaryNT("DivNT", dst, a, b, divStreamF32, divStreamF64, Div[T]) }

// ScaleNT is Scale with non-temporal stores at every length (see AddNT).
func ScaleNT[T Float](dst, a []T, s T) {
	scalarNT("ScaleNT", dst, a, s, scaleStreamF32, scaleStreamF64, Scale[T])
}

// AddScalarNT is AddScalar with non-temporal stores at every length (see
// AddNT).
func AddScalarNT[T Float](dst, a []T, s T) {
	scalarNT("AddScalarNT", dst, a, s, addScalarStreamF32, addScalarStreamF64, AddScalar[T])
}

// streamable reports whether dst's elements are naturally aligned, which
// the non-temporal kernels need to reach vector alignment (Go's slices of
// floats always are; a slice made with package unsafe may not be).
func streamable[T Float](dst []T) bool {
	return uintptr(unsafe.Pointer(unsafe.SliceData(dst)))%unsafe.Sizeof(T(0)) == 0
}

// binaryNT checks the lengths of a binary ...NT call and runs its
// non-temporal kernel, or plain where dst is not naturally aligned.
func binaryNT[T Float](op string, dst, a, b []T, f32 func(dst, a, b []float32), f64 func(dst, a, b []float64), plain func(dst, a, b []T)) {
	n := len(a)
	need(op, "dst", len(dst), n)
	need(op, "b", len(b), n)
	switch {
	case n == 0:
	case !streamable(dst):
		plain(dst, a, b)
	case is32[T]():
		f32(as32(dst[:n]), as32(a), as32(b[:n]))
	default:
		f64(as64(dst[:n]), as64(a), as64(b[:n]))
	}
}

// scalarNT is binaryNT for the kernels with a scalar operand.
func scalarNT[T Float](op string, dst, a []T, s T, f32 func(dst, a []float32, s float32), f64 func(dst, a []float64, s float64), plain func(dst, a []T, s T)) {
	n := len(a)
	need(op, "dst", len(dst), n)
	switch {
	case n == 0:
	case !streamable(dst):
		plain(dst, a, s)
	case is32[T]():
		f32(as32(dst[:n]), as32(a), float32(s))
	default:
		f64(as64(dst[:n]), as64(a), float64(s))
	}
}
