package asm

import "github.com/numgo/numgo/internal/cpu"

// Tier is a SIMD instruction-set tier the kernels run on: Generic (the
// pure-Go twins), AVX2 (AVX2 and FMA3) or AVX512 (AVX-512 F, DQ, BW, VL).
type Tier = cpu.Tier

// The tiers, from the pure-Go twins up.
const (
	Generic = cpu.Generic
	AVX2    = cpu.AVX2
	AVX512  = cpu.AVX512
)

// CurrentTier returns the tier every kernel runs on now: the widest the
// CPU supports, unless NUMGO_SIMD at start-up or SetTier chose a lower one.
func CurrentTier() Tier { return cpu.Current() }

// SetTier makes every kernel run on tier t from the next call on and
// returns the tier that was in force, so a test or benchmark can restore
// it:
//
//	defer asm.SetTier(asm.SetTier(asm.Generic)) // the pure-Go twins
//
// A tier the CPU lacks falls back to the best one it has. It is safe for
// concurrent use, but kernels running on other goroutines switch at their
// next call.
func SetTier(t Tier) Tier { return cpu.SetTier(t) }

// Tiers lists the tiers this CPU supports, Generic first.
func Tiers() []Tier { return cpu.Tiers() }
