package linalg_test

import (
	"math"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

// decompCase compares Solve, Inv, Det, QR, Cholesky, SVD and EigenSym with
// NumPy's solve, inv, det, qr(mode="complete"), cholesky (transposed),
// svd(full_matrices=False) (vh transposed) and eigh(UPLO="U"). They take
// float64: a float32 case runs on its inputs converted (exactly) and meets
// NumPy's float32 answer within tol, float32's tolerance. What is unique
// is compared element by element, with the shapes: Solve's, Inv's and
// Cholesky's results, Det (relative to Hadamard's bound on |det a|), the
// singular values and the eigenvalues (ascending, as eigh's), and QR's q
// and r, whose signs are LAPACK's (gonum's dgeqrf is a port of it). The
// singular and eigenvectors are compared up to the sign of each column
// (the same sign for u's and v's), for the columns NumPy's generator lists
// as simple (a value apart from the others), within tol times the largest
// value over the gap to the nearest other; the rest have no unique
// answer (the other tests check them by reconstruction).
func decompCase(t *testing.T, c jcase, want *joutput, tol float64) {
	a := input[float64](t, c.A)
	var got []*nd.Array[float64]
	var det float64
	var err error
	switch c.Fn {
	case "solve":
		var x *nd.Array[float64]
		x, err = linalg.Solve(a, input[float64](t, c.B))
		got = []*nd.Array[float64]{x}
	case "inv":
		var x *nd.Array[float64]
		x, err = linalg.Inv(a)
		got = []*nd.Array[float64]{x}
	case "det":
		det, err = linalg.Det(a)
	case "qr":
		var q, r *nd.Array[float64]
		q, r, err = linalg.QR(a)
		got = []*nd.Array[float64]{q, r}
	case "cholesky":
		var u *nd.Array[float64]
		u, err = linalg.Cholesky(a)
		got = []*nd.Array[float64]{u}
	case "svd":
		var u, s, v *nd.Array[float64]
		u, s, v, err = linalg.SVD(a)
		got = []*nd.Array[float64]{u, s, v}
	case "eigh":
		var w, v *nd.Array[float64]
		w, v, err = linalg.EigenSym(a)
		got = []*nd.Array[float64]{w, v}
	}
	if c.Differs != "" {
		// NumPy answers (the fixture holds its answer); numgo refuses, as
		// documented: stacks (the decompositions take one matrix), an
		// infinity given to Solve or Inv (condition number infinite) or to
		// the SVD (ErrSingular's doc), a condition number above 1e16
		// (Solve's doc), a NaN pivot in Cholesky (its doc).
		wantErr(t, err, c.Differs)
		return
	}
	if c.Err != "" {
		wantErr(t, err, c.Err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	switch c.Fn {
	case "solve", "inv", "cholesky":
		compareFinite(t, c.Fn, got[0], want, tol, false)
	case "det":
		if w := scalar(t, c.Want); !closeTo(det, w, tol, c.Cond) {
			t.Fatalf("det: %v, NumPy %v (tolerance %g of %g)", det, w, tol, c.Cond)
		}
	case "qr":
		signs, tols := make([]float64, len(c.Simple)), make([]float64, len(c.Simple))
		for k := range c.Simple {
			signs[k], tols[k] = 1, tol
		}
		compareLines(t, "q", got[0], c.Q, c.Simple, signs, tols, false)
		compareLines(t, "r", got[1], c.R, c.Simple, signs, tols, true)
		if !allFinite(a) {
			// A NaN spreads as NumPy's does. After an infinity NumPy's
			// reflectors are NaN (LAPACK's dscal makes inf * 0 a NaN)
			// where gonum's can stay finite (its Dscal by 0 writes
			// zeros): QR's doc says so, and only NumPy's finite
			// elements are compared.
			lenient := !hasNaN(a)
			compareFinite(t, "q", got[0], c.Q, tol, lenient)
			compareFinite(t, "r", got[1], c.R, tol, lenient)
		}
	case "svd":
		compareFinite(t, "s", got[1], c.S, tol, false)
		signs, tols := columnSigns(t, got[0], c.U, got[1], c.Simple, tol)
		compareLines(t, "u", got[0], c.U, c.Simple, signs, tols, false)
		compareLines(t, "v", got[2], c.V, c.Simple, signs, tols, false)
	case "eigh":
		compareFinite(t, "eigenvalues", got[0], want, tol, false)
		signs, tols := columnSigns(t, got[1], c.Vectors, got[0], c.Simple, tol)
		compareLines(t, "eigenvectors", got[1], c.Vectors, c.Simple, signs, tols, false)
	}
}

// compareFinite checks got against NumPy's output: its shape, and each
// element within tol relative to the largest finite |element| of want.
// Where want is NaN or infinite (a NaN or an infinity in a), got must be
// NaN or infinite too, not necessarily the same: which of them rounding
// makes of an infinity depends on the order of operations; lenient skips
// those elements.
func compareFinite(t *testing.T, what string, got *nd.Array[float64], want *joutput, tol float64, lenient bool) {
	t.Helper()
	w, scale := numpyValues(t, what, got.Shape(), want)
	i := 0
	for g := range got.Values() {
		finite := !math.IsNaN(w[i]) && !math.IsInf(w[i], 0)
		if finite && !closeTo(g, w[i], tol, scale) || !finite && !lenient && !math.IsNaN(g) && !math.IsInf(g, 0) {
			t.Fatalf("%s: element %d is %v, NumPy %v (tolerance %g of %g)\n%v", what, i, g, w[i], tol, scale, got)
		}
		i++
	}
}

// allFinite reports whether a holds neither a NaN nor an infinity.
func allFinite(a *nd.Array[float64]) bool {
	for v := range a.Values() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// hasNaN reports whether a holds a NaN.
func hasNaN(a *nd.Array[float64]) bool {
	for v := range a.Values() {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

// columnSigns returns, for each listed column, the sign that turns got's
// column toward want's (that of their inner product), and its tolerance:
// tol times the largest |value| over the gap between its value and the
// nearest other (a vector's rounding error grows as that gap shrinks).
func columnSigns(t *testing.T, got *nd.Array[float64], want *joutput, values *nd.Array[float64], cols []int, tol float64) (signs, tols []float64) {
	t.Helper()
	w := floats(t, want.Data)
	n := values.Dim(0)
	scale := 0.0
	for i := range n {
		scale = math.Max(scale, math.Abs(values.At(i)))
	}
	for _, j := range cols {
		dot := 0.0
		for i := range got.Dim(0) {
			dot += got.At(i, j) * w[i*want.Shape[1]+j]
		}
		signs = append(signs, math.Copysign(1, dot))
		gap := math.Inf(1)
		for i := range n {
			if i != j {
				gap = math.Min(gap, math.Abs(values.At(i)-values.At(j)))
			}
		}
		tols = append(tols, tol*math.Max(1, scale/gap))
	}
	return signs, tols
}

// compareLines checks got's shape against want's and the listed columns
// (rows when rows is set) element by element, each flipped by its sign
// and within its tolerance relative to the largest finite |element| of
// want.
func compareLines(t *testing.T, what string, got *nd.Array[float64], want *joutput, lines []int, signs, tols []float64, rows bool) {
	t.Helper()
	w, scale := numpyValues(t, what, got.Shape(), want)
	length := got.Dim(0)
	if rows {
		length = got.Dim(1)
	}
	for k, j := range lines {
		for i := range length {
			r, c := i, j
			if rows {
				r, c = j, i
			}
			if g, v := signs[k]*got.At(r, c), w[r*want.Shape[1]+c]; !closeTo(g, v, tols[k], scale) {
				t.Fatalf("%s: [%d, %d] (sign %v) is %v, NumPy %v (tolerance %g of %g)\n%v", what, r, c, signs[k], g, v, tols[k], scale, got)
			}
		}
	}
}
