package mmap_test

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/ops"
)

// BenchmarkSum compares ops.Sum over a page-cached mapped .npy with the
// same elements on the Go heap, in cache (8 MiB) and from DRAM (256 MiB).
// The two sums alternate in every iteration, so a busy spell of a shared
// machine falls on both alike; the reported mapped/heap figure is the
// speed of the mapped sum relative to the heap one, by the fastest
// iteration of each (1 means equal, above 1 the mapped one is faster):
//
//	go test -run '^$' -bench 'Sum' -count 5 ./nd/mmap
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1 << 20, 32 << 20} {
		b.Run(fmt.Sprintf("%dMiB", n>>17), func(b *testing.B) {
			heap, _ := nd.Random[float64]([]int{n}, 1)
			path := filepath.Join(b.TempDir(), "sum.npy")
			if err := mmap.Save(path, heap); err != nil {
				b.Fatal(err)
			}
			mapped, err := mmap.Open[float64](path, mmap.ReadOnly)
			if err != nil {
				b.Fatal(err)
			}
			defer mapped.Close()
			for _, a := range []*nd.Array[float64]{heap, mapped.Array} {
				if _, err := ops.Sum(a); err != nil { // fault the pages in
					b.Fatal(err)
				}
			}
			b.SetBytes(2 * int64(n) * 8)
			fastH, fastM := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
			for b.Loop() {
				t0 := time.Now()
				ops.Sum(heap)
				t1 := time.Now()
				ops.Sum(mapped.Array)
				t2 := time.Now()
				fastH, fastM = min(fastH, t1.Sub(t0)), min(fastM, t2.Sub(t1))
			}
			b.ReportMetric(float64(fastH)/float64(fastM), "mapped/heap")
		})
	}
}

// BenchmarkOpen measures Open of a .npy, which is O(1): a 1 MiB and a 1 GiB
// file open in the same time. Where a python with numpy is found it also
// times np.load(mmap_mode='r') and np.load of the same file from the same
// page cache, and reports how many times faster Open is than each:
//
//	go test -run '^$' -bench 'Open' ./nd/mmap
func BenchmarkOpen(b *testing.B) {
	for _, size := range []int{1 << 20, 1 << 30} {
		b.Run(fmt.Sprintf("%dMiB", size>>20), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "open.npy")
			a, err := mmap.Create[float64](path, []int{size / 8 / 1024, 1024})
			if err != nil {
				b.Fatal(err)
			}
			for i, d := 0, a.Data(); i < len(d); i++ {
				d[i] = float64(i) // real data in the page cache, not holes
			}
			a.Close()
			for b.Loop() {
				a, err := mmap.Open[float64](path, mmap.ReadOnly)
				if err != nil {
					b.Fatal(err)
				}
				a.Close()
			}
			ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			mm, full, ok := numpyLoadTimes(path)
			if ok {
				b.ReportMetric(mm/ours, "x-np.load-mmap")
				b.ReportMetric(full/ours, "x-np.load")
			}
		})
	}
}

// numpyLoadTimes times np.load(mmap_mode='r') and np.load of path, in
// nanoseconds a call, with a python that has numpy; ok is false without
// one.
func numpyLoadTimes(path string) (mmapNs, loadNs float64, ok bool) {
	const script = `
import sys, time
import numpy as np
p = sys.argv[1]
np.load(p)  # the page cache is warm for both
def per_call(f, n):
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e9
print(per_call(lambda: np.load(p, mmap_mode="r"), 2000), per_call(lambda: np.load(p), 5))
`
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		out, err := exec.Command(py, "-c", script, path).Output()
		if err != nil {
			continue
		}
		f := strings.Fields(string(out))
		if len(f) != 2 {
			continue
		}
		m, err1 := strconv.ParseFloat(f[0], 64)
		l, err2 := strconv.ParseFloat(f[1], 64)
		if err1 == nil && err2 == nil {
			return m, l, true
		}
	}
	return 0, 0, false
}
