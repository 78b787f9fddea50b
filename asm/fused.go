package asm

// Kernels for callers that compute in cache-sized pieces (nd/expr's
// blocks) and must give the bits of the whole-array operations: MulSum,
// and the ...NT forms of the element-wise kernels. The kernels are
// emitted by asm/_gen/fused.go.

import "unsafe"

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
