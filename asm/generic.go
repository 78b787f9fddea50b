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

// fma32 returns a*b + c rounded once to float32, as VFMADD...PS computes it.
// The product is exact in float64; the sum is rounded to float64 with the
// round-to-odd rule (a discarded remainder makes the last bit odd), after
// which rounding to float32 is correctly rounded, as 53 >= 24+2 bits.
func fma32(a, b, c float32) float32 {
	p := float64(float64(a) * float64(b)) // exact: 24+24 bits
	cc := float64(c)
	s := p + cc
	// TwoSum: e is the exact remainder p + cc - s.
	bb := s - p
	e := (p - (s - bb)) + (cc - bb)
	if e != 0 && s-s == 0 {
		u := math.Float64bits(s)
		if u&1 == 0 {
			if (e > 0) == (s > 0) {
				u++
			} else {
				u--
			}
			s = math.Float64frombits(u)
		}
	}
	return float32(s)
}
