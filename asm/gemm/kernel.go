package gemm

import (
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// float is the element type set the driver is written for.
type float interface{ float32 | float64 }

// kernelFunc is a micro-kernel: for an mr x nr tile it computes
//
//	C[i*ldc+j] += sum_p a[p*mr+i] * b[p*ldb+j]
//
// where a is a packed sliver of mr rows of A, stored k step by k step, and
// b holds nr columns of B with rows ldb apart: a packed sliver (ldb = nr)
// or, for small untransposed B, B itself. With store it sets C to the sum
// without reading it (the first k block when beta is 0).
type kernelFunc[T float] func(k int, a, b *T, ldb int, c *T, ldc int, store bool)

// kernel is a micro-kernel with its tile shape and the cache blocking the
// driver uses around it.
type kernel[T float] struct {
	mr, nr     int
	mc, kc, nc int
	fn         kernelFunc[T]
	asmPack[T]
}

// asmPack holds a tier's assembly packing routines; nil ones fall back to
// the Go loops.
type asmPack[T float] struct {
	// transpose transposes blocks*8 columns of 8 rows, lda apart, scaled
	// by alpha, into rows ldd apart: dst[(b*8+j)*ldd+i] = alpha*src[i*lda+b*8+j].
	// It packs untransposed A (ldd = mr = 8) and transposed B (ldd = nr).
	transpose func(dst, src *T, lda, ldd, blocks int, alpha T)
	// scaleRows packs an 8-row sliver of a transposed A: k rows of 8
	// elements, lda apart, scaled by alpha (needs mr == 8).
	scaleRows func(dst, src *T, lda, k int, alpha T)
	// copyRows packs k rows of a full sliver of an untransposed B,
	// nr*size bytes each and ld bytes apart.
	copyRows func(dst, src unsafe.Pointer, ld, k int)
	// packing is the kernel that also packs its sliver of an
	// untransposed B: it multiplies as the kernel does, reading B in
	// place (rows ldb apart), and copies each row of B it reads to bp,
	// nr elements a k step. The driver runs it for the first sliver of A
	// that meets each sliver of B, instead of packing B in a pass of its own.
	packing func(k int, a, b *T, ldb int, c *T, ldc int, store bool, bp *T)
}

// asmTier is what assembly provides for one tier.
type asmTier[T float] struct {
	kernel kernelFunc[T]
	asmPack[T]
}

// shape is a tile shape: rows of A by columns of B.
type shape struct{ mr, nr int }

// Tile shapes per tier. The AVX2 tiles use 12 of 16 ymm registers as
// accumulators. The AVX-512 tiles use 16 zmm accumulators: every tile
// shape reaches the same peak in L1 on Zen 4 (its 512-bit FMA issues at
// half the rate of the 256-bit one), and 8x16 / 8x32 measured fastest in
// the packed product because 16 and 32 divide the sizes people multiply
// (8x24 wastes a third of a tile at n = 64). The Generic tier runs
// kernel2x4, small enough to stay in registers.
var (
	shapes64 = [...]shape{cpu.Generic: {2, 4}, cpu.AVX2: {6, 8}, cpu.AVX512: {8, 16}}
	shapes32 = [...]shape{cpu.Generic: {2, 4}, cpu.AVX2: {6, 16}, cpu.AVX512: {8, 32}}
)

// kernelTable holds, per tier, the kernel the driver runs and its pure-Go
// twin of the same tile shape (the same entry where no assembly exists).
type kernelTable[T float] struct {
	kernels, twins [cpu.AVX512 + 1]kernel[T]
}

var (
	table64 = newTable(shapes64, asm64)
	table32 = newTable(shapes32, asm32)
)

func newTable[T float](shapes [cpu.AVX512 + 1]shape, asm [cpu.AVX512 + 1]asmTier[T]) *kernelTable[T] {
	var t kernelTable[T]
	caches := cpu.CacheSizes()
	for tier, s := range shapes {
		twin := blocked(kernel[T]{mr: s.mr, nr: s.nr, fn: goKernel[T](s.mr, s.nr)}, caches)
		if s == (shape{2, 4}) {
			twin.fn = kernel2x4[T]
		}
		t.twins[tier] = twin
		t.kernels[tier] = twin
		if asm[tier].kernel != nil {
			t.kernels[tier].fn = asm[tier].kernel
			t.kernels[tier].asmPack = asm[tier].asmPack
		}
	}
	return &t
}

// tableFor returns the kernel table for T.
func tableFor[T float]() *kernelTable[T] {
	return byType[T, kernelTable[T]](unsafe.Pointer(table64), unsafe.Pointer(table32))
}

// byType returns p64 when T is float64 and p32 when it is float32, as a
// *X: the instance for T of a package-level value kept once per float
// type. T's size is a constant in each instantiation, so this compiles to
// a plain load (a type switch on any(T) cost a dictionary lookup and two
// type assertions on every call).
func byType[T float, X any](p64, p32 unsafe.Pointer) *X {
	var z T
	if unsafe.Sizeof(z) == 8 {
		return (*X)(p64)
	}
	return (*X)(p32)
}

// maxTile bounds mr*nr over all shapes, for the Go kernel's accumulators.
const maxTile = 8 * 32

// goKernel returns the pure-Go micro-kernel for an mr x nr tile.
func goKernel[T float](mr, nr int) kernelFunc[T] {
	return func(k int, a, b *T, ldb int, c *T, ldc int, store bool) {
		ap := unsafe.Slice(a, k*mr)
		bp := unsafe.Slice(b, (k-1)*ldb+nr)
		cp := unsafe.Slice(c, (mr-1)*ldc+nr)
		var acc [maxTile]T
		for p := range k {
			brow := bp[p*ldb : p*ldb+nr]
			for i, av := range ap[p*mr : p*mr+mr] {
				arow := acc[i*nr : i*nr+nr]
				for j, bv := range brow {
					arow[j] += av * bv
				}
			}
		}
		for i := range mr {
			crow := cp[i*ldc : i*ldc+nr]
			if store {
				copy(crow, acc[i*nr:i*nr+nr])
				continue
			}
			for j, v := range acc[i*nr : i*nr+nr] {
				crow[j] += v
			}
		}
	}
}

// kernel2x4 is the Generic tier's micro-kernel: a 2x4 tile in eight scalar
// accumulators, small enough that the compiler keeps the tile and one k
// step of A and B in the sixteen SSE registers without spilling.
func kernel2x4[T float](k int, a, b *T, ldb int, c *T, ldc int, store bool) {
	ap := unsafe.Slice(a, 2*k)
	bp := unsafe.Slice(b, (k-1)*ldb+4)
	var c00, c01, c02, c03, c10, c11, c12, c13 T
	for p := range k {
		av, bv := ap[2*p:2*p+2:2*p+2], bp[p*ldb:p*ldb+4:p*ldb+4]
		a0, a1 := av[0], av[1]
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
	}
	cp := unsafe.Slice(c, ldc+4)
	if store {
		clear(cp[0:4])
		clear(cp[ldc : ldc+4])
	}
	r := cp[0:4:4]
	r[0], r[1], r[2], r[3] = r[0]+c00, r[1]+c01, r[2]+c02, r[3]+c03
	r = cp[ldc : ldc+4 : ldc+4]
	r[0], r[1], r[2], r[3] = r[0]+c10, r[1]+c11, r[2]+c12, r[3]+c13
}
