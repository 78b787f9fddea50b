package main

// The float32 log2 and log10 from a table of 32 entries (fn.lookup, one
// VPERMT2PS each on AVX-512): x = 2^e·m with m in [1, 2) (getexp,
// getmant); the top five bits of m's fraction pick c, with 1/c a multiple
// of 1/64, so that r = m·(1/c) - 1 is exact in float32 (|r| < 2^-5: m has
// 24 bits, 1/c at most 7, r's bits lie between 2^-6 and 2^-29); then
//
//	log_b x = (e·log_b 2 + hi) + r/ln b + (lo + r²·Q(r))
//
// with log_b c = hi + lo, hi a multiple of 2^-15 (log2) or 2^-17 (log10)
// so that the first sum T is exact; s = T + r·(1/ln b)hi in one fused
// multiply-add and its rounding error se = r·(1/ln b)hi - (s - T) in
// another, where s - T is exact (Sterbenz: for T != 0, s and T are within
// a factor of 1.96 of each other in every interval; s - T = s for T = 0);
// then s + (se + r·(1/ln b)lo + lo + r²·Q(r)), Q of degree 3 (relative
// error 2^-31.8 for log2, 2^-30.3 for log10) evaluated as (q0·r + q1)·r²
// + (q2·r + q3), whose two halves run side by side. The first interval
// has c = 1 and the last c = 2 (hi, lo = log_b 2's own parts), so that
// near x = 1, from either side, T and the low terms cancel exactly and the
// result is r/ln b + r²·Q(r) alone. Tables and Q: asm/testdata/logfit.py.
//
// Until 2026-12-06 06:20 r/ln b was taken in double length first (rh +
// rl), then T + rh with its error (Fast2Sum), and Q by Horner: 23
// operations a vector (log10 25), where there are 21 (22), with a longer
// chain of dependent operations. Largest errors, every positive finite
// float32 against the float64 kernel (worstFloat32): log2 0.5267 ulp,
// log10 0.5300; the accuracy harness's sets (NUMGO_ACCURACY=full, every
// tier bit-identical) 0.523 and 0.522 (0.523 and 0.518 before).

// logInv64 is 1/c for each interval, in 64ths.
var logInv64 = [32]float64{64, 61, 59, 58, 56, 55, 53, 52, 51, 49, 48, 47, 46, 45, 44, 43,
	42, 41, 41, 40, 39, 38, 38, 37, 36, 36, 35, 34, 34, 33, 33, 32}

// logTable holds, for base 2 and 10, hi and lo of log_b c, log_b 2 in two
// parts (log2's: 1, 0), 1/ln b in two parts and Q, highest degree first.
var logTable = map[bool]struct {
	hi, lo     [32]float64
	l2hi, l2lo float64
	ivhi, ivlo float64
	q          []float64
}{
	true: {
		hi: [32]float64{0, 0x1.1bcp-4, 0x1.e0cp-4, 0x1.22ep-3, 0x1.8a9p-3, 0x1.bfcp-3, 0x1.16ap-2, 0x1.32cp-2,
			0x1.4f7p-2, 0x1.8a88p-2, 0x1.a9p-2, 0x1.c818p-2, 0x1.e7ep-2, 0x1.042cp-1, 0x1.14c4p-1, 0x1.25cp-1,
			0x1.3724p-1, 0x1.48fp-1, 0x1.48fp-1, 0x1.5b2cp-1, 0x1.6dep-1, 0x1.811p-1, 0x1.811p-1, 0x1.94c4p-1,
			0x1.a9p-1, 0x1.a9p-1, 0x1.bddp-1, 0x1.d338p-1, 0x1.d338p-1, 0x1.e944p-1, 0x1.e944p-1, 0x1p+0},
		lo: [32]float64{0, -0x1.9ab4p-17, -0x1.ca2e1ap-17, -0x1.48f554p-17, -0x1.9fd502p-17, 0x1.9eap-17,
			-0x1.fd64ep-17, -0x1.1c8f12p-22, -0x1.134c4ep-20, 0x1.80abfcp-18, -0x1.a39fbep-20, 0x1.dc2d46p-18,
			-0x1.40358ep-19, -0x1.5a32c2p-20, 0x1.60fe68p-17, 0x1.408c78p-18, -0x1.d448f8p-17, -0x1.0e6ce8p-17,
			-0x1.0e6ce8p-17, 0x1.ed0cbap-20, -0x1.eac382p-20, -0x1.6b9026p-19, -0x1.6b9026p-19, -0x1.78b6d4p-17,
			-0x1.a39fbep-19, -0x1.a39fbep-19, -0x1.62336ap-17, 0x1.20a6dep-21, 0x1.20a6dep-21, 0x1.2c8a72p-17,
			0x1.2c8a72p-17, 0},
		l2hi: 1, l2lo: 0,
		ivhi: 0x1.715476p+0, ivlo: 0x1.4ae0cp-26,
		q: []float64{0x1.225fe8p-2, -0x1.717466p-2, 0x1.ec7108p-2, -0x1.715476p-1},
	},
	false: {
		hi: [32]float64{0, 0x1.55ap-6, 0x1.217p-5, 0x1.5e4p-5, 0x1.db1p-5, 0x1.0d98p-4, 0x1.4f78p-4, 0x1.716p-4,
			0x1.93e8p-4, 0x1.db1p-4, 0x1.ffcp-4, 0x1.1298p-3, 0x1.25bcp-3, 0x1.3948p-3, 0x1.4d44p-3, 0x1.61b8p-3,
			0x1.76a4p-3, 0x1.8c14p-3, 0x1.8c14p-3, 0x1.a208p-3, 0x1.b89p-3, 0x1.cfa8p-3, 0x1.cfa8p-3, 0x1.e76p-3,
			0x1.ffcp-3, 0x1.ffcp-3, 0x1.0c68p-2, 0x1.194cp-2, 0x1.194cp-2, 0x1.2692p-2, 0x1.2692p-2, 0x1.3442p-2},
		lo: [32]float64{0, -0x1.0b6fe4p-20, -0x1.f928dcp-19, -0x1.a65206p-19, 0x1.ed766ap-21, -0x1.9339bp-20,
			0x1.56cddep-19, -0x1.798e4cp-19, -0x1.0f81ep-23, 0x1.ed766ap-20, -0x1.ea21c4p-23, 0x1.a4fb3ep-19,
			-0x1.7dea5p-19, -0x1.fe10d6p-20, -0x1.f6296ep-25, -0x1.6c667cp-19, 0x1.72edfap-21, -0x1.7912d6p-20,
			-0x1.7912d6p-20, 0x1.a84fbcp-19, -0x1.983068p-19, 0x1.cecb98p-20, 0x1.cecb98p-20, 0x1.24046cp-19,
			-0x1.ea21c4p-22, -0x1.ea21c4p-22, -0x1.dc52a8p-19, -0x1.884212p-19, -0x1.884212p-19, -0x1.33d61p-22,
			-0x1.33d61p-22, -0x1.95ec1p-19},
		l2hi: 0x1.3442p-2, l2lo: -0x1.95ec1p-19,
		ivhi: 0x1.bcb7b2p-2, ivlo: -0x1.5b235ep-27,
		q: []float64{0x1.5da55ap-4, -0x1.bcde26p-4, 0x1.287ab6p-3, -0x1.bcb7bp-3},
	},
}

// logTableReduce is x = 2^e·c·(1+r) for a positive float32 x, with r
// exact and log_b c = hi + lo from the table (base 2 or 10): 8 operations,
// 3 of them table lookups. The float32 pow (powTable) uses it too.
func logTableReduce(f *fn, x val, base2 bool) (e, r, hi, lo val) {
	t := logTable[base2]
	e, m := f.getexp(x), f.getmant(x)
	idx := f.shr(m, 18) // the fraction's top five bits in the low five
	inv := make([]float64, 32)
	for i, n := range logInv64 {
		inv[i] = n / 64
	}
	r = f.fms(m, f.lookup(idx, inv), f.c(1)) // exact
	return e, r, f.lookup(idx, t.hi[:]), f.lookup(idx, t.lo[:])
}

// logTableBody is the float32 log2 (base2) or log10 described above:
// 21 operations a vector (log10 22), 3 of them table lookups.
func logTableBody(f *fn, base2 bool) val {
	t := logTable[base2]
	x := f.in()
	e, r, hi, lo := logTableReduce(f, x, base2)
	var T val // e·log_b 2 + hi, exact
	if base2 {
		T = f.add(e, hi)
	} else {
		T = f.fma(e, f.c(t.l2hi), hi)
		lo = f.fma(e, f.c(t.l2lo), lo) // 0 for e = -1 and c = 2
	}
	s := f.fma(r, f.c(t.ivhi), T)            // T + r/ln b, rounded
	se := f.fma(r, f.c(t.ivhi), f.sub(T, s)) // its rounding error (T - s exact)
	r2 := f.mul(r, r)
	q := f.fma(r2, f.fma(r, f.c(t.q[0]), f.c(t.q[1])), f.fma(r, f.c(t.q[2]), f.c(t.q[3])))
	low := f.fma(r2, q, f.fma(r, f.c(t.ivlo), lo))
	return logSpecials(f, f.reload(x), f.add(s, f.add(se, low)))
}
