package main

// The float32 kernels computed in float64 (fn.wide, see wideF32): each
// takes a float32 input widened exactly and returns a float64 within
// about 2^-31 relative of the exact result (tan 2^-26, still within 1 ulp
// after the rounding), which the kernel rounds to float32 once.
// Polynomials from asm/testdata/widefit.py.

func init() {
	wideF32["tanCW"] = tanWide
}

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
