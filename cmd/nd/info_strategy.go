package main

import (
	"fmt"
	"io"

	"github.com/numgo/numgo/nd/mem"
)

// printStrategy prints what the cache-aware strategy derives on this
// machine: cache sizes and their source, the alignment and block size.
func printStrategy(w io.Writer) {
	s := mem.NewCacheAware(mem.CacheConfig{})
	fmt.Fprintf(w, "strategy:   mem.NewCacheAware: L1 %d KiB, L2 %d KiB, L3 %d KiB, line %d B (%s)\n",
		s.L1()>>10, s.L2()>>10, s.L3()>>10, s.Line(), s.Sources())
	fmt.Fprintf(w, "            alignment %d B (float32 and float64: the %d B vector width of the SIMD tier in force, at most a line);\n",
		s.Alignment(8), s.VectorWidth())
	fmt.Fprintf(w, "            block %d B = L2/4 (%d float64 elements), asm/gemm's packed A block (mc x kc) by the same formula\n",
		s.PreferredBlockSize(8), s.PreferredBlockSize(8)/8)
}
