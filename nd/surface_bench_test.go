package nd_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/numgo/numgo/nd"
)

// The copy limit: Concatenate and Take against Go's copy() of the same
// bytes.
//
//	go test ./nd -run '^$' -bench 'CopyLimit' -count 5

const benchRows, benchCols = 1024, 4096 // 32 MiB of float64 per operand

// BenchmarkCopyLimit times each operation and its copy() peer alternately
// in every iteration, so that both see the same machine, and reports the
// operation's GB/s and its time over the peer's ("x-copy": 1 is the copy
// limit).
func BenchmarkCopyLimit(b *testing.B) {
	x, _ := nd.Random[float64]([]int{benchRows, benchCols}, 1)
	y, _ := nd.Random[float64]([]int{benchRows, benchCols}, 2)
	xs, ys := x.Data(), y.Data()
	arrays := []*nd.Array[float64]{x, y}
	rows := rand.New(rand.NewPCG(1, 2)).Perm(benchRows)
	flat := make([]float64, 2*benchRows*benchCols)
	copyBoth := func() {
		copy(flat, xs)
		copy(flat[len(xs):], ys)
	}
	copyRows := func() { // the same rows in the same order, one copy() each
		for k, i := range rows {
			copy(flat[k*benchCols:(k+1)*benchCols], xs[i*benchCols:(i+1)*benchCols])
		}
	}
	byRows, _ := nd.Empty[float64]([]int{2 * benchRows, benchCols})
	byCols, _ := nd.Empty[float64]([]int{benchRows, 2 * benchCols})
	taken, _ := nd.Empty[float64]([]int{benchRows, benchCols})
	cases := []struct {
		name     string
		op, peer func()
		bytes    int
	}{
		{"ConcatenateInto/axis0", func() { nd.ConcatenateInto(byRows, arrays, 0) }, copyBoth, len(flat) * 8},
		{"ConcatenateInto/axis1", func() { nd.ConcatenateInto(byCols, arrays, 1) }, copyBoth, len(flat) * 8},
		{"Concatenate/axis0", func() { // allocating, as NumPy's: fresh pages every time; the peer makes too
			r, _ := nd.Concatenate(arrays, 0)
			r.Free()
		}, func() {
			dst := make([]float64, len(flat))
			copy(dst, xs)
			copy(dst[len(xs):], ys)
		}, len(flat) * 8},
		{"TakeInto/rows", func() { nd.TakeInto(taken, x, rows, 0) }, copyRows, len(xs) * 8},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.op() // touch the destinations' pages once, outside the timing
			c.peer()
			var opTime, peerTime time.Duration
			for b.Loop() {
				t0 := time.Now()
				c.op()
				t1 := time.Now()
				c.peer()
				opTime, peerTime = opTime+t1.Sub(t0), peerTime+time.Since(t1)
			}
			b.SetBytes(int64(c.bytes))
			b.ReportMetric(float64(c.bytes)*float64(b.N)/opTime.Seconds()/1e9, "GB/s")
			b.ReportMetric(float64(opTime)/float64(peerTime), "x-copy")
		})
	}
}
