#!/usr/bin/python3
"""Times NumPy's side of the figures in ARCHITECTURE.md ("Sorting,
statistics and random numbers"): np.sort of 16M standard normal float64
(a new array, as numgo's Sort), np.median and np.percentile(x, 90) of
them (BenchmarkMedian16M), and Generator.standard_normal filling 16M
float64 (out=, as random.NormalInto). Prints the best of --rounds runs
in ms. Run alternately with the Go benchmarks:

    /usr/bin/python3 testdata/numpy/ops_bench.py --rounds 3
"""
import argparse, time
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--what", default="sort,median,percentile90,normal")
args = p.parse_args()
n = 16 << 20
rng = np.random.default_rng(1)
x = rng.standard_normal(n)
out = np.empty(n)
try:
    feats = np.core._multiarray_umath.__cpu_features__
except AttributeError:
    feats = np._core._multiarray_umath.__cpu_features__
print("numpy", np.__version__, "AVX512_SKX", feats.get("AVX512_SKX"))
for what in args.what.split(","):
    best = float("inf")
    for _ in range(args.rounds):
        t = time.perf_counter()
        if what == "sort":
            np.sort(x)
        elif what == "median":
            np.median(x)
        elif what == "percentile90":
            np.percentile(x, 90)
        else:
            rng.standard_normal(out=out)
        best = min(best, time.perf_counter() - t)
    print(f"{what} {best*1e3:.1f} ms ({best*1e9/n:.2f} ns/element)")
