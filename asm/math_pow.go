package asm

// Pow, from asm/_gen/math_pow.go: one program of two inputs (powV),
// emitted as AVX-512, AVX2 and the Go twin, the same bits on every tier.
// The kernels leave NaN in the lanes whose result is NaN and in the few
// special lanes whose value they do not settle (powSpecials in the
// generator); pow runs them a chunk at a time and redoes those lanes here
// (powLane), the same Go on every tier.

import "math"

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

func powF32(dst, x, y []float32)   { pow(dst, x, y, powVF32) }
func powF64(dst, x, y []float64)   { pow(dst, x, y, powVF64) }
func powF32Go(dst, x, y []float32) { pow(dst, x, y, powVF32Go) }
func powF64Go(dst, x, y []float64) { pow(dst, x, y, powVF64Go) }

// powChunk is pow's chunk: 16384 elements, as trigChunk. Against 4096
// (asm BenchmarkMath avx512, alternated twice, load 1.3-1.5): float32 at
// 16M 18.5-18.8 -> 15.9-17.0 ms, at 1M 1.00-1.09 -> 0.95-1.04 ms; float64
// within the runs' noise (16M 43-50 ms either way).
const powChunk = 16384

// pow runs kernel over x and y a chunk at a time into dst and finishes the
// NaN lanes with powLane. A chunk whose sum is a number has none. In
// place (dst the same slice as x or y) the kernel writes to a buffer
// first, so that the inputs are still there for powLane.
func pow[T float32 | float64](dst, x, y []T, kernel func(dst, x, y []T)) {
	for lo := 0; lo < len(x); lo += powChunk {
		hi := min(lo+powChunk, len(x))
		a, b, out := x[lo:hi], y[lo:hi], dst[lo:hi]
		if overlap(a, out) || overlap(b, out) {
			withScratch(len(a), func(tmp []T) {
				kernel(tmp, a, b)
				powFinish(tmp, a, b)
				copy(out, tmp)
			})
			continue
		}
		kernel(out, a, b)
		powFinish(out, a, b)
	}
}

// powFinish redoes the NaN lanes of out with powLane.
func powFinish[T float32 | float64](out, x, y []T) {
	redoNaN(out, func(i int) T { return powLane(x[i], y[i]) })
}

// powLane is x^y where the kernel gave NaN: NaN for a NaN input (x + y,
// quiet), 1 for (-1)^±Inf, and for a non-integer y (x's sign bit set) +0
// or +Inf for x = -0 and -Inf by the sign of y, NaN for a finite x < 0.
func powLane[T float32 | float64](x, y T) T {
	inf := T(math.Inf(1))
	switch {
	case x != x || y != y:
		return x + y
	case x == -1 && (y == inf || y == -inf):
		return 1
	case x == 0:
		if y < 0 {
			return inf
		}
		return 0
	case x == -inf:
		if y < 0 {
			return 0
		}
		return inf
	}
	return T(math.NaN())
}
