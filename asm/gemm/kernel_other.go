//go:build !amd64 || !gc || purego

package gemm

import "github.com/numgo/numgo/internal/cpu"

// Without assembly every tier runs its pure-Go twin.
var (
	asm64 [cpu.AVX512 + 1]asmTier[float64]
	asm32 [cpu.AVX512 + 1]asmTier[float32]
)
