package ops_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// The benchmarks put ops beside its peers in one run: compare ratios of the
// sub-benchmarks, never absolute times (the machines are shared).
//
//	go test -run=NONE -bench=. ./nd/ops/

// plainAdd and plainSum are the plain Go loops the benchmarks compare
// with, as functions so that b.Loop's keep-alive rules do not touch their
// bodies.
func plainAdd(d, p, q []float64) {
	for i := range d {
		d[i] = p[i] + q[i]
	}
}

func plainSum(p []float64) float64 {
	var s float64
	for _, v := range p {
		s += v
	}
	return s
}

var sink float64

// serial turns the goroutine split off for the length of a benchmark.
func serial(b *testing.B) {
	prev := ops.SetParallelThreshold(math.MaxInt)
	b.Cleanup(func() { ops.SetParallelThreshold(prev) })
}

func vectors(b *testing.B, n int) (dst, x, y *nd.Array[float64]) {
	return must(nd.Zeros[float64]([]int{n})), must(nd.Random[float64]([]int{n}, 1)), must(nd.Random[float64]([]int{n}, 2))
}

// BenchmarkAddInto16 bounds the fixed cost of an op: 16 elements, ops
// against a plain Go loop (target: at most 2x).
func BenchmarkAddInto16(b *testing.B) {
	dst, x, y := vectors(b, 16)
	b.Run("ops", func(b *testing.B) {
		b.SetBytes(3 * 8 * 16)
		for b.Loop() {
			ops.AddInto(dst, x, y)
		}
	})
	b.Run("loop", func(b *testing.B) {
		d, p, q := dst.Data(), x.Data(), y.Data()
		b.SetBytes(3 * 8 * 16)
		for b.Loop() {
			plainAdd(d, p, q)
		}
	})
}

// BenchmarkAdd is c = a + b in L1, L2 and memory: ops on one goroutine,
// ops split across GOMAXPROCS, gonum's floats.AddTo and a plain loop.
func BenchmarkAdd(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 14, 1 << 24} {
		dst, x, y := vectors(b, n)
		d, p, q := dst.Data(), x.Data(), y.Data()
		bytes := int64(3 * 8 * n)
		b.Run(fmt.Sprintf("n=%d/ops", n), func(b *testing.B) {
			serial(b)
			b.SetBytes(bytes)
			for b.Loop() {
				ops.AddInto(dst, x, y)
			}
		})
		b.Run(fmt.Sprintf("n=%d/ops-parallel", n), func(b *testing.B) {
			prev := ops.SetParallelThreshold(1 << 12)
			defer ops.SetParallelThreshold(prev)
			b.SetBytes(bytes)
			for b.Loop() {
				ops.AddInto(dst, x, y)
			}
		})
		b.Run(fmt.Sprintf("n=%d/gonum", n), func(b *testing.B) {
			b.SetBytes(bytes)
			for b.Loop() {
				floats.AddTo(d, p, q)
			}
		})
		b.Run(fmt.Sprintf("n=%d/loop", n), func(b *testing.B) {
			b.SetBytes(bytes)
			for b.Loop() {
				plainAdd(d, p, q)
			}
		})
	}
}

// BenchmarkAddBroadcast is a [512 512] matrix plus a row and plus a
// column, and a matrix plus its transpose (the gather path).
func BenchmarkAddBroadcast(b *testing.B) {
	serial(b)
	m := must(nd.Random[float64]([]int{512, 512}, 1))
	dst := must(nd.Zeros[float64]([]int{512, 512}))
	for name, other := range map[string]*nd.Array[float64]{
		"row":       must(nd.Random[float64]([]int{512}, 2)),
		"column":    must(nd.Random[float64]([]int{512, 1}, 3)),
		"same":      must(nd.Random[float64]([]int{512, 512}, 4)),
		"transpose": m.T(),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(3 * 8 * 512 * 512)
			for b.Loop() {
				ops.AddInto(dst, m, other)
			}
		})
	}
}

// BenchmarkSum is the pairwise ops.Sum against a plain left-to-right
// loop, in L1 and in memory, on one goroutine and split.
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 14, 1 << 24} {
		_, x, _ := vectors(b, n)
		p := x.Data()
		b.Run(fmt.Sprintf("n=%d/ops", n), func(b *testing.B) {
			serial(b)
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				ops.Sum(x)
			}
		})
		b.Run(fmt.Sprintf("n=%d/ops-parallel", n), func(b *testing.B) {
			prev := ops.SetParallelThreshold(1 << 12)
			defer ops.SetParallelThreshold(prev)
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				ops.Sum(x)
			}
		})
		b.Run(fmt.Sprintf("n=%d/loop", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				sink = plainSum(p)
			}
		})
	}
}

// BenchmarkSumAxis reduces a [1024 1024] matrix along each axis, against
// gonum-style loops doing the same.
func BenchmarkSumAxis(b *testing.B) {
	serial(b)
	const n = 1024
	m := must(nd.Random[float64]([]int{n, n}, 1))
	out := must(nd.Zeros[float64]([]int{n}))
	data, o := m.Data(), out.Data()
	for _, axis := range []int{0, 1} {
		b.Run(fmt.Sprintf("axis=%d/ops", axis), func(b *testing.B) {
			b.SetBytes(8 * n * n)
			for b.Loop() {
				ops.SumAxisInto(out, m, ops.Axis(axis))
			}
		})
	}
	b.Run("axis=0/loop", func(b *testing.B) {
		b.SetBytes(8 * n * n)
		for b.Loop() {
			clear(o)
			for i := range n {
				floats.Add(o, data[i*n:(i+1)*n])
			}
		}
	})
	b.Run("axis=1/loop", func(b *testing.B) {
		b.SetBytes(8 * n * n)
		for b.Loop() {
			for i := range n {
				o[i] = floats.Sum(data[i*n : (i+1)*n])
			}
		}
	})
}
