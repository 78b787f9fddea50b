#!/usr/bin/python3
"""Tables of the float32 tanh kernel (asm/_gen/math_exp2.go, tanhTable).

|x| is cut into 32 intervals by the bits of max(|x|, 1/16) shifted right
by 21 (the exponent and the top two fraction bits: quarter binades from
1/16 to 16, the low five bits of the shifted pattern the table index).
Interval 0 is [0, 5/64) (every |x| below 1/16 joins the first quarter
binade); |x| is clamped to CLAMP first, where tanh rounds to 1, so the
intervals above [8, 10) are never reached (their entries are 0).

On interval i, with r = |x| - b (exact: b lies within the interval, whose
ends are within a factor of 2 of each other, Sterbenz),

    tanh|x| = h + r*p(r),  h = max(r, c0),  p(r) = c1 + c2 r + ... + cD r^(D-1)

For i > 0, h = c0 (r <= c0 on every interval), and b is a float32 near
the interval's middle where tanh(b) is within 2^-12 ulp of a float32 c0
(Gal's accurate tables: c0 carries almost no rounding error of its own;
near 1, where tanh is too flat for such a b, up to 0.22 ulp), so the
result is c0 + r*p(r) rounded once by a fused multiply-add, with the
rounding of p scaled by |r*p|/tanh|x| <= 1/8. Interval 0 has b = c0 = 0,
so h = r exactly and p = tanh(r)/r - 1 (about -r^2/3): tanh x = x +
x*p(x) with one rounding, x itself for tiny x (p = 1 + ... rounded on its
own would cost up to half an ulp more).

p is fitted by least squares on Chebyshev nodes in the relative error of
tanh (near-minimax), then its coefficients are rounded to float32 one at
a time from c1 up, refitting the rest each time. Prints, per interval,
the largest error of the float32 evaluation against float64 tanh on 2^14
points, in ulps, then the tables b, c0, c1 .. cD as Go arrays. Run with
the system python (mpmath and numpy): /usr/bin/python3 tanhfit.py
"""
import struct

import mpmath as mp
import numpy as np

from logfit import f32, hexf

mp.mp.prec = 80
D = 5  # p has D coefficients: tanh|x| is a polynomial of degree D in r
CLAMP = 9.5  # tanh rounds to 1 in float32 from 9.0109
N = 32


def bits(x):
    return struct.unpack("I", struct.pack("f", x))[0]


def frombits(u):
    return struct.unpack("f", struct.pack("I", u))[0]


def interval(i):
    """The index-i interval [lo, hi] of |x| (hi clamped), or None."""
    base = bits(1 / 16) >> 21
    for k in range(N):
        if (base + k) % N == i:
            lo, hi = frombits((base + k) << 21), frombits((base + k + 1) << 21)
            if k == 0:
                lo = 0.0
            if lo >= CLAMP:
                return None
            return lo, min(hi, CLAMP)
    raise ValueError(i)


def gal(lo, hi):
    """A float32 b near (lo+hi)/2 with tanh(b) nearest to a float32."""
    m = f32((lo + hi) / 2)
    best = None
    u = bits(m)
    for d in range(-4096, 4097):
        b = frombits(u + d)
        t = mp.tanh(b)
        c = f32(t)
        ulp = abs(f32(np.nextafter(np.float32(c), np.float32(2))) - c)
        err = abs(t - c) / ulp
        if best is None or err < best[0]:
            best = (err, b, c)
    return best


def fit(b, c0, e, lo, hi):
    """p's coefficients c1..cD, as float32, lowest degree first."""
    n = 400
    t = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    x = np.array([mp.mpf(lo) + (mp.mpf(hi) - lo) * (1 + v) / 2 for v in t])
    r = np.array([xi - b for xi in x])
    y = np.array([mp.tanh(xi) for xi in x])
    # target p(r) = (tanh x - c0 - e r)/r; weight r/tanh x (relative error)
    w = np.array([float(abs(ri) / yi) if ri != 0 else 1.0 for ri, yi in zip(r, y)])
    g = np.array([float((yi - c0 - e * ri) / ri) if ri != 0 else 0.0 for ri, yi in zip(r, y)])
    rf = np.array([float(ri) for ri in r])
    s = max(abs(rf)) or 1.0
    fixed = []
    for j in range(D):
        # fit the remaining coefficients with the fixed ones subtracted
        gg = g - sum(c * rf**k for k, c in enumerate(fixed))
        A = np.array([(rf / s) ** k for k in range(len(fixed), D)]).T
        sol, *_ = np.linalg.lstsq(A * w[:, None], gg * w, rcond=None)
        fixed.append(f32(sol[0] / s ** len(fixed)))
    return fixed


def fma32(a, b, c):
    return np.float32(np.float64(a) * np.float64(b) + np.float64(c))


def evaluate(b, c0, cs, x):
    x = np.float32(x)
    r = np.float32(x - np.float32(b))
    h = max(r, np.float32(c0))
    p = np.float32(cs[-1])
    for c in reversed(cs[:-1]):
        p = fma32(p, r, c)
    return fma32(r, p, h)


def ulps(y, x):
    t = np.tanh(np.float64(x))
    c = np.float32(t)
    up = np.nextafter(c, np.float32(np.inf))
    # ulp of the correctly rounded result (below a power of two, its binade)
    ulp = np.float64(up) - np.float64(c) if c != 1 else 2.0**-24
    if c == 0:
        return 0.0
    return abs(np.float64(y) - t) / ulp


def main():
    B, C0, CS = [], [], [[] for _ in range(D)]
    worst = 0
    for i in range(N):
        iv = interval(i)
        if iv is None:
            for lst in [B, C0] + CS:
                lst.append(0.0)
            continue
        lo, hi = iv
        if lo == 0:
            err, b, c0, e = 0.0, 0.0, 0.0, 1.0
        else:
            err, b, c0 = gal(lo, hi)
            e = 0.0
        cs = fit(b, c0, e, lo, hi)
        assert e == 1 or hi - b <= c0  # h = max(r, c0) is c0
        B.append(b)
        C0.append(c0)
        for k in range(D):
            CS[k].append(cs[k])
        xs = np.float32(np.linspace(lo, hi, 1 << 14))
        m = max(ulps(evaluate(b, c0, cs, x), x) for x in xs)
        worst = max(worst, m)
        print("# %2d [%-9.6g %-9.6g) b %-10.7g c0 off %.1e ulp, largest error %.4f ulp"
              % (i, lo, hi, b, float(err), m))
    print("# largest error %.4f ulp" % worst)
    for name, lst in [("b", B), ("c0", C0)] + [("c%d" % (k + 1), CS[k]) for k in range(D)]:
        rows = [", ".join(hexf(v) for v in lst[j:j + 8]) for j in range(0, N, 8)]
        print("\t%s: [32]float64{\n\t\t%s}," % (name, ",\n\t\t".join(rows)))


if __name__ == "__main__":
    main()
