package gemm

import (
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// blocked fills in the cache blocking for a kernel of tile mr x nr on
// caches c, following the Goto/BLIS analysis:
//
//   - kc (the depth of a packed panel) is chosen so that one packed sliver
//     of B, kc x nr elements, fills half of L1D: it is reused by every
//     mr-row sliver of A while those stream past it, and the other half of
//     L1D holds the A sliver and the C tile. kc = L1D/2 / (nr*size),
//     rounded down to a multiple of 8 and kept within [128, 512] (below 128
//     the C tile's load and store per kernel call stop being negligible).
//   - mc (the rows of a packed A block) is chosen so that the mc x kc block
//     fills half of L2: mc = L2/2 / (kc*size), rounded down to a multiple
//     of mr, at least mr.
//   - nc (the columns of a packed B panel) is chosen so that the two kc x nc
//     panels the driver alternates between take a quarter of L3 (shared
//     with the other cores): nc = L3/8 / (kc*size), rounded down to a
//     multiple of nr and kept within [nr, 4096].
func blocked[T float](k kernel[T], c cpu.Caches) kernel[T] {
	var z T
	size := int(unsafe.Sizeof(z))
	k.kc = clamp(c.L1D/2/(k.nr*size)/8*8, 128, 512)
	k.mc = max(c.L2/2/(k.kc*size)/k.mr*k.mr, k.mr)
	k.nc = clamp(c.L3/8/(k.kc*size)/k.nr*k.nr, k.nr, 4096/k.nr*k.nr)
	return k
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
