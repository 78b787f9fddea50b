package linalg

import (
	"errors"
	"fmt"
	"testing"

	"github.com/numgo/numgo/nd"
)

// TestGemmAliasing runs Gemm and MatMulInto with the output overlapping an
// operand in every way a view can (the same array, a transposed view, a
// shifted window of one buffer, both operands, a stack), on sizes that
// take the unpacked, packed and batched paths, and compares with the
// product of copies taken before the call.
func TestGemmAliasing(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	for _, n := range []int{5, 37, 100} {
		// Each case returns (c, a, b); c overlaps a or b.
		cases := map[string]func() (c, a, b *nd.Array[float64]){
			"c is a": func() (c, a, b *nd.Array[float64]) {
				a = arr(nd.Random[float64]([]int{n, n}, 1))
				return a, a, arr(nd.Random[float64]([]int{n, n}, 2))
			},
			"c is b": func() (c, a, b *nd.Array[float64]) {
				b = arr(nd.Random[float64]([]int{n, n}, 2))
				return b, arr(nd.Random[float64]([]int{n, n}, 1)), b
			},
			"c is a and b": func() (c, a, b *nd.Array[float64]) {
				a = arr(nd.Random[float64]([]int{n, n}, 1))
				return a, a, a
			},
			"c is a transposed": func() (c, a, b *nd.Array[float64]) {
				a = arr(nd.Random[float64]([]int{n, n}, 1))
				return a.T(), a, arr(nd.Random[float64]([]int{n, n}, 2))
			},
			"c is b transposed": func() (c, a, b *nd.Array[float64]) {
				b = arr(nd.Random[float64]([]int{n, n}, 2))
				return b.T(), arr(nd.Random[float64]([]int{n, n}, 1)), b
			},
			"c shifted over a": func() (c, a, b *nd.Array[float64]) {
				big := arr(nd.Random[float64]([]int{n + 3, n}, 1))
				a = arr(big.Slice(nd.Span(0, n)))
				return arr(big.Slice(nd.Span(3, n+3))), a, arr(nd.Random[float64]([]int{n, n}, 2))
			},
			"c columns over b": func() (c, a, b *nd.Array[float64]) {
				big := arr(nd.Random[float64]([]int{n, n + 2}, 2))
				b = arr(big.Slice(nd.Whole(), nd.Span(2, n+2)))
				return arr(big.Slice(nd.Whole(), nd.Span(0, n))), arr(nd.Random[float64]([]int{n, n}, 1)), b
			},
			"c reversed over a": func() (c, a, b *nd.Array[float64]) {
				a = arr(nd.Random[float64]([]int{n, n}, 1))
				return arr(a.Slice(nd.Whole().By(-1))), a, arr(nd.Random[float64]([]int{n, n}, 2))
			},
			"stack: c is a": func() (c, a, b *nd.Array[float64]) {
				a = arr(nd.Random[float64]([]int{3, n, n}, 1))
				return a, a, arr(nd.Random[float64]([]int{3, n, n}, 2))
			},
			"stack: c is b, a broadcast": func() (c, a, b *nd.Array[float64]) {
				b = arr(nd.Random[float64]([]int{3, n, n}, 2))
				return b, arr(nd.Random[float64]([]int{n, n}, 1)), b
			},
			"stack: c shifted by one matrix over a": func() (c, a, b *nd.Array[float64]) {
				big := arr(nd.Random[float64]([]int{4, n, n}, 1))
				a = arr(big.Slice(nd.Span(0, 3)))
				return arr(big.Slice(nd.Span(1, 4))), a, arr(nd.Random[float64]([]int{n, n}, 2))
			},
		}
		for name, mk := range cases {
			for _, ab := range [][2]float64{{1, 0}, {-0.5, 2}} {
				t.Run(fmt.Sprintf("n=%d/%s/alpha=%v/beta=%v", n, name, ab[0], ab[1]), func(t *testing.T) {
					c, a, b := mk()
					if !overlaps(c, a) && !overlaps(c, b) {
						t.Fatal("the case does not overlap")
					}
					a0, b0, c0 := arr(a.Clone()), arr(b.Clone()), arr(c.Clone())
					var err error
					if ab == [2]float64{1, 0} {
						err = MatMulInto(c, a, b)
					} else {
						err = Gemm(ab[0], a, b, ab[1], c)
					}
					if err != nil {
						t.Fatal(err)
					}
					checkGemm(t, c, a0, b0, c0, ab[0], ab[1])
				})
			}
		}
	}
}

// checkGemm compares c with alpha*a@b + beta*c0, matrix by matrix for
// stacks (a or b 2-D broadcast).
func checkGemm(t *testing.T, c, a, b, c0 *nd.Array[float64], alpha, beta float64) {
	t.Helper()
	if c.NDim() == 2 {
		want := naive(a, b)
		for i := range want {
			for j := range want[i] {
				near(t, fmt.Sprintf("c[%d,%d]", i, j), c.At(i, j), alpha*want[i][j]+beta*c0.At(i, j), 1e-12)
			}
		}
		return
	}
	arr := must[*nd.Array[float64]](t)
	pick := func(x *nd.Array[float64], i int) *nd.Array[float64] {
		if x.NDim() == 2 {
			return x
		}
		return arr(x.Slice(nd.Index(i)))
	}
	for i := range c.Dim(0) {
		checkGemm(t, pick(c, i), pick(a, i), pick(b, i), pick(c0, i), alpha, beta)
	}
}

// TestGemmDisjointViewsOfOneBuffer checks that views of one buffer that
// do not overlap are multiplied in place, with the right result.
func TestGemmDisjointViewsOfOneBuffer(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	big := arr(nd.Random[float64]([]int{3, 20, 20}, 1))
	a, b, c := arr(big.Slice(nd.Index(0))), arr(big.Slice(nd.Index(1))), arr(big.Slice(nd.Index(2)))
	if overlaps(c, a) || overlaps(c, b) {
		t.Fatal("disjoint matrices of one buffer reported as overlapping")
	}
	a0, b0, c0 := arr(a.Clone()), arr(b.Clone()), arr(c.Clone())
	if err := Gemm(2, a, b, 1, c); err != nil {
		t.Fatal(err)
	}
	checkGemm(t, c, a0, b0, c0, 2, 1)
}

// TestStackShapeErrors checks that stacks whose batch does not match the
// output are refused, not broadcast into it.
func TestStackShapeErrors(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	for _, tc := range []struct{ a, b, c []int }{
		{[]int{1, 2, 3}, []int{3, 4}, []int{5, 2, 4}},
		{[]int{2, 3}, []int{1, 3, 4}, []int{5, 2, 4}},
		{[]int{3, 2, 3}, []int{4, 3, 4}, []int{3, 2, 4}},
		{[]int{2, 3}, []int{3, 4}, []int{1, 2, 4}},
		{[]int{3, 2, 3}, []int{3, 3, 4}, []int{3, 2, 5}},
	} {
		a, b, c := arr(nd.Ones[float64](tc.a)), arr(nd.Ones[float64](tc.b)), arr(nd.Zeros[float64](tc.c))
		if err := MatMulInto(c, a, b); !errors.Is(err, nd.ErrShape) {
			t.Errorf("%v @ %v into %v: %v, want ErrShape", tc.a, tc.b, tc.c, err)
		}
	}
}
