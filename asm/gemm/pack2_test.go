package gemm

import "testing"

func packA2[T float](dst, a []T, lda int, i0, rows, p0, kk, mr int, alpha T) {
	for s := 0; s < rows; s += mr {
		r := min(mr, rows-s)
		d := dst[s*kk : s*kk+mr*kk]
		if r == 8 {
			base := (i0 + s) * lda + p0
			r0 := a[base:][:kk]
			r1 := a[base+lda:][:kk]
			r2 := a[base+2*lda:][:kk]
			r3 := a[base+3*lda:][:kk]
			r4 := a[base+4*lda:][:kk]
			r5 := a[base+5*lda:][:kk]
			r6 := a[base+6*lda:][:kk]
			r7 := a[base+7*lda:][:kk]
			for p := range r0 {
				dd := d[p*8 : p*8+8]
				dd[0] = alpha * r0[p]
				dd[1] = alpha * r1[p]
				dd[2] = alpha * r2[p]
				dd[3] = alpha * r3[p]
				dd[4] = alpha * r4[p]
				dd[5] = alpha * r5[p]
				dd[6] = alpha * r6[p]
				dd[7] = alpha * r7[p]
			}
		}
	}
}

func BenchmarkPackA(b *testing.B) {
	n := 1024
	a, _, _ := benchOperands[float64](n)
	dst := grow[float64](nil, 512*256)
	b.Run("cur", func(b *testing.B) {
		for b.Loop() {
			packA(dst, a, n, false, 256, 512, 256, 256, 8, 1.0)
		}
		b.ReportMetric(float64(512*256*b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	})
	b.Run("unrolled", func(b *testing.B) {
		for b.Loop() {
			packA2(dst, a, n, 256, 512, 256, 256, 8, 1.0)
		}
		b.ReportMetric(float64(512*256*b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	})
	b.Run("trans", func(b *testing.B) {
		for b.Loop() {
			packA(dst, a, n, true, 256, 512, 256, 256, 8, 1.0)
		}
		b.ReportMetric(float64(512*256*b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	})
	b.Run("packB", func(b *testing.B) {
		for b.Loop() {
			packB(dst, a, n, false, 0, 0, 504, 256, 256, 24)
		}
		b.ReportMetric(float64(504*256*b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	})
}
