package ops

import (
	"fmt"
	"math"
	"sync"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// AxisSpec names the axis a reduction runs along and whether the result
// keeps it; make one with Axis.
type AxisSpec struct {
	axis int
	keep bool
}

// Axis reduces along axis i; a negative i counts from the end. The result
// drops the axis, as NumPy's keepdims=False:
//
//	colSums, err := ops.SumAxis(m, ops.Axis(0))             // shape [cols]
//	rowMeans, err := ops.MeanAxis(m, ops.Axis(1).KeepDims()) // shape [rows 1]
func Axis(i int) AxisSpec { return AxisSpec{axis: i} }

// KeepDims keeps the reduced axis with length 1, so that the result
// broadcasts against the input (NumPy's keepdims=True).
func (s AxisSpec) KeepDims() AxisSpec {
	s.keep = true
	return s
}

// Index returns the axis as given to Axis (negative counts from the
// end), for reductions outside this package (nd/expr) to honour a spec.
func (s AxisSpec) Index() int { return s.axis }

// Kept reports whether the spec keeps the reduced axis (KeepDims).
func (s AxisSpec) Kept() bool { return s.keep }

// leafSize is the block a pairwise sum adds directly (with several
// vector accumulators in asm for floats); longer runs are halved.
const leafSize = 256

// monoid is an associative reduction over dense blocks: leaf reduces at
// most leafSize elements (at least one, for min and max), join combines two
// partial results.
type monoid[T nd.Number] interface {
	leaf(x []T) T
	join(a, b T) T
	// rows joins x into acc element by element.
	rows(acc, x []T)
}

// tree reduces the n elements of data from off with stride s pairwise:
// blocks of at most leafSize, joined up a balanced tree. For a sum that
// bounds the rounding error by (leafSize + ⌈log₂(n/leafSize)⌉)·ε·Σ|xᵢ|
// instead of a left-to-right loop's n·ε·Σ|xᵢ|. With par > 1 (dense runs
// only) the two halves of the top levels run on par goroutines, cut where
// the serial tree cuts, so the result does not depend on par. buf is
// gather space for strided runs.
func tree[T nd.Number, K monoid[T]](k K, data []T, off, n, s, par int, buf []T) T {
	if n <= leafSize {
		return k.leaf(gather(buf, data, off, s, n))
	}
	h := (n/2 + 7) &^ 7
	if par > 1 {
		var left T
		var wg sync.WaitGroup
		wg.Go(func() { left = tree(k, data, off, h, s, par/2, nil) })
		right := tree(k, data, off+h*s, n-h, s, par-par/2, buf)
		wg.Wait()
		return k.join(left, right)
	}
	return k.join(tree(k, data, off, h, s, 1, buf), tree(k, data, off+h*s, n-h, s, 1, buf))
}

type sumM[T nd.Number] struct{}

func (sumM[T]) leaf(x []T) T {
	switch kindOf[T]() {
	case kF64:
		return bitsAs[T](asm.Sum(as[float64](x)))
	case kF32:
		return bitsAs[T](asm.Sum(as[float32](x)))
	}
	var r T
	for _, v := range x {
		r += v
	}
	return r
}

func (sumM[T]) join(a, b T) T { return a + b }

func (sumM[T]) rows(acc, x []T) { arith[T]{op: opAdd}.run(acc, acc, x, nil) }

type prodM[T nd.Number] struct{}

func (prodM[T]) leaf(x []T) T {
	var r T = 1
	for _, v := range x {
		r *= v
	}
	return r
}

func (prodM[T]) join(a, b T) T { return a * b }

func (prodM[T]) rows(acc, x []T) { arith[T]{op: opMul}.run(acc, acc, x, nil) }

// extremeM is min (or max with max set); NaN wins.
type extremeM[T nd.Real] struct{ max bool }

func (k extremeM[T]) leaf(x []T) T {
	switch kindOf[T]() {
	case kF64:
		if k.max {
			return bitsAs[T](asm.Max(as[float64](x)))
		}
		return bitsAs[T](asm.Min(as[float64](x)))
	case kF32:
		if k.max {
			return bitsAs[T](asm.Max(as[float32](x)))
		}
		return bitsAs[T](asm.Min(as[float32](x)))
	}
	r := x[0]
	if k.max {
		for _, v := range x[1:] {
			r = max(r, v)
		}
		return r
	}
	for _, v := range x[1:] {
		r = min(r, v)
	}
	return r
}

func (k extremeM[T]) join(a, b T) T {
	if k.max {
		return max(a, b)
	}
	return min(a, b)
}

func (k extremeM[T]) rows(acc, x []T) {
	x = x[:len(acc)]
	if k.max {
		for i := range acc {
			acc[i] = max(acc[i], x[i])
		}
		return
	}
	for i := range acc {
		acc[i] = min(acc[i], x[i])
	}
}

// sqdevM sums squared deviations from m.
type sqdevM[T nd.Float] struct{ m T }

func (k sqdevM[T]) leaf(x []T) T {
	var r T
	for _, v := range x {
		d := v - k.m
		r += d * d
	}
	return r
}

func (sqdevM[T]) join(a, b T) T { return a + b }

func (k sqdevM[T]) rows(acc, x []T) {
	x = x[:len(acc)]
	for i := range acc {
		d := x[i] - k.m
		acc[i] += d * d
	}
}

// reducer reduces one run of n elements (from off, stride s) to an R; par
// and buf as for tree.
//
// Reducers that are a monoid also have a column form, for reducing along
// an axis that is not the one memory runs along: cols joins a whole row
// of the reduced axis into acc (so every output advances at once, reading
// memory in order) and reports whether the reducer has that form; done
// finishes an output from its joined value and the axis length.
type reducer[T, R nd.Number] interface {
	row(data []T, off, n, s, par int, buf []T) R
	cols(acc, x []T) bool
	done(v T, n int) R
}

// treeR reduces a run with a monoid.
type treeR[T nd.Number, K monoid[T]] struct{ k K }

func (r treeR[T, K]) row(data []T, off, n, s, par int, buf []T) T {
	return tree(r.k, data, off, n, s, par, buf)
}

func (r treeR[T, K]) cols(acc, x []T) bool {
	r.k.rows(acc, x)
	return true
}

func (treeR[T, K]) done(v T, _ int) T { return v }

// meanR is the pairwise sum divided by n (NaN for n = 0).
type meanR[T nd.Float] struct{}

func (meanR[T]) row(data []T, off, n, s, par int, buf []T) T {
	return tree(sumM[T]{}, data, off, n, s, par, buf) / T(n)
}

func (meanR[T]) cols(acc, x []T) bool {
	sumM[T]{}.rows(acc, x)
	return true
}

func (meanR[T]) done(v T, n int) T { return v / T(n) }

// varR is the variance in two passes, as NumPy computes it: the mean, then
// the pairwise sum of squared deviations divided by max(n-ddof, 0); the
// standard deviation with std set.
type varR[T nd.Float] struct {
	ddof int
	std  bool
}

func (r varR[T]) row(data []T, off, n, s, par int, buf []T) T {
	m := tree(sumM[T]{}, data, off, n, s, par, buf) / T(n)
	v := tree(sqdevM[T]{m}, data, off, n, s, par, buf) / T(max(n-r.ddof, 0))
	if r.std {
		v = T(math.Sqrt(float64(v)))
	}
	return v
}

func (varR[T]) cols(_, _ []T) bool { return false }
func (varR[T]) done(v T, _ int) T  { return v }

// argR is the index of the first smallest (largest, with max) element, or
// of the first NaN if there is one, as NumPy's argmin and argmax.
type argR[T nd.Real] struct{ max bool }

func (r argR[T]) row(data []T, off, n, s, _ int, buf []T) int {
	best, bv := 0, data[off]
	for c := 0; c < n; c += chunk {
		x := gather(buf, data, off+c*s, s, min(chunk, n-c))
		for i, v := range x {
			switch {
			case v != v:
				return c + i
			case r.max && v > bv, !r.max && v < bv:
				best, bv = c+i, v
			}
		}
	}
	return best
}

func (argR[T]) cols(_, _ []T) bool { return false }
func (argR[T]) done(T, int) int    { return 0 }

// reduceAll reduces every element of a. Order-free reductions (all but the
// arg ones) read dense arrays of either layout in storage order; strided
// arrays whose elements form one evenly spaced run are read in place;
// other views are first copied, row-major, to the Go heap.
func reduceAll[T, R nd.Number, K reducer[T, R]](name string, k K, a *nd.Array[T], orderFree, needsElements bool) (R, error) {
	var zero R
	if err := a.Err(); err != nil {
		return zero, fmt.Errorf("ops: %s: %w", name, err)
	}
	n := a.Size()
	if n == 0 && needsElements {
		return zero, fmt.Errorf("ops: %s: %w: zero-size array %v has no %s", name, nd.ErrShape, a.Shape(), name)
	}
	if l := a.Layout(); l == nd.RowMajor || (l == nd.ColMajor && orderFree) {
		data, off, _ := a.Storage()
		return k.row(data, off, n, 1, workers(n), nil), nil
	}
	var l loop
	l.ndim = a.NDim()
	for i := range l.ndim {
		l.shape[i] = a.Dim(i)
	}
	data := bind(&l, 0, a)
	l.compact(false)
	if l.ndim == 1 {
		sc := scratchPool.Get().(*scratch)
		defer scratchPool.Put(sc)
		return k.row(data, l.off[0], n, l.str[0][0], 1, scratchOf[T](sc, 0)), nil
	}
	c, err := a.Clone()
	if err != nil {
		return zero, fmt.Errorf("ops: %s: copying a strided view: %w", name, err)
	}
	defer c.Free()
	return k.row(dense(c), 0, n, 1, workers(n), nil), nil
}

// reduceAxis validates and reduces a along ax into dst (which newAxis
// allocates or the caller gives). Nothing is written unless all is well.
func reduceAxis[T, R nd.Number, K reducer[T, R]](name string, k K, dst *nd.Array[R], a *nd.Array[T], ax AxisSpec, needsElements bool) error {
	if err := a.Err(); err != nil {
		return fmt.Errorf("ops: %s: %w", name, err)
	}
	if err := dst.Err(); err != nil {
		return fmt.Errorf("ops: %s: %w", name, err)
	}
	if err := dst.Writable(); err != nil {
		return fmt.Errorf("ops: %s: %w", name, err)
	}
	axis, err := checkAxis(name, a, ax)
	if err != nil {
		return err
	}
	// dst's shape must be a's with the axis dropped (or kept as 1).
	ok := dst.NDim() == a.NDim()-1
	if ax.keep {
		ok = dst.NDim() == a.NDim() && dst.Dim(axis) == 1
	}
	for i, j := 0, 0; ok && i < a.NDim(); i++ {
		if i == axis {
			if ax.keep {
				j++
			}
			continue
		}
		ok = dst.Dim(j) == a.Dim(i)
		j++
	}
	if !ok {
		return fmt.Errorf("ops: %s: %w: reducing %v along axis %d (keepdims %v) does not give dst shape %v",
			name, nd.ErrShape, a.Shape(), axis, ax.keep, dst.Shape())
	}
	n := a.Dim(axis)
	if dst.Size() == 0 {
		return nil
	}
	if n == 0 && needsElements {
		return fmt.Errorf("ops: %s: %w: cannot reduce %v along its empty axis %d", name, nd.ErrShape, a.Shape(), axis)
	}
	var l loop
	dd, doff, dstr := dst.Storage()
	ad, aoff, astr := a.Storage()
	l.nops, l.off[0], l.off[1] = 2, doff, aoff
	for i, j := 0, 0; i < a.NDim(); i++ {
		if i == axis {
			continue
		}
		l.shape[j], l.str[1][j] = a.Dim(i), astr[i]
		if ax.keep {
			l.str[0][j] = dstr[i]
		} else {
			l.str[0][j] = dstr[j]
		}
		j++
	}
	l.ndim = a.NDim() - 1
	l.compact(true)
	s := astr[axis]
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	buf := scratchOf[T](sc, 0)
	in := l.ndim - 1
	m, ds, as := l.shape[in], l.str[0][in], l.str[1][in]
	columnar := s != 1 && as == 1 && n > 0 && m > 1 && k.cols(nil, nil)
	tot, blk := scratchOf[T](sc, 1), scratchOf[T](sc, 2)
	var idx [MaxDims]int
	off := l.off
	for {
		if columnar {
			for j := 0; j < m; j += len(tot) {
				c := min(len(tot), m-j)
				columns(k, tot[:c], blk[:c], ad, off[1]+j, n, s)
				for i, v := range tot[:c] {
					dd[off[0]+(j+i)*ds] = k.done(v, n)
				}
			}
		} else {
			for j := range m {
				dd[off[0]+j*ds] = k.row(ad, off[1]+j*as, n, s, 1, buf)
			}
		}
		if !l.advance(&idx, &off) {
			return nil
		}
	}
}

// colBlock is the number of rows columns joins one after another before
// joining the block into the total.
const colBlock = 128

// columns reduces len(tot) neighbouring outputs at once: n rows of the
// reduced axis, each len(tot) dense elements from off (the next row s
// further), joined in blocks of colBlock rows whose results are joined
// into tot. For sums that bounds the error by
// (colBlock + n/colBlock)·ε·Σ|xᵢ|.
func columns[T, R nd.Number, K reducer[T, R]](k K, tot, blk, data []T, off, n, s int) {
	c := len(tot)
	for b := 0; b < n; b += colBlock {
		acc := tot
		if b > 0 {
			acc = blk
		}
		copy(acc, data[off+b*s:off+b*s+c])
		for r := b + 1; r < min(b+colBlock, n); r++ {
			k.cols(acc, data[off+r*s:off+r*s+c])
		}
		if b > 0 {
			k.cols(tot, blk)
		}
	}
}

// checkAxis normalises ax's axis for a.
func checkAxis[T nd.Number](name string, a *nd.Array[T], ax AxisSpec) (int, error) {
	axis := ax.axis
	if axis < 0 {
		axis += a.NDim()
	}
	if axis < 0 || axis >= a.NDim() {
		return 0, fmt.Errorf("ops: %s: %w: axis %d out of range for shape %v", name, nd.ErrShape, ax.axis, a.Shape())
	}
	return axis, nil
}

// newAxis allocates the result of reducing a along ax and fills it.
func newAxis[T, R nd.Number, K reducer[T, R]](name string, k K, a *nd.Array[T], ax AxisSpec, needsElements bool, opts []nd.Option) (*nd.Array[R], error) {
	if err := a.Err(); err != nil {
		return nil, fmt.Errorf("ops: %s: %w", name, err)
	}
	axis, err := checkAxis(name, a, ax)
	if err != nil {
		return nil, err
	}
	shape := a.Shape()
	if ax.keep {
		shape[axis] = 1
	} else {
		shape = append(shape[:axis], shape[axis+1:]...)
	}
	dst, err := nd.Empty[R](shape, opts...)
	if err != nil {
		return nil, fmt.Errorf("ops: %s: %w", name, err)
	}
	if err := reduceAxis(name, k, dst, a, ax, needsElements); err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// Sum returns the sum of a's elements (0 for none). Floats are added
// pairwise in blocks (see the package documentation for the error bound);
// integers wrap around in T (NumPy would widen small integer kinds).
func Sum[T nd.Number](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Sum", treeR[T, sumM[T]]{}, a, true, false)
}

// SumAxis returns the sums along an axis.
//
//	colSums, err := ops.SumAxis(m, ops.Axis(0), nd.With(arena))
func SumAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("SumAxis", treeR[T, sumM[T]]{}, a, ax, false, opts)
}

// SumAxisInto stores the sums along an axis in dst, whose shape must be
// the one SumAxis would return.
func SumAxisInto[T nd.Number](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("SumAxisInto", treeR[T, sumM[T]]{}, dst, a, ax, false)
}

// Prod returns the product of a's elements (1 for none).
func Prod[T nd.Number](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Prod", treeR[T, prodM[T]]{}, a, true, false)
}

// ProdAxis returns the products along an axis.
func ProdAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("ProdAxis", treeR[T, prodM[T]]{}, a, ax, false, opts)
}

// ProdAxisInto stores the products along an axis in dst.
func ProdAxisInto[T nd.Number](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("ProdAxisInto", treeR[T, prodM[T]]{}, dst, a, ax, false)
}

// Min returns the smallest element, NaN if there is a NaN (as NumPy's
// min); an empty array is an error wrapping nd.ErrShape.
func Min[T nd.Real](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Min", treeR[T, extremeM[T]]{}, a, true, true)
}

// MinAxis returns the minima along an axis.
func MinAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("MinAxis", treeR[T, extremeM[T]]{}, a, ax, true, opts)
}

// MinAxisInto stores the minima along an axis in dst.
func MinAxisInto[T nd.Real](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("MinAxisInto", treeR[T, extremeM[T]]{}, dst, a, ax, true)
}

// Max returns the largest element, NaN if there is a NaN; an empty array
// is an error wrapping nd.ErrShape.
func Max[T nd.Real](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Max", treeR[T, extremeM[T]]{extremeM[T]{max: true}}, a, true, true)
}

// MaxAxis returns the maxima along an axis.
func MaxAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("MaxAxis", treeR[T, extremeM[T]]{extremeM[T]{max: true}}, a, ax, true, opts)
}

// MaxAxisInto stores the maxima along an axis in dst.
func MaxAxisInto[T nd.Real](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("MaxAxisInto", treeR[T, extremeM[T]]{extremeM[T]{max: true}}, dst, a, ax, true)
}

// ArgMin returns the row-major (flat) index of the first smallest element,
// or of the first NaN; an empty array is an error wrapping nd.ErrShape.
func ArgMin[T nd.Real](a *nd.Array[T]) (int, error) {
	return reduceAll[T, int]("ArgMin", argR[T]{}, a, false, true)
}

// ArgMinAxis returns the indices along an axis of the first minima.
func ArgMinAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[int], error) {
	return newAxis[T, int]("ArgMinAxis", argR[T]{}, a, ax, true, opts)
}

// ArgMinAxisInto stores the indices along an axis of the first minima in
// dst.
func ArgMinAxisInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("ArgMinAxisInto", argR[T]{}, dst, a, ax, true)
}

// ArgMax returns the row-major (flat) index of the first largest element,
// or of the first NaN; an empty array is an error wrapping nd.ErrShape.
func ArgMax[T nd.Real](a *nd.Array[T]) (int, error) {
	return reduceAll[T, int]("ArgMax", argR[T]{max: true}, a, false, true)
}

// ArgMaxAxis returns the indices along an axis of the first maxima.
func ArgMaxAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[int], error) {
	return newAxis[T, int]("ArgMaxAxis", argR[T]{max: true}, a, ax, true, opts)
}

// ArgMaxAxisInto stores the indices along an axis of the first maxima in
// dst.
func ArgMaxAxisInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("ArgMaxAxisInto", argR[T]{max: true}, dst, a, ax, true)
}

// Mean returns the arithmetic mean, the pairwise sum over n (NaN for an
// empty array, as NumPy gives with a warning).
func Mean[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Mean", meanR[T]{}, a, true, false)
}

// MeanAxis returns the means along an axis.
func MeanAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("MeanAxis", meanR[T]{}, a, ax, false, opts)
}

// MeanAxisInto stores the means along an axis in dst.
func MeanAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("MeanAxisInto", meanR[T]{}, dst, a, ax, false)
}

// Var returns the variance Σ(x-mean)²/(n-ddof), computed in two passes as
// NumPy does (ddof 0: population variance; 1: the unbiased sample
// estimate). n-ddof ≤ 0 divides by zero: +Inf, or NaN for an empty array.
func Var[T nd.Float](a *nd.Array[T], ddof int) (T, error) {
	return reduceAll[T, T]("Var", varR[T]{ddof: ddof}, a, true, false)
}

// VarAxis returns the variances along an axis.
func VarAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("VarAxis", varR[T]{ddof: ddof}, a, ax, false, opts)
}

// VarAxisInto stores the variances along an axis in dst.
func VarAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec, ddof int) error {
	return reduceAxis("VarAxisInto", varR[T]{ddof: ddof}, dst, a, ax, false)
}

// Std returns the standard deviation, the square root of Var.
func Std[T nd.Float](a *nd.Array[T], ddof int) (T, error) {
	return reduceAll[T, T]("Std", varR[T]{ddof: ddof, std: true}, a, true, false)
}

// StdAxis returns the standard deviations along an axis.
func StdAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("StdAxis", varR[T]{ddof: ddof, std: true}, a, ax, false, opts)
}

// StdAxisInto stores the standard deviations along an axis in dst.
func StdAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec, ddof int) error {
	return reduceAxis("StdAxisInto", varR[T]{ddof: ddof, std: true}, dst, a, ax, false)
}
