package linalg

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
)

// BenchmarkMatMul sets MatMulInto on nd arrays beside gonum's own
// mat.Dense.Mul (its native BLAS) on the same square float64 matrices.
func BenchmarkMatMul(b *testing.B) {
	for _, n := range []int{64, 256, 1024} {
		a := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 1))
		x := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 2))
		c := must[*nd.Array[float64]](b)(nd.Zeros[float64]([]int{n, n}))
		flops := 2 * float64(n) * float64(n) * float64(n)
		report := func(b *testing.B) {
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		b.Run(fmt.Sprintf("n=%d/numgo", n), func(b *testing.B) {
			for range b.N {
				if err := MatMulInto(c, a, x); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
		b.Run(fmt.Sprintf("n=%d/gonum", n), func(b *testing.B) {
			ga, gx := mat.NewDense(n, n, a.Data()), mat.NewDense(n, n, x.Data())
			var gc mat.Dense
			gc.ReuseAs(n, n)
			for range b.N {
				gc.Mul(ga, gx)
			}
			report(b)
		})
	}
}

// BenchmarkMatMulSmall measures one MatMulInto call on small square
// float64 matrices, checks and dispatch included: the fixed cost per call.
func BenchmarkMatMulSmall(b *testing.B) {
	for _, n := range []int{2, 3, 4, 8, 16, 32, 64} {
		a := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 1))
		x := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{n, n}, 2))
		c := must[*nd.Array[float64]](b)(nd.Zeros[float64]([]int{n, n}))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if err := MatMulInto(c, a, x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkMatMulBatched measures MatMulInto on stacks (batch, n, n) of
// float64 matrices, about 1.6 MFLOP per call.
func BenchmarkMatMulBatched(b *testing.B) {
	for _, n := range []int{2, 4, 8, 16, 32, 64} {
		batch := max(1, 800_000/(n*n*n))
		a := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{batch, n, n}, 1))
		x := must[*nd.Array[float64]](b)(nd.Random[float64]([]int{batch, n, n}, 2))
		c := must[*nd.Array[float64]](b)(nd.Zeros[float64]([]int{batch, n, n}))
		b.Run(fmt.Sprintf("n=%d/batch=%d", n, batch), func(b *testing.B) {
			for b.Loop() {
				if err := MatMulInto(c, a, x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*float64(batch*n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
