package linalg_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

// BenchmarkEinsum times Einsum's routed forms beside what they stand for:
// a product ("ij,jk->ik", routed to MatMul) beside MatMulInto, and a
// column sum ("ij->j", routed to ops.SumAxisInto) beside SumAxisInto: the
// ratio is the cost of parsing the subscripts. Run with
// -count to interleave them; compare ratios, not times.
func BenchmarkEinsum(b *testing.B) {
	const n = 256
	x, _ := nd.Random[float64]([]int{n, n}, 1)
	y, _ := nd.Random[float64]([]int{n, n}, 2)
	c, _ := nd.Empty[float64]([]int{n, n})
	v, _ := nd.Empty[float64]([]int{n})
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"product/EinsumInto", func() error { return linalg.EinsumInto(c, "ij,jk->ik", x, y) }},
		{"product/MatMulInto", func() error { return linalg.MatMulInto(c, x, y) }},
		{"sum/EinsumInto", func() error { return linalg.EinsumInto(v, "ij->j", x) }},
		{"sum/SumAxisInto", func() error { return ops.SumAxisInto(v, x, ops.Axis(0)) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
