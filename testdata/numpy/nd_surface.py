#!/usr/bin/python3
"""Writes nd_surface.json: inputs and NumPy's results for package nd's
structure functions (casting, constructors, shape, joining, indexing).

Run with Debian's python3 (numpy 1.24):

    /usr/bin/python3 testdata/numpy/nd_surface.py [output path]

Each case names a function, its inputs (arrays with an optional view: "T"
for a transpose, "s:EXPR" for a[EXPR], applied alike in Go), its other
arguments, and NumPy's result, or the kind of error numgo must return
("shape", "index", "cast"). Where numgo refuses what NumPy does silently
(a value that does not fit an integer kind), the case says so in "note".
"""
import json
import math
import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")

NAMES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
         "float32", "float64", "complex64", "complex128"]


def enc_scalar(v):
    if isinstance(v, (complex, np.complexfloating)):
        return [enc_scalar(float(v.real)), enc_scalar(float(v.imag))]
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        if f == 0 and math.copysign(1, f) < 0:
            return "-0"
        return repr(f) if isinstance(v, float) or v.dtype == np.float64 else repr(float(np.float32(v)))
    return int(v)


def enc(a):
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "data": [enc_scalar(x) for x in a.ravel(order="C")]}


def enc_args(v):
    """Encodes NaN, Inf and -0 in arguments as the arrays' data does."""
    if isinstance(v, dict):
        return {k: enc_args(x) for k, x in v.items()}
    if isinstance(v, list):
        return [enc_args(x) for x in v]
    if isinstance(v, float):
        return enc_scalar(v)
    return v


def view(a, v):
    if v.startswith("b:"):  # a broadcast operand: stride 0 on the stretched axes
        return np.broadcast_to(a, [int(d) for d in v[2:].split(",")])
    if v == "T":
        return a.T
    if v.startswith("s:"):
        return eval("a[" + v[2:] + "]", {"a": a})
    return a


cases = []


def case(fn, a=None, v="", arrays=None, args=None, call=None, shares=None, note=""):
    """Runs call(inputs) and records its result or its error."""
    c = {"fn": fn, "args": enc_args(args or {})}
    inputs = []
    if a is not None:
        c["a"], c["view"] = enc(a), v
        inputs = [view(np.asarray(a), v)]
    if arrays is not None:
        c["arrays"] = [{"a": enc(x), "view": xv} for x, xv in arrays]
        inputs = [[view(np.asarray(x), xv) for x, xv in arrays]]
    try:
        out = call(*inputs)
    except np.AxisError:
        c["error"] = "shape"
    except IndexError as e:  # NumPy's fancy indexing reports shapes that do not broadcast as IndexError
        c["error"] = "shape" if "shape mismatch" in str(e) else "index"
    except (ValueError, TypeError) as e:
        c["error"] = "index" if "out of bounds" in str(e) else "shape"
    else:
        if isinstance(out, (list, tuple)):
            c["want_list"] = [enc(o) for o in out]
        else:
            c["want"] = enc(out)
        if shares is not None and not isinstance(out, np.generic):  # a[()] of a 0-d array is a scalar, no view
            c["shares"] = bool(shares(inputs, out))
    if note:
        c["note"] = note
    cases.append(c)


nan, inf = float("nan"), float("inf")
f64 = np.array([[1.5, -0.0, nan], [inf, -inf, 2.0]])
cube = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
ints = np.arange(12, dtype=np.int64).reshape(3, 4)
zero_d = np.array(3.25)
empty = np.zeros((0, 3))
one = np.array([7.0])
shares = lambda ins, out: np.shares_memory(out, ins[0])

# ---- casting ----
def cast_inputs(name):
    dt = np.dtype(name)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        small = [0, 1, 7, 100]
        wide = [info.min, info.max, -1 if dt.kind == "i" else 255, 300 % (info.max + 1), info.max // 3]
        return [np.array(small, dtype=dt), np.array(wide, dtype=dt)]
    if dt.kind == "f":
        return [np.array([0.0, -0.0, 1.0, 7.9, -2.5, 100.25], dtype=dt),
                np.array([nan], dtype=dt), np.array([inf, 1.0], dtype=dt),
                np.array([3e9, -1.0], dtype=dt), np.array([1e300 if dt == np.float64 else 3e38, 0.5], dtype=dt)]
    return [np.array([1 + 0j, -2.5 + 3j, -0.0 + 0j], dtype=dt), np.array([complex(nan, 1), 2], dtype=dt)]


def cast_expect(src, dst, casting):
    """numgo's rule: NumPy's can_cast for the kinds, NumPy's values, and an
    error for a value an integer kind cannot hold (under every rule for
    floats, under same_kind for integers)."""
    s, d = src.dtype, np.dtype(dst)
    if not np.can_cast(s, d, casting):
        return None, "cast"
    if d.kind in "iu":
        info = np.iinfo(d)
        if s.kind in "fc":
            re = src.real.astype(np.float64)
            t = np.trunc(re)
            if not np.all(np.isfinite(re)) or np.any(t < info.min) or np.any(t >= float(info.max) + 1):
                return None, "cast"
        elif casting != "unsafe" and not np.can_cast(s, d, "safe"):
            if any(int(x) < info.min or int(x) > info.max for x in src):
                return None, "cast"
    return src.astype(d, casting="unsafe"), ""


for sname in NAMES:
    for src in cast_inputs(sname):
        for dname in NAMES:
            for casting in ["same_kind", "safe", "unsafe"]:
                want, err = cast_expect(src, dname, casting)
                c = {"fn": "Cast", "a": enc(src), "view": "", "args": {"dst": dname, "casting": casting,
                                                                 "can_cast": bool(np.can_cast(src.dtype, dname, casting))}}
                if err:
                    c["error"] = err
                else:
                    c["want"] = enc(want)
                cases.append(c)
# A transposed and a strided input.
case("Cast", np.arange(6, dtype=np.int32).reshape(2, 3) - 2, "T", args={"dst": "float32", "casting": "same_kind", "can_cast": True},
     call=lambda a: a.astype(np.float32))
case("Cast", np.arange(12, dtype=np.float64).reshape(3, 4) * 1.5, "s:::-1, ::2", args={"dst": "int16", "casting": "unsafe", "can_cast": True},
     call=lambda a: a.astype(np.int16))
case("Cast", np.array([1, 300, -7], dtype=np.int64), "b:4,3", args={"dst": "int16", "casting": "same_kind", "can_cast": True},
     call=lambda a: a.astype(np.int16))
case("Cast", np.array([[1.5], [nan]]), "b:2,3", args={"dst": "int32", "casting": "unsafe", "can_cast": True},
     call=lambda a: a.astype(np.int32))
cases[-1].pop("want")  # NumPy gives INT_MIN with a RuntimeWarning; numgo refuses NaN
cases[-1]["error"], cases[-1]["note"] = "cast", "NaN to an integer kind is an error; NumPy gives INT_MIN"
case("Cast", zero_d, "", args={"dst": "complex64", "casting": "same_kind", "can_cast": True}, call=lambda a: a.astype(np.complex64))

# ---- constructors ----
for start, stop, num, endpoint, dt in [(0, 1, 5, True, "float64"), (0, 1, 5, False, "float64"), (1, 0, 4, True, "float64"),
                                       (2, 2, 3, True, "float64"), (0, 1, 0, True, "float64"), (3, 9, 1, True, "float64"),
                                       (3, 9, 1, False, "float64"), (-1, 7, 5, True, "int64"), (-7, 7, 6, False, "int64"),
                                       (0, 1, 7, True, "float32"), (-1e-300, 1e-300, 5, True, "float64"), (0, 1, -1, True, "float64")]:
    case("Linspace", args={"start": start, "stop": stop, "num": num, "endpoint": endpoint, "dtype": dt},
         call=lambda: np.linspace(start, stop, num, endpoint=endpoint, dtype=dt))
for start, stop, num, endpoint, base, dt in [(0, 3, 4, True, 10.0, "float64"), (0, 1, 5, False, 2.0, "float64"),
                                             (-2, 2, 9, True, math.e, "float32"), (1, 1, 0, True, 10.0, "float64")]:
    case("Logspace", args={"start": start, "stop": stop, "num": num, "endpoint": endpoint, "base": base, "dtype": dt},
         call=lambda: np.logspace(start, stop, num, endpoint=endpoint, base=base, dtype=dt))
for n, m, k in [(3, 4, 1), (4, 3, -2), (0, 0, 0), (3, 3, 5), (1, 1, 0), (2, 5, -9), (-1, 2, 0)]:
    case("Eye", args={"n": n, "m": m, "k": k}, call=lambda: np.eye(n, m, k))
    if n >= 0:  # np.tri(-1, m) is an empty (0, m) array by accident of arange; numgo refuses it as Eye does
        case("Tri", args={"n": n, "m": m, "k": k}, call=lambda: np.tri(n, m, k))
for n in [0, 1, 3]:
    case("Identity", args={"n": n}, call=lambda: np.identity(n))
for a, v in [(f64, ""), (f64, "T"), (cube, "s:::2, 1:, ::-3"), (zero_d, ""), (empty, "")]:
    case("ZerosLike", a, v, call=lambda x: np.zeros_like(x))
    case("OnesLike", a, v, call=lambda x: np.ones_like(x))
    case("FullLike", a, v, args={"v": -0.0}, call=lambda x: np.full_like(x, -0.0))
for a, v, k in [(np.array([1.0, nan, -0.0]), "", 0), (np.array([1.0, 2.0]), "", 1), (np.array([1.0, 2.0]), "", -2),
                (cube[0], "", 0), (cube[0], "", 1), (cube[0], "", -1), (cube[0], "", 7), (cube[0], "T", 2),
                (cube[0], "s:::-1, ::2", 0), (np.zeros(0), "", 0), (one, "", 0), (cube, "", 0), (zero_d, "", 0)]:
    case("Diag", a, v, args={"k": k}, call=lambda x: np.diag(x, k))
for xs, ix in [([np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])], "xy"), ([np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])], "ij"),
               ([np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]), np.array([6.0, -0.0])], "xy"),
               ([np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]), np.array([6.0, -0.0])], "ij"),
               ([np.array([1.0, 2.0])], "xy"), ([np.zeros(0), np.array([1.0])], "xy"),
               ([np.arange(4.0).reshape(2, 2), np.array([9.0])], "ij")]:
    case("Meshgrid", arrays=[(x, "") for x in xs], args={"indexing": ix}, call=lambda arrs: np.meshgrid(*arrs, indexing=ix))

# ---- shape ----
ones = np.arange(6.0).reshape(1, 3, 1, 2)
for a, v, axes in [(ones, "", []), (ones, "", [0]), (ones, "", [-2, 0]), (ones, "", [1]), (ones, "", [4]),
                   (zero_d, "", []), (one, "", []), (ones, "T", [])]:
    case("Squeeze", a, v, args={"axes": axes}, call=lambda x: np.squeeze(x, tuple(axes)) if axes else np.squeeze(x), shares=shares)
for a, v, axes in [(f64, "", [0]), (f64, "", [-1]), (f64, "", [0, 3]), (f64, "T", [1]), (zero_d, "", [0]),
                   (f64, "", [3]), (f64, "", [1, 1]), (empty, "", [2])]:
    case("ExpandDims", a, v, args={"axes": axes}, call=lambda x: np.expand_dims(x, tuple(axes)), shares=shares)
for a, v, shape in [(np.array([1.0, 2.0, 3.0]), "", [4, 3]), (f64, "s::, 1:2", [2, 2, 5]), (zero_d, "", [2, 3]),
                    (zero_d, "", []), (f64, "", [3]), (np.array([1.0, 2.0, 3.0]), "", [3, 2]), (empty, "", [2, 0, 3]),
                    (one, "", [0])]:
    case("BroadcastTo", a, v, args={"shape": shape}, call=lambda x: np.broadcast_to(x, shape), shares=shares)
for a, v, src, dst in [(cube, "", 0, -1), (cube, "", 2, 0), (cube, "T", 1, 2), (cube, "", 3, 0), (cube, "", 0, -4)]:
    case("MoveAxis", a, v, args={"from": src, "to": dst}, call=lambda x: np.moveaxis(x, src, dst), shares=shares)
for a, v, i, j in [(cube, "", 0, 2), (cube, "s:::-1, :, 1::2", -1, 1), (f64, "", 0, 0), (f64, "", 0, 2)]:
    case("SwapAxes", a, v, args={"i": i, "j": j}, call=lambda x: np.swapaxes(x, i, j), shares=shares)
reshape_shares = lambda ins, out: np.shares_memory(ins[0].reshape(-1), ins[0])
for a, v in [(cube, ""), (cube, "T"), (cube, "s::, 1:2, ::2"), (np.arange(10.0), "s:::3"), (cube, "s:1, ::-1"),
             (zero_d, ""), (empty, ""), (one, ""), (f64, "s::, ::-1")]:
    case("Ravel", a, v, call=lambda x: np.ravel(x), shares=reshape_shares,
         note="view when reshape(-1) is one (NumPy's ravel copies evenly strided views)")
    case("Flatten", a, v, call=lambda x: x.flatten(), shares=shares)
for a, v, reps in [(np.array([1.0, 2.0]), "", [2, 3]), (f64, "T", [2]), (cube, "", [1, 2, 1, 2]), (zero_d, "", [3]),
                   (f64, "", [0, 2]), (empty, "", [2, 2]), (f64, "", [-1])]:
    case("Tile", a, v, args={"reps": reps}, call=lambda x: np.tile(x, reps) if min(reps) >= 0 else (_ for _ in ()).throw(ValueError()))
for a, v, reps, axis in [(np.array([1.0, 2.0]), "", [2], 0), (f64, "", [1, 3], 0), (f64, "T", [0, 1, 2], 0),
                         (f64, "", [2], -1), (f64, "", [1, 2], 1), (f64, "", [2], 2), (empty, "", [3], 1), (f64, "", [-1], 0)]:
    case("Repeat", a, v, args={"repeats": reps, "axis": axis}, call=lambda x: np.repeat(x, reps, axis))
for a, v, axes in [(cube, "", []), (cube, "", [0]), (cube, "", [-1, 1]), (f64, "T", [0]), (zero_d, "", []), (empty, "", [0]),
                   (cube, "", [3])]:
    case("Flip", a, v, args={"axes": axes}, call=lambda x: np.flip(x, tuple(axes) if axes else None), shares=shares)
for a, v, shift, axis in [(np.array([1.0, 2.0, 3.0]), "", 1, 0), (cube, "", -5, 2), (cube, "T", 7, 1), (f64, "", 0, 0),
                          (empty, "", 2, 0), (empty, "", 2, 1), (f64, "", 1, 2)]:
    case("Roll", a, v, args={"shift": shift, "axis": axis}, call=lambda x: np.roll(x, shift, axis))
for a, v, widths, mode in [(f64, "", [[1, 1]], "constant"), (f64, "", [[0, 2], [3, 1]], "constant"), (f64, "", [[1, 2], [2, 1]], "edge"),
                           (cube, "T", [[1, 0], [0, 1], [2, 2]], "edge"), (np.array([1.0, 2.0]), "", [[3, 2]], "edge"),
                           (zero_d, "", [[1, 1]], "constant"), (empty, "", [[1, 1]], "constant"), (empty, "", [[1, 1]], "edge"),
                           (f64, "", [[1, -1]], "constant"), (f64, "", [[1, 1], [1, 1], [1, 1]], "constant")]:
    value = -0.0
    case("Pad", a, v, args={"widths": widths, "mode": mode, "value": value},
         call=lambda x: np.pad(x, widths, mode=mode, **({"constant_values": value} if mode == "constant" else {})))
for expr in ["...", "..., -1", "1, ...", "0, ..., ::2", ":, ..., 1:3", "..., 0, 0, 0", "..., ...", "0, 0, 0, 0, ..."]:
    case("SliceExpr", cube, "", args={"expr": expr}, call=lambda x: x[eval("np.s_[" + expr + "]")], shares=shares)

# Broadcast operands (stride 0) into the copying functions.
bcol = np.array([[1.0], [-0.0], [nan]])
for fn, call, args in [("Flatten", lambda x: x.flatten(), {}), ("Tile", lambda x: np.tile(x, [2, 1]), {"reps": [2, 1]}),
                       ("Roll", lambda x: np.roll(x, 1, 1), {"shift": 1, "axis": 1}),
                       ("Repeat", lambda x: np.repeat(x, [2], 0), {"repeats": [2], "axis": 0}),
                       ("Pad", lambda x: np.pad(x, [[1, 0]], mode="edge"), {"widths": [[1, 0]], "mode": "edge", "value": 0.0}),
                       ("Take", lambda x: np.take(x, [3, 0], 1), {"indices": [3, 0], "axis": 1}),
                       ("Diag", lambda x: np.diag(x, 1), {"k": 1}), ("ZerosLike", lambda x: np.zeros_like(x), {})]:
    case(fn, bcol, "b:3,4", args=args, call=call)
case("Ravel", np.array([1.0, 2.0]), "b:3,2", call=lambda x: np.ravel(x), shares=reshape_shares)

# ---- joining and splitting ----
a23, b13 = np.arange(6.0).reshape(2, 3), np.array([[nan, -0.0, inf]])
for arrays, axis in [([(a23, ""), (b13, "")], 0), ([(a23, "T"), (b13, "T")], 1), ([(a23, ""), (a23, "s::, ::-1")], 1),
                     ([(empty, ""), (empty, "")], 0), ([(a23, ""), (b13, "")], 1), ([(a23, ""), (np.arange(3.0), "")], 0),
                     ([(zero_d, ""), (zero_d, "")], 0), ([(a23, "")], -1), ([(a23, ""), (a23, "")], 2),
                     ([(b13, "b:3,3"), (a23, "")], 0)]:
    case("Concatenate", arrays=arrays, args={"axis": axis}, call=lambda arrs: np.concatenate(arrs, axis))
for arrays, axis in [([(a23, ""), (a23, "s::, ::-1")], 0), ([(a23, ""), (a23, "")], 2), ([(a23, ""), (a23, "")], -1),
                     ([(zero_d, ""), (zero_d, "")], 0), ([(a23, ""), (b13, "")], 0), ([(a23, "")], 3)]:
    case("Stack", arrays=arrays, args={"axis": axis}, call=lambda arrs: np.stack(arrs, axis))
for arrays in [[(np.arange(3.0), ""), (np.arange(3.0), "s:::-1")], [(a23, ""), (b13, "")], [(zero_d, ""), (one, "")],
               [(a23, ""), (np.arange(2.0), "")]]:
    case("VStack", arrays=arrays, call=lambda arrs: np.vstack(arrs))
    case("HStack", arrays=arrays, call=lambda arrs: np.hstack(arrs))
split_shares = lambda ins, out: all(np.shares_memory(o, ins[0]) for o in out if o.size)
for a, v, n, axis in [(np.arange(6.0), "", 3, 0), (cube, "", 2, 1), (cube, "T", 2, 0), (np.arange(7.0), "", 3, 0), (empty, "", 3, 0)]:
    case("Split", a, v, args={"n": n, "axis": axis}, call=lambda x: np.split(x, n, axis), shares=split_shares)
for a, v, n, axis in [(np.arange(7.0), "", 3, 0), (cube, "", 3, 2), (empty, "", 2, 1), (np.arange(3.0), "", 5, 0), (np.arange(3.0), "", 0, 0)]:
    case("ArraySplit", a, v, args={"n": n, "axis": axis}, call=lambda x: np.array_split(x, n, axis), shares=split_shares)
for a, v, idx, axis in [(np.arange(7.0), "", [2, 5], 0), (cube, "", [1, -1], 2), (np.arange(7.0), "", [5, 2, 9], 0), (cube, "", [], 0)]:
    case("SplitAt", a, v, args={"indices": idx, "axis": axis}, call=lambda x: np.split(x, idx, axis))

# ---- indexing ----
big = np.arange(30.0).reshape(5, 6)
for a, v, idx, axis in [(big, "", [4, 0, -1, 0], 0), (big, "", [5, -6], 1), (big, "T", [1, 1], 0), (cube, "s::, ::-1", [2, 0], 1),
                        (f64, "", [], 1), (big, "", [5], 0), (big, "", [-7], 1), (one, "", [0, 0, -1], 0), (big, "", [0], 2),
                        # the gather paths: along the last axis of a transpose (strided source), of a reversed view,
                        # into the middle of a cube with strided slabs; empty axes before and after the one taken
                        (big, "T", [4, -1, 0, 4], 1), (np.arange(7.0), "s:::-2", [3, -4, 0], 0), (cube, "T", [3, 0, -4], 0),
                        (cube, "s::, :, ::2", [2, -3], 1), (np.zeros((0, 5)), "", [7, -6], 1), (np.zeros((5, 0)), "", [7], 0),
                        (np.zeros((5, 0)), "", [4, -5], 0), (np.zeros((2, 0, 3)), "", [-4], 2), (big, "", [-6, 5], 1)]:
    case("Take", a, v, args={"indices": idx, "axis": axis}, call=lambda x: np.take(x, idx, axis))
for a, v, idx, axis in [(big, "", [[0], [2], [1], [5], [-1]], 1), (big, "", [[4, 0, 1, 2, 3, 4]], 0), (big, "T", [[0, 4], [1, 1]], 1),
                        (big, "", [[6]], 1), (big, "", [0, 1], 0), (cube, "", [[[0]], [[2]]], 1), (big, "", [[0, 0], [1, 1]], 1)]:
    case("TakeAlongAxis", a, v, args={"indices": idx, "axis": axis}, call=lambda x: np.take_along_axis(x, np.array(idx), axis))


def put(x, idx, vals):
    y = x.copy()
    np.put(y, idx, vals)
    return y


for a, v, idx, vals in [(big, "", [0, -1, 7], [9.0, nan]), (big, "T", [1, 2], [-0.0]), (big, "", [30], [1.0]), (zero_d, "", [0], [2.0]),
                        (big, "", [], [])]:
    case("Put", a, v, args={"indices": idx, "values": vals}, call=lambda x: put(x, idx, vals),
         note="in place; the case compares the whole array after")


def mask_of(x, kind):
    return {"pos": (x > 2) & np.isfinite(x) | np.isnan(x), "none": np.zeros(x.shape, bool), "all": np.ones(x.shape, bool)}[kind]


def place(x, kind, vals):
    y = x.copy()
    np.place(y, mask_of(x, kind), vals)
    return y


for a, v in [(f64, ""), (f64, "T"), (big, "s:::2, ::-2"), (zero_d, ""), (empty, "")]:
    for kind in ["pos", "none", "all"]:
        case("Extract", a, v, args={"mask": kind}, call=lambda x: x[mask_of(x, kind)])
        for vals in [[-1.0], [1.0, 2.0]]:
            case("Place", a, v, args={"mask": kind, "values": vals}, call=lambda x: place(x, kind, vals))
for a, v in [(f64, ""), (f64, "T"), (cube, "s::, :, ::3"), (np.array([0.0, -0.0, nan, 1.0]), ""), (zero_d, ""), (np.array(0.0), ""), (empty, "")]:
    case("Nonzero", a, v, call=lambda x: np.nonzero(np.atleast_1d(x)))
    case("ArgWhere", a, v, call=lambda x: np.argwhere(x))

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "nd_surface.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
print(len(cases), "cases written to", out)
