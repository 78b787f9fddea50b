package linalg

import (
	"fmt"
	"testing"

	"github.com/numgo/numgo/asm/gemm"
	"github.com/numgo/numgo/nd"
)

// BenchmarkMatMulFixedCost measures the fixed cost of MatMulInto alone:
// 1x1 and 2x2 float64 products, where the arithmetic is a few
// instructions, beside gemm.Dgemm on the same memory. The difference is
// the nd layer's share: the liveness, writability, shape, layout and
// overlap checks, and one call more.
func BenchmarkMatMulFixedCost(b *testing.B) {
	for _, n := range []int{1, 2} {
		a := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 1))
		x := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 2))
		c := must[*nd.Array[float64]](b)(nd.Zeros[float64]([]int{n, n}))
		b.Run(fmt.Sprintf("n=%d/MatMulInto", n), func(b *testing.B) {
			for b.Loop() {
				if err := MatMulInto(c, a, x); err != nil {
					b.Fatal(err)
				}
			}
		})
		ad, xd, cd := a.Data(), x.Data(), c.Data()
		b.Run(fmt.Sprintf("n=%d/Dgemm", n), func(b *testing.B) {
			for b.Loop() {
				gemm.Dgemm(false, false, n, n, n, 1, ad, n, xd, n, 0, cd, n)
			}
		})
	}
}
