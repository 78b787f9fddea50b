package gemm

import (
	"fmt"
	"testing"
)

func benchKernel[T float](b *testing.B, name string, mr, nr int, fn kernelFunc[T]) {
	for _, kc := range []int{64, 256} {
		a := grow[T](nil, kc*mr)
		bb := grow[T](nil, kc*nr)
		c := grow[T](nil, mr*nr)
		b.Run(fmt.Sprintf("%s/%dx%d/kc=%d", name, mr, nr, kc), func(b *testing.B) {
			for b.Loop() {
				fn(kc, &a[0], &bb[0], &c[0], nr)
			}
			b.ReportMetric(2*float64(kc*mr*nr)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkKernel(b *testing.B) {
	benchKernel(b, "d", 6, 8, dgemmAVX2)
	benchKernel(b, "d", 8, 24, dgemmAVX512)
	benchKernel(b, "d", 8, 16, dgemmX8x16)
	benchKernel(b, "d", 12, 16, dgemmX12x16)
	benchKernel(b, "s", 6, 16, sgemmAVX2)
	benchKernel(b, "s", 8, 48, sgemmAVX512)
	benchKernel(b, "s", 8, 32, sgemmX8x32)
	benchKernel(b, "s", 12, 32, sgemmX12x32)
}
