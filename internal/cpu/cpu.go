// Package cpu reports the processor features and cache sizes numgo's kernels
// dispatch on, and chooses the SIMD tier once at start-up.
//
// The tier can be forced with the NUMGO_SIMD environment variable
// (off, avx2, avx512) before the program starts, or with SetTier in tests.
// A forced tier the CPU lacks falls back to the best tier it has; that and
// a value that names no tier are reported on standard error at start-up.
package cpu

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/klauspost/cpuid/v2"
)

// Tier is a level of SIMD support a kernel can be written for.
type Tier int32

// The tiers, from none to the widest.
const (
	// Generic is the pure-Go path, available everywhere.
	Generic Tier = iota
	// AVX2 is AVX2 with FMA3 (256-bit vectors, 16 registers).
	AVX2
	// AVX512 is AVX-512 F, DQ, BW and VL (512-bit vectors, 32 registers).
	AVX512
)

// String returns the tier's name as NUMGO_SIMD spells it.
func (t Tier) String() string {
	switch t {
	case Generic:
		return "off"
	case AVX2:
		return "avx2"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("Tier(%d)", int32(t))
}

// ParseTier reads a tier name as NUMGO_SIMD spells it ("off", "purego" and
// "generic" all mean Generic).
func ParseTier(s string) (Tier, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "purego", "generic", "go":
		return Generic, nil
	case "avx2":
		return AVX2, nil
	case "avx512", "avx-512":
		return AVX512, nil
	}
	return Generic, fmt.Errorf("cpu: unknown SIMD tier %q (want off, avx2 or avx512)", s)
}

// Best is the widest tier this CPU (and build) supports.
var Best = detect()

var current atomic.Int32

func init() {
	t, warning := fromEnv(os.Getenv("NUMGO_SIMD"))
	if warning != "" {
		fmt.Fprintln(os.Stderr, warning)
	}
	current.Store(int32(t))
}

// fromEnv returns the tier NUMGO_SIMD=s asks for, capped at Best, and a
// warning when s names no tier (Best is used then) or one this CPU lacks.
func fromEnv(s string) (Tier, string) {
	if s == "" {
		return Best, ""
	}
	forced, err := ParseTier(s)
	if err != nil {
		return Best, fmt.Sprintf("numgo: ignoring NUMGO_SIMD=%q: accepted values are off, avx2 or avx512; using %s", s, Best)
	}
	if forced > Best {
		return Best, fmt.Sprintf("numgo: NUMGO_SIMD=%s: this CPU (or build) has no %s; using %s", s, forced, Best)
	}
	return forced, ""
}

func detect() Tier {
	if !asmAvailable {
		return Generic
	}
	if cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL) {
		return AVX512
	}
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		return AVX2
	}
	return Generic
}

// Current is the tier kernels use now.
func Current() Tier { return Tier(current.Load()) }

// SetTier forces the tier kernels use, capped at Best, and returns the tier
// that was in force so a test can restore it:
//
//	defer cpu.SetTier(cpu.SetTier(cpu.AVX2))
func SetTier(t Tier) Tier {
	return Tier(current.Swap(int32(min(max(t, Generic), Best))))
}

// Tiers lists every tier this machine can run, Generic first: the set a test
// forces one by one.
func Tiers() []Tier {
	ts := make([]Tier, 0, 3)
	for t := Generic; t <= Best; t++ {
		ts = append(ts, t)
	}
	return ts
}

// Caches holds cache sizes in bytes, per core for L1 and L2 and as reported
// for L3 (shared by the cores of one complex).
type Caches struct {
	L1D, L2, L3 int
	Line        int
}

// CacheSizes reports the CPU's data cache sizes, filling in conservative
// defaults (32 KiB, 512 KiB, 8 MiB, 64 B) for any level cpuid cannot tell.
func CacheSizes() Caches {
	c := Caches{L1D: cpuid.CPU.Cache.L1D, L2: cpuid.CPU.Cache.L2, L3: cpuid.CPU.Cache.L3, Line: cpuid.CPU.CacheLine}
	if c.L1D <= 0 {
		c.L1D = 32 << 10
	}
	if c.L2 <= 0 {
		c.L2 = 512 << 10
	}
	if c.L3 <= 0 {
		c.L3 = 8 << 20
	}
	if c.Line <= 0 {
		c.Line = 64
	}
	return c
}

// Describe is a one-line summary of the CPU: brand, cores, features the
// kernels use and the tier in force.
func Describe() string {
	var feats []string
	for _, f := range []cpuid.FeatureID{cpuid.SSE4, cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL} {
		if cpuid.CPU.Supports(f) {
			feats = append(feats, f.String())
		}
	}
	return fmt.Sprintf("%s, %d logical cores, features %s, SIMD tier %s (best %s)",
		cpuid.CPU.BrandName, cpuid.CPU.LogicalCores, strings.Join(feats, " "), Current(), Best)
}
