package linalg_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
)

// jfloat is a JSON number, or one of the strings "inf", "-inf", "nan" the
// generator writes for what JSON cannot hold.
type jfloat float64

func (f *jfloat) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		switch s {
		case "inf":
			*f = jfloat(math.Inf(1))
		case "-inf":
			*f = jfloat(math.Inf(-1))
		case "nan":
			*f = jfloat(math.NaN())
		default:
			return fmt.Errorf("bad float %q", s)
		}
		return nil
	}
	return json.Unmarshal(b, (*float64)(f))
}

type jinput struct {
	Dtype string
	Shape []int
	Data  []jfloat
	View  string
}

type joutput struct {
	Shape []int
	Data  json.RawMessage
}

type jcase struct {
	Fn, Name, Subscripts, Err, Differs string
	A, B                               *jinput
	Operands                           []jinput
	Ord                                json.RawMessage
	K, Rank                            int
	Keep                               bool
	Cond                               float64
	Want                               json.RawMessage
	Residuals, S, Q, R, U, V, Vectors  *joutput
	Simple                             []int
}

// TestNumPyLinalgSurface compares Norm, NormOrd, NormAxis, Trace, Triu, Tril,
// MatrixRank, Pinv, Lstsq, Eig, Kron, Einsum, MatMul and MatMulInto, Dot,
// Outer and the decompositions (decompCase) with NumPy's answers in
// testdata/linalg_surface.json (written by linalg_surface.py), for float64
// and float32 inputs, contiguous, transposed and strided. Tolerances:
// element-wise results (Triu, Tril, Kron) are exact; sums (norms, traces,
// Einsum, MatMul) agree within 1e-12 (float64) or 1e-5 (float32) relative to the
// largest element of the result; results of an SVD (Pinv, Lstsq) within
// that plus 1e-13 times the condition number of the kept singular values;
// eigenvalues as a set within 1e-10 (1e-5) relative to the largest, each
// with its vector checked by a @ v = λ v rather than against NumPy's
// vectors, whose order and phase LAPACK does not fix.
func TestNumPyLinalgSurface(t *testing.T) {
	raw, err := os.ReadFile("testdata/linalg_surface.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Numpy string
		Cases []jcase
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for i, c := range file.Cases {
		dtype := "float64"
		if c.A != nil {
			dtype = c.A.Dtype
		} else if len(c.Operands) > 0 {
			dtype = c.Operands[0].Dtype
		}
		t.Run(fmt.Sprintf("%d-%s-%s-%s", i, c.Fn, c.Name, dtype), func(t *testing.T) {
			if dtype == "float32" {
				runCase[float32](t, c, 1e-5)
			} else {
				runCase[float64](t, c, 1e-12)
			}
		})
		counts[c.Fn]++
	}
	t.Logf("NumPy %s: %v", file.Numpy, counts)
}

func input[T linalg.Float](t *testing.T, in *jinput) *nd.Array[T] {
	t.Helper()
	data := make([]T, len(in.Data))
	for i, v := range in.Data {
		data[i] = T(v)
	}
	a, err := nd.FromSlice(data, in.Shape)
	if err != nil {
		t.Fatal(err)
	}
	switch in.View {
	case "":
		return a
	case "T":
		return a.T()
	}
	v, err := a.SliceExpr(in.View)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func floats(t *testing.T, raw json.RawMessage) []float64 {
	t.Helper()
	var fs []jfloat
	if err := json.Unmarshal(raw, &fs); err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(fs))
	for i, f := range fs {
		out[i] = float64(f)
	}
	return out
}

func scalar(t *testing.T, raw json.RawMessage) float64 {
	t.Helper()
	var f jfloat
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return float64(f)
}

// closeTo reports whether got is want within tol relative to scale (and
// equal when both are infinite or NaN).
func closeTo(got, want, tol, scale float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return got == want || math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol*math.Max(scale, 1e-300)
}

// numpyValues checks that got's shape is NumPy's and returns NumPy's
// elements with the scale tolerances are relative to: the largest finite
// |element|.
func numpyValues(t *testing.T, what string, shape []int, want *joutput) (w []float64, scale float64) {
	t.Helper()
	if fmt.Sprint(shape) != fmt.Sprint(want.Shape) {
		t.Fatalf("%s: shape %v, NumPy %v", what, shape, want.Shape)
	}
	w = floats(t, want.Data)
	for _, v := range w {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	return w, scale
}

// compare checks got against NumPy's output within tol relative to the
// largest finite |element| of want.
func compare[T linalg.Float](t *testing.T, what string, got *nd.Array[T], want *joutput, tol float64) {
	t.Helper()
	w, scale := numpyValues(t, what, got.Shape(), want)
	i := 0
	for g := range got.Values() {
		if !closeTo(float64(g), w[i], tol, scale) {
			t.Fatalf("%s: element %d is %v, NumPy %v (tolerance %g of %g)\n%v", what, i, g, w[i], tol, scale, got)
		}
		i++
	}
}

func wantErr(t *testing.T, err error, name string) {
	t.Helper()
	sentinel := map[string]error{"ErrShape": nd.ErrShape, "ErrOrder": linalg.ErrOrder, "ErrSingular": linalg.ErrSingular}[name]
	if sentinel == nil || !errors.Is(err, sentinel) {
		t.Fatalf("error %v, want one wrapping %s", err, name)
	}
}

func ord(t *testing.T, raw json.RawMessage) (linalg.Ord, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "fro":
			return linalg.Fro, true
		case "nuc":
			return linalg.Nuc, true
		}
	}
	if string(raw) == "null" {
		return linalg.Ord{}, false
	}
	return linalg.P(scalar(t, raw)), true
}

func runCase[T linalg.Float](t *testing.T, c jcase, tol float64) {
	var a *nd.Array[T]
	if c.A != nil {
		a = input[T](t, c.A)
	}
	var want joutput
	if c.Err == "" && len(c.Want) > 0 && c.Want[0] == '{' {
		if err := json.Unmarshal(c.Want, &want); err != nil {
			t.Fatal(err)
		}
	}
	svdTol := tol + 1e-13*c.Cond
	switch c.Fn {
	case "norm":
		var got T
		var err error
		if o, ok := ord(t, c.Ord); ok {
			got, err = linalg.NormOrd(a, o)
		} else {
			got, err = linalg.Norm(a)
			if (a.NDim() == 1 || a.NDim() == 2) && err == nil {
				// The zero Ord is None: NormOrd agrees with Norm.
				if n, err := linalg.NormOrd(a, linalg.Ord{}); err != nil || n != got {
					t.Fatalf("NormOrd(a, None) = %v, %v; Norm(a) = %v", n, err, got)
				}
			}
		}
		if c.Err != "" {
			wantErr(t, err, c.Err)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		scale := math.Abs(scalar(t, c.Want))
		if a.NDim() == 2 && string(c.Ord) == "-2.0" {
			// The smallest singular value is known only to within
			// rounding relative to the largest (a rank-deficient a's is
			// noise in both).
			scale = math.Max(scale, float64(mustF[T](t)(linalg.NormOrd(a, linalg.P(2)))))
		}
		if w := scalar(t, c.Want); !closeTo(float64(got), w, tol, scale) {
			t.Fatalf("norm %s: %v, NumPy %v", c.Ord, got, w)
		}
	case "normaxis":
		o, _ := ord(t, c.Ord)
		ax := ops.Axis(c.K)
		if c.Keep {
			ax = ax.KeepDims()
		}
		got, err := linalg.NormAxis(a, o, ax)
		if c.Err != "" {
			wantErr(t, err, c.Err)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "norm along an axis", got, &want, tol)
	case "trace":
		got, err := linalg.Trace(a, c.K)
		if err != nil {
			t.Fatal(err)
		}
		scale := 0.0
		for v := range a.Values() {
			scale += math.Abs(float64(v))
		}
		if w := scalar(t, c.Want); !closeTo(float64(got), w, tol, scale) {
			t.Fatalf("trace: %v, NumPy %v", got, w)
		}
	case "triu", "tril":
		f := linalg.Triu[T]
		if c.Fn == "tril" {
			f = linalg.Tril[T]
		}
		got, err := f(a, c.K)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, c.Fn, got, &want, 0)
	case "rank":
		got, err := linalg.MatrixRank(a)
		if err != nil || got != int(scalar(t, c.Want)) {
			t.Fatalf("rank %d (%v), NumPy %s", got, err, c.Want)
		}
	case "pinv":
		got, err := linalg.Pinv(a)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "pinv", got, &want, svdTol)
	case "lstsq":
		x, res, rank, s, err := linalg.Lstsq(a, input[T](t, c.B))
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "x", x, &want, svdTol)
		compare(t, "residuals", res, c.Residuals, svdTol)
		compare(t, "s", s, c.S, tol)
		if rank != c.Rank {
			t.Fatalf("rank %d, NumPy %d", rank, c.Rank)
		}
	case "eig":
		eigCase(t, a, &want, math.Max(tol, 1e-10))
	case "solve", "inv", "det", "qr", "cholesky", "svd", "eigh":
		decompCase(t, c, &want, tol)
	case "dot":
		b := input[T](t, c.B)
		got, err := linalg.Dot(a, b)
		if c.Err != "" {
			wantErr(t, err, c.Err)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		scale := 0.0
		for i := range a.Dim(0) {
			scale += math.Abs(float64(a.At(i)) * float64(b.At(i)))
		}
		if w := scalar(t, c.Want); !closeTo(float64(got), w, tol, scale) {
			t.Fatalf("dot: %v, NumPy %v", got, w)
		}
	case "outer":
		got, err := linalg.Outer(a, input[T](t, c.B))
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "outer", got, &want, 0) // one rounded product each
	case "kron":
		got, err := linalg.Kron(a, input[T](t, c.B))
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "kron", got, &want, 0)
	case "matmul":
		b := input[T](t, c.B)
		got, err := linalg.MatMul(a, b)
		if c.Err != "" {
			wantErr(t, err, c.Err)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// A sum of k products: tolerance relative to the largest (the
		// small-integer cases are exact either way).
		compare(t, "matmul", got, &want, 10*tol)
		// MatMulInto, into a destination with NumPy's shape, gives the
		// same.
		dst, err := nd.Zeros[T](want.Shape)
		if err != nil {
			t.Fatal(err)
		}
		if err := linalg.MatMulInto(dst, a, b); err != nil {
			t.Fatal(err)
		}
		compare(t, "matmul into", dst, &want, 10*tol)
	case "einsum":
		ops := make([]*nd.Array[T], len(c.Operands))
		for i := range c.Operands {
			ops[i] = input[T](t, &c.Operands[i])
		}
		got, err := linalg.Einsum(c.Subscripts, ops)
		if c.Err != "" {
			wantErr(t, err, c.Err)
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", c.Subscripts)) {
				t.Fatalf("the error does not quote the subscripts: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// A sum of k products: tolerance relative to the largest.
		compare(t, "einsum", got, &want, 10*tol)
	default:
		t.Fatalf("unknown function %q", c.Fn)
	}
}

// eigCase checks Eig's values against NumPy's as a set, and each of its
// vectors by the eigen-equation.
func eigCase[T linalg.Float](t *testing.T, a *nd.Array[T], want *joutput, tol float64) {
	vals, vecs, err := linalg.Eig(a)
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]float64
	if err := json.Unmarshal(want.Data, &pairs); err != nil {
		t.Fatal(err)
	}
	n := a.Dim(0)
	if vals.Dim(0) != n || len(pairs) != n {
		t.Fatalf("%d values, NumPy %d", vals.Dim(0), len(pairs))
	}
	scale := 0.0
	for _, p := range pairs {
		scale = math.Max(scale, math.Hypot(p[0], p[1]))
	}
	used := make([]bool, n)
	for _, p := range pairs {
		w := complex(p[0], p[1])
		best := -1
		for i := range n {
			if !used[i] && (best < 0 || cmplx.Abs(vals.At(i)-w) < cmplx.Abs(vals.At(best)-w)) {
				best = i
			}
		}
		if cmplx.Abs(vals.At(best)-w) > tol*scale {
			t.Fatalf("NumPy's eigenvalue %v is not among %v", w, vals)
		}
		used[best] = true
	}
	for j := range n {
		lambda := vals.At(j)
		var norm float64
		for i := range n {
			var av complex128
			for k := range n {
				av += complex(float64(a.At(i, k)), 0) * vecs.At(k, j)
			}
			if cmplx.Abs(av-lambda*vecs.At(i, j)) > tol*math.Max(scale, 1) {
				t.Fatalf("a @ v[:, %d] - λ v[:, %d] is %v in row %d", j, j, av-lambda*vecs.At(i, j), i)
			}
			norm += cmplx.Abs(vecs.At(i, j)) * cmplx.Abs(vecs.At(i, j))
		}
		if math.Abs(norm-1) > 1e-12 {
			t.Fatalf("vector %d has squared norm %v", j, norm)
		}
		// LAPACK's normalisation: the component of largest modulus is real.
		largest := vecs.At(0, j)
		for i := range n {
			if cmplx.Abs(vecs.At(i, j)) > cmplx.Abs(largest)+1e-12 {
				largest = vecs.At(i, j)
			}
		}
		if math.Abs(imag(largest)) > 1e-12 {
			t.Fatalf("vector %d's largest component %v is not real", j, largest)
		}
	}
}
