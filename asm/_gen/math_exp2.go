package main

// More exponential-family kernels: expm1 (e^x - 1, accurate near 0) and
// sigmoid (the logistic function, SciPy's expit), tanh and cosh.

import "math"

func init() {
	mathFuncs = append(mathFuncs,
		mathFunc{"expm1", "e^x - 1", expm1Body},
		mathFunc{"sigmoid", "the logistic function 1/(1+e^-x)", sigmoidBody},
		mathFunc{"tanh", "the hyperbolic tangent", tanhBody},
		mathFunc{"cosh", "the hyperbolic cosine", coshBody},
	)
}

// expParts is the reduction expm1 shares with exp: x = k·ln 2 + r + c
// with k = round(x·log2 e), r the reduced argument rounded and c its
// rounding error (Cody-Waite with ln 2 in two parts, the first short
// enough that k times it is exact, and the error of the second
// subtraction recovered exactly), and g exp's polynomial: e^r - 1 =
// r + r²·g(r) on [-ln2/2, ln2/2]. x is clamped as in expBody.
type expParts struct{ x, k, r, c, g val }

func expReduce(f *fn, x val) expParts {
	var lo, hi, ln2hi, ln2lo float64
	var g []float64
	if f.is64() {
		lo, hi = -1100, 1100
		ln2hi, ln2lo = 0x1.62e42fefa3800p-1, 0x1.ef35793c76730p-45
		g = []float64{2.0915442297780116e-09, 2.5106274733573296e-08, 2.75572718102198e-07, 2.755725283351691e-06,
			2.4801587327007187e-05, 0.00019841269876864356, 0.0013888888888883327, 0.008333333333325544,
			0.04166666666666667, 0.1666666666666667, 0.5}
	} else {
		lo, hi = -104, 90 // cosh overflows only above 89.4
		ln2hi, ln2lo = 0x1.62e4p-1, 0x1.7f7d1cp-20
		g = []float64{0.00019891980628017336, 0.0013934541493654251, 0.00833331048488617,
			0.04166645556688309, 0.1666666716337204, 0.5}
	}
	xc := f.min(f.max(x, f.c(lo)), f.c(hi))
	k := f.round(rEven, f.mul(xc, f.c(1.4426950408889634)))
	rhi := f.fnma(k, f.c(ln2hi), xc)
	r := f.fnma(k, f.c(ln2lo), rhi)
	c := f.fnma(k, f.c(ln2lo), f.sub(rhi, r))
	return expParts{x, k, r, c, f.horner(r, g...)}
}

// twoSum is Knuth's two-sum: s = a + b rounded and err, exactly a + b - s.
func twoSum(f *fn, a, b val) (s, err val) {
	s = f.add(a, b)
	bb := f.sub(s, a)
	return s, f.add(f.sub(a, f.sub(s, bb)), f.sub(b, bb))
}

// expm1Body: e^x - 1 = t·(1 + r + q) - 1 with t = 2^k and q = r²·g(r) + c
// (the sum kept in two parts, r and q, not rounded). For |k| <= mant+1,
// t·r and t - 1 are exact and their two-sum s + err is too, so the result
// t·r + (t-1) + t·q = s + (err + t·q) is rounded once at the end, with a
// small error in the low part only: for k = 0 it is r + q, with no
// cancellation near 0. Above, 2^k·(hi + (lo + q - 2^-k)) with 1 + r =
// hi + lo exactly (a fast two-sum), the scaling exact; below,
// t·(1 + r + q) - 1 with the rounding of 1 + r + q scaled away by t.
// ±0 stays ±0, -Inf gives -1, NaN passes through. float32: expm1Table.
func expm1Body(f *fn) val {
	if !f.is64() {
		return expm1Table(f)
	}
	e := expReduce(f, f.in())
	x, k, r := e.x, e.k, e.r
	q := f.fma(f.mul(r, r), e.g, e.c)
	lim := f.c(float64(f.mantBits() + 1))
	one := f.c(1)
	t := f.scale(one, f.min(k, lim))
	s, err := twoSum(f, f.mul(t, r), f.sub(t, one))
	y := f.add(s, f.fma(t, q, err))
	small := f.fms(t, f.add(f.add(r, q), one), one)
	y = f.blend(f.cmp(cLt, k, f.sub(f.c(0), lim)), small, y)
	hi := f.add(r, one)
	lo := f.sub(r, f.sub(hi, one))
	v := f.add(hi, f.sub(f.add(lo, q), f.scale(one, f.sub(f.c(0), f.max(k, lim)))))
	y = f.blend(f.cmp(cGt, k, lim), f.scale(v, k), y)
	return f.fixup(y, f.reload(x), fxZero, fxSrc, fxNaN, fxQuiet)
}

// expm1Table is the float32 expm1 in float32 lanes (16 a 512-bit vector),
// from pow's table of 2^(j/32) = Th_j + Tl_j (constants:
// asm/testdata/expm1fit.py). x is clamped to [-20, U] (U the least float32
// whose expm1 rounds to +Inf; below -17.33 it rounds to -1), k = 32m + j =
// round(x·C) by a magic number, C = 32/ln2·(1 - 2^-12) in float32: short
// of 32/ln2 so that k <= 4095 up to U (2^(k/32) stays below 2^128), |r|
// still within 0.0114 for |x| <= 3. With rh = x - k·L1 (L1 = ln2/32 in
// float32; exact in one fused multiply-add) and w = k·(L1 - ln2/32) +
// d_j, d_j = Tl_j/Th_j, e^x = th·e^(rh + w) with th = 2^m·Th_j, and
// e^(rh + w) - 1 = rh + Q, Q = rh·(rh·g(rh) + w) + w (g of degree 2; w·rh
// is kept: d_j·rh reaches 0.6 ulp of the result at k = ±1). Then e^x - 1
// = th·rh - (1 - th) + th·Q is rounded once with all that counts: 1 - th
// = a + al exactly (a two-sum: a alone is rounded where m < -1 or m > 23,
// by up to half an ulp of the result), s = th·rh - a rounded once, its
// rounding error recovered exactly (a fused multiply-add; a + s is exact:
// the two nearly cancel), and al and th·Q added to that error before the
// last rounding, so that near 0 (k = 0, th = 1) the result is rh + Q: x
// for tiny x, subnormals included. k comes negated from the magic number,
// nb = magic - k, whose bits index the tables and give th without a float
// operation: the table holds bits(Th_j) - j<<18 at index -j mod 32, and
// nb<<18 = -(m<<23 + j<<18). ±0 stay ±0 (s = th·(±0) - (+0), then s -
// (+0)), -Inf gives -1, +Inf +Inf (at U, s stays finite and the last
// subtraction overflows), NaN stays NaN. Largest error 0.511 ulp over
// every float32 (TestMathFloat32All). 26 vector operations for 16 lanes,
// where computing in float64 lanes took 14 and two conversions for 8
// (wideF32, until 2026-12-06).
func expm1Table(f *fn) val {
	const (
		magic = 0x1.8p23
		c     = 0x1.713d62p+5 // 32/ln2·(1 - 2^-12)
		l1    = 0x1.62e43p-6  // ln2/32
		l2n   = 0x1.05c61p-34 // L1 - ln2/32
		hi    = 0x1.62e43p+6  // expm1 rounds to +Inf from here
	)
	x := f.in()
	xc := f.max(f.c(-20), f.min(f.c(hi), x)) // NaN stays NaN
	nb := f.fma(xc, f.c(-c), f.c(magic))
	k := f.sub(f.c(magic), nb)
	rh := f.fnma(k, f.c(l1), xc)
	w := f.fma(k, f.c(l2n), f.lookup(nb, expm1D[:]))
	q := f.fma(rh, f.fma(rh, f.horner(rh, 0x1.570fa2p-5, 0x1.55565ap-3, 0x1.fffffep-2), w), w)
	th := f.isub(f.lookup(nb, expm1T[:]), f.shl(nb, 18))
	one := f.c(1)
	a := f.sub(one, th)
	bb := f.sub(a, one)
	al := f.sub(f.sub(one, f.sub(a, bb)), f.add(th, bb)) // 1 - th = a + al exactly (Knuth's two-sum)
	s := f.fms(th, rh, a)
	u := f.fnma(th, q, f.add(f.fnma(th, rh, f.add(a, s)), al))
	return f.sub(s, u)
}

// expm1T and expm1D are expm1Table's tables: at index i, for j = -i mod
// 32, the bits of Th_j less j<<18 read as a float32, and d_j = Tl_j/Th_j.
var expm1T, expm1D = func() (t, d [32]float64) {
	for i := range t {
		j := (32 - i) % 32
		t[i] = float64(math.Float32frombits(math.Float32bits(float32(exp2Hi[j])) - uint32(j)<<18))
		d[i] = exp2Lo[j] / exp2Hi[j]
	}
	return t, d
}()

// expTwo is e^z = 2^k·(mh + ml) with mh + ml = 1 + r + q
// (expReduce's r, q = r²·g(r) + c) in two parts by fast two-sums: 1 + r =
// uh + (r - (uh-1)) exactly, then the low part plus q added to uh.
func expTwo(f *fn, z val) (k, mh, ml val) {
	e := expReduce(f, z)
	one := f.c(1)
	r, q := e.r, f.fma(f.mul(e.r, e.r), e.g, e.c)
	uh := f.add(one, r)
	w := f.add(f.sub(r, f.sub(uh, one)), q)
	mh = f.add(uh, w)
	ml = f.sub(w, f.sub(mh, uh))
	return e.k, mh, ml
}

// sigmoidBody: with E = e^-|x| = t·(Mh + Ml), t = 2^k (k <= 0) and Mh + Ml
// = 1 + r + q kept in two parts (fast two-sums), D = 1 + E = Dh + Dl (a
// fast two-sum plus t·Ml), the result is A/D with A = 1 for x >= 0 and
// t·M/D for x < 0 (A = Mh + Ml, the quotient scaled by t at the end,
// exactly unless the result is subnormal, so large negative x lose nothing
// to cancellation: 1/(1+e^-x) is accurate there, the computed e^-x is
// not). One division, i = 1/Dh: the quotient y0 = Ah·i (within 2 ulp)
// corrected once, y0 + (Ah - y0·Dh - y0·Dl + Al)·i, the remainder's first
// part exact in a fused multiply-add, so that only the last rounding
// counts. ±Inf give 1 and 0, NaN passes through.
func sigmoidBody(f *fn) val {
	x := f.in()
	absMask := uint64(0x7fffffffffffffff)
	if !f.is64() {
		absMask = 0x7fffffff
	}
	k, mh, ml := expTwo(f, f.sub(f.c(0), f.and(x, f.bitsc(absMask))))
	one := f.c(1)
	t := f.scale(one, k)
	n := f.mul(t, mh)
	dh := f.add(one, n)
	dl := f.fma(t, ml, f.add(f.sub(one, dh), n))
	inv := f.div(one, dh)
	// x read again where it is needed (no register holds it through
	// the exponential and the division).
	neg := f.cmp(cLt, f.reload(x), f.c(0))
	ah, al := f.blend(neg, mh, one), f.blend(neg, ml, f.c(0))
	y0 := f.mul(ah, inv)
	rem := f.fnma(y0, dl, f.add(f.fnma(y0, dh, ah), al))
	y := f.scale(f.fma(rem, inv, y0), f.blend(neg, k, f.c(0)))
	return f.fixup(y, f.reload(x), fxNaN, fxQuiet)
}

// tanhBody: float64 tanh |x| = (1 - E)/(1 + E) with E = e^-2|x| = t·(mh +
// ml) (expTwo); numerator and denominator each in two parts (1 - t·mh and
// 1 + t·mh by fast two-sums, t·ml added to the low parts, the numerator
// renormalised by one more, since near 0 its parts are alike), divided as
// in sigmoidBody: one division for 1/Dh, the quotient corrected once. Near
// 0 the numerator's high part 1 - t·mh is exact and its low part carries
// the rest, so tanh x = x for tiny x, subnormals included. The sign of x
// is put back at the end: ±0 for ±0, ±1 for ±Inf and large |x|, NaN for
// NaN. float32: tanhTableBody.
func tanhBody(f *fn) val {
	if !f.is64() {
		return tanhTableBody(f)
	}
	x := f.in()
	const signMask = uint64(0x8000000000000000)
	abs := f.and(x, f.bitsc(signMask-1))
	k, mh, ml := expTwo(f, f.mul(abs, f.c(-2)))
	one := f.c(1)
	t := f.scale(one, k)
	n := f.mul(t, mh)
	n0 := f.sub(one, n)
	n1 := f.fnma(t, ml, f.sub(f.sub(one, n0), n))
	nh := f.add(n0, n1) // renormalised: near 0, n1 is as large as n0
	nl := f.sub(n1, f.sub(nh, n0))
	dh := f.add(one, n)
	dl := f.fma(t, ml, f.add(f.sub(one, dh), n))
	inv := f.div(one, dh)
	y0 := f.mul(nh, inv)
	rem := f.fnma(y0, dl, f.add(f.fnma(y0, dh, nh), nl))
	x = f.reload(x)
	y := f.or(f.fma(rem, inv, y0), f.and(x, f.bitsc(signMask)))
	return f.fixup(y, x, fxNaN, fxQuiet)
}

// tanhTable holds float32 tanh's 32 intervals of |x| (quarter binades from
// 1/16 to 16, the first [0, 5/64), those above 10 unused), in the order of
// their index, the low five bits of max(|x|, 1/16) >> 21 (entry 0 is [2,
// 2.5), entry 12 the first): the point b of each, tanh(b) as c0, and the
// polynomial's coefficients c1 .. c5 (asm/testdata/tanhfit.py).
var tanhTable = struct{ b, c0, c1, c2, c3, c4, c5 [32]float64 }{
	b: [32]float64{
		0x1.1ff226p+1, 0x1.5fe7f2p+1, 0x1.a01c78p+1, 0x1.e01726p+1, 0x1.1fe142p+2, 0x1.5fe8bep+2, 0x1.9fef28p+2, 0x1.e02p+2,
		0x1.17ep+3, 0, 0, 0, 0, 0x1.5fe34p-4, 0x1.9ffde6p-4, 0x1.dfe2e6p-4,
		0x1.1ff20ep-3, 0x1.6006ap-3, 0x1.a01ad6p-3, 0x1.e01738p-3, 0x1.201c7cp-2, 0x1.600068p-2, 0x1.9fefaap-2, 0x1.e0167ep-2,
		0x1.2018bp-1, 0x1.5ffc7cp-1, 0x1.a01cfcp-1, 0x1.dff95ap-1, 0x1.20155cp+0, 0x1.5fef1ep+0, 0x1.a01248p+0, 0x1.dfe98p+0},
	c0: [32]float64{
		0x1.f4bd6ep-1, 0x1.fbd37ap-1, 0x1.fe7728p-1, 0x1.ff6f4cp-1, 0x1.ffdf88p-1, 0x1.fffb9cp-1, 0x1.ffff68p-1, 0x1.ffffecp-1,
		0x1.fffffep-1, 0, 0, 0, 0, 0x1.5f0648p-4, 0x1.9e9142p-4, 0x1.ddb3dep-4,
		0x1.1e1024p-3, 0x1.5c9976p-3, 0x1.9a78dep-3, 0x1.d77c5ap-3, 0x1.18bdf2p-2, 0x1.52c322p-2, 0x1.8a79f8p-2, 0x1.bfc09cp-2,
		0x1.051ab4p-1, 0x1.31559cp-1, 0x1.5798eep-1, 0x1.77d528p-1, 0x1.9e6b72p-1, 0x1.c27104p-1, 0x1.d9cc3cp-1, 0x1.e87494p-1},
	c1: [32]float64{
		0x1.645bfp-5, 0x1.0a0ac2p-6, 0x1.884156p-8, 0x1.213f24p-9, 0x1.03b8c2p-11, 0x1.190002p-14, 0x1.300142p-17, 0x1.475b78p-20,
		0x1.b47528p-24, 0, 0, 0, -0x1.2044b2p-34, 0x1.fc3d5cp-1, 0x1.fac14cp-1, 0x1.f9093p-1,
		0x1.f602cp-1, 0x1.f12a74p-1, 0x1.eb6ec4p-1, 0x1.e4dd2ap-1, 0x1.d983fep-1, 0x1.c7f704p-1, 0x1.b4048ap-1, 0x1.9e1bbap-1,
		0x1.7ad846p-1, 0x1.49e972p-1, 0x1.196a6cp-1, 0x1.d83dd4p-2, 0x1.61204ep-2, 0x1.cedcf8p-3, 0x1.26374ep-3, 0x1.700d5ap-4},
	c2: [32]float64{
		-0x1.5c830ap-5, -0x1.07db9ep-6, -0x1.870d5ep-8, -0x1.20e7e4p-9, -0x1.03551ap-11, -0x1.18a2c8p-14, -0x1.2f9e6ep-17, -0x1.80386p-20,
		-0x1.3a7152p-25, 0, 0, 0, 0x1.59f4fp-25, -0x1.5c724ap-4, -0x1.9a5204p-4, -0x1.d73482p-4,
		-0x1.187b5cp-3, -0x1.527fdep-3, -0x1.89fbb2p-3, -0x1.be7f3ap-3, -0x1.03a3d8p-2, -0x1.2dafd6p-2, -0x1.4fef5cp-2, -0x1.6a24fcp-2,
		-0x1.8265f2p-2, -0x1.897d7p-2, -0x1.79b5b6p-2, -0x1.5aa5eap-2, -0x1.1dd3bep-2, -0x1.9736fep-3, -0x1.1043bp-3, -0x1.5f209ap-4},
	c3: [32]float64{
		0x1.bc25c4p-6, 0x1.5a138ap-7, 0x1.0322cp-8, 0x1.805a76p-10, 0x1.59bf5p-12, 0x1.7649d8p-15, 0x1.94f1f4p-18, 0x1.ac7de6p-21,
		0x1.114f4cp-24, 0, 0, 0, -0x1.555658p-2, -0x1.4c1484p-2, -0x1.47e6fep-2, -0x1.423f86p-2,
		-0x1.3b4d82p-2, -0x1.2ee50cp-2, -0x1.1fbdfep-2, -0x1.100a9cp-2, -0x1.e8f1fap-3, -0x1.9834eep-3, -0x1.425e86p-3, -0x1.d6f89cp-4,
		-0x1.bc478ap-5, 0x1.d7a926p-7, 0x1.076898p-4, 0x1.8422e6p-4, 0x1.c692f6p-4, 0x1.97eed6p-4, 0x1.33c28cp-4, 0x1.a89904p-5},
	c4: [32]float64{
		-0x1.9622bep-7, -0x1.51d2bap-8, -0x1.02d194p-9, -0x1.830d3cp-11, -0x1.6a0862p-13, -0x1.886222p-16, -0x1.a89be2p-19, 0x1.1690ap-22,
		-0x1.13ded6p-23, 0, 0, 0, 0x1.019afp-13, 0x1.c7d272p-5, 0x1.0ab2ecp-4, 0x1.365e34p-4,
		0x1.6acfcp-4, 0x1.afac7cp-4, 0x1.ecc6cep-4, 0x1.123b2ep-3, 0x1.32f32cp-3, 0x1.4ffc16p-3, 0x1.5c0d3ep-3, 0x1.583b1cp-3,
		0x1.39cd0ap-3, 0x1.e94786p-4, 0x1.46f852p-4, 0x1.6343b2p-5, 0x1.da51aap-9, -0x1.59b5bap-6, -0x1.9ba7d2p-6, -0x1.55bc82p-6},
	c5: [32]float64{
		0x1.04b874p-8, 0x1.f5e57ep-10, 0x1.940ff6p-11, 0x1.32f85ap-12, 0x1.1e521cp-14, 0x1.373b6ap-17, 0x1.512fc8p-20, 0x1.e04e04p-23,
		0x1.68a8bep-26, 0, 0, 0, 0x1.0e4d4cp-3, 0x1.0ad162p+3, 0x1.4f3c1p+2, -0x1.fafa9p+2,
		0x1.77567cp-1, 0x1.afa7fep-1, -0x1.0b2824p+0, 0x1.44d98ep-1, 0x1.69193ep-5, -0x1.149292p-6, -0x1.aaf594p-5, -0x1.0b6114p-9,
		-0x1.4323cep-5, -0x1.0b5774p-4, -0x1.ed09c4p-5, -0x1.a6938ap-5, -0x1.06b3e8p-5, -0x1.37d706p-7, 0x1.64287ap-10, 0x1.2c506ep-8},
}

// tanhTableBody is the float32 tanh without a division or an exponential,
// 13 operations a vector and 7 table lookups: |x| clamped to 9.5 (tanh
// rounds to 1 in float32 from 9.0109) is a, max(a, 1/16)'s bits shifted
// right by 21 pick one of 32 intervals (tanhTable), and with r = a - b
// (exact: b within the interval, Sterbenz) tanh a = h + r·p(r), p of degree
// 4 and h = max(r, c0), which is tanh(b) = c0 (within 2^-12 ulp of it
// where the float32 b could be so chosen, Gal's accurate tables; r <= c0
// on those intervals) except on the first, where b = c0 = 0 and h = r =
// a: tanh a = a + a·p(a), a for tiny a, subnormals included. Largest error
// 0.734 ulp (on [4, 5), where the polynomial's own error is largest). x's
// sign is or-ed back: ±0 for ±0, ±1 for ±Inf, and NaN for NaN by a fixup
// (min maps a NaN to 9.5).
func tanhTableBody(f *fn) val {
	t := &tanhTable
	x := f.in()
	a := f.min(f.and(x, f.bitsc(0x7fffffff)), f.c(9.5))
	idx := f.shr(f.max(a, f.c(0.0625)), 21)
	r := f.sub(a, f.lookup(idx, t.b[:]))
	p := f.lookup(idx, t.c5[:])
	for _, c := range [][32]float64{t.c4, t.c3, t.c2, t.c1} {
		p = f.fma(p, r, f.lookup(idx, c[:]))
	}
	y := f.fma(r, p, f.max(r, f.lookup(idx, t.c0[:])))
	x = f.reload(x)
	y = f.or(y, f.and(x, f.bitsc(0x80000000)))
	return f.fixup(y, x, fxNaN, fxQuiet)
}

// coshBody is cosh (float32 and float64, the float32 polynomials shorter):
// with |x| = k·ln 2 + r + c (Cody-Waite, ln 2 in two parts, c the rounding
// error of r) and t = 2^-2k,
// cosh x = 2^(k-1)·(e^(r+c) + t·e^-(r+c)), and e^±r = 1 ± r + w·(E ± r·O)
// with w = r², E = (cosh r - 1)/w and O = (sinh r - r)/(r·w) polynomials of
// degree 5 (errors below 2^-61 of 1, asm/testdata/widefit.py), so that no
// division is needed: 1 + r in a two-sum, then its low part, w·(E + r·O)
// + c and t·(1 - r + w·(E - r·O) - c) added, rounded once, and the scaling
// last, so that cosh is finite up to where it overflows (e^|x| alone
// overflows earlier). For k = 0 (|x| < ln2/2, where the r terms would
// cancel) it is 1 + w·E. t is floored at 2^-1000, where it is far below
// the sum's last bit. ±Inf give +Inf, NaN passes through.
func coshBody(f *fn) val {
	x := f.in()
	k, r, c, w, e, ro := expEvenOddDD(f, x)
	t := f.scale(f.c(1), f.max(f.mul(k, f.c(-2)), f.c(f.pick(-1000, -120))))
	one := f.c(1)
	hi := f.add(one, r)
	lo := f.add(f.sub(one, hi), r) // exact
	pc := f.fma(w, f.add(e, ro), c)
	mc := f.fms(w, f.sub(e, ro), c)
	y := f.add(hi, f.add(f.add(lo, pc), f.fma(t, mc, f.fnma(t, r, t))))
	y0 := f.fma(w, e, one) // k = 0: cosh r, twice for the scaling by 2^-1
	y = f.blend(f.cmp(cEq, k, f.c(0)), f.add(y0, y0), y)
	y = f.scale(y, f.sub(k, f.c(1)))
	return f.fixup(y, f.reload(x), fxNaN, fxQuiet)
}

// expEvenOddDD is the float64 reduction cosh and sinh share: a = k·ln 2 +
// r + c for a = |x| (absMin: clamped to 711, where both overflow; a NaN x
// is left to the caller's fixup; Cody-Waite, ln 2
// in two parts, c the rounding error of r), w = r², and e^±r = 1 ± r +
// w·(e ± ro) with e = (cosh r - 1)/w and ro = r·(sinh r - r)/(r·w), from
// polynomials of degree 5 (errors below 2^-61 of 1; float32: degree 2,
// 2^-30.7, clamped to 90; asm/testdata/widefit.py).
func expEvenOddDD(f *fn, x val) (k, r, c, w, e, ro val) {
	a := f.absMin(x, f.c(f.pick(711, 90))) // cosh and sinh overflow from 710.48 (89.42)
	k = f.round(rEven, f.mul(a, f.c(math.Log2E)))
	ln2hi, ln2lo := f.c(f.pick(0x1.62e42fefa3800p-1, 0x1.62e4p-1)), f.c(f.pick(0x1.ef35793c76730p-45, 0x1.7f7d1cp-20))
	rhi := f.fnma(k, ln2hi, a) // exact
	r = f.fnma(k, ln2lo, rhi)
	c = f.fnma(k, ln2lo, f.sub(rhi, r))
	w = f.mul(r, r)
	E := []float64{2.091854357185285e-09, 2.7557262176723747e-07, 2.4801587337477324e-05,
		0.0013888888888878683, 0.04166666666666668, 0.5}
	O := []float64{1.6086898452895123e-10, 2.5052070359545555e-08, 2.755731924790864e-06,
		0.00019841269841263038, 0.008333333333333333, 0.16666666666666666}
	if !f.is64() {
		E = []float64{0.0013934089802205563, 0.041666459292173386, 0.5}
		O = []float64{0.00019891478586941957, 0.00833331048488617, 0.1666666716337204}
	}
	return k, r, c, w, f.horner(w, E...), f.mul(r, f.horner(w, O...))
}
