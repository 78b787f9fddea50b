package expr

import (
	"github.com/numgo/numgo/internal/errtext"
	"sync"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
	"github.com/numgo/numgo/nd/ops"
)

// colBlock is the number of rows ops' column reductions join one after
// another before joining the block into the total; the fused column
// reductions keep it, and with it ops' results.
const colBlock = 128

// tree reduces the n values from flat position pos of walk w (in its
// row-major order) with ops' pairwise tree: halved where ops halves, and
// each run of at most a block computed once into the scratch area and
// reduced there, so that no value of x is ever stored in full. With
// par > 1 the halves of the top levels run on par goroutines; the cuts,
// and so the result, do not depend on par.
func (p *program[T]) tree(s *scratch[T], w *walk, r reduction, pos, n, par int) T {
	if x, y, ok := p.denseProduct(w, r, pos, n); ok && par <= 1 {
		return treeMul(x, y)
	}
	if n <= block[T]() {
		if k := len(p.code) - 1; k >= 0 && p.code[k].op == blockop.Mul && (r == redSum || r == redMean) {
			// A sum of products: the products are summed as they are
			// made (asm.MulSum: Sum's order over Mul's results), never
			// stored.
			var idx [maxDims]int
			w.locate(pos, &idx)
			p.load(s, w, pos, n, &idx)
			p.run(s, p.code[:k], n, nil)
			in := &p.code[k]
			return treeMul(s.operand(in.a, n, nil), s.operand(in.b, n, nil))
		}
		return treeBuf(r, p.values(s, w, pos, n, s.out[:n]))
	}
	h := half(n)
	if par > 1 {
		var left T
		var wg sync.WaitGroup
		wg.Go(func() {
			s2 := p.get()
			left = p.tree(s2, w, r, pos, h, par/2)
			p.put(s2)
		})
		right := p.tree(s, w, r, pos+h, n-h, par-par/2)
		wg.Wait()
		return join(r, left, right)
	}
	return join(r, p.tree(s, w, r, pos, h, 1), p.tree(s, w, r, pos+h, n-h, 1))
}

// denseProduct returns the operands of a program that is one product of
// two leaves, for a sum or a mean, when both are one dense run over the n
// positions from pos: treeMul then reduces them in place, with the cuts
// the blocks would make (the same half at every level), and no block is
// loaded.
func (p *program[T]) denseProduct(w *walk, r reduction, pos, n int) (x, y []T, ok bool) {
	if len(p.code) != 1 || p.code[0].op != blockop.Mul || r != redSum && r != redMean || w.ndim != 1 {
		return nil, nil, false
	}
	in := &p.code[0]
	if in.a.kind != rLeaf || in.b.kind != rLeaf || w.str[in.a.i][0] != 1 || w.str[in.b.i][0] != 1 {
		return nil, nil, false
	}
	xo, yo := w.off[in.a.i]+pos, w.off[in.b.i]+pos
	return p.data[in.a.i][xo : xo+n], p.data[in.b.i][yo : yo+n], true
}

// values computes the n values from flat position pos of w, into out
// unless they are a leaf's own elements, and returns them.
func (p *program[T]) values(s *scratch[T], w *walk, pos, n int, out []T) []T {
	var idx [maxDims]int
	w.locate(pos, &idx)
	p.load(s, w, pos, n, &idx)
	return p.exec(s, n, out)
}

// reduceAll reduces every value of x in one pass.
func reduceAll[T nd.Float](name string, r reduction, x X[T]) (T, error) {
	var zero T
	x, done, err := prepare(name, x)
	if err != nil {
		return zero, err
	}
	defer done()
	p, err := compiled(name, x)
	if err != nil {
		return zero, err
	}
	if err := p.live(name, nil); err != nil {
		return zero, err
	}
	return p.all(name, r)
}

// all reduces every value of the program, whose leaves are live.
func (p *program[T]) all(name string, r reduction) (T, error) {
	var zero T
	if p.root.kind == rLeaf {
		v, err := opsAll(r, p.leaves[p.root.i])
		if err != nil {
			return zero, errtext.Errorf("expr: %s: %w", name, err)
		}
		return v, nil
	}
	n := p.size
	if n == 0 {
		switch r {
		case redMin, redMax:
			return zero, errtext.Errorf("expr: %s: %w: zero-size shape %v has no %s", name, nd.ErrShape, p.shape, name)
		case redMean:
			return zero / zero, nil // NaN, as ops.Mean
		}
		return zero, nil
	}
	s := p.get()
	defer p.put(s)
	w := &s.w
	p.bindLeaves(w)
	w.compact(false, 0)
	v := p.tree(s, w, r, 0, n, workers(n, p.reduceThreshold))
	if r == redMean {
		v /= T(n)
	}
	return v, nil
}

// Sum returns the sum of x's values (0 for none), computed in the same
// pass as the values themselves: Sum(a.Mul(b)) reads a and b once and
// stores no product. The values are added in ops.Sum's pairwise order, so
// the result is that of ops.Sum over the array Eval(x) would return, bit
// for bit (on the same SIMD tier).
func Sum[T nd.Float](x X[T]) (T, error) { return reduceAll("Sum", redSum, x) }

// Mean returns the mean of x's values, their pairwise sum over their
// number (NaN for none), as ops.Mean would over Eval(x):
//
//	variance, err := expr.Mean(x.Sub(expr.Const(m)).Pow(expr.Const(2.0)))
func Mean[T nd.Float](x X[T]) (T, error) { return reduceAll("Mean", redMean, x) }

// Min returns the smallest of x's values, NaN if there is a NaN; no values
// is an error wrapping nd.ErrShape.
func Min[T nd.Float](x X[T]) (T, error) { return reduceAll("Min", redMin, x) }

// Max returns the largest of x's values, NaN if there is a NaN; no values
// is an error wrapping nd.ErrShape.
func Max[T nd.Float](x X[T]) (T, error) { return reduceAll("Max", redMax, x) }

// opsAll reduces one array with ops. An expression that is a single
// array has nothing to fuse, and ops reads a transposed or strided array
// in an order of its own rather than the row-major order of computed
// values; handing it to ops keeps the result ops'.
func opsAll[T nd.Float](r reduction, a *nd.Array[T]) (T, error) {
	switch r {
	case redMean:
		return ops.Mean(a)
	case redMin:
		return ops.Min(a)
	case redMax:
		return ops.Max(a)
	}
	return ops.Sum(a)
}

// opsAxis is opsAll along an axis.
func opsAxis[T nd.Float](r reduction, dst, a *nd.Array[T], ax ops.AxisSpec) error {
	switch r {
	case redMean:
		return ops.MeanAxisInto(dst, a, ax)
	case redMin:
		return ops.MinAxisInto(dst, a, ax)
	case redMax:
		return ops.MaxAxisInto(dst, a, ax)
	}
	return ops.SumAxisInto(dst, a, ax)
}

// axisOf normalises ax's axis for shape. A spec naming several axes is
// refused: the fused reductions take one axis (or all, ops.AllAxes).
func axisOf(name string, shape []int, ax ops.AxisSpec) (int, error) {
	if ax.Several() {
		return 0, errtext.Errorf("expr: %s: %w: one axis at a time (or ops.AllAxes); reduce the others with ops", name, nd.ErrShape)
	}
	axis := ax.Index()
	if axis < 0 {
		axis += len(shape)
	}
	if axis < 0 || axis >= len(shape) {
		return 0, errtext.Errorf("expr: %s: %w: axis %d out of range for shape %v", name, nd.ErrShape, ax.Index(), shape)
	}
	return axis, nil
}

// intoAll reduces every value into dst, which must have one element in
// the shape ops gives for AllAxes: 0-d, or the program's dimensions all 1
// with kept set.
func (p *program[T]) intoAll(name string, r reduction, dst *nd.Array[T], kept bool) error {
	ok := dst.NDim() == 0
	if kept {
		ok = dst.NDim() == len(p.shape) && dst.Size() == 1
	}
	if !ok {
		return errtext.Errorf("expr: %s: %w: reducing %v along every axis (keepdims %v) does not give dst shape %v", name, nd.ErrShape, p.shape, kept, dst.Shape())
	}
	v, err := p.all(name, r)
	if err != nil {
		return err
	}
	data, off, _ := dst.Storage()
	data[off] = v
	return nil
}

// reduceAxis reduces x along ax into dst, validating first: nothing is
// written unless all is well.
func reduceAxis[T nd.Float](name string, r reduction, dst *nd.Array[T], p *program[T], ax ops.AxisSpec) error {
	if err := p.live(name, dst); err != nil {
		return err
	}
	if ax.All() {
		return p.intoAll(name, r, dst, ax.Kept())
	}
	axis, err := axisOf(name, p.shape, ax)
	if err != nil {
		return err
	}
	// dst's shape must be the program's with the axis dropped (or kept as 1).
	ok := dst.NDim() == len(p.shape)-1
	if ax.Kept() {
		ok = dst.NDim() == len(p.shape) && dst.Dim(axis) == 1
	}
	for i, j := 0, 0; ok && i < len(p.shape); i++ {
		if i == axis {
			if ax.Kept() {
				j++
			}
			continue
		}
		ok = dst.Dim(j) == p.shape[i]
		j++
	}
	if !ok {
		return errtext.Errorf("expr: %s: %w: reducing %v along axis %d (keepdims %v) does not give dst shape %v",
			name, nd.ErrShape, p.shape, axis, ax.Kept(), dst.Shape())
	}
	if dst.Size() == 0 {
		return nil
	}
	n := p.shape[axis]
	if n == 0 && (r == redMin || r == redMax) {
		return errtext.Errorf("expr: %s: %w: cannot reduce %v along its empty axis %d", name, nd.ErrShape, p.shape, axis)
	}
	if p.root.kind == rLeaf {
		if err := opsAxis(r, dst, p.leaves[p.root.i], ax); err != nil {
			return errtext.Errorf("expr: %s: %w", name, err)
		}
		return nil
	}
	if p.overlap(dst) != nd.Disjoint {
		return viaTemporary(dst, func(tmp *nd.Array[T]) { p.axis(r, tmp, axis, ax.Kept()) })
	}
	p.axis(r, dst, axis, ax.Kept())
	return nil
}

// axis reduces along axis into dst, which is valid and shares no memory
// with a leaf.
func (p *program[T]) axis(r reduction, dst *nd.Array[T], axis int, kept bool) {
	n := p.shape[axis]
	s := p.get()
	defer p.put(s)
	w := &s.w
	dk := len(p.leaves)
	if n == 0 { // every output is the empty sum (or its mean, NaN)
		var v T
		if r == redMean {
			v /= v
		}
		setShapeOf(w, dst)
		bind(w, 0, dst)
		w.compact(false, 0)
		dd, _, _ := dst.Storage()
		fill(w, 0, dd, s.out, v)
		return
	}
	p.bindLeaves(w)
	// dst is one more operand, with stride 0 along the reduced axis.
	_, doff, dstr := dst.Storage()
	w.off[dk], w.nops = doff, dk+1
	for j := range w.ndim {
		switch {
		case j == axis:
			w.str[dk][j] = 0
		case j < axis || kept:
			w.str[dk][j] = dstr[j]
		default:
			w.str[dk][j] = dstr[j-1]
		}
	}
	dd, _, _ := dst.Storage()
	post := 1
	for _, d := range p.shape[axis+1:] {
		post *= d
	}
	if post == 1 { // the axis is the last that is not 1: one tree per output, as ops
		w.moveLast(axis)
		w.compact(false, 0)
		var idx [maxDims]int
		for o := 0; o < p.size; o += n {
			v := p.tree(s, w, r, o, n, 1)
			if r == redMean {
				v /= T(n)
			}
			w.locate(o, &idx)
			dd[w.offset(dk, &idx)] = v
		}
		return
	}
	w.compact(false, 0)
	b := block[T]()
	var idx [maxDims]int
	for i := 0; i < p.size/(n*post); i++ {
		for j := 0; j < post; j += b {
			c := min(b, post-j)
			p.columns(s, w, r, (i*n)*post+j, c, n, post)
			tot := s.acc[:c]
			if r == redMean {
				for k := range tot {
					tot[k] /= T(n)
				}
			}
			w.locate(i*n*post+j, &idx)
			move(w, dk, dd, tot, &idx, c, false)
		}
	}
}

// columns reduces c neighbouring outputs at once into s.acc, as ops'
// column reductions do: the n rows of the reduced axis (the c values at
// pos, the next row stride further on), joined in blocks of colBlock rows
// whose results are joined into the total.
func (p *program[T]) columns(s *scratch[T], w *walk, r reduction, pos, c, n, stride int) {
	tot, blk := s.acc[:c], s.blk[:c]
	for b := 0; b < n; b += colBlock {
		acc := tot
		if b > 0 {
			acc = blk
		}
		if v := p.values(s, w, pos+b*stride, c, acc); &v[0] != &acc[0] {
			copy(acc, v)
		}
		for row := b + 1; row < min(b+colBlock, n); row++ {
			joinRows(r, acc, p.values(s, w, pos+row*stride, c, s.out[:c]))
		}
		if b > 0 {
			joinBlock(r, tot, blk)
		}
	}
}

// fill sets operand k's every element in w to v, through buf.
func fill[T nd.Float](w *walk, k int, data, buf []T, v T) {
	for i := range buf {
		buf[i] = v
	}
	total := 1
	for j := range w.ndim {
		total *= w.shape[j]
	}
	var idx [maxDims]int
	for pos := 0; pos < total; pos += len(buf) {
		n := min(len(buf), total-pos)
		w.locate(pos, &idx)
		move(w, k, data, buf, &idx, n, false)
	}
}

// newAxis allocates the result of reducing x along ax and fills it.
func newAxis[T nd.Float](name string, r reduction, x X[T], ax ops.AxisSpec, opts []nd.Option) (*nd.Array[T], error) {
	x, done, err := prepare(name, x)
	if err != nil {
		return nil, err
	}
	defer done()
	p, err := compiled(name, x)
	if err != nil {
		return nil, err
	}
	var shape []int // every axis reduced: 0-d, or all ones with KeepDims
	if ax.All() && ax.Kept() {
		shape = make([]int, len(p.shape))
		for i := range shape {
			shape[i] = 1
		}
	}
	if !ax.All() {
		axis, err := axisOf(name, p.shape, ax)
		if err != nil {
			return nil, err
		}
		shape = append([]int(nil), p.shape...)
		if ax.Kept() {
			shape[axis] = 1
		} else {
			shape = append(shape[:axis], shape[axis+1:]...)
		}
	}
	if err := p.live(name, nil); err != nil {
		return nil, err
	}
	dst, err := nd.Empty[T](shape, opts...)
	if err != nil {
		return nil, errtext.Errorf("expr: %s: %w", name, err)
	}
	if err := reduceAxis(name, r, dst, p, ax); err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// intoAxis compiles x and reduces it along ax into dst.
func intoAxis[T nd.Float](name string, r reduction, dst *nd.Array[T], x X[T], ax ops.AxisSpec) error {
	x, done, err := prepare(name, x)
	if err != nil {
		return err
	}
	defer done()
	p, err := compiled(name, x)
	if err != nil {
		return err
	}
	return reduceAxis(name, r, dst, p, ax)
}

// SumAxis returns the sums of x's values along an axis, fused as Sum is,
// and equal bit for bit to ops.SumAxis over Eval(x):
//
//	colSums, err := expr.SumAxis(x.Mul(y), ops.Axis(0))
func SumAxis[T nd.Float](x X[T], ax ops.AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis("SumAxis", redSum, x, ax, opts)
}

// SumAxisInto stores the sums along an axis in dst, whose shape must be
// the one SumAxis would return. A dst that shares memory with a leaf is
// filled through a temporary copy.
func SumAxisInto[T nd.Float](dst *nd.Array[T], x X[T], ax ops.AxisSpec) error {
	return intoAxis("SumAxisInto", redSum, dst, x, ax)
}

// MeanAxis returns the means along an axis (NaN along an empty one).
func MeanAxis[T nd.Float](x X[T], ax ops.AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis("MeanAxis", redMean, x, ax, opts)
}

// MeanAxisInto stores the means along an axis in dst.
func MeanAxisInto[T nd.Float](dst *nd.Array[T], x X[T], ax ops.AxisSpec) error {
	return intoAxis("MeanAxisInto", redMean, dst, x, ax)
}

// MinAxis returns the minima along an axis; NaN wins.
func MinAxis[T nd.Float](x X[T], ax ops.AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis("MinAxis", redMin, x, ax, opts)
}

// MinAxisInto stores the minima along an axis in dst.
func MinAxisInto[T nd.Float](dst *nd.Array[T], x X[T], ax ops.AxisSpec) error {
	return intoAxis("MinAxisInto", redMin, dst, x, ax)
}

// MaxAxis returns the maxima along an axis; NaN wins.
func MaxAxis[T nd.Float](x X[T], ax ops.AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis("MaxAxis", redMax, x, ax, opts)
}

// MaxAxisInto stores the maxima along an axis in dst.
func MaxAxisInto[T nd.Float](dst *nd.Array[T], x X[T], ax ops.AxisSpec) error {
	return intoAxis("MaxAxisInto", redMax, dst, x, ax)
}
