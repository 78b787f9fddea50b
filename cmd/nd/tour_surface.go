package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/ops"
	"github.com/numgo/numgo/nd/random"
)

// surfaceSize is the length of the tour's vectors: in L2 for the tour,
// past the caches for nd bench.
func surfaceSize(cfg tourConfig) int {
	switch {
	case cfg.quick:
		return 1 << 12
	case cfg.bench:
		return 1 << 21
	}
	return 1 << 16
}

// tourSurface runs what a NumPy user reaches for first (sort, median,
// concatenate, take, random normals, a covariance) beside the plain Go a
// user would write instead, on one core, and checks that both sides agree.
func tourSurface(_ context.Context, w io.Writer, cfg tourConfig) error {
	n := surfaceSize(cfg)
	src := make([]float64, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range src {
		src[i] = r.NormFloat64()
	}
	x, err := nd.Wrap(src, []int{n})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   n = %s float64, one goroutine; how many times as fast as the plain Go beside it (fastest samples):\n", elems(n))

	// Sort: ops.SortInto copies and sorts; the peer copies and sorts too.
	sorted, buf := make([]float64, n), make([]float64, n)
	dst, err := nd.Wrap(sorted, []int{n})
	if err != nil {
		return err
	}
	var sortErr error
	ts := sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				copy(buf, src)
				slices.Sort(buf)
			}
		}),
		oneCore(func(k int) {
			for range k {
				sortErr = ops.SortInto(dst, x, 0)
			}
		}))
	if sortErr != nil {
		return sortErr
	}
	if !slices.Equal(sorted, buf) {
		return fmt.Errorf("ops.SortInto and slices.Sort disagree")
	}
	fmt.Fprintf(w, "   np.sort(x)          ops.SortInto (radix, stable)        %5.1fx  slices.Sort of a copy\n", ts[0].ratio(ts[1]))

	// Median: selection against the full sort it avoids (numgo's own).
	var med float64
	ts = sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				sortErr = ops.SortInto(dst, x, 0)
			}
		}),
		oneCore(func(k int) {
			for range k {
				med, sortErr = ops.Median(x)
			}
		}))
	if sortErr != nil {
		return sortErr
	}
	if want := (sorted[n/2-1] + sorted[n/2]) / 2; math.Abs(med-want) > 1e-15 {
		return fmt.Errorf("ops.Median %v, the middle of the sorted copy %v", med, want)
	}
	fmt.Fprintf(w, "   np.median(x)        ops.Median (selection, O(n))        %5.1fx  ops.SortInto, then the middle\n", ts[0].ratio(ts[1]))

	// Concatenate along axis 0 against two copy() calls: the copy limit.
	both := make([]float64, 2*n)
	cat, err := nd.Wrap(both, []int{2 * n})
	if err != nil {
		return err
	}
	parts := []*nd.Array[float64]{x, x}
	var catErr error
	ts = sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				copy(both[:n], src)
				copy(both[n:], src)
			}
		}),
		oneCore(func(k int) {
			for range k {
				catErr = nd.ConcatenateInto(cat, parts, 0)
			}
		}))
	if catErr != nil {
		return catErr
	}
	fmt.Fprintf(w, "   np.concatenate      nd.ConcatenateInto                  %5.2fx  copy() (the copy limit)\n", ts[0].ratio(ts[1]))

	// Take: a gather by random indices against the loop that does it.
	// TakeInto checks every index before it writes (a failed call leaves
	// dst as it was), a second pass over the indices that the loop does
	// not make; the pass is vectorised (asm.InRange) and the gather then
	// unrolled, so the two together keep up with the loop.
	idx := make([]int, n)
	for i := range idx {
		idx[i] = r.IntN(n)
	}
	gathered := make([]float64, n)
	taken, err := nd.Wrap(gathered, []int{n})
	if err != nil {
		return err
	}
	var takeErr error
	ts = sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				for i, j := range idx {
					buf[i] = src[j]
				}
			}
		}),
		oneCore(func(k int) {
			for range k {
				takeErr = nd.TakeInto(taken, x, idx, 0)
			}
		}))
	if takeErr != nil {
		return takeErr
	}
	if !slices.Equal(gathered, buf) {
		return fmt.Errorf("nd.TakeInto and the gather loop disagree")
	}
	fmt.Fprintf(w, "   x[idx]              nd.TakeInto (checks all, gathers)   %5.2fx  a gather loop (Go's bounds check only)\n", ts[0].ratio(ts[1]))

	// Normal: the ziggurat against math/rand/v2's NormFloat64 on the same
	// PCG.
	g, peer := random.New(3), rand.New(rand.NewPCG(3, 4))
	var normErr error
	ts = sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				for i := range buf {
					buf[i] = peer.NormFloat64()
				}
			}
		}),
		oneCore(func(k int) {
			for range k {
				normErr = random.NormalInto(dst, g, 0, 1)
			}
		}))
	if normErr != nil {
		return normErr
	}
	fmt.Fprintf(w, "   rng.normal(size=n)  random.NormalInto                   %5.1fx  rand.NormFloat64 in a loop\n", ts[0].ratio(ts[1]))
	return tourCov(w, cfg, src)
}

// tourCov times the covariance of n/8 observations of 8 variables, as
// ops.Cov and as the expr one-liner, against the loop a user writes
// without them, and checks that all three agree.
func tourCov(w io.Writer, cfg tourConfig, src []float64) error {
	const vars = 8
	obs := len(src) / vars
	data, err := nd.Wrap(src[:obs*vars], []int{obs, vars}) // one observation per row
	if err != nil {
		return err
	}
	loop := make([]float64, vars*vars)
	means := make([]float64, vars)
	centred := make([]float64, obs*vars)
	var cov, one *nd.Array[float64]
	var covErr, oneErr error
	free := func(a *nd.Array[float64]) {
		if a != nil {
			a.Free()
		}
	}
	xs := expr.Var(data)
	xc := xs.Sub(xs.MeanAxis(ops.Axis(0)))
	oneLiner := expr.MatMul(xc.T(), xc).Div(expr.Const(float64(obs - 1)))
	ts := sideBySide(cfg,
		oneCore(func(k int) {
			for range k {
				clear(means)
				for i := range obs {
					for j := range vars {
						means[j] += src[i*vars+j]
					}
				}
				for j := range means {
					means[j] /= float64(obs)
				}
				for i := range obs {
					for j := range vars {
						centred[i*vars+j] = src[i*vars+j] - means[j]
					}
				}
				for a := range vars {
					for b := range vars {
						var s float64
						for i := range obs {
							s += centred[i*vars+a] * centred[i*vars+b]
						}
						loop[a*vars+b] = s / float64(obs-1)
					}
				}
			}
		}),
		oneCore(func(k int) {
			for range k {
				free(cov)
				cov, covErr = ops.Cov(data.T(), 1)
			}
		}),
		oneCore(func(k int) {
			for range k {
				free(one)
				one, oneErr = expr.Eval(oneLiner)
			}
		}))
	defer free(cov)
	defer free(one)
	if covErr != nil || oneErr != nil {
		return fmt.Errorf("ops.Cov: %v; the expr one-liner: %v", covErr, oneErr)
	}
	for a := range vars {
		for b := range vars {
			want := loop[a*vars+b]
			for _, got := range []float64{cov.At(a, b), one.At(a, b)} {
				if math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
					return fmt.Errorf("covariance [%d, %d]: %v, the loop's %v", a, b, got, want)
				}
			}
		}
	}
	fmt.Fprintf(w, "   np.cov(x.T)         ops.Cov(x.T(), 1)                   %5.1fx  a hand-written loop (%dx%d observations)\n", ts[0].ratio(ts[1]), obs, vars)
	fmt.Fprintf(w, "   xc.T @ xc / (n-1)   expr.Eval(expr.MatMul(xc.T(), xc)..)  %5.1fx  the same loop; all three agree\n", ts[0].ratio(ts[2]))
	return nil
}
