//go:build !amd64 || purego

package gemm

import "github.com/numgo/numgo/internal/cpu"

// Without assembly every tier runs the pure-Go unpacked kernels.
var (
	supAsm64 [cpu.AVX512 + 1]supTier[float64]
	supAsm32 [cpu.AVX512 + 1]supTier[float32]
)
