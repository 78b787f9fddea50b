package asm

import "math"

// The pure-Go twins: the Generic tier, the fallback where there is no
// assembly, and the reference the tests compare every tier with. Callers
// have already checked lengths; the re-slicing lets the compiler drop bounds
// checks.

func addGo[T Float](dst, a, b []T) {
	dst, b = dst[:len(a)], b[:len(a)]
	for i, x := range a {
		dst[i] = x + b[i]
	}
}

func subGo[T Float](dst, a, b []T) {
	dst, b = dst[:len(a)], b[:len(a)]
	for i, x := range a {
		dst[i] = x - b[i]
	}
}

func mulGo[T Float](dst, a, b []T) {
	dst, b = dst[:len(a)], b[:len(a)]
	for i, x := range a {
		dst[i] = x * b[i]
	}
}

func divGo[T Float](dst, a, b []T) {
	dst, b = dst[:len(a)], b[:len(a)]
	for i, x := range a {
		dst[i] = x / b[i]
	}
}

func scaleGo[T Float](dst, a []T, s T) {
	dst = dst[:len(a)]
	for i, x := range a {
		dst[i] = x * s
	}
}

func addScalarGo[T Float](dst, a []T, s T) {
	dst = dst[:len(a)]
	for i, x := range a {
		dst[i] = x + s
	}
}

func axpyGo[T Float](y, x []T, alpha T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = fma(alpha, v, y[i])
	}
}

func fmaGo[T Float](dst, a, b, c []T) {
	dst, b, c = dst[:len(a)], b[:len(a)], c[:len(a)]
	for i, x := range a {
		dst[i] = fma(x, b[i], c[i])
	}
}

// sumGo adds with four accumulators, which both hides the latency of the
// additions and shortens the chains that rounding errors accumulate along.
func sumGo[T Float](x []T) T {
	var s0, s1, s2, s3 T
	for ; len(x) >= 4; x = x[4:] {
		s0 += x[0]
		s1 += x[1]
		s2 += x[2]
		s3 += x[3]
	}
	for _, v := range x {
		s0 += v
	}
	return (s0 + s1) + (s2 + s3)
}

func dotGo[T Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	for ; len(x) >= 4; x, y = x[4:], y[4:] {
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
	}
	for i, v := range x {
		s0 += v * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func minGo[T Float](x []T) T {
	m := x[0]
	for _, v := range x {
		if v != v {
			return T(math.NaN())
		}
		m = min(m, v)
	}
	return m
}

func maxGo[T Float](x []T) T {
	m := x[0]
	for _, v := range x {
		if v != v {
			return T(math.NaN())
		}
		m = max(m, v)
	}
	return m
}
