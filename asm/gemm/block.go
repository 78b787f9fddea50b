package gemm

import (
	"unsafe"

	"github.com/numgo/numgo/internal/cpu"
)

// blocked fills in the cache blocking for a kernel of tile mr x nr on
// caches c, following the Goto/BLIS analysis (loops, outer to inner: nc
// columns of B, kc steps of k, mc rows of A, nr, mr):
//
//   - kc (the depth of a packed panel) is chosen so the slivers one kernel
//     call streams, kc x mr of A and kc x nr of B, take twice L1D:
//     kc = 2*L1D / ((mr+nr)*size), rounded down to a multiple of 8 and kept
//     within [128, 512]. Filling only L1D (kc ~ 170 for 8x16 float64) measured
//     3-6% slower on Zen 4 at n = 1024: its L2 refills L1 faster than the
//     kernel consumes, and a deeper kc halves the passes over C.
//   - mc (the rows of a packed A block) is chosen so the mc x kc block takes
//     a quarter of L2, leaving room for the B slivers passing through:
//     mc = L2/4 / (kc*size), rounded down to a multiple of mr.
//   - nc (the columns of a packed B panel) is chosen so the two kc x nc
//     panels the driver alternates between take a quarter of L3 (shared
//     with the other cores): nc = L3/8 / (kc*size), rounded down to a
//     multiple of nr and kept within [nr, 4096].
func blocked[T float](k kernel[T], c cpu.Caches) kernel[T] {
	var z T
	size := int(unsafe.Sizeof(z))
	k.kc = clamp(2*c.L1D/((k.mr+k.nr)*size)/8*8, 128, 512)
	k.mc = max(c.L2/4/(k.kc*size)/k.mr*k.mr, k.mr)
	k.nc = clamp(c.L3/8/(k.kc*size)/k.nr*k.nr, k.nr, 4096/k.nr*k.nr)
	return k
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
