package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"
)

// benchTables are the side-by-side tables `nd bench` prints: the tour's
// measurements at larger sizes, with more and longer samples.
var benchTables = []tourSection{
	{"Allocation cost under GC pressure (arena vs make vs sync.Pool)", tourAllocCost},
	{"Element-wise c = a + b (float64) against gonum floats.AddTo", tourAddKernels},
	{"Reductions and dispatch overhead", tourReductions},
	{"Fused expressions at 16M float64 against the step-by-step ops", tourExpr},
	{"Element-wise math against Go's math", tourMath},
	{"Large results on mem.Default: allocating forms against Into, and Zeros", benchLarge},
	{"NumPy's everyday functions (2M float64) against plain Go", tourSurface},
	{"GEMM against gonum native", tourGemm},
	{"Small and batched GEMM against gonum native", tourGemmSmall},
	{"Two cores: one goroutine against the default split", tourCores},
}

// benchSeconds is how long each table took on this project's 2-core
// machine with the default flags, for the estimate nd bench prints before
// it starts; a table missing here counts as benchDefaultSeconds.
var benchSeconds = map[string]float64{
	"Allocation cost under GC pressure (arena vs make vs sync.Pool)":         13,
	"Element-wise c = a + b (float64) against gonum floats.AddTo":            4,
	"Reductions and dispatch overhead":                                       1,
	"Fused expressions at 16M float64 against the step-by-step ops":          50,
	"Element-wise math against Go's math":                                    15,
	"Large results on mem.Default: allocating forms against Into, and Zeros": 40,
	"NumPy's everyday functions (2M float64) against plain Go":               20,
	"GEMM against gonum native":                                              9,
	"Small and batched GEMM against gonum native":                            2,
	"Two cores: one goroutine against the default split":                     10,
}

const benchDefaultSeconds = 5

// The bench's default timings: more samples than the tour's, as short, so
// that on a busy machine some fall between other processes' time slices.
const (
	benchSample = time.Millisecond
	benchRounds = 31
)

// benchFlags defines nd bench's flags and returns its runner.
func benchFlags(fs *flag.FlagSet) func(context.Context, io.Writer) error {
	sample := fs.Duration("sample", benchSample, "time per sample of a measured loop")
	rounds := fs.Int("rounds", benchRounds, "samples per measured loop (the tables show the fastest)")
	list := fs.Bool("list", false, "list the tables and their estimated times at the default timings, and exit")
	pick := sectionsFlag(fs, benchTables)
	return func(ctx context.Context, w io.Writer) error {
		tables, err := pick()
		if err != nil {
			return err
		}
		if *list { // measures nothing: estimates at the default timings
			for _, t := range tables {
				fmt.Fprintf(w, "%d. %s (about %.0f s)\n", t.num, t.title, estimate(t.title))
			}
			return nil
		}
		if *sample <= 0 || *rounds <= 0 {
			return usageError{fmt.Errorf("-sample and -rounds must be positive (have %v, %d)", *sample, *rounds)}
		}
		// The estimates hold for the default flags; time scales with the
		// samples taken, and the fixed costs (building data) do not.
		scale := max(float64(*sample)*float64(*rounds)/(float64(benchSample)*benchRounds), 0.5)
		total := 0.0
		for _, t := range tables {
			total += estimate(t.title) * scale
		}
		fmt.Fprintf(w, "nd bench: %d tables, about %.0f s on a 2-core machine (samples of %v, %d per loop).\n", len(tables), total, *sample, *rounds)
		fmt.Fprintln(w, "Each row prints when measured; pick tables with -run, list them with -list.")
		start := time.Now()
		err = runSections(ctx, w, tables, tourConfig{bench: true, sample: *sample, rounds: *rounds})
		fmt.Fprintf(w, "\nnd bench took %.0f s.\n", time.Since(start).Seconds())
		return err
	}
}

func estimate(title string) float64 {
	if s, ok := benchSeconds[title]; ok {
		return s
	}
	return benchDefaultSeconds
}
