# Generates reduce_numpy.json: NumPy 1.24's axis reductions (sum, mean, min,
# max, argmin, argmax, var, std) along axis 0 and 1 of float64 and float32
# matrices, dense, transposed and stepped, with ties, NaNs and empty axes,
# for nd/ops/reduce_numpy_test.go. Run with /usr/bin/python3 (NumPy 1.24):
#
#   /usr/bin/python3 nd/ops/testdata/reduce_numpy.py > nd/ops/testdata/reduce_numpy.json
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")  # mean and var of nothing warn
rng = np.random.default_rng(18)
FUNCS = ["sum", "mean", "min", "max", "argmin", "argmax", "var", "std"]


def text(a):
    # repr of the float64 value: exact for float32 too; nan and inf parse in Go.
    return [repr(float(v)) for v in np.asarray(a, dtype=np.float64).ravel()]


def matrices():
    # Ties everywhere: small integers.
    yield "ties", rng.integers(0, 4, (9, 7)).astype(np.float64)
    # NaNs: two in one column (the first wins), one in the first row, one
    # in the last row, one in a column whose extreme is tied.
    a = rng.integers(0, 5, (8, 6)).astype(np.float64)
    a[2, 1] = a[5, 1] = np.nan
    a[0, 3] = np.nan
    a[7, 4] = np.nan
    a[3, 0] = np.nan
    a[6, 0] = np.nan
    yield "nans", a
    # Infinities beside finite values.
    a = rng.standard_normal((6, 5))
    a[1, 2], a[4, 2], a[2, 3] = np.inf, -np.inf, -np.inf
    yield "infs", a
    # More rows than one block of column joins (128), values of mixed size.
    yield "tall", rng.standard_normal((260, 20)) * 10.0 ** rng.integers(-3, 4, (260, 20))
    # Long rows: extremes tied far apart, a NaN past the middle.
    a = rng.integers(0, 1000, (2, 4400)).astype(np.float64)
    a[0, 2100] = a[0, 4300] = -5
    a[0, 10] = 1200
    a[0, 4399] = 1200
    a[1, 4097] = np.nan
    a[1, 4098] = -7
    yield "wide", a
    # Rows of several vectors for the one-pass SIMD argmin/argmax (lanes of
    # 4, 8 and 16 elements, 2 or 4 vectors a step, the last vector read
    # again where it ends): NaNs at various lanes and in the tail, extremes
    # tied across lanes, rows of one value (±Inf, ±0, NaN, 2), zeros of
    # both signs as the extreme.
    for cols in [17, 101]:
        a = rng.integers(0, 4, (14, cols)).astype(np.float64)
        a[1, 13] = np.nan
        a[2, cols - 1] = np.nan
        a[3, 3] = a[3, cols - 5] = np.nan
        a[4] = 2.0
        a[5] = np.inf
        a[6] = -np.inf
        a[7] = -0.0
        a[7, 1::3] = 0.0
        a[8, [5, 6, cols - 2]] = -1.0
        a[8, [2, 11, cols - 3]] = 9.0
        a[9] = 1.0
        a[9, 9], a[9, 4], a[9, cols - 1] = 0.0, -0.0, -0.0
        a[10] = np.nan
        a[11] = np.inf
        a[11, [7, 12]] = -np.inf
        a[12] = rng.standard_normal(cols)
        a[12, cols - 1] = -50.0
        a[12, 0] = 50.0
        a[13] = -np.inf
        a[13, [cols - 4, 15]] = np.inf
        yield "lanes%d" % cols, a
    # A mean far from zero: the two-pass variance matters.
    yield "offset", 1e6 + rng.standard_normal((40, 9))
    # Zeros of both signs where they are the extreme (with ones beside them
    # for min, minus ones for max): along axis 0 NumPy's x86 loops keep the
    # later row's zero, so the sign is checked there (see the Go test).
    yield "zeros_min", rng.choice([0.0, -0.0, 1.0], (260, 24))  # past a block of 128 rows
    yield "zeros_max", rng.choice([0.0, -0.0, -1.0], (11, 70))


VIEWS = {"dense": lambda a: a, "T": lambda a: a.T, "step": lambda a: a[::2, ::3]}


def main():
    mats, cases = [], []
    for name, m in matrices():
        for dtype in ["float64", "float32"]:
            a = m.astype(dtype)
            mats.append({"Name": name, "Dtype": dtype, "Shape": list(a.shape), "Data": text(a)})
            for view, f in VIEWS.items():
                v = f(a)
                for func in FUNCS:
                    for axis in [0, 1]:
                        if (name == "wide" or name.startswith("lanes")) and (view, axis) not in [("dense", 1), ("T", 0)]:
                            continue  # only the reductions along the long rows
                        r = getattr(np, func)(v, axis=axis)
                        cases.append({"Matrix": len(mats) - 1, "View": view, "Func": func, "Axis": axis, "Want": text(r)})
    # Empty axes: NumPy's sum is 0, mean/var/std NaN; min, max and the arg
    # forms raise where the result is not empty.
    for shape in [(0, 3), (3, 0)]:
        a = np.zeros(shape)
        mats.append({"Name": "empty", "Dtype": "float64", "Shape": list(shape), "Data": []})
        for func in FUNCS:
            for axis in [0, 1]:
                c = {"Matrix": len(mats) - 1, "View": "dense", "Func": func, "Axis": axis}
                try:
                    c["Want"] = text(getattr(np, func)(a, axis=axis))
                except ValueError:
                    c["Error"] = True
                cases.append(c)
    print(json.dumps({"NumPy": np.__version__, "Matrices": mats, "Cases": cases}))


main()
