#!/usr/bin/python3
"""Fits the polynomials of the exp and exp2 kernels (asm/_gen/math.go).

exp:  e^r = 1 + r + r^2 g(r) on [-ln2/2, ln2/2], g of degree 10 (float64)
      or 5 (float32); prints g's coefficients, highest degree first.
exp2: 2^r = 1 + r q(r) on [-1/2, 1/2], q of degree 11 (float64) or 5.
The fits are Chebyshev interpolants (mpmath.chebyfit, near-minimax) over
the interval widened by 1%; the script also prints the largest relative
error of each fit, with its coefficients rounded to the element type, in
units of 2^-53 or 2^-24. The log kernels use fdlibm's published
coefficients instead. Run with the system python: /usr/bin/python3 mathfit.py
"""
import struct

import mpmath as mp

mp.mp.prec = 200


def f32(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def g_exp(r):  # (e^r - 1 - r) / r^2
    return mp.fsum(r**k / mp.factorial(k + 2) for k in range(60))


L2 = mp.log(2)


def q_exp2(r):  # (2^r - 1) / r
    return mp.fsum((r * L2) ** k / mp.factorial(k + 1) for k in range(60)) * L2


def report(name, coefs, approx, exact, lo, hi, ulp):
    worst = 0
    for i in range(2001):
        r = lo + (hi - lo) * mp.mpf(i) / 2000
        worst = max(worst, abs(approx(coefs, r) - exact(r)) / exact(r))
    print(name, "largest relative error %s ulp" % mp.nstr(worst / ulp, 3))
    print("  ", coefs)


def main():
    h = L2 / 2
    for deg, ulp, rnd, typ in [(10, 2**-53, float, "float64"), (5, 2**-24, f32, "float32")]:
        c = [rnd(v) for v in mp.chebyfit(g_exp, [-h * 1.01, h * 1.01], deg + 1)]
        report("exp " + typ, c, lambda c, r: 1 + r + r * r * mp.polyval([mp.mpf(v) for v in c], r), mp.exp, -h, h, ulp)
    for deg, ulp, rnd, typ in [(11, 2**-53, float, "float64"), (5, 2**-24, f32, "float32")]:
        c = [rnd(v) for v in mp.chebyfit(q_exp2, [-0.505, 0.505], deg + 1)]
        report("exp2 " + typ, c, lambda c, r: 1 + r * mp.polyval([mp.mpf(v) for v in c], r),
               lambda r: mp.power(2, r), mp.mpf(-0.5), mp.mpf(0.5), ulp)


if __name__ == "__main__":
    main()
