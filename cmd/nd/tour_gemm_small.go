package main

import (
	"context"
	"fmt"
	"io"

	"gonum.org/v1/gonum/blas/gonum"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

// tourGemmSmall, a section of the tour and a table of the bench, prints
// small and batched float64 products beside gonum's native Dgemm on one
// core: one linalg.MatMulInto call on (n, n) arrays, its checks included,
// and one call on a (batch, n, n) stack against a loop of gonum calls.
// OpenBLAS is in bench/ (cgo): cd bench && go run ./cmd/peers
// -square=false.
func tourGemmSmall(_ context.Context, w io.Writer, cfg tourConfig) error {
	fmt.Fprintln(w, "   float64, one core: ns per call (ours: linalg.MatMulInto with its checks) and speed-up over gonum's native Dgemm")
	tw := table(w)
	fmt.Fprintln(tw, "   work\tn\tgonum ns\tours ns\tspeed-up\t")
	impl := gonum.Implementation{}
	for _, stack := range []bool{false, true} {
		for _, n := range []int{2, 4, 8, 16, 32, 64} {
			count, dims, work := 1, []int{n, n}, "one call"
			if stack {
				count = max(2, 200_000/(n*n*n))
				dims, work = []int{count, n, n}, fmt.Sprintf("stack of %d", count)
			}
			a, err := nd.Random[float64](dims, 1)
			if err != nil {
				return err
			}
			b, err := nd.Random[float64](dims, 2)
			if err != nil {
				return err
			}
			c, err := nd.Zeros[float64](dims)
			if err != nil {
				return err
			}
			ad, bd, cd := a.Data(), b.Data(), c.Data()
			var opErr error
			ts := sideBySide(cfg, oneCore(func(k int) {
				for range k {
					for i := range count {
						o := i * n * n
						impl.Dgemm('N', 'N', n, n, n, 1, ad[o:], n, bd[o:], n, 0, cd[o:], n)
					}
				}
			}), oneCore(func(k int) {
				for range k {
					if err := linalg.MatMulInto(c, a, b); err != nil {
						opErr = err
					}
				}
			}))
			if opErr != nil {
				return opErr
			}
			fmt.Fprintf(tw, "   %s\t%d\t%.0f\t%.0f\t%.2fx\t\n", work, n, ts[0].min, ts[1].min, ts[0].ratio(ts[1]))
			if cfg.quick && n >= 8 {
				break
			}
		}
	}
	return tw.Flush()
}
