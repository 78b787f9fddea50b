package linalg

import (
	"testing"

	"github.com/numgo/numgo/nd"
)

// TestEinsumRoutesProducts: the subscripts of a matrix product, in any
// letter order and with batch letters, go to MatMul; the others to the
// general loop.
func TestEinsumRoutesProducts(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	m := arr(nd.Zeros[float64]([]int{3, 3}))
	s := arr(nd.Zeros[float64]([]int{2, 3, 3}))
	v := arr(nd.Zeros[float64]([]int{3}))
	for _, c := range []struct {
		subscripts string
		ops        []*nd.Array[float64]
		product    bool
	}{
		{"ij,jk->ik", []*nd.Array[float64]{m, m}, true},
		{"ij,jk", []*nd.Array[float64]{m, m}, true},
		{"ji,jk->ki", []*nd.Array[float64]{m, m}, true},
		{"ij,kj->ik", []*nd.Array[float64]{m, m}, true},
		{"bij,bjk->bik", []*nd.Array[float64]{s, s}, true},
		{"bij,bjk->ibk", []*nd.Array[float64]{s, s}, true},
		{"bij,jk->bik", []*nd.Array[float64]{s, m}, false},
		{"ij,jk->", []*nd.Array[float64]{m, m}, false},
		{"ii,ij->ij", []*nd.Array[float64]{m, m}, false},
		{"ij,ij->ij", []*nd.Array[float64]{m, m}, false},
		{"i,j->ij", []*nd.Array[float64]{v, v}, false},
		{"i,i->", []*nd.Array[float64]{v, v}, false},
		{"ij,j->i", []*nd.Array[float64]{m, v}, false},
	} {
		p, _, err := parseEinsum(c.subscripts, c.ops)
		if err != nil {
			t.Fatal(err)
		}
		dst := arr(nd.Zeros[float64](p.shape(p.output)))
		if _, _, _, ok := product(p, dst, c.ops[0], c.ops[1]); ok != c.product {
			t.Errorf("%s: product %v, want %v", c.subscripts, ok, c.product)
		}
	}
}

// TestEinsumRoutesReductions: one operand without a repeated letter is a
// sum over the dropped axes (or a copy) in ops; a diagonal is not.
func TestEinsumRoutesReductions(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	m := arr(nd.Zeros[float64]([]int{3, 3}))
	s := arr(nd.Zeros[float64]([]int{2, 3, 4}))
	for _, c := range []struct {
		subscripts string
		a          *nd.Array[float64]
		ok         bool
		axes       int
	}{
		{"ij->j", m, true, 1},
		{"ij->", m, true, 2},
		{"ij->ji", m, true, 0},
		{"ijk->ki", s, true, 1},
		{"ii->i", m, false, 0},
		{"ii->", m, false, 0},
	} {
		p, _, err := parseEinsum(c.subscripts, []*nd.Array[float64]{c.a})
		if err != nil {
			t.Fatal(err)
		}
		dst := arr(nd.Zeros[float64](p.shape(p.output)))
		if _, axes, ok := reduction(p, dst); ok != c.ok || ok && len(axes) != c.axes {
			t.Errorf("%s: reduction %v over %v, want %v over %d axes", c.subscripts, ok, axes, c.ok, c.axes)
		}
	}
}
