package asm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// checkArg compares ArgMin and ArgMax with their twins for every length up
// to 300 at start offsets within 64 bytes, on data full of ties (small
// integers, ±0), with infinities and with NaNs at random places, and on
// rows of one repeated value (±Inf, ±0, NaN): the first occurrence must
// win on every tier.
func checkArg[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	lanes := lanes64[T]()
	buf := alignedBuf[T](300 + lanes)
	check := func(x []T, what string) {
		t.Helper()
		if got, want := ArgMin(x), argWant(x, false); got != want {
			t.Fatalf("ArgMin %s n=%d: %d, want %d", what, len(x), got, want)
		}
		if got, want := ArgMax(x), argWant(x, true); got != want {
			t.Fatalf("ArgMax %s n=%d: %d, want %d", what, len(x), got, want)
		}
	}
	for n := 0; n <= 300; n++ {
		for _, off := range []int{0, 1, lanes - 1} {
			x := buf[off : off+n]
			for range 4 {
				for i := range x {
					switch v := r.IntN(40); {
					case v == 0:
						x[i] = T(math.Inf(1 - 2*r.IntN(2)))
					case v < 6:
						x[i] = T(math.Copysign(0, float64(1-2*r.IntN(2))))
					default:
						x[i] = T(r.IntN(9) - 4)
					}
				}
				check(x, "ties")
				if n > 0 {
					p := r.IntN(n)
					old := x[p]
					x[p] = T(math.NaN())
					check(x, "one NaN")
					q := r.IntN(n)
					x[q] = -T(math.NaN())
					check(x, "two NaNs")
					x[p], x[q] = old, old
				}
			}
			for _, v := range []float64{math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 2, math.NaN()} {
				for i := range x {
					x[i] = T(v)
				}
				check(x, "all equal")
			}
			// The extreme (and a NaN) at every position of an increasing row.
			for p := range n {
				for i := range x {
					x[i] = T(i%7) + 1
				}
				x[p] = -5
				check(x, "min at p")
				x[p] = 50
				check(x, "max at p")
				x[p] = T(math.NaN())
				check(x, "NaN at p")
			}
		}
	}
}

// argWant is the twin's answer (-1 for an empty x).
func argWant[T Float](x []T, mx bool) int {
	switch {
	case len(x) == 0:
		return -1
	case mx:
		return argmaxGo(x)
	}
	return argminGo(x)
}

func TestArgMinMax(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkArg[float32])
		t.Run("float64", checkArg[float64])
	})
}

// TestArgChunks checks the joining of runs that ArgMin and ArgMax do past
// 2^30 elements, with short runs: ties across runs (the first run wins),
// a better value in a later run, a NaN in a later run.
func TestArgChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	x := make([]float64, 100)
	for range 200 {
		for i := range x {
			x[i] = float64(r.IntN(5))
		}
		if r.IntN(3) == 0 {
			x[r.IntN(len(x))] = math.NaN()
		}
		for _, chunk := range []int{1, 7, 16, 33, 100} {
			if got, want := argChunks(x, chunk, false, argminGo[float64]), argminGo(x); got != want {
				t.Fatalf("min chunk %d: %d, want %d (%v)", chunk, got, want, x)
			}
			if got, want := argChunks(x, chunk, true, argmaxGo[float64]), argmaxGo(x); got != want {
				t.Fatalf("max chunk %d: %d, want %d (%v)", chunk, got, want, x)
			}
		}
	}
}
