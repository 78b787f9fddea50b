#!/usr/bin/python3
"""Writes more_numpy.json: NumPy's results for the functions of
nd/ops/math_more.go (expm1, sigmoid, tanh, cosh), float32 and float64, in math_numpy.py's
format ({"func", "dtype", "x", "y"}, floats as float.hex strings).

NumPy has no sigmoid; its reference is SciPy's expit as NumPy spells it,
exp(x)/(1+exp(x)) for x < 0 and 1/(1+exp(-x)) otherwise, in the dtype
(SciPy is not installed here).

Run with the system python: /usr/bin/python3 more_numpy.py (fixed seed).
"""
import json
import os

import numpy as np

def expit(x):
    e = np.exp(-np.abs(x))
    return np.where(x < 0, e / (1 + e), 1 / (1 + e)).astype(x.dtype)


FUNCS = {"expm1": np.expm1, "sigmoid": expit, "tanh": np.tanh, "cosh": np.cosh}
SPECIALS = [0.0, -0.0, 1.0, -1.0, float("nan"), float("inf"), float("-inf"), 5e-324, -5e-324, 1e-310, 1e-45,
            -1e-45, 1e-20, -1e-20, 709.782712893384, 709.79, 88.72283, 88.8, -37.5, -40, -17.5, -745.2, -1e300, 1e300, 710.4, -710.4, 89.4, 89.5]


def main():
    rng = np.random.default_rng(18)
    cases = []
    for name, f in FUNCS.items():
        for dtype in (np.float32, np.float64):
            with np.errstate(all="ignore"):  # 1e300 is +Inf in float32
                x = np.concatenate([SPECIALS, rng.uniform(-1, 1, 200), rng.uniform(-50, 50, 100),
                                    np.ldexp(rng.uniform(-2, 2, 100), rng.integers(-120, 6, 100))]).astype(dtype)
                y = f(x)
            cases.append({"func": name, "dtype": np.dtype(dtype).name,
                          "x": [float.hex(float(v)) for v in x], "y": [float.hex(float(v)) for v in y]})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "more_numpy.json")
    with open(out, "w") as fh:
        json.dump({"numpy": np.__version__, "cases": cases}, fh)
    print(out, len(cases))


if __name__ == "__main__":
    main()
