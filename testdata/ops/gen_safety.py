#!/usr/bin/python3
"""Writes the NumPy-computed cases behind nd/ops' accumulator and overlap
tests (issue 17):

    /usr/bin/python3 testdata/ops/gen_safety.py

accumulate.json: sums, products and means of integer arrays with NumPy's
default accumulators. Each case gives the input kind, its values (row-major)
and shape, and NumPy's results as decimal strings (uint64 does not fit a
JSON number exactly): "sum", "prod" (whole array, in NumPy's int64/uint64),
"sum0"/"prod0" (along axis 0, for 2-D inputs), "mean" (float64) and the
result kind NumPy chose.

overlap.json: every ufunc and reduction with an out= that overlaps an
input. "base" is the array all views come from (float64 unless "kind" says
int64); "out" and each of "args" are NumPy index expressions on it (nd's
SliceExpr syntax; "" is the whole array), "scalars" extra scalar arguments;
"result" is the whole base array afterwards, row-major.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def s(v):
    return str(int(v))


acc = []
kinds = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
rng = np.random.default_rng(17)
for k in kinds:
    info = np.iinfo(k)
    cases = [
        ("ones1000", np.ones(1000, dtype=k), None),
        ("max300", np.full(300, info.max, dtype=k), None),
        ("small", np.arange(1, 11, dtype=k), None),
        ("threes", np.full(41, 3, dtype=k), None),
        ("matrix", rng.integers(info.min // 2 if info.min < 0 else 0, info.max // 2 + 1, size=(300, 5), dtype=k), (300, 5)),
    ]
    if info.min < 0:
        cases.append(("min300", np.full(300, info.min, dtype=k), None))
    for name, a, shape in cases:
        c = {"kind": k, "name": name, "shape": list(a.shape), "data": [s(v) for v in a.ravel()],
             "sum": s(np.sum(a)), "prod": s(np.prod(a)), "result": str(np.sum(a).dtype),
             "mean": float(np.mean(a))}
        if a.ndim == 2:
            c["sum0"] = [s(v) for v in np.sum(a, axis=0)]
            c["prod0"] = [s(v) for v in np.prod(a, axis=0)]
            c["mean0"] = [float(v) for v in np.mean(a, axis=0)]
        acc.append(c)

with open(os.path.join(HERE, "accumulate.json"), "w") as out:
    json.dump({"numpy": np.__version__, "cases": acc}, out, indent=0)
    out.write("\n")


def run(base, out, args, f, kind="float64", scalars=(), transpose=()):
    a = base.astype(kind)
    view = lambda e: eval("a[" + e + "]") if e else a
    views = [view(e).T if i in transpose else view(e) for i, e in enumerate(args)]
    f(*views, *scalars, out=view(out))
    return {"kind": kind, "base": [float(v) for v in base.ravel()], "shape": list(base.shape),
            "out": out, "args": list(args), "scalars": list(scalars), "transpose": list(transpose),
            "result": [float(v) for v in a.ravel()]}


ar8 = np.arange(8.0)
pos8 = np.arange(1.0, 9.0)
cases = {}
binary = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.true_divide,
          "Maximum": np.maximum, "Minimum": np.minimum, "Pow": np.power}
for name, f in binary.items():
    base = pos8 if name in ("Div", "Pow") else ar8
    cases[name + "Into"] = run(base, "1:8", ["0:7", "0:7"], f)
    cases[name + "Into reversed"] = run(base, "::-1", ["", ":"], f)
cases["AddInto issue 17"] = run(ar8, "1:8", ["0:7", "0:7"], np.add)
cases["AddInto int64"] = run(ar8, "1:8", ["0:7", "0:7"], np.add, kind="int64")
cases["AddInto broadcast row"] = run(np.arange(12.0).reshape(3, 4), "", ["", "0"], np.add)
cases["AddInto transposed"] = run(np.arange(16.0).reshape(4, 4), "", ["", ""], np.add, transpose=(1,))
for name, f in {"AddScalar": np.add, "SubScalar": np.subtract, "MulScalar": np.multiply, "DivScalar": np.true_divide}.items():
    cases[name + "Into"] = run(ar8, "1:8", ["0:7"], f, scalars=(3.0,))
unary = {"Neg": np.negative, "Abs": np.abs, "Sqrt": np.sqrt, "Exp": np.exp, "Log": np.log}
for name, f in unary.items():
    base = pos8 if name in ("Sqrt", "Log") else ar8 - 4
    cases[name + "Into"] = run(base, "1:8", ["0:7"], f)
    cases[name + "Into reversed"] = run(base, "::-1", [""], f)
cases["ClipInto"] = run(ar8, "1:8", ["0:7"], lambda x, lo, hi, out: np.clip(x, lo, hi, out=out), scalars=(1.0, 5.0))
cmp = {"Equal": np.equal, "NotEqual": np.not_equal, "Less": np.less, "LessEqual": np.less_equal,
       "Greater": np.greater, "GreaterEqual": np.greater_equal}
mixed = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.float64)
for name, f in cmp.items():
    # uint8 masks written over uint8 inputs: NumPy's out= with the same dtype.
    cases[name + "Into"] = run(mixed, "1:8", ["0:7", "1:8"], f, kind="uint8")
# Where's mask is a separate array (odd positions true); its choices
# overlap out.
odd = np.arange(7) % 2 == 1
cases["WhereInto"] = run(ar8, "1:8", ["0:7", "1:8"], lambda x, y, out: np.copyto(out, np.where(odd, x, y)))
m44 = np.arange(16.0).reshape(4, 4)
red = {"SumAxisInto": np.sum, "ProdAxisInto": np.prod, "MinAxisInto": np.min, "MaxAxisInto": np.max,
       "MeanAxisInto": np.mean}
for name, f in red.items():
    cases[name] = run(m44, "0", [""], lambda x, out: f(x, axis=0, out=out))
    cases[name + " axis 1"] = run(m44, ":, 0", [""], lambda x, out: f(x, axis=1, out=out))
for name, ddof in (("VarAxisInto", 1), ("StdAxisInto", 1)):
    f = np.var if name.startswith("Var") else np.std
    cases[name] = run(m44, "0", [""], lambda x, out: f(x, axis=0, ddof=ddof, out=out))
perm = np.array([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]], dtype=np.float64)
cases["ArgMinAxisInto"] = run(perm, "0", [""], lambda x, out: np.argmin(x, axis=0, out=out), kind="int64")
cases["ArgMaxAxisInto"] = run(perm, "0", [""], lambda x, out: np.argmax(x, axis=0, out=out), kind="int64")

with open(os.path.join(HERE, "overlap.json"), "w") as out:
    json.dump({"numpy": np.__version__, "cases": cases}, out, indent=0)
    out.write("\n")
