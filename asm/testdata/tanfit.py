#!/usr/bin/python3
"""Fits the float64 tangent's rational function (asm/_gen/math_trig.go,
trigBody for tan): tan r = N/D on |r| <= pi/4 with

    N = r + r z S(z),  D = 1 - z/2 + z^2 C(z),  z = r^2,

the shapes of sin r and cos r, so that the kernel keeps their double-length
wrappers (1 - z/2 exact by fused multiply-adds, lo folded in), but only the
quotient is fitted: S of degree 2, C of degree 3, 7 coefficients where the
sine's and cosine's polynomials have 12. S's constant term is fixed at the
float64 nearest -1/6 and the other six are fitted by weighted linear least
squares on Chebyshev points in z (the residual N - tan(r) D weighted by
1/(tan(r) D) from the previous step, Loeb's iteration, with Lawson's
weights towards minimax). The relative error of N/D against tan r is
measured with the coefficients rounded to float64 on 5000 points of
[0, pi/4]: 2^-61.3 (2^-59.1 when S's constant term is fitted too and then
rounded). Highest degree first, as the generator's horner takes them.
Run with the system python: /usr/bin/python3 tanfit.py (about a minute).
"""
import mpmath as mp

mp.mp.dps = 40
M, N = 3, 4  # coefficients of S and C
ZMAX = (mp.pi / 4) ** 2
S0 = mp.mpf(float(-mp.mpf(1) / 6))


def nd(S, C, r):
    z = r * r
    num = r * (1 + z * sum(S[i] * z ** i for i in range(len(S))))
    den = 1 - z / 2 + z * z * sum(C[j] * z ** j for j in range(len(C)))
    return num, den


def fit(points=300, iters=40):
    zs = [ZMAX * (1 - mp.cos(mp.pi * (i + 0.5) / points)) / 2 for i in range(points)]
    # S(z) - u z C(z) = (u (1 - z/2) - 1)/z with u = tan(r)/r; S0 moved right.
    rows, rhs, us = [], [], []
    for z in zs:
        r = mp.sqrt(z)
        u = mp.tan(r) / r
        rows.append([z ** (i + 1) for i in range(M - 1)] + [-u * z ** (j + 1) for j in range(N)])
        rhs.append((u * (1 - z / 2) - 1) / z - S0)
        us.append(u)
    lawson = [mp.mpf(1)] * points
    coef = None
    for _ in range(iters):
        w = []
        for z, u in zip(zs, us):
            den = 1 - z / 2
            if coef is not None:
                den += z * z * sum(coef[M - 1 + j] * z ** j for j in range(N))
            w.append(z / (u * den) * mp.sqrt(lawson[len(w)]))
        A = mp.matrix([[v * wk for v in row] for row, wk in zip(rows, w)])
        b = mp.matrix([v * wk for v, wk in zip(rhs, w)])
        x = mp.qr_solve(A, b)[0]
        coef = [x[i] for i in range(M - 1 + N)]
        S, C = [S0] + coef[:M - 1], coef[M - 1:]
        errs = []
        for z in zs:
            num, den = nd(S, C, mp.sqrt(z))
            errs.append(abs(num / den / mp.tan(mp.sqrt(z)) - 1))
        total = sum(l * e for l, e in zip(lawson, errs))
        lawson = [l * e / total for l, e in zip(lawson, errs)]
    return [S0] + coef[:M - 1], coef[M - 1:]


def measure(S, C, points=5000):
    S = [mp.mpf(float(v)) for v in S]
    C = [mp.mpf(float(v)) for v in C]
    worst = 0
    for i in range(1, points + 1):
        r = mp.pi / 4 * i / points
        num, den = nd(S, C, r)
        worst = max(worst, abs(num / den / mp.tan(r) - 1))
    return worst


S, C = fit()
print("S", [repr(float(v)) for v in reversed(S)])
print("C", [repr(float(v)) for v in reversed(C)])
print("relative error 2^%.2f" % float(mp.log(measure(S, C), 2)))
