package asm

// Pow, from asm/_gen/math_pow.go: one program of two inputs, emitted as
// AVX-512, AVX2 and the Go twin, the same bits on every tier.

// Pow sets dst[i] = x[i]^y[i] for i < len(x), within 1 ulp (exact for
// exact results such as powers of two and small integer powers whose
// result fits), with the special values of C99 and IEEE 754, as NumPy's
// power on floats gives them:
//
//   - x^±0 = 1 and 1^y = 1 for every x and y, NaN included;
//   - NaN for any other NaN input, and for a finite x < 0 with a finite
//     non-integer y;
//   - for x < 0 and an integer y, ±|x|^y, negative for an odd y;
//   - (±0)^y = ±Inf for an odd integer y < 0, +Inf for other y < 0
//     (-Inf included), ±0 for an odd integer y > 0, +0 for other y > 0;
//   - (-1)^±Inf = 1; x^-Inf = +Inf and x^+Inf = +0 for |x| < 1, the
//     reverse for |x| > 1;
//   - (±Inf)^y = +0 for y < 0 and +Inf for y > 0, with the sign of x
//     for an odd integer y;
//   - overflow to ±Inf and underflow through the subnormals to ±0 at the
//     thresholds of the correctly rounded result.
//
// Unlike Go's math.Pow, the result is within 1 ulp for every input,
// subnormal x included. It panics if dst or y is shorter than x.
func Pow[T Float](dst, x, y []T) {
	n := len(x)
	need("Pow", "dst", len(dst), n)
	need("Pow", "y", len(y), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		powF32(as32(dst[:n]), as32(x), as32(y[:n]))
		return
	}
	powF64(as64(dst[:n]), as64(x), as64(y[:n]))
}
