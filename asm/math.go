package asm

// The math kernels. Each is one program in asm/_gen/math.go, emitted as
// AVX-512 and AVX2 assembly and as a pure-Go twin (math_twins.go), so
// every tier gives the same bits. See the package documentation.

import "unsafe"

// unaryMath checks dst's length and runs the float32 or float64 kernel.
func unaryMath[T Float](op string, dst, x []T, f32 func(dst, x []float32), f64 func(dst, x []float64)) {
	n := len(x)
	need(op, "dst", len(dst), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		f32(as32(dst[:n]), as32(x))
		return
	}
	f64(as64(dst[:n]), as64(x))
}

// Exp sets dst[i] = e^x[i] for i < len(x), within 1 ulp: 0 for -Inf and
// below the underflow threshold, +Inf above the overflow threshold, NaN
// for NaN.
func Exp[T Float](dst, x []T) { unaryMath("Exp", dst, x, expF32, expF64) }

// Log sets dst[i] to the natural logarithm of x[i] for i < len(x), within
// 1 ulp: -Inf for ±0, NaN for negative x and NaN, +Inf for +Inf.
// Subnormal x are exact inputs like any other.
func Log[T Float](dst, x []T) { unaryMath("Log", dst, x, logF32, logF64) }

// Exp2 sets dst[i] = 2^x[i] for i < len(x), within 1 ulp (exact for
// integer x in range), with Exp's special values.
func Exp2[T Float](dst, x []T) { unaryMath("Exp2", dst, x, exp2F32, exp2F64) }

// Log2 sets dst[i] to the base-2 logarithm of x[i] for i < len(x), within
// 1 ulp (exact for powers of two), with Log's special values.
func Log2[T Float](dst, x []T) { unaryMath("Log2", dst, x, log2F32, log2F64) }

// Log10 sets dst[i] to the base-10 logarithm of x[i] for i < len(x),
// within 1 ulp, with Log's special values.
func Log10[T Float](dst, x []T) { unaryMath("Log10", dst, x, log10F32, log10F64) }

// Log1p sets dst[i] to the natural logarithm of 1+x[i] for i < len(x),
// within 1 ulp, accurate for x near 0 where Log(1+x) is not: ±0 for ±0,
// -Inf for -1, NaN below -1 and for NaN, +Inf for +Inf.
func Log1p[T Float](dst, x []T) { unaryMath("Log1p", dst, x, log1pF32, log1pF64) }

// Sqrt sets dst[i] = √x[i] for i < len(x), correctly rounded (the hardware
// instruction): NaN for negative x, -0 for -0.
func Sqrt[T Float](dst, x []T) { unaryMath("Sqrt", dst, x, sqrtF32, sqrtF64) }

// Floor sets dst[i] to the largest integer not above x[i] for i < len(x)
// (±0, ±Inf and NaN stay as they are).
func Floor[T Float](dst, x []T) { unaryMath("Floor", dst, x, floorF32, floorF64) }

// Ceil sets dst[i] to the smallest integer not below x[i] for i < len(x)
// (-0.5 gives -0).
func Ceil[T Float](dst, x []T) { unaryMath("Ceil", dst, x, ceilF32, ceilF64) }

// Trunc sets dst[i] to the integer part of x[i] for i < len(x), rounding
// toward zero.
func Trunc[T Float](dst, x []T) { unaryMath("Trunc", dst, x, truncF32, truncF64) }

// RoundToEven sets dst[i] to x[i] rounded to the nearest integer, ties to
// even, for i < len(x), as NumPy's round and math.RoundToEven do.
func RoundToEven[T Float](dst, x []T) {
	unaryMath("RoundToEven", dst, x, roundToEvenF32, roundToEvenF64)
}

// alignHead is the number of elements of dst before an address aligned to
// align bytes (dst's elements naturally aligned, as nonTemporal checks).
func alignHead[T float32 | float64](dst []T, align uintptr) int {
	size := unsafe.Sizeof(T(0))
	return int((align - uintptr(unsafe.Pointer(unsafe.SliceData(dst)))%align) % align / size)
}
