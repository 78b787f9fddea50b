// Package numgo is a Go module for numeric code that controls its memory.
//
// Its core is nd.Array[T], a typed n-dimensional array whose buffer comes
// from a pluggable allocator in nd/mem:
//
//   - mem.System (mem.Default): the Go heap, aligned and tracked exactly;
//   - mem.Arena: off-heap bump allocation with scoped lifetimes
//     (mem.WithArena), Reset to reuse, Release to give memory back to the OS
//     at once, and use-after-release detected instead of silently read;
//   - mem.Pool: fixed-size blocks with O(1) Get and Put and a fragmentation
//     figure computed from the real free list;
//   - and around them: strategies that pick an allocator by size and cache
//     (mem.NewIntelligent), wrappers that log, check, inject faults or cap
//     (mem.WithLogging, NewChecked, NewFaulty, NewBudget), a memory
//     monitor with pressure levels (mem.NewMonitor), a profiler
//     (mem.NewProfiler), arrays in memory-mapped files and NumPy's .npy
//     (nd/mmap), and NUMA placement (nd/numa).
//
// Element-wise arithmetic, broadcasting and reductions are in nd/ops;
// matrix multiply, gonum interop and decompositions in nd/linalg. Every
// operation takes the caller's allocator (nd.With) or writes into a
// destination the caller gives (the ...Into forms, which allocate nothing).
// The hot loops are Go assembly for AVX2+FMA and AVX-512 (packages asm and
// asm/gemm), chosen at run time, each with a pure-Go twin that the purego
// build tag selects.
//
// A typical use keeps temporaries in an arena and copies only the result
// out:
//
//	var result *nd.Array[float64]
//	err := mem.WithArena(100<<20, func(arena *mem.Arena) error {
//		a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(arena))
//		if err != nil {
//			return err
//		}
//		b, err := nd.Ones[float64]([]int{1000, 1000}, nd.With(arena))
//		if err != nil {
//			return err
//		}
//		sum, err := ops.Add(a, b, nd.With(arena))
//		if err != nil {
//			return err
//		}
//		result, err = sum.Clone() // to mem.Default, before the arena goes
//		return err
//	})
//	if err != nil {
//		return err
//	}
//
// (Example_quickstart is this code as a program.)
//
// Arrays print as NumPy prints them (fmt.Println(result)); any other verb
// applies to each element (fmt.Printf("%.3f", result)).
//
// The command nd (go run ./cmd/nd tour) shows every allocator and kernel at
// work on this machine, with figures measured as it runs; nd help lists its
// other commands. ARCHITECTURE.md in the repository maps the packages, the
// memory-safety model and the reasons behind the design.
package numgo
