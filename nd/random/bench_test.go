package random_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/random"
)

// BenchmarkNormal16M fills 16M float64 with standard normal deviates, the
// work testdata/numpy/ops_bench.py times for NumPy's
// Generator.standard_normal(out=).
func BenchmarkNormal16M(b *testing.B) {
	n := 16 << 20
	x, err := nd.Empty[float64]([]int{n})
	if err != nil {
		b.Fatal(err)
	}
	g := random.New(1)
	if err := random.NormalInto(x, g, 0, 1); err != nil { // fault the pages in, as NumPy's reused out= is
		b.Fatal(err)
	}
	b.SetBytes(int64(8 * n))
	for b.Loop() {
		if err := random.NormalInto(x, g, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}
