package linalg_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// TestSurfaceUnderFaults fails every allocation of the NumPy-named
// functions in turn (Triu, Tril, Kron, Pinv, Lstsq, Eig, Einsum on both its
// paths): each must return the error and leave nothing allocated, on the
// options' allocator or on mem.Default. The Into forms with a dst that
// overlaps an input run too: the temporaries they take from mem.Default
// must be freed.
func TestSurfaceUnderFaults(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	a := must(nd.Random[float64]([]int{5, 4}, 1))
	sq := must(nd.Random[float64]([]int{4, 4}, 2))
	b := must(nd.Random[float64]([]int{5, 2}, 3))
	x := must(nd.Random[float64]([]int{3, 5, 4}, 4))
	y := must(nd.Random[float64]([]int{3, 4, 2}, 5))
	list := func(xs ...*nd.Array[float64]) []*nd.Array[float64] { return xs }
	cases := map[string]func(o []nd.Option) error{
		"Triu": func(o []nd.Option) error { return result(linalg.Triu(a, 0, o...)) },
		"Tril": func(o []nd.Option) error { return result(linalg.Tril(a.T(), 1, o...)) },
		"Kron": func(o []nd.Option) error { return result(linalg.Kron(a, sq, o...)) },
		"Pinv": func(o []nd.Option) error { return result(linalg.Pinv(a, o...)) },
		"NormAxis": func(o []nd.Option) error {
			return result(linalg.NormAxis(a.T(), linalg.P(1), ops.Axis(0).KeepDims(), o...))
		},
		"MatrixNorm": func(o []nd.Option) error { // the SVD's scratch too: nuclear norms of a stack
			return result(linalg.MatrixNorm(x, linalg.Nuc, 2, 1, o...))
		},
		"Lstsq": func(o []nd.Option) error {
			x, res, _, s, err := linalg.Lstsq(a, b, o...)
			return freed(err, x, res, s)
		},
		"Eig": func(o []nd.Option) error {
			vals, vecs, err := linalg.Eig(sq, o...)
			if err != nil {
				return err
			}
			vals.Free()
			return vecs.Free()
		},
		"EinsumProduct": func(o []nd.Option) error { return result(linalg.Einsum("bij,bjk->bik", list(x, y), o...)) },
		"EinsumLoop":    func(o []nd.Option) error { return result(linalg.Einsum("bij,bjk->ik", list(x, y), o...)) },
		// The Into forms take temporaries from mem.Default when dst
		// overlaps an input, and must free them.
		"TriuIntoOverlap": func(o []nd.Option) error {
			big, err := nd.Random[float64]([]int{5, 5}, 6, o...)
			if err != nil {
				return err
			}
			defer big.Free()
			return linalg.TriuInto(must(big.SliceExpr("1:, :")), must(big.SliceExpr(":4, :")), 0)
		},
		"EinsumIntoOverlap": func(o []nd.Option) error {
			c, err := sq.Clone(o...)
			if err != nil {
				return err
			}
			defer c.Free()
			return linalg.EinsumInto(c, "ij->ji", c)
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			n, err := mem.FailEach(mem.NewSystem(), func(al mem.Allocator) error { return c([]nd.Option{nd.With(al)}) })
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatal("no allocation from the options' allocator")
			}
		})
	}
}

// roAllocator is a heap allocator whose memory is declared read-only.
type roAllocator struct{ mem.Allocator }

var errRO = errors.New("read-only for the test")

func (roAllocator) ReadOnly() error { return errRO }

// TestSurfaceReadOnly: the Into forms refuse a read-only dst and write
// nothing; the allocating forms refuse a read-only allocator; reading a
// read-only input works.
func TestSurfaceReadOnly(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	ro := roAllocator{mem.NewSystem()}
	dst := must(nd.Empty[float64]([]int{2, 2}, nd.With(ro)))
	data, off, _ := dst.Storage()
	copy(data[off:off+4], []float64{1, 2, 3, 4})
	a := must(nd.FromSlice([]float64{5, 6, 7, 8}, []int{2, 2}))
	v := must(nd.FromSlice([]float64{1, 2}, []int{2}))
	for name, f := range map[string]func() error{
		"TriuInto":          func() error { return linalg.TriuInto(dst, a, 0) },
		"TrilInto":          func() error { return linalg.TrilInto(dst, a, 0) },
		"KronInto":          func() error { return linalg.KronInto(dst, v, v) },
		"NormAxisInto":      func() error { return linalg.NormAxisInto(dst, a, linalg.P(2), ops.Axis(1).KeepDims()) },
		"NormAxis":          func() error { _, err := linalg.NormAxis(a, linalg.P(2), ops.Axis(1), nd.With(ro)); return err },
		"EinsumInto":        func() error { return linalg.EinsumInto(dst, "ij,jk->ik", a, a) },
		"EinsumIntoLoop":    func() error { return linalg.EinsumInto(dst, "ij->ji", a) },
		"Triu":              func() error { _, err := linalg.Triu(a, 0, nd.With(ro)); return err },
		"Kron":              func() error { _, err := linalg.Kron(a, a, nd.With(ro)); return err },
		"Pinv":              func() error { _, err := linalg.Pinv(a, nd.With(ro)); return err },
		"Einsum":            func() error { _, err := linalg.Einsum("ij", []*nd.Array[float64]{a}, nd.With(ro)); return err },
		"Lstsq":             func() error { _, _, _, _, err := linalg.Lstsq(a, v, nd.With(ro)); return err },
		"Eig":               func() error { _, _, err := linalg.Eig(a, nd.With(ro)); return err },
		"TriuIntoReadInput": func() error { return linalg.TriuInto(a, dst, 0) },
	} {
		err := f()
		if name == "TriuIntoReadInput" {
			if err != nil {
				t.Errorf("%s: reading a read-only input: %v", name, err)
			}
			continue
		}
		if !errors.Is(err, nd.ErrReadOnly) || !errors.Is(err, errRO) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := dst.Data(); got[0] != 1 || got[1] != 2 || got[2] != 3 || got[3] != 4 {
		t.Fatalf("refused writers wrote %v", got)
	}
}

// TestSurfaceOverlap: each Into form gives the result separate memory
// would give when dst is an input, a transposed view of one or a shifted
// window over one.
func TestSurfaceOverlap(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	equal := func(name string, got, want *nd.Array[float64]) {
		t.Helper()
		g, w := must(got.Clone()).Data(), want.Data()
		for i := range w {
			if g[i] != w[i] {
				t.Fatalf("%s: %v, want %v", name, got, want)
			}
		}
	}
	for _, tc := range []struct {
		name string
		run  func(dst, a *nd.Array[float64]) error
		want func(a *nd.Array[float64]) (*nd.Array[float64], error)
	}{
		{"TriuInto", func(d, a *nd.Array[float64]) error { return linalg.TriuInto(d, a, 0) },
			func(a *nd.Array[float64]) (*nd.Array[float64], error) { return linalg.Triu(a, 0) }},
		{"TrilInto", func(d, a *nd.Array[float64]) error { return linalg.TrilInto(d, a, -1) },
			func(a *nd.Array[float64]) (*nd.Array[float64], error) { return linalg.Tril(a, -1) }},
		{"EinsumInto transpose", func(d, a *nd.Array[float64]) error { return linalg.EinsumInto(d, "ij->ji", a) },
			func(a *nd.Array[float64]) (*nd.Array[float64], error) { return a.T().Clone() }},
		{"EinsumInto product", func(d, a *nd.Array[float64]) error { return linalg.EinsumInto(d, "ij,jk->ik", a, a) },
			func(a *nd.Array[float64]) (*nd.Array[float64], error) { return linalg.MatMul(a, a) }},
		{"EinsumInto loop", func(d, a *nd.Array[float64]) error { return linalg.EinsumInto(d, "ij,jk->ik", a, a.T()) },
			func(a *nd.Array[float64]) (*nd.Array[float64], error) { return linalg.MatMul(a, a.T()) }},
	} {
		views := map[string]func() (dst, a *nd.Array[float64]){
			"dst is a": func() (dst, a *nd.Array[float64]) {
				a = must(nd.Random[float64]([]int{4, 4}, 1))
				return a, a
			},
			"dst is aᵀ": func() (dst, a *nd.Array[float64]) {
				a = must(nd.Random[float64]([]int{4, 4}, 1))
				return a.T(), a
			},
			"dst shifted": func() (dst, a *nd.Array[float64]) {
				big := must(nd.Random[float64]([]int{5, 4}, 1))
				return must(big.SliceExpr("1:, :")), must(big.SliceExpr(":4, :"))
			},
		}
		for vname, view := range views {
			dst, a := view()
			want := must(tc.want(must(a.Clone())))
			if err := tc.run(dst, a); err != nil {
				t.Fatalf("%s, %s: %v", tc.name, vname, err)
			}
			equal(tc.name+", "+vname, dst, want)
		}
	}
	// NormAxisInto into the last row of its input: the row sums of |a|
	// come from a before any is written (written in place, row 3's sum
	// would read the sums of rows 0-2).
	sq := must(nd.Random[float64]([]int{4, 4}, 3))
	wantNorms := must(linalg.NormAxis(must(sq.Clone()), linalg.P(1), ops.Axis(1)))
	if err := linalg.NormAxisInto(must(sq.SliceExpr("3")), sq, linalg.P(1), ops.Axis(1)); err != nil {
		t.Fatal(err)
	}
	equal("NormAxisInto", must(sq.SliceExpr("3")), wantNorms)
	// KronInto over one of its operands.
	big := must(nd.Random[float64]([]int{4}, 2))
	a := must(big.SliceExpr(":2"))
	want := must(linalg.Kron(must(a.Clone()), must(a.Clone())))
	if err := linalg.KronInto(big, a, a); err != nil {
		t.Fatal(err)
	}
	equal("KronInto", big, want)
}

// TestSurfaceErrors: bad shapes and arguments give errors wrapping
// nd.ErrShape (or ErrOrder) that name the argument, with one package
// prefix (internal/errtext's rule), and the Into forms check dst's shape.
func TestSurfaceErrors(t *testing.T) {
	must := mustF[*nd.Array[float64]](t)
	m := must(nd.Zeros[float64]([]int{2, 3}))
	v := must(nd.Zeros[float64]([]int{3}))
	cube := must(nd.Zeros[float64]([]int{2, 2, 2}))
	for _, c := range []struct {
		err  error
		name string
		want error
	}{
		{linalg.TriuInto(v, v, 0), "a", nd.ErrShape},
		{linalg.TrilInto(must(nd.Zeros[float64]([]int{3, 2})), m, 0), "dst", nd.ErrShape},
		{linalg.KronInto(m, v, v), "dst", nd.ErrShape},
		{linalg.EinsumInto(v, "ij->i", m), "dst", nd.ErrShape},
		{linalg.EinsumInto(v, "ij->k", m), `"ij->k"`, nd.ErrShape},
		{linalg.EinsumInto(v, "...i->i", m), `"..."`, nd.ErrShape}, // the broadcast axis dropped
		{errOf(linalg.Trace(cube, 0)), "a", nd.ErrShape},
		{errOf(linalg.NormOrd(cube, linalg.P(2))), "a", nd.ErrShape},
		{errOf(linalg.NormOrd(m, linalg.P(0.5))), "0.5", linalg.ErrOrder},
		{errOf(linalg.MatrixRank(cube)), "a", nd.ErrShape},
		{errOf(linalg.NormAxis(m, linalg.P(2), ops.Axis(2))), "axis 2", nd.ErrShape},
		{errOf(linalg.NormAxis(m, linalg.P(2), ops.Axis(0, 1))), "one axis", nd.ErrShape},
		{errOf(linalg.NormAxis(m, linalg.Fro, ops.Axis(0))), "fro", linalg.ErrOrder},
		{linalg.NormAxisInto(m, m, linalg.P(1), ops.Axis(0)), "dst", nd.ErrShape},
		{errOf(linalg.Pinv(v)), "a", nd.ErrShape},
		{errOf3(linalg.Eig(m)), "square", nd.ErrShape},
		{errOf5(linalg.Lstsq(m, must(nd.Zeros[float64]([]int{3})))), "b", nd.ErrShape},
	} {
		if !errors.Is(c.err, c.want) || !strings.Contains(c.err.Error(), c.name) {
			t.Errorf("error %v: want one wrapping %v naming %s", c.err, c.want, c.name)
		}
		if errtext.Repeated(c.err.Error()) {
			t.Errorf("error %q has two package prefixes", c.err)
		}
	}
}

func errOf[A any](_ A, err error) error                          { return err }
func errOf3[A, B any](_ A, _ B, err error) error                 { return err }
func errOf5[A, B, C, D any](_ A, _ B, _ C, _ D, err error) error { return err }

// Celsius is a named float kind: linalg takes it as nd and ops do (issue
// 22: linalg's Float used to refuse it).
type Celsius float64

type Gram float32

func TestNamedKinds(t *testing.T) {
	a := mustF[*nd.Array[Celsius]](t)(nd.FromSlice([]Celsius{1, 2, 3, 4}, []int{2, 2}))
	c, err := linalg.MatMul(a, a)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Data(); got[0] != 7 || got[1] != 10 || got[2] != 15 || got[3] != 22 {
		t.Fatalf("MatMul of Celsius: %v", c)
	}
	if n, err := linalg.Norm(a); err != nil || n < 5.477 || n > 5.478 {
		t.Fatalf("Norm of Celsius: %v, %v", n, err)
	}
	g := mustF[*nd.Array[Gram]](t)(nd.FromSlice([]Gram{1, 2, 3, 4}, []int{2, 2}))
	e, err := linalg.Einsum("ij,jk->ik", []*nd.Array[Gram]{g, g})
	if err != nil || e.At(1, 1) != 22 {
		t.Fatalf("Einsum of Gram (float32): %v, %v", e, err)
	}
}
