package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// tourConfig sizes the tour: -quick shrinks the workloads for CI smoke runs.
type tourConfig struct {
	quick   bool
	minTime time.Duration // per timing loop
}

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
	{"Use after Reset and Release is detected", tourUseAfterReset},
	{"Release gives memory back to the OS at once", tourRelease},
	{"Pool: fixed-size blocks, O(1) get and put", tourPool},
	{"Memory pressure: the kernel's signals, callbacks, AutoMemLimit", tourMonitor},
	{"Profiler: the guide's profiling examples, suggestions, a logging allocator", tourProfile},
	{"Allocation cost under GC pressure", tourAllocCost},
	{"SIMD kernels: c = a + b against gonum, every tier", tourAddKernels},
	{"SIMD reductions, float32 against float64, dispatch overhead", tourReductions},
	{"Matrix multiply: packed GEMM against gonum", tourGemm},
	{"gonum on numgo: mat.Dense views, linalg.BLAS, Solve in an arena", tourGonum},
	{"NUMA: topology, placement policies and the kernel's placement answers", tourNUMA},
}

func runTour(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(w)
	quick := fs.Bool("quick", false, "smaller workloads and shorter timings (for CI)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := tourConfig{quick: *quick, minTime: 40 * time.Millisecond}
	if cfg.quick {
		cfg.minTime = 5 * time.Millisecond
	}
	fmt.Fprintln(w, "numgo tour: every allocator and kernel at work, with figures measured now on this machine.")
	fmt.Fprintln(w, "Timings are ratios measured side by side; absolute times on a shared machine mean little.")
	return runSections(ctx, w, tourSections, cfg)
}

// runSections runs each section under a numbered heading. A failed section
// is reported and the rest still run; the error joins every failure.
func runSections(ctx context.Context, w io.Writer, sections []tourSection, cfg tourConfig) error {
	var errs []error
	for i, s := range sections {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%d. %s\n", i+1, s.title)
		if err := s.run(ctx, w, cfg); err != nil {
			fmt.Fprintf(w, "   FAILED: %v\n", err)
			errs = append(errs, fmt.Errorf("%s: %w", s.title, err))
		}
	}
	return errors.Join(errs...)
}

// table starts an aligned table indented under a section.
func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}
