#!/usr/bin/python3
"""Writes the NumPy-computed cases nd/ops tests check against.

Run with Debian's python3-numpy (apt-get install python3-numpy):

    /usr/bin/python3 testdata/ops/gen.py

It writes testdata/ops/elementwise.json and testdata/ops/reduce.json. Each
array is {"shape": [...], "data": [...]} with data in row-major order.
Numbers are JSON numbers except NaN and the infinities, which JSON cannot
hold: they are the strings "nan", "inf" and "-inf". Reduction cases name
their input by index into the file's "inputs" list. A case whose operation
NumPy refuses (shapes that do not broadcast, min of an empty array) has
"error": true and no "out".
"""
import json
import os
import warnings

import numpy as np

rng = np.random.default_rng(20261124)
HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def arr(a):
    a = np.asarray(a)
    if a.dtype.kind in "iub":
        data = [int(v) for v in a.ravel()]
    else:
        data = [enc(v) for v in a.ravel()]
    return {"shape": list(a.shape), "data": data}


def floats(shape, specials=True):
    a = rng.standard_normal(shape) * 4
    if specials and a.size >= 4:
        flat = a.reshape(-1)
        idx = rng.choice(a.size, size=max(1, a.size // 6), replace=False)
        for i, j in enumerate(idx):
            flat[j] = [np.nan, np.inf, -np.inf, -0.0, 0.0][i % 5]
    return a


def ints(shape):
    return rng.integers(-50, 50, size=shape, dtype=np.int64)


BROADCAST = [
    ((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((4, 1, 3), (2, 1)),
    ((), (2, 2)), ((0, 3), (1, 3)), ((1,), (0,)), ((5, 4, 3), (4, 1)),
    ((3, 1, 2), (1, 4, 1)), ((2, 3, 4), ()), ((6, 5), (6, 1)),
    ((2, 3), (4,)), ((2, 3), (3, 2)), ((0,), (2,)),
]

FLOAT_BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
    "maximum": np.maximum, "minimum": np.minimum, "pow": np.power,
    "equal": np.equal, "not_equal": np.not_equal, "less": np.less,
    "less_equal": np.less_equal, "greater": np.greater, "greater_equal": np.greater_equal,
}
INT_BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply,
              "maximum": np.maximum, "minimum": np.minimum, "less": np.less, "equal": np.equal}
UNARY = {"neg": np.negative, "abs": np.abs, "sqrt": np.sqrt, "exp": np.exp, "log": np.log}


def binary_cases():
    out = []
    with np.errstate(all="ignore"):
        for op, f in FLOAT_BINARY.items():
            for sa, sb in BROADCAST:
                a, b = floats(sa), floats(sb)
                if op == "pow":
                    a = np.abs(a)
                out.append(case(op, "float64", f, a, b))
        for op, f in INT_BINARY.items():
            for sa, sb in BROADCAST[:8]:
                out.append(case(op, "int64", f, ints(sa), ints(sb)))
    return out


def case(op, dtype, f, *ins):
    c = {"op": op, "dtype": dtype, "in": [arr(x) for x in ins]}
    try:
        r = f(*ins)
    except ValueError:
        c["error"] = True
        return c
    if r.dtype == bool:
        r = r.astype(np.uint8)
    c["out"] = arr(r)
    return c


def unary_cases():
    out = []
    with np.errstate(all="ignore"):
        for op, f in UNARY.items():
            for shape in [(0,), (7,), (3, 4), (2, 3, 5), ()]:
                out.append(case(op, "float64", f, floats(shape)))
        for shape in [(7,), (3, 4)]:
            out.append(case("neg", "int64", np.negative, ints(shape)))
            out.append(case("abs", "int64", np.abs, ints(shape)))
        for lo, hi in [(-1.0, 2.0), (1.0, -1.0)]:
            c = case("clip", "float64", lambda x: np.clip(x, lo, hi), floats((4, 5)))
            c["lo"], c["hi"] = lo, hi
            out.append(c)
    return out


def where_cases():
    out = []
    for sm, sa, sb in [((3, 4), (3, 4), (3, 4)), ((3, 1), (1, 4), ()), ((2, 3, 4), (4,), (3, 1)), ((2, 3), (3,), (4,))]:
        m = rng.integers(0, 3, size=sm).astype(np.uint8)
        c = case("where", "float64", lambda m, a, b: np.where(m != 0, a, b), m, floats(sa), floats(sb))
        out.append(c)
    return out


REDUCE = {
    "sum": np.sum, "prod": np.prod, "mean": np.mean, "var": np.var, "std": np.std,
    "min": np.min, "max": np.max, "argmin": np.argmin, "argmax": np.argmax,
}


def reduce_cases():
    """Returns the shared inputs and the cases, which name an input by index."""
    inputs, out = [], []

    def add_input(a):
        inputs.append(arr(a))
        return len(inputs) - 1

    shapes = [(7,), (3, 4), (2, 3, 4), (0, 3), (5, 1, 6), (1000,), (40, 30)]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for shape in shapes:
            for nan in [False, True]:
                if nan and np.prod(shape) <= 3:
                    continue
                a = rng.standard_normal(shape) * 3
                p = 1 + rng.standard_normal(shape) / 30
                if nan:
                    a.reshape(-1)[rng.integers(0, a.size)] = np.nan
                    p.reshape(-1)[rng.integers(0, p.size)] = np.nan
                ia, ip = add_input(a), add_input(p)
                for op, f in REDUCE.items():
                    x, ix = (p, ip) if op == "prod" else (a, ia)
                    for axis in [None] + list(range(-len(shape), len(shape))):
                        for keep in [False, True]:
                            if op.startswith("arg") and keep:
                                continue
                            for ddof in ([0, 1] if op in ("var", "std") else [0]):
                                c = {"op": op, "axis": axis, "keepdims": keep, "ddof": ddof, "in": ix}
                                kw = {"axis": axis}
                                if not op.startswith("arg"):
                                    kw["keepdims"] = keep
                                if op in ("var", "std"):
                                    kw["ddof"] = ddof
                                try:
                                    r = f(x, **kw)
                                except ValueError:
                                    c["error"] = True
                                else:
                                    c["out"] = arr(r)
                                out.append(c)
        for op in ["sum", "prod", "min", "max", "argmin", "argmax"]:
            for shape in [(6,), (3, 4)]:
                a = ints(shape) % 7 + 1 if op == "prod" else ints(shape)
                ix = add_input(a)
                for axis in [None, 0]:
                    c = {"op": op, "dtype": "int64", "axis": axis, "keepdims": False, "ddof": 0, "in": ix}
                    c["out"] = arr(REDUCE[op](a, axis=axis))
                    out.append(c)
    return inputs, out


def main():
    with open(os.path.join(HERE, "elementwise.json"), "w") as fh:
        json.dump({"numpy": np.__version__, "binary": binary_cases(), "unary": unary_cases(),
                   "where": where_cases()}, fh, separators=(",", ":"))
    with open(os.path.join(HERE, "reduce.json"), "w") as fh:
        inputs, cases = reduce_cases()
        json.dump({"numpy": np.__version__, "inputs": inputs, "reduce": cases}, fh, separators=(",", ":"))


if __name__ == "__main__":
    main()
