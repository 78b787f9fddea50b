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

// TestTransposedOperands: the tiled path with every kind of operand
// beside a transposed one: a stack of matrices (outer axes), a reversed
// and a stepped transposed view, a float32 mask in Where, a broadcast row and column,
// and complex numbers (the widest elements, fewest rows a tile), against
// the element formula.
func TestTransposedOperands(t *testing.T) {
	const n = 530 // a tile column block and a bit, odd rows per tile
	cube := must(nd.Random[float64]([]int{3, n, n}, 7))
	ct := must(cube.Transpose(0, 2, 1))
	dst := must(nd.Empty[float64]([]int{3, n, n}))
	if err := ops.AddInto(dst, cube, ct); err != nil {
		t.Fatal(err)
	}
	for p := range 3 {
		for i := 0; i < n; i += 7 {
			for j := range n {
				if got, want := dst.At(p, i, j), cube.At(p, i, j)+cube.At(p, j, i); got != want {
					t.Fatalf("stack: [%d %d %d] = %v, want %v", p, i, j, got, want)
				}
			}
		}
	}

	a := must(nd.Random[float64]([]int{n, n}, 8))
	revT := must(a.SliceExpr("::-1, :")).T() // strides 1 and -n
	sq := must(a.SliceExpr("::2, :265"))     // [265 265], row stride 2n
	d2 := must(nd.Empty[float64]([]int{265, 265}))
	if err := ops.SubInto(d2, sq, sq.T()); err != nil {
		t.Fatal(err)
	}
	for i := range 265 {
		for j := range 265 {
			if got, want := d2.At(i, j), sq.At(i, j)-sq.At(j, i); got != want {
				t.Fatalf("stepped: [%d %d] = %v, want %v", i, j, got, want)
			}
		}
	}
	d3 := must(nd.Empty[float64](revT.Shape()))
	row := must(nd.Random[float64]([]int{n}, 9))
	if err := ops.MulInto(d3, revT, row); err != nil {
		t.Fatal(err)
	}
	for i := range revT.Dim(0) {
		for j := range n {
			if got, want := d3.At(i, j), revT.At(i, j)*row.At(j); got != want {
				t.Fatalf("reversed times row: [%d %d] = %v, want %v", i, j, got, want)
			}
		}
	}

	mask := must(nd.Empty[uint8]([]int{n, n}))
	for i := range n {
		for j := range n {
			mask.Set(uint8((i+2*j)%3&1), i, j)
		}
	}
	b := must(nd.Random[float64]([]int{n, n}, 10))
	col := must(nd.Random[float64]([]int{n, 1}, 11))
	w := must(ops.Where(mask.T(), b.T(), col))
	for i := range n {
		for j := range n {
			want := col.At(i, 0)
			if mask.At(j, i) != 0 {
				want = b.At(j, i)
			}
			if got := w.At(i, j); got != want {
				t.Fatalf("where(mask.T, b.T, column): [%d %d] = %v, want %v", i, j, got, want)
			}
		}
	}

	c := must(nd.Empty[complex128]([]int{70, 70}))
	for i := range 70 {
		for j := range 70 {
			c.Set(complex(float64(i), float64(j)), i, j)
		}
	}
	cs := must(ops.Add(c, c.T()))
	for i := range 70 {
		for j := range 70 {
			if got, want := cs.At(i, j), c.At(i, j)+c.At(j, i); got != want {
				t.Fatalf("complex: [%d %d] = %v, want %v", i, j, got, want)
			}
		}
	}
}
