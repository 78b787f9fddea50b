package main

// The trigonometric kernels: sin and cos. The vector program reduces x by
// π/2 (Cody-Waite, three parts, the remainder kept as a double-length
// hi + lo) and evaluates fdlibm's polynomials on [-π/4, π/4]. Lanes it
// cannot finish to within 1 ulp come out as NaN: ±Inf, and x so close to
// a multiple k·π/2 that the three-part reduction loses too many bits
// (every |x| above about 2^40, float32 2^19.8, and rare smaller ones).
// asm/math_trig.go runs these kernels a chunk at a time and redoes the
// NaN lanes of finite x in Go (Payne-Hanek reduction with a table of 2/π), the same code on
// every tier, so the results stay bit-identical.

import "math"

func init() {
	mathFuncs = append(mathFuncs,
		mathFunc{"sinCW", "the sine (NaN where asm/math_trig.go finishes the lane)", trigBody(trigSin)},
		mathFunc{"cosCW", "the cosine (NaN where asm/math_trig.go finishes the lane)", trigBody(trigCos)},
		mathFunc{"tanCW", "the tangent (NaN where asm/math_trig.go finishes the lane)", trigBody(trigTan)},
		mathFunc{"atan", "the arc tangent", atanBody},
		mathFunc{"asin", "the arc sine", asinBody(false)},
		mathFunc{"acos", "the arc cosine", asinBody(true)},
	)
}

// The functions of trigBody, as asm/math_trig.go numbers them.
const (
	trigSin = iota
	trigCos
	trigTan
)

// trigBody is sin, cos (cos x = sin(x + π/2)) or tan:
// k = round(x·2/π) by a magic number, whose sum with x·2/π also holds the
// quadrant's bits; r = x - k·(P1+P2+P3), π/2 in three parts of full
// precision, by fused multiply-adds: a = x - k·P1 is exact (a multiple of
// P1's last bit below 1), hi = a - k·P2 rounded, and its rounding error
// lo = (a - hi) - k·P2 (a - hi exact by Sterbenz's lemma in every lane
// that is not left to Go: |k·P2| is below |k|·2^-53, |hi| at least
// |k|·2^-40), less k·P3; then r + rl = hi + lo (|rl| <= ulp(r)/2 +
// |k·P3|, not renormalised), with an absolute error near |k|·2^-160 plus
// lo's roundings, below 2^-110 relative. Lanes with |hi| < |k|·2^-40
// would lose accuracy and are left to Go. That test alone bounds k: from
// |k| = 2^40 on it takes every lane in, also where the magic number no
// longer rounds k to an integer (|k| >= 2^51), since |a| is then below
// |x|·2^-51 and |k|·2^-40 about |x|·2^-40.6; ±Inf and NaN give NaN in hi.
// float32 leaves |hi| < |k|·(2^-23 + |k|·2^-40) (one fused multiply-add
// more): a - hi is exact wherever |hi| >= 2|k·P2| + ulp(hi), and |P2| <
// 2^-24.4, so 2^-23 suffices for small k (until 2026-12-06 the bound was
// |k|·2^-20, which left 8 times as many lanes to Go: one in 2600 over
// [-1000, 1000]). The second term takes every lane in from |k| = 2^19.8
// on (the bound passes 1 at 2^20), as |k|·2^-20 did from 2^19.7: below,
// |r| <= π/4 + |k|·2^-24 (2/π rounded to float32 is 2^-24.6 off, so k can
// be one off round(x·2/π)), at most 0.84, where the polynomials stay
// within 1 ulp; above, beyond where the magic number rounds (2^22) too.
// sin r and cos r come from fdlibm's __kernel_sin and __kernel_cos
// coefficients (minimax on [-π/4, π/4], the float32 kernels their leading
// terms), with lo folded in: sin(r+lo) = r + (r³S(r²) + lo(1 - r²/2)),
// cos(r+lo) = w + ((1-w) - r²/2 + (r⁴C(r²) - r·lo)) with w = 1 - r²/2
// rounded. The quadrant q = k (k+1 for cos) picks sin or cos of r by its
// bit 0 (shifted into the sign bit, a mask by VPMOVQ2M) and the sign by
// its bit 1 (shifted there and XORed in). tan is N/D for even k, -D/N for
// odd k (bit 0 XORed into the sign), N and D of sin r's and cos r's
// shapes and wrappers with the shorter polynomials of a rational fit of
// tan r (only the quotient is fitted, testdata/tanfit.py), both
// kept as head and rest (r and r³S(r²) + ..., w and (1-w) - ...: nh +
// nl, dh + dl) and divided with one division and one correction step:
// i = 1/d, t = n·i (within 2 ulp of n/d), t += ((nh - t·dh) + (nl -
// t·dl))·i, each remainder in a fused multiply-add, rounded once at a
// tenth of t or less (until 2026-12-06 21:20 n and d were split exactly
// by Fast2Sum, 4 operations more, and n - t·d was exact); near a pole N
// is as accurate relative to itself as anywhere.
func trigBody(kind int) func(f *fn) val {
	return func(f *fn) val {
		x := f.in()
		var p1, p2, p3, tiny, magic float64
		var S, C []float64
		absMask, nan := uint64(0x7fffffffffffffff), uint64(0x7ff8000000000000)
		if f.is64() {
			p1, p2, p3 = 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54, -0x1.f1976b7ed8fbcp-110
			tiny, magic = 0x1p-40, 0x1.8p52
			S = []float64{1.58969099521155010221e-10, -2.50507602534068634195e-08, 2.75573137070700676789e-06,
				-1.98412698298579493134e-04, 8.33333333332248946124e-03, -1.66666666666666324348e-01}
			C = []float64{-1.13596475577881948265e-11, 2.08757232129817482790e-09, -2.75573143513906633035e-07,
				2.48015872894767294178e-05, -1.38888888888741095749e-03, 4.16666666666666019037e-02}
			if kind == trigTan {
				// Only the quotient counts: (r + r·z·S)/(1 - z/2 + z²·C) is
				// a rational fit of tan r (testdata/tanfit.py, relative
				// error 2^-61.3 with these rounded coefficients), 7
				// coefficients where sin's and cos's are 12.
				S = []float64{-9.640762643128449e-05, 0.007572281024452911, -0.16666666666666666}
				C = []float64{1.1969745601065978e-08, 4.9564382069743306e-06, -0.0010331997139430623, 0.04090561435778618}
			}
		} else {
			absMask, nan = 0x7fffffff, 0x7fc00000
			// π/2 in three float32 parts (testdata/trigconst.py's value,
			// each part the rounded rest).
			p1, p2, p3 = 0x1.921fb6p+0, -0x1.777a5cp-25, -0x1.ee59dap-50
			tiny, magic = 0x1p-23, 0x1.8p23
			S = []float64{2.75573137070700676789e-06, -1.98412698298579493134e-04, 8.33333333332248946124e-03,
				-1.66666666666666324348e-01}
			C = []float64{-2.75573143513906633035e-07, 2.48015872894767294178e-05, -1.38888888888741095749e-03,
				4.16666666666666019037e-02}
		}
		abs := func(v val) val { return f.and(v, f.bitsc(absMask)) }
		// k = x·2/π rounded to an integer by the magic number in one fused
		// multiply-add (ties to even, as rounding does, for |k| < 2^51 or
		// 2^22): qb's low bits are the quadrant q = k (k+1 for cos, added
		// with the magic). qb is computed again from x reloaded after the
		// polynomials, the same bits, so that no register holds it there.
		off := magic
		if kind == trigCos {
			off = magic + 1
		}
		k := f.sub(f.fma(x, f.c(2/math.Pi), f.c(off)), f.c(off))
		a := f.fnma(k, f.c(p1), x) // exact
		hi := f.fnma(k, f.c(p2), a)
		lo := f.fnma(k, f.c(p2), f.sub(a, hi)) // a - hi exact (Sterbenz)
		lo = f.fnma(k, f.c(p3), lo)
		// The lanes left to Go, decided early so that x's, k's and hi's
		// registers are free for the polynomials (more vectors in flight).
		// One comparison, so that one mask register is live. float32's
		// bound grows with k², so that it takes in every lane where k is
		// large (see above).
		// Squared, |hi| < |k|·tiny is hi² <= (k·tiny)² - m, m the least
		// subnormal, and hi² is the polynomials' z: no absolute values
		// (float32 takes |k| for its bound's second term). <= leaves the
		// lanes where both squares overflow (|x| from about 2^552) to Go,
		// as it should; m, lost beside any k·tiny but 0, keeps k = 0 in
		// (z = 0 for x = ±0). A NaN hi leaves none.
		tk := f.c(tiny)
		if !f.is64() {
			tk = f.fma(abs(k), f.c(0x1p-40), tk)
		}
		kt := f.mul(k, tk)
		r := hi
		z := f.mul(r, r)
		left := f.cmp(cLe, z, f.fms(kt, kt, f.c(math.Ldexp(1, 1-f.bias()-f.mantBits()))))
		f.report(left)
		// r + rl = hi + lo is nearly normalised as it is (|lo| is hi's
		// rounding error plus |k·P3|), so it is taken without a renormalising
		// sum. The lanes left to Go become NaN here, in rl, which carries the
		// NaN to the result (through sinL and cosL): the mask is dead before
		// the polynomials, and the comparison stays off r's path to them.
		rl := f.blend(left, f.bitsc(nan), lo)

		// w1 = 1 - r²/2 rounded and its error e1, exact by FMA; lo's terms
		// rl·(1 - r²/2) for sin and -r·rl for cos, so that rl dies before
		// the polynomials.
		hr := f.mul(r, f.c(0.5))
		w1 := f.fnma(hr, r, f.c(1))
		e1 := f.fnma(hr, r, f.sub(f.c(1), w1))
		sinL := f.mul(rl, w1)
		cosL := f.fnma(r, rl, e1)
		// Each polynomial first, then its factor z² or r·z: fewer live
		// values while it runs.
		cp := f.horner(z, C...)
		cosS := f.fma(f.mul(z, z), cp, cosL)
		var cosR, sinR val
		if kind != trigTan { // tan sums them after picking N and D
			cosR = f.add(w1, cosS)
		}
		sp := f.horner(z, S...)
		sinS := f.fma(f.mul(r, z), sp, sinL)
		if kind != trigTan {
			sinR = f.add(r, sinS)
		}

		var y val
		xr := f.reload(x)
		qb := f.fma(xr, f.c(2/math.Pi), f.c(off))
		qodd := f.shl(qb, 8*f.e.size-1) // q's bit 0 in the sign bit
		odd := f.signmask(qodd)
		if kind == trigTan {
			// N = nh + nl and D = dh + dl as heads and rests, picked
			// before they are summed: the remainder n - t·d is taken
			// from them, (nh - t·dh) + (nl - t·dl), side by side.
			nh, nl := f.blend(odd, w1, r), f.blend(odd, cosS, sinS)
			dh, dl := f.blend(odd, r, w1), f.blend(odd, sinS, cosS)
			d := f.add(dh, dl)
			inv := f.div(f.c(1), d)
			t := f.mul(f.add(nh, nl), inv)
			res := f.add(f.fnma(t, dh, nh), f.fnma(t, dl, nl))
			y = f.xor(f.fma(res, inv, t), qodd) // -cos/sin for odd q
			// x read again for the fixup: one register less in the division.
			xr = f.reload(x)
		} else {
			// q's bit 1 in the sign bit: the lanes to negate.
			sign := f.and(f.shl(qb, 8*f.e.size-2), f.bitsc(absMask+1))
			y = f.xor(f.blend(odd, cosR, sinR), sign)
		}

		if kind != trigCos { // sin(±0) = tan(±0) = ±0
			y = f.fixup(y, xr, fxZero, fxSrc)
		}
		return y
	}
}

// atanTable is the arc tangent's table by entry (the point c of each
// interval of |x| and hi, the float nearest atan c, within 2^-12 ulp of
// it), P (highest degree first) and the intervals' layout, float64 and
// float32: asm/testdata/atanfit.py.
type atanTable struct {
	c, hi  []float64
	p      []float64
	shift  int     // idx = bits >> shift
	lo, up float64 // |x| clamped to [lo, up] for idx
}

var atanTables = map[bool]atanTable{
	true: {
		c: []float64{0x1.35ffffffc6p+1, 0x1.b8000012f8p+1, 0x1.33fffff8dp+2, 0x1.b7fffffa1p+2,
			0x1.340000033ap+3, 0x1.80aa5f1545a93p+4, 0, 0x1.bffffffb0cp-4,
			0x1.29fffffabcp-3, 0x1.c0000005b2p-3, 0x1.2a00000096p-2, 0x1.bdfffff4bep-2,
			0x1.27fffffa92p-1, 0x1.bbfffffc3cp-1, 0x1.3800001da6p+0, 0x1.a400000528p+0},
		hi: []float64{0x1.2de11cfc5379ep+0, 0x1.49a6be23b96c8p+0, 0x1.5dace853af4f8p+0, 0x1.6d2595b4779cp+0,
			0x1.779f1d712f512p+0, 0x1.877b56105947dp+0, 0, 0x1.be39ebe20b799p-4,
			0x1.27ec55a935e93p-3, 0x1.b90d752e95754p-3, 0x1.21fd9beb744b2p-2, 0x1.a4a0deceb81a3p-2,
			0x1.0c6145b1a270bp-1, 0x1.6dc4454f2f01ap-1, 0x1.c470ac0aaf99cp-1, 0x1.05fdc48deddcap+0},
		p: []float64{0x1.2f59d4023c0f5p-4, -0x1.742bf5ba5ec54p-4, 0x1.c71c12809c6c6p-4,
			-0x1.249248fabdea1p-3, 0x1.999999998c277p-3, -0x1.555555555555p-2},
		shift: 51, lo: 0x1p-4, up: 12,
	},
	false: {
		c: []float64{0x1.1cfa46p+1, 0x1.5d0e68p+1, 0x1.9dfa0ap+1, 0x1.de0106p+1,
			0x1.1d0a58p+2, 0x1.5cfc2p+2, 0x1.9e09aap+2, 0x1.ddfe8ep+2,
			0x1.010a24p+4, 0, 0, 0, 0x1.1509b2p-4, 0x1.5ffa22p-4, 0x1.9ffb1ep-4, 0x1.e000dep-4,
			0x1.15075ap-3, 0x1.5ffc72p-3, 0x1.9ff5cep-3, 0x1.dfeabp-3,
			0x1.1509c8p-2, 0x1.6004fp-2, 0x1.a0024ep-2, 0x1.dfff7ep-2,
			0x1.14078ap-1, 0x1.5ef952p-1, 0x1.9efc58p-1, 0x1.df04cp-1,
			0x1.1e0772p+0, 0x1.5dfbfcp+0, 0x1.93f6d2p+0, 0x1.ddfc7cp+0},
		hi: []float64{0x1.260d74p+0, 0x1.382552p+0, 0x1.455b4ap+0, 0x1.4f24c2p+0,
			0x1.5994fep+0, 0x1.63b134p+0, 0x1.6add02p+0, 0x1.700ccap+0,
			0x1.823588p+0, 0, 0, 0, 0x1.149dd8p-4, 0x1.5f1d52p-4, 0x1.9e8f4p-4, 0x1.ddd2f2p-4,
			0x1.135b7ep-3, 0x1.5c949ep-3, 0x1.9a60c4p-3, 0x1.d7692ap-3,
			0x1.0e8fa6p-2, 0x1.530f44p-2, 0x1.8b26cep-2, 0x1.c0dae2p-2,
			0x1.fa518cp-2, 0x1.33ac78p-1, 0x1.5cbc0ap-1, 0x1.811732p-1,
			0x1.ae75d8p-1, 0x1.e0e776p-1, 0x1.018606p+0, 0x1.143f54p+0},
		p:     []float64{0x1.985ecep-3, -0x1.55554p-2},
		shift: 21, lo: 0x1.cp-5, up: 8,
	},
}

// atanBody is the arc tangent from a table (one VPERMT2PD or VPERMT2PS a
// lookup on AVX-512; VGATHERQPD on AVX2 for float64, four VPERMPS and
// three blends for float32): the bits of max(min(|x|, H), L) shifted
// right (float64: by 51, exponent and the fraction's top bit, H = 12, L =
// 1/16; float32: by 21, the fraction's top two bits, H = 8, L = 7/128)
// pick c: 0 below 3/32 (float32 1/16), a point of each half octave
// (float32 quarter octave) up to H, and one point near H + √(H²+1) from H
// on; then t = (|x| - c)/(1 + c|x|), one division (t = |x| in the first
// interval; |x| - c exact by Sterbenz's lemma up to H), |t| <= 0.12
// (float32 0.065), with |x| capped at 2^66 so that +Inf gives π/2 (NaN
// stays NaN). atan|x| = atan c + atan t, atan c = hi alone (each c taken
// where atan c lies within 2^-12 ulp of a float: Gal's accurate tables,
// one lookup fewer), atan t = t + t³P(t²), P of degree 5 (float32 1), and
// hi + t summed with its error (Fast2Sum: |t| < hi unless hi = 0, where
// the error is 0), so that the roundings that count in ulps of the result
// are the last sum's and t's two (the division and 1 + c|x|), whose weight
// |t|/ulp(atan|x|) each c was chosen to make small. x's sign is put back
// with its bit (atan(±0) = ±0, atan(±Inf) = ±π/2). 25 operations a vector
// (float32 21), 2 of them lookups, where fdlibm's intervals as blends
// took 37 (float32 31).
func atanBody(f *fn) val {
	tb := atanTables[f.is64()]
	absMask, signBit := uint64(0x7fffffffffffffff), uint64(1<<63)
	if !f.is64() {
		absMask, signBit = 0x7fffffff, 0x80000000
	}
	x := f.in()
	ax := f.and(x, f.bitsc(absMask))
	idx := f.shr(f.max(f.min(ax, f.c(tb.up)), f.c(tb.lo)), tb.shift) // NaN: entry of H
	axc := f.min(f.c(0x1p66), ax)                                    // min(c, NaN) keeps the NaN
	c, hi := f.lookup(idx, tb.c), f.lookup(idx, tb.hi)
	t := f.div(f.sub(axc, c), f.fma(c, axc, f.c(1)))
	z := f.mul(t, t)
	w := f.mul(f.mul(t, z), f.horner(z, tb.p...))
	s := f.add(hi, t)
	e := f.add(f.sub(hi, s), t) // hi + t - s, exact
	y := f.add(s, f.add(e, w))
	return f.or(y, f.and(f.reload(x), f.bitsc(signBit)))
}

// asinBody is fdlibm's asin (acos: its acos), e_asin.c and e_acos.c with
// the branches made blends: for |x| < 1/2, z = x² and asin x = x + x·R(z),
// acos x = π/2 - (x - (lo - x·R(z))); above, z = (1-|x|)/2, s = √z and
// f = s cut to its leading half (f² exact), c = (z - f²)/(s + f) the
// square root's rounding error, then asin |x| = π/4 - ((2s·R - (lo - 2c))
// - (π/4 - 2f)) below 0.975, π/2 - (2(s + s·R) - lo) from there, acos x
// = 2(f + (R·s + c)) for x > 0, π - 2(s + (R·s - lo)) for x < 0. R(z) =
// z·P(z)/Q(z) is fdlibm's rational minimax fit. |x| > 1 and ±Inf give
// NaN through √z; asin(±0) = ±0 through x's sign bit. float32 takes
// e_asinf.c's shorter R (three terms over two).
func asinBody(acos bool) func(f *fn) val {
	return func(f *fn) val {
		x := f.in()
		P := []float64{3.47933107596021167570e-05, 7.91534994289814532176e-04, -4.00555345006794114027e-02,
			2.01212532134862925881e-01, -3.25565818622400915405e-01, 1.66666666666666657415e-01}
		Q := []float64{7.70381505559019352791e-02, -6.88283971605453293030e-01, 2.02094576023350569471e+00,
			-2.40339491173441421878e+00, 1}
		pio2hi, pio2lo, pio4hi, pi := 1.57079632679489655800e+00, 6.12323399573676603587e-17, 7.85398163397448278999e-01, 3.14159265358979311600e+00
		absMask, signBit, cut := uint64(0x7fffffffffffffff), uint64(1<<63), uint64(0xffffffff00000000)
		if !f.is64() {
			// π/4's part is π/2's halved (not π/4 rounded): the middle
			// branch takes π/2 as pio4hi + pio4hi + pio2lo.
			pio2hi, pio2lo, pi = 1.5707962513e+00, 7.5497894159e-08, 3.1415925026e+00
			pio4hi = float64(float32(pio2hi)) / 2
			absMask, signBit, cut = 0x7fffffff, 0x80000000, 0xfffff000
			// e_asinf.c's shorter rational fit, enough for float32.
			P = []float64{-8.6563630030e-03, -4.2743422091e-02, 1.6666586697e-01}
			Q = []float64{-7.0662963390e-01, 1}
		}
		ax := f.and(x, f.bitsc(absMask))
		small := f.cmp(cLt, ax, f.c(0.5))
		z := f.blend(small, f.mul(x, x), f.mul(f.sub(f.c(1), ax), f.c(0.5)))
		R := f.div(f.mul(z, f.horner(z, P...)), f.horner(z, Q...))
		s := f.sqrt(z)
		fs := f.and(s, f.bitsc(cut))
		// s+f is 0 only where z is (|x| = 1), and then so is z - f²: max
		// makes that 0/tiny = 0, not NaN (a NaN s+f stays NaN).
		c := f.div(f.fnma(fs, fs, z), f.max(f.add(s, fs), f.c(math.Ldexp(1, 1-f.bias()))))
		if acos {
			ys := f.sub(f.c(pio2hi), f.sub(x, f.fnma(x, R, f.c(pio2lo))))
			yneg := f.sub(f.c(pi), f.mul(f.add(s, f.fms(R, s, f.c(pio2lo))), f.c(2)))
			ypos := f.mul(f.add(fs, f.fma(R, s, c)), f.c(2))
			return f.blend(small, ys, f.blend(f.cmp(cLt, x, f.c(0)), yneg, ypos))
		}
		ys := f.fma(ax, R, ax)
		p := f.fms(f.mul(s, f.c(2)), R, f.sub(f.c(pio2lo), f.mul(c, f.c(2))))
		q := f.sub(f.c(pio4hi), f.mul(fs, f.c(2)))
		ym := f.sub(f.c(pio4hi), f.sub(p, q))
		yb := f.sub(f.c(pio2hi), f.sub(f.mul(f.fma(s, R, s), f.c(2)), f.c(pio2lo)))
		y := f.blend(small, ys, f.blend(f.cmp(cGe, ax, f.c(0.975)), yb, ym))
		return f.or(y, f.and(x, f.bitsc(signBit)))
	}
}
