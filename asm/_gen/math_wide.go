package main

import "math"

// The float32 kernels computed in float64 (fn.wide, see wideF32): each
// takes a float32 input widened exactly and returns a float64 within
// about 2^-31 relative of the exact result (tan 2^-26, still within 1 ulp
// after the rounding), which the kernel rounds to float32 once.
// Polynomials from asm/testdata/widefit.py.

func init() {
	wideF32["expm1"] = expm1Wide
	wideF32["tanCW"] = tanWide
}

// expm1Wide: with x = (16m + j)·ln2/16 + r, |r| <= ln2/32 (k = 16m + j =
// round(x·16/ln 2), x clamped to [-110, 100]: beyond, float32's expm1 is
// -1 or +Inf, and t below stays normal) and t = 2^m·T_j, T_j = 2^(j/16)
// (pow's table powExpHi), e^x - 1 = t·q - (1 - t) with q = e^r - 1 =
// r·(1 + r·g(r)), g of degree 2 (2^-31.1 relative, widefit.py); 1 - t is
// exact where the two terms could cancel (m = 0, and m = -1 for j > 0),
// and they cancel by at most 2 bits: k = 0 gives q itself, accurate near
// 0. k comes negated from a magic number, nb = magic - k, whose bits index
// the table and give t without a float operation: the table holds
// bits(T_j) - j<<48 at index -j mod 16, and bits(t) = that - (nb<<48) =
// bits(T_j) + m<<52. ±0 stay ±0 without a fixup (q = r·(...) keeps r's
// sign, and -0 - (+0) = -0), -Inf gives -1, +Inf +Inf, NaN stays NaN.
func expm1Wide(f *fn) val {
	const magic = 0x1.8p52
	x := f.in()
	xc := f.max(f.c(-110), f.min(f.c(100), x)) // NaN stays NaN
	nb := f.fma(xc, f.c(-0x1.71547652b82fep+4), f.c(magic))
	k := f.sub(f.c(magic), nb)
	r := f.fnma(k, f.c(0x1.62e42fefa39efp-5), xc)
	q := f.mul(r, f.fma(r, f.horner(r, 0.04166716523565794, 0.1666696580870061, 0.5), f.c(1)))
	t := f.isub(f.lookup(nb, expm1Tab[:]), f.shl(nb, 48))
	return f.fms(t, q, f.sub(f.c(1), t))
}

// expm1Tab is expm1Wide's table: at index i, the bits of T_j = 2^(j/16)
// less j<<48, j = -i mod 16, read as a float64.
var expm1Tab = func() (tab [16]float64) {
	for i := range tab {
		j := (16 - i) % 16
		tab[i] = math.Float64frombits(math.Float64bits(powExpHi[j]) - uint64(j)<<48)
	}
	return tab
}()

// tanWide is tan x for float32 x, computed in float64: k = round(x·2/π)
// by a magic number (one fused multiply-add, whose bits give k's parity),
// r = x - k·π/2 with π/2 in two float64 parts (x - k·P1 rounded once
// relative to itself, r within 2^-70 absolute of its value for |x| <=
// 2^28, where the float32 nearest a multiple of π/2 is farther than
// 2^-32 from it), then tan r = r·N(r²)/D(r²), a rational fit of degree 1
// over 2 (relative error 2^-26.1, testdata/widefit.py: the result rounds to
// float32 within 0.5 + 2^-2 ulp, where 2 over 2 reached 2^-35.3 and
// 0.5 + 2^-11 for one fused multiply-add more), and for odd k
// -cot r = -D/(r·N): one division either way. |x| above 2^28 and ±Inf
// come out NaN, for asm/math_trig.go to finish (Payne-Hanek). tan(±0) =
// ±0 without a fixup: k = 0, r = x - 0·P1 - 0·P2 keeps x's sign (-0 - 0 =
// -0), r·N = ±0 and D = 1.
func tanWide(f *fn) val {
	x := f.in()
	const magic = 0x1.8p52
	qb := f.fma(x, f.c(0.6366197723675814), f.c(magic))
	k := f.sub(qb, f.c(magic))
	r := f.fnma(k, f.c(0x1.1a62633145c07p-54), f.fnma(k, f.c(0x1.921fb54442d18p+0), x))
	z := f.mul(r, r)
	rn := f.mul(r, f.horner(z, -0.09580156147155865, 0.9999999858865054))
	d := f.horner(z, 0.009716783088694416, -0.4291355652800774, 1)
	qodd := f.shl(qb, 63) // k's bit 0 in the sign bit
	odd := f.signmask(qodd)
	y := f.xor(f.div(f.blend(odd, d, rn), f.blend(odd, rn, d)), qodd)
	left := f.cmp(cGt, f.and(x, f.bitsc(0x7fffffffffffffff)), f.c(0x1p28))
	f.report(left)
	return f.blend(left, f.bitsc(0x7ff8000000000000), y)
}
