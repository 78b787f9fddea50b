package asm

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/numgo/numgo/internal/cpu"
)

// The benchmarks put every tier beside its peers in one run (the machines
// are shared and noisy: compare ratios, never absolute times). Bytes are
// those an operation moves: 24 per element for float64 c = a + b (two reads
// and a write), 8 per element for Sum, 16 for Dot. Gelem/s is elements per
// second, which compares float32 with float64. The loops use b.N rather
// than b.Loop, which keeps the plain-Go peers from being optimized as they
// would be in real code (it keeps their accumulators in memory).

func benchSlice[T Float](n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(i%13) - 6.5
	}
	return x
}

// perTier runs f as one sub-benchmark per tier variant, with it forced.
func perTier(b *testing.B, f func(b *testing.B)) {
	for _, v := range variants() {
		b.Run(v.name, func(b *testing.B) {
			defer v.force()()
			f(b)
		})
	}
}

func reportElems(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
}

var sink float64

func BenchmarkAddF64(b *testing.B) {
	for _, n := range []int{1 << 10, 16 << 10, 16 << 20} {
		x, y, c := benchSlice[float64](n), benchSlice[float64](n), benchSlice[float64](n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			run := func(name string, f func()) {
				b.Run(name, func(b *testing.B) {
					b.SetBytes(int64(24 * n))
					for range b.N {
						f()
					}
					reportElems(b, n)
				})
			}
			perTier(b, func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				for range b.N {
					Add(c, x, y)
				}
				reportElems(b, n)
			})
			if n*8 >= NonTemporalThreshold() {
				// The default tier with non-temporal stores off: what they buy.
				b.Run("best-cached", func(b *testing.B) {
					defer SetNonTemporalThreshold(SetNonTemporalThreshold(math.MaxInt))
					b.SetBytes(int64(24 * n))
					for range b.N {
						Add(c, x, y)
					}
				})
			}
			run("gonum", func() { floats.AddTo(c, x, y) })
			run("loop", func() {
				for i := range x {
					c[i] = x[i] + y[i]
				}
			})
			b.Run("copy", func(b *testing.B) { // the bandwidth peer: one read, one write
				b.SetBytes(int64(16 * n))
				for range b.N {
					copy(c, x)
				}
			})
		})
	}
}

// BenchmarkAddF32 is float32 c = a + b in L1, to compare elements per
// second with BenchmarkAddF64/n=1024.
func BenchmarkAddF32(b *testing.B) {
	const n = 1 << 10
	x, y, c := benchSlice[float32](n), benchSlice[float32](n), benchSlice[float32](n)
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		perTier(b, func(b *testing.B) {
			b.SetBytes(12 * n)
			for range b.N {
				Add(c, x, y)
			}
			reportElems(b, n)
		})
	})
}

// BenchmarkAddSmall measures the cost of a call on 16 elements against the
// plain loop: the dispatch overhead.
func BenchmarkAddSmall(b *testing.B) {
	const n = 16
	x, y, c := benchSlice[float64](n), benchSlice[float64](n), benchSlice[float64](n)
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		perTier(b, func(b *testing.B) {
			b.SetBytes(24 * n)
			for range b.N {
				Add(c, x, y)
			}
		})
		b.Run("loop", func(b *testing.B) {
			b.SetBytes(24 * n)
			for range b.N {
				for i := range x {
					c[i] = x[i] + y[i]
				}
			}
		})
	})
}

func BenchmarkSumF64(b *testing.B) {
	const n = 1 << 10
	x := benchSlice[float64](n)
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		perTier(b, func(b *testing.B) {
			b.SetBytes(8 * n)
			for range b.N {
				sink = Sum(x)
			}
		})
		b.Run("gonum", func(b *testing.B) {
			b.SetBytes(8 * n)
			for range b.N {
				sink = floats.Sum(x)
			}
		})
		b.Run("loop", func(b *testing.B) {
			b.SetBytes(8 * n)
			for range b.N {
				var s float64
				for _, v := range x {
					s += v
				}
				sink = s
			}
		})
	})
}

func BenchmarkDotF64(b *testing.B) {
	const n = 1 << 10
	x, y := benchSlice[float64](n), benchSlice[float64](n)
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		perTier(b, func(b *testing.B) {
			b.SetBytes(16 * n)
			for range b.N {
				sink = Dot(x, y)
			}
		})
		b.Run("gonum", func(b *testing.B) {
			b.SetBytes(16 * n)
			for range b.N {
				sink = floats.Dot(x, y)
			}
		})
		b.Run("loop", func(b *testing.B) {
			b.SetBytes(16 * n)
			for range b.N {
				var s float64
				for i, v := range x {
					s += v * y[i]
				}
				sink = s
			}
		})
	})
}

// BenchmarkNonTemporal runs c = a + b around the last-level cache size with
// and without non-temporal stores: where "stream" overtakes "cached" is
// where NonTemporalThreshold belongs.
func BenchmarkNonTemporal(b *testing.B) {
	l3 := cpu.CacheSizes().L3
	for _, out := range []int{l3 / 8, l3 / 4, l3 / 2, l3, 2 * l3} {
		n := out / 8
		x, y, c := benchSlice[float64](n), benchSlice[float64](n), benchSlice[float64](n)
		for _, mode := range []struct {
			name      string
			threshold int
		}{{"cached", math.MaxInt}, {"stream", 0}} {
			b.Run(fmt.Sprintf("out=%dKiB/%s", out>>10, mode.name), func(b *testing.B) {
				defer SetNonTemporalThreshold(SetNonTemporalThreshold(mode.threshold))
				b.SetBytes(int64(24 * n))
				for range b.N {
					Add(c, x, y)
				}
			})
		}
	}
}
