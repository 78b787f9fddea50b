package asm

// Sinh and Erf, from asm/_gen/math_special.go: one program each, emitted
// as AVX-512, AVX2 and the Go twin, the same bits on every tier.

// Sinh sets dst[i] to the hyperbolic sine of x[i] for i < len(x), within
// 1 ulp, finite up to where it overflows (beyond where e^|x| does): x
// itself for tiny x (subnormals included), ±0 for ±0, ±Inf for ±Inf and
// beyond the overflow thresholds (about ±710.4758600739439 for float64,
// ±89.41599 for float32), NaN for NaN.
func Sinh[T Float](dst, x []T) { unaryMath("Sinh", dst, x, sinhF32, sinhF64) }

// Erf sets dst[i] to the error function 2/√π ∫₀ˣ e^-t² dt of x[i] for
// i < len(x), within 1 ulp: x·2/√π rounded for tiny x (subnormals
// included), ±0 for ±0, ±1 for ±Inf and wherever erf rounds to ±1 (|x|
// from about 5.93 for float64, 3.92 for float32), NaN for NaN.
func Erf[T Float](dst, x []T) { unaryMath("Erf", dst, x, erfF32, erfF64) }
