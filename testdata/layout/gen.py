#!/usr/bin/python3
"""Writes the NumPy-computed cases behind nd's layout tests (Reshape, Copy,
FromSlice, Data): what a view is, in which order elements are taken, and
what an overlapping copy gives.

Run with Debian's python3-numpy:

    /usr/bin/python3 testdata/layout/gen.py

It writes testdata/layout/cases.json. Arrays are int64 aranges; "view" is
a NumPy index expression applied after an optional transpose "perm"
(nd's SliceExpr parses the same syntax). Every list of values is in
row-major (C) index order.

reshape: for each case, "nocopy" says whether NumPy can reshape without a
copy (setting .shape succeeds), "strides" are then the view's strides in
elements, and "values" are a.reshape(newshape) in C order either way.

copy: np.copyto(a[dst], a[src]) on one arange, "values" the whole array
after, in C order: dst and src overlap in most cases.

fromslice: np.array(data).reshape(shape) stored in Fortran order;
"storage" is its memory order (ravel(order="K")), what nd's Data returns.

printed: str() of views whose memory order is not their index order
(transposes, reversed and stepped slices), which nd's Format must match.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def view_of(shape, perm, expr):
    a = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if perm is not None:
        a = a.transpose(perm)
    if expr:
        a = eval("a[" + expr + "]")
    return a


def elem_strides(a):
    return [s // a.itemsize for s in a.strides]


reshape_cases = [
    # shape, perm, view expr, new shape
    ([2, 3], [1, 0], "", [6]),
    ([2, 3], [1, 0], "", [2, 3]),
    ([2, 3], [1, 0], "", [3, 2]),
    ([2, 3], [1, 0], "", [3, 1, 2]),
    ([2, 3], [1, 0], "", [1, 3, 2, 1]),
    ([2, 3], [1, 0], "", [-1]),
    ([2, 3, 4], [2, 1, 0], "", [4, 6]),
    ([2, 3, 4], [2, 1, 0], "", [4, 3, 2]),
    ([2, 3, 4], [0, 2, 1], "", [2, 12]),
    ([2, 3, 4], [1, 0, 2], "", [3, 8]),
    ([2, 3, 4], [1, 0, 2], "", [6, 4]),
    ([2, 3, 4], [1, 0, 2], "", [3, 2, 2, 2]),
    ([4, 6], None, ":, ::2", [12]),
    ([4, 6], None, ":, ::2", [4, 3]),
    ([4, 6], None, ":, ::2", [2, 2, 3]),
    ([4, 6], None, ":, ::2", [4, 3, 1]),
    ([4, 6], None, "::2", [12]),
    ([4, 6], None, "::2", [2, 2, 3]),
    ([4, 6], None, "::2, 1:5", [8]),
    ([4, 6], None, "::2, 1:5", [2, 2, 2]),
    ([4, 6], None, "1:3", [12]),
    ([4, 6], None, "1:3", [3, 4]),
    ([4, 6], None, ":, 1:5", [2, 2, 4]),
    ([4, 6], None, ":, 1:5", [16]),
    ([12], None, "::3", [2, 2]),
    ([12], None, "::-1", [3, 4]),
    ([4, 6], None, "::-1, ::-2", [2, 2, 3]),
    ([4, 6], None, "::-1, ::-2", [12]),
    ([3, 1, 4], [2, 1, 0], "", [4, 3]),
    ([3, 1, 4], [2, 1, 0], "", [12]),
    ([2, 3, 4], [2, 0, 1], "", [4, 6]),
    ([2, 3, 4], [2, 0, 1], "", [24]),
    ([2, 3, 4], [1, 2, 0], "", [12, 2]),
    ([6, 4], None, "::2, :", [3, 2, 2]),
    ([0, 3], [1, 0], "", [0]),
    ([2, 0, 3], [2, 1, 0], "", [3, 0]),
]

reshape = []
for shape, perm, expr, new in reshape_cases:
    a = view_of(shape, perm, expr)
    v = a.view()
    try:
        v.shape = new
        nocopy = True
    except AttributeError:
        nocopy = False
    r = a.reshape(new)
    case = {"shape": shape, "perm": perm, "view": expr, "newshape": new,
            "viewshape": list(a.shape), "nocopy": nocopy,
            "resultshape": list(r.shape),
            "values": [int(x) for x in r.ravel()]}
    if nocopy:
        case["strides"] = elem_strides(v)
    reshape.append(case)

copy_cases = [
    (8, "1:8", "0:7"),
    (8, "0:7", "1:8"),
    (8, "::-1", ":"),
    (8, "1::2", "0:7:2"),
    (10, "2:10", "0:8"),
    (10, "0:8", "2:10"),
    (12, "6:0:-1", "0:6"),
]
copies = []
for n, dst, src in copy_cases:
    a = np.arange(n, dtype=np.int64)
    np.copyto(eval("a[" + dst + "]"), eval("a[" + src + "]"))
    copies.append({"n": n, "dst": dst, "src": src, "values": [int(x) for x in a]})

# 2-D copies between layouts, overlapping: a square matrix copied onto its
# own transpose.
m = np.arange(16, dtype=np.int64).reshape(4, 4)
np.copyto(m, m.T)
transposed_copy = [int(x) for x in m.ravel()]

fromslice = []
for shape in ([2, 3], [3, 2], [2, 3, 4], [5], [1, 4]):
    data = np.arange(int(np.prod(shape)), dtype=np.int64)
    f = np.asfortranarray(data.reshape(shape))
    fromslice.append({"shape": shape, "data": [int(x) for x in data],
                      "storage": [int(x) for x in f.ravel(order="K")]})

printed = []
for shape, perm, expr in (([2, 3], [1, 0], ""), ([2, 3, 4], [2, 0, 1], ""), ([4, 6], None, "::-1, ::2"),
                          ([3, 4], [1, 0], "1:, ::-1")):
    printed.append({"shape": shape, "perm": perm, "view": expr, "str": str(view_of(shape, perm, expr))})

with open(os.path.join(HERE, "cases.json"), "w") as out:
    json.dump({"numpy": np.__version__, "reshape": reshape, "copy": copies,
               "transposed_copy": transposed_copy, "fromslice": fromslice, "printed": printed}, out, indent=1)
    out.write("\n")
