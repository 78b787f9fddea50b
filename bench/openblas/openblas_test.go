package openblas

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numgo/numgo/asm/gemm"
)

// TestAgainstOurs checks numgo's GEMM against OpenBLAS's on a few shapes,
// both transposes, float64 and float32.
func TestAgainstOurs(t *testing.T) {
	t.Logf("OpenBLAS %s, core %s", Config(), CoreName())
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][3]int{{1, 1, 1}, {7, 13, 5}, {64, 64, 64}, {200, 131, 257}, {513, 300, 190}} {
		m, n, k := sz[0], sz[1], sz[2]
		for tr := range 4 {
			tA, tB := tr&1 != 0, tr&2 != 0
			lda, ldb := k, n
			if tA {
				lda = m
			}
			if tB {
				ldb = k
			}
			a, b := make([]float64, m*k), make([]float64, k*n)
			for i := range a {
				a[i] = rng.Float64()*2 - 1
			}
			for i := range b {
				b[i] = rng.Float64()*2 - 1
			}
			c0 := make([]float64, m*n)
			for i := range c0 {
				c0[i] = rng.Float64()
			}
			want, got := append([]float64(nil), c0...), append([]float64(nil), c0...)
			Dgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, -1, want, n)
			gemm.Dgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, -1, got, n)
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
					t.Fatalf("Dgemm %v tA=%v tB=%v: element %d = %v, OpenBLAS %v", sz, tA, tB, i, got[i], want[i])
				}
			}
			a32, b32, want32, got32 := f32(a), f32(b), f32(c0), f32(c0)
			Sgemm(tA, tB, m, n, k, 0.5, a32, lda, b32, ldb, -1, want32, n)
			gemm.Sgemm(tA, tB, m, n, k, 0.5, a32, lda, b32, ldb, -1, got32, n)
			for i := range got32 {
				if math.Abs(float64(got32[i]-want32[i])) > 1e-5*float64(k) {
					t.Fatalf("Sgemm %v tA=%v tB=%v: element %d = %v, OpenBLAS %v", sz, tA, tB, i, got32[i], want32[i])
				}
			}
		}
	}
}

func f32(s []float64) []float32 {
	out := make([]float32, len(s))
	for i, v := range s {
		out[i] = float32(v)
	}
	return out
}

// TestLoop checks that DgemmLoop and SgemmLoop run the same products as a
// loop of Dgemm and Sgemm calls from Go: every matrix of a strided stack,
// a shared (stride 0) B, and reps repeats (beta 1 accumulates them).
func TestLoop(t *testing.T) {
	const m, n, k, count, reps = 3, 5, 4, 7, 2
	rng := rand.New(rand.NewPCG(3, 4))
	a, b := make([]float64, count*m*k), make([]float64, k*n)
	for i := range a {
		a[i] = rng.Float64()*2 - 1
	}
	for i := range b {
		b[i] = rng.Float64()*2 - 1
	}
	want, got := make([]float64, count*m*n), make([]float64, count*m*n)
	for range reps {
		for i := range count {
			Dgemm(false, false, m, n, k, 1.5, a[i*m*k:], k, b, n, 1, want[i*m*n:], n)
		}
	}
	DgemmLoop(reps, count, false, false, m, n, k, 1.5, a, k, m*k, b, n, 0, 1, got, n, m*n)
	a32, b32, got32 := f32(a), f32(b), make([]float32, len(got))
	SgemmLoop(reps, count, false, false, m, n, k, 1.5, a32, k, m*k, b32, n, 0, 1, got32, n, m*n)
	for i := range got {
		if got[i] != want[i] || math.Abs(float64(got32[i])-want[i]) > 1e-5*float64(k*reps) {
			t.Fatalf("element %d: DgemmLoop %v, SgemmLoop %v, a loop of Dgemm %v", i, got[i], got32[i], want[i])
		}
	}
}
