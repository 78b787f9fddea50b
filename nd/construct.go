package nd

import (
	"github.com/numgo/numgo/internal/errtext"
	"math"
)

// Linspace returns num numbers evenly spaced from start to stop, as
// NumPy's linspace: stop is the last one when endpoint is true, and just
// past the end otherwise. The values are computed in float64 with NumPy's
// formula (start + i*step, the last one exactly stop) and then converted:
// integer kinds get the floor, as NumPy gives since 1.20.
//
//	x, err := nd.Linspace(0.0, 1.0, 5, true) // [0 0.25 0.5 0.75 1]
func Linspace[T Real](start, stop T, num int, endpoint bool, opts ...Option) (*Array[T], error) {
	if num < 0 {
		return nil, errtext.Errorf("nd: Linspace: %w: num %d is negative", ErrShape, num)
	}
	a, err := newArray[T]([]int{num}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Linspace: %w", err)
	}
	integer := dtypeOf[T]().kind != 'f'
	linspace(float64(start), float64(stop), num, endpoint, func(i int, v float64) {
		if integer {
			v = math.Floor(v)
		}
		a.data[i] = T(v)
	})
	return a, nil
}

// linspace calls set with each of NumPy's linspace values in float64.
func linspace(start, stop float64, num int, endpoint bool, set func(i int, v float64)) {
	div := num
	if endpoint {
		div = num - 1
	}
	delta := stop - start
	step := delta / float64(div)
	for i := range num {
		var v float64
		switch {
		case div <= 0:
			v = float64(i) * delta
		case step == 0: // delta underflowed to zero in the division
			v = float64(i) / float64(div) * delta
		default:
			v = float64(i) * step
		}
		set(i, v+start)
	}
	if endpoint && num > 1 {
		set(num-1, stop)
	}
}

// Logspace returns num numbers spaced evenly on a log scale: base raised to
// each of Linspace(start, stop, num, endpoint), as NumPy's logspace
// computes them (in float64, then converted to T).
//
//	x, err := nd.Logspace[float64](0, 3, 4, true, 10) // [1 10 100 1000]
func Logspace[T Float](start, stop float64, num int, endpoint bool, base float64, opts ...Option) (*Array[T], error) {
	if num < 0 {
		return nil, errtext.Errorf("nd: Logspace: %w: num %d is negative", ErrShape, num)
	}
	a, err := newArray[T]([]int{num}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: Logspace: %w", err)
	}
	linspace(start, stop, num, endpoint, func(i int, v float64) { a.data[i] = T(math.Pow(base, v)) })
	return a, nil
}

// Eye returns an n×m matrix with ones on diagonal k (0 the main one,
// positive above it, negative below) and zeros elsewhere, as NumPy's
// eye(n, m, k).
//
//	e, err := nd.Eye[float64](2, 3, 1) // [[0 1 0] [0 0 1]]
func Eye[T Number](n, m, k int, opts ...Option) (*Array[T], error) {
	return triangle[T]("Eye", n, m, k, func(i, j int) bool { return j-i == k }, opts)
}

// Identity returns the n×n identity matrix, as NumPy's identity(n).
//
//	i, err := nd.Identity[float32](3)
func Identity[T Number](n int, opts ...Option) (*Array[T], error) {
	return triangle[T]("Identity", n, n, 0, func(i, j int) bool { return i == j }, opts)
}

// Tri returns an n×m matrix with ones at and below diagonal k and zeros
// above it, as NumPy's tri(n, m, k).
//
//	t, err := nd.Tri[int](3, 3, 0) // [[1 0 0] [1 1 0] [1 1 1]]
func Tri[T Number](n, m, k int, opts ...Option) (*Array[T], error) {
	return triangle[T]("Tri", n, m, k, func(i, j int) bool { return j-i <= k }, opts)
}

// triangle makes an n×m matrix of ones where one(i, j) and zeros elsewhere.
func triangle[T Number](name string, n, m, k int, one func(i, j int) bool, opts []Option) (*Array[T], error) {
	if n < 0 || m < 0 {
		return nil, errtext.Errorf("nd: %s: %w: n %d, m %d: a dimension is negative", name, ErrShape, n, m)
	}
	a, err := newArray[T]([]int{n, m}, newConfig(opts...))
	if err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	for i := range n {
		for j := range m {
			v := T(0)
			if one(i, j) {
				v = 1
			}
			a.data[i*a.strides[0]+j*a.strides[1]] = v
		}
	}
	return a, nil
}

// EmptyLike returns an array of a's shape with unspecified elements (see
// Empty), column-major when a is and the options do not choose, as
// NumPy's empty_like with order="K".
//
//	scratch, err := nd.EmptyLike(x, nd.With(arena))
func EmptyLike[T Number](a *Array[T], opts ...Option) (*Array[T], error) {
	return like("EmptyLike", a, nil, opts)
}

// ZerosLike returns an array of zeros of a's shape, laid out as EmptyLike.
//
//	z, err := nd.ZerosLike(x)
func ZerosLike[T Number](a *Array[T], opts ...Option) (*Array[T], error) {
	var zero T
	return like("ZerosLike", a, &zero, opts)
}

// OnesLike returns an array of ones of a's shape, laid out as EmptyLike.
//
//	o, err := nd.OnesLike(x)
func OnesLike[T Number](a *Array[T], opts ...Option) (*Array[T], error) {
	one := T(1)
	return like("OnesLike", a, &one, opts)
}

// FullLike returns an array of a's shape with every element v, laid out as
// EmptyLike. For another element kind, Full[D](a.Shape(), v) does it.
//
//	f, err := nd.FullLike(x, math.NaN())
func FullLike[T Number](a *Array[T], v T, opts ...Option) (*Array[T], error) {
	return like("FullLike", a, &v, opts)
}

func like[T Number](name string, a *Array[T], v *T, opts []Option) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	r, err := newArray[T](a.shape, newConfig(keepOrder(a.layout, opts)...))
	if err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	if v != nil {
		for i := range r.data {
			r.data[i] = *v
		}
	}
	return r, nil
}

// Diag builds, as NumPy's diag, a matrix from a one-dimensional v, with v
// on diagonal k and zeros elsewhere, and copies diagonal k of a
// two-dimensional v. NumPy returns a read-only view for the second; here it
// is a copy from the options' allocator, since an nd view cannot be made
// read-only.
//
//	d, err := nd.Diag(v, 0) // v = [1 2] → [[1 0] [0 2]]
func Diag[T Number](v *Array[T], k int, opts ...Option) (*Array[T], error) {
	if err := v.Err(); err != nil {
		return nil, errtext.Errorf("nd: Diag: %w", err)
	}
	switch len(v.shape) {
	case 1:
		n := v.shape[0] + absInt(k)
		r, err := newArray[T]([]int{n, n}, newConfig(opts...))
		if err != nil {
			return nil, errtext.Errorf("nd: Diag: %w", err)
		}
		clear(r.data)
		i0, j0 := max(-k, 0), max(k, 0)
		for i := range v.shape[0] {
			r.data[(i0+i)*r.strides[0]+(j0+i)*r.strides[1]] = v.data[v.off+i*v.strides[0]]
		}
		return r, nil
	case 2:
		i0, j0 := max(-k, 0), max(k, 0)
		n := max(min(v.shape[0]-i0, v.shape[1]-j0), 0)
		r, err := newArray[T]([]int{n}, newConfig(opts...))
		if err != nil {
			return nil, errtext.Errorf("nd: Diag: %w", err)
		}
		for i := range n {
			r.data[i] = v.data[v.off+(i0+i)*v.strides[0]+(j0+i)*v.strides[1]]
		}
		return r, nil
	}
	return nil, errtext.Errorf("nd: Diag: %w: v has shape %v; it must be one- or two-dimensional", ErrShape, v.shape)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Indexing is Meshgrid's order of output axes.
type Indexing int

const (
	// XY is Cartesian indexing, NumPy's default: for inputs of lengths
	// nx and ny the outputs have shape (ny, nx).
	XY Indexing = iota
	// IJ is matrix indexing: shape (nx, ny).
	IJ
)

// Meshgrid returns coordinate matrices from coordinate vectors, as NumPy's
// meshgrid(*xs, indexing=...): output i holds xs[i]'s elements repeated
// along every other axis. Each input is read in C order whatever its
// shape; the outputs are copies from the options' allocator (NumPy's
// copy=True), and on error none is left allocated.
//
//	g, err := nd.Meshgrid(nd.XY, []*nd.Array[float64]{x, y})
//	xx, yy := g[0], g[1]
func Meshgrid[T Number](ix Indexing, xs []*Array[T], opts ...Option) ([]*Array[T], error) {
	if ix != XY && ix != IJ {
		return nil, errtext.Errorf("nd: Meshgrid: %w: indexing %d is neither XY nor IJ", ErrShape, int(ix))
	}
	shape := make([]int, len(xs))
	for i, x := range xs {
		if err := x.Err(); err != nil {
			return nil, errtext.Errorf("nd: Meshgrid: xs[%d]: %w", i, err)
		}
		shape[i] = x.size
	}
	if ix == XY && len(xs) > 1 {
		shape[0], shape[1] = shape[1], shape[0]
	}
	if _, err := checkShape(shape, sizeOf[T]()); err != nil {
		return nil, errtext.Errorf("nd: Meshgrid: %w", err)
	}
	cstr := contiguousStrides(shape, RowMajor)
	out := make([]*Array[T], 0, len(xs))
	for i, x := range xs {
		r, err := newArray[T](shape, newConfig(opts...))
		if err != nil {
			freeArrays(out)
			return nil, errtext.Errorf("nd: Meshgrid: output %d: %w", i, err)
		}
		ax := i
		if ix == XY && i < 2 && len(xs) > 1 {
			ax = 1 - i
		}
		walkOuter(shape, r.strides, cstr, r.off, 0, func(off, pos int) bool {
			r.data[off] = x.data[offsetC(x, (pos/cstr[ax])%shape[ax])]
			return true
		})
		out = append(out, r)
	}
	return out, nil
}
