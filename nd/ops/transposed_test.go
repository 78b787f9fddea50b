package ops_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestAddTransposedTiles: a + a.T over shapes that are not multiples of
// the tile, into a dense and into a transposed dst, against the element
// formula.
func TestAddTransposedTiles(t *testing.T) {
	for _, n := range []int{1, 2, 63, 64, 65, 200} {
		a, err := nd.Random[float64]([]int{n, n}, uint64(n))
		if err != nil {
			t.Fatal(err)
		}
		dst, _ := nd.Empty[float64]([]int{n, n})
		if err := ops.AddInto(dst, a, a.T()); err != nil {
			t.Fatal(err)
		}
		dt, _ := nd.Empty[float64]([]int{n, n})
		if err := ops.SubInto(dt.T(), a, a.T()); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			for j := range n {
				if got, want := dst.At(i, j), a.At(i, j)+a.At(j, i); got != want {
					t.Fatalf("n=%d: (a + a.T)[%d, %d] = %v, want %v", n, i, j, got, want)
				}
				if got, want := dt.At(j, i), a.At(i, j)-a.At(j, i); got != want {
					t.Fatalf("n=%d: (a - a.T) into dst.T at [%d, %d] = %v, want %v", n, i, j, got, want)
				}
			}
		}
	}
}

// BenchmarkAddTransposed: a + a.T of a [4096 4096] float64 matrix; GB/s
// counts the three operands' bytes.
//
//	go test ./nd/ops -run '^$' -bench 'AddTransposed' -benchtime 10x
func BenchmarkAddTransposed(b *testing.B) {
	const n = 4096
	a, err := nd.Random[float64]([]int{n, n}, 1)
	if err != nil {
		b.Fatal(err)
	}
	dst, _ := nd.Empty[float64]([]int{n, n})
	b.SetBytes(3 * 8 * n * n)
	for range b.N {
		if err := ops.AddInto(dst, a, a.T()); err != nil {
			b.Fatal(err)
		}
	}
}
