package nd

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/numgo/numgo/internal/errtext"
)

// Range selects along one axis, as NumPy's start:stop:step or a single
// index, or along as many axes as needed, as NumPy's "...". Build one with
// Span, From, To, Whole, Index or Ellipsis, and add a step with By:
//
//	v, err := a.Slice(nd.Span(1, 3), nd.Whole().By(2)) // a[1:3, ::2]
type Range struct {
	start, stop, step          int
	hasStart, hasStop, hasStep bool
	index                      bool
	ellipsis                   bool
}

// Span selects start:stop.
func Span(start, stop int) Range {
	return Range{start: start, stop: stop, hasStart: true, hasStop: true}
}

// From selects start: (to the end of the axis).
func From(start int) Range { return Range{start: start, hasStart: true} }

// To selects :stop.
func To(stop int) Range { return Range{stop: stop, hasStop: true} }

// Whole selects the whole axis, ":".
func Whole() Range { return Range{} }

// Index selects one position and drops the axis, as a[i] does.
func Index(i int) Range { return Range{start: i, hasStart: true, index: true} }

// Ellipsis stands for as many Whole ranges as the array has axes not
// named by the other ranges, as NumPy's "..."; a Slice takes at most one.
//
//	last, err := a.Slice(nd.Ellipsis(), nd.Index(-1)) // a[..., -1]
func Ellipsis() Range { return Range{ellipsis: true} }

// By returns r with a step; a negative step walks the axis backwards. A
// step of zero makes Slice fail with ErrShape, as NumPy refuses it.
func (r Range) By(step int) Range { r.step, r.hasStep = step, true; return r }

// String writes r as NumPy would.
func (r Range) String() string {
	if r.ellipsis {
		return "..."
	}
	if r.index {
		return strconv.Itoa(r.start)
	}
	var b strings.Builder
	if r.hasStart {
		b.WriteString(strconv.Itoa(r.start))
	}
	b.WriteByte(':')
	if r.hasStop {
		b.WriteString(strconv.Itoa(r.stop))
	}
	if r.hasStep {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(r.step))
	}
	return b.String()
}

// resolve turns r into a first position, a length and a step along an axis
// of length d, with NumPy's rules for negative and out-of-range bounds.
func (r Range) resolve(d int) (first, n, step int, err error) {
	if r.index {
		i := r.start
		if i < 0 {
			i += d
		}
		if i < 0 || i >= d {
			return 0, 0, 0, fmt.Errorf("%w: index %d out of range for an axis of length %d", ErrIndex, r.start, d)
		}
		return i, 1, 0, nil
	}
	step = 1
	if r.hasStep {
		if r.step == 0 {
			return 0, 0, 0, fmt.Errorf("%w: slice step cannot be zero", ErrShape)
		}
		step = r.step
	}
	bound := func(v, lo, hi int) int {
		if v < 0 {
			v += d
		}
		return min(max(v, lo), hi)
	}
	var start, stop int
	if step > 0 {
		start, stop = 0, d
		if r.hasStart {
			start = bound(r.start, 0, d)
		}
		if r.hasStop {
			stop = bound(r.stop, 0, d)
		}
		if stop > start {
			// (stop-start-1)/step+1 cannot overflow, even for a step of
			// math.MaxInt.
			n = (stop-start-1)/step + 1
		}
	} else {
		start, stop = d-1, -1
		if r.hasStart {
			start = bound(r.start, -1, d-1)
		}
		if r.hasStop {
			stop = bound(r.stop, -1, d-1)
		}
		if start > stop {
			// -step as an unsigned magnitude: math.MinInt has no positive
			// int.
			mag := uint(-(step + 1)) + 1
			n = int(uint(start-stop-1)/mag) + 1
		}
	}
	return start, n, step, nil
}

// Slice returns a view selecting along each axis; axes past the last range
// are taken whole. An Index range drops its axis; an Ellipsis stands for
// the axes the other ranges leave out.
func (a *Array[T]) Slice(ranges ...Range) (*Array[T], error) {
	if err := a.Err(); err != nil {
		return nil, err
	}
	if e := slices.IndexFunc(ranges, func(r Range) bool { return r.ellipsis }); e >= 0 {
		rest := slices.Concat(ranges[:e], ranges[e+1:])
		if slices.ContainsFunc(rest, func(r Range) bool { return r.ellipsis }) {
			return nil, fmt.Errorf("%w: more than one ellipsis in %v", ErrIndex, ranges)
		}
		if len(rest) > len(a.shape) {
			return nil, fmt.Errorf("%w: %d ranges for an array of %d dimensions", ErrIndex, len(rest), len(a.shape))
		}
		whole := make([]Range, len(a.shape)-len(rest))
		ranges = slices.Concat(ranges[:e], whole, ranges[e+1:])
	}
	if len(ranges) > len(a.shape) {
		return nil, fmt.Errorf("%w: %d ranges for an array of %d dimensions", ErrIndex, len(ranges), len(a.shape))
	}
	off := a.off
	var shape, strides []int
	for ax, d := range a.shape {
		r := Whole()
		if ax < len(ranges) {
			r = ranges[ax]
		}
		first, n, step, err := r.resolve(d)
		if err != nil {
			return nil, fmt.Errorf("axis %d: %w", ax, err)
		}
		if n > 0 {
			off += first * a.strides[ax]
		}
		if r.index {
			continue
		}
		shape = append(shape, n)
		if n <= 1 {
			// The step is never taken: keep the stride finite whatever the
			// step (step*stride could overflow).
			step = 1
		}
		strides = append(strides, step*a.strides[ax])
	}
	return a.view(off, shape, strides), nil
}

// SliceExpr is Slice with NumPy's index syntax, for tools and tests:
//
//	v, err := a.SliceExpr("1:3, ::2, -1")
func (a *Array[T]) SliceExpr(expr string) (*Array[T], error) {
	ranges, err := ParseRanges(expr)
	if err != nil {
		return nil, errtext.Errorf("nd: SliceExpr: %w", err)
	}
	return a.Slice(ranges...)
}

// ParseRanges reads a NumPy index expression: comma-separated items, each
// an integer index, start:stop[:step] with any part left out, or "..."
// (Ellipsis). An expression it cannot read is an error wrapping ErrIndex
// that quotes the item; a zero step also wraps ErrShape, as Slice refuses
// it.
func ParseRanges(expr string) ([]Range, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	items := strings.Split(expr, ",")
	ranges := make([]Range, 0, len(items))
	for _, item := range items {
		item = strings.TrimSpace(item)
		if item == "..." {
			ranges = append(ranges, Ellipsis())
			continue
		}
		parts := strings.Split(item, ":")
		if len(parts) > 3 {
			return nil, errtext.Errorf("nd: ParseRanges: %w: %q has more than two colons", ErrIndex, item)
		}
		vals := make([]int, len(parts))
		set := make([]bool, len(parts))
		for i, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			v, err := strconv.Atoi(p)
			if err != nil {
				return nil, errtext.Errorf("nd: ParseRanges: %w: %q in %q is not an integer", ErrIndex, p, expr)
			}
			vals[i], set[i] = v, true
		}
		if len(parts) == 1 {
			if !set[0] {
				return nil, errtext.Errorf("nd: ParseRanges: %w: empty item in %q", ErrIndex, expr)
			}
			ranges = append(ranges, Index(vals[0]))
			continue
		}
		r := Range{start: vals[0], hasStart: set[0], stop: vals[1], hasStop: set[1]}
		if len(parts) == 3 && set[2] {
			if vals[2] == 0 {
				return nil, errtext.Errorf("nd: ParseRanges: %w: %w: slice step cannot be zero in %q", ErrIndex, ErrShape, item)
			}
			r.step, r.hasStep = vals[2], true
		}
		ranges = append(ranges, r)
	}
	return ranges, nil
}
