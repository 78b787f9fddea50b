package main

import (
	"context"
	"flag"
	"io"
	"time"
)

// benchTables are the side-by-side tables `nd bench` prints.
var benchTables = []tourSection{
	{"Allocation cost under GC pressure (arena vs make vs sync.Pool)", tourAllocCost},
	{"Element-wise c = a + b (float64) against gonum floats.AddTo", tourAddKernels},
	{"Reductions and dispatch overhead", tourReductions},
	{"GEMM against gonum native", tourGemm},
}

func runBench(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(w)
	minTime := fs.Duration("time", 200*time.Millisecond, "minimum time per measured loop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return runSections(ctx, w, benchTables, tourConfig{minTime: *minTime})
}
