#!/usr/bin/python3
"""Writes the reference values the sinh, erf and pow kernels (asm/_gen/
math_special.go, math_pow.go) are tested against, mpmath at 200 bits.

sinh and erf: mathref.py's format, math/<func>_<f32|f64>.bin, records of
x, hi, d with the exact result hi + d*ulp(hi).
pow: math/pow_<f32|f64>.bin, records of four little-endian float64 x, y,
hi, d, the exact x^y = hi + d*ulp(hi).

Inputs for sinh: uniform over [-20, 20], [-1, 1] and the whole finite
range; log-uniform magnitudes of both signs from the subnormals up; around
|x| = 1 (where the kernel changes formula) and the overflow thresholds.
Inputs for erf: uniform over [-7, 7] and [-1.3, 1.3]; log-uniform
magnitudes of both signs from the subnormals up; around the kernel's range
boundaries 0.84375, 1.25, 1/0.35 and 6 and where erf rounds to 1.
Inputs for pow: x log-uniform over every exponent (subnormals included)
with y such that y*log(x) is uniform over the range of finite results;
x in (0, 10] with y in [-30, 30]; x next to 1 with large y; negative x
with integer y (odd and even); results next to the overflow and underflow
thresholds; subnormal x with y in (0, 1); exact cases (powers of two,
small integers). Run with the system python: /usr/bin/python3 specialref.py
(deterministic).
"""
import math
import os
import struct

import mpmath as mp
import numpy as np

from mathref import logu, uniform

mp.mp.prec = 200
HERE = os.path.dirname(os.path.abspath(__file__))
N = 10240


def as_type(xs, f32):
    xs = np.array(xs, dtype=np.float64)
    if f32:
        with np.errstate(over="ignore"):
            xs = xs.astype(np.float32).astype(np.float64)
    return xs


def unary_inputs(name, f32, rng):
    least = -149 if f32 else -1074
    if name == "sinh":
        big = 89.415985 if f32 else 710.4758600739439
        xs = (uniform(rng, N // 4, -20, 20) + uniform(rng, N // 8, -1, 1) + uniform(rng, N // 16, -big, big)
              + logu(rng, N // 8, least, 9) + logu(rng, N // 8, least, 9, -1)
              + uniform(rng, N // 16, 0.9, 1.1) + uniform(rng, N // 16, -1.1, -0.9)
              + uniform(rng, N // 16, big - 2, big + 0.1) + uniform(rng, N // 16, -big - 0.1, -big + 2))
        xs += [0.5, -0.5, 1, -1, 1e-300, -1e-300, big, -big, math.nextafter(1, 0), 2 ** -1074]
    else:
        xs = (uniform(rng, N // 4, -7, 7) + uniform(rng, N // 8, -1.3, 1.3)
              + logu(rng, N // 8, least, 3) + logu(rng, N // 8, least, 3, -1))
        for b in [0.84375, 1.25, 1 / 0.35, 6, 3.92 if f32 else 5.93]:
            xs += uniform(rng, N // 32, b - 0.01, b + 0.01) + uniform(rng, N // 32, -b - 0.01, -b + 0.01)
        xs += [0.5, -0.5, 1, -1, 1e-300, -1e-300, 0.84375, 1.25, 6, -6]
    return as_type(xs, f32)


def pow_inputs(f32, rng):
    least, most = (-149, 128) if f32 else (-1074, 1024)
    tmin, tmax = (-103.9, 88.72) if f32 else (-745.1, 709.78)
    n = N // 8
    x1 = np.array(logu(rng, n, least, most - 1))
    t1 = np.array(uniform(rng, n, tmin, tmax))
    with np.errstate(divide="ignore"):
        y1 = t1 / np.log(x1)
    x2, y2 = uniform(rng, n, 0, 10), uniform(rng, n, -30, 30)
    x3 = np.array(logu(rng, n // 2, -24 if f32 else -53, -2))
    x3 = np.concatenate([1 + x3, 1 - x3])
    y3 = np.array(uniform(rng, n, tmin, tmax)) / np.log(x3)
    x4 = -np.array(uniform(rng, n, 0.01, 10))
    y4 = rng.integers(-30, 30, n).astype(np.float64)
    x5 = np.array(uniform(rng, n, 0.1, 10))
    t5 = np.array(uniform(rng, n // 2, tmax - 1, tmax + 0.1) + uniform(rng, n // 2, tmin - 0.5, tmin + 40))
    y5 = t5 / np.log(x5)
    x6 = np.array(logu(rng, n, least, -126 if f32 else -1022))
    y6 = np.array(uniform(rng, n, 0, 1))
    x7 = np.ldexp(1.0, rng.integers(-20, 20, n // 2)).tolist() + rng.integers(-12, 13, n // 2).astype(float).tolist()
    y7 = rng.integers(-8, 9, n).astype(np.float64)
    x8, y8 = uniform(rng, n, 0, 2), uniform(rng, n, -200, 200)
    xs = np.concatenate([x1, x2, x3, x4, x5, x6, x7, x8])
    ys = np.concatenate([y1, y2, y3, y4, y5, y6, y7, y8])
    xs, ys = as_type(xs, f32), as_type(ys, f32)
    keep = (xs != 0) & np.isfinite(xs) & np.isfinite(ys) & ((xs > 0) | (ys == np.round(ys)))
    return xs[keep], ys[keep]


def record(y, f32):
    if abs(y) >= mp.ldexp(1, 1024):
        return float("inf") if y > 0 else float("-inf"), 0.0
    hi = float(y)
    mant, emin = (23, -126) if f32 else (52, -1022)
    e = emin if hi == 0 else max(math.frexp(hi)[1] - 1, emin)
    return hi, float((y - hi) / mp.ldexp(1, e - mant))


def write(name, f32):
    rng = np.random.default_rng([ord(c) for c in name] + [int(f32), 7])
    out = bytearray()
    if name == "pow":
        xs, ys = pow_inputs(f32, rng)
        for x, y in zip(xs, ys):
            out += struct.pack("<4d", float(x), float(y), *record(mp.power(mp.mpf(float(x)), mp.mpf(float(y))), f32))
        count = len(xs)
    else:
        fn = {"sinh": mp.sinh, "erf": mp.erf}[name]
        xs = unary_inputs(name, f32, rng)
        for x in xs:
            out += struct.pack("<3d", float(x), *record(fn(mp.mpf(float(x))), f32))
        count = len(xs)
    path = os.path.join(HERE, "math", "%s_%s.bin" % (name, "f32" if f32 else "f64"))
    with open(path, "wb") as f:
        f.write(out)
    print(path, count)


if __name__ == "__main__":
    for name in ["sinh", "erf", "pow"]:
        for f32 in [False, True]:
            write(name, f32)
