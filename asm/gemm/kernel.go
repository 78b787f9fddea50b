package gemm

import (
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// float is the element type set the driver is written for.
type float interface{ float32 | float64 }

// kernelFunc is a micro-kernel: for an mr x nr tile it computes
//
//	C[i*ldc+j] += sum_p a[p*mr+i] * b[p*nr+j]
//
// where a is a packed sliver of mr rows of A and b a packed sliver of nr
// columns of B, both stored k step by k step.
type kernelFunc[T float] func(k int, a, b, c *T, ldc int)

// kernel is a micro-kernel with its tile shape and the cache blocking the
// driver uses around it.
type kernel[T float] struct {
	mr, nr     int
	mc, kc, nc int
	fn         kernelFunc[T]
}

// shape is a tile shape: rows of A by columns of B.
type shape struct{ mr, nr int }

// Tile shapes per tier. The AVX2 tiles use 12 of 16 ymm registers as
// accumulators, the AVX-512 tiles 24 of 32 zmm registers. The Generic tier
// runs the pure-Go kernel on a small tile the compiler keeps in registers.
var (
	shapes64 = [...]shape{cpu.Generic: {4, 4}, cpu.AVX2: {6, 8}, cpu.AVX512: {8, 24}}
	shapes32 = [...]shape{cpu.Generic: {4, 4}, cpu.AVX2: {6, 16}, cpu.AVX512: {8, 48}}
)

// kernelTable holds, per tier, the kernel the driver runs and its pure-Go
// twin of the same tile shape (the same entry where no assembly exists).
type kernelTable[T float] struct {
	kernels, twins [cpu.AVX512 + 1]kernel[T]
}

var (
	table64 = newTable(shapes64, asmKernels64)
	table32 = newTable(shapes32, asmKernels32)
)

func newTable[T float](shapes [cpu.AVX512 + 1]shape, asm [cpu.AVX512 + 1]kernelFunc[T]) *kernelTable[T] {
	var t kernelTable[T]
	caches := cpu.CacheSizes()
	for tier, s := range shapes {
		twin := blocked(kernel[T]{mr: s.mr, nr: s.nr, fn: goKernel[T](s.mr, s.nr)}, caches)
		t.twins[tier] = twin
		t.kernels[tier] = twin
		if asm[tier] != nil {
			t.kernels[tier].fn = asm[tier]
		}
	}
	return &t
}

// tableFor returns the kernel table for T.
func tableFor[T float]() *kernelTable[T] {
	var z T
	switch any(z).(type) {
	case float64:
		return any(table64).(*kernelTable[T])
	default:
		return any(table32).(*kernelTable[T])
	}
}

// maxTile bounds mr*nr over all shapes, for the Go kernel's accumulators.
const maxTile = 8 * 48

// goKernel returns the pure-Go micro-kernel for an mr x nr tile.
func goKernel[T float](mr, nr int) kernelFunc[T] {
	return func(k int, a, b, c *T, ldc int) {
		ap := unsafe.Slice(a, k*mr)
		bp := unsafe.Slice(b, k*nr)
		cp := unsafe.Slice(c, (mr-1)*ldc+nr)
		var acc [maxTile]T
		for p := range k {
			brow := bp[p*nr : p*nr+nr]
			for i, av := range ap[p*mr : p*mr+mr] {
				arow := acc[i*nr : i*nr+nr]
				for j, bv := range brow {
					arow[j] += av * bv
				}
			}
		}
		for i := range mr {
			crow := cp[i*ldc : i*ldc+nr]
			for j, v := range acc[i*nr : i*nr+nr] {
				crow[j] += v
			}
		}
	}
}
