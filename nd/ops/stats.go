package ops

import (
	"errors"
	"github.com/numgo/numgo/internal/errtext"
	"math"

	"github.com/numgo/numgo/nd"
)

// ErrDomain is wrapped by the error of a statistics function given a
// value outside what it accepts: a percentile outside [0, 100], weights
// that sum to zero, a negative value to Bincount, a histogram range that
// is not finite.
var ErrDomain = errors.New("ops: argument out of domain")

// quantR is Median (with median set) or the linear quantile q (in [0, 1])
// of a run, by selection: the run is copied into work, which grows to the
// longest run, and partitioned around the wanted order statistics, O(n)
// on average. A run holding a NaN gives NaN, as NumPy's; an empty one NaN.
type quantR[T nd.Float] struct {
	q      float64
	median bool
	work   *[]T
}

func (r quantR[T]) row(data []T, off, n, s, _ int, _ []T) T {
	if n == 0 {
		return T(math.NaN())
	}
	if cap(*r.work) < n {
		*r.work = make([]T, n)
	}
	w := (*r.work)[:n]
	for i := range w {
		v := data[off+i*s]
		if v != v {
			return v
		}
		w[i] = v
	}
	if r.median {
		// NumPy's median: the middle element, or the mean of the two.
		k := (n - 1) / 2
		selectK(w, nil, k)
		if n%2 == 1 {
			return w[k]
		}
		return (w[k] + minOf(w[k+1:])) / 2
	}
	// NumPy's linear method (Hyndman and Fan's 7th): the virtual index
	// (n-1)·q, interpolated by _lerp's two formulas. As in NumPy 1.24, the
	// difference of the neighbours is taken in T and the rest in float64
	// (NumPy returns that float64; the result here is it rounded to T).
	vi := float64(n-1) * r.q
	prev := int(math.Floor(vi))
	if vi >= float64(n-1) {
		selectK(w, nil, n-1)
		return w[n-1]
	}
	selectK(w, nil, prev)
	lo, hi := w[prev], minOf(w[prev+1:])
	a, b, d := float64(lo), float64(hi), float64(hi-lo)
	g := vi - float64(prev)
	if g >= 0.5 {
		return T(b - d*(1-g))
	}
	return T(a + d*g)
}

// minOf is the smallest element of a non-empty slice without NaN.
func minOf[T nd.Real](x []T) T {
	m := x[0]
	for _, v := range x[1:] {
		m = min(m, v)
	}
	return m
}

func median[T nd.Float]() quantR[T] { return quantR[T]{median: true, work: new([]T)} }

// quantile checks q against [0, top] and returns the reducer of q/top.
func quantile[T nd.Float](name string, q, top float64) (quantR[T], error) {
	if !(q >= 0 && q <= top) {
		return quantR[T]{}, errtext.Errorf("ops: %s: %w: q = %g outside [0, %g]", name, ErrDomain, q, top)
	}
	return quantR[T]{q: q / top, work: new([]T)}, nil
}

// Median returns the median of a's elements, as NumPy's median: the
// middle one by order, or the mean of the two middle ones. It selects
// rather than sorts (O(n) on average), on a copy of the elements from the
// Go heap. A NaN anywhere gives NaN; an empty array gives NaN.
func Median[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("Median", median[T](), a, true, false)
}

// MedianAxis returns the medians along the axes of ax.
//
//	rowMedians, err := ops.MedianAxis(m, ops.Axis(1))
func MedianAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("MedianAxis", median[T](), a, ax, false, opts)
}

// MedianAxisInto stores the medians along the axes of ax in dst.
func MedianAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("MedianAxisInto", median[T](), dst, a, ax, false)
}

// Quantile returns the q-th quantile (q in [0, 1]) of a's elements by
// NumPy's default linear method: the sorted elements' value at the
// virtual index (n-1)·q, linearly interpolated between its neighbours. It
// selects rather than sorts, as Median. q outside [0, 1] (or NaN) is an
// error wrapping ErrDomain; a NaN in a gives NaN.
//
// The result is a T. For float32 NumPy 1.24 returns float64 (its
// interpolation weight is a float64); Quantile returns that float64
// value rounded to float32.
func Quantile[T nd.Float](a *nd.Array[T], q float64) (T, error) {
	k, err := quantile[T]("Quantile", q, 1)
	if err != nil {
		return 0, err
	}
	return reduceAll[T, T]("Quantile", k, a, true, false)
}

// QuantileAxis returns the q-th quantiles along the axes of ax.
func QuantileAxis[T nd.Float](a *nd.Array[T], q float64, ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	k, err := quantile[T]("QuantileAxis", q, 1)
	if err != nil {
		return nil, err
	}
	return newAxis[T, T]("QuantileAxis", k, a, ax, false, opts)
}

// QuantileAxisInto stores the q-th quantiles along the axes of ax in dst.
func QuantileAxisInto[T nd.Float](dst, a *nd.Array[T], q float64, ax AxisSpec) error {
	k, err := quantile[T]("QuantileAxisInto", q, 1)
	if err != nil {
		return err
	}
	return reduceAxis("QuantileAxisInto", k, dst, a, ax, false)
}

// Percentile returns the q-th percentile (q in [0, 100]) of a's elements:
// Quantile(a, q/100), as NumPy's percentile.
//
//	p90, err := ops.Percentile(latencies, 90)
func Percentile[T nd.Float](a *nd.Array[T], q float64) (T, error) {
	k, err := quantile[T]("Percentile", q, 100)
	if err != nil {
		return 0, err
	}
	return reduceAll[T, T]("Percentile", k, a, true, false)
}

// PercentileAxis returns the q-th percentiles along the axes of ax.
func PercentileAxis[T nd.Float](a *nd.Array[T], q float64, ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	k, err := quantile[T]("PercentileAxis", q, 100)
	if err != nil {
		return nil, err
	}
	return newAxis[T, T]("PercentileAxis", k, a, ax, false, opts)
}

// PercentileAxisInto stores the q-th percentiles along the axes of ax in
// dst.
func PercentileAxisInto[T nd.Float](dst, a *nd.Array[T], q float64, ax AxisSpec) error {
	k, err := quantile[T]("PercentileAxisInto", q, 100)
	if err != nil {
		return err
	}
	return reduceAxis("PercentileAxisInto", k, dst, a, ax, false)
}

// nanOp is what nanR computes over the non-NaN elements.
type nanOp uint8

const (
	nanSum nanOp = iota
	nanMean
	nanMin
	nanMax
	nanStd
)

// nanR is a NaN-skipping reduction: the run's non-NaN elements are
// copied into work and reduced by the plain reduction (Sum, Mean, Min,
// Max or Std), so the results round as those do. With no element left,
// NanSum gives 0 and the others NaN, as NumPy's (which warn).
type nanR[T nd.Float] struct {
	op   nanOp
	ddof int
	work *[]T
}

func (r nanR[T]) row(data []T, off, n, s, _ int, _ []T) T {
	if cap(*r.work) < n {
		*r.work = make([]T, n)
	}
	w := (*r.work)[:0]
	for i := range n {
		if v := data[off+i*s]; v == v {
			w = append(w, v)
		}
	}
	if len(w) == 0 {
		if r.op == nanSum {
			return 0
		}
		return T(math.NaN())
	}
	a, err := nd.Wrap(w, []int{len(w)})
	if err != nil {
		panic(err) // a one-dimensional shape of len(w) always fits
	}
	var v T
	switch r.op {
	case nanSum:
		v, err = Sum(a)
	case nanMean:
		v, err = Mean(a)
	case nanMin:
		v, err = Min(a)
	case nanMax:
		v, err = Max(a)
	default:
		v, err = Std(a, r.ddof)
	}
	if err != nil {
		panic(err) // a live, non-empty array of floats
	}
	return v
}

func nanOf[T nd.Float](op nanOp, ddof int) nanR[T] {
	return nanR[T]{op: op, ddof: ddof, work: new([]T)}
}

// NanSum returns the sum of a's elements that are not NaN (0 for none),
// as NumPy's nansum. It copies them to the Go heap first.
func NanSum[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("NanSum", nanOf[T](nanSum, 0), a, true, false)
}

// NanSumAxis returns NanSum along the axes of ax.
func NanSumAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("NanSumAxis", nanOf[T](nanSum, 0), a, ax, false, opts)
}

// NanSumAxisInto stores NanSum along the axes of ax in dst.
func NanSumAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("NanSumAxisInto", nanOf[T](nanSum, 0), dst, a, ax, false)
}

// NanMean returns the mean of a's elements that are not NaN (NaN for
// none), as NumPy's nanmean.
func NanMean[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("NanMean", nanOf[T](nanMean, 0), a, true, false)
}

// NanMeanAxis returns NanMean along the axes of ax.
func NanMeanAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("NanMeanAxis", nanOf[T](nanMean, 0), a, ax, false, opts)
}

// NanMeanAxisInto stores NanMean along the axes of ax in dst.
func NanMeanAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("NanMeanAxisInto", nanOf[T](nanMean, 0), dst, a, ax, false)
}

// NanMin returns the smallest element of a that is not NaN (NaN when all
// are, as NumPy's nanmin, which also warns).
func NanMin[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("NanMin", nanOf[T](nanMin, 0), a, true, false)
}

// NanMinAxis returns NanMin along the axes of ax.
func NanMinAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("NanMinAxis", nanOf[T](nanMin, 0), a, ax, false, opts)
}

// NanMinAxisInto stores NanMin along the axes of ax in dst.
func NanMinAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("NanMinAxisInto", nanOf[T](nanMin, 0), dst, a, ax, false)
}

// NanMax returns the largest element of a that is not NaN (NaN when all
// are).
func NanMax[T nd.Float](a *nd.Array[T]) (T, error) {
	return reduceAll[T, T]("NanMax", nanOf[T](nanMax, 0), a, true, false)
}

// NanMaxAxis returns NanMax along the axes of ax.
func NanMaxAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("NanMaxAxis", nanOf[T](nanMax, 0), a, ax, false, opts)
}

// NanMaxAxisInto stores NanMax along the axes of ax in dst.
func NanMaxAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec) error {
	return reduceAxis("NanMaxAxisInto", nanOf[T](nanMax, 0), dst, a, ax, false)
}

// NanStd returns the standard deviation of a's elements that are not NaN
// (Std's two passes over them, divided by m-ddof for m of them; NaN for
// none), as NumPy's nanstd.
func NanStd[T nd.Float](a *nd.Array[T], ddof int) (T, error) {
	return reduceAll[T, T]("NanStd", nanOf[T](nanStd, ddof), a, true, false)
}

// NanStdAxis returns NanStd along the axes of ax.
func NanStdAxis[T nd.Float](a *nd.Array[T], ax AxisSpec, ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	return newAxis[T, T]("NanStdAxis", nanOf[T](nanStd, ddof), a, ax, false, opts)
}

// NanStdAxisInto stores NanStd along the axes of ax in dst.
func NanStdAxisInto[T nd.Float](dst, a *nd.Array[T], ax AxisSpec, ddof int) error {
	return reduceAxis("NanStdAxisInto", nanOf[T](nanStd, ddof), dst, a, ax, false)
}

// Histogram counts a's elements in bins equal bins between its smallest
// and largest element, as NumPy's histogram(a, bins): counts[i] holds the
// elements in [edges[i], edges[i+1]), the last bin also its right edge.
// When all elements are equal the range is widened by 0.5 each way. A NaN
// or Inf in a makes the range not finite: an error wrapping ErrDomain, as
// in NumPy. The edges are float64, computed as NumPy's linspace.
func Histogram[T nd.Real](a *nd.Array[T], bins int, opts ...nd.Option) (counts *nd.Array[int], edges *nd.Array[float64], err error) {
	return histogram("Histogram", a, bins, 0, 0, false, opts)
}

// HistogramRange is Histogram over the range [lo, hi] given (NumPy's
// range=(lo, hi)): elements outside it, and NaNs, are not counted. lo >=
// hi is widened by 0.5 each way when equal, an error wrapping ErrDomain
// when greater.
func HistogramRange[T nd.Real](a *nd.Array[T], bins int, lo, hi float64, opts ...nd.Option) (counts *nd.Array[int], edges *nd.Array[float64], err error) {
	return histogram("HistogramRange", a, bins, lo, hi, true, opts)
}

func histogram[T nd.Real](name string, a *nd.Array[T], bins int, lo, hi float64, given bool, opts []nd.Option) (*nd.Array[int], *nd.Array[float64], error) {
	if err := checkLive[T](name, nil, a); err != nil {
		return nil, nil, err
	}
	if bins < 1 {
		return nil, nil, errtext.Errorf("ops: %s: %w: %d bins (want at least 1)", name, ErrDomain, bins)
	}
	counts, err := newLike[int](name, []int{bins}, opts)
	if err != nil {
		return nil, nil, err
	}
	edges, err := newLike[float64](name, []int{bins + 1}, opts)
	if err == nil {
		err = histogramInto(name, counts, edges, a, lo, hi, given)
	}
	if err != nil {
		counts.Free()
		freeNil(edges)
		return nil, nil, err
	}
	return counts, edges, nil
}

// HistogramInto stores Histogram(a, counts.Size()) in counts (one
// dimension, the bins) and edges (one longer).
func HistogramInto[T nd.Real](counts *nd.Array[int], edges *nd.Array[float64], a *nd.Array[T]) error {
	return histogramInto("HistogramInto", counts, edges, a, 0, 0, false)
}

// HistogramRangeInto stores HistogramRange(a, counts.Size(), lo, hi) in
// counts and edges.
func HistogramRangeInto[T nd.Real](counts *nd.Array[int], edges *nd.Array[float64], a *nd.Array[T], lo, hi float64) error {
	return histogramInto("HistogramRangeInto", counts, edges, a, lo, hi, true)
}

func histogramInto[T nd.Real](name string, counts *nd.Array[int], edges *nd.Array[float64], a *nd.Array[T], lo, hi float64, given bool) error {
	if err := live[int, T, T](name, counts, a, nil, nil); err != nil {
		return err
	}
	if err := checkLive(name, edges, a); err != nil {
		return err
	}
	bins := counts.Size()
	if counts.NDim() != 1 || edges.NDim() != 1 || edges.Size() != bins+1 || bins < 1 {
		return errtext.Errorf("ops: %s: %w: counts shape %v and edges shape %v (want [bins] and [bins+1], bins >= 1)",
			name, nd.ErrShape, counts.Shape(), edges.Shape())
	}
	if !given {
		if a.Size() > 0 {
			mn, _ := Min(a) // a is live and not empty
			mx, _ := Max(a)
			lo, hi = float64(mn), float64(mx)
		}
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return errtext.Errorf("ops: %s: %w: range [%g, %g] is not finite", name, ErrDomain, lo, hi)
	}
	if lo > hi {
		return errtext.Errorf("ops: %s: %w: range [%g, %g] has lo > hi", name, ErrDomain, lo, hi)
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	// numpy.linspace(lo, hi, bins+1): i·step + lo, the last edge hi.
	step := (hi - lo) / float64(bins)
	ed, eoff, es := edges.Storage()
	e := func(i int) float64 { return ed[eoff+i*es[0]] }
	for i := range bins {
		ed[eoff+i*es[0]] = float64(i)*step + lo
	}
	ed[eoff+bins*es[0]] = hi
	cd, coff, cs := counts.Storage()
	for i := range bins {
		cd[coff+i*cs[0]] = 0
	}
	norm := float64(bins) / (hi - lo)
	for v := range a.Values() {
		x := float64(v)
		if !(x >= lo && x <= hi) {
			continue
		}
		// NumPy's _search_sorted-free path: scale, then correct by the
		// edges so that every element lands where the edges say.
		i := int((x - lo) * norm)
		if i == bins {
			i--
		}
		if x < e(i) {
			i--
		} else if i != bins-1 && x >= e(i+1) {
			i++
		}
		cd[coff+i*cs[0]]++
	}
	return nil
}

// Bincount returns how often each value 0, 1, ... occurs in the
// one-dimensional a, as NumPy's bincount(a, minlength): the result has
// max(max(a)+1, minlength) elements. A negative value is an error
// wrapping ErrDomain.
func Bincount[T nd.Integer](a *nd.Array[T], minlength int, opts ...nd.Option) (*nd.Array[int], error) {
	m, err := bincountLen("Bincount", a, minlength)
	if err != nil {
		return nil, err
	}
	return newAlongLen[int]("Bincount", m, opts, func(d *nd.Array[int]) error { return BincountInto(d, a) })
}

// BincountInto stores the counts of a's values in dst, one dimension
// longer than a's largest value.
func BincountInto[T nd.Integer](dst *nd.Array[int], a *nd.Array[T]) error {
	return bincountInto[T, int]("BincountInto", dst, a, nil)
}

// BincountWeighted returns, for each value 0, 1, ... of the
// one-dimensional a, the sum of the weights w (a's shape) where a holds
// it, as NumPy's bincount(a, weights, minlength).
func BincountWeighted[T nd.Integer, W nd.Float](a *nd.Array[T], w *nd.Array[W], minlength int, opts ...nd.Option) (*nd.Array[W], error) {
	m, err := bincountLen("BincountWeighted", a, minlength)
	if err != nil {
		return nil, err
	}
	return newAlongLen[W]("BincountWeighted", m, opts, func(d *nd.Array[W]) error { return BincountWeightedInto(d, a, w) })
}

// BincountWeightedInto stores BincountWeighted(a, w, 0) in dst, which may
// be longer.
func BincountWeightedInto[T nd.Integer, W nd.Float](dst *nd.Array[W], a *nd.Array[T], w *nd.Array[W]) error {
	if w == nil || !nd.SameShape(a, w) {
		var ws any
		if w != nil {
			ws = w.Shape()
		}
		return errtext.Errorf("ops: BincountWeightedInto: %w: weights shape %v, a shape %v", nd.ErrShape, ws, a.Shape())
	}
	return bincountInto("BincountWeightedInto", dst, a, w)
}

// newAlongLen allocates a one-dimensional result of n elements and fills
// it with into, freeing it if into fails.
func newAlongLen[D nd.Number](name string, n int, opts []nd.Option, into func(*nd.Array[D]) error) (*nd.Array[D], error) {
	d, err := newLike[D](name, []int{n}, opts)
	if err != nil {
		return nil, err
	}
	if err := into(d); err != nil {
		d.Free()
		return nil, err
	}
	return d, nil
}

// bincountLen checks a and returns the length of its counts.
func bincountLen[T nd.Integer](name string, a *nd.Array[T], minlength int) (int, error) {
	if err := checkLive[T](name, nil, a); err != nil {
		return 0, err
	}
	if a.NDim() != 1 {
		return 0, errtext.Errorf("ops: %s: %w: a must be one-dimensional, has shape %v", name, nd.ErrShape, a.Shape())
	}
	if minlength < 0 {
		return 0, errtext.Errorf("ops: %s: %w: minlength %d is negative", name, ErrDomain, minlength)
	}
	m := minlength
	for v := range a.Values() {
		if v < 0 {
			return 0, errtext.Errorf("ops: %s: %w: negative value %v", name, ErrDomain, v)
		}
		m = max(m, int(v)+1)
	}
	return m, nil
}

func bincountInto[T nd.Integer, W nd.Number](name string, dst *nd.Array[W], a *nd.Array[T], w *nd.Array[W]) error {
	if err := checkLive(name, dst, a); err != nil {
		return err
	}
	if w != nil {
		if err := w.Err(); err != nil {
			return errtext.Errorf("ops: %s: %w", name, err)
		}
	}
	if a.NDim() != 1 || dst.NDim() != 1 {
		return errtext.Errorf("ops: %s: %w: a shape %v and dst shape %v must be one-dimensional", name, nd.ErrShape, a.Shape(), dst.Shape())
	}
	n := dst.Size()
	for v := range a.Values() {
		if v < 0 {
			return errtext.Errorf("ops: %s: %w: negative value %v", name, ErrDomain, v)
		}
		if uint64(v) >= uint64(n) {
			return errtext.Errorf("ops: %s: %w: value %v needs dst of at least %v elements, has %d", name, nd.ErrShape, v, uint64(v)+1, n)
		}
	}
	dd, doff, ds := dst.Storage()
	for i := range n {
		dd[doff+i*ds[0]] = 0
	}
	ad, aoff, as := a.Storage()
	var wd []W
	var woff, wst int
	if w != nil {
		var wstr []int
		wd, woff, wstr = w.Storage()
		wst = wstr[0]
	}
	for i := range a.Dim(0) {
		j := doff + int(ad[aoff+i*as[0]])*ds[0]
		if w != nil {
			dd[j] += wd[woff+i*wst]
		} else {
			dd[j]++
		}
	}
	return nil
}

// Average returns the weighted mean Σ a·w / Σ w of a's elements, as
// NumPy's average(a, weights=w); w must have a's shape. A nil w gives
// Mean(a). Weights that sum to zero are an error wrapping ErrDomain. The
// products are a temporary on the Go heap.
func Average[T nd.Float](a, w *nd.Array[T]) (T, error) {
	if w == nil {
		return mean("Average", a)
	}
	if !nd.SameShape(a, w) {
		return 0, errtext.Errorf("ops: Average: %w: weights shape %v differs from a's %v", nd.ErrShape, w.Shape(), a.Shape())
	}
	p, err := Mul(a, w)
	if err != nil {
		return 0, errtext.Errorf("ops: Average: %w", err)
	}
	defer p.Free()
	num, _ := Sum(p) // p is live
	den, err := Sum(w)
	if err != nil {
		return 0, errtext.Errorf("ops: Average: %w", err)
	}
	if den == 0 {
		return 0, errtext.Errorf("ops: Average: %w: weights sum to zero", ErrDomain)
	}
	return num / den, nil
}

// AverageAxis returns the weighted means along the axes of ax. w has a's
// shape, or (for a single axis, as NumPy allows) is one-dimensional with
// that axis's length. A nil w gives MeanAxis.
//
//	avg, err := ops.AverageAxis(scores, weights, ops.Axis(1))
func AverageAxis[T nd.Float](a, w *nd.Array[T], ax AxisSpec, opts ...nd.Option) (*nd.Array[T], error) {
	if w == nil {
		return newMeanAxis("AverageAxis", a, ax, opts)
	}
	wb, err := averageWeights("AverageAxis", a, w, ax)
	if err != nil {
		return nil, err
	}
	num, err := averageParts("AverageAxis", a, wb, ax)
	if err != nil {
		return nil, err
	}
	defer num[0].Free()
	defer num[1].Free()
	return newOp[T]("AverageAxis", arith[T]{op: opDiv}, num[0], num[1], nil, opts)
}

// AverageAxisInto stores the weighted means along the axes of ax in dst.
func AverageAxisInto[T nd.Float](dst, a, w *nd.Array[T], ax AxisSpec) error {
	if w == nil {
		return meanAxis("AverageAxisInto", dst, a, ax)
	}
	wb, err := averageWeights("AverageAxisInto", a, w, ax)
	if err != nil {
		return err
	}
	if err := checkLive("AverageAxisInto", dst, a); err != nil {
		return err
	}
	num, err := averageParts("AverageAxisInto", a, wb, ax)
	if err != nil {
		return err
	}
	defer num[0].Free()
	defer num[1].Free()
	return arithInto("AverageAxisInto", opDiv, dst, num[0], num[1])
}

// averageWeights returns w as an array of a's shape: w itself, or a
// stride-0 view of a one-dimensional w along ax's single axis.
func averageWeights[T nd.Float](name string, a, w *nd.Array[T], ax AxisSpec) (*nd.Array[T], error) {
	if err := live[T, T, T](name, nil, a, w, nil); err != nil {
		return nil, err
	}
	if nd.SameShape(a, w) {
		return w, nil
	}
	axis, err := laneAxis(name, a, ax.axis)
	if err != nil {
		return nil, err
	}
	if ax.Several() || w.NDim() != 1 || w.Dim(0) != a.Dim(axis) {
		return nil, errtext.Errorf("ops: %s: %w: weights shape %v fits neither a's %v nor its axis %d", name, nd.ErrShape, w.Shape(), a.Shape(), ax.axis)
	}
	data, off, str := w.Storage()
	strides := make([]int, a.NDim())
	strides[axis] = str[0]
	v, err := nd.View(data, off, a.Shape(), strides)
	if err != nil {
		return nil, errtext.Errorf("ops: %s: %w", name, err)
	}
	return v, nil
}

// averageParts returns Σ a·w and Σ w along ax, temporaries on the Go
// heap, checking that no weight sum is zero.
func averageParts[T nd.Float](name string, a, w *nd.Array[T], ax AxisSpec) ([2]*nd.Array[T], error) {
	var out [2]*nd.Array[T]
	p, err := Mul(a, w)
	if err != nil {
		return out, errtext.Errorf("ops: %s: %w", name, err)
	}
	defer p.Free()
	if out[0], err = SumAxis(p, ax); err != nil {
		return out, errtext.Errorf("ops: %s: %w", name, err)
	}
	if out[1], err = SumAxis(w, ax); err != nil {
		out[0].Free()
		return out, errtext.Errorf("ops: %s: %w", name, err)
	}
	if z, _ := CountNonzero(out[1]); z != out[1].Size() {
		out[0].Free()
		out[1].Free()
		return out, errtext.Errorf("ops: %s: %w: weights sum to zero along the axes", name, ErrDomain)
	}
	return out, nil
}

// Cov returns the covariance matrix of the variables in m's rows, each
// column one observation, as NumPy's cov(m, ddof=ddof): (m-mean)·(m-mean)ᵀ
// times 1/(n-ddof) for n observations (NumPy's default is ddof 1). A
// one-dimensional m is one variable and gives a 0-d result. For
// observations in rows (NumPy's rowvar=False), pass m.T().
//
// The result is a T, computed in T: for float32 NumPy computes and
// returns float64, so a float32 Cov is NumPy's answer rounded to float32
// only within float32's rounding of the products and sums.
//
//	c, err := ops.Cov(x.T(), 1) // x: one observation per row
func Cov[T nd.Float](m *nd.Array[T], ddof int, opts ...nd.Option) (*nd.Array[T], error) {
	shape, err := covShape("Cov", m)
	if err != nil {
		return nil, err
	}
	c, err := newLike[T]("Cov", shape, opts)
	if err != nil {
		return nil, err
	}
	if err := covInto("Cov", c, m, ddof, false); err != nil {
		c.Free()
		return nil, err
	}
	return c, nil
}

// CovInto stores Cov(m, ddof) in dst.
func CovInto[T nd.Float](dst, m *nd.Array[T], ddof int) error {
	return covInto("CovInto", dst, m, ddof, false)
}

// Corrcoef returns the Pearson correlation coefficients of the variables
// in m's rows, as NumPy's corrcoef(m): Cov normalised by the standard
// deviations and clipped to [-1, 1]. A variable of zero variance gives
// NaN. As Cov, it computes and returns a T (NumPy: float64 for float32).
func Corrcoef[T nd.Float](m *nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	shape, err := covShape("Corrcoef", m)
	if err != nil {
		return nil, err
	}
	c, err := newLike[T]("Corrcoef", shape, opts)
	if err != nil {
		return nil, err
	}
	if err := covInto("Corrcoef", c, m, 1, true); err != nil {
		c.Free()
		return nil, err
	}
	return c, nil
}

// CorrcoefInto stores Corrcoef(m) in dst.
func CorrcoefInto[T nd.Float](dst, m *nd.Array[T]) error {
	return covInto("CorrcoefInto", dst, m, 1, true)
}

// covShape is the shape of m's covariance matrix.
func covShape[T nd.Float](name string, m *nd.Array[T]) ([]int, error) {
	if err := checkLive[T](name, nil, m); err != nil {
		return nil, err
	}
	switch m.NDim() {
	case 1:
		return []int{}, nil
	case 2:
		return []int{m.Dim(0), m.Dim(0)}, nil
	}
	return nil, errtext.Errorf("ops: %s: %w: m has shape %v (want one or two dimensions)", name, nd.ErrShape, m.Shape())
}

func covInto[T nd.Float](name string, dst, m *nd.Array[T], ddof int, corr bool) error {
	shape, err := covShape(name, m)
	if err != nil {
		return err
	}
	if err := checkLive(name, dst, m); err != nil {
		return err
	}
	if !shapeIs(dst, shape) {
		return errtext.Errorf("ops: %s: %w: dst has shape %v, want %v", name, nd.ErrShape, dst.Shape(), shape)
	}
	vars, n := 1, m.Dim(-1)
	if m.NDim() == 2 {
		vars = m.Dim(0)
	}
	// The centred variables, row by row, on the Go heap.
	x := make([]T, vars*n)
	if err := flattenTo(x, m); err != nil {
		return errtext.Errorf("ops: %s: %w", name, err)
	}
	for i := range vars {
		row, _ := nd.Wrap(x[i*n:(i+1)*n], []int{n})
		mean, _ := Mean(row)
		for k := range n {
			x[i*n+k] -= mean
		}
	}
	scale := 1 / T(float64(max(n-ddof, 0))) // NumPy multiplies by 1/fact
	c := make([]T, vars*vars)
	for i := range vars {
		for j := i; j < vars; j++ {
			var s T
			a, b := x[i*n:(i+1)*n], x[j*n:(j+1)*n]
			for k := range a {
				s += a[k] * b[k]
			}
			c[i*vars+j], c[j*vars+i] = s*scale, s*scale
		}
	}
	if corr {
		d := make([]T, vars)
		for i := range d {
			d[i] = T(math.Sqrt(float64(c[i*vars+i])))
		}
		for i := range vars {
			for j := range vars {
				v := c[i*vars+j] / d[i] / d[j]
				if vars == 1 && m.NDim() == 1 {
					v = c[0] / c[0] // NumPy's 0-d case: c / c
				}
				c[i*vars+j] = max(min(v, 1), -1) // NaN stays NaN
			}
		}
	}
	src, _ := nd.Wrap(c, shape)
	return nd.Copy(dst, src)
}

// shapeIs reports whether a has the given shape, allocating nothing.
func shapeIs[T nd.Number](a *nd.Array[T], shape []int) bool {
	if a.NDim() != len(shape) {
		return false
	}
	for i, d := range shape {
		if a.Dim(i) != d {
			return false
		}
	}
	return true
}
