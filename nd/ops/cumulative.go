package ops

import (
	"github.com/numgo/numgo/internal/errtext"

	"github.com/numgo/numgo/nd"
)

// CumSum returns the running sums of a along axis (negative counts from
// the end), in a new array of a's shape and kind: element i of a lane is
// the sum of its elements 0..i, added left to right as NumPy's cumsum
// adds them. Integers wrap around in T; for NumPy's widening of small
// integer kinds, pass a wider dst to CumSumInto. For a flattened running
// sum (NumPy's axis=None), reshape to one dimension first.
func CumSum[T nd.Real](a *nd.Array[T], axis int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAlong[T]("CumSum", a, axis, 0, opts, func(d, a *nd.Array[T], ax int) error {
		return cumulate("CumSum", d, a, ax, false)
	})
}

// CumSumInto stores the running sums of a along axis in dst, which must
// have a's shape and may be a itself. The sums are accumulated in dst's
// kind D (CumSumInto(int64Dst, uint8Array, 0) adds in int64, as NumPy
// does).
func CumSumInto[D, T nd.Real](dst *nd.Array[D], a *nd.Array[T], axis int) error {
	return cumulate("CumSumInto", dst, a, axis, false)
}

// CumProd returns the running products of a along axis, as NumPy's
// cumprod, in a new array of a's shape and kind.
func CumProd[T nd.Real](a *nd.Array[T], axis int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAlong[T]("CumProd", a, axis, 0, opts, func(d, a *nd.Array[T], ax int) error {
		return cumulate("CumProd", d, a, ax, true)
	})
}

// CumProdInto stores the running products of a along axis in dst,
// accumulated in dst's kind D.
func CumProdInto[D, T nd.Real](dst *nd.Array[D], a *nd.Array[T], axis int) error {
	return cumulate("CumProdInto", dst, a, axis, true)
}

// cumulate writes the running sums (products with prod) of a's lanes to
// dst's.
func cumulate[D, T nd.Real](name string, dst *nd.Array[D], a *nd.Array[T], axis int, prod bool) error {
	ax, a, free, err := prepAlong(name, dst, a, axis, 0)
	if err != nil {
		return err
	}
	defer free()
	n := a.Dim(ax)
	lanes(dst, a, ax, func(d []D, doff, ds int, s []T, soff, ss int) {
		if prod {
			var acc D = 1
			for i := range n {
				acc *= D(s[soff+i*ss])
				d[doff+i*ds] = acc
			}
			return
		}
		var acc D
		for i := range n {
			acc += D(s[soff+i*ss])
			d[doff+i*ds] = acc
		}
	})
	return nil
}

// Diff returns the n-th discrete difference of a along axis, as NumPy's
// diff: out[i] = a[i+1] - a[i] along the axis, applied n times, so the
// axis shrinks by n (to 0 when n exceeds its length). n = 0 returns a
// copy. Integers wrap around, as NumPy's do. A negative n is an error
// wrapping nd.ErrShape.
func Diff[T nd.Number](a *nd.Array[T], n, axis int, opts ...nd.Option) (*nd.Array[T], error) {
	if n < 0 {
		return nil, errtext.Errorf("ops: Diff: %w: order n = %d is negative", nd.ErrShape, n)
	}
	return newAlong[T]("Diff", a, axis, n, opts, func(d, a *nd.Array[T], ax int) error {
		return DiffInto(d, a, n, ax)
	})
}

// DiffInto stores Diff(a, n, axis) in dst, whose shape must be a's with
// the axis n shorter (0 at least).
func DiffInto[T nd.Number](dst, a *nd.Array[T], n, axis int) error {
	if n < 0 {
		return errtext.Errorf("ops: DiffInto: %w: order n = %d is negative", nd.ErrShape, n)
	}
	ax, a, free, err := prepAlong("DiffInto", dst, a, axis, n)
	if err != nil {
		return err
	}
	defer free()
	m := a.Dim(ax)
	if n >= m && n > 0 {
		return nil // nothing left along the axis
	}
	var buf []T
	if n > 1 {
		buf = make([]T, m)
	}
	lanes(dst, a, ax, func(d []T, doff, ds int, s []T, soff, ss int) {
		switch n {
		case 0:
			for i := range m {
				d[doff+i*ds] = s[soff+i*ss]
			}
		case 1:
			for i := range m - 1 {
				d[doff+i*ds] = s[soff+(i+1)*ss] - s[soff+i*ss]
			}
		default:
			for i := range buf {
				buf[i] = s[soff+i*ss]
			}
			for k := 1; k <= n; k++ {
				for i := range m - k {
					buf[i] = buf[i+1] - buf[i]
				}
			}
			for i, v := range buf[:m-n] {
				d[doff+i*ds] = v
			}
		}
	})
	return nil
}
