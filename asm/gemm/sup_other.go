//go:build !amd64 || !gc || purego

package gemm

import "github.com/numgo/numgo/internal/cpu"

// Without assembly every tier runs the pure-Go unpacked kernels.
var (
	supAsm64 [cpu.AVX512 + 1]supTier[float64]
	supAsm32 [cpu.AVX512 + 1]supTier[float32]
)

// dsup is the assembly dispatcher's contract in Go: it runs the unpacked
// kernel of tier for rows rows and cols columns. No table here holds
// assembly kernels (every supTier.tier is Generic), so the driver never
// calls it; TestSupDispatch does.
func dsup(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64, cols int, store bool, tiles, da, db, dc, rows, tier int) {
	sup64.kernels[tier].width(cols)[rows-1](k, a, lda, b, ldb, c, ldc, alpha, cols, store, tiles, da, db, dc)
}

// ssup is dsup for float32.
func ssup(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, cols int, store bool, tiles, da, db, dc, rows, tier int) {
	sup32.kernels[tier].width(cols)[rows-1](k, a, lda, b, ldb, c, ldc, alpha, cols, store, tiles, da, db, dc)
}

// haveTiny says that dtiny and stiny are assembly kernels: not here, so
// Dgemm and Sgemm never call them.
const haveTiny = false

// dtiny is the tiny kernels' contract in Go: one tile of rows x cols,
// depth k. The driver never calls it here (haveTiny); TestTiny does.
func dtiny(a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64, cols int, store bool, rows, k int) {
	goSup[float64](rows)(k, a, lda, b, ldb, c, ldc, alpha, cols, store, 1, 0, 0, 0)
}

// stiny is dtiny for float32.
func stiny(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, cols int, store bool, rows, k int) {
	goSup[float32](rows)(k, a, lda, b, ldb, c, ldc, alpha, cols, store, 1, 0, 0, 0)
}
