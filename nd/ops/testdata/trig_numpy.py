#!/usr/bin/python3
"""Writes trig_numpy.json: NumPy's results for ops.Sin, ops.Cos, ops.Tan,
ops.Atan, ops.Asin and ops.Acos (nd/ops/math_trig.go; NumPy's arctan,
arcsin, arccos), float32 and float64, in math_numpy.py's format ({"func",
"dtype", "x", "y"}, floats as float.hex strings).

Run with the system python: /usr/bin/python3 trig_numpy.py (fixed seed).
"""
import json
import os

import numpy as np

FUNCS = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "arctan": np.arctan, "arcsin": np.arcsin, "arccos": np.arccos}
SPECIALS = [0.0, -0.0, 1.0, -1.0, float("nan"), float("inf"), float("-inf"), 5e-324, -1e-310, 1e-45,
            np.pi, np.pi / 2, -np.pi / 4, 3 * np.pi / 2, 1.5707963267948966, 1.5707964, 1e22, 1e300, -1e300, 3.4e38, 2.0**20, 2.0**12 + 0.5]


def main():
    rng = np.random.default_rng(19)
    cases = []
    for name, f in FUNCS.items():
        for dtype in (np.float32, np.float64):
            with np.errstate(all="ignore"):  # 1e300 is +Inf in float32
                typical = rng.uniform(-1, 1, 200) if name in ("arcsin", "arccos") else rng.uniform(-10, 10, 200)
                x = np.concatenate([SPECIALS, typical, rng.uniform(-1e4, 1e4, 100),
                                    np.ldexp(rng.uniform(1, 2, 100), rng.integers(-120, 120, 100))]).astype(dtype)
                y = f(x)
            cases.append({"func": name, "dtype": np.dtype(dtype).name,
                          "x": [float.hex(float(v)) for v in x], "y": [float.hex(float(v)) for v in y]})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trig_numpy.json")
    with open(out, "w") as fh:
        json.dump({"numpy": np.__version__, "cases": cases}, fh)
    print(out, len(cases))


if __name__ == "__main__":
    main()
