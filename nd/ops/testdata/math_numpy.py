#!/usr/bin/python3
"""Writes math_numpy.json: NumPy's results for the math functions of
nd/ops/math.go (ops.Exp, ops.Log, ..., ops.RoundToEven), float32 and float64.

Each case is {"func", "dtype", "x", "y"} with x and y lists of floats
written as float.hex strings ("nan", "inf", "-inf" included), y = numpy
func(x) in dtype. Run with the system python: /usr/bin/python3 math_numpy.py
(deterministic: fixed seed).
"""
import json
import os

import numpy as np

FUNCS = {"exp": np.exp, "log": np.log, "exp2": np.exp2, "log2": np.log2, "log10": np.log10, "log1p": np.log1p, "sqrt": np.sqrt, "floor": np.floor,
         "ceil": np.ceil, "trunc": np.trunc, "rint": np.rint}
SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, float("nan"), float("inf"), float("-inf"),
            5e-324, 1e-310, 1e-45, 1e-40, 88.7, 89.0, -103.0, -104.0, 709.78, 710.0, -745.0, -746.0,
            1e300, -1e300, 2.0**52 + 1, 2.0**23 + 0.5]


def main():
    rng = np.random.default_rng(18)
    cases = []
    for name, f in FUNCS.items():
        for dtype in (np.float32, np.float64):
            x = np.concatenate([SPECIALS, rng.uniform(-50, 50, 200), rng.uniform(0, 3, 100),
                                np.ldexp(rng.uniform(1, 2, 100), rng.integers(-120, 120, 100))]).astype(dtype)
            with np.errstate(all="ignore"):
                y = f(x)
            cases.append({"func": name, "dtype": np.dtype(dtype).name,
                          "x": [float.hex(float(v)) for v in x], "y": [float.hex(float(v)) for v in y]})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "math_numpy.json")
    with open(out, "w") as fh:
        json.dump({"numpy": np.__version__, "cases": cases}, fh)
    print(out, len(cases))


if __name__ == "__main__":
    main()
