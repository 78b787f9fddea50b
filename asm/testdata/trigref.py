#!/usr/bin/python3
"""Writes the reference values the sin, cos, tan, atan, asin and acos kernels
are tested against, in mathref.py's format (math/<func>_<f32|f64>.bin: records of x, hi, d with
the exact result hi + d*ulp(hi), mpmath at 200 bits, whose sin, cos and
tan reduce large arguments exactly).

Inputs per function and type: uniform on [-pi/4, pi/4], [-10, 10] and
[-1e4, 1e4]; log-uniform magnitudes from the smallest subnormal to the
largest finite (huge arguments, 1e300 and beyond, included); the doubles
(floats) nearest to k*pi/2 for random k up to 2^22 (the hardest to reduce,
and for odd k next to tan's poles, on both sides of the vector kernels'
bound); and around the bound itself.
atan: uniform on [-1, 1], [-10, 10] and [0.4, 2.5] (fdlibm's intervals),
bit-uniform over every finite magnitude of both signs, log-uniform on
[2^-30, 2^30], and the interval bounds. asin, acos: uniform on [-1, 1],
around +-0.5 and +-0.975..1 (fdlibm's branch points), bit-uniform over
(0, 1) of both signs.

Run with the system python: /usr/bin/python3 trigref.py (deterministic).
"""
import math
import os
import struct

import mpmath as mp
import numpy as np

from mathref import bitsu, logu, uniform

mp.mp.prec = 200
HERE = os.path.dirname(os.path.abspath(__file__))
N = 10240


def inputs(name, f32, rng):
    if name in ("asin", "acos"):
        least = 2.0 ** -149 if f32 else 5e-324
        xs = (uniform(rng, N // 4, -1, 1) + uniform(rng, N // 8, 0.45, 0.55) + uniform(rng, N // 8, -0.55, -0.45)
              + uniform(rng, N // 8, 0.97, 1) + uniform(rng, N // 8, -1, -0.97) + bitsu(rng, N // 8, least, 1, f32)
              + list(-np.array(bitsu(rng, N // 8, least, 1, f32))))
        xs += [0.5, -0.5, 0.975, -0.975, 1, -1, least, -least]
        xs = np.array(xs, dtype=np.float64)
        return xs.astype(np.float32).astype(np.float64) if f32 else xs
    if name == "atan":
        maxf = float(np.finfo(np.float32 if f32 else np.float64).max)
        least = 2.0 ** -149 if f32 else 5e-324
        xs = (uniform(rng, N // 4, -1, 1) + uniform(rng, N // 8, -10, 10) + uniform(rng, N // 8, 0.4, 2.5)
              + bitsu(rng, N // 4, least, maxf, f32) + list(-np.array(bitsu(rng, N // 8, least, maxf, f32)))
              + logu(rng, N // 8, -30, 30))
        xs += [0.4375, 0.6875, 1.1875, 2.4375, 1, -1, maxf, least, 2.0 ** 66, 2.0 ** -27]
        xs = np.array(xs, dtype=np.float64)
        return xs.astype(np.float32).astype(np.float64) if f32 else xs
    maxf = float(np.finfo(np.float32 if f32 else np.float64).max)
    least = 2.0 ** -149 if f32 else 5e-324
    bound = 2.0 ** 12 if f32 else 2.0 ** 20
    k = rng.integers(1, 2 ** 22, N // 8)
    near = []  # the representable values nearest to k*pi/2
    for kk in k:
        t = mp.mpf(int(kk)) * mp.pi / 2
        near.append(float(np.float32(float(t))) if f32 else float(t))
    xs = (uniform(rng, N // 8, -math.pi / 4, math.pi / 4) + uniform(rng, N // 8, -10, 10)
          + uniform(rng, N // 8, -1e4, 1e4) + bitsu(rng, N // 8, least, maxf, f32)
          + list(-np.array(bitsu(rng, N // 16, least, maxf, f32)))
          + logu(rng, N // 16, 0, 127 if f32 else 1023) + near
          + uniform(rng, N // 8, bound * 0.99, bound * 1.01) + uniform(rng, N // 8, 1, 1e8))
    xs += [1e300, -1e300, maxf, -maxf, least, -least, 1, -1, math.pi, math.pi / 2, 6381956970095103 * 2.0 ** 797]
    xs = np.array(xs, dtype=np.float64)
    if f32:
        with np.errstate(over="ignore"):
            xs = xs.astype(np.float32).astype(np.float64)
        xs = xs[np.isfinite(xs)]
    return xs


def write(name, f32):
    rng = np.random.default_rng([ord(c) for c in name] + [int(f32)])
    fn = {"sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "atan": mp.atan, "asin": mp.asin, "acos": mp.acos}[name]
    out = bytearray()
    xs = inputs(name, f32, rng)
    for x in xs:
        y = fn(mp.mpf(float(x)))
        hi = float(y)
        mant, emin = (23, -126) if f32 else (52, -1022)
        e = emin if hi == 0 else max(math.frexp(hi)[1] - 1, emin)
        lo = float((y - hi) / mp.ldexp(1, e - mant))
        out += struct.pack("<3d", float(x), hi, lo)
    path = os.path.join(HERE, "math", "%s_%s.bin" % (name, "f32" if f32 else "f64"))
    with open(path, "wb") as f:
        f.write(out)
    print(path, len(xs))


if __name__ == "__main__":
    for name in ["sin", "cos", "tan", "atan", "asin", "acos"]:
        for f32 in [False, True]:
            write(name, f32)
