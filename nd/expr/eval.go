package expr

import (
	"github.com/numgo/numgo/internal/errtext"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// The thresholds from which an evaluation splits its blocks across
// goroutines, in elements, by the kind of work per element (its program's
// slowest instruction), unless SetParallelThreshold sets one for all. They
// were measured on the project's 2-core machine, quiet (load 1.2), with
// two goroutines against one by the wall clock (bench/cmd/expr's sweep
// from 16Ki to 4Mi elements): each is the least power of two at which two
// goroutines were faster than one in two runs. The split began to pay
// from about 50 µs of one goroutine's work for compute-bound programs, and
// from about 150 µs for memory-bound ones, which gain less from a second
// core.
const (
	// streamThreshold is for asm's arithmetic only (+ - * /, the
	// multiply-adds, the scalar forms, Maximum, Minimum, the roundings):
	// memory-bound work, about 0.5-1 ns an element at 16M.
	streamThreshold = 1 << 18
	// mathThreshold is for programs with one of asm's math kernels (Sqrt,
	// Exp, Log, Pow, Sin, ...).
	mathThreshold = 1 << 17
	// loopThreshold is for programs with a Go loop per element (Where,
	// the comparisons and logical operations, Neg, Abs, x/s, s-x, s/x):
	// about 2 ns an element.
	loopThreshold = 1 << 15
	// streamReduceThreshold is for Sum, Mean, Min, Max and Count over
	// stream work: they write nothing, so one goroutine reads at the
	// speed of memory, and two gained from 2Mi elements (Sum; Count
	// over a comparison from 512Ki).
	streamReduceThreshold = 1 << 21
)

// minParallel is the least threshold SetParallelThreshold accepts.
const minParallel = 4096

// parThreshold is SetParallelThreshold's setting; 0 for the thresholds
// above.
var parThreshold atomic.Int64

// SetParallelThreshold sets the number of elements from which every
// evaluation splits its work across up to GOMAXPROCS goroutines (never
// below 4096) and returns the previous setting; math.MaxInt turns
// splitting off, and 0 gives back the default, the threshold of each kind
// of work as measured on two cores (from 32Ki elements for programs with a
// Go loop per element such as Where, 128Ki with a math function, 256Ki for
// arithmetic alone, 2Mi for a reduction of arithmetic):
//
//	defer expr.SetParallelThreshold(expr.SetParallelThreshold(math.MaxInt))
//
// Splitting never changes a result: element-wise blocks are independent,
// and reductions are cut where their pairwise tree is cut. The goroutines
// cost a few small heap allocations per evaluation, so only evaluations
// below the threshold allocate nothing.
func SetParallelThreshold(elements int) int {
	if elements > 0 {
		elements = max(elements, minParallel)
	}
	return int(parThreshold.Swap(int64(max(elements, 0))))
}

// workers is how many goroutines an evaluation of n elements uses, for
// work whose own threshold is t (the setting of SetParallelThreshold
// takes its place when there is one).
func workers(n, t int) int {
	if s := parThreshold.Load(); s != 0 {
		t = int(min(s, math.MaxInt))
	}
	if n < t || t == math.MaxInt {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), n/(t/2)))
}

// live checks that every leaf (and dst, when given) may be used.
func (p *program[T]) live(name string, dst *nd.Array[T]) error {
	for i, a := range p.leaves {
		if err := a.Err(); err != nil {
			return errtext.Errorf("expr: %s: leaf %d: %w", name, i+1, err)
		}
	}
	if dst == nil {
		return nil
	}
	err := dst.Err()
	if err == nil {
		err = dst.Writable()
	}
	if err != nil {
		return errtext.Errorf("expr: %s: dst: %w", name, err)
	}
	return nil
}

// Eval computes x into a new array of the leaves' broadcast shape from the
// options' allocator (mem.Default unless nd.With names another). The
// result is column-major when every leaf of that shape is (a transposed
// matrix), so that all operands are read in storage order; nd.WithLayout
// among opts decides otherwise. On error nothing is allocated.
//
//	r, err := expr.Eval(a.Mul(b).Add(c), nd.With(arena))
func Eval[T nd.Float](x X[T], opts ...nd.Option) (*nd.Array[T], error) {
	x, done, err := prepare("Eval", x)
	if err != nil {
		return nil, err
	}
	defer done()
	p, err := compiled("Eval", x)
	if err != nil {
		return nil, err
	}
	if err := p.live("Eval", nil); err != nil {
		return nil, err
	}
	if p.colMajor() {
		opts = append([]nd.Option{nd.WithLayout(nd.ColMajor)}, opts...)
	}
	dst, err := nd.Empty[T](p.shape, opts...)
	if err != nil {
		return nil, errtext.Errorf("expr: Eval: %w", err)
	}
	p.into(dst)
	return dst, nil
}

// colMajor reports whether every leaf of the full shape (at least one, of
// two or more dimensions) is column-major and not also row-major.
func (p *program[T]) colMajor() bool {
	found := false
	for _, a := range p.leaves {
		if a.NDim() != len(p.shape) || a.Size() != p.size {
			continue
		}
		if a.NDim() < 2 || a.Layout() != nd.ColMajor {
			return false
		}
		found = true
	}
	return found
}

// EvalInto computes x into dst, to whose shape the leaves must broadcast.
// It allocates nothing once x has been evaluated before (see the package
// documentation), unless dst overlaps a leaf other than as the very same
// view: then the result is computed into a temporary array (mem.Default)
// and copied, so that no element is read after it was written. dst may be
// a leaf itself (in place: expr.EvalInto(a, expr.Var(a).Mul(s))). On
// error dst is untouched.
func EvalInto[T nd.Float](dst *nd.Array[T], x X[T]) error {
	x, done, err := prepare("EvalInto", x)
	if err != nil {
		return err
	}
	defer done()
	p, err := compiled("EvalInto", x)
	if err != nil {
		return err
	}
	if err := p.live("EvalInto", dst); err != nil {
		return err
	}
	if !p.fits(dst) {
		return errtext.Errorf("expr: EvalInto: %w: shape %v does not broadcast to dst shape %v", nd.ErrShape, p.shape, dst.Shape())
	}
	if p.overlap(dst) == nd.Partial {
		return viaTemporary(dst, p.into)
	}
	p.into(dst)
	return nil
}

// viaTemporary runs f into a temporary array of dst's shape (mem.Default)
// and copies the result into dst: the way to write a dst that shares
// memory with a leaf.
func viaTemporary[T nd.Float](dst *nd.Array[T], f func(*nd.Array[T])) error {
	tmp, err := nd.Empty[T](dst.Shape())
	if err != nil {
		return errtext.Errorf("expr: a temporary for a dst that overlaps a leaf: %w", err)
	}
	defer tmp.Free()
	f(tmp)
	return nd.Copy(dst, tmp)
}

// fits reports whether the program's shape broadcasts to dst's without
// changing it.
func (p *program[T]) fits(dst *nd.Array[T]) bool {
	shift := dst.NDim() - len(p.shape)
	if shift < 0 {
		return false
	}
	for j, d := range p.shape {
		if d != 1 && d != dst.Dim(j+shift) {
			return false
		}
	}
	return true
}

// overlap is how dst's memory relates to the leaves': Partial if it
// shares memory with one in any way but as the very same view, Same if it
// is one of them, Disjoint otherwise (nd.Overlaps).
func (p *program[T]) overlap(dst *nd.Array[T]) nd.Overlap {
	o := nd.Disjoint
	for _, a := range p.leaves {
		switch nd.Overlaps(dst, a) {
		case nd.Partial:
			return nd.Partial
		case nd.Same:
			o = nd.Same
		}
	}
	return o
}

// setShapeOf starts w over a's shape.
func setShapeOf[T nd.Float](w *walk, a *nd.Array[T]) {
	*w = walk{ndim: a.NDim()}
	for i := range w.ndim {
		w.shape[i] = a.Dim(i)
	}
}

// bindLeaves starts w over the program's shape with its leaves bound.
func (p *program[T]) bindLeaves(w *walk) {
	w.setShape(p.shape)
	for k, a := range p.leaves {
		bind(w, k, a)
	}
}

// into fills dst, which is live and fits, with the program's values.
func (p *program[T]) into(dst *nd.Array[T]) {
	n := dst.Size()
	if n == 0 {
		return
	}
	s := p.get()
	defer p.put(s)
	w := &s.w
	setShapeOf(w, dst)
	for k, a := range p.leaves {
		bind(w, k, a)
	}
	dk := len(p.leaves)
	bind(w, dk, dst)
	w.compact(true, dk)
	dd, _, _ := dst.Storage()
	if k := workers(n, p.threshold); k > 1 {
		p.split(w, dd, n, k)
		return
	}
	p.blocks(s, w, dd, 0, n)
}

// split runs blocks over k ranges of [0, n) on k goroutines, cut at
// multiples of a block so that no two goroutines write one cache line,
// and returns the sum of their counts.
func (p *program[T]) split(w *walk, dst []T, n, k int) int {
	b := block[T]()
	size := (n/k + b - 1) / b * b
	var wg sync.WaitGroup
	var total atomic.Int64
	for lo := 0; lo < n; lo += size {
		wg.Go(func() {
			s := p.get()
			total.Add(int64(p.blocks(s, w, dst, lo, min(lo+size, n))))
			p.put(s)
		})
	}
	wg.Wait()
	return int(total.Load())
}

// blocks computes positions [lo, hi) of walk w block by block into dst
// (the destination's buffer, operand len(p.leaves) of w) and returns 0;
// with a nil dst it returns the number of non-zero values instead. Rows
// long enough are cut at their ends, so that dense operands are used in
// place; short rows are gathered several to a block.
func (p *program[T]) blocks(s *scratch[T], w *walk, dst []T, lo, hi int) int {
	b := block[T]()
	dk := len(p.leaves)
	rows := w.inner() >= b/2
	if rows && dst != nil && p.unblocked && w.unitRows() {
		b = hi - lo // every block is in place, as long as its row
	}
	// A destination as large as asm's kernels write with non-temporal
	// stores is written so here too, block by block (see asm's package
	// documentation): its lines are not read first, and it does not evict
	// the leaves.
	nt := dst != nil && w.size()*int(unsafe.Sizeof(T(0))) >= asm.NonTemporalThreshold()
	count := 0
	var idx [maxDims]int
	for pos := lo; pos < hi; {
		w.locate(pos, &idx)
		n := min(b, hi-pos)
		if rows {
			n = min(n, w.inner()-idx[w.ndim-1])
		}
		p.load(s, w, pos, n, &idx)
		if dst == nil {
			count += p.count(s, n)
			pos += n
			continue
		}
		out, direct := span(w, dk, dst, &idx, n)
		if !direct {
			out = s.out[:n]
		}
		s.stream = nt && direct
		v := p.exec(s, n, out)
		s.stream = false
		switch {
		case !direct:
			move(w, dk, dst, v, &idx, n, false)
		case unsafe.SliceData(v) != unsafe.SliceData(out):
			copy(out, v)
		}
		pos += n
	}
	return count
}

// Count returns the number of elements of x that are not zero (NaN
// counts), NumPy's count_nonzero, and mask.sum() for a comparison:
//
//	n, err := expr.Count(expr.Var(a).Gt(expr.Const(0.0)))
func Count[T nd.Float](x X[T]) (int, error) {
	x, done, err := prepare("Count", x)
	if err != nil {
		return 0, err
	}
	defer done()
	p, err := compiled("Count", x)
	if err != nil {
		return 0, err
	}
	if err := p.live("Count", nil); err != nil {
		return 0, err
	}
	if p.size == 0 {
		return 0, nil
	}
	s := p.get()
	defer p.put(s)
	w := &s.w
	p.bindLeaves(w)
	w.compact(true, 0)
	if k := workers(p.size, p.countThreshold); k > 1 {
		return p.split(w, nil, p.size, k), nil
	}
	return p.blocks(s, w, nil, 0, p.size), nil
}
