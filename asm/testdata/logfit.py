#!/usr/bin/python3
"""Tables and polynomials of the float32 log2 and log10 kernels
(asm/_gen/math_log.go).

x = 2^e m with m in [1, 2); the top five bits of m's fraction pick one of
32 intervals [1 + i/32, 1 + (i+1)/32), and its entry c: 1/c is a multiple
of 1/64 (so that r = m/c - 1, |r| < 2^-5, is exact in float32: m has 24
bits, 1/c at most 7, r's bits lie between 2^-6 and 2^-29), chosen to make
|r| smallest, except c = 1 for the first interval and c = 2 for the last
(so that e = -1 and c = 2 cancel exactly for x just below 1). log_b c is
split into hi, a multiple of 2^-15 (log2) or 2^-17 (log10) so that
e log_b 2 + hi is exact, and lo = log_b c - hi rounded to float32.
log_b(1 + r) = r/ln b + r^2 Q(r), Q of degree 3, a Chebyshev interpolant
(mpmath.chebyfit, near-minimax) of (log_b(1+r) - r/ln b)/r^2 over the
range of r widened by 1%, coefficients rounded to float32, highest degree
first. Prints the tables (1/c as 64ths, hi and lo as float32 hex floats),
Q and the largest relative error of r/ln b + r^2 Q(r) over the range.
Run with the system python: /usr/bin/python3 logfit.py
"""
import struct

import mpmath as mp

mp.mp.prec = 200
N = 32


def f32(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def hexf(x):  # shortest hex form, as Go reads it
    if x == 0:
        return "0"
    m, e = float(x).hex().split("p")
    return m.rstrip("0").rstrip(".") + "p" + e


def table():
    n64, rlo, rhi = [], mp.mpf(0), mp.mpf(0)
    for i in range(N):
        a = 1 + mp.mpf(i) / N
        b = a + mp.mpf(1) / N
        if i == 0:
            n = 64
        elif i == N - 1:
            n = 32
        else:
            n = min(range(32, 65), key=lambda n: max(abs(a * n / 64 - 1), abs(b * n / 64 - 1)))
        n64.append(n)
        rlo, rhi = min(rlo, a * n / 64 - 1), max(rhi, b * n / 64 - 1)
    return n64, rlo, rhi


def main():
    n64, rlo, rhi = table()
    print("1/c in 64ths:", n64)
    print("r in [%s, %s)" % (mp.nstr(rlo, 6), mp.nstr(rhi, 6)))
    for base, q in [(2, 15), (10, 17)]:
        L = mp.log(base)
        hi, lo = [], []
        for n in n64:
            v = -mp.log(mp.mpf(n) / 64) / L
            h = mp.nint(v * 2**q) / 2**q
            hi.append(h)
            lo.append(f32(v - h))
        print("log%d hi:" % base, ", ".join(hexf(h) for h in hi))
        print("log%d lo:" % base, ", ".join(hexf(v) for v in lo))
        iv = 1 / L
        print("1/ln%d hi, lo:" % base, hexf(f32(iv)), hexf(f32(iv - mp.mpf(f32(iv)))))
        if base == 10:
            l2 = mp.log(2) / L
            h = mp.nint(l2 * 2**q) / 2**q
            print("log10(2) hi, lo:", hexf(h), hexf(f32(l2 - h)))

        def g(r):
            if r == 0:
                return -1 / (2 * L)
            return (mp.log1p(r) - r) / L / r**2

        w = (rhi - rlo) / 200
        c = [f32(v) for v in mp.chebyfit(g, [rlo - w, rhi + w], 4)]
        worst = 0
        for j in range(4001):
            r = rlo + (rhi - rlo) * j / 4000
            if r != 0:
                ex = mp.log1p(r) / L
                worst = max(worst, abs(r / L + r * r * mp.polyval([mp.mpf(v) for v in c], r) - ex) / abs(ex))
        print("Q log%d:" % base, ", ".join(hexf(v) for v in c), " relative error 2^%s" % mp.nstr(mp.log(worst, 2), 4))


if __name__ == "__main__":
    main()
