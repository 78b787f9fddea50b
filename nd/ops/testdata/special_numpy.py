#!/usr/bin/python3
"""Writes special_numpy.json: the references for the functions of
nd/ops/math_special.go (sinh, erf) and for Pow on floats, float32 and
float64, floats as float.hex strings.

"cases" are in math_numpy.py's format ({"func", "dtype", "x", "y"}):
NumPy's sinh; for erf, which NumPy does not have (it is SciPy's, not
installed here), mpmath's value correctly rounded to the dtype.
"power" are {"dtype", "x", "y", "z"} with z = NumPy's power(x, y): every
pair of a list of special values (zeros, ones, infinities, NaN, negative
bases, odd and even integer, half-integer and huge exponents, subnormals,
overflow and underflow) and random pairs.

Run with the system python: /usr/bin/python3 special_numpy.py (fixed seed).
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.prec = 200

SPECIALS = [0.0, -0.0, 1.0, -1.0, float("nan"), float("inf"), float("-inf"), 5e-324, -5e-324, 1e-310, 1e-45,
            -1e-45, 1e-20, -1e-20, 0.5, -0.5, 0.84375, 1.25, 2.857142857142857, 3.92, 5.93, 6.0, -6.0,
            709.782712893384, 710.47586007394, 710.4758600739439, 710.48, -710.48, 89.41599, 89.42, -89.42, 1e300, -1e300]
BASES = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, 10.0, float("inf"), float("-inf"), float("nan"),
         5e-324, 1e-310, 1e-45, 1.0000000000000002, 0.9999999999999999, 1.0000001, 0.99999994, 1e300, 3.4e38]
EXPONENTS = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 1.5, -1.5, float("inf"), float("-inf"),
             float("nan"), 1e300, -1e300, 2.0 ** 53 + 2, 1023.0, 1024.0, -1074.0, -1075.0, 127.0, 128.0, -149.0,
             -150.0, 5e-324, 1e-45, 0.3333333333333333, 1e10]


def erf(x, dtype):
    if np.isnan(x) or x == 0:  # mpmath's zero has no sign
        return x
    return dtype(float(mp.erf(mp.mpf(float(x)))))


def main():
    rng = np.random.default_rng(1818)
    cases, power = [], []
    for dtype in (np.float32, np.float64):
        with np.errstate(all="ignore"):  # 1e300 is +Inf in float32
            x = np.concatenate([SPECIALS, rng.uniform(-1, 1, 200), rng.uniform(-8, 8, 200), rng.uniform(-720, 720, 100),
                                np.ldexp(rng.uniform(-2, 2, 100), rng.integers(-140, 6, 100))]).astype(dtype)
            for name, y in [("sinh", np.sinh(x)), ("erf", np.array([erf(v, dtype) for v in x], dtype=dtype))]:
                cases.append({"func": name, "dtype": np.dtype(dtype).name,
                              "x": [float.hex(float(v)) for v in x], "y": [float.hex(float(v)) for v in y]})
            bx, ey = np.meshgrid(np.array(BASES), np.array(EXPONENTS))
            px = np.concatenate([bx.ravel(), rng.uniform(0, 10, 300), -rng.uniform(0, 10, 100),
                                 np.ldexp(rng.uniform(0.5, 1, 100), rng.integers(-1074, 1024, 100))]).astype(dtype)
            py = np.concatenate([ey.ravel(), rng.uniform(-30, 30, 300), rng.integers(-40, 40, 100),
                                 rng.uniform(-1, 1, 100)]).astype(dtype)
            pz = np.power(px, py)
        power.append({"dtype": np.dtype(dtype).name, "x": [float.hex(float(v)) for v in px],
                      "y": [float.hex(float(v)) for v in py], "z": [float.hex(float(v)) for v in pz]})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "special_numpy.json")
    with open(out, "w") as fh:
        json.dump({"numpy": np.__version__, "cases": cases, "power": power}, fh)
    print(out, len(cases), sum(len(p["x"]) for p in power))


if __name__ == "__main__":
    main()
