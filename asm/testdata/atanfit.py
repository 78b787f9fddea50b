#!/usr/bin/python3
"""Tables and polynomials of the arc tangent (atanBody in
asm/_gen/math_trig.go), float64 and float32.

|x| is cut into intervals by the bits of max(min(|x|, H), L) shifted right
(float64: by 51, the exponent and the fraction's top bit, two intervals an
octave, H = 12, L = 1/16, 16 entries; float32: by 21, the fraction's top
two bits, four an octave, H = 8, L = 7/128, 32 entries), whose low bits
pick the entry j with its point c, and t = (|x| - c)/(1 + c|x|),
atan|x| = atan c + atan t:

    below F (float64 3/32, float32 1/16):  c = 0, t = |x|
    the intervals from F to H:             (|x| - c exact)
    from H on:   c near H + sqrt(H^2 + 1), where |t| is the same at both
                 ends, (c - H)/(1 + Hc) = 1/c

(float32's entries 9 and 10 are not used.) In each interval from F to H, c
starts as the multiple of its width/64 that makes max |t|/ulp(atan|x|)
smallest (over 513 points of the interval): t's rounding errors (the
division and 1 + c|x|) count in ulps of the result by that ratio. Then c
moves to the nearest float (in steps of 2^-40 relative, float32 one ulp)
whose atan lies within 2^-12 ulp of a float, hi (Gal's accurate tables):
the kernel needs no lo part. atan t = t + t^3 P(t^2), P of degree 5
(float32 1), a Chebyshev interpolant (mpmath.chebyfit, near-minimax) of
(atan t - t)/t^3 over t^2 in [0, T^2], T the largest |t| widened by 1%,
coefficients rounded to the element type, highest degree first. Prints
each interval's c, largest |t| and atan c - hi, the tables c and hi by
entry j as Go hex floats, P, and the relative error of t + t^3 P(t^2)
against atan t over 2001 points of [0, T].
Run with the system python: /usr/bin/python3 atanfit.py (about 2 s).
"""
import math
import struct

import mpmath as mp

from logfit import hexf

mp.mp.prec = 200
GAL = 2.0**-12  # atan c within this many ulps of hi


class F64:
    name, mant, shift, n, lo, hi, first, deg, step = "float64", 52, 51, 16, 1 / 16, 12, 3 / 32, 5, 40

    @staticmethod
    def bits(v):
        return struct.unpack("<Q", struct.pack("<d", v))[0]

    @staticmethod
    def frombits(b):
        return struct.unpack("<d", struct.pack("<Q", b))[0]

    @staticmethod
    def rnd(v):
        return float(v)


class F32:
    name, mant, shift, n, lo, hi, first, deg, step = "float32", 23, 21, 32, 1.75 / 32, 8, 1 / 16, 1, 24

    @staticmethod
    def bits(v):
        return struct.unpack("<I", struct.pack("<f", v))[0]

    @staticmethod
    def frombits(b):
        return struct.unpack("<f", struct.pack("<I", b))[0]

    @staticmethod
    def rnd(v):
        return struct.unpack("<f", struct.pack("<f", float(v)))[0]


def entry(T, v):  # the table entry v picks
    return (T.bits(v) >> T.shift) % T.n


def after(T, a):  # the next interval's start
    return T.frombits(((T.bits(a) >> T.shift) + 1) << T.shift)


def ulp(T, y):
    return 2.0 ** (math.frexp(y)[1] - 1 - T.mant)


def reduced(x, c):
    return (x - c) / (1 + c * x)


def choose(T, a, b):  # c for the interval [a, b) and its largest |t|
    xs = [a + (b - a) * i / 512 for i in range(513)]
    best = None
    for i in range(65):
        c = T.rnd(a + (b - a) * i / 64)
        worst = max(abs(reduced(x, c)) / ulp(T, math.atan(x)) for x in xs)
        if best is None or worst < best[0]:
            best = (worst, c)
    c = best[1]
    return c, max(abs(reduced(x, c)) for x in xs)


def accurate(T, c):  # the float next to c whose atan is nearest a float
    e = math.frexp(c)[1]
    for k in range(1 << 20):
        for v in (c + k * 2.0 ** (e - T.step), c - k * 2.0 ** (e - T.step)):
            v = T.rnd(v)
            h = mp.atan(mp.mpf(v))
            d = abs(h - mp.mpf(T.rnd(h))) / ulp(T, T.rnd(h))
            if d < GAL:
                return v, T.rnd(h), d


def table(T):
    c, hi = [0.0] * T.n, [0.0] * T.n
    c[entry(T, T.lo)], hi[entry(T, T.lo)] = 0, 0
    # From T.hi on: c near T.hi + sqrt(T.hi^2 + 1), where |t| is the same
    # at both ends, (c - T.hi)/(1 + T.hi c) = 1/c.
    j = entry(T, T.hi)
    c[j], hi[j], d = accurate(T, T.hi + math.sqrt(T.hi**2 + 1))
    tmax = max(abs(reduced(T.hi, c[j])), 1 / c[j])
    print("%s [%g, inf): entry %d, c = %s, largest |t| %.4f, atan c - hi %.2g ulp" % (T.name, T.hi, j, hexf(c[j]), tmax, d))
    tm = max(T.first, tmax)
    a = T.first
    while a < T.hi:
        b = after(T, a)
        v, tmax = choose(T, a, b)
        j = entry(T, a)
        c[j], hi[j], d = accurate(T, v)
        tm = max(tm, tmax)
        print("%s [%g, %g): entry %d, c = %s, largest |t| %.4f, atan c - hi %.2g ulp" % (T.name, a, b, j, hexf(c[j]), tmax, d))
        a = b
    print(T.name, "c: ", ", ".join(hexf(v) for v in c))
    print(T.name, "hi:", ", ".join(hexf(v) for v in hi))

    def P(z):
        if z == 0:
            return -mp.mpf(1) / 3
        t = mp.sqrt(z)
        return (mp.atan(t) - t) / t**3

    Z = (mp.mpf(tm) * mp.mpf(1.01)) ** 2
    p = [T.rnd(v) for v in mp.chebyfit(P, [0, Z], T.deg + 1)]
    worst = 0
    for i in range(1, 2002):
        t = mp.mpf(tm) * i / 2001
        y = t + t**3 * mp.polyval([mp.mpf(v) for v in p], t * t)
        worst = max(worst, abs(y / mp.atan(t) - 1))
    print(T.name, "largest |t| %.4f; P:" % tm, ", ".join(hexf(v) for v in p))
    print(T.name, "relative error of t + t^3 P(t^2): 2^%s" % mp.nstr(mp.log(worst, 2), 4))


def main():
    table(F64)
    table(F32)


if __name__ == "__main__":
    main()
