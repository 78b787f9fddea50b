package gemm

import (
	"fmt"
	"testing"
)

func BenchmarkProbeAlias(b *testing.B) {
	const m, n, k = 8, 64, 16
	buf := make([]float32, 1<<16)
	off := 0
	for i := range buf {
		buf[i] = float32(i%7) * 0.25
	}
	for off = 0; off < 1024; off += 64 { // C offset against B in floats (4 KiB = 1024 floats)
		bb := buf[0 : k*n]
		a := buf[8192 : 8192+m*k]
		c := buf[16384+off : 16384+off+m*n]
		b.Run(fmt.Sprintf("coff=%d", off*4), func(b *testing.B) {
			for b.Loop() {
				Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
			}
		})
	}
}
