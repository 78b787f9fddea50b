// Package asm holds numgo's SIMD element-wise kernels for float32 and
// float64 slices: AVX2+FMA and AVX-512 assembly, and a pure-Go twin of every
// kernel that is the fallback on other CPUs and architectures and in builds
// tagged purego.
//
// Every call picks its tier with one atomic load, so SetTier (or
// NUMGO_SIMD=off|avx2|avx512 at start-up) switches all kernels at once:
//
//	defer asm.SetTier(asm.SetTier(asm.AVX2)) // run the AVX2 kernels
//	asm.Add(c, a, b)                          // c[i] = a[i] + b[i]
//
// # Lengths and aliasing
//
// The first input sets the length n (a in Add, x in Axpy, Sum and Dot).
// Every other slice must hold at least n elements, or the call panics
// before touching memory; elements past n are neither read nor written.
// dst may be the very same slice as an input (in-place), but must not
// otherwise overlap one.
//
// # Floating point
//
// Element-wise results are exactly those of the Go twin on every tier,
// NaN, ±Inf and -0 included: each element is rounded once per operation,
// and FMA and Axpy round a*b+c once (fused), as math.FMA does. (The float32
// twin computes the fused result in float64 and rounds it to float32, which
// can differ from a single rounding by one unit in the last place in rare
// cases.) Sum and Dot add with several vector accumulators, in an order
// that depends on the tier, so results differ between tiers by
// reassociation; each is within the classic bound of recursive summation,
// |error| <= n·ε·Σ|terms| (ε = 2⁻²⁴ for float32, 2⁻⁵³ for float64), and
// the many short chains usually make the error much smaller than a
// left-to-right loop's. Min and Max propagate NaN as NumPy's min and max
// do: if any element is NaN the result is NaN. When the extreme is a zero
// and both signs of zero occur, which zero is returned is not specified.
// AddRows, MinRows and MaxRows join rows into a row of accumulators element
// by element, in row order, so every tier gives the twin's bits; MinRows
// and MaxRows keep the first NaN, and of equal elements (±0) the later
// one, as NumPy's np.minimum and np.maximum do on x86.
//
// # Math functions
//
// Exp, Exp2, Log, Log2, Log10 and Log1p are within 1 ulp of the exact value
// (largest errors measured 0.59-0.85 ulp, float32 and float64), Sqrt and
// the roundings (Floor, Ceil, Trunc, RoundToEven) are exact, and special
// values follow IEEE 754 and NumPy (Exp(-Inf) = 0, Log(0) = -Inf,
// Log(-1) = NaN, subnormal inputs and results included). Each is one
// program emitted for every tier, so all tiers give the same bits; float32
// is computed in float32. None calls Go's math.Exp, Log or Pow.
//
// # Tiers
//
// The AVX2 tier uses 256-bit vectors and finishes tails with scalar
// instructions. The AVX-512 tier finishes tails and non-temporal alignment
// heads with k-masked vector operations (a masked load never faults on the
// lanes it leaves out); its reductions use 512-bit vectors, and its
// element-wise kernels use 512-bit vectors too except on AMD Zen 4, where
// 256-bit EVEX vectors measured faster (see avx512Narrow in the source).
//
// # Non-temporal stores
//
// Kernels whose output is large (at least NonTemporalThreshold bytes, by
// default a quarter of the last-level cache) write it with non-temporal
// stores, which bypass the caches: skipping the read-for-ownership of every
// destination line saves a third of the memory traffic of c = a + b, and
// the output no longer evicts the inputs. The default comes from
// BenchmarkNonTemporal on an AMD EPYC (Zen 4, 32 MiB L3): streaming tied
// with cached stores at an output of L3/8, and beat them 1.6-1.7x from L3/4
// (a working set of 3/4 of L3) up. Where cpuid does not report the L3, as
// in some virtual machines, the default is 8 MiB, a quarter of 32 MiB (the
// L3 of every AMD Zen 3 to Zen 5 core complex, and less than a server
// Xeon's): an L3 guessed too small streams outputs that would have stayed
// in the cache. Axpy, which reads its destination, and the reductions never
// use them.
package asm

import (
	"fmt"
	"math"
	"sync/atomic"
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// Float is the element types the kernels take.
type Float interface {
	~float32 | ~float64
}

var ntThreshold atomic.Int64

// avx512Narrow makes the AVX-512 tier's element-wise kernels run on 256-bit
// vectors (AVX-512VL, the same k-mask tails) instead of 512-bit ones. It is
// set on AMD family 19h (Zen 4), which splits every 512-bit operation in
// two: there, c = a + b in L1 measured about 15% slower with 512-bit stores
// than with 256-bit ones, and no faster from L2 or memory. Reductions keep
// 512-bit vectors, which measured the same either way.
var avx512Narrow = cpuid.CPU.VendorID == cpuid.AMD && cpuid.CPU.Family == 0x19

func init() { ntThreshold.Store(defaultNonTemporal()) }

// defaultNonTemporal is a quarter of the L3 cpuid reports, or of 32 MiB
// where it reports none (see the package documentation).
func defaultNonTemporal() int64 {
	if l3 := cpuid.CPU.Cache.L3; l3 > 0 {
		return int64(l3 / 4)
	}
	return 8 << 20
}

// NonTemporalThreshold is the output size in bytes from which kernels use
// non-temporal stores. It starts at a quarter of the L3 cache's size, or 8
// MiB where cpuid does not report it (see the package documentation).
func NonTemporalThreshold() int { return int(ntThreshold.Load()) }

// SetNonTemporalThreshold sets the output size in bytes from which kernels
// use non-temporal stores and returns the previous value, so a test or
// benchmark can restore it:
//
//	defer asm.SetNonTemporalThreshold(asm.SetNonTemporalThreshold(0)) // always
//
// math.MaxInt turns non-temporal stores off.
func SetNonTemporalThreshold(bytes int) int { return int(ntThreshold.Swap(int64(max(bytes, 0)))) }

// nonTemporal reports whether a kernel writing dst should use non-temporal
// stores: dst is large and its elements are naturally aligned (as Go
// allocates them), so that a head of whole elements reaches vector
// alignment.
func nonTemporal[T float32 | float64](dst []T) bool {
	size := int64(unsafe.Sizeof(T(0)))
	return int64(len(dst))*size >= ntThreshold.Load() &&
		uintptr(unsafe.Pointer(unsafe.SliceData(dst)))%uintptr(size) == 0
}

// is32 reports whether T is a float32 kind; the compiler folds it per
// instantiation.
func is32[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

func as32[T Float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

func as64[T Float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// need panics unless a slice of op's holds at least the n elements of the
// first input.
func need(op, name string, have, n int) {
	if have < n {
		panic(lengthError{op, name, have, n})
	}
}

// lengthError is the panic value of a call with a short slice. need
// panics with it directly (no call to build a message) so that need stays
// cheap enough for the compiler to inline.
type lengthError struct {
	op, name string
	have, n  int
}

func (e lengthError) Error() string {
	return fmt.Sprintf("asm.%s: %s has %d elements, want at least %d", e.op, e.name, e.have, e.n)
}

// Add sets dst[i] = a[i] + b[i] for i < len(a).
func Add[T Float](dst, a, b []T) {
	n := len(a)
	need("Add", "dst", len(dst), n)
	need("Add", "b", len(b), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		addF32(as32(dst[:n]), as32(a), as32(b[:n]))
		return
	}
	addF64(as64(dst[:n]), as64(a), as64(b[:n]))
}

// Sub sets dst[i] = a[i] - b[i] for i < len(a).
func Sub[T Float](dst, a, b []T) {
	n := len(a)
	need("Sub", "dst", len(dst), n)
	need("Sub", "b", len(b), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		subF32(as32(dst[:n]), as32(a), as32(b[:n]))
		return
	}
	subF64(as64(dst[:n]), as64(a), as64(b[:n]))
}

// Mul sets dst[i] = a[i] * b[i] for i < len(a).
func Mul[T Float](dst, a, b []T) {
	n := len(a)
	need("Mul", "dst", len(dst), n)
	need("Mul", "b", len(b), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		mulF32(as32(dst[:n]), as32(a), as32(b[:n]))
		return
	}
	mulF64(as64(dst[:n]), as64(a), as64(b[:n]))
}

// Div sets dst[i] = a[i] / b[i] for i < len(a).
func Div[T Float](dst, a, b []T) {
	n := len(a)
	need("Div", "dst", len(dst), n)
	need("Div", "b", len(b), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		divF32(as32(dst[:n]), as32(a), as32(b[:n]))
		return
	}
	divF64(as64(dst[:n]), as64(a), as64(b[:n]))
}

// Scale sets dst[i] = a[i] * s for i < len(a).
func Scale[T Float](dst, a []T, s T) {
	n := len(a)
	need("Scale", "dst", len(dst), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		scaleF32(as32(dst[:n]), as32(a), float32(s))
		return
	}
	scaleF64(as64(dst[:n]), as64(a), float64(s))
}

// AddScalar sets dst[i] = a[i] + s for i < len(a).
func AddScalar[T Float](dst, a []T, s T) {
	n := len(a)
	need("AddScalar", "dst", len(dst), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		addScalarF32(as32(dst[:n]), as32(a), float32(s))
		return
	}
	addScalarF64(as64(dst[:n]), as64(a), float64(s))
}

// Axpy sets y[i] += alpha * x[i] for i < len(x), rounding once per element
// (fused multiply-add), as BLAS axpy does.
func Axpy[T Float](y []T, alpha T, x []T) {
	n := len(x)
	need("Axpy", "y", len(y), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		axpyF32(as32(y[:n]), as32(x), float32(alpha))
		return
	}
	axpyF64(as64(y[:n]), as64(x), float64(alpha))
}

// FMA sets dst[i] = a[i]*b[i] + c[i] for i < len(a), rounding once per
// element, as math.FMA does.
func FMA[T Float](dst, a, b, c []T) {
	n := len(a)
	need("FMA", "dst", len(dst), n)
	need("FMA", "b", len(b), n)
	need("FMA", "c", len(c), n)
	if n == 0 {
		return
	}
	if is32[T]() {
		fmaF32(as32(dst[:n]), as32(a), as32(b[:n]), as32(c[:n]))
		return
	}
	fmaF64(as64(dst[:n]), as64(a), as64(b[:n]), as64(c[:n]))
}

// Sum returns the sum of x's elements (0 for an empty x), added in an order
// that depends on the tier; see the package documentation for the error
// bound.
func Sum[T Float](x []T) T {
	if len(x) == 0 {
		return 0
	}
	if is32[T]() {
		return T(sumF32(as32(x)))
	}
	return T(sumF64(as64(x)))
}

// Dot returns the sum of x[i]*y[i] for i < len(x) (0 for an empty x), with
// fused multiply-adds in an order that depends on the tier.
func Dot[T Float](x, y []T) T {
	n := len(x)
	need("Dot", "y", len(y), n)
	if n == 0 {
		return 0
	}
	if is32[T]() {
		return T(dotF32(as32(x), as32(y[:n])))
	}
	return T(dotF64(as64(x), as64(y[:n])))
}

// Min returns the smallest element of x, or NaN if x holds a NaN. It
// panics if x is empty, as slices.Min does.
func Min[T Float](x []T) T {
	if len(x) == 0 {
		panic("asm.Min: empty slice")
	}
	if is32[T]() {
		return T(minF32(as32(x)))
	}
	return T(minF64(as64(x)))
}

// Max returns the largest element of x, or NaN if x holds a NaN. It
// panics if x is empty, as slices.Max does.
func Max[T Float](x []T) T {
	if len(x) == 0 {
		panic("asm.Max: empty slice")
	}
	if is32[T]() {
		return T(maxF32(as32(x)))
	}
	return T(maxF64(as64(x)))
}

// fma returns a*b + c rounded once (for float32, via float64; see the
// package documentation).
func fma[T Float](a, b, c T) T { return T(math.FMA(float64(a), float64(b), float64(c))) }
