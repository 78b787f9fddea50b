//go:build !race

// The race detector makes sync.Pool drop buffers at random, so these
// counts hold only without it.

package asm

import "testing"

// TestInPlaceAllocatesNothing runs the kernels that go through a chunk
// buffer in place (trig, pow) over several chunks, on every tier: their
// buffers are pooled, so steady-state calls allocate nothing.
func TestInPlaceAllocatesNothing(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		inPlaceAllocs[float64](t)
		inPlaceAllocs[float32](t)
	})
}

func inPlaceAllocs[T Float](t *testing.T) {
	t.Helper()
	n := 2*scratchLen + 5
	x, y := make([]T, n), make([]T, n)
	for i := range x {
		x[i], y[i] = T(i%1000)*0.01, 0.5
	}
	for name, f := range map[string]func(){
		"Sin": func() { Sin(x, x) },
		"Cos": func() { Cos(x, x) },
		"Tan": func() { Tan(x, x) },
		"Pow": func() { Pow(x, x, y) },
	} {
		if a := testing.AllocsPerRun(3, f); a != 0 {
			t.Errorf("%s in place on %d %T: %v allocations a call, want 0", name, n, x[0], a)
		}
	}
}
