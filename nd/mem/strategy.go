package mem

import (
	"fmt"

	"github.com/klauspost/cpuid/v2"
	"github.com/numgo/numgo/internal/cpu"
)

// Strategy answers the questions an array library asks before it
// allocates: which kind of allocator suits a request, what alignment and
// block size suit the machine's caches and vector units, and whether
// memory can be had at all now. It is the guide's AllocationStrategy.
//
// Alignment and PreferredBlockSize take an element size in bytes rather
// than the guide's type name ("f64"): Go has no such names, and generic
// code has the size at hand (unsafe.Sizeof(T(0))).
//
// Intelligent, CacheAware and CacheOptimized implement it. What it plugs
// into: Intelligent takes any Strategy with WithStrategy (alignment of
// every buffer, block size, and a veto on requests), and code that
// allocates arrays asks it directly, as in
//
//	align := s.Alignment(int(unsafe.Sizeof(float64(0))))
//	a, err := nd.Zeros[float64](shape, nd.With(alloc), nd.Align(align))
//
// A Strategy is advice, not an allocator: the allocator still decides.
type Strategy interface {
	// ShouldUseArena reports whether a request of size bytes is best
	// served by memory of its own off the Go heap.
	ShouldUseArena(size int) bool
	// ShouldUsePool reports whether a request of size bytes is best
	// served from fixed-size blocks that are reused.
	ShouldUsePool(size int) bool
	// Alignment is the address alignment, in bytes, for arrays of
	// elements of elemSize bytes.
	Alignment(elemSize int) int
	// Fragmentation is the share, from 0 to 1, of the memory the strategy's
	// allocators hold that holds nothing live, from their own records.
	Fragmentation() float64
	// CanAllocate reports whether a request of size bytes would be
	// granted now (pressure and budget permitting).
	CanAllocate(size int) bool
	// PreferredBlockSize is the size in bytes of a block of elemSize-byte
	// elements that a blocked algorithm should work on at a time.
	PreferredBlockSize(elemSize int) int
	// Pressure is the memory pressure the strategy acts on now.
	Pressure() Pressure
}

// PressureSource reports the memory pressure of the process or system:
// a mem.Monitor does, and so can a test's fake. Strategies consult it on
// every decision, so it must be cheap (a monitor answers from its last
// sample).
type PressureSource interface {
	CurrentPressure() Pressure
}

// pressureOf returns what src says, Low when there is no source.
func pressureOf(src PressureSource) Pressure {
	if src == nil {
		return Low
	}
	return src.CurrentPressure()
}

// CacheConfig describes the cache hierarchy a CacheAware strategy or a
// CacheOptimized allocator works for. Zero fields are filled in from the
// CPU (cpuid), and the vector width from the SIMD tier numgo's kernels
// dispatch on; the fields a CacheOptimized allocator uses are marked.
type CacheConfig struct {
	// L1, L2 and L3 are the data cache sizes in bytes: L1 and L2 per
	// core, L3 as cpuid reports it (shared by a core complex).
	L1, L2, L3 int
	// Line is the cache line in bytes.
	Line int
	// Alignment overrides the alignment Alignment derives (a power of
	// two); CacheOptimized aligns every buffer to it (default: the line).
	Alignment int
	// PrefetchDistance, for CacheOptimized, is how many bytes past the end
	// of a buffer a kernel may read ahead: the allocator keeps that much
	// of its own memory after every buffer, so reading ahead never touches
	// another buffer's cache lines or an unmapped page.
	PrefetchDistance int
	// HugePages, for CacheOptimized, asks the kernel for transparent huge
	// pages (MADV_HUGEPAGE) on buffers of 2 MiB and more.
	HugePages bool
	// Pressure, if set, is consulted by CanAllocate and Pressure.
	Pressure PressureSource
}

// CacheAware is a Strategy built from the cache hierarchy: it sizes
// blocks to the caches and aligns to the vector unit. Make it with
// NewCacheAware.
//
// Its numbers and where they come from:
//
//   - Alignment(elemSize): the width of the widest vector unit the SIMD
//     tier in force uses (cpu.Current(): 64 bytes for AVX-512, 32 for
//     AVX2, 16 for the pure-Go tier, the SSE2/NEON width Go's own copy and
//     clear use), at least elemSize and at most the cache line. A vector
//     load at that alignment never straddles a cache line. Under AVX-512
//     it is 64, one whole line: a 64-byte zmm load at an address that is
//     only 32-aligned touches two lines every other load (on Zen 4 and 5,
//     which split 512-bit operations into 256-bit halves, it still costs a
//     second line fill), which is why the guide's 32 becomes 64 there.
//   - PreferredBlockSize(elemSize): a quarter of L2, rounded down to a
//     whole number of cache lines and elements: one operand's block takes
//     a quarter of the core's L2, so two operands and the output tile fit
//     with room for what streams through. It is the formula asm/gemm uses
//     for its packed A block (mc x kc elements = L2/4, see asm/gemm's
//     block.go); ARCHITECTURE.md compares the two on this machine.
//   - ShouldUsePool(size): size fits in L1: a pool hands back the block
//     freed last, still in L1, so small buffers reused in a loop stay hot.
//   - ShouldUseArena(size): size exceeds L2: such a buffer streams through
//     memory whatever its address, and is best off the Go heap, where the
//     collector never scans or paces on it.
//   - Fragmentation: 0: a CacheAware strategy holds no memory.
//   - CanAllocate and Pressure: from the Pressure source if one is set; a
//     CacheAware strategy without one sees no pressure (Low) and refuses
//     only invalid sizes.
//
// Make one with NewCacheAware; the zero value knows no caches.
type CacheAware struct {
	l1, l2, l3, line int
	vector           int
	alignment        int
	sources          string
	pressure         PressureSource
}

// NewCacheAware returns a CacheAware strategy for the caches cfg
// describes, filling zero sizes from cpuid.
func NewCacheAware(cfg CacheConfig) *CacheAware {
	c := cpu.CacheSizes()
	src := func(given, fromCPU, cpuidSays int, name string) (int, string) {
		switch {
		case given > 0:
			return given, name + " given"
		case cpuidSays > 0:
			return fromCPU, name + " from cpuid"
		}
		return fromCPU, name + " default (cpuid could not tell)"
	}
	s := &CacheAware{pressure: cfg.Pressure, alignment: cfg.Alignment}
	var s1, s2, s3, s4 string
	s.l1, s1 = src(cfg.L1, c.L1D, cpuid.CPU.Cache.L1D, "L1")
	s.l2, s2 = src(cfg.L2, c.L2, cpuid.CPU.Cache.L2, "L2")
	s.l3, s3 = src(cfg.L3, c.L3, cpuid.CPU.Cache.L3, "L3")
	s.line, s4 = src(cfg.Line, c.Line, cpuid.CPU.CacheLine, "line")
	s.sources = s1 + ", " + s2 + ", " + s3 + ", " + s4
	switch cpu.Current() {
	case cpu.AVX512:
		s.vector = 64
	case cpu.AVX2:
		s.vector = 32
	default:
		s.vector = 16
	}
	return s
}

// L1 returns the L1 data cache size in bytes the strategy works for.
func (s *CacheAware) L1() int { return s.l1 }

// L2 returns the L2 cache size in bytes the strategy works for.
func (s *CacheAware) L2() int { return s.l2 }

// L3 returns the L3 cache size in bytes the strategy works for.
func (s *CacheAware) L3() int { return s.l3 }

// Line returns the cache line in bytes.
func (s *CacheAware) Line() int { return s.line }

// VectorWidth returns the width in bytes of the vector unit the SIMD tier
// in force when the strategy was made uses.
func (s *CacheAware) VectorWidth() int { return s.vector }

// Sources says where each cache size came from: given, from cpuid, or a
// default because cpuid could not tell.
func (s *CacheAware) Sources() string { return s.sources }

// String summarizes the strategy's numbers on one line.
func (s *CacheAware) String() string {
	return fmt.Sprintf("L1 %d KiB, L2 %d KiB, L3 %d KiB, line %d B, vector %d B (%s); float64 alignment %d B, block %d B",
		s.l1>>10, s.l2>>10, s.l3>>10, s.line, s.vector, s.sources, s.Alignment(8), s.PreferredBlockSize(8))
}

// ShouldUseArena reports whether size exceeds L2.
func (s *CacheAware) ShouldUseArena(size int) bool { return size > s.l2 }

// ShouldUsePool reports whether size fits in L1.
func (s *CacheAware) ShouldUsePool(size int) bool { return size > 0 && size <= s.l1 }

// Alignment returns the alignment for elemSize-byte elements: the
// configured one if set, else the vector width, at least elemSize rounded
// up to a power of two, at most the cache line (see CacheAware).
func (s *CacheAware) Alignment(elemSize int) int {
	if s.alignment > 0 {
		return s.alignment
	}
	a := s.vector
	for a < elemSize && a < s.line {
		a *= 2
	}
	return min(a, max(s.line, s.vector))
}

// PreferredBlockSize returns L2/4 rounded down to a multiple of the cache
// line and of elemSize (see CacheAware).
func (s *CacheAware) PreferredBlockSize(elemSize int) int {
	unit := s.line
	if elemSize > 0 && unit%elemSize != 0 {
		unit *= elemSize
	}
	return max(s.l2/4/unit*unit, unit)
}

// Fragmentation returns 0: a CacheAware strategy holds no memory.
func (s *CacheAware) Fragmentation() float64 { return 0 }

// CanAllocate reports whether size is positive and the pressure source,
// if any, is below Critical.
func (s *CacheAware) CanAllocate(size int) bool { return size > 0 && s.Pressure() < Critical }

// Pressure returns what the pressure source says, Low without one.
func (s *CacheAware) Pressure() Pressure { return pressureOf(s.pressure) }
