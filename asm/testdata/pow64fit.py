#!/usr/bin/python3
"""Tables and polynomials of the float64 pow kernel (powBody in asm/_gen/math_pow.go).

log|x| (the structure of glibc's pow, our own tables): x = 2^k z with z in
[OFF, 2 OFF), OFF = 0x3fe6955500000000 (about 0.7058, glibc's offset);
i = (bits(z) - bits(OFF)) >> 45 picks one of N = 128 intervals (uniform in
z's bits). 1/c_i (invc) is a multiple of 2^-8 (2^-9 below 1) chosen so that
|r| < 2^-8 over the interval, r = z invc - 1: z is a multiple of 2^-53 and
invc of 2^-8 (or z of 2^-52 and invc of 2^-9), so r is a multiple of 2^-61
with at most 53 bits, exact in one fused multiply-add. The interval that
holds 1 takes invc = 1 (r = z - 1, exact). log c = -log invc = hi + lo with
hi a multiple of 2^-42, so that k ln2hi + hi is exact (ln2hi has 11 trailing
zero bits, |k| <= 1075). Then

    log z = log c + log(1 + r),  log(1 + r) = r - r^2/2 + r^3 A(r)

A a Chebyshev interpolant (mpmath.chebyfit, near-minimax) of
(log(1+r) - r + r^2/2)/r^3 over r's range widened by 1%, highest first.

e^t for t = th + tl: k = round(t N/ln 2), s = th - k ln2/N (ln2/N in two
parts) + tl, |s| <= ln2/256 and a little; e^t = 2^floor(k/N) (Th + Tl)(1 +
P(s)), Th + Tl = 2^((k mod N)/N) (Th the nearest double, Tl the nearest
double to the rest), 1 + P(s) = 1 + s + s^2 (1/2 + s (1/6 + s (1/24 +
s/120))), Taylor's coefficients.

Prints the tables and polynomials as Go reads them and the largest relative
errors of the two approximations (4001 points each).
Run with the system python: /usr/bin/python3 pow64fit.py
"""
import struct

import mpmath as mp

mp.mp.prec = 200
N = 16
OFF = 0x3fe6955500000000


def f2b(x):
    return struct.unpack('<Q', struct.pack('<d', float(x)))[0]


def b2f(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def hexd(x):
    x = float(x)
    if x == 0:
        return '0'
    m, e = x.hex().split('p')
    m = m.rstrip('0').rstrip('.')
    return m + 'p' + e


def rnd(x, q):
    """x rounded to a multiple of q."""
    return mp.nint(x / q) * q


def split(lc):
    """lc as hi + lo, hi a multiple of 2^-42."""
    h = rnd(lc, mp.mpf(2) ** -42)
    return float(h), float(lc - h)


# Level 1: 16 intervals of z, 1/c1 a multiple of 2^-4 (2^-5 below 1).
invc, hi1, lo1 = [], [], []
r1min, r1max = mp.mpf(0), mp.mpf(0)
one = (f2b(1.0) - OFF) >> 48
for i in range(16):
    z0 = mp.mpf(b2f(OFF + (i << 48)))
    z1 = mp.mpf(b2f(OFF + ((i + 1) << 48)))  # excluded
    if i == one:
        ic = mp.mpf(1)
    else:
        q = mp.mpf(2) ** -4 if z0 < 1 else mp.mpf(2) ** -5
        ic = min((rnd(2 / (z0 + z1), q) + j * q for j in (-1, 0, 1)),
                 key=lambda c: max(abs(z0 * c - 1), abs(z1 * c - 1)))
    lo_, hi_ = z0 * ic - 1, z1 * ic - 1
    assert max(abs(lo_), abs(hi_)) < mp.mpf(2) ** -4, i
    r1min, r1max = min(r1min, lo_), max(r1max, hi_)
    invc.append(float(ic))
    h, l = split(-mp.log(ic))
    hi1.append(h)
    lo1.append(l)
# Level 2: j = round(128 r1) in [-8, 7], 1/c2 = 1 + u2 with u2 the multiple
# of 2^-20 nearest 1/(1 + j/128) - 1; entry j mod 16.
assert -8.5 < r1min * 128 and r1max * 128 < 7.5, (r1min, r1max)
u2, hi2, lo2 = [0.0] * 16, [0.0] * 16, [0.0] * 16
rmax = mp.mpf(0)
for j in range(-8, 8):
    u = rnd(1 / (1 + mp.mpf(j) / 128) - 1, mp.mpf(2) ** -20)
    u2[j % 16] = float(u)
    h, l = split(-mp.log1p(u))
    hi2[j % 16], lo2[j % 16] = h, l
    a, b = max(r1min, (j - mp.mpf(0.5)) / 128), min(r1max, (j + mp.mpf(0.5)) / 128)
    if a <= b:
        rmax = max(rmax, abs((1 + a) * (1 + u) - 1), abs((1 + b) * (1 + u) - 1))


def logq(r):
    if r == 0:
        return mp.mpf(1) / 3
    return (mp.log1p(r) - r + r * r / 2) / r ** 3


A, _ = mp.chebyfit(logq, [-rmax * 1.01, rmax * 1.01], 6, error=True)
A = [float(a) for a in A]


def rel_log_err():
    worst = 0
    for j in range(4001):
        r = -rmax + 2 * rmax * j / 4000
        r = mp.mpf(float(r))
        if r == 0:
            continue
        p = mp.mpf(0)
        for a in A:
            p = p * r + a
        approx = r - r * r / 2 + r ** 3 * p
        worst = max(worst, abs(approx / mp.log1p(r) - 1))
    return worst


P = [1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5]
smax = mp.log(2) / (2 * N) * 1.01


def rel_exp_err():
    worst = 0
    for j in range(4001):
        s = -smax + 2 * smax * j / 4000
        p = mp.mpf(0)
        for c in P:
            p = p * s + c
        approx = 1 + s + s * s * p
        worst = max(worst, abs(approx / mp.exp(s) - 1))
    return worst


th = [float(mp.mpf(2) ** (mp.mpf(i) / N)) for i in range(N)]
tl = [float(mp.mpf(2) ** (mp.mpf(i) / N) - th[i]) for i in range(N)]
ln2N = mp.log(2) / N
ln2Nhi = float(rnd(ln2N, mp.mpf(2) ** -50))
ln2Nlo = float(ln2N - ln2Nhi)


def golist(name, xs):
    print('%s = [%d]float64{%s}' % (name, len(xs), ', '.join(hexd(x) for x in xs)))


print('// r1 in [%s, %s], |r| <= %s (2^%.2f), the interval of 1: %d' % (
    mp.nstr(r1min, 5), mp.nstr(r1max, 5), mp.nstr(rmax, 5), float(mp.log(rmax, 2)), one))
golist('powInvC', invc)
golist('powLogC1Hi', hi1)
golist('powLogC1Lo', lo1)
golist('powU2', u2)
golist('powLogC2Hi', hi2)
golist('powLogC2Lo', lo2)
print('A:', ', '.join(hexd(a) for a in A))
print('// log(1+r) relative error 2^%.1f' % float(mp.log(rel_log_err(), 2)))
golist('powExpHi', th)
golist('powExpLo', tl)
print('ln2/N:', hexd(ln2Nhi), hexd(ln2Nlo), 'N/ln2:', hexd(N / mp.log(2)))
print('// e^s relative error 2^%.1f' % float(mp.log(rel_exp_err(), 2)))
