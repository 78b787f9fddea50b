#!/usr/bin/python3
"""Constants of the float32 expm1 kernel in float32 lanes (expm1Table in
asm/_gen/math_exp2.go).

x is clamped to [-20, U], U the least float32 whose expm1 rounds to +Inf
(expm1 rounds to -1 below -17.33), and k = round(x C) by a magic number,
C = 32/ln 2 (1 - 2^-12) rounded to float32: a little short of 32/ln 2, so
that k <= 4095 up to U (2^(k/32) stays below 2^128) while |r| stays near
ln2/64 where x is small. x = k L1 + rh + k (ln2/32 - L1) with L1 the
float32 nearest ln2/32 (rh = x - k L1 is exact in one fused multiply-add)
and -k (ln2/32 - L1) = k L2n, L2n = L1 - ln2/32 rounded to float32, the low
part. Then e^r - 1 = r + r^2 g(r), g of degree 2, a Chebyshev interpolant
(mpmath.chebyfit, near-minimax) of (e^r - 1 - r)/r^2 over the range of r
for x in [-20, U] widened by 1%, coefficients rounded to float32, highest
degree first. 2^(j/32) = Th + Tl comes from pow's table (powfit.py).

Prints the constants as Go reads them, the range of r, g, and the largest
error of r + r^2 g(r): absolute (against e^r, whole range) and relative
to e^r - 1 where |r| <= ln2/64 (k = 0, where the result is that sum).
Run with the system python: /usr/bin/python3 expm1fit.py
"""
import mpmath as mp

from logfit import f32, hexf

mp.mp.prec = 200


def main():
    L = mp.log(2) / 32
    l1 = f32(L)
    l2n = f32(mp.mpf(l1) - L)
    c = f32(32 / mp.log(2) * (1 - mp.mpf(2) ** -12))
    # U: the least float32 above ln(2^128 (1 - 2^-25)), where float32
    # rounding of e^x - 1 goes to +Inf.
    u = f32(mp.log(mp.mpf(2) ** 128 * (1 - mp.mpf(2) ** -25)))
    if u <= mp.log(mp.mpf(2) ** 128 * (1 - mp.mpf(2) ** -25)):
        u = f32(mp.mpf(u) * (1 + mp.mpf(2) ** -24))
    lo = -20
    print("L1 %s, L2n %s, C %s, U %s" % (hexf(l1), hexf(l2n), hexf(c), hexf(u)))
    ku = int(mp.nint(mp.mpf(u) * c))
    print("k at U: %d (U C = %s)" % (ku, mp.nstr(mp.mpf(u) * c, 10)))
    assert ku == 4095

    # r = x - k ln2/32 over every k, x in [(k - 1/2)/C, (k + 1/2)/C] within
    # [lo, U].
    rlo, rhi = mp.mpf(0), mp.mpf(0)
    for k in range(int(mp.nint(lo * c)), ku + 1):
        a = max(mp.mpf(lo), (k - mp.mpf(1) / 2) / c)
        b = min(mp.mpf(u), (k + mp.mpf(1) / 2) / c)
        rlo, rhi = min(rlo, a - k * L), max(rhi, b - k * L)
    print("r in [%s, %s]" % (mp.nstr(rlo, 6), mp.nstr(rhi, 6)))

    def g(r):
        if r == 0:
            return mp.mpf(1) / 2
        return (mp.expm1(r) - r) / r**2

    w = (rhi - rlo) / 200
    q = [f32(v) for v in mp.chebyfit(g, [rlo - w, rhi + w], 3)]
    absw, relw = 0, 0
    for i in range(8001):
        r = rlo + (rhi - rlo) * i / 8000
        if r == 0:
            continue
        err = abs(r + r * r * mp.polyval([mp.mpf(v) for v in q], r) - mp.expm1(r))
        absw = max(absw, err / mp.exp(r))
        if abs(r) <= L / 2:
            relw = max(relw, err / abs(mp.expm1(r)))
    print("g degree 2:", ", ".join(hexf(v) for v in q))
    print("  error 2^%s of e^r, 2^%s of e^r - 1 for |r| <= ln2/64" % (
        mp.nstr(mp.log(absw, 2), 4), mp.nstr(mp.log(relw, 2), 4)))


if __name__ == "__main__":
    main()
