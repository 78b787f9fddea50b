package linalg

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// naive is the reference product of two 2-D arrays, read through At.
func naive(a, b *nd.Array[float64]) [][]float64 {
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	out := make([][]float64, m)
	for i := range out {
		out[i] = make([]float64, n)
		for j := range n {
			for p := range k {
				out[i][j] += a.At(i, p) * b.At(p, j)
			}
		}
	}
	return out
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*(1+math.Abs(want)) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

func TestMatMulLayouts(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	for _, dims := range [][3]int{{1, 1, 1}, {7, 5, 3}, {13, 31, 17}, {64, 1, 9}, {0, 3, 4}, {3, 0, 4}} {
		m, k, n := dims[0], dims[1], dims[2]
		a := arr(nd.Random[float64]([]int{m, k}, 1))
		b := arr(nd.Random[float64]([]int{k, n}, 2))
		at := arr(arr(nd.Random[float64]([]int{k, m}, 3)).Clone()).T() // transposed view
		bt := arr(nd.Random[float64]([]int{n, k}, 4)).T()
		big := arr(nd.Random[float64]([]int{2 * k, 2 * n}, 5))
		bs := arr(big.Slice(nd.Whole().By(2), nd.Whole().By(2))) // no unit stride
		for _, pair := range [][2]*nd.Array[float64]{{a, b}, {at, b}, {a, bt}, {at, bt}, {a, bs}} {
			c := arr(MatMul(pair[0], pair[1]))
			want := naive(pair[0], pair[1])
			for i := range m {
				for j := range n {
					near(t, "c", c.At(i, j), want[i][j], 1e-12)
				}
			}
		}
	}
	_, err := MatMul(arr(nd.Zeros[float64]([]int{2, 3})), arr(nd.Zeros[float64]([]int{4, 2})))
	if !errors.Is(err, nd.ErrShape) {
		t.Fatalf("mismatched inner dimensions: %v", err)
	}
}

func TestGemmAlphaBetaAndColMajorDst(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	a := arr(nd.Random[float64]([]int{9, 4}, 1))
	b := arr(nd.Random[float64]([]int{4, 6}, 2))
	c := arr(nd.Random[float64]([]int{9, 6}, 3, nd.WithLayout(nd.ColMajor)))
	c0 := arr(c.Clone())
	if err := Gemm(2, a, b, -0.5, c); err != nil {
		t.Fatal(err)
	}
	want := naive(a, b)
	for i := range 9 {
		for j := range 6 {
			near(t, "gemm", c.At(i, j), 2*want[i][j]-0.5*c0.At(i, j), 1e-12)
		}
	}
	nan := arr(nd.Full[float64]([]int{9, 6}, math.NaN()))
	if err := Gemm(1, a, b, 0, nan); err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(nan.At(0, 0)) {
		t.Fatal("beta = 0 let NaN in c through")
	}
}

func TestMatMulBatchedAndVectors(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	a := arr(nd.Random[float64]([]int{3, 1, 4, 5}, 1))
	b := arr(nd.Random[float64]([]int{2, 5, 6}, 2))
	c := arr(MatMul(a, b))
	if got := c.Shape(); len(got) != 4 || got[0] != 3 || got[1] != 2 || got[2] != 4 || got[3] != 6 {
		t.Fatalf("batched shape %v", got)
	}
	for i := range 3 {
		for j := range 2 {
			ai := arr(a.Slice(nd.Index(i), nd.Index(0)))
			bj := arr(b.Slice(nd.Index(j)))
			want := naive(ai, bj)
			for p := range 4 {
				for q := range 6 {
					near(t, "batched", c.At(i, j, p, q), want[p][q], 1e-12)
				}
			}
		}
	}
	v := arr(nd.Random[float64]([]int{5}, 3))
	m := arr(nd.Random[float64]([]int{5, 3}, 4))
	vm := arr(MatMul(v, m))
	if vm.NDim() != 1 || vm.Dim(0) != 3 {
		t.Fatalf("vector @ matrix has shape %v", vm.Shape())
	}
	for j := range 3 {
		want := 0.0
		for p := range 5 {
			want += v.At(p) * m.At(p, j)
		}
		near(t, "v@m", vm.At(j), want, 1e-12)
	}
	d := must[float64](t)(Dot(v, v))
	o := arr(Outer(v, arr(v.SliceExpr("::-2"))))
	near(t, "dot", d, v.At(0)*v.At(0)+v.At(1)*v.At(1)+v.At(2)*v.At(2)+v.At(3)*v.At(3)+v.At(4)*v.At(4), 1e-12)
	near(t, "outer", o.At(1, 2), v.At(1)*v.At(0), 1e-15)
}

func TestMatMulIntoAllocatesNothing(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	for _, n := range []int{8, 100, 300} {
		a := arr(nd.Random[float64]([]int{n, n}, 1))
		b := arr(nd.Random[float64]([]int{n, n}, 2))
		c := arr(nd.Zeros[float64]([]int{n, n}))
		bt := b.T()
		allocs := testing.AllocsPerRun(5, func() {
			if err := MatMulInto(c, a, bt); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("n=%d: MatMulInto made %v allocations per call", n, allocs)
		}
	}
}

// TestSmallAndStackedAllocateNothing covers the unpacked path (one call
// and transposed) and stacks, with a broadcast operand too.
func TestSmallAndStackedAllocateNothing(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	a := arr(nd.Random[float64]([]int{4, 4}, 1))
	s := arr(nd.Random[float64]([]int{50, 4, 4}, 2))
	at := a.T()
	c2, c3 := arr(nd.Zeros[float64]([]int{4, 4})), arr(nd.Zeros[float64]([]int{50, 4, 4}))
	for name, f := range map[string]func() error{
		"4x4":                   func() error { return MatMulInto(c2, a, a) },
		"4x4 transposed":        func() error { return MatMulInto(c2, at, a) },
		"stack":                 func() error { return MatMulInto(c3, s, s) },
		"stack, broadcast left": func() error { return MatMulInto(c3, a, s) },
	} {
		if allocs := testing.AllocsPerRun(20, func() {
			if err := f(); err != nil {
				t.Fatal(err)
			}
		}); allocs != 0 {
			t.Errorf("%s: %v allocations per call", name, allocs)
		}
	}
}

func TestGonumInteropSharesMemory(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	a := arr(nd.Random[float64]([]int{4, 6}, 1))
	sub := arr(a.SliceExpr("1:3, 2:5")) // row stride 6, 3 columns
	d := must[*mat.Dense](t)(Dense(sub))
	d.Set(0, 0, 42)
	if a.At(1, 2) != 42 {
		t.Fatal("a write through the mat.Dense view did not reach the array")
	}
	back := arr(FromDense(d))
	back.Set(7, 1, 2)
	if a.At(2, 4) != 7 {
		t.Fatal("FromDense copied instead of viewing")
	}
	if _, err := Dense(a.T()); !errors.Is(err, nd.ErrShape) {
		t.Fatalf("a transposed view is not row-major: %v", err)
	}
	g := must[blas64.General](t)(General64(sub))
	if g.Stride != 6 || g.Rows != 2 || g.Cols != 3 {
		t.Fatalf("General64 = %+v", g)
	}
	sys := mem.NewSystem()
	cp := arr(CopyMatrix(d.T(), nd.With(sys)))
	if cp.At(2, 1) != a.At(2, 4) || sys.Allocated() == 0 {
		t.Fatal("CopyMatrix")
	}
	f32 := must[*nd.Array[float32]](t)(nd.Random[float32]([]int{3, 3}, 1))
	g32, err := General32(f32)
	if err != nil || g32.Stride != 3 {
		t.Fatalf("General32: %+v %v", g32, err)
	}
	if r := must[*nd.Array[float32]](t)(FromGeneral32(g32)); r.At(2, 2) != f32.At(2, 2) {
		t.Fatal("FromGeneral32")
	}
}

func TestBLASUseRunsGonumOnOurGemm(t *testing.T) {
	prev := blas64.Implementation()
	blas64.Use(BLAS{})
	defer blas64.Use(prev)
	a := mat.NewDense(30, 20, nil)
	b := mat.NewDense(20, 10, nil)
	for i := range 30 {
		for j := range 20 {
			a.Set(i, j, float64(i-j))
		}
	}
	for i := range 20 {
		for j := range 10 {
			b.Set(i, j, float64(i*j%7))
		}
	}
	var c mat.Dense
	c.Mul(a, b.T().T())
	na, nb := must[*nd.Array[float64]](t)(FromDense(a)), must[*nd.Array[float64]](t)(FromDense(b))
	want := naive(na, nb)
	for i := range 30 {
		for j := range 10 {
			near(t, "mat.Dense.Mul", c.At(i, j), want[i][j], 1e-12)
		}
	}
}

func TestDecompositions(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	const n = 6
	a := arr(nd.Random[float64]([]int{n, n}, 7))
	// spd = a @ aᵀ + n I is symmetric positive definite.
	spd := arr(MatMul(a, a.T()))
	for i := range n {
		spd.Set(spd.At(i, i)+n, i, i)
	}
	sys := mem.NewSystem()
	b := arr(nd.Random[float64]([]int{n}, 8))
	x := arr(Solve(spd, b, nd.With(sys)))
	ax := arr(MatMul(spd, x))
	for i := range n {
		near(t, "solve", ax.At(i), b.At(i), 1e-10)
	}
	if x.Allocator() != sys {
		t.Fatal("Solve's result did not come from the given allocator")
	}
	inv := arr(Inv(spd))
	id := arr(MatMul(spd, inv))
	for i := range n {
		for j := range n {
			near(t, "inv", id.At(i, j), map[bool]float64{true: 1, false: 0}[i == j], 1e-10)
		}
	}
	det := must[float64](t)(Det(spd))
	u := arr(Cholesky(spd))
	prod := 1.0
	for i := range n {
		prod *= u.At(i, i) * u.At(i, i)
	}
	near(t, "det vs cholesky", det, prod, 1e-9)
	utu := arr(MatMul(u.T(), u))
	near(t, "cholesky", utu.At(2, 3), spd.At(2, 3), 1e-10)

	q, r := must2(t)(QR(a))
	qr := arr(MatMul(q, r))
	near(t, "qr", qr.At(4, 1), a.At(4, 1), 1e-10)

	us, s, v := must3(t)(SVD(a))
	us2 := arr(us.Clone())
	for i := range n {
		for j := range n {
			us2.Set(us2.At(i, j)*s.At(j), i, j)
		}
	}
	usv := arr(MatMul(us2, v.T()))
	near(t, "svd", usv.At(3, 5), a.At(3, 5), 1e-10)

	vals, vecs := must2(t)(EigenSym(spd))
	av := arr(MatMul(spd, vecs))
	near(t, "eigen", av.At(2, 0), vals.At(0)*vecs.At(2, 0), 1e-9)

	singular := arr(nd.Ones[float64]([]int{3, 3}))
	if _, err := Inv(singular); !errors.Is(err, ErrSingular) {
		t.Fatalf("Inv of a singular matrix: %v", err)
	}
	if _, err := Cholesky(arr(nd.Full[float64]([]int{2, 2}, -1))); !errors.Is(err, ErrSingular) {
		t.Fatalf("Cholesky of a negative definite matrix: %v", err)
	}
	if _, err := Solve(a, arr(nd.Zeros[float64]([]int{n + 1}))); !errors.Is(err, nd.ErrShape) {
		t.Fatalf("Solve with mismatched b: %v", err)
	}
	if sys.Allocated() != int64(n*8) {
		t.Fatalf("a failed call left memory behind: %d bytes live, want %d", sys.Allocated(), n*8)
	}
}

func must2(t *testing.T) func(a, b *nd.Array[float64], err error) (*nd.Array[float64], *nd.Array[float64]) {
	return func(a, b *nd.Array[float64], err error) (*nd.Array[float64], *nd.Array[float64]) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}

func must3(t *testing.T) func(a, b, c *nd.Array[float64], err error) (*nd.Array[float64], *nd.Array[float64], *nd.Array[float64]) {
	return func(a, b, c *nd.Array[float64], err error) (*nd.Array[float64], *nd.Array[float64], *nd.Array[float64]) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b, c
	}
}

func TestBLASSgemmMatchesGonum(t *testing.T) {
	const m, n, k = 17, 9, 33
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = float32(i%11) - 5
	}
	for i := range b {
		b[i] = float32(i%7) - 3
	}
	got, want := make([]float32, m*n), make([]float32, m*n)
	BLAS{}.Sgemm(blas.NoTrans, blas.Trans, m, n, k, 2, a, k, b, k, 0, got, n)
	gonum.Implementation{}.Sgemm(blas.NoTrans, blas.Trans, m, n, k, 2, a, k, b, k, 0, want, n)
	for i := range got {
		if got[i] != want[i] { // small integers: exact in float32 whatever the order
			t.Fatalf("Sgemm element %d: %v, want %v", i, got[i], want[i])
		}
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a bad transpose flag did not panic")
		}
	}()
	BLAS{}.Sgemm('x', blas.NoTrans, m, n, k, 1, a, k, b, n, 0, got, n)
}

// TestQRWide: a wide a (m < n) factorizes as a square one does: q
// orthogonal, r upper trapezoidal, q @ r = a, and r's first m columns
// those of the QR of a's first m columns.
func TestQRWide(t *testing.T) {
	arr := must[*nd.Array[float64]](t)
	for _, shape := range [][2]int{{1, 4}, {3, 5}, {4, 9}} {
		m, n := shape[0], shape[1]
		a := arr(arr(nd.Random[float64]([]int{2 * m, n}, 1)).SliceExpr("::2, :")) // strided
		q, r := must2(t)(QR(a))
		_, r1 := must2(t)(QR(arr(a.SliceExpr(fmt.Sprintf(":, :%d", m)))))
		qr, qtq := arr(MatMul(q, r)), arr(MatMul(q.T(), q))
		for i := range m {
			for j := range n {
				near(t, "q @ r", qr.At(i, j), a.At(i, j), 1e-12)
				if j < i && r.At(i, j) != 0 || j < m && r.At(i, j) != r1.At(i, j) {
					t.Fatalf("%dx%d: r[%d, %d] = %v, want %v", m, n, i, j, r.At(i, j), r1.At(i, j))
				}
			}
			for j := range m {
				near(t, "qᵀq", qtq.At(i, j), map[bool]float64{true: 1, false: 0}[i == j], 1e-12)
			}
		}
	}
}

// TestNonFiniteRefused: the SVD-based functions and Eig refuse a matrix
// holding a NaN or an infinity with ErrSingular, as NumPy's LinAlgError,
// where gonum's code panics on a NaN or never returns.
func TestNonFiniteRefused(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := must[*nd.Array[float64]](t)(nd.Random[float64]([]int{4, 3}, 1))
		a.Set(bad, 2, 1)
		sq := must[*nd.Array[float64]](t)(nd.Random[float64]([]int{3, 3}, 2))
		sq.Set(bad, 1, 1)
		b := must[*nd.Array[float64]](t)(nd.Random[float64]([]int{4}, 3))
		for name, f := range map[string]func() error{
			"SVD":        func() error { _, _, _, err := SVD(a); return err },
			"Pinv":       func() error { _, err := Pinv(a); return err },
			"Lstsq":      func() error { _, _, _, _, err := Lstsq(a, b); return err },
			"MatrixRank": func() error { _, err := MatrixRank(a); return err },
			"Nuc":        func() error { _, err := MatrixNorm(a, Nuc, 0, 1); return err },
			"P(-2)":      func() error { _, err := MatrixNorm(a, P(-2), 0, 1); return err },
			"Eig":        func() error { _, _, err := Eig(sq); return err },
		} {
			if err := f(); !errors.Is(err, ErrSingular) {
				t.Errorf("%s of a matrix holding %v: %v, want an error wrapping ErrSingular", name, bad, err)
			}
		}
	}
}
