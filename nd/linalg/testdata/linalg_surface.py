#!/usr/bin/python3
"""NumPy's answers for nd/linalg's NumPy-named functions (issue 19),
MatMul (np.matmul, issue 21), the decompositions, Dot and Outer.

Run with /usr/bin/python3 (NumPy 1.24) from this directory; writes
linalg_surface.json, which TestNumPyLinalgSurface reads. Each case names the
function, its inputs (a base array in C order, its dtype, and a view of it:
"" for the array itself, "T" for its transpose, or a NumPy index such as
"::2, 1::2" for a strided view) and NumPy's result, or the error NumPy
raises ("err", named after the sentinel Go wraps). Floats that JSON cannot
hold are written as the strings "inf", "-inf" and "nan".
"""
import json
import math

import numpy as np

rng = np.random.default_rng(19)
cases = []


def num(v):
    v = float(v)
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def enc(base, view=""):
    return {"dtype": str(base.dtype), "shape": list(base.shape),
            "data": [num(v) for v in base.ravel()], "view": view}


def viewed(base, view):
    if view == "":
        return base
    if view == "T":
        return base.T
    return eval("base[" + view + "]")


def out(x):
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return {"shape": list(x.shape), "data": [[num(v.real), num(v.imag)] for v in x.ravel()]}
    return {"shape": list(x.shape), "data": [num(v) for v in x.ravel()]}


def inputs(dtype):
    """Matrices of many kinds: (name, base, view)."""
    def r(*shape):
        return rng.standard_normal(shape).astype(dtype)
    deficient = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1], [3, 2, 5]], dtype=dtype)  # rank 2
    return [
        ("square", r(4, 4), ""),
        ("tall", r(6, 3), ""),
        ("wide", r(3, 5), ""),
        ("transposed", r(5, 3), "T"),
        ("strided", r(8, 9), "::2, 1::3"),
        ("one", r(1, 1), ""),
        ("deficient", deficient, ""),
        ("deficientT", deficient, "T"),
        ("empty0", np.zeros((0, 3), dtype), ""),
        ("empty1", np.zeros((3, 0), dtype), ""),
        ("zeros", np.zeros((2, 3), dtype), ""),
    ]


def vectors(dtype):
    return [
        ("vec", rng.standard_normal(7).astype(dtype), ""),
        ("vecstrided", rng.standard_normal(9).astype(dtype), "::2"),
        ("veczero", np.array([0, -2, 3, 0], dtype=dtype), ""),
        ("vecempty", np.zeros(0, dtype), ""),
        ("vecone", np.array([-5], dtype=dtype), ""),
    ]


def attempt(f):
    try:
        return f(), None
    except (ValueError, np.linalg.LinAlgError) as e:
        return None, e


def pair_case(fn, name, x, xv, y, yv, f, encode):
    """A case of fn over views xv and yv of x and y: NumPy's result of f,
    encoded, or ErrShape where NumPy raises."""
    c = {"fn": fn, "name": name, "a": enc(x, xv), "b": enc(y, yv)}
    r, e = attempt(lambda: f(viewed(x, xv), viewed(y, yv)))
    if e is None:
        c["want"] = encode(r)
    else:
        c["err"] = "ErrShape"
    cases.append(c)


ORDS_M = [None, "fro", "nuc", math.inf, -math.inf, 1, -1, 2, -2]
ORDS_V = [None, math.inf, -math.inf, 0, 1, -1, 2, -2, 3, 0.5]


def ordenc(o):
    return None if o is None else (o if isinstance(o, str) else num(o))


for dtype in (np.float64, np.float32):
    for name, base, view in inputs(dtype):
        a = viewed(base, view)
        for o in ORDS_M:
            v, e = attempt(lambda: np.linalg.norm(a, o))
            c = {"fn": "norm", "name": name, "a": enc(base, view), "ord": ordenc(o)}
            if e is None:
                c["want"] = num(v)
            else:
                c["err"] = "ErrShape"
            cases.append(c)
        for off in (-1, 0, 2):
            cases.append({"fn": "trace", "name": name, "a": enc(base, view), "k": off, "want": num(np.trace(a, off))})
        for k in (-1, 0, 1):
            cases.append({"fn": "triu", "name": name, "a": enc(base, view), "k": k, "want": out(np.triu(a, k))})
            cases.append({"fn": "tril", "name": name, "a": enc(base, view), "k": k, "want": out(np.tril(a, k))})
        if a.size:
            cases.append({"fn": "rank", "name": name, "a": enc(base, view), "want": int(np.linalg.matrix_rank(a))})
        p = np.linalg.pinv(a)
        s = np.linalg.svd(a.astype(np.float64), compute_uv=False) if a.size else np.zeros(0)
        big = s[s > 1e-15 * s.max()] if s.size else s
        cond = float(big.max() / big.min()) if big.size else 1.0
        cases.append({"fn": "pinv", "name": name, "a": enc(base, view), "cond": cond, "want": out(p)})
        for bname, b in (("vector", rng.standard_normal(a.shape[0]).astype(dtype)),
                         ("matrix", rng.standard_normal((a.shape[0], 2)).astype(dtype))):
            x, res, rank, sv = np.linalg.lstsq(a, b, rcond=None)
            cases.append({"fn": "lstsq", "name": name + "/" + bname, "a": enc(base, view), "b": enc(b),
                          "cond": cond, "want": out(x), "residuals": out(res), "rank": int(rank), "s": out(sv)})
        if a.ndim == 2 and a.shape[0] == a.shape[1]:
            w, v = np.linalg.eig(a)
            cases.append({"fn": "eig", "name": name, "a": enc(base, view), "want": out(w.astype(np.complex128))})
    # Eigenvalues: a rotation (complex pair), a defective-free general matrix,
    # a symmetric one, a triangular one.
    for name, m in (("rotation", np.array([[0, -1], [1, 0]], dtype)),
                    ("general", rng.standard_normal((6, 6)).astype(dtype)),
                    ("symmetric", np.array([[2, 1, 0], [1, 2, 1], [0, 1, 2]], dtype)),
                    ("triangular", np.array([[1, 2, 3], [0, 4, 5], [0, 0, 6]], dtype)),
                    ("empty", np.zeros((0, 0), dtype))):
        w, v = np.linalg.eig(m)
        cases.append({"fn": "eig", "name": name, "a": enc(m), "want": out(np.asarray(w).astype(np.complex128))})
    for name, base, view in vectors(dtype):
        a = viewed(base, view)
        for o in ORDS_V:
            with np.errstate(divide="ignore"):
                v, e = attempt(lambda: np.linalg.norm(a, o))
            c = {"fn": "norm", "name": name, "a": enc(base, view), "ord": ordenc(o)}
            if e is None:
                c["want"] = num(v)
            else:
                c["err"] = "ErrShape"
            cases.append(c)
        cases.append({"fn": "rank", "name": name, "a": enc(base, view), "want": int(np.linalg.matrix_rank(a))})
    # Invalid orders.
    m = rng.standard_normal((3, 3)).astype(dtype)
    for o in (3, 0):
        cases.append({"fn": "norm", "name": "matrix order %s" % o, "a": enc(m), "ord": o, "err": "ErrOrder"})
    cases.append({"fn": "norm", "name": "vector fro", "a": enc(m[0].copy()), "ord": "fro", "err": "ErrOrder"})
    # Norm with no order of any dimensions.
    t = rng.standard_normal((2, 3, 4)).astype(dtype)
    cases.append({"fn": "norm", "name": "3-D", "a": enc(t), "ord": None, "want": num(np.linalg.norm(t))})
    # Vector norms along one axis.
    for name, base, view, axis, keep in (("rows", rng.standard_normal((3, 4)).astype(dtype), "", 1, False),
                                         ("columns", rng.standard_normal((3, 4)).astype(dtype), "", 0, False),
                                         ("last, kept", rng.standard_normal((3, 4)).astype(dtype), "", -1, True),
                                         ("3-D middle", rng.standard_normal((2, 3, 4)).astype(dtype), "", 1, False),
                                         ("3-D kept", rng.standard_normal((2, 3, 4)).astype(dtype), "", 0, True),
                                         ("transposed", rng.standard_normal((4, 3)).astype(dtype), "T", 1, False),
                                         ("strided", rng.standard_normal((6, 8)).astype(dtype), "::2, ::3", 0, False),
                                         ("empty lanes", np.zeros((3, 0), dtype), "", 0, False),
                                         ("empty axis", np.zeros((3, 0), dtype), "", 1, False)):
        a = viewed(base, view)
        for o in (math.inf, -math.inf, 0, 1, -1, 2, 3):
            with np.errstate(divide="ignore"):
                v, e = attempt(lambda: np.linalg.norm(a, o, axis=axis, keepdims=keep))
            c = {"fn": "normaxis", "name": name, "a": enc(base, view), "ord": num(o), "k": axis, "keep": keep}
            if e is None:
                c["want"] = out(v)
            else:
                c["err"] = "ErrShape"
            cases.append(c)
    # Kron.
    for name, x, y in (("matrices", rng.standard_normal((2, 3)), rng.standard_normal((3, 2))),
                       ("vectors", rng.standard_normal(3), rng.standard_normal(4)),
                       ("mixed", rng.standard_normal(3), rng.standard_normal((2, 2))),
                       ("3-D", rng.standard_normal((2, 1, 2)), rng.standard_normal((2, 2))),
                       ("empty", np.zeros((0, 2)), rng.standard_normal((2, 2))),
                       ("one", np.array([[3.0]]), rng.standard_normal((2, 3)))):
        x, y = x.astype(dtype), y.astype(dtype)
        cases.append({"fn": "kron", "name": name, "a": enc(x), "b": enc(y), "want": out(np.kron(x, y))})
    cases.append({"fn": "kron", "name": "transposed", "a": enc(x, "T"), "b": enc(y, "::2, ::-1"),
                  "want": out(np.kron(x.T, y[::2, ::-1]))})
    # Einsum.
    A, B = rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal((4, 5)).astype(dtype)
    S = rng.standard_normal((4, 4)).astype(dtype)
    X, Y = rng.standard_normal((2, 3, 4)).astype(dtype), rng.standard_normal((2, 4, 5)).astype(dtype)
    u, w = rng.standard_normal(4).astype(dtype), rng.standard_normal(3).astype(dtype)
    E = np.zeros((0, 4), dtype)
    for sub, ops in (("ij,jk->ik", [enc(A), enc(B)]),
                     ("ij,jk", [enc(A), enc(B)]),
                     ("ji,jk->ki", [enc(A.T.copy()), enc(B)]),
                     ("ij,jk->ki", [enc(A), enc(B)]),
                     ("ij,kj->ik", [enc(A), enc(B, "T")]),
                     ("bij,bjk->bik", [enc(X), enc(Y)]),
                     ("bij,bjk", [enc(X), enc(Y)]),
                     ("bij,jk->bik", [enc(X), enc(B)]),
                     ("ii->", [enc(S)]),
                     ("ii", [enc(S)]),
                     ("ii->i", [enc(S)]),
                     ("ij->ji", [enc(A)]),
                     ("ji", [enc(A)]),
                     ("ij->", [enc(A)]),
                     ("ij->j", [enc(A)]),
                     ("ij->i", [enc(A, "")]),
                     ("i,j->ij", [enc(u), enc(w)]),
                     ("i,j", [enc(u), enc(w)]),
                     ("i,i->", [enc(u), enc(u)]),
                     ("i,i", [enc(u), enc(u)]),
                     ("ij,j->i", [enc(A), enc(u)]),
                     ("ij,ij->ij", [enc(A), enc(A)]),
                     ("ij,jk,kl->il", [enc(A), enc(B), enc(B.T.copy())]),
                     ("ij,jk->ik", [enc(E), enc(B)]),
                     ("ij,jk->ik", [enc(A, "::2, ::-1"), enc(B, "::-1, :")]),
                     ("Ab,bC->AC", [enc(A), enc(B)]),
                     (",->", [enc(np.array(2.5, dtype)), enc(np.array(-3, dtype))]),
                     ("i,->i", [enc(u), enc(np.array(-3, dtype))])):
        arrays = [viewed(np.array(o["data"], dtype).reshape(o["shape"]), o["view"]) for o in ops]
        cases.append({"fn": "einsum", "name": sub, "subscripts": sub, "operands": ops,
                      "want": out(np.einsum(sub, *arrays))})
    for sub, ops in (("ij,jk->ik", [enc(A), enc(A)]),  # j is 4 and 3
                     ("ij->ik", [enc(A)]),             # k in no input
                     ("ijk->", [enc(A)]),              # 3 letters, 2 axes
                     ("ij,jk->ik", [enc(A)]),          # 2 subscripts, 1 operand
                     ("i1->", [enc(A)]),               # not a letter
                     ("ij->ii", [enc(A)])):            # repeated output letter
        arrays = [viewed(np.array(o["data"], dtype).reshape(o["shape"]), o["view"]) for o in ops]
        _, e = attempt(lambda: np.einsum(sub, *arrays))
        assert e is not None, sub
        cases.append({"fn": "einsum", "name": "bad " + sub, "subscripts": sub, "operands": ops, "err": "ErrShape"})

# MatMul: np.matmul over the shapes the GEMM paths split on (one tile,
# tiles of 8 rows by 1-3 vectors, wide strips of 25..32 float64 or
# 49..64 float32 columns, packed blocks), stacks (broadcast batch axes, a
# shared 2-D b), 1-D operands, empty axes, NaN and Inf, and mismatched
# shapes. Small-integer inputs for the larger shapes (their products are
# exact in either order of summation), normal ones for the rest. Its own
# generator, so the cases above keep their data.
mrng = np.random.default_rng(21)
for dtype in (np.float64, np.float32):
    def normal(*shape):
        return mrng.standard_normal(shape).astype(dtype)

    def ints(*shape):
        return mrng.integers(-4, 5, shape).astype(dtype)

    def mm(name, a, b, av="", bv=""):
        pair_case("matmul", name, a, av, b, bv, np.matmul, out)

    for n in (1, 2, 3, 4, 6, 8, 12, 16, 24):
        mm("square %d" % n, normal(n, n), normal(n, n))
    for n in (32, 64):
        mm("square %d" % n, ints(n, n), ints(n, n))
    for m, k, n in ((5, 7, 3), (33, 31, 29), (9, 64, 25), (13, 49, 57), (4, 20, 32), (17, 9, 64), (12, 130, 20)):
        mm("%dx%dx%d" % (m, k, n), ints(m, k), ints(k, n))
    mm("transposed a", normal(7, 5), normal(7, 6), "T")
    mm("transposed b", normal(5, 7), normal(6, 7), "", "T")
    mm("strided", normal(10, 12), normal(12, 9), "::2, 1::2", "::2, :")
    for n, batch in ((2, 50), (4, 20), (8, 6), (12, 4), (16, 3), (24, 3), (32, 3), (64, 2)):
        mm("stack %d of %dx%d" % (batch, n, n), ints(batch, n, n), ints(batch, n, n))
    mm("stack of wide strips", ints(3, 10, 64), ints(3, 64, 32))
    mm("stack of two wide strips", ints(2, 9, 32), ints(2, 32, 64))
    mm("stack, shared b", ints(2, 20, 16), ints(16, 64))
    mm("stack, shared a", ints(20, 16), ints(3, 16, 8))
    mm("broadcast batch", normal(1, 5, 4), normal(3, 4, 6))
    mm("4-D", normal(2, 1, 3, 4), normal(3, 4, 5))
    mm("stack, transposed b", normal(2, 4, 5), normal(2, 6, 5).transpose(0, 2, 1).copy())
    mm("vector @ matrix", normal(7), normal(7, 3))
    mm("matrix @ vector", normal(3, 7), normal(7))
    mm("vector @ vector", normal(5), normal(5))
    mm("vector @ stack", normal(4), normal(2, 4, 3))
    mm("empty m", np.zeros((0, 3), dtype), normal(3, 4))
    mm("empty k", np.zeros((3, 0), dtype), np.zeros((0, 4), dtype))
    mm("empty batch", np.zeros((0, 2, 3), dtype), normal(3, 4))
    special = normal(4, 4)
    special[1, 2], special[3, 0] = np.nan, np.inf
    mm("nan and inf", special, normal(4, 3))
    mm("k mismatch", normal(3, 4), normal(5, 2))
    mm("batch mismatch", normal(2, 3, 4), normal(3, 4, 5))
    mm("vector mismatch", normal(3), normal(4))

# The decompositions (Solve, Inv, Det, QR, Cholesky, SVD, EigenSym) and
# Dot and Outer, NumPy's solve, inv, det, qr(mode="complete"), cholesky,
# svd(full_matrices=False), eigh(UPLO="U"), dot and outer. The Go
# decompositions take float64 matrices (no stacks), so the float32 cases
# hold float32 inputs and NumPy's float32 answers, which numgo's float64
# results must meet within float32's tolerance. Cholesky's "want" is
# NumPy's lower factor of a's upper triangle, transposed (numgo returns
# u = lᵀ); SVD's "v" is NumPy's vh transposed. "differs" names the
# sentinel numgo's error wraps where it deliberately refuses what NumPy
# answers (stacks, an infinity given to Solve, Inv or the SVD, a NaN
# given to Cholesky, a condition number above gonum's 1e16); "simple"
# lists the columns of QR's q and of the SVD's and eigh's vectors that
# are unique up to sign, and the rows of QR's r (none for a matrix holding
# a NaN or an infinity). Its own generator, so the cases above keep
# their data.
drng = np.random.default_rng(36)
np.seterr(invalid="ignore")  # the NaN and infinity cases


def dnormal(dtype, *shape):
    return drng.standard_normal(shape).astype(dtype)


def spd(dtype, n):
    x = drng.standard_normal((n, n))
    return (x @ x.T + n * np.eye(n)).astype(dtype)


def with_nonfinite(m, v, i, j):
    m = m.copy()
    m[i, j] = v
    return m


def dcase(fn, name, base, view, f, differs=None, **extra):
    c = {"fn": fn, "name": name, "a": enc(base, view)}
    c.update(extra)
    r, e = attempt(lambda: f(viewed(base, view)))
    if e is not None:
        singular = isinstance(e, np.linalg.LinAlgError) and "square" not in str(e)
        c["err"] = "ErrSingular" if singular else "ErrShape"
    else:
        c.update(r)
    if differs is not None:
        assert e is None, (fn, name)
        c["differs"] = differs
    cases.append(c)


def simple(x, values, least=0.0):
    """The indices of the values apart from all others by more than 1e-6 of
    the largest and above least times it: those whose vectors are unique
    up to sign."""
    if x.ndim != 2 or not x.size or not np.isfinite(x).all():
        return []
    scale = np.abs(values).max()
    return [i for i, v in enumerate(values)
            if abs(v) > least * scale and np.all(np.abs(np.delete(values, i) - v) > 1e-6 * scale)]


def qr(x):
    q, r = np.linalg.qr(x, mode="complete")
    # Column j of q and row j of r are LAPACK's while a's first j+1 columns
    # are independent; after, they follow reflectors of rounding noise.
    # All are when a has full rank (those after min(m, n) too).
    rank = 0
    finite = x.ndim == 2 and np.isfinite(x).all()
    while finite and rank < min(x.shape) and np.linalg.matrix_rank(x[:, :rank + 1]) == rank + 1:
        rank += 1
    if finite and rank == min(x.shape):
        rank = x.shape[0]
    return {"q": out(q), "r": out(r), "simple": list(range(rank))}


def svd(x):
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return {"u": out(u), "s": out(s), "v": out(np.swapaxes(vh, -1, -2)), "simple": simple(x, s, 1e-6)}


def eigh(x):
    w, v = np.linalg.eigh(x, UPLO="U")
    return {"want": out(w), "vectors": out(v), "simple": simple(x, w, -1)}


def hadamard(x):
    """Hadamard's bound on |det(x)|, the scale Det's rounding is relative to."""
    return float(np.prod(np.linalg.norm(x.astype(np.float64), axis=1))) if np.isfinite(x).all() else 1.0


ill = np.array([[1, 1], [1, 1 + 2.0**-52]])  # condition number 1.8e16
for dtype in (np.float64, np.float32):
    squares = [("square", dnormal(dtype, 4, 4), ""),
               ("transposed", dnormal(dtype, 4, 4), "T"),
               ("strided", dnormal(dtype, 8, 8), "::2, 1::2"),
               ("one", dnormal(dtype, 1, 1), "")]
    if dtype == np.float32:
        squares = squares[:1]
    else:
        squares += [("empty", np.zeros((0, 0), dtype), ""),
                    ("singular", np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]], dtype), ""),
                    ("nan", with_nonfinite(dnormal(dtype, 3, 3), np.nan, 1, 2), "")]
    for name, base, view in squares:
        n = viewed(base, view).shape[0]
        for bname, b, bview in (("vector", dnormal(dtype, n), ""),
                                ("matrix", dnormal(dtype, n, 2), ""),
                                ("strided vector", dnormal(dtype, 2 * n), "::-2")):
            dcase("solve", name + "/" + bname, base, view,
                  lambda x: {"want": out(np.linalg.solve(x, viewed(b, bview)))}, b=enc(b, bview))
        dcase("inv", name, base, view, lambda x: {"want": out(np.linalg.inv(x))})
        dcase("det", name, base, view, lambda x: {"want": num(np.linalg.det(x)), "cond": hadamard(x)})
    if dtype == np.float64:
        inf = with_nonfinite(dnormal(dtype, 3, 3), np.inf, 1, 1)
        for name, base, differs in (("infinity", inf, "ErrSingular"), ("ill-conditioned", ill, "ErrSingular"),
                                    ("stack", dnormal(dtype, 2, 3, 3), "ErrShape")):
            b = dnormal(dtype, *base.shape[:-1])
            dcase("solve", name, base, "", lambda x: {"want": out(np.linalg.solve(x, b))}, differs, b=enc(b))
            dcase("inv", name, base, "", lambda x: {"want": out(np.linalg.inv(x))}, differs)
        for name, base in (("infinity", inf), ("stack", dnormal(dtype, 2, 3, 3))):
            dcase("det", name, base, "", lambda x: {"want": (out if x.ndim == 3 else num)(np.linalg.det(x)), "cond": 1.0},
                  "ErrShape" if base.ndim == 3 else None)
        dcase("det", "ill-conditioned", ill, "", lambda x: {"want": num(np.linalg.det(x)), "cond": hadamard(x)})
    # QR and SVD, of any shape.
    deficient = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1], [3, 2, 5]], dtype)  # rank 2
    shapes = [("square", dnormal(dtype, 4, 4), ""),
              ("tall", dnormal(dtype, 6, 3), ""),
              ("wide", dnormal(dtype, 3, 5), "")]
    if dtype == np.float64:
        shapes += [("transposed", dnormal(dtype, 5, 3), "T"),
                   ("strided", dnormal(dtype, 8, 9), "::2, 1::3"),
                   ("one", dnormal(dtype, 1, 1), ""),
                   ("row", dnormal(dtype, 1, 4), ""),
                   ("deficient", deficient, ""),
                   ("deficientT", deficient, "T"),
                   ("empty", np.zeros((0, 0), dtype), ""),
                   ("empty rows", np.zeros((0, 3), dtype), ""),
                   ("empty columns", np.zeros((3, 0), dtype), "")]
    for name, base, view in shapes:
        dcase("qr", name, base, view, qr)
        dcase("svd", name, base, view, svd)
    if dtype == np.float64:
        nan = with_nonfinite(dnormal(dtype, 4, 3), np.nan, 2, 1)
        inf = with_nonfinite(dnormal(dtype, 4, 3), np.inf, 2, 1)
        dcase("qr", "nan", nan, "", qr)
        dcase("qr", "infinity", inf, "", qr)
        dcase("svd", "nan", nan, "", svd)
        dcase("svd", "infinity", inf, "", svd, "ErrSingular")
        dcase("qr", "stack", dnormal(dtype, 2, 3, 2), "", qr, "ErrShape")
        dcase("svd", "stack", dnormal(dtype, 2, 3, 2), "", svd, "ErrShape")
    # Cholesky and eigh, of symmetric matrices (only the upper triangle read).
    # Not symmetric: a positive definite matrix's upper (lower) triangle
    # under a random lower (upper) one, the second read through a
    # transposed view.
    syms = [("spd", spd(dtype, 4), ""),
            ("upper", np.triu(spd(dtype, 4)) + np.tril(dnormal(dtype, 4, 4), -1), ""),
            ("lowerT", np.tril(spd(dtype, 4)) + np.triu(dnormal(dtype, 4, 4), 1), "T")]
    if dtype == np.float64:
        syms += [("strided", spd(dtype, 8), "::2, ::2"),
                 ("one", np.array([[2.25]], dtype), ""),
                 ("empty", np.zeros((0, 0), dtype), ""),
                 ("indefinite", np.array([[1, 2], [2, 1]], dtype), ""),
                 ("semidefinite", np.array([[1, 1], [1, 1]], dtype), ""),
                 ("negative", -np.eye(3, dtype=dtype), ""),
                 ("repeated", np.array([[2, 1, 1], [1, 2, 1], [1, 1, 2]], dtype), ""),
                 ("infinity", with_nonfinite(spd(dtype, 3), np.inf, 2, 2), ""),
                 ("nan", with_nonfinite(np.array([[4, 1], [1, 3]], dtype), np.nan, 1, 1), "")]
    for name, base, view in syms:
        dcase("cholesky", name, base, view, lambda x: {"want": out(np.linalg.cholesky(x.T).T)},
              "ErrSingular" if name == "nan" else None)
        dcase("eigh", name, base, view, eigh)
    dcase("cholesky", "stack", spd(dtype, 3)[None].repeat(2, 0), "", lambda x: {"want": out(np.linalg.cholesky(x))}, "ErrShape")
    dcase("eigh", "stack", spd(dtype, 3)[None].repeat(2, 0), "", eigh, "ErrShape")
    # Dot and Outer, of vectors.
    u, w = dnormal(dtype, 7), dnormal(dtype, 14)
    for name, x, xv, y, yv in (("contiguous", u, "", w[:7].copy(), ""),
                               ("strided", u, "", w, "::2"),
                               ("reversed", u, "::-1", w, "1::2"),
                               ("one", u[:1].copy(), "", w[:1].copy(), ""),
                               ("empty", np.zeros(0, dtype), "", np.zeros(0, dtype), ""),
                               ("mismatch", u, "", w, "")):
        pair_case("dot", name, x, xv, y, yv, np.dot, num)
        cases.append({"fn": "outer", "name": name, "a": enc(x, xv), "b": enc(y, yv),
                      "want": out(np.outer(viewed(x, xv), viewed(y, yv)))})

with open("linalg_surface.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases")
