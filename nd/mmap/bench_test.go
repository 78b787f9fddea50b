package mmap_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/ops"
)

// BenchmarkSum compares ops.Sum over a page-cached mapped .npy with the
// same elements on the Go heap, in cache and from DRAM:
//
//	go test -run '^$' -bench 'Sum' -count 5 ./nd/mmap
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1 << 20, 32 << 20} { // 8 MiB, 256 MiB
		heap, _ := nd.Random[float64]([]int{n}, 1)
		path := filepath.Join(b.TempDir(), "sum.npy")
		if err := mmap.Save(path, heap); err != nil {
			b.Fatal(err)
		}
		mapped, err := mmap.Open[float64](path, mmap.ReadOnly)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			a    *nd.Array[float64]
		}{{"heap", heap}, {"mapped", mapped.Array}} {
			b.Run(fmt.Sprintf("%s/%dMiB", c.name, n>>17), func(b *testing.B) {
				b.SetBytes(int64(n) * 8)
				if _, err := ops.Sum(c.a); err != nil { // fault the pages in
					b.Fatal(err)
				}
				for b.Loop() {
					ops.Sum(c.a)
				}
			})
		}
		mapped.Close()
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
