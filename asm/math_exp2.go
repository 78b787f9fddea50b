package asm

// More exponential-family kernels, from asm/_gen/math_exp2.go: one program
// each, emitted as AVX-512, AVX2 and the Go twin, the same bits on every
// tier.

// Expm1 sets dst[i] = e^x[i] - 1 for i < len(x), within 1 ulp, accurate
// near 0 where Exp(x)-1 is not: ±0 for ±0, -1 for -Inf and below the
// point where e^x is under half an ulp of 1, +Inf above the overflow
// threshold, NaN for NaN.
func Expm1[T Float](dst, x []T) { unaryMath("Expm1", dst, x, expm1F32, expm1F64) }

// Sigmoid sets dst[i] to the logistic function 1/(1+e^-x[i]) for
// i < len(x) (SciPy's expit), within 1 ulp everywhere, large negative x
// included, where the result is e^x to full accuracy down to the
// subnormals: 1/2 for ±0, 1 for +Inf, 0 for -Inf, NaN for NaN.
func Sigmoid[T Float](dst, x []T) { unaryMath("Sigmoid", dst, x, sigmoidF32, sigmoidF64) }

// Tanh sets dst[i] to the hyperbolic tangent of x[i] for i < len(x),
// within 1 ulp: x itself for tiny x (subnormals included), ±0 for ±0, ±1
// for ±Inf and from where tanh rounds to ±1, NaN for NaN.
func Tanh[T Float](dst, x []T) { unaryMath("Tanh", dst, x, tanhF32, tanhF64) }

// Cosh sets dst[i] to the hyperbolic cosine of x[i] for i < len(x),
// within 1 ulp, finite up to where it overflows (beyond where e^|x|
// does): 1 for ±0, +Inf for ±Inf and above the overflow threshold, NaN
// for NaN.
func Cosh[T Float](dst, x []T) { unaryMath("Cosh", dst, x, coshF32, coshF64) }
