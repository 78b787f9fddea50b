package ops_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// BenchmarkSort16M sorts 16M standard normal float64s with Sort (into a
// new array, as np.sort returns one) and with slices.Sort on a copy, the
// peers' time interleaved per iteration. testdata/numpy/ops_bench.py times
// np.sort on the same kind of data; run the two alternately to compare
// (ARCHITECTURE.md, "Sorting, statistics and random numbers").
func BenchmarkSort16M(b *testing.B) {
	n := 16 << 20
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	a := must(nd.FromSlice(x, []int{n}))
	y := make([]float64, n)
	b.Run("numgo", func(b *testing.B) {
		b.SetBytes(int64(8 * n))
		for b.Loop() {
			s := must(ops.Sort(a, 0))
			s.Free()
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		b.SetBytes(int64(8 * n))
		for b.Loop() {
			copy(y, x)
			slices.Sort(y)
		}
	})
}

// BenchmarkMedian16M times Median and Percentile(90) of 16M standard
// normal float64s (selection on a copy, O(n)), the work
// testdata/numpy/ops_bench.py times for np.median and np.percentile.
func BenchmarkMedian16M(b *testing.B) {
	n := 16 << 20
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	a := must(nd.FromSlice(x, []int{n}))
	b.Run("Median", func(b *testing.B) {
		b.SetBytes(int64(8 * n))
		for b.Loop() {
			must(ops.Median(a))
		}
	})
	b.Run("Percentile90", func(b *testing.B) {
		b.SetBytes(int64(8 * n))
		for b.Loop() {
			must(ops.Percentile(a, 90))
		}
	})
}
