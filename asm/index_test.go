package asm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// inRangeLoop is InRange by its definition, one comparison an element.
func inRangeLoop(x []int, lo, hi int) bool {
	for _, v := range x {
		if v < lo || v > hi {
			return false
		}
	}
	return true
}

// TestInRange compares InRange with the comparison loop on every tier, for
// every length up to 100 (every tail of the vector steps), with one
// element at every position set just outside, at and far outside the
// range (the extremes of int included, where v - lo and hi - v wrap), for
// the ranges nd's Take asks ([0, d-1] and [-d, d-1]) and ranges that do
// not contain 0 (the comparison loop's path).
func TestInRange(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(19, 7))
		for _, span := range [][2]int{{0, 9}, {-10, 9}, {0, 0}, {-1, 0}, {0, math.MaxInt}, {math.MinInt, 0}, {math.MinInt + 1, math.MaxInt - 1}, {3, 9}, {-9, -3}} {
			lo, hi := span[0], span[1]
			bad := []int{lo - 1, hi + 1, lo, hi, math.MinInt, math.MaxInt, -1, 0}
			for n := 0; n <= 100; n++ {
				x := make([]int, n)
				for i := range x {
					x[i] = lo + int(r.Uint64N(uint64(hi-lo)+1))
				}
				if !InRange(x, lo, hi) {
					t.Fatalf("[%d, %d], n=%d: InRange false for elements in range", lo, hi, n)
				}
				for k := range n {
					for _, v := range bad {
						keep := x[k]
						x[k] = v
						if got, want := InRange(x, lo, hi), inRangeLoop(x, lo, hi); got != want {
							t.Fatalf("[%d, %d], n=%d, x[%d]=%d: InRange %v, want %v", lo, hi, n, k, v, got, want)
						}
						x[k] = keep
					}
				}
			}
		}
	})
}
