package main

// sinh and erf, and expDD (e raised to a double-length argument), which
// erf and pow share.

func init() {
	mathFuncs = append(mathFuncs,
		mathFunc{"sinh", "the hyperbolic sine", sinhBody},
		mathFunc{"erf", "the error function", erfBody},
	)
}

// signMask is the sign bit of the element type.
func signMask(f *fn) uint64 {
	if f.is64() {
		return 0x8000000000000000
	}
	return 0x80000000
}

// expDD is e^(th+tl) = 2^k·(uh + w) for a double-length argument th + tl
// (|tl| below 2^-30 of 1, or 2^-10 for float32): expReduce's th = k·ln 2 +
// r + c, and e^(r+d) = e^r·(1+d) for the small d = c + tl, so that w =
// (r - (uh-1)) + r²·g(r) + d·e^r with uh = 1 + r (the first part exact):
// uh + w rounded once is e^(th+tl)/2^k within about 0.5 ulp.
func expDD(f *fn, th, tl val) (k, uh, w val) {
	e := expReduce(f, th)
	one := f.c(1)
	p := f.mul(f.mul(e.r, e.r), e.g)
	er := f.add(f.add(e.r, p), one)
	q := f.fma(f.add(e.c, tl), er, p)
	uh = f.add(one, e.r)
	return e.k, uh, f.add(f.sub(e.r, f.sub(uh, one)), q)
}

// sinhBody: for |x| < 1 (float64), sinh x = x + x³·P(x²), P a
// near-minimax polynomial (Chebyshev fit, asm/testdata/specialfit.py);
// above, as coshBody (expEvenOddDD, no division), sinh |x| =
// 2^(k-1)·(e^(r+c) - t·e^-(r+c)) with t = 2^-2k <= 1/4: 1 + r in a
// two-sum, then its low part, w·(e + ro) + c and -t·(1 - r + w·(e - ro) -
// c) added (1 + r >= 1.3 against t·(1 - r) <= 0.18: no cancellation), one
// rounding, then the scaling, so that sinh is finite up to where it
// overflows. float32 (since 2026-12-06) needs no polynomial of its own:
// for k = 0 (|x| < 0.347) sinh |x| = r + w·ro, the odd part of e^r, put
// in the lanes the scaling leaves (scaleWhere); for every k >= 1, 1 - t
// is taken first (exact up to k = 12; from k = 13 on it rounds to 1 and t
// is below the sum's last bit), hi = (1 - t) + r in a Fast2Sum (1 - t >=
// 3/4 > |r|), and the low part lo + w·(e + ro) + c - t·(w·(e - ro) - c -
// r) rounded once into hi: no comparison or blend for k = 1, where 1 + r
// and t·(1 - r) come closest. The sign of x is put back at the end: ±0
// for ±0, ±Inf for ±Inf, NaN for NaN (a fixup).
func sinhBody(f *fn) val {
	x := f.in()
	sm := signMask(f)
	k, r, c, w, e, ro := expEvenOddDD(f, x)
	one := f.c(1)
	var y val
	if f.is64() {
		P := []float64{7.747174966629771e-13, 1.6057652088360194e-10, 2.5052117978908062e-08,
			2.7557319190054655e-06, 0.00019841269841326976, 0.008333333333333297, 0.16666666666666666}
		abs := f.and(x, f.bitsc(sm-1))
		w0 := f.mul(abs, abs)
		small := f.fma(f.mul(w0, abs), f.horner(w0, P...), abs)
		pc := f.fma(w, f.add(e, ro), c)
		mc := f.fms(w, f.sub(e, ro), c)
		t := f.scale(one, f.max(f.mul(k, f.c(-2)), f.c(-1000)))
		hi := f.add(one, r)
		lo := f.add(f.sub(one, hi), r) // exact
		y = f.add(hi, f.sub(f.add(lo, pc), f.fma(t, mc, f.fnma(t, r, t))))
		y = f.blend(f.cmp(cLt, abs, f.c(1)), small, f.scale(y, f.sub(k, f.c(1))))
	} else {
		pc := f.fma(w, f.add(e, ro), c)
		mr := f.sub(f.fms(w, f.sub(e, ro), c), r)
		small := f.fma(w, ro, r) // k = 0: r = |x|, c = 0
		t := f.scale(one, f.max(f.mul(k, f.c(-2)), f.c(-120)))
		u := f.sub(one, t)
		hi := f.add(u, r)
		lo := f.add(f.sub(u, hi), r) // exact
		y = f.add(hi, f.fnma(t, mr, f.add(lo, pc)))
		y = f.scaleWhere(f.cmp(cNeq, k, f.c(0)), y, f.sub(k, one), small)
	}
	x = f.reload(x)
	y = f.or(y, f.and(x, f.bitsc(sm)))
	return f.fixup(y, x, fxNaN, fxQuiet)
}

// erfBody is fdlibm's erf (its coefficients, the float32 kernel theirs
// rounded), every range computed and the lane's one blended in (the
// rational functions' numerators and denominators blended before one
// division): for
// |x| < 0.84375, x + x·P(x²)/Q(x²); up to 1.25, erx + P1(s)/Q1(s) with
// s = |x|-1; up to 6, 1 - e^(-z²-0.5625 + (z-|x|)(z+|x|) + R(1/x²)/S(1/x²))/|x|
// with z = |x| cut to 20 bits (11 for float32), so that -z²-0.5625 is
// exact and the exponent is a double-length th + tl (expDD): one
// exponential, not fdlibm's two; from 6 on, 1. The sign of x is put
// back at the end: ±0 for ±0, ±1 for ±Inf, NaN for NaN.
func erfBody(f *fn) val {
	x := f.in()
	sm := signMask(f)
	a := f.and(x, f.bitsc(sm-1))
	one := f.c(1)
	z := f.mul(a, a)
	w := f.div(one, z)
	s := f.sub(a, one)
	nearA, nearB, nearC := f.cmp(cLt, a, f.c(0.84375)), f.cmp(cLt, a, f.c(1.25)), f.cmp(cLt, a, f.c(1/0.35))
	num := f.blend(nearC,
		f.horner(w, -9.81432934416914548592e+00, -8.12874355063065934246e+01, -1.84605092906711035994e+02,
			-1.62396669462573470355e+02, -6.23753324503260060396e+01, -1.05586262253232909814e+01,
			-6.93858572707181764372e-01, -9.86494403484714822705e-03),
		f.horner(w, -4.83519191608651397019e+02, -1.02509513161107724954e+03, -6.37566443368389627722e+02,
			-1.60636384855821916062e+02, -1.77579549177547519889e+01, -7.99283237680523006574e-01,
			-9.86494292470009928597e-03))
	num = f.blend(nearB, f.horner(s, -2.16637559486879084300e-03, 3.54783043256182359371e-02,
		-1.10894694282396677476e-01, 3.18346619901161753674e-01, -3.72207876035701323847e-01,
		4.14856118683748331666e-01, -2.36211856075265944077e-03), num)
	num = f.blend(nearA, f.horner(z, -2.37630166566501626084e-05, -5.77027029648944159157e-03,
		-2.84817495755985104766e-02, -3.25042107247001499370e-01, 1.28379167095512558561e-01), num)
	den := f.blend(nearC,
		f.horner(w, -6.04244152148580987438e-02, 6.57024977031928170135e+00, 1.08635005541779435134e+02,
			4.29008140027567833386e+02, 6.45387271733267880336e+02, 4.34565877475229228821e+02,
			1.37657754143519042600e+02, 1.96512716674392571292e+01, 1),
		f.horner(w, -2.24409524465858183362e+01, 4.74528541206955367215e+02, 2.55305040643316442583e+03,
			3.19985821950859553908e+03, 1.53672958608443695994e+03, 3.25792512996573918826e+02,
			3.03380607434824582924e+01, 1))
	den = f.blend(nearB, f.horner(s, 1.19844998467991074170e-02, 1.36370839120290507362e-02,
		1.26171219808761642112e-01, 7.18286544141962662868e-02, 5.40397917702171048937e-01,
		1.06420880400844228286e-01, 1), den)
	den = f.blend(nearA, f.horner(z, -3.96022827877536812320e-06, 1.32494738004321644526e-04,
		5.08130628187576562776e-03, 6.50222499887672944485e-02, 3.97917223959155352819e-01, 1), den)
	q := f.div(num, den)
	cut := uint64(0xffffffff00000000)
	if !f.is64() {
		cut = 0xffffe000
	}
	zc := f.and(a, f.bitsc(cut))
	hi := f.fnma(zc, zc, f.c(-0.5625))
	lo := f.fma(f.sub(zc, a), f.add(zc, a), q)
	th := f.add(hi, lo)
	tl := f.add(f.sub(hi, th), lo)
	k, uh, ew := expDD(f, th, tl)
	y := f.sub(one, f.div(f.scale(f.add(uh, ew), k), a))
	y = f.blend(f.cmp(cGe, a, f.c(6)), one, y)
	y = f.blend(nearB, f.add(f.c(8.45062911510467529297e-01), q), y)
	y = f.blend(nearA, f.fma(a, q, a), y)
	y = f.or(y, f.and(x, f.bitsc(sm)))
	return f.blend(f.cmp(cUnord, x, x), f.add(x, x), y)
}
