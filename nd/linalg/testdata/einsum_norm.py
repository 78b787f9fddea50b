#!/usr/bin/python3
"""NumPy's answers for Einsum's "..." and size-1 broadcasting, and for
MatrixNorm (NumPy's norm(x, ord, axis=(i, j))) over stacks of matrices.

Run with /usr/bin/python3 (NumPy 1.24) from this directory; writes
einsum_norm.json, which TestNumPyEinsumBroadcast and TestNumPyMatrixNorm
read. Inputs are encoded as in linalg_surface.py: a base array in C order,
its dtype and a view of it ("" itself, "T" its transpose, or a NumPy index);
errors are named after the sentinel Go wraps.
"""
import json
import math

import numpy as np

rng = np.random.default_rng(1919)
cases = []


def num(v):
    v = float(v)
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def enc(base, view=""):
    return {"dtype": str(base.dtype), "shape": list(base.shape),
            "data": [num(v) for v in base.ravel()], "view": view}


def viewed(o, dtype):
    base = np.array(o["data"], dtype).reshape(o["shape"])
    if o["view"] == "":
        return base
    if o["view"] == "T":
        return base.T
    return eval("base[" + o["view"] + "]")


def out(x):
    x = np.asarray(x)
    return {"shape": list(x.shape), "data": [num(v) for v in x.ravel()]}


def ordenc(o):
    if o is None or isinstance(o, str):
        return o
    return num(o)


for dtype in (np.float64, np.float32):
    def r(*shape):
        return rng.standard_normal(shape).astype(dtype)
    good = [
        ("...ij,...jk->...ik", [r(2, 1, 2, 3), r(5, 3, 4)]),
        ("...ij,...jk", [r(2, 1, 2, 3), r(5, 3, 4)]),
        ("...ij,...jk->...ik", [r(3, 2, 3), r(3, 4)]),
        ("...ij,jk", [r(2, 3), r(3, 4)]),
        ("bij,bjk->bik", [r(1, 2, 3), r(4, 3, 5)]),
        ("ij,jk->ik", [r(2, 1), r(3, 4)]),
        ("ij,ij->ij", [r(1, 3), r(2, 3)]),
        ("i,i", [r(1), r(3)]),
        ("i,i->i", [r(3), r(1)]),
        ("...ii->...i", [r(2, 3, 3)]),
        ("...ii->...", [r(2, 3, 3)]),
        ("...ii", [r(4, 2, 2)]),
        ("i...->...", [r(2, 3)]),
        ("...", [r(2, 3)]),
        ("...->...", [r(2, 3)]),
        ("...,...", [r(3), r(2, 1)]),
        ("...,...->...", [r(4, 1, 3), r(2, 1)]),
        ("ij...,jk...->ik...", [r(2, 3, 4), r(3, 2, 1)]),
        ("...i,...i->...", [r(3), r(2, 3)]),
        ("a...b,b...c->...ac", [r(2, 3), r(3, 4, 5)]),
        ("...i->...i", [r(4)]),
        ("...i->i", [r(4)]),
        ("...ij,...jk->...ik", [r(0, 2, 3), r(3, 4)]),
        ("... ij , ... jk -> ... ik", [r(2, 2, 3), r(2, 3, 2)]),
    ]
    for sub, arrays in good:
        ops = [enc(a) for a in arrays]
        cases.append({"fn": "einsum", "name": sub, "subscripts": sub, "operands": ops,
                      "want": out(np.einsum(sub, *arrays))})
    # Views: a transposed stack and a strided one.
    S = r(3, 4, 2)
    T = r(6, 5, 4)
    views = [("...ij->...ji", [enc(S, "T")]),
             ("...ij,...jk->...ik", [enc(S, "::-1, :, :"), enc(T, "1::2, ::2, :2")]),
             ("...j,...j->...", [enc(S, ":, ::2, :"), enc(T, "T")])]
    for sub, ops in views:
        arrays = [viewed(o, dtype) for o in ops]
        try:
            want = out(np.einsum(sub, *arrays))
        except ValueError:
            continue
        cases.append({"fn": "einsum", "name": sub + " views", "subscripts": sub, "operands": ops, "want": want})
    bad = [
        ("...i->i", [r(2, 3)]),              # broadcast axes dropped from the output
        ("...i->", [r(2, 3)]),
        ("ii", [r(1, 3)]),                   # a repeated letter does not broadcast
        ("ij,ij", [r(2, 3), r(3, 3)]),       # 2 and 3
        ("...i...", [r(2, 3)]),              # "..." twice
        ("ijk...", [r(2, 3)]),               # 3 letters for 2 axes
        ("....i", [r(2, 3)]),                # a stray "."
        ("...ij,...jk", [r(2, 2, 3), r(3, 3, 4)]),  # batch 2 and 3
    ]
    for sub, arrays in bad:
        try:
            np.einsum(sub, *arrays)
        except ValueError:
            cases.append({"fn": "einsum", "name": "bad " + sub, "subscripts": sub,
                          "operands": [enc(a) for a in arrays], "err": "ErrShape"})
            continue
        raise AssertionError("NumPy accepted " + sub)

    # MatrixNorm: norm(x, ord, axis=(row, col)).
    orders = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
    stack = r(3, 4, 5)
    for name, o, axes in [("stack", enc(stack), (1, 2)), ("stack", enc(stack), (2, 1)),
                          ("stack", enc(stack), (0, 2)), ("stack", enc(stack), (-1, -3)),
                          ("stack", enc(stack), (0, 1)),
                          ("transposed", enc(stack, "T"), (0, 1)),
                          ("strided", enc(r(5, 6, 7), "::2, 1::2, ::-3"), (2, 0)),
                          ("matrix", enc(r(4, 3)), (0, 1)), ("matrix", enc(r(4, 3)), (1, 0)),
                          ("4-D", enc(r(2, 3, 2, 4)), (3, 1)),
                          ("one", enc(r(2, 1, 1)), (1, 2))]:
        x = viewed(o, dtype)
        for ord in orders:
            cases.append({"fn": "matrixnorm", "name": "%s %s %s" % (name, ord, axes), "a": o,
                          "ord": ordenc(ord), "axes": list(axes),
                          "want": out(np.linalg.norm(x, ord, axis=axes))})
    # Empty stacks have empty results; empty matrices in a non-empty stack.
    for shape, axes in [((0, 3, 3), (1, 2)), ((2, 0, 3), (1, 2)), ((2, 3, 0), (1, 2))]:
        x = np.zeros(shape, dtype)
        for ord in orders:
            c = {"fn": "matrixnorm", "name": "empty %s %s %s" % (shape, ord, axes), "a": enc(x),
                 "ord": ordenc(ord), "axes": list(axes)}
            try:
                c["want"] = out(np.linalg.norm(x, ord, axis=axes))
            except ValueError:
                c["err"] = "ErrShape"
            cases.append(c)
    for ord, axes, err in [(3, (0, 1), "ErrOrder"), (0.5, (1, 2), "ErrOrder"),
                           (None, (1, 1), "ErrShape"), (None, (-1, 2), "ErrShape"),
                           (None, (0, 3), "ErrShape")]:
        try:
            np.linalg.norm(stack, ord, axis=axes)
        except ValueError:
            cases.append({"fn": "matrixnorm", "name": "bad %s %s" % (ord, axes), "a": enc(stack),
                          "ord": ordenc(ord), "axes": list(axes), "err": err})
            continue
        raise AssertionError("NumPy accepted %s %s" % (ord, axes))

with open("einsum_norm.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases")
