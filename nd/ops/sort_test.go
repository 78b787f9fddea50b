package ops_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

func TestSortQuick(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 47, 48, 49, 1000, 100000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		a, _ := nd.FromSlice(x, []int{n})
		s, err := ops.Sort(a, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(x)
		slices.Sort(want)
		if !slices.Equal(s.Data(), want) {
			t.Fatalf("n=%d wrong", n)
		}
	}
}

// TestPartitionLarge checks Partition, ArgPartition and Median on ranges
// long enough for selectK's sampled pivot (Floyd and Rivest's, above 600
// elements), on random, sorted, reversed, few-valued and NaN-holding data,
// at the ends, the middle and random positions: the kth element is the
// sorted array's, nothing before it is greater, nothing after it smaller
// (NaN last), and ArgPartition's indices pick the same values.
func TestPartitionLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 5))
	fills := map[string]func(i, n int) float64{
		"random":   func(int, int) float64 { return r.NormFloat64() },
		"sorted":   func(i, _ int) float64 { return float64(i) },
		"reversed": func(i, n int) float64 { return float64(n - i) },
		"fewvals":  func(int, int) float64 { return float64(r.IntN(3)) },
		"nans": func(int, int) float64 {
			if r.IntN(10) == 0 {
				return math.NaN()
			}
			return r.NormFloat64()
		},
		"organpipe": func(i, n int) float64 { return float64(min(i, n-i)) },
	}
	less := func(a, b float64) bool { return a < b || (b != b && a == a) }
	for name, fill := range fills {
		for _, n := range []int{601, 5000, 100003} {
			x := make([]float64, n)
			for i := range x {
				x[i] = fill(i, n)
			}
			sorted := slices.Clone(x)
			slices.SortFunc(sorted, func(a, b float64) int {
				switch {
				case less(a, b):
					return -1
				case less(b, a):
					return 1
				}
				return 0
			})
			a := must(nd.FromSlice(x, []int{n}))
			for _, k := range []int{0, 1, n / 2, n/2 - 1, n - 2, n - 1, r.IntN(n)} {
				p := must(ops.Partition(a, k, 0)).Data()
				ip := must(ops.ArgPartition(a, k, 0)).Data()
				for _, v := range [][]float64{p, func() []float64 {
					out := make([]float64, n)
					for i, j := range ip {
						out[i] = x[j]
					}
					return out
				}()} {
					kv := v[k]
					if !(kv == sorted[k] || kv != kv && sorted[k] != sorted[k]) {
						t.Fatalf("%s n=%d k=%d: element %v, sorted %v", name, n, k, kv, sorted[k])
					}
					for i, e := range v {
						if i < k && less(kv, e) || i > k && less(e, kv) {
							t.Fatalf("%s n=%d k=%d: element %d = %v on the wrong side of %v", name, n, k, i, e, kv)
						}
					}
				}
			}
			if name != "nans" {
				med := must(ops.Median(a))
				want := sorted[n/2]
				if n%2 == 0 {
					want = (sorted[n/2-1] + sorted[n/2]) / 2
				}
				if med != want {
					t.Fatalf("%s n=%d: Median %v, want %v", name, n, med, want)
				}
			}
		}
	}
}
