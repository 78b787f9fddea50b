#!/usr/bin/python3
"""Certifies the accuracy harness's references with mpmath (see README.md).

    cd asm && go test -c -o /tmp/asm.test .
    /usr/bin/python3 testdata/accuracy/certify.py /tmp/asm.test [REGEXP [LIMIT]]

For every set (or those whose name matches REGEXP), runs the test binary's
TestAccuracyDump to write the set's records (the first LIMIT of a random
set, 10^6 by default) (x, hi, d: little-endian
float64 triples, exact f(x) = hi + d*ulp(hi); x, y, hi, d for pow), recomputes every record with
mpmath at PREC bits, and stores in refs.json: the number of records, the
SHA-256 of the first 1024 and 8192 records and of all, the largest
difference between Go's d and mpmath's, and the records where they
disagree (hi differs, or d by more than DTOL ulp) with mpmath's values.
The dump of the next set runs while this one is certified; refs.json is
rewritten after every set, so an interrupted run keeps what it finished.
"""
import fcntl
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

import mpmath as mp

PREC = 128
DTOL = 2.0 ** -30
COUNTS = [1024, 8192]
FORMATS = {"f64": (52, -1022), "f32": (23, -126)}
HERE = os.path.dirname(os.path.abspath(__file__))
REFS = os.path.join(HERE, "refs.json")
ROUNDING = ("floor", "ceil", "trunc", "roundToEven")


def ref(fn, x, y=None):
    """f(x) (x^y for pow) in mpmath at the working precision."""
    if fn == "pow":  # x < 0 only with an integer y
        v = mp.power(abs(x), y)
        return -v if x < 0 and int(y) % 2 else v
    if fn == "exp":
        return mp.exp(x)
    if fn == "exp2":
        return mp.power(2, x)
    if fn == "expm1":
        return mp.expm1(x)
    if fn == "log":
        return mp.log(x)
    if fn == "log2":
        return mp.log(x) / mp.ln2
    if fn == "log10":
        return mp.log10(x)
    if fn == "log1p":
        return mp.log1p(x)
    if fn == "sigmoid":
        return 1 / (1 + mp.exp(-x))
    if fn in ("tanh", "cosh", "sinh", "sin", "cos", "tan", "atan", "asin", "acos", "erf", "sqrt", "floor", "ceil"):
        return getattr(mp, fn)(x)
    if fn == "trunc":
        return mp.floor(x) if x > 0 else mp.ceil(x)
    if fn == "roundToEven":
        return mp.nint(x)  # ties to even
    raise ValueError(fn)


def round_to(v, mant, emin, neg_zero):
    """(hi, d): v correctly rounded to the format (inf beyond its overflow
    threshold) and (v - hi)/ulp(hi) as a float, in integer arithmetic on
    v's exact mantissa and exponent."""
    if v == 0:
        return (-0.0 if neg_zero else 0.0), 0.0
    sign, man, exp, bc = v._mpf_
    e = exp + bc - 1  # 2^e <= |v| < 2^(e+1)
    emax = -emin + 1
    if e > emax:
        return (float("-inf") if sign else float("inf")), 0.0
    if e < emin - mant - 2:  # below a quarter of the least subnormal
        d = math.ldexp(float(man), exp - (emin - mant))
        return (-0.0, -d) if sign else (0.0, d)
    q = max(e, emin) - mant  # the ulp's exponent
    shift = q - exp
    if shift <= 0:
        n, rest, rshift = man << -shift, 0, 0
    else:
        n = man >> shift
        r = man - (n << shift)
        half = 1 << (shift - 1)
        if r > half or (r == half and n & 1):
            n += 1
        rest, rshift = man - (n << shift), shift  # |v| - n*2^q = rest*2^exp
    if n.bit_length() + q - 1 > emax:
        return (float("-inf") if sign else float("inf")), 0.0
    if n.bit_length() > mant + 1:  # rounded up to the next binade: ulp doubles
        rshift += 1
    d = math.ldexp(float(rest), -rshift) if rest else 0.0
    h = math.ldexp(float(n), q)
    if sign:
        h, d = -h, -d
    return h, d


def certify(fn, typ, arity, data):
    mant, emin = FORMATS[typ]
    size = 8 * (arity + 2)
    n = len(data) // size
    exceptions, maxdiff, hard = [], 0.0, 0
    for i, rec in enumerate(struct.iter_unpack("<%dd" % (arity + 2), data)):
        x, hi, d = rec[0], rec[-2], rec[-1]
        mx = mp.mpf(x)
        my = mp.mpf(rec[1]) if arity == 2 else None
        v = ref(fn, mx, my)
        h, dm = round_to(v, mant, emin, fn in ROUNDING and x < 0)
        if abs(abs(dm) - 0.5) < 2.0 ** -(PREC - 80) and dm != int(dm * 2) / 2:
            hard += 1  # within a hair of a midpoint: recompute at 3x the precision
            with mp.workprec(3 * PREC):
                h, dm = round_to(ref(fn, mx, my), mant, emin, False)
        if struct.pack("<d", h) != struct.pack("<d", hi) or abs(d - dm) > DTOL:
            bits = struct.unpack("<Q", struct.pack("<d", h))[0]
            exceptions.append({"i": i, "hi": "%016x" % bits, "d": dm, "go_hi": hi, "go_d": d})
        else:
            maxdiff = max(maxdiff, abs(d - dm))
    digests = {}
    for k in COUNTS:
        if k < n:
            digests[str(k)] = hashlib.sha256(data[: size * k]).hexdigest()
    digests["all"] = hashlib.sha256(data).hexdigest()
    return {"n": n, "sha256": digests, "max_diff_d": maxdiff, "hard": hard, "exceptions": exceptions}


def save(name, c):
    """Adds one set to refs.json (under a lock: runs on other sets may be
    writing too)."""
    with open(REFS + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        refs = {"mpmath_prec": PREC, "sets": {}}
        if os.path.exists(REFS):
            with open(REFS) as f:
                refs = json.load(f)
        refs["sets"][name] = c
        with open(REFS + ".tmp", "w") as f:
            json.dump(refs, f, indent=1, sort_keys=True)
        os.replace(REFS + ".tmp", REFS)


def dump(binary, outdir, name, limit):
    env = dict(os.environ, GOMAXPROCS="1")
    return subprocess.Popen(
        [binary, "-test.run", "^TestAccuracyDump$", "-accuracy.dump", outdir, "-accuracy.sets", "^" + name + "$",
         "-accuracy.n", str(limit)],
        env=env, stdout=subprocess.DEVNULL, cwd=os.path.dirname(HERE))


def main():
    binary = os.path.abspath(sys.argv[1])
    pattern = sys.argv[2] if len(sys.argv) > 2 else ""
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    mp.mp.prec = PREC
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "-test.run", "^TestAccuracyDump$", "-accuracy.dump", tmp,
                        "-accuracy.names", "-accuracy.sets", pattern], check=True,
                       stdout=subprocess.DEVNULL, cwd=os.path.dirname(HERE))
        with open(os.path.join(tmp, "sets.json")) as f:
            sets = json.load(f)
        dirs = [os.path.join(tmp, str(i)) for i in range(len(sets))]
        for d in dirs:
            os.mkdir(d)
        running = dump(binary, dirs[0], sets[0]["Name"], limit) if sets else None
        for i, s in enumerate(sets):
            if running.wait() != 0:
                sys.exit("dump of %s failed" % s["Name"])
            running = dump(binary, dirs[i + 1], sets[i + 1]["Name"], limit) if i + 1 < len(sets) else None
            path = os.path.join(dirs[i], s["File"])
            with open(path, "rb") as f:
                data = f.read()
            os.remove(path)
            c = certify(s["Func"], s["Type"], s["Arity"], data)
            save(s["Name"], c)
            print("%-28s %8d records, %d exceptions, %d hard, max |d diff| %.3g" % (
                s["Name"], c["n"], len(c["exceptions"]), c["hard"], c["max_diff_d"]), flush=True)


if __name__ == "__main__":
    main()
