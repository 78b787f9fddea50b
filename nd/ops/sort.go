package ops

import (
	"github.com/numgo/numgo/internal/errtext"
	"math"
	"math/bits"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd"
)

// Sorting works on keys: every element is mapped to a uint64 whose
// unsigned order is NumPy's order of the values (floats: -Inf < ... < -0 =
// +0 < ... < +Inf < NaN, every NaN equal to every other), and the keys are
// sorted by a most-significant-digit radix sort (sortBits). A radix sort
// is stable, so Sort and ArgSort are always stable: NumPy's kind="stable"
// is the reference, and there is no unstable kind to ask for, since
// stability costs nothing here.

const (
	radixBits = 11
	radixSize = 1 << radixBits
	// smallSort is the run length up to which keys are sorted by
	// insertion: below it a radix pass's counters cost more than the
	// quadratic loop.
	smallSort = 48
)

// sorter holds the scratch space of one sorting operation, sized for its
// lanes and reused from lane to lane.
type sorter struct {
	keys, tmp []uint64
	idx, itmp []int
	special   []uint64 // sortLane's zeros and NaNs, in input order
	withIdx   bool     // indices travel with the keys (ArgSort, Unique)
	inDst     bool     // sortLane builds the keys in the destination
}

// sorters keeps sorters between calls: sorting 16M float64s takes 128 MiB
// of scratch, and touching fresh memory for the first time (a page fault
// per 4 KiB) cost about as much as a radix pass. The garbage collector
// empties the pool, so idle scratch does not stay.
var sorters sync.Pool

// newSorter returns scratch for lanes of n elements, with index arrays when
// withIdx is set and a key array unless keysInDst (when sortLane builds
// the keys in the destination's own memory). Give it back with release.
func newSorter(n int, withIdx, keysInDst bool) *sorter {
	s, _ := sorters.Get().(*sorter)
	if s == nil {
		s = &sorter{}
	}
	s.withIdx, s.inDst = withIdx, keysInDst
	if !keysInDst {
		s.keys = fit(s.keys, n)
	}
	if withIdx {
		s.idx = fit(s.idx, n)
	}
	if n > smallSort {
		s.tmp = fit(s.tmp, n)
		if withIdx {
			s.itmp = fit(s.itmp, n)
		}
	}
	return s
}

// release gives s back to the pool.
func (s *sorter) release() { sorters.Put(s) }

// fit returns buf with length n, reallocated when too small.
func fit[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// keyStats counts what toKeys saw: negative values (not -0), zeros of
// either sign, negative zeros and NaNs.
type keyStats struct{ neg, zeros, negZeros, nans int }

const (
	sign64   = 1 << 63
	nanKey64 = 0x7ff8000000000000 // every float64 NaN sorts as this one
	nanKey32 = 0x7fc00000
)

// toKeys fills keys with the sort keys of the n elements of s from off
// with stride st. When special is not nil, the bits of every zero and NaN
// are appended to it in input order.
func toKeys[T nd.Real](keys []uint64, s []T, off, st int, special *[]uint64) keyStats {
	var ks keyStats
	keys = keys[:len(keys):len(keys)]
	switch kindOf[T]() {
	case kF64:
		x := as[float64](s)
		for i := range keys {
			b := math.Float64bits(x[off+i*st])
			switch {
			case b<<1 == 0:
				ks.zeros++
				ks.negZeros += int(b >> 63)
				if special != nil {
					*special = append(*special, b)
				}
				b = 0
			case b&^sign64 > 0x7ff0000000000000:
				ks.nans++
				if special != nil {
					*special = append(*special, b)
				}
				b = nanKey64
			default:
				ks.neg += int(b >> 63)
			}
			keys[i] = b ^ (uint64(int64(b)>>63) | sign64)
		}
	case kF32:
		x := as[float32](s)
		for i := range keys {
			b := math.Float32bits(x[off+i*st])
			switch {
			case b<<1 == 0:
				ks.zeros++
				ks.negZeros += int(b >> 31)
				if special != nil {
					*special = append(*special, uint64(b))
				}
				b = 0
			case b&^(1<<31) > 0x7f800000:
				ks.nans++
				if special != nil {
					*special = append(*special, uint64(b))
				}
				b = nanKey32
			default:
				ks.neg += int(b >> 31)
			}
			keys[i] = uint64(b ^ (uint32(int32(b)>>31) | 1<<31))
		}
	default:
		if keySigned[T]() {
			for i := range keys {
				keys[i] = uint64(int64(s[off+i*st])) ^ sign64
			}
		} else {
			for i := range keys {
				keys[i] = uint64(s[off+i*st])
			}
		}
	}
	return ks
}

// keySigned reports whether the Real kind T is signed (floats are);
// folded per instantiation.
func keySigned[T nd.Real]() bool {
	var m T
	m--
	return m < 0
}

// fromKeys writes the values of sorted keys to d from off with stride st.
func fromKeys[T nd.Real](d []T, off, st int, keys []uint64) {
	switch kindOf[T]() {
	case kF64:
		x := as[float64](d)
		for i, k := range keys {
			if k>>63 != 0 {
				k ^= sign64
			} else {
				k = ^k
			}
			x[off+i*st] = math.Float64frombits(k)
		}
	case kF32:
		x := as[float32](d)
		for i, k := range keys {
			b := uint32(k)
			if b>>31 != 0 {
				b ^= 1 << 31
			} else {
				b = ^b
			}
			x[off+i*st] = math.Float32frombits(b)
		}
	default:
		if keySigned[T]() {
			for i, k := range keys {
				d[off+i*st] = T(int64(k ^ sign64))
			}
		} else {
			for i, k := range keys {
				d[off+i*st] = T(k)
			}
		}
	}
}

// sortKeys sorts keys (carrying s.idx along when it is not nil) and
// returns the sorted keys and indices, which are in either keys or s.tmp.
func (s *sorter) sortKeys(keys []uint64) ([]uint64, []int) {
	n := len(keys)
	var idx []int
	if s.withIdx {
		idx = s.idx[:n]
	}
	if n <= smallSort {
		insertionKeys(keys, idx)
		return keys, idx
	}
	var itmp []int
	if idx != nil {
		itmp = s.itmp[:n]
	}
	sortBits(keys, s.tmp[:n], idx, itmp, 64, false)
	return keys, idx
}

// insertionKeys sorts keys stably by insertion, moving idx (if not nil)
// alongside.
func insertionKeys(keys []uint64, idx []int) {
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		j := i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = k
		if idx != nil {
			v := idx[i]
			copy(idx[j+1:i+1], idx[j:i])
			idx[j] = v
		}
	}
}

// sortBits sorts the keys in a stably on their low top bits (the higher
// ones being equal) and leaves the result in b when toB is set, in a
// otherwise; b is scratch of a's length, and ia and ib (when ia is not
// nil) travel alongside. It is a most-significant-digit radix sort: one
// pass counts the top digit, one scatters the keys into their buckets
// (from a into b), and each bucket is sorted the same way on the bits
// below, in the other direction, so no bucket is ever copied back.
// Buckets of up to smallSort keys are sorted by insertion. The digit
// narrows with the run, about log₂(n)-3 bits (at most 11), so that the
// 2^bits counters never outweigh the keys; a digit every key shares costs
// a counting pass only.
func sortBits(a, b []uint64, ia, ib []int, top int, toB bool) {
	n := len(a)
	if n <= smallSort || top == 0 {
		if n > 1 && top > 0 {
			insertionKeys(a, ia)
		}
		if toB {
			copy(b, a)
			if ia != nil {
				copy(ib, ia)
			}
		}
		return
	}
	width := min(radixBits, max(4, bits.Len(uint(n))-3), top)
	shift := uint(top - width)
	mask := uint64(1)<<width - 1
	var c [radixSize]int
	for _, k := range a {
		c[k>>shift&mask]++
	}
	if c[a[0]>>shift&mask] == n {
		sortBits(a, b, ia, ib, int(shift), toB)
		return
	}
	var at [radixSize]int
	sum := 0
	for i, v := range c[:mask+1] {
		at[i] = sum
		sum += v
	}
	if ia == nil {
		for _, k := range a {
			d := k >> shift & mask
			b[at[d]] = k
			at[d]++
		}
	} else {
		ia := ia[:n]
		for i, k := range a {
			d := k >> shift & mask
			j := at[d]
			b[j] = k
			ib[j] = ia[i]
			at[d]++
		}
	}
	lo := 0
	for _, m := range c[:mask+1] {
		if m > 0 {
			hi := lo + m
			var ja, jb []int
			if ia != nil {
				ja, jb = ia[lo:hi], ib[lo:hi]
			}
			sortBits(b[lo:hi], a[lo:hi], jb, ja, int(shift), !toB)
		}
		lo += m
	}
}

// sortLane writes the n elements of s (from soff, stride ss) sorted to d
// (from doff, stride ds).
func sortLane[T nd.Real](w *sorter, n int, d []T, doff, ds int, s []T, soff, ss int) {
	w.special = w.special[:0]
	keys := w.keys
	if w.inDst { // 8-byte elements, d dense along the lane: keys in place
		keys = as[uint64](d[doff : doff+n])
	}
	ks := toKeys(keys[:n], s, soff, ss, &w.special)
	keys, _ = w.sortKeys(keys[:n])
	fromKeys(d, doff, ds, keys)
	if ks.negZeros == 0 && ks.nans == 0 {
		return
	}
	// Zeros of both signs share a key, and so do all NaNs: put the input's
	// own values back into their runs, in input order (a stable sort's
	// order). They were saved, since d may be s.
	z, q := ks.neg, n-ks.nans
	for _, b := range w.special {
		var v T
		if kindOf[T]() == kF64 {
			v = bitsAs[T](b)
		} else {
			v = bitsAs[T](uint32(b))
		}
		if v == 0 {
			d[doff+z*ds] = v
			z++
		} else {
			d[doff+q*ds] = v
			q++
		}
	}
}

// argSortLane writes to d the indices that sort the lane of s.
func argSortLane[T nd.Real](w *sorter, n int, d []int, doff, ds int, s []T, soff, ss int) {
	toKeys(w.keys[:n], s, soff, ss, nil)
	for i := range n {
		w.idx[i] = i
	}
	_, idx := w.sortKeys(w.keys[:n])
	for i, v := range idx {
		d[doff+i*ds] = v
	}
}

// Sort returns a copy of a sorted along axis (negative counts from the
// end; NumPy's default is -1), in a new array from the options'
// allocator. The order is NumPy's: NaN last, -0 and +0 equal. The sort is
// stable (equal elements keep their order, as NumPy's kind="stable"):
// it is a radix sort on the values' bits, O(n) per lane.
//
// Sort needs scratch space of two uint64s per element of a lane, taken
// from the Go heap for the duration of the call.
func Sort[T nd.Real](a *nd.Array[T], axis int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAlong[T]("Sort", a, axis, 0, opts, SortInto[T])
}

// SortInto stores a sorted along axis in dst, which must have a's shape
// and may be a itself (an in-place sort).
func SortInto[T nd.Real](dst, a *nd.Array[T], axis int) error {
	ax, a, free, err := prepAlong("SortInto", dst, a, axis, 0)
	if err != nil {
		return err
	}
	defer free()
	n := a.Dim(ax)
	_, _, dstr := dst.Storage()
	w := newSorter(n, false, dstr[ax] == 1 && unsafe.Sizeof(*new(T)) == 8)
	defer w.release()
	lanes(dst, a, ax, func(d []T, doff, ds int, s []T, soff, ss int) {
		sortLane(w, n, d, doff, ds, s, soff, ss)
	})
	return nil
}

// ArgSort returns the indices that sort a along axis, as NumPy's
// argsort(kind="stable"): equal elements keep their order, NaN sorts last
// and -0 equals +0.
func ArgSort[T nd.Real](a *nd.Array[T], axis int, opts ...nd.Option) (*nd.Array[int], error) {
	return newAlong[int]("ArgSort", a, axis, 0, opts, ArgSortInto[T])
}

// ArgSortInto stores the indices that sort a along axis in dst, which
// must have a's shape.
func ArgSortInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], axis int) error {
	ax, a, free, err := prepAlong("ArgSortInto", dst, a, axis, 0)
	if err != nil {
		return err
	}
	defer free()
	n := a.Dim(ax)
	w := newSorter(n, true, false)
	defer w.release()
	lanes(dst, a, ax, func(d []int, doff, ds int, s []T, soff, ss int) {
		argSortLane(w, n, d, doff, ds, s, soff, ss)
	})
	return nil
}

// prepAlong validates an operation along axis that writes dst from a:
// liveness, the axis, and dst's shape (a's, with the axis shortened by
// shrink). It returns the normalised axis, and the array to read: a, or a
// temporary copy of it when it partly overlaps dst (as NumPy buffers),
// with the function that frees that copy; the caller defers it.
func prepAlong[D, S nd.Number](name string, dst *nd.Array[D], a *nd.Array[S], axis, shrink int) (int, *nd.Array[S], func(), error) {
	if err := checkLive(name, dst, a); err != nil {
		return 0, nil, nil, err
	}
	ax, err := laneAxis(name, a, axis)
	if err != nil {
		return 0, nil, nil, err
	}
	if err := checkAlong(name, dst, a, ax, max(a.Dim(ax)-shrink, 0)); err != nil {
		return 0, nil, nil, err
	}
	src, free, err := unalias(dst, a)
	if err != nil {
		return 0, nil, nil, errtext.Errorf("ops: %s: %w", name, err)
	}
	return ax, src, free, nil
}

// newAlong allocates the result of an operation along axis (a's shape,
// the axis shortened by shrink) and fills it with into, freeing it if into
// fails.
func newAlong[D, S nd.Number](name string, a *nd.Array[S], axis, shrink int, opts []nd.Option, into func(*nd.Array[D], *nd.Array[S], int) error) (*nd.Array[D], error) {
	if err := checkLive[D](name, nil, a); err != nil {
		return nil, err
	}
	ax, err := laneAxis(name, a, axis)
	if err != nil {
		return nil, err
	}
	shape := a.Shape()
	shape[ax] = max(shape[ax]-shrink, 0)
	dst, err := newLike[D](name, shape, opts)
	if err != nil {
		return nil, err
	}
	if err := into(dst, a, ax); err != nil {
		dst.Free()
		return nil, err
	}
	return dst, nil
}

// floydRivest is the range length above which selectK takes its pivot
// from a sample (Floyd and Rivest's constant).
const floydRivest = 600

// lessNaN is NumPy's sort order: NaN after everything, NaNs equal.
func lessNaN[T nd.Real](a, b T) bool { return a < b || (b != b && a == a) }

// selectK rearranges v (and idx alongside, when not nil) so that v[k] is
// the element a sort would put there, everything before it is not
// greater and everything after it not smaller (NumPy's order: NaN last).
// It is introselect: quickselect falling back to heapsort of the
// remaining range after 2·log₂(n) rounds, so it is O(n) on average and
// O(n log n) at worst. Above floydRivest elements the pivot is Floyd and
// Rivest's: the k-th of a sample around k (selected recursively), offset
// so that the partition leaves k near one end of the smaller side; about
// n + min(k, n-k) comparisons instead of quickselect's 2.75n for a median.
// Below, the pivot is the median of three.
func selectK[T nd.Real](v []T, idx []int, k int) {
	lo, hi := 0, len(v)-1
	depth := 2 * bits.Len(uint(len(v)))
	for hi-lo > 16 {
		if depth == 0 {
			heapSort(v, idx, lo, hi+1)
			return
		}
		depth--
		var p T
		if n := hi - lo + 1; n > floydRivest {
			fn, i := float64(n), float64(k-lo+1)
			z := math.Log(fn)
			s := 0.5 * math.Exp(2*z/3)
			sd := 0.5 * math.Sqrt(z*s*(fn-s)/fn)
			if i < fn/2 {
				sd = -sd
			}
			sl := max(lo, int(float64(k)-i*s/fn+sd))
			sr := min(hi, int(float64(k)+(fn-i)*s/fn+sd))
			var sub []int
			if idx != nil {
				sub = idx[sl : sr+1]
			}
			selectK(v[sl:sr+1], sub, k-sl)
			p = v[k]
		} else {
			mid := lo + (hi-lo)/2
			if lessNaN(v[mid], v[lo]) {
				sortSwap(v, idx, mid, lo)
			}
			if lessNaN(v[hi], v[mid]) {
				sortSwap(v, idx, hi, mid)
				if lessNaN(v[mid], v[lo]) {
					sortSwap(v, idx, mid, lo)
				}
			}
			p = v[mid]
		}
		i, j := lo, hi
		for i <= j {
			for lessNaN(v[i], p) {
				i++
			}
			for lessNaN(p, v[j]) {
				j--
			}
			if i <= j {
				sortSwap(v, idx, i, j)
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && lessNaN(v[j], v[j-1]); j-- {
			sortSwap(v, idx, j, j-1)
		}
	}
}

func sortSwap[T any](v []T, idx []int, i, j int) {
	v[i], v[j] = v[j], v[i]
	if idx != nil {
		idx[i], idx[j] = idx[j], idx[i]
	}
}

// heapSort sorts v[lo:hi] (and idx alongside) in NumPy's order.
func heapSort[T nd.Real](v []T, idx []int, lo, hi int) {
	n := hi - lo
	down := func(i, n int) {
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && lessNaN(v[lo+c], v[lo+c+1]) {
				c++
			}
			if !lessNaN(v[lo+i], v[lo+c]) {
				return
			}
			sortSwap(v, idx, lo+i, lo+c)
			i = c
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i, n)
	}
	for i := n - 1; i > 0; i-- {
		sortSwap(v, idx, lo, lo+i)
		down(0, i)
	}
}

// Partition returns a copy of a rearranged along axis so that the element
// at position kth (negative counts from the end) is the one a sort would
// put there, with no greater element before it and no smaller one after
// it, as NumPy's partition. The order within the two sides is unspecified
// (it need not match NumPy's). A kth outside the axis is an error wrapping
// nd.ErrIndex.
func Partition[T nd.Real](a *nd.Array[T], kth, axis int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAlong[T]("Partition", a, axis, 0, opts, func(d, a *nd.Array[T], ax int) error {
		return partitionInto("Partition", d, nil, a, kth, ax)
	})
}

// PartitionInto stores Partition(a, kth, axis) in dst, which must have a's
// shape and may be a itself.
func PartitionInto[T nd.Real](dst, a *nd.Array[T], kth, axis int) error {
	return partitionInto("PartitionInto", dst, nil, a, kth, axis)
}

// ArgPartition returns the indices that would partition a along axis
// around kth (see Partition), as NumPy's argpartition.
func ArgPartition[T nd.Real](a *nd.Array[T], kth, axis int, opts ...nd.Option) (*nd.Array[int], error) {
	return newAlong[int]("ArgPartition", a, axis, 0, opts, func(d *nd.Array[int], a *nd.Array[T], ax int) error {
		return partitionInto("ArgPartition", nil, d, a, kth, ax)
	})
}

// ArgPartitionInto stores ArgPartition(a, kth, axis) in dst.
func ArgPartitionInto[T nd.Real](dst *nd.Array[int], a *nd.Array[T], kth, axis int) error {
	return partitionInto("ArgPartitionInto", nil, dst, a, kth, axis)
}

// partitionInto partitions a's lanes into vals or their indices into idx
// (the other one nil).
func partitionInto[T nd.Real](name string, vals *nd.Array[T], idx *nd.Array[int], a *nd.Array[T], kth, axis int) error {
	var ax int
	var free func()
	var err error
	if vals != nil {
		ax, a, free, err = prepAlong(name, vals, a, axis, 0)
	} else {
		ax, a, free, err = prepAlong(name, idx, a, axis, 0)
	}
	if err != nil {
		return err
	}
	defer free()
	n := a.Dim(ax)
	k := kth
	if k < 0 {
		k += n
	}
	if k < 0 || k >= n {
		return errtext.Errorf("ops: %s: %w: kth %d out of range for axis %d of length %d", name, nd.ErrIndex, kth, ax, n)
	}
	buf := make([]T, n)
	var ibuf []int
	if idx != nil {
		ibuf = make([]int, n)
		lanes(idx, a, ax, func(d []int, doff, ds int, s []T, soff, ss int) {
			for i := range buf {
				buf[i], ibuf[i] = s[soff+i*ss], i
			}
			selectK(buf, ibuf, k)
			for i, v := range ibuf {
				d[doff+i*ds] = v
			}
		})
		return nil
	}
	lanes(vals, a, ax, func(d []T, doff, ds int, s []T, soff, ss int) {
		for i := range buf {
			buf[i] = s[soff+i*ss]
		}
		selectK(buf, nil, k)
		for i, v := range buf {
			d[doff+i*ds] = v
		}
	})
	return nil
}

// Side says which index SearchSorted returns among equal elements.
type Side uint8

const (
	// SearchLeft finds the first index i with a[i] >= v (NumPy's
	// side="left").
	SearchLeft Side = iota
	// SearchRight finds the first index i with a[i] > v (side="right").
	SearchRight
)

// SearchSorted returns, for every element of v, the index at which it
// would be inserted into the sorted one-dimensional a to keep it sorted,
// as NumPy's searchsorted: the result has v's shape. a must be sorted in
// NumPy's order (NaN last); that is not checked. side chooses the first
// (SearchLeft) or the last (SearchRight) such index among equal elements.
func SearchSorted[T nd.Real](a, v *nd.Array[T], side Side, opts ...nd.Option) (*nd.Array[int], error) {
	if err := live[int]("SearchSorted", nil, a, v, nil); err != nil {
		return nil, err
	}
	if a.NDim() != 1 {
		return nil, errtext.Errorf("ops: SearchSorted: %w: a must be one-dimensional, has shape %v", nd.ErrShape, a.Shape())
	}
	dst, err := newLike[int]("SearchSorted", v.Shape(), opts)
	if err != nil {
		return nil, err
	}
	searchSorted(dst, a, v, side)
	return dst, nil
}

// SearchSortedInto stores SearchSorted(a, v, side) in dst, which must have
// v's shape.
func SearchSortedInto[T nd.Real](dst *nd.Array[int], a, v *nd.Array[T], side Side) error {
	if err := live("SearchSortedInto", dst, a, v, nil); err != nil {
		return err
	}
	if a.NDim() != 1 {
		return errtext.Errorf("ops: SearchSortedInto: %w: a must be one-dimensional, has shape %v", nd.ErrShape, a.Shape())
	}
	if !nd.SameShape(dst, v) {
		return errtext.Errorf("ops: SearchSortedInto: %w: dst has shape %v, v has %v", nd.ErrShape, dst.Shape(), v.Shape())
	}
	searchSorted(dst, a, v, side)
	return nil
}

func searchSorted[T nd.Real](dst *nd.Array[int], a, v *nd.Array[T], side Side) {
	ad, aoff, astr := a.Storage()
	n, st := a.Dim(0), astr[0]
	apply(searchK[T]{a: ad, off: aoff, n: n, st: st, right: side == SearchRight}, dst, v, nil, nil)
}

// searchK is SearchSorted's kernel: a binary search of each element of x
// in the sorted lane a.
type searchK[T nd.Real] struct {
	a          []T
	off, n, st int
	right      bool
}

func (k searchK[T]) run(d []int, x []T, _, _ []T) {
	for i, v := range x[:len(d)] {
		lo, hi := 0, k.n
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			e := k.a[k.off+m*k.st]
			// left: first e with !(e < v); right: first e with v < e.
			if k.right && !lessNaN(v, e) || !k.right && lessNaN(e, v) {
				lo = m + 1
			} else {
				hi = m
			}
		}
		d[i] = lo
	}
}

func (searchK[T]) runS([]int, []T, T) bool { return false }

// UniqueResult is what UniqueAll returns, as NumPy's unique with
// return_index, return_inverse and return_counts (or unique_all): the
// sorted distinct values, the flat (row-major) index of each one's first
// occurrence, for every element of the input (flattened) the index of its
// value in Values, and how often each value occurs.
type UniqueResult[T nd.Real] struct {
	Values  *nd.Array[T]
	Indices *nd.Array[int]
	Inverse *nd.Array[int]
	Counts  *nd.Array[int]
}

// Free frees the four arrays.
func (u UniqueResult[T]) Free() error {
	var first error
	for _, err := range []error{freeNil(u.Values), freeNil(u.Indices), freeNil(u.Inverse), freeNil(u.Counts)} {
		if first == nil {
			first = err
		}
	}
	return first
}

func freeNil[T nd.Number](a *nd.Array[T]) error {
	if a == nil {
		return nil
	}
	return a.Free()
}

// Unique returns the sorted distinct elements of a (flattened), as NumPy's
// unique: -0 and +0 are one value, and so are all NaNs (NumPy 1.24's
// equal_nan=True), listed last. Its length depends on the data, so there
// is no Into form.
//
// Unique needs scratch space of three words per element from the Go heap.
func Unique[T nd.Real](a *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	u, err := unique("Unique", a, false, opts)
	return u.Values, err
}

// UniqueAll returns a's distinct values with their first indices, the
// inverse and the counts (see UniqueResult). On error nothing is left
// allocated.
func UniqueAll[T nd.Real](a *nd.Array[T], opts ...nd.Option) (UniqueResult[T], error) {
	return unique("UniqueAll", a, true, opts)
}

func unique[T nd.Real](name string, a *nd.Array[T], all bool, opts []nd.Option) (UniqueResult[T], error) {
	var u UniqueResult[T]
	if err := checkLive[T](name, nil, a); err != nil {
		return u, err
	}
	n := a.Size()
	flat := make([]T, n)
	if err := flattenTo(flat, a); err != nil {
		return u, errtext.Errorf("ops: %s: %w", name, err)
	}
	w := newSorter(n, true, false)
	defer w.release()
	toKeys(w.keys, flat, 0, 1, nil)
	for i := range n {
		w.idx[i] = i
	}
	keys, order := w.sortKeys(w.keys)
	m := 0
	for i := range keys {
		if i == 0 || keys[i] != keys[i-1] {
			m++
		}
	}
	var err error
	if u.Values, err = newLike[T](name, []int{m}, opts); err == nil && all {
		if u.Indices, err = newLike[int](name, []int{m}, opts); err == nil {
			if u.Inverse, err = newLike[int](name, []int{n}, opts); err == nil {
				u.Counts, err = newLike[int](name, []int{m}, opts)
			}
		}
	}
	if err != nil {
		u.Free()
		return UniqueResult[T]{}, err
	}
	vals := u.Values.Data()
	var first, inv, cnt []int
	if all {
		first, inv, cnt = u.Indices.Data(), u.Inverse.Data(), u.Counts.Data()
	}
	j := -1
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			j++
			vals[j] = flat[order[i]]
			if all {
				first[j], cnt[j] = order[i], 0
			}
		}
		if all {
			inv[order[i]] = j
			cnt[j]++
		}
	}
	return u, nil
}

// flattenTo copies a's elements in row-major order into dst (len a.Size()).
func flattenTo[T nd.Number](dst []T, a *nd.Array[T]) error {
	w, err := nd.Wrap(dst, a.Shape())
	if err != nil {
		return err
	}
	return nd.Copy(w, a)
}
