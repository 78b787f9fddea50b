#!/usr/bin/python3
"""Writes the reference values the expm1, sigmoid, tanh and cosh kernels (of
asm/_gen/math_exp2.go) are tested against, in mathref.py's format
(math/<func>_<f32|f64>.bin: records of x, hi, d with the exact result
hi + d*ulp(hi), mpmath at 200 bits).

Inputs for expm1, per type: uniform over the whole finite range of the
result and over [-1, 1]; log-uniform magnitudes of both signs down to the
subnormals (where expm1 x rounds to x); around where the kernel changes
formula (k = +-(mant+1), x near +-(mant+1.5)*ln 2) and where the result
rounds to -1; up to and just past the overflow threshold.
Inputs for sigmoid (1/(1+e^-x)): uniform over [-40, 40], over the whole
range where the result is not 0 or 1 and over [-1, 1]; log-uniform
magnitudes of both signs; down to where the result is subnormal and 0.

Inputs for tanh: uniform over [-20, 20] and [-1, 1]; log-uniform
magnitudes of both signs from the subnormals up; around where the result
rounds to +-1.

Inputs for cosh: uniform over [-20, 20], [-1, 1] and the whole finite
range; log-uniform magnitudes of both signs; around the overflow
threshold (beyond where e^|x| overflows).

Run with the system python: /usr/bin/python3 expref.py (deterministic).
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


def inputs(name, f32, rng):
    if name == "cosh":
        least = -149 if f32 else -1074
        big = 89.4 if f32 else 710.47
        xs = (uniform(rng, N // 4, -20, 20) + uniform(rng, N // 8, -1, 1) + uniform(rng, N // 8, -big, big)
              + logu(rng, N // 8, least, 9) + logu(rng, N // 8, least, 9, -1)
              + uniform(rng, N // 8, big - 2, big + 0.1) + uniform(rng, N // 8, -big - 0.1, -big + 2))
        xs += [0.5, -0.5, 1, -1, 1e-300, big, -big]
        xs = np.array(xs, dtype=np.float64)
        if f32:
            xs = xs.astype(np.float32).astype(np.float64)
        return xs
    if name == "tanh":
        least = -149 if f32 else -1074
        sat = 9.0 if f32 else 19.0
        xs = (uniform(rng, N // 4, -20, 20) + uniform(rng, N // 4, -1, 1)
              + logu(rng, N // 8, least, 8) + logu(rng, N // 8, least, 8, -1)
              + uniform(rng, N // 8, sat - 2, sat + 2) + uniform(rng, N // 8, -sat - 2, -sat + 2))
        xs += [0.5, -0.5, 1, -1, 1e-300, -1e-300, 2.0 ** -30, 0.55, 0.549]
        xs = np.array(xs, dtype=np.float64)
        if f32:
            xs = xs.astype(np.float32).astype(np.float64)
        return xs
    if name == "sigmoid":
        low = -104.0 if f32 else -745.5
        least = -149 if f32 else -1074
        xs = (uniform(rng, N // 4, -40, 40) + uniform(rng, N // 8, low, 40) + uniform(rng, N // 8, -1, 1)
              + logu(rng, N // 8, least, 6) + logu(rng, N // 8, least, 6, -1)
              + uniform(rng, N // 8, low, low + 20) + uniform(rng, N // 8, -90 if f32 else -710, -80 if f32 else -700))
        xs += [0.5, -0.5, 1, -1, 17, -17, 37, -37, low, 1e-300, -1e-300]
        xs = np.array(xs, dtype=np.float64)
        if f32:
            xs = xs.astype(np.float32).astype(np.float64)
        return xs
    big = 88.7 if f32 else 709.78
    mant = 23 if f32 else 52
    sw = (mant + 1.5) * math.log(2)
    least = -149 if f32 else -1074
    xs = (uniform(rng, N // 8, -120, big) + uniform(rng, N // 8, -1, 1)
          + logu(rng, N // 8, least, 0) + logu(rng, N // 8, least, 0, -1)
          + uniform(rng, N // 8, sw - 1, sw + 1) + uniform(rng, N // 8, -sw - 1, -sw + 1)
          + uniform(rng, N // 8, -45 if not f32 else -20, -30 if not f32 else -10)
          + uniform(rng, N // 8, big - 20, big + 0.5))
    xs += [big, -big, 0.5, -0.5, 1, -1, math.log(2) / 2, -math.log(2) / 2, 1e-300, -1e-300]
    xs = np.array(xs, dtype=np.float64)
    if f32:
        xs = xs.astype(np.float32).astype(np.float64)
    return xs


def write(name, f32):
    rng = np.random.default_rng([ord(c) for c in name] + [int(f32)])
    fn = {"expm1": mp.expm1, "sigmoid": lambda x: 1 / (1 + mp.exp(-x)), "tanh": mp.tanh, "cosh": mp.cosh}[name]
    out = bytearray()
    for x in inputs(name, f32, rng):
        y = fn(mp.mpf(float(x)))
        if abs(y) >= mp.ldexp(1, 1024):
            hi, lo = float("inf") if y > 0 else float("-inf"), 0.0
        else:
            hi = float(y)
            mant, emin = (23, -126) if f32 else (52, -1022)
            e = emin if hi == 0 else max(math.frexp(hi)[1] - 1, emin)
            lo = float((y - hi) / mp.ldexp(1, e - mant))
        out += struct.pack("<3d", float(x), hi, lo)
    path = os.path.join(HERE, "math", "%s_%s.bin" % (name, "f32" if f32 else "f64"))
    with open(path, "wb") as f:
        f.write(out)
    print(path, len(out) // 24)


if __name__ == "__main__":
    for name in ["expm1", "sigmoid", "tanh", "cosh"]:
        for f32 in [False, True]:
            write(name, f32)
