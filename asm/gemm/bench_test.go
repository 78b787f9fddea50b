package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/internal/cpu"
)

func benchOperands[T float](n int) (a, b, c []T) {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	a, b, c = make([]T, n*n), make([]T, n*n), make([]T, n*n)
	for i := range a {
		a[i], b[i] = T(rng.Float64()), T(rng.Float64())
	}
	return a, b, c
}

func reportGFLOPS(b *testing.B, n int) {
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

var benchSizes = []int{64, 256, 1024}

// BenchmarkDgemm and BenchmarkSgemm run the square product at each size,
// tier and thread count, with gonum's native implementation beside them.
func BenchmarkDgemm(b *testing.B) {
	benchGemm(b, func(nt int, n int, a, bb []float64, c []float64) {
		DgemmParallel(nt, false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
	}, func(n int, a, bb, c []float64) {
		gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n)
	})
}

func BenchmarkSgemm(b *testing.B) {
	benchGemm(b, func(nt int, n int, a, bb []float32, c []float32) {
		SgemmParallel(nt, false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
	}, func(n int, a, bb, c []float32) {
		gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n)
	})
}

func benchGemm[T float](b *testing.B, ours func(nt, n int, a, b, c []T), peer func(n int, a, b, c []T)) {
	for _, n := range benchSizes {
		a, bb, c := benchOperands[T](n)
		for _, tier := range cpu.Tiers() {
			for _, nt := range []int{1, 2} {
				b.Run(fmt.Sprintf("n=%d/%s/threads=%d", n, tier, nt), func(b *testing.B) {
					defer cpu.SetTier(cpu.SetTier(tier))
					for b.Loop() {
						ours(nt, n, a, bb, c)
					}
					reportGFLOPS(b, n)
				})
			}
		}
		b.Run(fmt.Sprintf("n=%d/gonum", n), func(b *testing.B) {
			for b.Loop() {
				peer(n, a, bb, c)
			}
			reportGFLOPS(b, n)
		})
	}
}

// BenchmarkTransposed runs the four transpose combinations at n = 256 on
// the best tier: packing absorbs the transposes, so all four should match.
func BenchmarkTransposed(b *testing.B) {
	const n = 256
	a, bb, c := benchOperands[float64](n)
	for tr := range 4 {
		tA, tB := tr&1 != 0, tr&2 != 0
		b.Run(fmt.Sprintf("tA=%v/tB=%v", tA, tB), func(b *testing.B) {
			for b.Loop() {
				DgemmParallel(1, tA, tB, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
			reportGFLOPS(b, n)
		})
	}
}

// BenchmarkDirectB compares reading B in place with packing it, on the
// best tier, to place directLimit.
func BenchmarkDirectB(b *testing.B) {
	kern := table64.kernels[cpu.Current()]
	for _, n := range []int{64, 96, 128, 192, 256, 512} {
		a, bb, c := benchOperands[float64](n)
		for _, direct := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/direct=%v", n, direct), func(b *testing.B) {
				for b.Loop() {
					packed(kern, 1, direct, false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				reportGFLOPS(b, n)
			})
		}
	}
}

// BenchmarkCrossover compares the unpacked small path with the packed path
// on the best tier, to place smallWork.
func BenchmarkCrossover(b *testing.B) {
	kern := table64.kernels[cpu.Current()]
	for _, n := range []int{4, 6, 8, 12, 16, 24, 32} {
		a, bb, c := benchOperands[float64](n)
		b.Run(fmt.Sprintf("n=%d/small", n), func(b *testing.B) {
			for b.Loop() {
				small(false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
			reportGFLOPS(b, n)
		})
		b.Run(fmt.Sprintf("n=%d/packed", n), func(b *testing.B) {
			for b.Loop() {
				packed(kern, 1, directB[float64](false, n, n), false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
			reportGFLOPS(b, n)
		})
	}
}

// BenchmarkParallelCrossover compares one and two threads on the packed
// path, to place parallelWork.
func BenchmarkParallelCrossover(b *testing.B) {
	kern := table64.kernels[cpu.Current()]
	for _, n := range []int{24, 32, 40, 48, 64, 128} {
		a, bb, c := benchOperands[float64](n)
		for _, nt := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/threads=%d", n, nt), func(b *testing.B) {
				for b.Loop() {
					packed(kern, nt, directB[float64](false, n, n), false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				reportGFLOPS(b, n)
			})
		}
	}
}

// BenchmarkKernel runs each tier's micro-kernel alone on operands that sit
// in L1: the peak the packed driver can approach.
func BenchmarkKernel(b *testing.B) {
	for _, tier := range cpu.Tiers() {
		benchKernel(b, "float64/"+tier.String(), table64.kernels[tier])
		benchKernel(b, "float32/"+tier.String(), table32.kernels[tier])
	}
}

func benchKernel[T float](b *testing.B, name string, k kernel[T]) {
	const kc = 256
	a, bb, c := grow[T](nil, kc*k.mr), grow[T](nil, kc*k.nr), grow[T](nil, k.mr*k.nr)
	b.Run(fmt.Sprintf("%s/%dx%d", name, k.mr, k.nr), func(b *testing.B) {
		for b.Loop() {
			k.fn(kc, &a[0], &bb[0], k.nr, &c[0], k.nr, false)
		}
		b.ReportMetric(2*float64(kc*k.mr*k.nr)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// BenchmarkSkinny runs shapes with few rows or few columns, where the
// threads split C by columns or share a thin A, single and two threads.
func BenchmarkSkinny(b *testing.B) {
	for _, sz := range [][3]int{{16, 2048, 2048}, {8, 1024, 1024}, {2048, 16, 2048}, {64, 4096, 256}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, _, _ := benchOperands[float64](max(m, k))
		bb, _, _ := benchOperands[float64](max(n, k))
		c := make([]float64, m*n)
		for _, nt := range []int{1, 2} {
			b.Run(fmt.Sprintf("%dx%dx%d/threads=%d", m, n, k, nt), func(b *testing.B) {
				for b.Loop() {
					DgemmParallel(nt, false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
				}
				b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkSup compares the unpacked path with the packed one on
// untransposed square products, one thread, to place supWork.
func BenchmarkSup(b *testing.B) {
	kern, st := table64.kernels[cpu.Current()], &sup64.kernels[cpu.Current()]
	for _, n := range []int{16, 32, 48, 64, 96} {
		a, bb, c := benchOperands[float64](n)
		b.Run(fmt.Sprintf("n=%d/unpacked", n), func(b *testing.B) {
			for b.Loop() {
				sup(st, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
			reportGFLOPS(b, n)
		})
		b.Run(fmt.Sprintf("n=%d/packed", n), func(b *testing.B) {
			for b.Loop() {
				packed(kern, 1, directB[float64](false, n, n), false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
			reportGFLOPS(b, n)
		})
	}
}

// BenchmarkSupTall compares, on AVX-512, one tall one-vector tile of m
// rows (m up to supTall) with the two tiles of m/2 rows that the
// 8-row kernels take, in one call each, float32, n = k = 12.
func BenchmarkSupTall(b *testing.B) {
	st := &sup32.kernels[cpu.Current()]
	if st.tier != cpu.AVX512 {
		b.Skip("the tall kernels are AVX-512 only")
	}
	const n, k = 12, 12
	for _, m := range []int{10, 12} {
		a, bb, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		b.Run(fmt.Sprintf("m=%d/tall", m), func(b *testing.B) {
			for b.Loop() {
				supRun(st, m, k, &a[0], k, &bb[0], n, &c[0], n, 1, n, true, 1, 0, 0, 0)
			}
		})
		b.Run(fmt.Sprintf("m=%d/two", m), func(b *testing.B) {
			for b.Loop() {
				supRun(st, m/2, k, &a[0], k, &bb[0], n, &c[0], n, 1, n, true, 2, m/2*k, 0, m/2*n)
			}
		})
	}
}

// BenchmarkSupTransposed compares the unpacked path, which copies
// transposed operands first, with the packed path, to place supTWork.
func BenchmarkSupTransposed(b *testing.B) {
	kern, st := table64.kernels[cpu.Current()], &sup64.kernels[cpu.Current()]
	for _, n := range []int{8, 12, 16, 24} {
		a, bb, c := benchOperands[float64](n)
		for tr := 1; tr < 4; tr++ {
			tA, tB := tr&1 != 0, tr&2 != 0
			b.Run(fmt.Sprintf("n=%d/tA=%v/tB=%v/unpacked", n, tA, tB), func(b *testing.B) {
				for b.Loop() {
					supT(st, tA, tB, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				reportGFLOPS(b, n)
			})
			b.Run(fmt.Sprintf("n=%d/tA=%v/tB=%v/packed", n, tA, tB), func(b *testing.B) {
				for b.Loop() {
					packed(kern, 1, directB[float64](tB, n, n), tA, tB, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				reportGFLOPS(b, n)
			})
		}
	}
}

// BenchmarkBatched runs stacks of about 1.6 MFLOP of square products on
// one and two threads, to place batchWork.
func BenchmarkBatched(b *testing.B) {
	for _, n := range []int{4, 16, 64} {
		count := max(2, 800_000/(n*n*n))
		a, bb, c := make([]float64, count*n*n), make([]float64, count*n*n), make([]float64, count*n*n)
		for _, nt := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/count=%d/threads=%d", n, count, nt), func(b *testing.B) {
				for b.Loop() {
					DgemmBatched(nt, false, false, n, n, n, count, 1, a, n, n*n, bb, n, n*n, 0, c, n, n*n)
				}
				b.ReportMetric(2*float64(count*n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkFixedCost measures what a call costs around its arithmetic, on
// a 1x1x1 and a 2x2x2 product: Dgemm (checks, the tier and the one-tile
// test, then the dispatcher) beside the dispatcher called directly
// (dsup: the jump to the kernel and the kernel) and the tiny kernel's
// dispatcher (dtiny, which Dgemm calls for these shapes on AVX-512). The
// difference is Dgemm's own share. See also linalg's BenchmarkMatMulFixedCost.
func BenchmarkFixedCost(b *testing.B) {
	t := &sup64.kernels[cpu.Current()]
	for _, n := range []int{1, 2} {
		a, bb, c := benchOperands[float64](n)
		b.Run(fmt.Sprintf("n=%d/Dgemm", n), func(b *testing.B) {
			for b.Loop() {
				Dgemm(false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
			}
		})
		if t.tier == cpu.Generic {
			continue // no assembly dispatcher on this tier
		}
		b.Run(fmt.Sprintf("n=%d/dispatcher", n), func(b *testing.B) {
			for b.Loop() {
				dsup(n, &a[0], n, &bb[0], n, &c[0], n, 1, n, true, 1, 0, 0, 0, n, int(t.tier))
			}
		})
		if t.tier != cpu.AVX512 {
			continue // no tiny kernels on this tier
		}
		b.Run(fmt.Sprintf("n=%d/tiny", n), func(b *testing.B) {
			for b.Loop() {
				dtiny(&a[0], n, &bb[0], n, &c[0], n, 1, n, true, n, n)
			}
		})
	}
}
