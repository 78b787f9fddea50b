package ops

import (
	"github.com/numgo/numgo/internal/errtext"

	"github.com/numgo/numgo/nd"
)

// Operations along an axis that keep it (Sort, CumSum, Diff, Partition, ...)
// walk the input's lanes: the 1-D runs along that axis, one per position of
// the other axes. They take the axis as a plain int, as NumPy's do: an
// AxisSpec's keep-dims and several axes mean nothing to an operation that
// does not reduce.

// lanes calls f once for every lane of src along axis together with the
// lane of dst at the same position of the other axes, whose lengths must
// be src's. f gets both buffers and each lane's first element and stride;
// the lanes' lengths are the callers' to know. Nothing is called when src
// is empty: when another axis has length 0 there are no lanes, and when
// the axis itself has there is nothing in them (and the offsets of lanes
// of length 0, computed from the other axes' strides, may lie past the
// end of an empty buffer).
func lanes[D, S nd.Number](dst *nd.Array[D], src *nd.Array[S], axis int, f func(d []D, doff, ds int, s []S, soff, ss int)) {
	if src.Size() == 0 {
		return
	}
	dd, doff, dstr := dst.Storage()
	sd, soff, sstr := src.Storage()
	var l loop
	l.nops, l.off[0], l.off[1] = 2, doff, soff
	for i := range src.NDim() {
		if i == axis {
			continue
		}
		l.shape[l.ndim], l.str[0][l.ndim], l.str[1][l.ndim] = src.Dim(i), dstr[i], sstr[i]
		l.ndim++
	}
	ds, ss := dstr[axis], sstr[axis]
	l.compact(false)
	in := l.ndim - 1
	var idx [MaxDims]int
	off := l.off
	for {
		for j := range l.shape[in] {
			f(dd, off[0]+j*l.str[0][in], ds, sd, off[1]+j*l.str[1][in], ss)
		}
		if !l.advance(&idx, &off) {
			return
		}
	}
}

// laneAxis normalises axis (negative counts from the end) for an
// operation named name along an axis of a.
func laneAxis[T nd.Number](name string, a *nd.Array[T], axis int) (int, error) {
	if axis < -a.NDim() || axis >= a.NDim() {
		return 0, errtext.Errorf("ops: %s: %w: axis %d out of range for shape %v", name, nd.ErrShape, axis, a.Shape())
	}
	if axis < 0 {
		axis += a.NDim()
	}
	return axis, nil
}

// checkLive returns an error naming name when an input array's memory was
// released or dst (when not nil) may not be written.
func checkLive[D, S nd.Number](name string, dst *nd.Array[D], src *nd.Array[S]) error {
	return live[D, S, S](name, dst, src, nil, nil)
}

// checkAlong checks that dst has src's shape except along axis, where
// its length must be n, for an operation named name. It allocates only to
// report a mismatch.
func checkAlong[D, S nd.Number](name string, dst *nd.Array[D], src *nd.Array[S], axis, n int) error {
	ok := dst.NDim() == src.NDim()
	for i := 0; ok && i < src.NDim(); i++ {
		want := src.Dim(i)
		if i == axis {
			want = n
		}
		ok = dst.Dim(i) == want
	}
	if !ok {
		want := src.Shape()
		if axis < len(want) {
			want[axis] = n
		}
		return errtext.Errorf("ops: %s: %w: dst has shape %v, want %v", name, nd.ErrShape, dst.Shape(), want)
	}
	return nil
}

// newLike allocates the result of an operation named name with the given
// shape from opts' allocator, wrapping the error with the name.
func newLike[D nd.Number](name string, shape []int, opts []nd.Option) (*nd.Array[D], error) {
	d, err := nd.Empty[D](shape, opts...)
	if err != nil {
		return nil, errtext.Errorf("ops: %s: %w", name, err)
	}
	return d, nil
}
