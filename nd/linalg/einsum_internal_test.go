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
		p, err := parseEinsum(c.subscripts, c.ops)
		if err != nil {
			t.Fatal(err)
		}
		dst := arr(nd.Zeros[float64](p.shape(p.output)))
		if _, _, _, ok := product(p, dst, c.ops[0], c.ops[1]); ok != c.product {
			t.Errorf("%s: product %v, want %v", c.subscripts, ok, c.product)
		}
	}
}
