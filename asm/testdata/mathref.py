#!/usr/bin/python3
"""Writes the reference values the math kernels are tested against.

For every function and element type, math/<func>_<f32|f64>.bin holds
records of three little-endian float64: the input x (a float32 value for
f32), hi, the exact result rounded to float64, and d, the rest in units in
the last place of the element type at hi (exact = hi + d*ulp(hi)), computed
with mpmath at 200 bits. ulp(hi) is 2^(e-mant) for hi in [2^e, 2^(e+1)),
with e at least the least normal exponent (-1022, -126) and mant the
explicit mantissa bits (52, 23).
Inputs: random values in several ranges per function (uniform, log-uniform
and around the thresholds), all finite with a finite or overflowing result;
special values (NaN, infinities, zeros) are checked in the Go test itself.

Run with the system python (numpy and mpmath): /usr/bin/python3 mathref.py
It is deterministic (fixed seeds), so rerunning it reproduces the files.
"""
import math
import os
import struct

import mpmath as mp
import numpy as np

mp.mp.prec = 200
HERE = os.path.dirname(os.path.abspath(__file__))
N = 10240  # records per file


def uniform(rng, n, lo, hi):
    return list(rng.uniform(lo, hi, n))


def logu(rng, n, lo_exp, hi_exp, sign=1):
    """n values of random sign*2^e*m with e uniform in [lo_exp, hi_exp)."""
    m = rng.uniform(1, 2, n)
    e = rng.integers(lo_exp, hi_exp, n)
    return list(sign * np.ldexp(m, e))


def bitsu(rng, n, lo, hi, f32):
    """n values uniform in their bit patterns between lo and hi (> 0)."""
    if f32:
        a, b = np.float32(lo).view(np.uint32), np.float32(hi).view(np.uint32)
        return list(rng.integers(a, b, n, dtype=np.uint32).view(np.float32).astype(np.float64))
    a, b = np.float64(lo).view(np.uint64), np.float64(hi).view(np.uint64)
    return list(rng.integers(a, b, n, dtype=np.uint64).view(np.float64))


def inputs(name, f32, rng):
    big = 88.7 if f32 else 709.78
    tiny = -103.9 if f32 else -745.1
    if name == "exp":
        xs = (uniform(rng, N // 4, tiny, big) + uniform(rng, N // 4, -1, 1)
              + logu(rng, N // 8, -60, 0) + logu(rng, N // 8, -60, 0, -1)
              + uniform(rng, N // 8, tiny - 1, tiny + 40) + uniform(rng, N // 8, big - 20, big + 0.5))
        xs += [big, tiny, 0.5, -0.5, 1, -1]
    elif name == "exp2":
        big, tiny = (128.0, -149.9) if f32 else (1023.99, -1074.9)
        xs = (uniform(rng, N // 4, tiny, big) + uniform(rng, N // 4, -1, 1)
              + logu(rng, N // 8, -60, 0) + logu(rng, N // 8, -60, 0, -1)
              + uniform(rng, N // 8, tiny - 1, tiny + 40) + uniform(rng, N // 8, big - 20, big + 0.5))
        xs += [big, tiny, 0.5, -0.5, 1, -1, 3, -3]
    elif name == "log1p":
        maxf = float(np.finfo(np.float32 if f32 else np.float64).max)
        xs = (uniform(rng, N // 4, -1, 1) + logu(rng, N // 8, -60, 0) + logu(rng, N // 8, -60, 0, -1)
              + uniform(rng, N // 8, -1, -0.9) + bitsu(rng, N // 4, 1, maxf, f32)
              + logu(rng, N // 8, -140 if f32 else -1070, -60))
        xs += [maxf, -0.5, 1, 2 ** -30, -(2 ** -30)]
    elif name in ("log", "log2", "log10"):
        maxf = float(np.finfo(np.float32 if f32 else np.float64).max)
        sub = float(np.finfo(np.float32 if f32 else np.float64).smallest_normal)
        xs = (bitsu(rng, N // 4, 1e-300 if not f32 else 1e-37, maxf, f32) + uniform(rng, N // 4, 0.5, 2)
              + uniform(rng, N // 8, 1 - 1e-3, 1 + 1e-3) + uniform(rng, N // 8, 0.7, 1.5)
              + bitsu(rng, N // 4, 5e-324 if not f32 else 1e-45, sub, f32))
        xs += [maxf, sub, 2 ** -1074 if not f32 else 2 ** -149, 1, 2, 0.5]
    else:
        raise ValueError(name)
    xs = np.array(xs, dtype=np.float64)
    if f32:
        xs = xs.astype(np.float32).astype(np.float64)
    return xs


def ref(name, x):
    x = mp.mpf(float(x))
    if name == "exp":
        return mp.exp(x)
    if name == "log":
        return mp.log(x)
    if name == "exp2":
        return mp.power(2, x)
    if name == "log2":
        return mp.log(x, 2)
    if name == "log10":
        return mp.log10(x)
    if name == "log1p":
        return mp.log1p(x)
    raise ValueError(name)


def write(name, f32):
    rng = np.random.default_rng([ord(c) for c in name] + [int(f32)])
    xs = inputs(name, f32, rng)
    out = bytearray()
    for x in xs:
        y = ref(name, x)
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
    print(path, len(xs))


if __name__ == "__main__":
    for name in ["exp", "log", "exp2", "log2", "log10", "log1p"]:
        for f32 in [False, True]:
            write(name, f32)
