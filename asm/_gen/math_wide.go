package main

// The float32 kernels computed in float64 (fn.wide, see wideF32): each
// takes a float32 input widened exactly and returns a float64 within
// about 2^-31 relative of the exact result, which the kernel rounds to
// float32 once. Polynomials from asm/testdata/widefit.py.

func init() {
	wideF32["cosh"] = coshWide
	wideF32["sinh"] = sinhWide
	wideF32["expm1"] = expm1Wide
}

// expReduceWide is x = k·ln 2 + r for x in [-110, 100] (x clamped there;
// a NaN passes through as NaN): k = round(x·log2 e), r = x - k·ln 2 in one
// fused multiply-add (|k| <= 160, so ln 2's rounding leaves r within
// 2^-46 of its value). From 100 on, e^x is far above float32's range.
func expReduceWide(f *fn, x val) (k, r val) {
	xc := f.max(f.c(-110), f.min(f.c(100), x)) // NaN stays NaN
	k = f.round(rEven, f.mul(xc, f.c(1.4426950408889634)))
	return k, f.fnma(k, f.c(0.6931471805599453), xc)
}

// expEvenOdd is e^r = E + r·O on |r| <= ln2/2 in its even and odd parts,
// E = cosh r and O = sinh(r)/r, polynomials of degree 3 in r² (relative
// errors 2^-34.5 and 2^-37.6), returned as E and r·O: e^-r = E - r·O, so
// that cosh and sinh need no division.
func expEvenOdd(f *fn, r val) (e, ro val) {
	w := f.mul(r, r)
	e = f.horner(w, 0.0013949176327488972, 0.04166620929652282, 0.5000000110996383, 0.9999999999579187)
	o := f.horner(w, 0.00019908233311258217, 0.008333282536838129, 0.16666666789936505, 0.9999999999953266)
	return e, f.mul(r, o)
}

// coshWide: with |x| = k·ln 2 + r (k >= 0) and t = 2^-2k,
// cosh x = 2^(k-1)·(e^r + t·e^-r) = 2^(k-1)·(E·(1+t) + r·O·(1-t)):
// no cancellation (E >= 1, |r·O| <= 0.36). ±Inf give +Inf, NaN stays NaN.
func coshWide(f *fn) val {
	x := f.in()
	k, r := expReduceWide(f, f.and(x, f.bitsc(0x7fffffffffffffff)))
	e, ro := expEvenOdd(f, r)
	t := f.scale(f.c(1), f.mul(k, f.c(-2)))
	y := f.add(f.fma(e, t, e), f.fnma(ro, t, ro))
	return f.scale(y, f.sub(k, f.c(1)))
}

// sinhWide: with |x| = k·ln 2 + r (k >= 0) and t = 2^-2k,
// sinh |x| = 2^(k-1)·(E·(1-t) + r·O·(1+t)): for k = 0 that is r·O (r = |x|
// exactly, no cancellation near 0), from k = 1 on E·(1-t) >= 3/4 against
// |r·O·(1+t)| <= 0.45 (a loss of at most 2 bits). x's sign put back at the
// end: ±0 for ±0, ±Inf for ±Inf, NaN for NaN.
func sinhWide(f *fn) val {
	x := f.in()
	k, r := expReduceWide(f, f.and(x, f.bitsc(0x7fffffffffffffff)))
	e, ro := expEvenOdd(f, r)
	t := f.scale(f.c(1), f.mul(k, f.c(-2)))
	y := f.add(f.fnma(e, t, e), f.fma(ro, t, ro)) // E·(1-t) first: 0 for k = 0
	y = f.scale(y, f.sub(k, f.c(1)))
	return f.or(y, f.and(x, f.bitsc(0x8000000000000000)))
}

// expm1Wide: with x = k·ln 2 + r and t = 2^k, e^x - 1 = t·q + (t - 1),
// q = e^r - 1 = r + r²·g(r) (g of degree 5, e^r's relative error
// 2^-32.4); t - 1 is exact (|k| <= 160 < 2^53's exponent... for k <= 53;
// above, t·q dominates), and the two terms cancel by at most 2 bits: k = 0
// gives q itself, accurate near 0. ±0 stay ±0, -Inf gives -1, +Inf +Inf,
// NaN stays NaN.
func expm1Wide(f *fn) val {
	x := f.in()
	k, r := expReduceWide(f, x)
	g := f.horner(r, 0.0001989198131397769, 0.0013934541928270264, 0.008333310024225292,
		0.04166645680967788, 0.16666666682534356, 0.5000000014286223)
	q := f.fma(f.mul(r, r), g, r)
	t := f.scale(f.c(1), k)
	y := f.fma(t, q, f.sub(t, f.c(1)))
	return f.fixup(y, x, fxZero, fxSrc)
}
