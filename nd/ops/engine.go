package ops

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
	"strings"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd"
)

const (
	// MaxDims is the most dimensions an operand of an ops function may have
	// (NumPy 1.x's limit). More is an error wrapping nd.ErrShape.
	MaxDims = 32
	// maxOps is the number of operands a loop walks: dst and up to three
	// inputs.
	maxOps = 4
	// chunk is the number of elements gathered at a time on strided paths.
	chunk = 512
	// scratchBytes holds chunk elements of the widest kind (complex128).
	scratchBytes = chunk * 16
)

// loop walks several arrays over one shape: the shape after broadcasting,
// each operand's strides over it (0 on broadcast axes), and each operand's
// offset. compact drops axes of length 1 and merges axes that are one dense
// run in every operand, so that a dense array is one row however many
// dimensions it has. The last axis is the inner row handed to kernels.
type loop struct {
	ndim, nops int
	shape      [MaxDims]int
	str        [maxOps][MaxDims]int
	off        [maxOps]int
}

// bind sets operand i of l from a, aligning a's axes to the loop's last
// axes (NumPy's broadcasting rule) and giving broadcast axes stride 0. It
// returns a's whole buffer.
func bind[T nd.Number](l *loop, i int, a *nd.Array[T]) []T {
	data, off, str := a.Storage()
	l.off[i] = off
	shift := l.ndim - len(str)
	for j, s := range str {
		if a.Dim(j) != 1 {
			l.str[i][j+shift] = s
		}
	}
	l.nops = max(l.nops, i+1)
	return data
}

// compact drops length-1 axes, optionally orders the axes by decreasing
// stride of operand 0 (so that the inner row is the one dst walks densely),
// and merges neighbouring axes that are one dense run in every operand. A
// loop over a single element ends up with one axis of length 1.
func (l *loop) compact(order bool) {
	n := 0
	for k := range l.ndim {
		if l.shape[k] == 1 {
			continue
		}
		l.shape[n] = l.shape[k]
		for i := range l.nops {
			l.str[i][n] = l.str[i][k]
		}
		n++
	}
	l.ndim = n
	if order {
		for k := 1; k < n; k++ { // insertion sort, stable
			for j := k; j > 0 && abs(l.str[0][j-1]) < abs(l.str[0][j]); j-- {
				l.shape[j-1], l.shape[j] = l.shape[j], l.shape[j-1]
				for i := range l.nops {
					l.str[i][j-1], l.str[i][j] = l.str[i][j], l.str[i][j-1]
				}
			}
		}
	}
	if n == 0 {
		l.ndim, l.shape[0] = 1, 1
		for i := range l.nops {
			l.str[i][0] = 0
		}
		return
	}
	m := 0
	for k := 1; k < n; k++ {
		merge := true
		for i := range l.nops {
			if l.str[i][m] != l.str[i][k]*l.shape[k] {
				merge = false
				break
			}
		}
		if merge {
			l.shape[m] *= l.shape[k]
		} else {
			m++
			l.shape[m] = l.shape[k]
		}
		for i := range l.nops {
			l.str[i][m] = l.str[i][k]
		}
	}
	l.ndim = m + 1
}

// advance steps idx over the outer axes (all but the last) in row-major
// order, moving the offsets with it; false once every row was visited.
func (l *loop) advance(idx *[MaxDims]int, off *[maxOps]int) bool {
	for ax := l.ndim - 2; ax >= 0; ax-- {
		idx[ax]++
		for i := range l.nops {
			off[i] += l.str[i][ax]
		}
		if idx[ax] < l.shape[ax] {
			return true
		}
		for i := range l.nops {
			off[i] -= l.shape[ax] * l.str[i][ax]
		}
		idx[ax] = 0
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// kernel is an element-wise operation on dense rows of equal length: d is
// written from x, y and z. Inputs an operation does not take are nil. A
// kernel is a small value type (an operation code and its scalars), not a
// func value, so that nothing it is given escapes to the heap.
//
// runS is the form with a scalar second operand, for rows where y is
// broadcast along the row (a matrix plus a column); it reports false,
// doing nothing, for operations without one.
type kernel[D, X, Y nd.Number] interface {
	run(d []D, x []X, y, z []Y)
	runS(d []D, x []X, s Y) bool
}

// apply runs k over dst and up to three inputs broadcast to dst's shape (y
// and z may be nil). Everything was validated by the caller: apply cannot
// fail, which is what keeps a result from being half-written. Dense
// operands of equal shape and layout go to the kernel in one call (split
// across goroutines when large); anything else walks rows, gathering
// strided or broadcast rows into scratch blocks.
func apply[D, X, Y nd.Number, K kernel[D, X, Y]](k K, dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) {
	if d, xs, ys, zs, ok := flat(dst, x, y, z); ok {
		runFlat(k, d, xs, ys, zs)
		return
	}
	applyStrided(k, dst, x, y, z)
}

// applyStrided is apply's general path.
func applyStrided[D, X, Y nd.Number, K kernel[D, X, Y]](k K, dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) {
	if dst.Size() == 0 {
		return
	}
	var l loop
	l.ndim = dst.NDim()
	for i := range l.ndim {
		l.shape[i] = dst.Dim(i)
	}
	dd := bind(&l, 0, dst)
	xd := bind(&l, 1, x)
	var yd, zd []Y
	if y != nil {
		yd = bind(&l, 2, y)
	}
	if z != nil {
		zd = bind(&l, 3, z)
	}
	l.compact(true)
	in := l.ndim - 1
	n := l.shape[in]
	ds, xs, ys, zs := l.str[0][in], l.str[1][in], l.str[2][in], l.str[3][in]
	dense := ds == 1 && xs == 1 && (y == nil || ys == 1) && (z == nil || zs == 1)
	if ds == 1 && xs == 1 && y != nil && ys == 0 && z == nil && k.runS(nil, nil, yd[l.off[2]]) {
		var idx [MaxDims]int
		off := l.off
		for {
			k.runS(dd[off[0]:off[0]+n], xd[off[1]:off[1]+n], yd[off[2]])
			if !l.advance(&idx, &off) {
				return
			}
		}
	}
	if dense && l.ndim == 1 {
		o := l.off
		runFlat(k, dd[o[0]:o[0]+n], xd[o[1]:o[1]+n], part(yd, o[2], n), part(zd, o[3], n))
		return
	}
	if ds == 1 && l.ndim >= 2 && (across(&l, 1) || y != nil && across(&l, 2) || z != nil && across(&l, 3)) {
		applyTiles(k, &l, dd, xd, yd, zd)
		return
	}
	var sc *scratch
	var bd []D
	var bx []X
	var by, bz []Y
	step := n
	if !dense {
		sc = scratchPool.Get().(*scratch)
		defer scratchPool.Put(sc)
		bd, bx, by, bz = scratchOf[D](sc, 0), scratchOf[X](sc, 1), scratchOf[Y](sc, 2), scratchOf[Y](sc, 3)
		step = chunk
	}
	var idx [MaxDims]int
	off := l.off
	for {
		for c := 0; c < n; c += step {
			m := min(step, n-c)
			xr := gather(bx, xd, off[1]+c*xs, xs, m)
			var yr, zr []Y
			if y != nil {
				yr = gather(by, yd, off[2]+c*ys, ys, m)
			}
			if z != nil {
				zr = gather(bz, zd, off[3]+c*zs, zs, m)
			}
			if ds == 1 {
				k.run(dd[off[0]+c:off[0]+c+m], xr, yr, zr)
				continue
			}
			k.run(bd[:m], xr, yr, zr)
			for i, v := range bd[:m] {
				dd[off[0]+(c+i)*ds] = v
			}
		}
		if !l.advance(&idx, &off) {
			return
		}
	}
}

// flat returns the operands as dense slices when dst is dense and every
// input has dst's shape and layout, so that their storage orders agree.
// It is the hot path of every small operation: each test is a field load.
func flat[D, X, Y nd.Number](dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) (d []D, xs []X, ys, zs []Y, ok bool) {
	l := dst.Layout()
	if l == nd.Strided || x.Layout() != l || !nd.SameShape(dst, x) {
		return
	}
	if y != nil && (y.Layout() != l || !nd.SameShape(dst, y)) || z != nil && (z.Layout() != l || !nd.SameShape(dst, z)) {
		return
	}
	return dense(dst), dense(x), dense(y), dense(z), true
}

// dense returns the elements of a dense array (nil for a nil array).
func dense[T nd.Number](a *nd.Array[T]) []T {
	if a == nil {
		return nil
	}
	data, off, _ := a.Storage()
	return data[off : off+a.Size() : off+a.Size()]
}

// part returns s[off:off+n], or nil for a nil s.
func part[T any](s []T, off, n int) []T {
	if s == nil {
		return nil
	}
	return s[off : off+n]
}

// gather returns the m elements of data from off with the given stride:
// data itself when they are dense, otherwise a copy in buf.
func gather[T any](buf, data []T, off, stride, m int) []T {
	if m == 0 {
		return nil
	}
	if stride == 1 {
		return data[off : off+m]
	}
	buf = buf[:m]
	for i := range buf {
		buf[i] = data[off+i*stride]
	}
	return buf
}

// runFlat runs k over dense slices of equal length, split across
// goroutines when they are long enough for that to pay.
func runFlat[D, X, Y nd.Number, K kernel[D, X, Y]](k K, d []D, x []X, y, z []Y) {
	if len(d) >= minParallel {
		if w := workers(len(d) * weightOf[D](&k)); w > 1 {
			runParallel(k, w, d, x, y, z)
			return
		}
	}
	k.run(d, x, y, z)
}

// runParallel is runFlat's split, apart so that the closure it needs costs
// nothing on the common path.
func runParallel[D, X, Y nd.Number, K kernel[D, X, Y]](k K, w int, d []D, x []X, y, z []Y) {
	parallelFor(len(d), w, func(lo, hi int) {
		k.run(d[lo:hi], x[lo:hi], part(y, lo, hi-lo), part(z, lo, hi-lo))
	})
}

// scratch is the gather space of one strided operation: one block per
// operand, each holding chunk elements of any kind.
type scratch [maxOps][scratchBytes]byte

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// scratchOf views block i of sc as elements of T.
func scratchOf[T any](sc *scratch, i int) []T {
	var zero T
	return unsafe.Slice((*T)(unsafe.Pointer(&sc[i][0])), scratchBytes/int(unsafe.Sizeof(zero)))
}

// broadcastShape writes into out the shape that the present (non-nil)
// inputs broadcast to and returns its number of dimensions.
func broadcastShape[X, Y nd.Number](name string, out *[MaxDims]int, x *nd.Array[X], y, z *nd.Array[Y]) (int, error) {
	n := x.NDim()
	if y != nil {
		n = max(n, y.NDim())
	}
	if z != nil {
		n = max(n, z.NDim())
	}
	if n > MaxDims {
		return 0, errtext.Errorf("ops: %s: %w: %d dimensions (at most %d)", name, nd.ErrShape, n, MaxDims)
	}
	for i := range n {
		out[i] = 1
	}
	ok := widen(out, n, x)
	if y != nil {
		ok = ok && widen(out, n, y)
	}
	if z != nil {
		ok = ok && widen(out, n, z)
	}
	if !ok {
		return 0, errtext.Errorf("ops: %s: %w: shapes %s do not broadcast", name, nd.ErrShape, shapes(x, y, z))
	}
	return n, nil
}

// widen merges a's shape into out (n dimensions) by NumPy's rule; false if
// they do not broadcast.
func widen[T nd.Number](out *[MaxDims]int, n int, a *nd.Array[T]) bool {
	shift := n - a.NDim()
	for j := range a.NDim() {
		d, o := a.Dim(j), &out[j+shift]
		switch {
		case d == *o || d == 1:
		case *o == 1:
			*o = d
		default:
			return false
		}
	}
	return true
}

// fits reports whether a broadcasts to dst's shape without changing it.
func fits[D, T nd.Number](dst *nd.Array[D], a *nd.Array[T]) bool {
	if nd.SameShape(dst, a) {
		return true
	}
	shift := dst.NDim() - a.NDim()
	if shift < 0 {
		return false
	}
	for j := range a.NDim() {
		if d := a.Dim(j); d != 1 && d != dst.Dim(j+shift) {
			return false
		}
	}
	return true
}

// shapes formats the shapes of the present arrays for an error message.
func shapes[X, Y nd.Number](x *nd.Array[X], y, z *nd.Array[Y]) string {
	s := []string{fmt.Sprint(x.Shape())}
	for _, a := range []*nd.Array[Y]{y, z} {
		if a != nil {
			s = append(s, fmt.Sprint(a.Shape()))
		}
	}
	return strings.Join(s, " and ")
}

// live returns an error wrapping the first released array's Err, or dst's
// Writable error when it may not be written (a file mapped read-only).
func live[D, X, Y nd.Number](name string, dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) error {
	err := x.Err()
	if err == nil && dst != nil {
		err = dst.Err()
		if err == nil {
			err = dst.Writable()
		}
	}
	if err == nil && y != nil {
		err = y.Err()
	}
	if err == nil && z != nil {
		err = z.Err()
	}
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	return nil
}

// newOp validates the inputs, allocates the broadcast result from opts'
// allocator and fills it with k. On error nothing is allocated.
func newOp[D, X, Y nd.Number, K kernel[D, X, Y]](name string, k K, x *nd.Array[X], y, z *nd.Array[Y], opts []nd.Option) (*nd.Array[D], error) {
	if err := live[D](name, nil, x, y, z); err != nil {
		return nil, err
	}
	var shape [MaxDims]int
	n, err := broadcastShape(name, &shape, x, y, z)
	if err != nil {
		return nil, err
	}
	dst, err := newResult[D](name, shape[:n], opts)
	if err != nil {
		return nil, err
	}
	apply(k, dst, x, y, z)
	return dst, nil
}

// newResult allocates an operation's result through opts' allocator, or
// returns an error: a failed allocation, or an allocator whose memory is
// read-only (nd.ErrReadOnly; nothing is left allocated).
func newResult[D nd.Number](name string, shape []int, opts []nd.Option) (*nd.Array[D], error) {
	dst, err := nd.Empty[D](shape, opts...)
	if err == nil {
		if err = dst.Writable(); err != nil {
			dst.Free()
		}
	}
	if err != nil {
		return nil, errtext.Errorf("ops: %s: %w", name, err)
	}
	return dst, nil
}

// intoOp validates dst and the inputs and, only if all is well, writes
// k's result into dst. It allocates nothing unless an input partly
// overlaps dst (see unaliased).
func intoOp[D, X, Y nd.Number, K kernel[D, X, Y]](name string, k K, dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) error {
	if err := live(name, dst, x, y, z); err != nil {
		return err
	}
	alias := partly(dst, x) || y != nil && partly(dst, y) || z != nil && partly(dst, z)
	if d, xs, ys, zs, ok := flat(dst, x, y, z); ok && !alias {
		runFlat(k, d, xs, ys, zs)
		return nil
	}
	if !fits(dst, x) || (y != nil && !fits(dst, y)) || (z != nil && !fits(dst, z)) {
		var shape [MaxDims]int
		if _, err := broadcastShape(name, &shape, x, y, z); err != nil {
			return err
		}
		return errtext.Errorf("ops: %s: %w: shapes %s do not broadcast to dst shape %v", name, nd.ErrShape, shapes(x, y, z), dst.Shape())
	}
	if alias {
		return unaliased(name, k, dst, x, y, z)
	}
	applyStrided(k, dst, x, y, z)
	return nil
}

// partly reports whether a shares memory with dst other than as the very
// same view (nd.Partial): writing dst could then change elements of a
// before they are read.
func partly[D, T nd.Number](dst *nd.Array[D], a *nd.Array[T]) bool {
	return nd.Overlaps(dst, a) == nd.Partial
}

// unaliased is intoOp for inputs that partly overlap dst: as NumPy does,
// each such input is copied to a temporary first (on mem.Default, freed
// before returning), so the result is what separate memory would give.
func unaliased[D, X, Y nd.Number, K kernel[D, X, Y]](name string, k K, dst *nd.Array[D], x *nd.Array[X], y, z *nd.Array[Y]) error {
	x, freeX, err := unalias(dst, x)
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	defer freeX()
	y, freeY, err := unalias(dst, y)
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	defer freeY()
	z, freeZ, err := unalias(dst, z)
	if err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	defer freeZ()
	applyStrided(k, dst, x, y, z)
	return nil
}

// unalias returns a, or a temporary copy of it when it partly overlaps dst,
// with the function that frees the copy.
func unalias[D, T nd.Number](dst *nd.Array[D], a *nd.Array[T]) (*nd.Array[T], func(), error) {
	if a == nil || !partly(dst, a) {
		return a, func() {}, nil
	}
	c, err := a.Clone()
	if err != nil {
		return nil, nil, fmt.Errorf("dst overlaps an input and a temporary copy of it failed: %w", err)
	}
	return c, func() { c.Free() }, nil
}

// across reports whether operand i of l runs densely across the loop's
// rows instead of along them (a transposed matrix, when dst is
// row-major): its stride is 1 along the next-to-last axis and not along
// the last.
func across(l *loop, i int) bool {
	in := l.ndim - 1
	return l.str[i][in-1] == 1 && l.str[i][in] != 1
}

// tileCols is the width of applyTiles' tiles: the length of each kernel
// call.
const tileCols = chunk

// tileBytes is one tile of one operand: tileCols elements of each of up
// to 64 bytes' worth of rows (one cache line of the operand it is read
// from).
const tileBytes = 64 * tileCols

// tiles holds the tiles of the three inputs of one applyTiles call.
type tiles [maxOps - 1][tileBytes]byte

var tilePool = sync.Pool{New: func() any { return new(tiles) }}

// applyTiles is applyStrided for a dst whose rows are dense while an
// input runs across them (a + a.T): the last two axes are cut into tiles
// of a few rows (one cache line of the widest input) by tileCols columns.
// A tile of an input that runs across the rows is read cache line by
// cache line, one line per column, and transposed into scratch; then the
// kernel runs over whole tile rows, tileCols elements a call, of dst and
// of every input (read in place where dense along the row, through the
// scratch where transposed, gathered otherwise). Tiles go down a block of
// columns before moving right, so that the rows a transposed input is
// read from stay within a few hundred pages while they are reused.
func applyTiles[D, X, Y nd.Number, K kernel[D, X, Y]](k K, l *loop, dd []D, xd []X, yd, zd []Y) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	tl := tilePool.Get().(*tiles)
	defer tilePool.Put(tl)
	in := l.ndim - 1
	x := tiled[X]{data: xd, row: l.str[1][in-1], col: l.str[1][in], tile: tileOf[X](tl, 0), buf: scratchOf[X](sc, 1)}
	y := tiled[Y]{data: yd, row: l.str[2][in-1], col: l.str[2][in], tile: tileOf[Y](tl, 1), buf: scratchOf[Y](sc, 2)}
	z := tiled[Y]{data: zd, row: l.str[3][in-1], col: l.str[3][in], tile: tileOf[Y](tl, 2), buf: scratchOf[Y](sc, 3)}
	rows, cols := l.shape[in-1], l.shape[in]
	tb := 64 / max(sizeOf[X](), sizeOf[Y]())
	dr := l.str[0][in-1]
	// The outer axes (all but the last two) are walked as one loop.
	outer := *l
	outer.ndim--
	var idx [MaxDims]int
	off := l.off
	for {
		for c0 := 0; c0 < cols; c0 += tileCols {
			cw := min(tileCols, cols-c0)
			for r0 := 0; r0 < rows; r0 += tb {
				rh := min(tb, rows-r0)
				x.fill(off[1], r0, rh, c0, cw)
				y.fill(off[2], r0, rh, c0, cw)
				z.fill(off[3], r0, rh, c0, cw)
				for r := r0; r < r0+rh; r++ {
					d := off[0] + r*dr + c0
					k.run(dd[d:d+cw], x.at(off[1], r, r-r0, c0, cw), y.at(off[2], r, r-r0, c0, cw), z.at(off[3], r, r-r0, c0, cw))
				}
			}
		}
		if !outer.advance(&idx, &off) {
			return
		}
	}
}

// tiled is one input of applyTiles: its elements and its strides along
// the rows (row) and along the last axis (col), with its tile and gather
// scratch. A nil data stands for an absent input.
type tiled[T nd.Number] struct {
	data      []T
	row, col  int
	tile, buf []T
}

// fill transposes the rows r0 .. r0+rh-1, columns c0 .. c0+cw-1 of an
// input that runs across the rows into its tile, row after row of cw
// elements; it does nothing for other inputs.
func (t *tiled[T]) fill(off, r0, rh, c0, cw int) {
	if t.data == nil || t.row != 1 || t.col == 1 {
		return
	}
	tile := t.tile[:rh*cw]
	for c := range cw {
		src := t.data[off+r0+(c0+c)*t.col:][:rh]
		for r, v := range src {
			tile[r*cw+c] = v
		}
	}
}

// at returns row r (row i of the current tile), columns c0 .. c0+cw-1,
// of the input: from its tile, in place, or gathered; nil for an absent
// input.
func (t *tiled[T]) at(off, r, i, c0, cw int) []T {
	switch {
	case t.data == nil:
		return nil
	case t.row == 1 && t.col != 1:
		return t.tile[i*cw : i*cw+cw]
	}
	return gather(t.buf, t.data, off+r*t.row+c0*t.col, t.col, cw)
}

// tileOf views tile i of tl as elements of T.
func tileOf[T any](tl *tiles, i int) []T {
	var zero T
	return unsafe.Slice((*T)(unsafe.Pointer(&tl[i][0])), tileBytes/int(unsafe.Sizeof(zero)))
}
