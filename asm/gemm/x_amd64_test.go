package gemm

import (
	"github.com/numgo/numgo/internal/cpu"
	"fmt"
	"testing"
)

//go:noescape
func dgemmX8x16(k int, a, b, c *float64, ldc int)

//go:noescape
func dgemmX12x16(k int, a, b, c *float64, ldc int)

//go:noescape
func sgemmX8x32(k int, a, b, c *float32, ldc int)

//go:noescape
func sgemmX12x32(k int, a, b, c *float32, ldc int)

func cpuCaches() cpu.Caches { return cpu.CacheSizes() }

func BenchmarkShapes(b *testing.B) {
	caches := cpuCaches()
	k64 := []kernel[float64]{
		blocked(kernel[float64]{mr: 8, nr: 24, fn: dgemmAVX512}, caches),
		blocked(kernel[float64]{mr: 8, nr: 16, fn: dgemmX8x16}, caches),
		blocked(kernel[float64]{mr: 12, nr: 16, fn: dgemmX12x16}, caches),
	}
	k32 := []kernel[float32]{
		blocked(kernel[float32]{mr: 8, nr: 48, fn: sgemmAVX512}, caches),
		blocked(kernel[float32]{mr: 8, nr: 32, fn: sgemmX8x32}, caches),
		blocked(kernel[float32]{mr: 12, nr: 32, fn: sgemmX12x32}, caches),
	}
	for _, n := range []int{64, 100, 256, 1024} {
		a, bb, c := benchOperands[float64](n)
		for _, k := range k64 {
			b.Run(fmt.Sprintf("d/n=%d/%dx%d", n, k.mr, k.nr), func(b *testing.B) {
				for b.Loop() {
					packed(k, 1, false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				reportGFLOPS(b, n)
			})
		}
		a32, bb32, c32 := benchOperands[float32](n)
		for _, k := range k32 {
			b.Run(fmt.Sprintf("s/n=%d/%dx%d", n, k.mr, k.nr), func(b *testing.B) {
				for b.Loop() {
					packed(k, 1, false, false, n, n, n, 1, a32, n, bb32, n, 0, c32, n)
				}
				reportGFLOPS(b, n)
			})
		}
	}
}
