#!/usr/bin/python3
"""Table and polynomial of the float64 arc tangent (atan64Body in
asm/_gen/math_trig.go).

|x| is cut into 16 intervals by the bits of max(min(|x|, 12), 1/16)
shifted right by 51 (the exponent and the fraction's top bit: two
intervals an octave), whose low four bits pick the entry j with its point
c, and t = (|x| - c)/(1 + c|x|), atan|x| = atan c + atan t:

    below 3/32:   c = 0, t = |x|                       (|t| < 3/32)
    14 intervals of half an octave from 3/32 to 12:    (|x| - c exact)
    from 12 on:   c near 12 + sqrt(145) = 24.04, where |t| is the same at
                  both ends, (c - 12)/(1 + 12c) = 1/c

In each interval of half an octave c starts as the multiple of its
width/64 that makes max |t|/ulp(atan|x|) smallest (over 513 points of the
interval): t's rounding errors (the division and 1 + c|x|) count in ulps
of the result by that ratio. Then c moves to the nearest float64 (in steps
of 2^-40 relative) whose atan lies within 2^-12 ulp of a float64, hi
(Gal's accurate tables): the kernel needs no lo part. atan t = t +
t^3 P(t^2), P of degree 5, a Chebyshev interpolant (mpmath.chebyfit,
near-minimax) of (atan t - t)/t^3 over t^2 in [0, T^2], T the largest |t|
widened by 1%, coefficients rounded to float64, highest degree first.
Prints each interval's c, largest |t| and atan c - hi, the tables c and hi
by entry j as Go hex floats, P, and the relative error of t + t^3 P(t^2)
against atan t over 2001 points of [0, T].
Run with the system python: /usr/bin/python3 atanfit.py (about a second).
"""
import math
import struct

import mpmath as mp

mp.mp.prec = 200
GAL = 2.0**-12  # atan c within this many ulps of hi


def hexf(x):  # shortest hex form, as Go reads it
    if x == 0:
        return "0"
    m, e = float(x).hex().split("p")
    return m.rstrip("0").rstrip(".") + "p" + e


def entry(v):  # the table entry v picks: bits 51.. of the float64, mod 16
    return (struct.unpack("<Q", struct.pack("<d", v))[0] >> 51) & 15


def ulp(y):
    return 2.0 ** (math.frexp(y)[1] - 53)


def reduced(x, c):
    return (x - c) / (1 + c * x)


def choose(a, b):  # c for the interval [a, b) and its largest |t|
    xs = [a + (b - a) * i / 512 for i in range(513)]
    best = None
    for i in range(65):
        c = a + (b - a) * i / 64
        worst = max(abs(reduced(x, c)) / ulp(math.atan(x)) * 2.0**-52 for x in xs)
        if best is None or worst < best[0]:
            best = (worst, c)
    c = best[1]
    return c, max(abs(reduced(x, c)) for x in xs)


def accurate(c):  # the float64 next to c whose atan is nearest a float64
    e = math.frexp(c)[1]
    for k in range(1 << 20):
        for v in (c + k * 2.0 ** (e - 40), c - k * 2.0 ** (e - 40)):
            h = mp.atan(mp.mpf(v))
            d = abs(h - mp.mpf(float(h))) / ulp(float(h))
            if d < GAL:
                return v, float(h), d


def main():
    c, hi = [None] * 16, [None] * 16
    c[entry(1 / 16)], hi[entry(1 / 16)] = 0, 0
    # From 12 on: c near 24, where |t| is largest at both ends (12 and
    # infinity): (c - 12)/(1 + 12c) = 1/c.
    j = entry(12)
    c[j], hi[j], d = accurate(12 + math.sqrt(145))
    tmax = max(abs(reduced(12, c[j])), 1 / c[j])
    print("[12, inf): entry %d, c = %s, largest |t| %.4f, atan c - hi %.2g ulp" % (j, hexf(c[j]), tmax, d))
    T = max(3 / 32, tmax)
    a = 3 / 32
    while a < 12:
        b = a * 4 / 3 if entry(a) & 1 else a * 3 / 2  # to the next half octave
        v, tmax = choose(a, b)
        j = entry(a)
        c[j], hi[j], d = accurate(v)
        T = max(T, tmax)
        print("[%g, %g): entry %d, c = %s, largest |t| %.4f, atan c - hi %.2g ulp" % (a, b, j, hexf(c[j]), tmax, d))
        a = b
    print("c: ", ", ".join(hexf(v) for v in c))
    print("hi:", ", ".join(hexf(v) for v in hi))

    def P(z):
        if z == 0:
            return -mp.mpf(1) / 3
        t = mp.sqrt(z)
        return (mp.atan(t) - t) / t**3

    Z = (mp.mpf(T) * mp.mpf(1.01)) ** 2
    p = [float(v) for v in mp.chebyfit(P, [0, Z], 6)]
    worst = 0
    for i in range(1, 2002):
        t = mp.mpf(T) * i / 2001
        y = t + t**3 * mp.polyval([mp.mpf(v) for v in p], t * t)
        worst = max(worst, abs(y / mp.atan(t) - 1))
    print("largest |t| %.4f; P:" % T, ", ".join(hexf(v) for v in p))
    print("relative error of t + t^3 P(t^2): 2^%s" % mp.nstr(mp.log(worst, 2), 4))


if __name__ == "__main__":
    main()
