package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// tourProfile runs the guide's memory_profiling_example and
// profile_algorithm under mem.Profiler, a loop of small temporaries on the
// heap and in an arena with the suggestions each earns, and a logging
// allocator's records.
func tourProfile(_ context.Context, w io.Writer, cfg tourConfig) error {
	// memory_profiling_example: ten 1000x1000 float64 arrays.
	n := 1000
	if cfg.quick {
		n = 200
	}
	p := mem.NewProfiler()
	sums, stats, err := mem.ProfileValue(p, func() ([]float64, error) {
		var sums []float64
		for range 10 {
			a, err := nd.Zeros[float64]([]int{n, n})
			if err != nil {
				return nil, err
			}
			s, err := ops.Sum(a)
			if err != nil {
				return nil, err
			}
			sums = append(sums, s)
			defer a.Free()
		}
		return sums, nil
	})
	if err != nil {
		return fmt.Errorf("memory_profiling_example: %w", err)
	}
	fmt.Fprintf(w, "   memory_profiling_example: ten %dx%d float64 arrays, %d sums\n", n, n, len(sums))
	fmt.Fprintf(w, "     Total allocated: %d bytes; Peak usage: %d bytes; Allocation count: %d; Average allocation size: %d bytes\n",
		stats.TotalAllocated, stats.PeakUsage, stats.AllocationCount, stats.TotalAllocated/max(stats.AllocationCount, 1))
	if want := int64(10 * n * n * 8); stats.TotalAllocated != want || stats.AllocationCount != 10 {
		return fmt.Errorf("memory_profiling_example: %d bytes in %d allocations, want %d in 10", stats.TotalAllocated, stats.AllocationCount, want)
	}

	// profile_algorithm: a matrix multiplication, with stacks for the peak.
	p = mem.NewProfiler(mem.RecordStacks())
	c, stats, err := mem.ProfileValue(p, func() (*nd.Array[float64], error) {
		a, err := nd.Random[float64]([]int{n, n}, 1)
		if err != nil {
			return nil, err
		}
		defer a.Free()
		b, err := nd.Random[float64]([]int{n, n}, 2)
		if err != nil {
			return nil, err
		}
		defer b.Free()
		return linalg.MatMul(a, b)
	})
	if err != nil {
		return fmt.Errorf("profile_algorithm: %w", err)
	}
	defer c.Free()
	fmt.Fprintf(w, "   profile_algorithm: %dx%d MatMul\n", n, n)
	fmt.Fprintf(w, "     Peak memory: %.1f MB; Total allocations: %d; Average allocation: %d KB; Memory efficiency: %.1f%%; GC cycles: %d\n",
		float64(stats.PeakUsage)/(1<<20), stats.AllocationCount, stats.TotalAllocated/max(stats.AllocationCount, 1)/1024, 100*stats.Efficiency(), stats.GCCycles)
	for _, a := range p.PeakAllocations() {
		fmt.Fprintf(w, "     live at the peak: %8d B allocated by %s\n", a.Size, callerOutsideND(a.Stack))
	}
	printSuggestions(w, stats)

	// Many small temporaries: on the Go heap, then in an arena.
	x, err := nd.Random[float64]([]int{64}, 3)
	if err != nil {
		return err
	}
	defer x.Free()
	loop := func(opts ...nd.Option) func() error {
		return func() error {
			for range 2000 {
				y, err := ops.MulScalar(x, 2, opts...)
				if err != nil {
					return err
				}
				if err := y.Free(); err != nil {
					return err
				}
			}
			return nil
		}
	}
	stats, err = mem.NewProfiler().Profile(loop())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   2000 small temporaries on mem.Default: %d allocations, %d temporaries, peak %d B, efficiency %.1f%%\n",
		stats.AllocationCount, stats.Temporaries, stats.PeakUsage, 100*stats.Efficiency())
	printSuggestions(w, stats)
	err = mem.WithArena(1<<20, func(arena *mem.Arena) error {
		stats, err = mem.NewProfiler().Profile(loop(nd.With(arena)))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   the same in an arena: %d allocations, peak %d B, fragmentation %.2f (block headers and alignment)\n",
		stats.AllocationCount, stats.PeakUsage, stats.FragmentationRatio)

	// LoggingAllocator: structured records, at Info so that they always
	// print, as the guide's do (WithLogging's default level is Debug).
	// Addresses become labels, so that the records read the same each run.
	var records bytes.Buffer
	labels := addressLabels{}
	h := slog.NewTextHandler(&records, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		if v := a.Value.String(); hexAddress.MatchString(v) {
			return slog.String(a.Key, labels.replace(v))
		}
		return a
	}})
	logging := mem.WithLogging(mem.NewSystem(), slog.New(h))
	logging.Level = slog.LevelInfo
	z, err := nd.Zeros[float64]([]int{10, 10}, nd.With(logging))
	if err != nil {
		return err
	}
	if err := z.Free(); err != nil {
		return err
	}
	b, err := logging.Alloc(1000, 64)
	if err != nil {
		return err
	}
	if b, err = logging.Realloc(b, 4000, 64); err != nil {
		return err
	}
	if err := logging.Free(b); err != nil {
		return err
	}
	_ = logging.Free(b) // refused, and logged with its error
	fmt.Fprintln(w, "   mem.WithLogging(sys, logger), Level Info: nd.Zeros 10x10 and Free, then Alloc, Realloc, Free, Free again")
	for line := range strings.Lines(records.String()) {
		fmt.Fprintf(w, "     %s", line)
	}
	return nil
}

// callerOutsideND names the first function of the stack outside package nd
// (whose constructors all allocate through newBuffer).
func callerOutsideND(s mem.Stack) string {
	for _, f := range s.Frames() {
		if !strings.HasPrefix(f.Function, "github.com/numgo/numgo/nd.") {
			return f.Function
		}
	}
	return "?"
}

// printSuggestions prints the profile's suggestions, or says there are none.
func printSuggestions(w io.Writer, s mem.AllocationStats) {
	sug := s.Suggestions()
	if len(sug) == 0 {
		fmt.Fprintln(w, "     suggestions: none")
	}
	for _, x := range sug {
		fmt.Fprintf(w, "     suggestion: %s\n", x)
	}
}
