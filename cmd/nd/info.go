package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/numgo/numgo/internal/cpu"
	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// runInfo prints what nd info shows: the CPU, Go and the allocators'
// defaults.
func runInfo(_ context.Context, w io.Writer) error {
	c := cpu.CacheSizes()
	fmt.Fprintf(w, "CPU:        %s\n", cpu.Describe())
	fmt.Fprintf(w, "caches:     L1d %d KiB, L2 %d KiB, L3 %d MiB, line %d B\n", c.L1D>>10, c.L2>>10, c.L3>>20, c.Line)
	fmt.Fprintf(w, "Go:         %s %s/%s, GOMAXPROCS %d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "page size:  %d B\n", osmem.PageSize())
	fmt.Fprintf(w, "arrays:     first element aligned to %d B unless nd.Align says otherwise\n", nd.DefaultAlign)
	fmt.Fprintf(w, "mem.Default: %T (Go heap, tracked; now %d B live)\n", mem.Default, mem.Default.Allocated())
	fmt.Fprintln(w, "arenas:     anonymous mmap off the Go heap; mem.HeapBacked() for -race, mem.Guard() to fault on use after release")
	fmt.Fprintln(w, "SIMD tier:  set NUMGO_SIMD=off|avx2|avx512 before start to force one")
	printNUMA(w)
	printMemory(w)
	printStrategy(w)
	return nil
}
