#!/usr/bin/python3
"""Writes cases.json: arrays and the strings NumPy prints for them.

Run from the repository root with a Python that has NumPy:

    /usr/bin/python3 testdata/format/gen.py

Each case holds the dtype, shape, the elements in row-major order (floats
as Python reprs, which round-trip exactly; complex as [real, imag]), the
print precision, and NumPy's str() of the array under its default print
options with that precision. nd's TestFormatNumPy checks Array.Format
against every case (%v, or %.Nv for another precision).
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(8)
cases = []


def add(name, a, precision=8):
    a = np.asarray(a)
    with np.printoptions(precision=precision):
        want = str(a)
    if a.dtype.kind == "c":
        vals = [[repr(float(v.real)), repr(float(v.imag))] for v in a.ravel()]
    elif a.dtype.kind == "f":
        vals = [repr(float(v)) for v in a.ravel()]
    else:
        vals = [str(int(v)) for v in a.ravel()]
    cases.append({"name": name, "dtype": a.dtype.name, "shape": list(a.shape),
                  "values": vals, "precision": precision, "want": want})


nan, inf = float("nan"), float("inf")
add("whole floats", np.arange(3.0))
add("issue example", np.array([0.0009523809523809535, 0.18095238095238092]))
add("ragged fractions", [0.5, 1.0, 2.25])
add("rounded to 8 digits", [0.1 + 0.2, 1 / 3, 2.0])
add("round half even", [0.123456785, 2.5])
add("negative", [-1.5, 2.0, 3.25, -0.0])
add("negative zero only", [-0.0, 0.0])
add("small magnitude", [1e-5, 1.5, nan, -inf])
add("large magnitude", [1e8, 1.0])
add("large ratio", [1.0, 1001.0])
add("ratio at 1000", [1.0, 1000.0])
add("three exponent digits", [1e-100, 1.0])
add("extreme", [1e300, -1e-300, 0.0])
add("zero and small", [0.0, 1e-5])
add("only zeros", np.zeros(4))
add("nan and inf", [nan, inf])
add("nan and -inf", [nan, -inf])
add("inf among fractions", [0.25, inf, -inf, nan])
add("sci with long mantissa", [1.234567891234e-7, 3.0])
add("sci negative", [-2.5e10, 3e-3])
add("random 2-D", rng.standard_normal((4, 5)))
add("random 3-D", rng.standard_normal((2, 3, 4)))
add("random uniform wrapped", rng.uniform(0, 1, 40))
add("wrapped whole", np.arange(30.0))
add("wrapped rows", np.arange(90.0).reshape(3, 30) / 7)
add("wrapped 3-D", np.arange(2 * 2 * 26.0).reshape(2, 2, 26) * 1.5)
add("elided 1-D", np.arange(1001.0))
add("elided 2-D", np.arange(2000.0).reshape(40, 50) / 3)
add("elided 3-D", np.arange(1100.0).reshape(10, 10, 11))
add("elided wide rows", np.arange(2000.0).reshape(2, 1000) * 1e-3)
add("float32", np.array([0.1, 0.2, 1 / 3, 16777217.0 / 2**10], dtype=np.float32))
add("float32 random", rng.standard_normal((3, 3)).astype(np.float32))
add("float32 sci", np.array([1e-6, 2.5, 3e9], dtype=np.float32))
add("complex", [1 + 2j, 3.5 - 1j, complex(nan, 1)])
add("complex sci", [1e-6 + 1j, 2 - 3e5j])
add("complex random", (rng.standard_normal(6) + 1j * rng.standard_normal(6)).reshape(2, 3))
add("complex inf", [complex(inf, -inf), 1 + 1j])
add("complex64", np.array([0.1 + 0.2j, -1.5 + 0j], dtype=np.complex64))
add("int 2-D", np.array([[1, 2, 3], [-40, 5, 6]]))
add("int elided", np.arange(2000).reshape(40, 50))
add("int wrapped", np.arange(100) * 1000)
add("int8", np.array([-128, 0, 127], dtype=np.int8))
add("uint64", np.array([0, 2**64 - 1], dtype=np.uint64))
add("empty (0,)", np.zeros(0))
add("empty (0, 3)", np.zeros((0, 3)))
add("empty (3, 0)", np.zeros((3, 0)))
add("empty (2, 0, 3)", np.zeros((2, 0, 3), dtype=np.int64))
add("column", np.arange(5.0).reshape(5, 1) / 4)
add("precision 3", rng.standard_normal(6), precision=3)
add("precision 3 sci", [1.23456e-6, 1.0], precision=3)
add("precision 0", [0.5, 1.5, 2.25], precision=0)

# One case a line, so a diff shows which cases changed.
sys.stdout.write('{"numpy": %s, "cases": [\n' % json.dumps(np.__version__))
sys.stdout.write(",\n".join(json.dumps(c) for c in cases))
sys.stdout.write("\n]}\n")
