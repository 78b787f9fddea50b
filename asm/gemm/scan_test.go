package gemm

import (
	"fmt"
	"testing"

	"github.com/numgo/numgo/internal/cpu"
)

func BenchmarkScan(b *testing.B) {
	for _, tier := range []cpu.Tier{cpu.AVX512, cpu.AVX2} {
		base := table64.kernels[tier]
		b.Logf("%s base mc=%d kc=%d nc=%d", tier, base.mc, base.kc, base.nc)
		for _, kc := range []int{128, 192, 256, 384} {
			for _, mc := range []int{96, 192, 384} {
				k := base
				k.kc, k.mc = kc, mc/k.mr*k.mr
				n := 1024
				a, bb, c := benchOperands[float64](n)
				b.Run(fmt.Sprintf("%s/kc=%d/mc=%d", tier, kc, mc), func(b *testing.B) {
					for b.Loop() {
						packed(k, 1, false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
					}
					reportGFLOPS(b, n)
				})
			}
		}
	}
}
