//go:build !amd64 || purego

package gemm

import "github.com/numgo/numgo/internal/cpu"

// Without assembly every tier runs its pure-Go twin.
var (
	asmKernels64 [cpu.AVX512 + 1]kernelFunc[float64]
	asmKernels32 [cpu.AVX512 + 1]kernelFunc[float32]
)
