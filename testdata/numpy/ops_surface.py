#!/usr/bin/python3
"""Writes ops_surface.json: inputs and NumPy's results for the sorting,
cumulative, logic, arithmetic and statistics functions of nd/ops
(nd/ops/surface_numpy_test.go reads it). Run with Debian's NumPy 1.24:

    /usr/bin/python3 testdata/numpy/ops_surface.py

Each case: op (the Go function), dtype, inputs a (and b, w, v) as
{shape, data} in row-major order, parameters p, and NumPy's answer want
(unique also values/indices/inverse/counts). Floats that JSON cannot hold
are the strings "nan", "inf", "-inf". t=true means the Go test transposes
a before the call (NumPy was given a.T).
"""
import json, math, os
import numpy as np

assert np.__version__.startswith("1.24"), np.__version__

def enc(x):
    x = np.asarray(x)
    out = []
    for v in x.ravel().tolist():
        if isinstance(v, float):
            if math.isnan(v): v = "nan"
            elif math.isinf(v): v = "inf" if v > 0 else "-inf"
        elif isinstance(v, bool):
            v = int(v)
        out.append(v)
    return {"shape": list(x.shape), "data": out}

cases = []
def case(op, dtype, a, want, p=None, t=False, **arrays):
    c = {"op": op, "dtype": dtype, "a": enc(a), "want": enc(want) if want is not None else None, "p": p or {}, "t": t}
    for k, v in arrays.items():
        c[k] = enc(v) if isinstance(v, (np.ndarray, list)) else v
    cases.append(c)

rng = np.random.default_rng(19)
nan, inf = float("nan"), float("inf")
special = np.array([3.0, -0.0, nan, 1.0, 0.0, -inf, 2.0, nan, inf, -1.0, 0.0, -0.0, 1.0, 3.0])
ties = np.array([2, 1, 2, 3, 1, 1, 0, 3, 2, 2], dtype=np.int64)
mat = rng.standard_normal((4, 5)).round(2)
mat[1, 2] = mat[0, 0]  # a tie
ints = rng.integers(-20, 20, size=(3, 4))

# --- sorting and searching
for name, a in [("special", special), ("ties", ties.astype(np.float64)), ("empty", np.zeros(0)),
                ("one", np.array([5.0])), ("big", rng.standard_normal(300))]:
    case("Sort", "float64", a, np.sort(a, kind="stable"), {"axis": -1})
    case("ArgSort", "float64", a, np.argsort(a, kind="stable"), {"axis": -1})
for ax in (0, 1, -1):
    case("Sort", "float64", mat, np.sort(mat, axis=ax, kind="stable"), {"axis": ax})
    case("ArgSort", "float64", mat, np.argsort(mat, axis=ax, kind="stable"), {"axis": ax})
    case("Sort", "int64", ints, np.sort(ints, axis=ax, kind="stable"), {"axis": ax})
    case("ArgSort", "int64", ints, np.argsort(ints, axis=ax, kind="stable"), {"axis": ax})
case("Sort", "float64", mat, np.sort(mat.T, axis=1, kind="stable"), {"axis": 1}, t=True)
case("ArgSort", "int64", ties, np.argsort(ties, kind="stable"), {"axis": 0})
u8 = np.array([200, 3, 255, 0, 3, 128], dtype=np.uint8)
case("Sort", "uint8", u8, np.sort(u8, kind="stable"), {"axis": 0})
i8 = np.array([-128, 127, -1, 0, 5, -128], dtype=np.int8)
case("ArgSort", "int8", i8, np.argsort(i8, kind="stable"), {"axis": 0})
f32 = special.astype(np.float32)
case("Sort", "float32", f32, np.sort(f32, kind="stable"), {"axis": 0})
case("ArgSort", "float32", f32, np.argsort(f32, kind="stable"), {"axis": 0})
# Partition: NumPy's order inside each side is its own; the test checks the
# partition property and that position kth holds the sorted element.
for a, kth, ax in [(special, 3, 0), (special, -1, 0), (mat, 2, 1), (mat, 0, 0), (ints, 1, 1), (rng.standard_normal(100), 37, 0)]:
    dt = "int64" if a.dtype.kind == "i" else "float64"
    case("Partition", dt, a, np.sort(a, axis=ax, kind="stable"), {"kth": kth, "axis": ax})
    case("ArgPartition", dt, a, np.sort(a, axis=ax, kind="stable"), {"kth": kth, "axis": ax})
srt = np.array([-inf, -1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.5, inf, nan])
vals = np.array([[1.0, -0.0, nan], [-inf, 3.0, 1.0], [inf, -5.0, 2.5]])
for side in ("left", "right"):
    case("SearchSorted", "float64", srt, np.searchsorted(srt, vals, side=side), {"side": side}, v=vals)
    case("SearchSorted", "int64", np.array([1, 2, 2, 2, 5]), np.searchsorted([1, 2, 2, 2, 5], [[0, 2], [5, 6]], side=side), {"side": side}, v=np.array([[0, 2], [5, 6]]))
case("SearchSorted", "float64", np.zeros(0), np.searchsorted(np.zeros(0), [1.0, 2.0]), {"side": "left"}, v=np.array([1.0, 2.0]))
for name, a, dt in [("special", special, "float64"), ("ties", ties, "int64"), ("mat", mat, "float64"), ("empty", np.zeros(0), "float64"),
                    ("ints2d", ints, "int64"), ("zero", np.array([0.0, -0.0]), "float64")]:
    v, i, inv, c = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
    cases.append({"op": "Unique", "dtype": dt, "a": enc(a), "p": {}, "t": False, "want": enc(v),
                  "indices": enc(i), "inverse": enc(inv), "counts": enc(c)})

# --- cumulative
for a, dt in [(mat, "float64"), (ints, "int64"), (special, "float64")]:
    for ax in range(a.ndim):
        case("CumSum", dt, a, np.cumsum(a, axis=ax), {"axis": ax})
        case("CumProd", dt, a, np.cumprod(a, axis=ax), {"axis": ax})
        for n in (0, 1, 2, 5):
            case("Diff", dt, a, np.diff(a, n=n, axis=ax), {"n": n, "axis": ax})
case("CumSum", "float64", mat, np.cumsum(mat.T, axis=0), {"axis": 0}, t=True)
case("CumSum", "float64", np.zeros((0, 3)), np.cumsum(np.zeros((0, 3)), axis=0), {"axis": 0})
case("Diff", "uint8", u8, np.diff(u8), {"n": 1, "axis": 0})
case("CumSum", "int8", i8, np.cumsum(i8, dtype=np.int8), {"axis": 0})

# --- logic
logic_in = [("special", special), ("mat", mat), ("zeros", np.zeros((2, 3))), ("empty", np.zeros((0, 2))), ("nanonly", np.array([nan]))]
for name, a in logic_in:
    case("Any", "float64", a, np.any(a))
    case("All", "float64", a, np.all(a))
    case("CountNonzero", "float64", a, np.count_nonzero(a))
    case("IsNaN", "float64", a, np.isnan(a))
    case("IsInf", "float64", a, np.isinf(a))
    case("IsFinite", "float64", a, np.isfinite(a))
m3 = np.array([[0.0, 1.0, 0.0], [0.0, nan, 0.0], [0.0, 0.0, 0.0]])
for ax in (0, 1):
    case("AnyAxis", "float64", m3, np.any(m3, axis=ax), {"axis": ax})
    case("AllAxis", "float64", m3, np.all(m3, axis=ax), {"axis": ax})
    case("CountNonzeroAxis", "float64", m3, np.count_nonzero(m3, axis=ax), {"axis": ax})
case("CountNonzero", "int64", ints, np.count_nonzero(ints))
x = np.array([1.0, 1e10, 1e-8, nan, inf, -inf, 0.0, 1.0, 100.0])
y = np.array([1.0 + 1e-6, 1.00001e10, 0.0, nan, inf, inf, -0.0, 1.1, 100.001])
for en in (False, True):
    case("IsClose", "float64", x, np.isclose(x, y, equal_nan=en), {"equal_nan": en}, b=y)
    case("AllClose", "float64", x, np.allclose(x, y, equal_nan=en), {"equal_nan": en}, b=y)
case("IsClose", "float64", mat, np.isclose(mat, mat[0] + 1e-9), {"equal_nan": False}, b=mat[0] + 1e-9)
case("AllClose", "float64", mat, np.allclose(mat, mat + 1e-9), {"equal_nan": False}, b=mat + 1e-9)
ma = np.array([[0, 1, 2], [3, 0, 0]], dtype=np.uint8)
mb = np.array([1, 0, 7], dtype=np.uint8)
case("LogicalAnd", "uint8", ma, np.logical_and(ma, mb), b=mb)
case("LogicalOr", "uint8", ma, np.logical_or(ma, mb), b=mb)
case("LogicalXor", "uint8", ma, np.logical_xor(ma, mb), b=mb)
case("LogicalNot", "uint8", ma, np.logical_not(ma))
case("WhereScalar", "float64", mat, np.where(mat > 0, mat, 0.0), {"s": 0.0})
# The logical ops on an empty mask, against a 0-d operand (broadcast), and
# on a mask of one element; Where with NaN, ±0 and ±Inf, and on nothing.
e8, z8 = np.zeros((0, 3), dtype=np.uint8), np.array(5, dtype=np.uint8)
for a, b in [(e8, mb), (ma, z8), (np.array([0], dtype=np.uint8), np.array(0, dtype=np.uint8))]:
    case("LogicalAnd", "uint8", a, np.logical_and(a, b), b=b)
    case("LogicalOr", "uint8", a, np.logical_or(a, b), b=b)
    case("LogicalXor", "uint8", a, np.logical_xor(a, b), b=b)
    case("LogicalNot", "uint8", a, np.logical_not(a))
case("WhereScalar", "float64", special, np.where(special > 0, special, -1.5), {"s": -1.5})
case("WhereScalar", "float64", np.zeros((0, 4)), np.zeros((0, 4)), {"s": 2.0})

# --- arithmetic
fa = np.array([7.0, -7.0, 7.0, -7.0, 0.0, -0.0, 5.5, -5.5, inf, -inf, nan, 1.0, -1.0, 3.0, 1e300, 0.3])
fb = np.array([3.0, 3.0, -3.0, -3.0, 2.0, 2.0, 0.0, 0.0, 2.0, 2.0, 1.0, inf, inf, -inf, 1e-300, 0.1])
with np.errstate(all="ignore"):
    case("Remainder", "float64", fa, np.remainder(fa, fb), b=fb)
    case("FloorDivide", "float64", fa, np.floor_divide(fa, fb), b=fb)
    ia = np.array([7, -7, 7, -7, 0, 5, -5, -(2**63), 9, -9, 1, 0])
    ib = np.array([3, 3, -3, -3, 4, 0, 0, -1, 1, 10, -1, -5])
    case("Remainder", "int64", ia, np.remainder(ia, ib), b=ib)
    case("FloorDivide", "int64", ia, np.floor_divide(ia, ib), b=ib)
    ua = np.array([7, 250, 0, 9], dtype=np.uint8)
    ub = np.array([3, 7, 5, 0], dtype=np.uint8)
    case("Remainder", "uint8", ua, np.remainder(ua, ub), b=ub)
    case("FloorDivide", "uint8", ua, np.floor_divide(ua, ub), b=ub)
    case("Remainder", "float64", mat, np.remainder(mat, np.array([0.5, -0.7, 1.0, 2.0, -3.0])), b=np.array([0.5, -0.7, 1.0, 2.0, -3.0]))
    ha = np.array([3.0, 0.0, -0.0, inf, nan, 1e308, 1e-308, -5.0, 2.0, -1.0, 0.0, 0.0, inf])
    hb = np.array([4.0, 0.0, -0.0, nan, inf, 1e308, 1e-308, 12.0, -0.0, -0.0, -1.0, 1.0, -inf])
    case("Hypot", "float64", ha, np.hypot(ha, hb), b=hb)
    case("Atan2", "float64", ha, np.arctan2(ha, hb), b=hb)
    case("Copysign", "float64", ha, np.copysign(ha, hb), b=hb)
    case("Hypot", "float64", mat, np.hypot(mat, mat[:, :1]), b=mat[:, :1])
    case("Atan2", "float64", mat, np.arctan2(mat, mat[0]), b=mat[0])
    case("Square", "float64", special, np.square(special))
    case("Square", "int8", i8, np.square(i8))
    case("Reciprocal", "float64", special, np.reciprocal(special))
    pa = np.array([2, -3, 0, 1, 5, -2, 10, 3])
    pb = np.array([10, 3, 0, 100, 0, 63, 19, 40])
    case("PowInt", "int64", pa, np.power(pa, pb), b=pb)
    p8 = np.array([2, 3, 255, 16], dtype=np.uint8)
    case("PowInt", "uint8", p8, np.power(p8, np.uint8(2)), b=np.array(2, dtype=np.uint8))

# --- statistics
stat_in = [("mat", mat), ("special", special[np.isfinite(special)]), ("one", np.array([4.0])), ("even", np.array([4.0, 1.0, 3.0, 2.0])),
           ("big", rng.standard_normal(1001)), ("withnan", special)]
for name, a in stat_in:
    case("Median", "float64", a, np.median(a))
    for q in (0, 10, 25, 50, 62.5, 90, 99.9, 100):
        case("Percentile", "float64", a, np.percentile(a, q), {"q": q})
    case("Quantile", "float64", a, np.quantile(a, 0.37), {"q": 0.37})
    with np.errstate(all="ignore"):
        import warnings
        warnings.simplefilter("ignore")
        case("NanSum", "float64", a, np.nansum(a))
        case("NanMean", "float64", a, np.nanmean(a))
        case("NanMin", "float64", a, np.nanmin(a))
        case("NanMax", "float64", a, np.nanmax(a))
        case("NanStd", "float64", a, np.nanstd(a, ddof=1), {"ddof": 1})
case("Median", "float64", np.zeros(0), np.array(nan))
mn = mat.copy(); mn[2, 1] = nan; mn[3, :] = nan
import warnings
warnings.simplefilter("ignore")
for ax in (0, 1):
    case("MedianAxis", "float64", mat, np.median(mat, axis=ax), {"axis": ax})
    case("PercentileAxis", "float64", mat, np.percentile(mat, 30, axis=ax), {"axis": ax, "q": 30})
    case("QuantileAxis", "float64", mn, np.quantile(mn, 0.8, axis=ax), {"axis": ax, "q": 0.8})
    case("NanSumAxis", "float64", mn, np.nansum(mn, axis=ax), {"axis": ax})
    case("NanMeanAxis", "float64", mn, np.nanmean(mn, axis=ax), {"axis": ax})
    case("NanMinAxis", "float64", mn, np.nanmin(mn, axis=ax), {"axis": ax})
    case("NanMaxAxis", "float64", mn, np.nanmax(mn, axis=ax), {"axis": ax})
    case("NanStdAxis", "float64", mn, np.nanstd(mn, axis=ax), {"axis": ax, "ddof": 0})
case("MedianAxis", "float64", mat, np.median(mat.T, axis=0), {"axis": 0}, t=True)
cube = rng.standard_normal((3, 4, 5)).round(3)
for axes in ((0, 1), (1, 2), (0, 2), (0, 1, 2), (2, 0), (-1, -3)):
    case("SumAxes", "float64", cube, np.sum(cube, axis=axes), {"axes": list(axes)})
    case("MeanAxes", "float64", cube, np.mean(cube, axis=axes, keepdims=True), {"axes": list(axes), "keep": True})
    case("MedianAxes", "float64", cube, np.median(cube, axis=axes), {"axes": list(axes)})
    case("MaxAxes", "float64", cube, np.max(cube, axis=axes), {"axes": list(axes)})
    case("StdAxes", "float64", cube, np.std(cube, axis=axes, ddof=1), {"axes": list(axes), "ddof": 1})
for name, a in [("mat", mat), ("ints", ints), ("const", np.full(5, 2.0)), ("big", rng.standard_normal(1000))]:
    c, e = np.histogram(a, bins=7)
    cases.append({"op": "Histogram", "dtype": "int64" if a.dtype.kind == "i" else "float64", "a": enc(a), "p": {"bins": 7}, "t": False,
                  "want": enc(c), "edges": enc(e)})
c, e = np.histogram(special, bins=4, range=(-1, 3))
cases.append({"op": "HistogramRange", "dtype": "float64", "a": enc(special), "p": {"bins": 4, "lo": -1, "hi": 3}, "t": False, "want": enc(c), "edges": enc(e)})
c, e = np.histogram(np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]), bins=3, range=(0.1, 1.0))
cases.append({"op": "HistogramRange", "dtype": "float64", "a": enc(np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])),
              "p": {"bins": 3, "lo": 0.1, "hi": 1.0}, "t": False, "want": enc(c), "edges": enc(e)})
bc = np.array([0, 1, 1, 3, 2, 1, 7])
case("Bincount", "int64", bc, np.bincount(bc), {"minlength": 0})
case("Bincount", "int64", bc, np.bincount(bc, minlength=10), {"minlength": 10})
case("Bincount", "int64", np.zeros(0, dtype=np.int64), np.bincount(np.zeros(0, dtype=np.int64), minlength=3), {"minlength": 3})
bw = np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5])
case("BincountWeighted", "int64", bc, np.bincount(bc, weights=bw), {"minlength": 0}, w=bw)
wm = np.abs(rng.standard_normal((4, 5))).round(2) + 0.1
case("Average", "float64", mat, np.average(mat, weights=wm), w=wm)
case("AverageAxis", "float64", mat, np.average(mat, axis=1, weights=wm), {"axis": 1}, w=wm)
case("AverageAxis", "float64", mat, np.average(mat, axis=0, weights=wm[:, 0]), {"axis": 0}, w=wm[:, 0])
case("AverageAxis", "float64", mat, np.average(mat, axis=1, weights=wm[0]), {"axis": 1}, w=wm[0])
obs = rng.standard_normal((3, 8)).round(3)
for ddof in (0, 1):
    case("Cov", "float64", obs, np.cov(obs, ddof=ddof), {"ddof": ddof})
case("Cov", "float64", obs[0], np.cov(obs[0]), {"ddof": 1})
case("Cov", "float64", obs, np.cov(obs.T, rowvar=False), {"ddof": 1}, t=False)
case("Corrcoef", "float64", obs, np.corrcoef(obs))
case("Corrcoef", "float64", obs[1], np.corrcoef(obs[1]))
const = np.vstack([obs[:2], np.ones(8)])
case("Corrcoef", "float64", const, np.corrcoef(const))

# --- statistics in float32 (drawn after every float64 case, so those keep their inputs). NumPy keeps
# float32 for these, except cov and corrcoef, which compute and return float64: Cov[float32] returns
# float32, so its cases hold NumPy's float64 answer and the test compares after rounding it to float32.
m32, mn32, s32 = mat.astype(np.float32), mn.astype(np.float32), special.astype(np.float32)
for name, a in [("mat", m32), ("withnan", s32), ("big", rng.standard_normal(1001).astype(np.float32)),
                ("even", np.array([4, 1, 3, 2], dtype=np.float32))]:
    case("Median", "float32", a, np.median(a))
    for q in (0, 25, 62.5, 90, 100):
        case("Percentile", "float32", a, np.percentile(a, q), {"q": q})
    case("Quantile", "float32", a, np.quantile(a, 0.37), {"q": 0.37})
    case("NanSum", "float32", a, np.nansum(a))
    case("NanMean", "float32", a, np.nanmean(a))
    case("NanMin", "float32", a, np.nanmin(a))
    case("NanMax", "float32", a, np.nanmax(a))
    case("NanStd", "float32", a, np.nanstd(a, ddof=1), {"ddof": 1})
for ax in (0, 1):
    case("MedianAxis", "float32", m32, np.median(m32, axis=ax), {"axis": ax})
    case("PercentileAxis", "float32", m32, np.percentile(m32, 30, axis=ax), {"axis": ax, "q": 30})
    case("QuantileAxis", "float32", mn32, np.quantile(mn32, 0.8, axis=ax), {"axis": ax, "q": 0.8})
    case("NanMeanAxis", "float32", mn32, np.nanmean(mn32, axis=ax), {"axis": ax})
    case("NanStdAxis", "float32", mn32, np.nanstd(mn32, axis=ax), {"axis": ax, "ddof": 0})
cube32 = cube.astype(np.float32)
for axes in ((0, 1), (-1, -3)):
    case("MeanAxes", "float32", cube32, np.mean(cube32, axis=axes, keepdims=True), {"axes": list(axes), "keep": True})
    case("StdAxes", "float32", cube32, np.std(cube32, axis=axes, ddof=1), {"axes": list(axes), "ddof": 1})
wm32 = wm.astype(np.float32)
case("Average", "float32", m32, np.average(m32, weights=wm32), w=wm32)
case("AverageAxis", "float32", m32, np.average(m32, axis=1, weights=wm32), {"axis": 1}, w=wm32)
obs32 = obs.astype(np.float32)
case("Cov", "float32", obs32, np.cov(obs32, ddof=1), {"ddof": 1})
case("Corrcoef", "float32", obs32, np.corrcoef(obs32))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops_surface.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases written to", out)
