package nd_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// TestZerosOnReusedMemory: Zeros skips the clear only where memory comes
// zeroed; an arena's memory written before a Reset is cleared.
func TestZerosOnReusedMemory(t *testing.T) {
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	for round := range 3 {
		a, err := nd.Zeros[float64]([]int{100, 100}, nd.With(arena))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 100 {
			for j := range 100 {
				if v := a.At(i, j); v != 0 {
					t.Fatalf("round %d: Zeros on reused arena memory: a[%d, %d] = %v", round, i, j, v)
				}
				a.Set(float64(i*j+1), i, j)
			}
		}
		arena.Reset()
	}
}

// BenchmarkZeros: nd.Zeros of 800 MB (1e8 float64) from System and from
// a fresh Arena each time, alone and followed by a write of every element
// (the first-touch cost Zeros defers to its user, as NumPy's
// calloc-backed zeros does). GB/s counts the array's bytes. With
// -benchtime 1x the System row is the first Zeros of the process, on
// fresh spans; repeated, the Go runtime clears the span it reuses itself
// (make's zeroing), which no allocator on the Go heap avoids.
//
//	go test ./nd -run '^$' -bench 'Zeros' -benchtime 7x
func BenchmarkZeros(b *testing.B) {
	const n = 100_000_000
	for _, from := range []string{"system", "arena"} {
		for _, touch := range []bool{false, true} {
			name := from + "/alloc"
			if touch {
				name += "+write"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(8 * n)
				for range b.N {
					var alloc mem.Allocator = mem.Default
					if from == "arena" {
						arena, err := mem.NewArena(8*n + 1<<20)
						if err != nil {
							b.Fatal(err)
						}
						defer arena.Close()
						alloc = arena
					}
					a, err := nd.Zeros[float64]([]int{n}, nd.With(alloc))
					if err != nil {
						b.Fatal(err)
					}
					if touch {
						d := a.Data()
						for i := range d {
							d[i] = 1
						}
					}
					a.Free()
					if c, ok := alloc.(*mem.Arena); ok {
						c.Close()
					}
				}
			})
		}
	}
}
