package ops

import (
	"errors"
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
	"math"
	"math/bits"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// ErrOverflow is wrapped by the error of a sum or product of integers
// whose result does not fit the kind it is returned in. NumPy adds and
// multiplies every integer kind in 64 bits (int64, or uint64 for unsigned
// kinds) and returns that kind; a Go function returns T, so Sum, Prod and
// their allocating axis forms compute in 64 bits as NumPy does and report
// a result T cannot hold instead of wrapping it around. The error names
// the form that gives the full result: SumAxisInto or ProdAxisInto with an
// int64 (uint64) dst, and AllAxes for the whole array.
var ErrOverflow = errors.New("ops: integer overflow")

// AxisSpec names the axes a reduction runs along and whether the result
// keeps them; make one with Axis or AllAxes.
type AxisSpec struct {
	axis      int
	keep, all bool
	more      axisSet // the further axes of Axis(i, j, ...); see axes.go
}

// Axis reduces along axis i, and along the further axes more at once
// (NumPy's axis=(i, j, ...)); a negative axis counts from the end. The
// result drops the axes, as NumPy's keepdims=False:
//
//	colSums, err := ops.SumAxis(m, ops.Axis(0))             // shape [cols]
//	rowMeans, err := ops.MeanAxis(m, ops.Axis(1).KeepDims()) // shape [rows 1]
//	planeMax, err := ops.MaxAxis(cube, ops.Axis(1, 2))       // shape [depth]
func Axis(i int, more ...int) AxisSpec {
	s := AxisSpec{axis: i}
	for _, j := range more {
		s.more.add(j)
	}
	return s
}

// AllAxes reduces over every axis, as NumPy's axis=None: the result is
// 0-dimensional (with KeepDims, every axis is kept with length 1). It is
// how an ...Into form gives a whole-array reduction in a kind of the
// caller's choosing, such as NumPy's uint64 sum of bytes:
//
//	total, _ := nd.Empty[uint64](nil)
//	err := ops.SumAxisInto(total, bytes, ops.AllAxes()) // total.At() is the sum
func AllAxes() AxisSpec { return AxisSpec{all: true} }

// KeepDims keeps the reduced axis with length 1, so that the result
// broadcasts against the input (NumPy's keepdims=True).
func (s AxisSpec) KeepDims() AxisSpec {
	s.keep = true
	return s
}

// Index returns the axis as given to Axis (negative counts from the
// end), for reductions outside this package (nd/expr) to honour a spec;
// 0 for AllAxes (see All). It is the first axis of a spec naming several
// (see Several).
func (s AxisSpec) Index() int { return s.axis }

// Kept reports whether the spec keeps the reduced axis (KeepDims).
func (s AxisSpec) Kept() bool { return s.keep }

// All reports whether the spec reduces every axis (AllAxes).
func (s AxisSpec) All() bool { return s.all }

// leafSize is the block a pairwise sum adds directly (with several
// vector accumulators in asm for floats); longer runs are halved.
const leafSize = 256

// monoid is an associative reduction of elements of T in an accumulator
// of kind A over dense blocks: leaf reduces at most leafSize elements (at
// least one, for min and max), join combines two partial results.
type monoid[T, A nd.Number] interface {
	leaf(x []T) A
	join(a, b A) A
}

// rowJoiner joins whole rows element by element: load sets acc from x,
// rows joins k rows of x into acc in order (row r from x[r*s], len(acc)
// elements), join combines two partial results (see columns).
type rowJoiner[T, A nd.Number] interface {
	load(acc []A, x []T)
	rows(acc []A, x []T, s, k int)
	join(a, b A) A
}

// eachRow calls f on the k rows of x that a rowJoiner's rows joins into
// acc, for the joiners without a kernel that takes several rows.
func eachRow[T, A any](acc []A, x []T, s, k int, f func(acc []A, row []T)) {
	for r := range k {
		f(acc, x[r*s:r*s+len(acc)])
	}
}

// rowMonoid is a monoid that also joins whole rows: the reductions along
// axes of every kind (Sum, Prod, Min, Max, Mean).
type rowMonoid[T, A nd.Number] interface {
	monoid[T, A]
	rowJoiner[T, A]
}

// tree reduces the n elements of data from off with stride s pairwise:
// blocks of at most leafSize, joined up a balanced tree. For a sum that
// bounds the rounding error by (leafSize + ⌈log₂(n/leafSize)⌉)·ε·Σ|xᵢ|
// instead of a left-to-right loop's n·ε·Σ|xᵢ|. With par > 1 (dense runs
// only) the two halves of the top levels run on par goroutines, cut where
// the serial tree cuts, so the result does not depend on par. buf is
// gather space for strided runs.
func tree[T, A nd.Number, K monoid[T, A]](k K, data []T, off, n, s, par int, buf []T) A {
	if n <= leafSize {
		return k.leaf(gather(buf, data, off, s, n))
	}
	h := (n/2 + 7) &^ 7
	if par > 1 {
		return treeShared(k, data, off, n, s, par)
	}
	return k.join(tree[T, A](k, data, off, h, s, 1, buf), tree[T, A](k, data, off+h*s, n-h, s, 1, buf))
}

// treeShared is tree over par goroutines: the nodes a few levels below the
// root (chunksPerWorker or more a goroutine) are reduced by share, then
// joined as tree joins them.
func treeShared[T, A nd.Number, K monoid[T, A]](k K, data []T, off, n, s, par int) A {
	depth := bits.Len(uint(par*chunksPerWorker - 1))
	var at [64][2]int
	nodes := treeNodes(at[:0], off, n, s, depth)
	res := make([]A, len(nodes))
	share(len(nodes), 1, par, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			res[i] = tree[T, A](k, data, nodes[i][0], nodes[i][1], s, 1, nil)
		}
	})
	v, _ := treeJoin(k, res, n, depth)
	return v
}

// treeNodes appends the offsets and lengths of tree's nodes depth levels
// below the node (off, n), in order, or of the leaves above that level.
func treeNodes(nodes [][2]int, off, n, s, depth int) [][2]int {
	if depth == 0 || n <= leafSize {
		return append(nodes, [2]int{off, n})
	}
	h := (n/2 + 7) &^ 7
	return treeNodes(treeNodes(nodes, off, h, s, depth-1), off+h*s, n-h, s, depth-1)
}

// treeJoin joins the results of treeNodes' nodes under a node of n
// elements as tree does, and returns the results it did not use.
func treeJoin[T, A nd.Number, K monoid[T, A]](k K, res []A, n, depth int) (A, []A) {
	if depth == 0 || n <= leafSize {
		return res[0], res[1:]
	}
	h := (n/2 + 7) &^ 7
	a, res := treeJoin[T, A](k, res, h, depth-1)
	b, res := treeJoin[T, A](k, res, n-h, depth-1)
	return k.join(a, b), res
}

// own is the load of monoids whose accumulator is T itself.
type own[T nd.Number] struct{}

func (own[T]) load(acc, x []T) { copy(acc, x) }

// sumM adds floats and complex numbers in their own kind.
type sumM[T nd.Number] struct{ own[T] }

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

// rows adds the rows with asm's AddRows for floats: the same sums, in
// the same order, as one Add per row.
func (sumM[T]) rows(acc, x []T, s, k int) {
	switch kindOf[T]() {
	case kF64:
		asm.AddRows(as[float64](acc), as[float64](x), s, k)
	case kF32:
		asm.AddRows(as[float32](acc), as[float32](x), s, k)
	default:
		eachRow(acc, x, s, k, func(acc, row []T) { arith[T]{op: opAdd}.run(acc, acc, row, nil) })
	}
}

// prodM multiplies floats and complex numbers in their own kind.
type prodM[T nd.Number] struct{ own[T] }

func (prodM[T]) leaf(x []T) T {
	var r T = 1
	for _, v := range x {
		r *= v
	}
	return r
}

func (prodM[T]) join(a, b T) T { return a * b }

func (prodM[T]) rows(acc, x []T, s, k int) {
	eachRow(acc, x, s, k, func(acc, row []T) { arith[T]{op: opMul}.run(acc, acc, row, nil) })
}

// intM adds (with prod, multiplies) integers of any kind in A, NumPy's
// accumulators: uint64 holding every kind's values sign- or zero-extended
// to 64 bits, whose wrapping arithmetic is int64's and uint64's alike (the
// sign is T's; see finish), or float64 for the mean of integers.
type intM[T nd.Number, A uint64 | float64] struct{ prod bool }

func (k intM[T, A]) leaf(x []T) A {
	if k.prod {
		return intRun[A](iProd, nil, x)
	}
	return intRun[A](iSum, nil, x)
}

func (k intM[T, A]) join(a, b A) A {
	if k.prod {
		return a * b
	}
	return a + b
}

func (intM[T, A]) load(acc []A, x []T) { intRun(iLoad, acc, x) }

func (k intM[T, A]) rows(acc []A, x []T, s, n int) {
	op := iAdd
	if k.prod {
		op = iMul
	}
	eachRow(acc, x, s, n, func(acc []A, row []T) { intRun(op, acc, row) })
}

// intOp is what intRun does.
type intOp uint8

const (
	iSum  intOp = iota // return the sum of x
	iProd              // return the product of x
	iLoad              // acc[i] = x[i]
	iAdd               // acc[i] += x[i]
	iMul               // acc[i] *= x[i]
)

// intRun does op on x, an integer kind's elements, as A: x is viewed as the
// built-in integer kind of its size and sign, so that each loop is one
// conversion and one operation per element.
func intRun[A uint64 | float64, T nd.Number](op intOp, acc []A, x []T) A {
	switch signed := signedKind[T](); sizeOf[T]() {
	case 1:
		if signed {
			return intLoop(op, acc, as[int8](x))
		}
		return intLoop(op, acc, as[uint8](x))
	case 2:
		if signed {
			return intLoop(op, acc, as[int16](x))
		}
		return intLoop(op, acc, as[uint16](x))
	case 4:
		if signed {
			return intLoop(op, acc, as[int32](x))
		}
		return intLoop(op, acc, as[uint32](x))
	default:
		if signed {
			return intLoop(op, acc, as[int64](x))
		}
		return intLoop(op, acc, as[uint64](x))
	}
}

func intLoop[A uint64 | float64, I int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](op intOp, acc []A, x []I) A {
	switch op {
	case iSum:
		var r A
		for _, v := range x {
			r += A(v)
		}
		return r
	case iProd:
		var r A = 1
		for _, v := range x {
			r *= A(v)
		}
		return r
	case iLoad:
		x = x[:len(acc)]
		for i := range acc {
			acc[i] = A(x[i])
		}
	case iAdd:
		x = x[:len(acc)]
		for i := range acc {
			acc[i] += A(x[i])
		}
	case iMul:
		x = x[:len(acc)]
		for i := range acc {
			acc[i] *= A(x[i])
		}
	}
	return 0
}

// extremeM is min (or max with max set); NaN wins.
type extremeM[T nd.Real] struct {
	own[T]
	max bool
}

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

// join is NumPy's np.minimum (np.maximum) as its x86 loops compute it:
// a when a is NaN or beats b, else b. Joining rows in order with it keeps
// each column's first NaN, and else the last of its extremes, so the
// sign of a zero extreme is the later row's, as in NumPy's reductions
// along axis 0; the result does not depend on how the rows are grouped.
func (k extremeM[T]) join(a, b T) T {
	if a != a || k.max && a > b || !k.max && a < b {
		return a
	}
	return b
}

// rows joins the rows with join, through asm's MinRows and MaxRows for
// floats.
func (k extremeM[T]) rows(acc, x []T, s, n int) {
	switch kindOf[T]() {
	case kF64:
		if k.max {
			asm.MaxRows(as[float64](acc), as[float64](x), s, n)
		} else {
			asm.MinRows(as[float64](acc), as[float64](x), s, n)
		}
		return
	case kF32:
		if k.max {
			asm.MaxRows(as[float32](acc), as[float32](x), s, n)
		} else {
			asm.MinRows(as[float32](acc), as[float32](x), s, n)
		}
		return
	}
	eachRow(acc, x, s, n, func(acc, row []T) {
		if k.max {
			for i, v := range row {
				acc[i] = max(acc[i], v)
			}
			return
		}
		for i, v := range row {
			acc[i] = min(acc[i], v)
		}
	})
}

// sqdevM sums squared deviations from m.
type sqdevM[T nd.Float] struct{ m T }

// leaf subtracts the mean and adds the squares with asm's kernels for
// floats: the deviations are rounded as NumPy rounds them (x - mean), their
// squares are added with fused multiply-adds (one rounding fewer than
// NumPy's square then add).
func (k sqdevM[T]) leaf(x []T) T {
	var buf [leafSize]T
	if kindOf[T]() == kF32 {
		return bitsAs[T](sqdev(as[float32](buf[:len(x)]), as[float32](x), bitsAs[float32](k.m)))
	}
	return bitsAs[T](sqdev(as[float64](buf[:len(x)]), as[float64](x), bitsAs[float64](k.m)))
}

func (sqdevM[T]) join(a, b T) T { return a + b }

// sqdev returns the sum of (x[i] - m)² through d, scratch of len(x).
func sqdev[F asm.Float](d, x []F, m F) F {
	asm.AddScalar(d, x, -m) // x + (-m) is x - m exactly
	return asm.Dot(d, d)
}

// accReducer reduces runs of elements of T in an accumulator A and
// finishes each result as an R. row reduces one run of n elements (from off,
// stride s; par and buf as for tree); done finishes an output from its
// accumulator and the run's length, and fails only where a result must
// not wrap (see finish).
//
// Most reducers also have a column form, block, for reducing along an
// axis that is not the one memory runs along (axis 0 of a row-major
// matrix): see blocker.
type accReducer[T, A, R nd.Number] interface {
	row(data []T, off, n, s, par int, buf []T) A
	blocker[T, A]
	done(v A, n int) (R, error)
}

// blocker is the column form of a reduction: block reduces len(tot)
// neighbouring outputs at once from n ≥ 1 rows of the reduced axis, each
// len(tot) dense elements from off (the next row s further), so that
// every output advances at once and memory is read in order, as NumPy's
// axis-0 loop reads it. The results are accumulators as row returns them,
// for done to finish. w holds the rows of scratch the reducer may use
// besides tot (rows 1 to 3 of w; tot is row 0). block reports false,
// doing nothing, for reducers without a column form; accAxis asks with an
// empty tot first.
type blocker[T, A nd.Number] interface {
	block(tot []A, w *colScratch, data []T, off, n, s int) bool
}

// foldR reduces runs with a monoid and converts the result to R (see
// finish; fit as there).
type foldR[T, A nd.Number, K rowMonoid[T, A], R nd.Number] struct {
	k   K
	fit string
}

func (r foldR[T, A, K, R]) row(data []T, off, n, s, par int, buf []T) A {
	return tree[T, A](r.k, data, off, n, s, par, buf)
}

// extremeR is Min and Max: foldR, but a dense run on one goroutine is
// one leaf (one call of asm's Min or Max) instead of a leaf every 256
// elements; the extreme is the same in any order.
type extremeR[T nd.Real] struct {
	foldR[T, T, extremeM[T], T]
}

func (r extremeR[T]) row(data []T, off, n, s, par int, buf []T) T {
	if s == 1 && par <= 1 && n > 0 {
		return r.k.leaf(data[off : off+n])
	}
	return r.foldR.row(data, off, n, s, par, buf)
}

func (r foldR[T, A, K, R]) block(tot []A, w *colScratch, data []T, off, n, s int) bool {
	if len(tot) > 0 {
		columns[T, A](r.k, tot, colsOf[A](w, 1)[:len(tot)], data, off, n, s)
	}
	return true
}

func (r foldR[T, A, K, R]) done(v A, _ int) (R, error) { return finish[R, T](v, r.fit) }

// meanR is the sum divided by n (NaN for n = 0), divided in float64 and
// rounded once to R: for a float32 sum that is float32's own division
// (float64 has more than twice float32's precision, so the double rounding
// is exact).
type meanR[T, A nd.Number, K rowMonoid[T, A], R nd.Float] struct {
	foldR[T, A, K, R]
}

func (meanR[T, A, K, R]) done(v A, n int) (R, error) {
	return R(toFloat64(v) / float64(n)), nil
}

// varR is the variance in two passes, as NumPy computes it: the mean, then
// the pairwise sum of squared deviations divided by max(n-ddof, 0); the
// standard deviation with std set.
type varR[T nd.Float] struct {
	ddof int
	std  bool
}

func (r varR[T]) row(data []T, off, n, s, par int, buf []T) T {
	m := tree[T, T](sumM[T]{}, data, off, n, s, par, buf) / T(n)
	v := tree[T, T](sqdevM[T]{m: m}, data, off, n, s, par, buf) / T(max(n-r.ddof, 0))
	if r.std {
		v = T(math.Sqrt(float64(v)))
	}
	return v
}

// block is the variance of len(tot) columns in two passes of whole rows:
// their means (summed as SumAxis sums, in blocks of colBlock rows), then
// the squared deviations from them, summed the same way (see sqdevRows).
func (r varR[T]) block(tot []T, w *colScratch, data []T, off, n, s int) bool {
	c := len(tot)
	if c == 0 {
		return true
	}
	mean, blk := colsOf[T](w, 2)[:c], colsOf[T](w, 1)[:c]
	columns[T, T](sumM[T]{}, mean, blk, data, off, n, s)
	for i := range mean {
		mean[i] /= T(n)
	}
	columns[T, T](sqdevRows[T]{mean: mean, tmp: colsOf[T](w, 3)[:c]}, tot, blk, data, off, n, s)
	d := T(max(n-r.ddof, 0))
	for i, v := range tot {
		v /= d
		if r.std {
			v = T(math.Sqrt(float64(v)))
		}
		tot[i] = v
	}
	return true
}

// sqdevRows is the column form of sqdevM: it adds the squared deviations
// of whole rows from the row of means, with asm's kernels for floats
// (tmp is scratch of the rows' length).
type sqdevRows[T nd.Float] struct{ mean, tmp []T }

func (sqdevRows[T]) join(a, b T) T { return a + b }

func (k sqdevRows[T]) load(acc, x []T) {
	clear(acc)
	k.rows(acc, x, 0, 1)
}

func (k sqdevRows[T]) rows(acc, x []T, s, n int) {
	eachRow(acc, x, s, n, func(acc, row []T) {
		if kindOf[T]() == kF32 {
			devRows(as[float32](acc), as[float32](k.tmp), as[float32](row), as[float32](k.mean))
			return
		}
		devRows(as[float64](acc), as[float64](k.tmp), as[float64](row), as[float64](k.mean))
	})
}

// devRows adds (x[i] - m[i])² to acc[i] through tmp.
func devRows[F asm.Float](acc, tmp, x, m []F) {
	asm.Sub(tmp, x, m)
	asm.FMA(acc, tmp, tmp, acc)
}

// argR is the index of the first smallest (largest, with max) element, or
// of the first NaN if there is one, as NumPy's argmin and argmax.
type argR[T nd.Real] struct{ max bool }

func (r argR[T]) row(data []T, off, n, s, _ int, buf []T) int {
	if s == 1 {
		return argDense(r.max, data[off:off+n])
	}
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

// argDense is argR's row of a dense run x in one pass: asm's ArgMin and
// ArgMax for floats (SIMD, the running extremes and their indices in
// vector lanes), a loop for the other kinds.
func argDense[T nd.Real](mx bool, x []T) int {
	switch kindOf[T]() {
	case kF64:
		if mx {
			return asm.ArgMax(as[float64](x))
		}
		return asm.ArgMin(as[float64](x))
	case kF32:
		if mx {
			return asm.ArgMax(as[float32](x))
		}
		return asm.ArgMin(as[float32](x))
	}
	best, bv := 0, x[0]
	for i, v := range x {
		if mx && v > bv || !mx && v < bv {
			best, bv = i, v
		}
	}
	return best
}

// block is the column form: the first extreme of len(tot) columns, one
// whole row after another, with the extremes so far in row 1 of w. A
// column's first NaN wins, as in row.
func (r argR[T]) block(tot []int, w *colScratch, data []T, off, n, s int) bool {
	c := len(tot)
	if c == 0 {
		return true
	}
	best := colsOf[T](w, 1)[:c]
	copy(best, data[off:off+c])
	clear(tot)
	for k := 1; k < n; k++ {
		argRows(r.max, best, tot, data[off+k*s:off+k*s+c], k)
	}
	return true
}

// argRows sets best[i], idx[i] = x[i], k where x[i] beats best[i] (with
// mx, is larger; else smaller) or is the column's first NaN. Branches are
// predicted: along a long axis, best rarely changes.
func argRows[T nd.Real](mx bool, best []T, idx []int, x []T, k int) {
	x, idx = x[:len(best)], idx[:len(best)]
	for i, v := range x {
		if b := best[i]; mx && v > b || !mx && v < b || v != v && b == b {
			best[i], idx[i] = v, k
		}
	}
}

// reducer reduces one run to its finished result, with no column form:
// the reductions that are not a monoid (Var, ArgMin, Any, CountNonzero,
// ...). reduceAll, reduceAxis and newAxis take one.
type reducer[T, R nd.Number] interface {
	row(data []T, off, n, s, par int, buf []T) R
}

// plain is a reducer as an accReducer whose accumulator is the result.
type plain[T, R nd.Number, K reducer[T, R]] struct{ k K }

func (p plain[T, R, K]) row(data []T, off, n, s, par int, buf []T) R {
	return p.k.row(data, off, n, s, par, buf)
}

// block is K's column form where K has one (ArgMin, ArgMax, Var and Std).
func (p plain[T, R, K]) block(tot []R, w *colScratch, data []T, off, n, s int) bool {
	b, ok := any(p.k).(blocker[T, R])
	return ok && b.block(tot, w, data, off, n, s)
}

func (plain[T, R, K]) done(v R, _ int) (R, error) { return v, nil }

// finish converts v, the accumulator of a reduction of elements of T, to
// the result kind R as Go converts: an integer that R cannot hold wraps
// around (as NumPy's does into an out= array of that kind), a float
// truncates toward zero into an integer kind, a complex number keeps its
// real part (the Into forms refuse that case first; see realOnly). An
// integer accumulator is T itself or intM's uint64, and holds a signed
// value when T is signed.
//
// With fit set, an integer R cannot hold is instead an error wrapping
// ErrOverflow that names fit, the form that gives the full result: that is
// how the forms returning T never wrap silently.
func finish[R, T, A nd.Number](v A, fit string) (R, error) {
	switch kindOf[A]() {
	case kF64, kF32:
		return fromFloat[R](toFloat64(v)), nil
	case kC64:
		return fromComplex[R](complex128(bitsAs[complex64](v))), nil
	case kC128:
		return fromComplex[R](bitsAs[complex128](v)), nil
	}
	signed := signedKind[T]()
	u := intBits(v, signed)
	if fit != "" && !fitsInt[R](u, signed) {
		var zero R
		n := fmt.Sprint(u)
		if signed {
			n = fmt.Sprint(int64(u))
		}
		return zero, fmt.Errorf("%w: the result %s does not fit in %T; NumPy's 64-bit result: %s with an int64 or uint64 dst (ops.AllAxes() for the whole array)",
			ErrOverflow, n, zero, fit)
	}
	return fromInt[R](u, signed), nil
}

// toFloat64 is v, of a float kind, as a float64.
func toFloat64[A nd.Number](v A) float64 {
	if kindOf[A]() == kF32 {
		return float64(bitsAs[float32](v))
	}
	return bitsAs[float64](v)
}

// intBits is v, of an integer kind, sign- (with signed) or zero-extended
// to 64 bits.
func intBits[A nd.Number](v A, signed bool) uint64 {
	switch sizeOf[A]() {
	case 1:
		if signed {
			return uint64(bitsAs[int8](v))
		}
		return uint64(bitsAs[uint8](v))
	case 2:
		if signed {
			return uint64(bitsAs[int16](v))
		}
		return uint64(bitsAs[uint16](v))
	case 4:
		if signed {
			return uint64(bitsAs[int32](v))
		}
		return uint64(bitsAs[uint32](v))
	}
	return bitsAs[uint64](v)
}

// fitsInt reports whether the integer u (signed: read as an int64) is a
// value of R; every integer fits a float kind, rounded.
func fitsInt[R nd.Number](u uint64, signed bool) bool {
	if !isInt[R]() {
		return true
	}
	bits := 8 * sizeOf[R]()
	if bits == 64 {
		// int64 holds every signed value, uint64 every unsigned one;
		// across signs the value must lie in 0..2⁶³-1.
		return signed == signedKind[R]() || int64(u) >= 0
	}
	if signedKind[R]() {
		lim := int64(1) << (bits - 1)
		if signed {
			return int64(u) >= -lim && int64(u) < lim
		}
		return u < uint64(lim)
	}
	return (!signed || int64(u) >= 0) && u < uint64(1)<<bits
}

// fromInt converts the integer u (signed: read as an int64) to R as Go
// converts: integer kinds keep the low bytes.
func fromInt[R nd.Number](u uint64, signed bool) R {
	switch kindOf[R]() {
	case kF64:
		return bitsAs[R](intFloat64(u, signed))
	case kC128:
		return bitsAs[R](complex(intFloat64(u, signed), 0))
	case kF32:
		return bitsAs[R](intFloat32(u, signed))
	case kC64:
		return bitsAs[R](complex(intFloat32(u, signed), 0))
	}
	switch sizeOf[R]() {
	case 1:
		return bitsAs[R](uint8(u))
	case 2:
		return bitsAs[R](uint16(u))
	case 4:
		return bitsAs[R](uint32(u))
	}
	return bitsAs[R](u)
}

// intFloat64 and intFloat32 round the integer u (signed: read as an
// int64) once to a float, as Go's conversions do.
func intFloat64(u uint64, signed bool) float64 {
	if signed {
		return float64(int64(u))
	}
	return float64(u)
}

func intFloat32(u uint64, signed bool) float32 {
	if signed {
		return float32(int64(u))
	}
	return float32(u)
}

// fromFloat converts f to R as Go converts (truncating toward zero into an
// integer kind).
func fromFloat[R nd.Number](f float64) R {
	switch kindOf[R]() {
	case kF64:
		return bitsAs[R](f)
	case kF32:
		return bitsAs[R](float32(f))
	case kC64:
		return bitsAs[R](complex(float32(f), 0))
	case kC128:
		return bitsAs[R](complex(f, 0))
	}
	if signedKind[R]() {
		return fromInt[R](uint64(int64(f)), true)
	}
	return fromInt[R](uint64(f), false)
}

// fromComplex converts c to R: its real part for a real kind.
func fromComplex[R nd.Number](c complex128) R {
	switch kindOf[R]() {
	case kC64:
		return bitsAs[R](complex64(c))
	case kC128:
		return bitsAs[R](c)
	}
	return fromFloat[R](real(c))
}

// accAll reduces every element of a with k (see whole) and finishes the
// result.
func accAll[T, A, R nd.Number, K accReducer[T, A, R]](name string, k K, a *nd.Array[T], orderFree, needsElements bool) (R, error) {
	var zero R
	if err := a.Err(); err != nil {
		return zero, errtext.Errorf("ops: %s: %w", name, err)
	}
	n := a.Size()
	if n == 0 && needsElements {
		return zero, errtext.Errorf("ops: %s: %w: zero-size array %v has no %s", name, nd.ErrShape, a.Shape(), name)
	}
	v, err := whole[T, A](name, k, a, orderFree)
	if err != nil {
		return zero, err
	}
	r, err := k.done(v, n)
	if err != nil {
		return zero, errtext.Errorf("ops: %s: %w", name, err)
	}
	return r, nil
}

// reduceAll is accAll for a reducer without an accumulator of its own.
func reduceAll[T, R nd.Number, K reducer[T, R]](name string, k K, a *nd.Array[T], orderFree, needsElements bool) (R, error) {
	return accAll[T, R, R](name, plain[T, R, K]{k}, a, orderFree, needsElements)
}

// whole reduces every element of a, which the caller checked is live.
// Order-free reductions (all but the arg ones) read dense arrays of either
// layout in storage order; strided arrays whose elements form one evenly
// spaced run are read in place; other views are first copied, row-major,
// to the Go heap.
func whole[T, A, R nd.Number, K accReducer[T, A, R]](name string, k K, a *nd.Array[T], orderFree bool) (A, error) {
	n := a.Size()
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
		var zero A
		return zero, errtext.Errorf("ops: %s: copying a strided view: %w", name, err)
	}
	defer c.Free()
	return k.row(dense(c), 0, n, 1, workers(n), nil), nil
}

// accAxis validates and reduces a along ax into dst (which newAxis
// allocates or the caller gives). Nothing is written unless all is well,
// except when done fails (only the forms that allocate dst let it). An a
// that partly overlaps dst is read through a temporary copy.
func accAxis[T, A, R nd.Number, K accReducer[T, A, R]](name string, k K, dst *nd.Array[R], a *nd.Array[T], ax AxisSpec, orderFree, needsElements bool) error {
	if ax.more.any() {
		return accAxes(name, k, dst, a, ax, orderFree, needsElements)
	}
	if err := a.Err(); err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	if err := dst.Err(); err != nil {
		return errtext.Errorf("ops: %s: dst: %w", name, err)
	}
	if err := dst.Writable(); err != nil {
		return errtext.Errorf("ops: %s: dst: %w", name, err)
	}
	axis, err := checkAxis(name, a, ax)
	if err != nil {
		return err
	}
	if !reducedShape(dst, a, axis, ax) {
		want, _, _ := axisShape(name, a, ax)
		return errtext.Errorf("ops: %s: %w: reducing %v along %s does not give dst shape %v, but %v",
			name, nd.ErrShape, a.Shape(), specString(ax, axis), dst.Shape(), want)
	}
	if ax.all {
		if a.Size() == 0 && needsElements {
			return errtext.Errorf("ops: %s: %w: zero-size array %v has no %s", name, nd.ErrShape, a.Shape(), name)
		}
		v, err := whole[T, A](name, k, a, orderFree)
		if err != nil {
			return err
		}
		r, err := k.done(v, a.Size())
		if err != nil {
			return errtext.Errorf("ops: %s: %w", name, err)
		}
		dd, doff, _ := dst.Storage()
		dd[doff] = r
		return nil
	}
	n := a.Dim(axis)
	if dst.Size() == 0 {
		return nil
	}
	if n == 0 && needsElements {
		return errtext.Errorf("ops: %s: %w: cannot reduce %v along its empty axis %d", name, nd.ErrShape, a.Shape(), axis)
	}
	if partly(dst, a) {
		c, err := a.Clone()
		if err != nil {
			return errtext.Errorf("ops: %s: dst overlaps a and a temporary copy of a failed: %w", name, err)
		}
		defer c.Free()
		a = c
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
	in := l.ndim - 1
	m, ds, as := l.shape[in], l.str[0][in], l.str[1][in]
	columnar := s != 1 && as == 1 && n > 0 && m > 1 && k.block(nil, nil, nil, 0, 0, 0)
	job := axisJob[T, A, R, K]{k: k, dd: dd, ad: ad, n: n, s: s, ds: ds, as: as, columnar: columnar}
	par, chunk := workers(n*m), 0
	if columnar {
		// Both goroutines read memory row by row, each over its own
		// columns: the fewer and wider their runs, the better the
		// prefetchers follow them.
		par = workers(n * m / columnarWeight)
		chunk = (m/(2*par) + 63) &^ 63
	}
	if m < 2*64 {
		par = 1 // pieces are multiples of 64 outputs
	}
	var idx [MaxDims]int
	off := l.off
	for {
		var err error
		if par > 1 {
			pj, at := job, off // the goroutines' copies: only here do they escape
			err = splitOutputs(m, par, chunk, func(lo, hi int) error { return pj.outputs(at, lo, hi) })
		} else {
			err = job.outputs(off, 0, m)
		}
		if err != nil {
			return errtext.Errorf("ops: %s: %w", name, err)
		}
		if !l.advance(&idx, &off) {
			return nil
		}
	}
}

// axisJob is one reduction along an axis: k reduces runs of n elements of
// ad (stride s) into dd, the outputs of the inner axis ds apart in dd and
// their runs as apart in ad; columnar says whether k's column form runs.
type axisJob[T, A, R nd.Number, K accReducer[T, A, R]] struct {
	k            K
	dd           []R
	ad           []T
	n, s, ds, as int
	columnar     bool
}

// outputs reduces outputs lo to hi of the inner axis from offsets off
// (dd's and ad's), with scratch of its own.
func (j *axisJob[T, A, R, K]) outputs(off [maxOps]int, lo, hi int) error {
	if j.columnar {
		w := colPool.Get().(*colScratch)
		defer colPool.Put(w)
		tot := colsOf[A](w, 0)
		for c0 := lo; c0 < hi; c0 += len(tot) {
			c := min(len(tot), hi-c0)
			j.k.block(tot[:c], w, j.ad, off[1]+c0, j.n, j.s)
			for i, v := range tot[:c] {
				var err error
				if j.dd[off[0]+(c0+i)*j.ds], err = j.k.done(v, j.n); err != nil {
					return err
				}
			}
		}
		return nil
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	buf := scratchOf[T](sc, 0)
	for i := lo; i < hi; i++ {
		var err error
		if j.dd[off[0]+i*j.ds], err = j.k.done(j.k.row(j.ad, off[1]+i*j.as, j.n, j.s, 1, buf), j.n); err != nil {
			return err
		}
	}
	return nil
}

// splitOutputs runs f over [0, m) on par goroutines (see parallelFor; in
// pieces of chunk outputs unless chunk is 0), or on the caller's alone
// when par is 1, and returns the error of the first range that failed.
// Each output is computed as on one goroutine, so the results do not
// depend on par.
func splitOutputs(m, par, chunk int, f func(lo, hi int) error) error {
	if par <= 1 {
		return f(0, m)
	}
	var mu sync.Mutex
	var first error
	firstLo := m
	if chunk == 0 {
		chunk = pieces(m, par)
	}
	share(m, chunk, par, func(lo, hi int) {
		if err := f(lo, hi); err != nil {
			mu.Lock()
			if lo < firstLo {
				first, firstLo = err, lo
			}
			mu.Unlock()
		}
	})
	return first
}

// reduceAxis is accAxis for an order-free reducer without an accumulator
// of its own.
func reduceAxis[T, R nd.Number, K reducer[T, R]](name string, k K, dst *nd.Array[R], a *nd.Array[T], ax AxisSpec, needsElements bool) error {
	return accAxis[T, R, R](name, plain[T, R, K]{k}, dst, a, ax, true, needsElements)
}

// argAxis is ArgMin (ArgMax with max set) along ax into dst: not
// order-free, so AllAxes gives the flat row-major index.
func argAxis[T nd.Real](name string, max bool, dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return accAxis[T, int, int](name, plain[T, int, argR[T]]{argR[T]{max: max}}, dst, a, ax, false, true)
}

// colBlock is the number of rows columns joins one after another before
// joining the block into the total.
const colBlock = 128

// joinRows is the number of rows columns hands a rowJoiner at once:
// measured (4096x4096, Sum and Min along axis 0) fastest at 8, ahead of
// 4 and 16; one row a call was 1.8-2.5x slower, 127 rows a call (128
// strided streams) 1.6-3x slower.
const joinRows = 8

// colBytes is the width in bytes of each row of a column form's scratch
// (colScratch): wide enough that a row of a large matrix (4096 float64) is
// joined whole, so memory is read in order as NumPy's axis-0 loop reads
// it, and small enough that all four stay in L2. The width changes no
// result: each output sees the same joins in the same order whatever the
// block of outputs.
const colBytes = 64 << 10

// colScratch holds the rows of one column-form reduction: the
// accumulators (row 0) and the rows block may use besides.
type colScratch [4][colBytes]byte

var colPool = sync.Pool{New: func() any { return new(colScratch) }}

// colsOf views accumulator i of w as elements of A.
func colsOf[A any](w *colScratch, i int) []A {
	var zero A
	return unsafe.Slice((*A)(unsafe.Pointer(&w[i][0])), colBytes/int(unsafe.Sizeof(zero)))
}

// columns reduces len(tot) neighbouring outputs at once: n rows of the
// reduced axis, each len(tot) dense elements from off (the next row s
// further), joined in blocks of colBlock rows whose results are joined
// into tot. For sums that bounds the error by
// (colBlock + n/colBlock)·ε·Σ|xᵢ|.
func columns[T, A nd.Number, K rowJoiner[T, A]](k K, tot, blk []A, data []T, off, n, s int) {
	c := len(tot)
	for b := 0; b < n; b += colBlock {
		acc := tot
		if b > 0 {
			acc = blk
		}
		k.load(acc, data[off+b*s:off+b*s+c])
		for r, end := b+1, min(b+colBlock, n); r < end; r += joinRows {
			g, at := min(joinRows, end-r), off+r*s
			k.rows(acc, data[at:at+(g-1)*s+c], s, g)
		}
		if b > 0 {
			blk = blk[:c]
			for i := range tot {
				tot[i] = k.join(tot[i], blk[i])
			}
		}
	}
}

// checkAxis normalises ax's axis for a (0 for AllAxes).
func checkAxis[T nd.Number](name string, a *nd.Array[T], ax AxisSpec) (int, error) {
	if ax.all {
		return 0, nil
	}
	axis := ax.axis
	if axis < 0 {
		axis += a.NDim()
	}
	if axis < 0 || axis >= a.NDim() {
		return 0, errtext.Errorf("ops: %s: %w: axis %d out of range for shape %v", name, nd.ErrShape, ax.axis, a.Shape())
	}
	return axis, nil
}

// reducedShape reports, allocating nothing, whether dst has the shape of
// reducing a along ax (normalised to axis).
func reducedShape[R, T nd.Number](dst *nd.Array[R], a *nd.Array[T], axis int, ax AxisSpec) bool {
	if ax.all {
		if !ax.keep {
			return dst.NDim() == 0
		}
		ok := dst.NDim() == a.NDim()
		for i := 0; ok && i < a.NDim(); i++ {
			ok = dst.Dim(i) == 1
		}
		return ok
	}
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
	return ok
}

// axisShape returns the shape of reducing a along ax and the normalised
// axis (0 for AllAxes).
func axisShape[T nd.Number](name string, a *nd.Array[T], ax AxisSpec) ([]int, int, error) {
	if ax.more.any() {
		return axesShape(name, a, ax)
	}
	axis, err := checkAxis(name, a, ax)
	if err != nil {
		return nil, 0, err
	}
	shape := a.Shape()
	switch {
	case ax.all && !ax.keep:
		return shape[:0], 0, nil
	case ax.all:
		for i := range shape {
			shape[i] = 1
		}
	case ax.keep:
		shape[axis] = 1
	default:
		shape = append(shape[:axis], shape[axis+1:]...)
	}
	return shape, axis, nil
}

// specString describes a normalised spec for an error message.
func specString(ax AxisSpec, axis int) string {
	s := fmt.Sprintf("axis %d", axis)
	if ax.all {
		s = "all axes"
	}
	if ax.keep {
		s += " (keepdims)"
	}
	return s
}

// axisResult allocates the result of reducing a along ax from opts'
// allocator.
func axisResult[T, R nd.Number](name string, a *nd.Array[T], ax AxisSpec, opts []nd.Option) (*nd.Array[R], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("ops: %s: %w", name, err)
	}
	shape, _, err := axisShape(name, a, ax)
	if err != nil {
		return nil, err
	}
	return newResult[R](name, shape, opts)
}

// filled returns dst once fill succeeded, and otherwise frees it and
// returns fill's error: no failed call leaves a result allocated.
func filled[R nd.Number](dst *nd.Array[R], err error) (*nd.Array[R], error) {
	if err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// newAxis allocates the result of reducing a along ax with k and fills it.
func newAxis[T, R nd.Number, K reducer[T, R]](name string, k K, a *nd.Array[T], ax AxisSpec, needsElements bool, opts []nd.Option) (*nd.Array[R], error) {
	dst, err := axisResult[T, R](name, a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, reduceAxis(name, k, dst, a, ax, needsElements))
}

// foldAll sums (with prod, multiplies) every element of a in NumPy's
// accumulator for T: 64 bits for integers, T itself otherwise. The result
// is a T; fit names the form that gives the full result when it does not
// fit (see finish).
func foldAll[T nd.Number](name string, prod bool, fit string, a *nd.Array[T]) (T, error) {
	if isInt[T]() {
		return accAll[T, uint64, T](name, foldR[T, uint64, intM[T, uint64], T]{k: intM[T, uint64]{prod: prod}, fit: fit}, a, true, false)
	}
	if prod {
		return accAll[T, T, T](name, foldR[T, T, prodM[T], T]{fit: fit}, a, true, false)
	}
	return accAll[T, T, T](name, foldR[T, T, sumM[T], T]{fit: fit}, a, true, false)
}

// foldAxis is foldAll along ax into dst, converting to dst's kind D; with
// fit empty an integer D cannot hold wraps around (see finish).
func foldAxis[D, T nd.Number](name string, prod bool, fit string, dst *nd.Array[D], a *nd.Array[T], ax AxisSpec) error {
	if isComplex[T]() && !isComplex[D]() {
		return errtext.Errorf("ops: %s: %w: a complex %T result into a dst of %T would drop its imaginary part", name, nd.ErrCast, *new(T), *new(D))
	}
	if isInt[T]() {
		return accAxis[T, uint64, D](name, foldR[T, uint64, intM[T, uint64], D]{k: intM[T, uint64]{prod: prod}, fit: fit}, dst, a, ax, true, false)
	}
	if prod {
		return accAxis[T, T, D](name, foldR[T, T, prodM[T], D]{fit: fit}, dst, a, ax, true, false)
	}
	return accAxis[T, T, D](name, foldR[T, T, sumM[T], D]{fit: fit}, dst, a, ax, true, false)
}

// extremeAll and extremeAxis are Min and Max (with max set).
func extremeAll[T nd.Real](name string, max bool, a *nd.Array[T]) (T, error) {
	return accAll[T, T, T](name, extremeR[T]{foldR[T, T, extremeM[T], T]{k: extremeM[T]{max: max}}}, a, true, true)
}

func extremeAxis[T nd.Real](name string, max bool, dst, a *nd.Array[T], ax AxisSpec) error {
	return accAxis[T, T, T](name, extremeR[T]{foldR[T, T, extremeM[T], T]{k: extremeM[T]{max: max}}}, dst, a, ax, true, true)
}

// meanAxis is the mean along ax into dst: integers are added in float64,
// floats in their own kind (NumPy's accumulators), and the sum divided in
// float64 and rounded once to D.
func meanAxis[D nd.Float, T nd.Real](name string, dst *nd.Array[D], a *nd.Array[T], ax AxisSpec) error {
	if isInt[T]() {
		return accAxis[T, float64, D](name, meanR[T, float64, intM[T, float64], D]{}, dst, a, ax, true, false)
	}
	return accAxis[T, T, D](name, meanR[T, T, sumM[T], D]{}, dst, a, ax, true, false)
}

// Sum returns the sum of a's elements (0 for none), with NumPy's
// accumulator: every integer kind is added in 64 bits (int64, or uint64 for
// unsigned kinds: NumPy's platform integer), floats and complex numbers in
// their own kind, pairwise (see the package documentation for the error
// bound). The result is a T: when it does not fit in T (1000 uint8 ones,
// which NumPy sums to 1000 as a uint64) the error wraps ErrOverflow instead
// of wrapping around, and SumAxisInto with an int64 or uint64 dst and
// AllAxes gives NumPy's result. Sums of int64 and uint64 wrap around, as
// NumPy's do.
func Sum[T nd.Number](a *nd.Array[T]) (T, error) {
	return foldAll("Sum", false, "SumAxisInto", a)
}

// SumAxis returns the sums along ax in an array of T, with Sum's
// accumulator and its ErrOverflow for a sum T cannot hold (nothing is then
// left allocated).
//
//	colSums, err := ops.SumAxis(m, ops.Axis(0), nd.With(arena))
func SumAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	dst, err := axisResult[T, T]("SumAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, foldAxis("SumAxis", false, "SumAxisInto", dst, a, ax))
}

// SumAxisInto stores the sums along ax in dst, whose shape must be the one
// SumAxis would return and whose kind D is the result's, as NumPy's out=:
// the sums are computed with Sum's accumulator (64-bit integers) and
// converted to D as Go converts, so an int64 or uint64 dst gets NumPy's
// result for any integer kind, and a narrower one wraps around as NumPy's
// out= does. A complex a needs a complex dst (the error wraps nd.ErrCast).
//
//	counts, _ := nd.Empty[uint64]([]int{cols})
//	err := ops.SumAxisInto(counts, bytes, ops.Axis(0))
func SumAxisInto[D, T nd.Number](dst *nd.Array[D], a *nd.Array[T], ax AxisSpec) error {
	return foldAxis("SumAxisInto", false, "", dst, a, ax)
}

// Prod returns the product of a's elements (1 for none), with Sum's
// accumulators: integers are multiplied in 64 bits (wrapping around there,
// as NumPy's do), and a product T cannot hold is an error wrapping
// ErrOverflow; ProdAxisInto with an int64 or uint64 dst and AllAxes gives
// NumPy's result.
func Prod[T nd.Number](a *nd.Array[T]) (T, error) {
	return foldAll("Prod", true, "ProdAxisInto", a)
}

// ProdAxis returns the products along ax in an array of T, with Prod's
// accumulator and ErrOverflow.
func ProdAxis[T nd.Number](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	dst, err := axisResult[T, T]("ProdAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, foldAxis("ProdAxis", true, "ProdAxisInto", dst, a, ax))
}

// ProdAxisInto stores the products along ax in dst, converted to its kind
// D as SumAxisInto converts sums.
func ProdAxisInto[D, T nd.Number](dst *nd.Array[D], a *nd.Array[T], ax AxisSpec) error {
	return foldAxis("ProdAxisInto", true, "", dst, a, ax)
}

// Min returns the smallest element, NaN if there is a NaN (as NumPy's
// min); an empty array is an error wrapping nd.ErrShape.
func Min[T nd.Real](a *nd.Array[T]) (T, error) {
	return extremeAll("Min", false, a)
}

// MinAxis returns the minima along ax.
func MinAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	dst, err := axisResult[T, T]("MinAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, extremeAxis("MinAxis", false, dst, a, ax))
}

// MinAxisInto stores the minima along ax in dst.
func MinAxisInto[T nd.Real](dst, a *nd.Array[T], ax AxisSpec) error {
	return extremeAxis("MinAxisInto", false, dst, a, ax)
}

// Max returns the largest element, NaN if there is a NaN; an empty array
// is an error wrapping nd.ErrShape.
func Max[T nd.Real](a *nd.Array[T]) (T, error) {
	return extremeAll("Max", true, a)
}

// MaxAxis returns the maxima along ax.
func MaxAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	dst, err := axisResult[T, T]("MaxAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, extremeAxis("MaxAxis", true, dst, a, ax))
}

// MaxAxisInto stores the maxima along ax in dst.
func MaxAxisInto[T nd.Real](dst, a *nd.Array[T], ax AxisSpec) error {
	return extremeAxis("MaxAxisInto", true, dst, a, ax)
}

// ArgMin returns the row-major (flat) index of the first smallest element,
// or of the first NaN; an empty array is an error wrapping nd.ErrShape.
func ArgMin[T nd.Real](a *nd.Array[T]) (int, error) {
	return reduceAll[T, int]("ArgMin", argR[T]{}, a, false, true)
}

// ArgMinAxis returns the indices along ax of the first minima (flat
// row-major indices for AllAxes).
func ArgMinAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[int], error) {
	dst, err := axisResult[T, int]("ArgMinAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, argAxis("ArgMinAxis", false, dst, a, ax))
}

// ArgMinAxisInto stores the indices along ax of the first minima in dst.
func ArgMinAxisInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return argAxis("ArgMinAxisInto", false, dst, a, ax)
}

// ArgMax returns the row-major (flat) index of the first largest element,
// or of the first NaN; an empty array is an error wrapping nd.ErrShape.
func ArgMax[T nd.Real](a *nd.Array[T]) (int, error) {
	return reduceAll[T, int]("ArgMax", argR[T]{max: true}, a, false, true)
}

// ArgMaxAxis returns the indices along ax of the first maxima.
func ArgMaxAxis[T nd.Real](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[int], error) {
	dst, err := axisResult[T, int]("ArgMaxAxis", a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, argAxis("ArgMaxAxis", true, dst, a, ax))
}

// ArgMaxAxisInto stores the indices along ax of the first maxima in dst.
func ArgMaxAxisInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], ax AxisSpec) error {
	return argAxis("ArgMaxAxisInto", true, dst, a, ax)
}

// Mean returns the arithmetic mean, the pairwise sum over n (NaN for an
// empty array, as NumPy gives with a warning), computed in T as NumPy
// computes the mean of floats. For the mean of integers (NumPy's float64),
// use MeanAxisInto with a float64 dst.
func Mean[T nd.Float](a *nd.Array[T]) (T, error) {
	return mean("Mean", a)
}

// mean is Mean under the name its caller's errors give.
func mean[T nd.Float](name string, a *nd.Array[T]) (T, error) {
	return accAll[T, T, T](name, meanR[T, T, sumM[T], T]{}, a, true, false)
}

// MeanAxis returns the means along ax.
func MeanAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newMeanAxis("MeanAxis", a, ax, opts)
}

// newMeanAxis is MeanAxis under the name its caller's errors give.
func newMeanAxis[T nd.Float](name string, a *nd.Array[T], ax AxisSpec, opts []nd.Option) (*nd.Array[T], error) {
	dst, err := axisResult[T, T](name, a, ax, opts)
	if err != nil {
		return nil, err
	}
	return filled(dst, meanAxis(name, dst, a, ax))
}

// MeanAxisInto stores the means along ax in dst, with NumPy's accumulator:
// integers are added in float64 (NumPy's mean of integers is float64),
// floats in their own kind; the mean is rounded once to D.
//
//	m, _ := nd.Empty[float64](nil)
//	err := ops.MeanAxisInto(m, counts, ops.AllAxes()) // NumPy's np.mean(counts)
func MeanAxisInto[D nd.Float, T nd.Real](dst *nd.Array[D], a *nd.Array[T], ax AxisSpec) error {
	return meanAxis("MeanAxisInto", dst, a, ax)
}

// Var returns the variance Σ(x-mean)²/(n-ddof), computed in two passes as
// NumPy does (ddof 0: population variance; 1: the unbiased sample
// estimate). n-ddof ≤ 0 divides by zero: +Inf, or NaN for an empty array.
func Var[T nd.Float](a *nd.Array[T], ddof int) (T, error) {
	return reduceAll[T, T]("Var", varR[T]{ddof: ddof}, a, true, false)
}

// VarAxis returns the variances along ax.
func VarAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("VarAxis", varR[T]{ddof: ddof}, a, ax, false, opts)
}

// VarAxisInto stores the variances along ax in dst.
func VarAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec, ddof int) error {
	return reduceAxis("VarAxisInto", varR[T]{ddof: ddof}, dst, a, ax, false)
}

// Std returns the standard deviation, the square root of Var.
func Std[T nd.Float](a *nd.Array[T], ddof int) (T, error) {
	return reduceAll[T, T]("Std", varR[T]{ddof: ddof, std: true}, a, true, false)
}

// StdAxis returns the standard deviations along ax.
func StdAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("StdAxis", varR[T]{ddof: ddof, std: true}, a, ax, false, opts)
}

// StdAxisInto stores the standard deviations along ax in dst.
func StdAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec, ddof int) error {
	return reduceAxis("StdAxisInto", varR[T]{ddof: ddof, std: true}, dst, a, ax, false)
}
