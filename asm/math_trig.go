package asm

// The trigonometric functions. The vector kernels (sinCW, cosCW, from
// asm/_gen/math_trig.go) reduce x by π/2 in three parts and leave NaN in
// the lanes they cannot finish to within 1 ulp: x within |k|·2^-40
// (float32: |k|·(2^-23 + |k|·2^-40)) of the multiple k·π/2, k =
// round(x·2/π), which takes in every |x| above about 2^40 (float32:
// 2^20). (tan's float32 kernel computes in float64 and leaves only |x|
// above 2^28.) trig runs them a chunk at a time; each kernel reports
// whether it left any lane of the chunk to Go (NaN and ±Inf inputs come
// out NaN without that), and only then is the chunk searched and every
// NaN lane of a finite x redone here, exactly reduced by Payne-Hanek. The
// same Go finishes the same lanes on every tier, so the results stay
// bit-identical across tiers.

import (
	"math"
	"math/bits"
	"unsafe"
)

// Sin sets dst[i] to the sine of x[i] (radians) for i < len(x), within
// 1 ulp for every finite x, however large (exact reduction by π/2): ±0 for
// ±0, NaN for ±Inf and NaN.
func Sin[T Float](dst, x []T) { unaryMath("Sin", dst, x, sinF32, sinF64) }

// Cos sets dst[i] to the cosine of x[i] (radians) for i < len(x), within
// 1 ulp for every finite x, however large: NaN for ±Inf and NaN.
func Cos[T Float](dst, x []T) { unaryMath("Cos", dst, x, cosF32, cosF64) }

// Tan sets dst[i] to the tangent of x[i] (radians) for i < len(x), within
// 1 ulp for every finite x, however large, next to the poles too: ±0 for
// ±0, NaN for ±Inf and NaN.
func Tan[T Float](dst, x []T) { unaryMath("Tan", dst, x, tanF32, tanF64) }

// Atan sets dst[i] to the arc tangent of x[i] for i < len(x), in
// [-π/2, π/2], within 1 ulp: ±0 for ±0, ±π/2 for ±Inf, NaN for NaN.
func Atan[T Float](dst, x []T) { unaryMath("Atan", dst, x, atanF32, atanF64) }

// Asin sets dst[i] to the arc sine of x[i] for i < len(x), in [-π/2,
// π/2], within 1 ulp: ±0 for ±0, NaN for |x| > 1, ±Inf and NaN.
func Asin[T Float](dst, x []T) { unaryMath("Asin", dst, x, asinF32, asinF64) }

// Acos sets dst[i] to the arc cosine of x[i] for i < len(x), in [0, π],
// within 1 ulp: 0 for 1, NaN for |x| > 1, ±Inf and NaN.
func Acos[T Float](dst, x []T) { unaryMath("Acos", dst, x, acosF32, acosF64) }

// The functions trigScalar computes, numbered as in asm/_gen/math_trig.go.
const (
	trigSin = iota
	trigCos
	trigTan
)

func sinF64(dst, x []float64)   { trig(dst, x, sinCWF64, trigSin) }
func cosF64(dst, x []float64)   { trig(dst, x, cosCWF64, trigCos) }
func tanF64(dst, x []float64)   { trig(dst, x, tanCWF64, trigTan) }
func sinF32(dst, x []float32)   { trig(dst, x, sinCWF32, trigSin) }
func cosF32(dst, x []float32)   { trig(dst, x, cosCWF32, trigCos) }
func tanF32(dst, x []float32)   { trig(dst, x, tanCWF32, trigTan) }
func sinF64Go(dst, x []float64) { trig(dst, x, sinCWF64Go, trigSin) }
func cosF64Go(dst, x []float64) { trig(dst, x, cosCWF64Go, trigCos) }
func tanF64Go(dst, x []float64) { trig(dst, x, tanCWF64Go, trigTan) }
func sinF32Go(dst, x []float32) { trig(dst, x, sinCWF32Go, trigSin) }
func cosF32Go(dst, x []float32) { trig(dst, x, cosCWF32Go, trigCos) }
func tanF32Go(dst, x []float32) { trig(dst, x, tanCWF32Go, trigTan) }

// trigChunk is the number of elements run through a kernel before the
// lanes it left to Go are redone (128 KiB of float64: the results are
// still in the L2 cache when they are searched; until 2026-12-06 every
// chunk was summed to find them). Larger chunks measured faster at 16M
// elements: 4096 against 2048 (bench/cmd/numpy,
// two rounds each, same run: float64 sin at 16M 0.59-0.71x NumPy's speed
// with 2048, 0.80-0.83x with 4096), and 16384 against 4096 and 8192
// (2026-12-06, three binaries alternated twice, load 0.5-1.0: at 16M
// float64 tan 15.7-16.0, 17.3-19.7 and 19.2-19.9 GB/s, float32 tan
// 15.5-16.7, 17.1-19.3 and 19.0-20.7, float64 sin 17.6-18.6, 20.2-20.9
// and 21.6-21.9; at 1M within the runs' noise).
const trigChunk = 16384

// trig runs kernel over x a chunk at a time into dst and, where the kernel
// reports lanes left to Go, finishes the lanes it left NaN for finite x
// with trigScalar (kind trigSin, trigCos or trigTan). The search is by
// sums: a chunk's sum is NaN only for a NaN lane, since sin and cos are
// within [-1, 1] and tan of a float is below 2^62 in magnitude. In place
// (dst the same slice as x; the package allows no other overlap) the
// kernel writes to a buffer first, so that the input is still there for Go.
func trig[T float32 | float64](dst, x []T, kernel func(dst, x []T) bool, kind int) {
	dst = dst[:len(x)]
	for lo := 0; lo < len(x); lo += trigChunk {
		hi := min(lo+trigChunk, len(x))
		in, out := x[lo:hi], dst[lo:hi]
		if overlap(in, out) {
			trigVia(out, in, kernel, kind)
			continue
		}
		if kernel(out, in) {
			trigFinish(out, in, kind)
		}
	}
}

// trigVia is trig's step for an output that overlaps its input.
func trigVia[T float32 | float64](out, in []T, kernel func(dst, x []T) bool, kind int) {
	withScratch(len(in), func(b []T) {
		if kernel(b, in) {
			trigFinish(b, in, kind)
		}
		copy(out, b)
	})
}

// trigFinish redoes the NaN lanes of out whose input is finite (a float32
// chunk of x uniform on [-1000, 1000] holds 0.8 such lanes on average).
func trigFinish[T float32 | float64](out, in []T, kind int) {
	redoNaN(out, func(i int) T {
		if x := in[i]; x == x && !math.IsInf(float64(x), 0) {
			return T(trigScalar(float64(x), kind))
		}
		return out[i]
	})
}

// redoNaN replaces each NaN lane i of out by redo(i), finding them by
// sums: of the whole of out (a number: no NaN lane, the common case), then
// of 16 parts of it, and so on into the parts whose sum is NaN, down to
// 64 elements, which are scanned. A chunk of 16384 with one NaN lane
// costs 32 sums (of 1024 and of 64 elements) where blocks of 64 alone
// took 256.
func redoNaN[T float32 | float64](out []T, redo func(i int) T) {
	if s := Sum(out); s == s {
		return
	}
	redoNaNIn(out, 0, redo)
}

// redoNaNIn is redoNaN's search in blk = out[off:], whose sum is NaN.
func redoNaNIn[T float32 | float64](blk []T, off int, redo func(i int) T) {
	if len(blk) <= 64 {
		for i, v := range blk {
			if v != v {
				blk[i] = redo(off + i)
			}
		}
		return
	}
	part := max(64, (len(blk)+15)/16)
	for b := 0; b < len(blk); b += part {
		p := blk[b:min(b+part, len(blk))]
		if s := Sum(p); s != s {
			redoNaNIn(p, off+b, redo)
		}
	}
}

// overlap reports whether a and b (not empty) share memory.
func overlap[T float32 | float64](a, b []T) bool {
	size := unsafe.Sizeof(a[0])
	pa, pb := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// twoOverPi is 2/π in binary: bit i of the table (from the top of word 0)
// is the bit of weight 2^-(i+1). 1280 bits cover every float64's exponent
// plus the 192 bits kept (testdata/trigconst.py writes them).
var twoOverPi = [20]uint64{
	0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041, 0xfe5163abdebbc561,
	0xb7246e3a424dd2e0, 0x06492eea09d1921c, 0xfe1deb1cb129a73e, 0xe88235f52ebb4484,
	0xe99c7026b45f7e41, 0x3991d639835339f4, 0x9c845f8bbdf9283b, 0x1ff897ffde05980f,
	0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d, 0x7527bac7ebe5f17b,
	0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08, 0x56033046fc7b6bab, 0xf0cfbc209af4361d,
}

// twoOverPiBits is the 64 bits of 2/π from bit i on (zeros before bit 0).
func twoOverPiBits(i int) uint64 {
	word := func(j int) uint64 {
		if j < 0 || j >= len(twoOverPi) {
			return 0
		}
		return twoOverPi[j]
	}
	j, s := i>>6, uint(i&63) // floor division, also for negative i
	if s == 0 {
		return word(j)
	}
	return word(j)<<s | word(j+1)>>(64-s)
}

// reducePi2 is Payne-Hanek's reduction of a finite x: x = q·π/2 + r with
// q's low two bits returned and r = hi + lo in [-π/4, π/4], to about 2^-120
// relative. x = m·2^e with m a 53-bit integer; bits of 2/π of weight above
// 2^(1-e) only add multiples of 4 to x·2/π, so the product of m with the
// 192 bits of 2/π from bit e-2 on, modulo 2^192, holds x·2/π modulo 4
// with the binary point 190 bits up.
func reducePi2(x float64) (q int, hi, lo float64) {
	neg := x < 0
	frac, exp := math.Frexp(math.Abs(x))
	m := uint64(math.Ldexp(frac, 53))
	e := exp - 53
	w0, w1, w2 := twoOverPiBits(e-2), twoOverPiBits(e+62), twoOverPiBits(e+126)
	h2, l2 := bits.Mul64(m, w2)
	h1, l1 := bits.Mul64(m, w1)
	z2 := l2
	z1, c := bits.Add64(l1, h2, 0)
	z0 := m*w0 + h1 + c
	// Round to the nearest quadrant: add 1/2, take the top two bits, and
	// the rest minus 1/2 is the signed fraction f in [-1/2, 1/2).
	z0 += 1 << 61
	q = int(z0 >> 62)
	z0 = z0&(1<<62-1) - 1<<61 // the fraction, two's complement over z0:z1:z2
	fneg := int64(z0) < 0
	if fneg {
		z2, c = bits.Sub64(0, z2, 0)
		z1, c = bits.Sub64(0, z1, c)
		z0, _ = bits.Sub64(0, z0, c)
	}
	// |f| = z0:z1:z2 · 2^-190; shifted left by L to a:b (top bit set),
	// |f| = a·2^(-62-L) + b·2^(-126-L) to 2^-127 relative.
	var a, b uint64
	var L int
	switch {
	case z0 != 0:
		L = bits.LeadingZeros64(z0)
		a, b = z0<<L|z1>>(64-L), z1<<L|z2>>(64-L)
	case z1 != 0:
		s := bits.LeadingZeros64(z1)
		L = 64 + s
		a, b = z1<<s|z2>>(64-s), z2<<s
	case z2 != 0:
		s := bits.LeadingZeros64(z2)
		L = 128 + s
		a = z2 << s
	default:
		return q & 3, 0, 0
	}
	fHi := math.Ldexp(float64(a>>11), -51-L)
	fLo := math.Ldexp(float64(a&(1<<11-1)), -62-L) + math.Ldexp(float64(b), -126-L)
	// r = f·π/2 in double length: π/2 = pHi + pLo.
	const pHi, pLo = 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54
	p := fHi * pHi
	pe := math.FMA(fHi, pHi, -p) + (fHi*pLo + fLo*pHi)
	hi = p + pe
	lo = (p - hi) + pe
	if fneg {
		hi, lo = -hi, -lo
	}
	if neg {
		hi, lo, q = -hi, -lo, -q
	}
	return q & 3, hi, lo
}

// trigScalar is sin x, cos x or tan x (kind) of a finite x through
// reducePi2 and the float64 kernels' polynomials and tan's corrected
// division, within 1 ulp; float32 results round it once more (within
// 0.5 + 2^-28 ulp).
func trigScalar(x float64, kind int) float64 {
	q, r, rl := reducePi2(x)
	z := float64(r * r)
	s := 1.58969099521155010221e-10
	for _, c := range [...]float64{-2.50507602534068634195e-08, 2.75573137070700676789e-06,
		-1.98412698298579493134e-04, 8.33333333332248946124e-03, -1.66666666666666324348e-01} {
		s = math.FMA(s, z, c)
	}
	sinS := math.FMA(float64(r*z), s, math.FMA(-float64(rl*0.5), z, rl))
	sinR := r + sinS
	c := -1.13596475577881948265e-11
	for _, k := range [...]float64{2.08757232129817482790e-09, -2.75573143513906633035e-07,
		2.48015872894767294178e-05, -1.38888888888741095749e-03, 4.16666666666666019037e-02} {
		c = math.FMA(c, z, k)
	}
	hr := float64(r * 0.5)
	w := math.FMA(-hr, r, 1)
	e := math.FMA(-hr, r, float64(1-w))
	cosS := e + math.FMA(float64(z*z), c, -float64(r*rl))
	cosR := w + cosS
	switch {
	case kind == trigTan:
		n, nlo := sinR, sinS-float64(sinR-r)
		d, dlo := cosR, cosS-float64(cosR-w)
		if q&1 != 0 {
			n, nlo, d, dlo = d, dlo, n, nlo
		}
		t := n / d
		t += math.FMA(-t, dlo, math.FMA(-t, d, n)+nlo) / d
		if q&1 != 0 {
			t = -t
		}
		return t
	case (q+kind)&1 == 0:
		s = sinR
	default:
		s = cosR
	}
	if (q+kind)&2 != 0 {
		s = -s
	}
	return s
}
