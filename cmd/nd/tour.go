package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"time"
)

// tourConfig sizes the tour and the bench: -quick shrinks the workloads
// for tests; bench grows them to the sizes that take longer to measure.
type tourConfig struct {
	quick  bool
	bench  bool          // nd bench: the larger sizes and live heaps
	sample time.Duration // per sample, for sideBySide
	rounds int           // samples per loop in sideBySide
}

// tourDefaults are the tour's timings: many short samples, so that even
// on a busy machine some fall between other processes' time slices and
// the fastest of them reproduces run to run.
var tourDefaults = tourConfig{sample: time.Millisecond, rounds: 21}

// tourQuick is nd tour -quick's configuration, the one tests use.
var tourQuick = tourConfig{quick: true, sample: time.Millisecond, rounds: 3}

type tourSection struct {
	title string
	run   func(ctx context.Context, w io.Writer, cfg tourConfig) error
}

// tourSections lists the tour in the order of the memory guide. Each
// section runs a scenario for real and prints what it measured.
var tourSections = []tourSection{
	{"System allocator: tracked Go-heap memory", tourSystem},
	{"Arena: bump allocation off the Go heap", tourArena},
	{"Arena scope: temporary matrices, result copied out", tourArenaScope},
	{"Use after Reset and Close is detected", tourUseAfterReset},
	{"Close gives memory back to the OS at once", tourRelease},
	{"Pool: fixed-size blocks, O(1) get and put", tourPool},
	{"Allocation strategies: Intelligent routing, cache awareness, ThreadSafe", tourStrategy},
	{"Memory pressure: the kernel's signals, callbacks, AutoMemLimit", tourMonitor},
	{"Profiler: the guide's profiling examples, suggestions, a logging allocator", tourProfile},
	{"Allocation cost under GC pressure", tourAllocCost},
	{"SIMD kernels: c = a + b against gonum, every tier", tourAddKernels},
	{"SIMD reductions, float32 against float64, dispatch overhead", tourReductions},
	{"Fused expressions: a*b + c in one pass, no temporaries (nd/expr)", tourExpr},
	{"SIMD math: exponentials, logarithms, trigonometry, erf, sqrt and roundings against Go's math", tourMath},
	{"What a NumPy user reaches for: sort, median, concatenate, take, normals, covariance", tourSurface},
	{"Matrix multiply: packed GEMM against gonum", tourGemm},
	{"Small and batched GEMM: one call and stacks against gonum", tourGemmSmall},
	{"gonum on numgo: mat.Dense views, linalg.BLAS, Solve in an arena", tourGonum},
	{"Memory-mapped files: the guide's 10000x10000 example, NumPy .npy", tourMmap},
	{"NUMA: topology, placement policies and the kernel's placement answers", tourNUMA},
	{"Two cores: element-wise math and reductions split across GOMAXPROCS", tourCores},
}

// tourFlags defines nd tour's flags and returns its runner.
func tourFlags(fs *flag.FlagSet) func(context.Context, io.Writer) error {
	quick := fs.Bool("quick", false, "smaller workloads and shorter timings (for tests)")
	pick := sectionsFlag(fs, tourSections)
	return func(ctx context.Context, w io.Writer) error {
		sections, err := pick()
		if err != nil {
			return err
		}
		cfg := tourDefaults
		if *quick {
			cfg = tourQuick
		}
		fmt.Fprintln(w, "numgo tour: every allocator and kernel at work, with figures measured now on this machine.")
		fmt.Fprintln(w, "Timings are ratios of the fastest of several samples taken side by side (interleaved); absolute times on a\nshared machine mean little, and noise only ever adds time.")
		start := time.Now()
		err = runSections(ctx, w, sections, cfg)
		fmt.Fprintf(w, "\nThe tour took %.1f s. For larger sizes and more samples: nd bench (nd help bench).\n", time.Since(start).Seconds())
		return err
	}
}

// pickedSection is a section -run picked, with its number in the full
// list, so that a section keeps its number however it was picked.
type pickedSection struct {
	num int
	tourSection
}

// sectionsFlag defines the -run flag, which picks sections by title, and
// returns the function that gives the picked ones of sections once the
// flags are parsed. A pattern that does not compile or matches no section
// is a usage error.
func sectionsFlag(fs *flag.FlagSet, sections []tourSection) func() ([]pickedSection, error) {
	re := regexp.MustCompile("")
	fs.Func("run", "run only the sections whose title matches this `regexp`", func(s string) (err error) {
		re, err = regexp.Compile(s)
		return err
	})
	return func() ([]pickedSection, error) {
		var out []pickedSection
		for i, s := range sections {
			if re.MatchString(s.title) {
				out = append(out, pickedSection{i + 1, s})
			}
		}
		if len(out) == 0 {
			return nil, usageError{fmt.Errorf("-run %q matches no section", re)}
		}
		return out, nil
	}
}

// runSections runs each section under its numbered heading. A failed
// section is reported and the rest still run; the error joins every
// failure.
func runSections(ctx context.Context, w io.Writer, sections []pickedSection, cfg tourConfig) error {
	var errs []error
	start := time.Now()
	for _, s := range sections {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cfg.bench {
			fmt.Fprintf(w, "\n%d. %s (%.0f s elapsed)\n", s.num, s.title, time.Since(start).Seconds())
		} else {
			fmt.Fprintf(w, "\n%d. %s\n", s.num, s.title)
		}
		if err := s.run(ctx, w, cfg); err != nil {
			fmt.Fprintf(w, "   FAILED: %v\n", err)
			errs = append(errs, fmt.Errorf("%s: %w", s.title, err))
		}
	}
	return errors.Join(errs...)
}
