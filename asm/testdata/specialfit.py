#!/usr/bin/python3
"""Fits the polynomial of the sinh kernels (asm/_gen/math_special.go).

sinh: sinh x = x + x^3 P(x^2) for |x| < 1, P of degree 6 (float64) or 3
      (float32) in w = x^2 on [0, 1].
(pow's constants are in powfit.py, float32, and pow64fit.py, float64.)
Chebyshev interpolants (mpmath.chebyfit, near-minimax) over the interval
widened by 1%, highest degree first, with the largest relative error of
each fit (coefficients rounded to the element type) as a power of two.
erf uses fdlibm's published coefficients. Run with the system python:
/usr/bin/python3 specialfit.py
"""
import struct

import mpmath as mp

mp.mp.prec = 200


def f32(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def p_sinh(w):  # (sinh x - x) / x^3
    if w == 0:
        return mp.mpf(1) / 6
    x = mp.sqrt(w)
    return (mp.sinh(x) - x) / x**3


def fit(name, fn, hi, deg, rnd):
    c = [rnd(v) for v in mp.chebyfit(fn, [0, hi * mp.mpf(1.01)], deg + 1)]
    worst = 0
    for i in range(1, 2001):
        w = hi * mp.mpf(i) / 2000
        worst = max(worst, abs(mp.polyval([mp.mpf(v) for v in c], w) - fn(w)) / abs(fn(w)))
    print("%s: largest relative error 2^%s" % (name, mp.nstr(mp.log(worst, 2), 4)))
    print("  ", [repr(v) for v in c])


def main():
    fit("sinh P float64", p_sinh, 1, 6, float)
    fit("sinh P float32", p_sinh, 1, 3, f32)


if __name__ == "__main__":
    main()
