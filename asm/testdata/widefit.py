#!/usr/bin/python3
"""Fits the polynomials of the float32 kernels computed in float64
(asm/_gen/math_wide.go): their results need about 2^-30 relative accuracy
before the one rounding to float32, so the polynomials are short.

exp:  e^r = 1 + r + r^2 g(r) on |r| <= ln2/2, g of degree 5 (float32 expm1
      until 2026-12-06; printed too).
even/odd: e^r = E(r^2) + r O(r^2), E(r^2) = cosh r and O(r^2) = sinh r / r on
      |r| <= ln2/2, for cosh and sinh without a division (e^-r = E - r O; the
      float32 cosh and sinh computed in float64 until 2026-12-05).
tan:  tan r = r N(r^2)/D(r^2) on |r| <= pi/4, N of degree 1 and D of degree 2
      (D(0) = 1; 2 over 2 until 2026-12-06, printed too), the interval
      widened by 0.01% (r is within pi/4 + 2^-50),
      fitted by weighted linear least squares on Chebyshev points (Loeb's
      iteration), not minimax, its error measured the same way.
sinh: sinh x = x + x^3 P(x^2) for |x| < 1/4, P of degree 2 in w = x^2.
(pow's float32 kernel computed in float64 until 2026-12-06, from fits made
here; it runs in float32 lanes now, constants from powfit.py; so does
float32 expm1, constants from expm1fit.py.)
cosh, sinh (asm/_gen/math_exp2.go, not computed wide, fitted here too):
      e^r = 1 + r + w (E(w) + r O(w)), w = r^2, E = (cosh r - 1)/w and
      O = (sinh r - r)/(r w) on |r| <= ln2/2, degree 5 for float64, 2 for float32.
Chebyshev interpolants (mpmath.chebyfit, near-minimax) over the interval
widened by 1%, highest degree first, coefficients rounded to float64, with
the largest relative error of the whole function as a power of two.
Run with the system python: /usr/bin/python3 widefit.py
"""
import mpmath as mp

mp.mp.prec = 200


def g_exp(r):  # (e^r - 1 - r) / r^2
    if r == 0:
        return mp.mpf(1) / 2
    return (mp.exp(r) - 1 - r) / r**2


def p_sinh(w):  # (sinh x - x) / x^3
    if w == 0:
        return mp.mpf(1) / 6
    x = mp.sqrt(w)
    return (mp.sinh(x) - x) / x**3


def ev_exp(w):  # cosh r, r = sqrt(w)
    return mp.cosh(mp.sqrt(w))


def od_exp(w):  # sinh r / r
    if w == 0:
        return mp.mpf(1)
    r = mp.sqrt(w)
    return mp.sinh(r) / r


def tan_r(w):  # tan r / r
    if w == 0:
        return mp.mpf(1)
    r = mp.sqrt(w)
    return mp.tan(r) / r


def ratfit(name, fn, hi, nd, dd, iters=8):
    pts = [hi * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / 200)) / 2 for i in range(200)]
    w = [mp.mpf(1)] * len(pts)
    for _ in range(iters):
        rows, rhs = [], []
        for z, wi in zip(pts, w):
            fz = fn(z)
            s = wi / fz
            rows.append([s * z**j for j in range(nd + 1)] + [-s * fz * z**j for j in range(1, dd + 1)])
            rhs.append(s * fz)
        a, b = mp.matrix(rows), mp.matrix(rhs)
        x = mp.lu_solve(a.T * a, a.T * b)
        n = [x[j] for j in range(nd + 1)]
        d = [mp.mpf(1)] + [x[nd + j] for j in range(1, dd + 1)]
        w = [1 / abs(sum(d[j] * z**j for j in range(dd + 1))) for z in pts]
    n, d = [float(v) for v in n], [float(v) for v in d]
    worst = 0
    for i in range(2001):
        z = hi * mp.mpf(i) / 2000
        q = sum(mp.mpf(n[j]) * z**j for j in range(nd + 1)) / sum(mp.mpf(d[j]) * z**j for j in range(dd + 1))
        worst = max(worst, abs(q - fn(z)) / fn(z))
    print("%s: largest relative error 2^%s" % (name, mp.nstr(mp.log(worst, 2), 4)))
    print("   N (lowest degree first)", [repr(v) for v in n])
    print("   D (lowest degree first)", [repr(v) for v in d])


def e_cosh(w):  # (cosh r - 1) / r^2
    if w == 0:
        return mp.mpf(1) / 2
    return (mp.cosh(mp.sqrt(w)) - 1) / w


def o_sinh(w):  # (sinh r - r) / r^3
    if w == 0:
        return mp.mpf(1) / 6
    r = mp.sqrt(w)
    return (mp.sinh(r) - r) / (r * w)


def fit(name, fn, lo, hi, deg, whole, exact):
    c = [float(v) for v in mp.chebyfit(fn, [lo * mp.mpf(1.01), hi * mp.mpf(1.01)], deg + 1)]
    worst = 0
    for i in range(0, 4001):
        t = lo + (hi - lo) * mp.mpf(i) / 4000
        if t == 0:
            continue
        p = mp.polyval([mp.mpf(v) for v in c], t)
        worst = max(worst, abs(whole(t, p) - exact(t)) / abs(exact(t)))
    print("%s: largest relative error 2^%s" % (name, mp.nstr(mp.log(worst, 2), 4)))
    print("  ", [repr(v) for v in c])


def main():
    h = mp.log(2) / 2
    fit("exp g", g_exp, -h, h, 5, lambda r, p: 1 + r + r * r * p, mp.exp)
    for d in (3, 4):
        fit("cosh r (even part of e^r), degree %d in r^2" % d, ev_exp, 0, h * h, d, lambda w, p: p, ev_exp)
        fit("sinh r / r (odd part), degree %d in r^2" % d, od_exp, 0, h * h, d, lambda w, p: p, od_exp)
    ratfit("tan r / r = N/D, 1 over 2", tan_r, (mp.pi / 4) ** 2 * mp.mpf(1.0001), 1, 2)
    ratfit("tan r / r = N/D, 2 over 2 (until 2026-12-06)", tan_r, (mp.pi / 4) ** 2 * mp.mpf(1.01), 2, 2)
    fit("sinh P", p_sinh, 0, mp.mpf(1) / 16, 2,
        lambda w, p: mp.sqrt(w) + mp.sqrt(w) ** 3 * p, lambda w: mp.sinh(mp.sqrt(w)))
    fit("cosh E (float64)", e_cosh, 0, h * h, 5, lambda w, p: 1 + w * p, lambda w: mp.cosh(mp.sqrt(w)))
    fit("cosh O (float64)", o_sinh, 0, h * h, 5, lambda w, p: mp.sqrt(w) * (1 + w * p), lambda w: mp.sinh(mp.sqrt(w)))
    fit("cosh E (float32)", e_cosh, 0, h * h, 2, lambda w, p: 1 + w * p, lambda w: mp.cosh(mp.sqrt(w)))
    fit("cosh O (float32)", o_sinh, 0, h * h, 2, lambda w, p: mp.sqrt(w) * (1 + w * p), lambda w: mp.sinh(mp.sqrt(w)))


if __name__ == "__main__":
    main()
