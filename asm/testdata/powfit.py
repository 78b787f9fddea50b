#!/usr/bin/python3
"""Constants of the float32 pow kernel (powF32 in asm/_gen/math_pow.go).

log2|x| = e + log2 c + log2(1 + r) from the float32 log2's table
(logfit.py: c, hi + lo = log2 c, r = m/c - 1 exact, |r| < 2^-5), with

    log2(1 + r) = r C1 + r^2 C2 + r^3 Q(r),  C1 = 1/ln 2, C2 = -1/(2 ln 2)

C1 and C2 each in two float32 parts (hi, lo), Q a Chebyshev interpolant
(mpmath.chebyfit, near-minimax) of (log2(1+r) - r C1 - r^2 C2)/r^3 over
r's range widened by 1%, coefficients rounded to float32, highest degree
first. Then 2^t for t = k/32 + s, k an integer, |s| <= 1/64:

    2^t = 2^floor(k/32) (Th + Tl)(1 + P(s)),  Th + Tl = 2^((k mod 32)/32)

Th the float32 nearest 2^(i/32) and Tl the float32 nearest the rest, and
P(s) = s (p1 + s (p2 + s p3)) near-minimax for 2^s - 1, float32
coefficients. Prints the tables and polynomials as Go reads them and the
largest relative errors of the two approximations (over 4001 points each),
for Q of degree 2 and 3 and P of degree 3 and 4: the kernel takes Q of
degree 3 (degree 2's 2^-30.5 is short of the 2^-34 that t = y log2|x|
needs up to |t| = 128) and P of degree 3.
Run with the system python: /usr/bin/python3 powfit.py
"""
import mpmath as mp

from logfit import f32, hexf, table

mp.mp.prec = 200


def split(v):
    h = f32(v)
    return h, f32(v - mp.mpf(h))


def main():
    _, rlo, rhi = table()
    L = mp.log(2)
    c1, c2 = 1 / L, -1 / (2 * L)
    print("C1 hi, lo:", ", ".join(hexf(v) for v in split(c1)))
    print("C2 hi, lo:", ", ".join(hexf(v) for v in split(c2)))

    def g(r):
        if r == 0:
            return 1 / (3 * L)
        return (mp.log1p(r) / L - r * c1 - r * r * c2) / r**3

    w = (rhi - rlo) / 200
    for deg in (2, 3):
        q = [f32(v) for v in mp.chebyfit(g, [rlo - w, rhi + w], deg + 1)]
        worst = 0
        for j in range(4001):
            r = rlo + (rhi - rlo) * j / 4000
            if r != 0:
                ex = mp.log1p(r) / L
                ap = r * c1 + r * r * c2 + r**3 * mp.polyval([mp.mpf(v) for v in q], r)
                worst = max(worst, abs(ap - ex) / abs(ex))
        print("Q degree %d:" % deg, ", ".join(hexf(v) for v in q), " relative error 2^%s" % mp.nstr(mp.log(worst, 2), 4))

    th, tl = zip(*(split(mp.mpf(2) ** (mp.mpf(i) / 32)) for i in range(32)))
    print("Th:", ", ".join(hexf(v) for v in th))
    print("Tl:", ", ".join(hexf(v) for v in tl))

    def h(s):
        if s == 0:
            return L
        return mp.expm1(s * L) / s

    a = mp.mpf(1) / 64
    for deg in (3, 4):
        p = [f32(v) for v in mp.chebyfit(h, [-a * 1.01, a * 1.01], deg)]
        worst = 0
        for j in range(4001):
            s = -a + 2 * a * j / 4000
            worst = max(worst, abs(s * mp.polyval([mp.mpf(v) for v in p], s) - mp.expm1(s * L)) / 2**s)
        print("P degree %d:" % deg, ", ".join(hexf(v) for v in p), " relative error 2^%s" % mp.nstr(mp.log(worst, 2), 4))


if __name__ == "__main__":
    main()
