package expr

import (
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

const (
	maxDims = ops.MaxDims
	// MaxLeaves is the most distinct arrays one expression may read.
	MaxLeaves = 15
	maxOps    = MaxLeaves + 1 // the leaves and the destination
)

// walk is the traversal of one evaluation: a loop shape, and for each
// operand (the leaves, then the destination) its offset and its strides
// over the loop (0 along broadcast axes). Positions are flat indices in
// the loop's row-major order; a block is a run of them, which may cross
// rows.
type walk struct {
	ndim, nops int
	shape      [maxDims]int
	str        [maxOps][maxDims]int
	off        [maxOps]int
}

// setShape starts a walk over shape with no operands bound.
func (w *walk) setShape(shape []int) {
	*w = walk{ndim: len(shape)}
	copy(w.shape[:], shape)
}

// bind sets operand k from an array that broadcasts to the loop's shape:
// its axes are aligned with the loop's last ones, and axes where it has
// length 1 get stride 0.
func bind[T nd.Float](w *walk, k int, a *nd.Array[T]) {
	_, off, str := a.Storage()
	w.off[k] = off
	shift := w.ndim - len(str)
	for j := range w.ndim {
		w.str[k][j] = 0
		if j >= shift && a.Dim(j-shift) != 1 {
			w.str[k][j] = str[j-shift]
		}
	}
	w.nops = max(w.nops, k+1)
}

// moveLast moves axis ax to the end of the loop.
func (w *walk) moveLast(ax int) {
	for j := ax; j < w.ndim-1; j++ {
		w.shape[j], w.shape[j+1] = w.shape[j+1], w.shape[j]
		for k := range w.nops {
			w.str[k][j], w.str[k][j+1] = w.str[k][j+1], w.str[k][j]
		}
	}
}

// compact drops axes of length 1 and merges neighbouring axes that are
// one evenly strided run in every operand, which keeps the order of the
// positions; with order set it first sorts the axes by decreasing stride
// of operand key, the cache-friendly order for results whose order does
// not matter. A walk over one element keeps one axis of length 1.
func (w *walk) compact(order bool, key int) {
	n := 0
	for j := range w.ndim {
		if w.shape[j] == 1 {
			continue
		}
		w.shape[n] = w.shape[j]
		for k := range w.nops {
			w.str[k][n] = w.str[k][j]
		}
		n++
	}
	if n == 0 {
		w.ndim, w.shape[0] = 1, 1
		for k := range w.nops {
			w.str[k][0] = 0
		}
		return
	}
	if order {
		for j := 1; j < n; j++ { // insertion sort, stable
			for i := j; i > 0 && abs(w.str[key][i-1]) < abs(w.str[key][i]); i-- {
				w.shape[i-1], w.shape[i] = w.shape[i], w.shape[i-1]
				for k := range w.nops {
					w.str[k][i-1], w.str[k][i] = w.str[k][i], w.str[k][i-1]
				}
			}
		}
	}
	m := 0
	for j := 1; j < n; j++ {
		merge := true
		for k := range w.nops {
			if w.str[k][m] != w.str[k][j]*w.shape[j] {
				merge = false
				break
			}
		}
		if merge {
			w.shape[m] *= w.shape[j]
		} else {
			m++
			w.shape[m] = w.shape[j]
		}
		for k := range w.nops {
			w.str[k][m] = w.str[k][j]
		}
	}
	w.ndim = m + 1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// size is the number of positions of the loop.
func (w *walk) size() int {
	n := 1
	for _, d := range w.shape[:w.ndim] {
		n *= d
	}
	return n
}

// inner is the length of the loop's rows.
func (w *walk) inner() int { return w.shape[w.ndim-1] }

// unitRows reports whether every operand's rows are dense (stride 1), so
// that span finds any run within a row in place.
func (w *walk) unitRows() bool {
	for k := range w.nops {
		if w.str[k][w.ndim-1] != 1 {
			return false
		}
	}
	return true
}

// locate sets idx to the multi-index of flat position p.
func (w *walk) locate(p int, idx *[maxDims]int) {
	for j := w.ndim - 1; j > 0; j-- {
		idx[j] = p % w.shape[j]
		p /= w.shape[j]
	}
	idx[0] = p
}

// offset is operand k's element offset at multi-index idx.
func (w *walk) offset(k int, idx *[maxDims]int) int {
	o := w.off[k]
	for j := range w.ndim {
		o += idx[j] * w.str[k][j]
	}
	return o
}

// span returns operand k's n elements from idx as a slice of data when
// they are one dense run, and false otherwise.
func span[T any](w *walk, k int, data []T, idx *[maxDims]int, n int) ([]T, bool) {
	last := w.ndim - 1
	if w.str[k][last] != 1 || idx[last]+n > w.shape[last] {
		return nil, false
	}
	o := w.offset(k, idx)
	return data[o : o+n : o+n], true
}

// move copies operand k's n elements from multi-index idx between data and
// buf, row by row: into buf (a gather) when in is set, out of it (a
// scatter) otherwise.
func move[T any](w *walk, k int, data, buf []T, start *[maxDims]int, n int, in bool) {
	idx := *start
	last := w.ndim - 1
	s := w.str[k][last]
	for i := 0; i < n; {
		o := w.offset(k, &idx)
		run := min(n-i, w.shape[last]-idx[last])
		b := buf[i : i+run]
		if in {
			for j := range b {
				b[j] = data[o+j*s]
			}
		} else {
			for j, v := range b {
				data[o+j*s] = v
			}
		}
		i += run
		idx[last] += run
		for ax := last; ax > 0 && idx[ax] == w.shape[ax]; ax-- {
			idx[ax] = 0
			idx[ax-1]++
		}
	}
}
