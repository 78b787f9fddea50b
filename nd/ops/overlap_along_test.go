package ops_test

import (
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestAlongAxisIntoWithOverlap: the Into forms that work lane by lane
// (sorting, cumulative sums, differences, partitions) and the statistics
// give, for a destination that partly overlaps their input, what they give
// for separate memory, as NumPy's buffered out= does.
func TestAlongAxisIntoWithOverlap(t *testing.T) {
	base := []float64{5, -1, 3, 9, 0, 2, 8, -4, 7, 1, 6, -2, 4, 3, -3, 10}
	cases := []struct {
		name             string
		aOff, aLen, dOff int
		aShape, dShape   []int
		into             func(dst, a *nd.Array[float64]) error
	}{
		{"SortInto", 0, 8, 1, []int{8}, []int{8}, func(d, a *nd.Array[float64]) error { return ops.SortInto(d, a, 0) }},
		{"SortInto axis 1", 0, 12, 2, []int{3, 4}, []int{3, 4}, func(d, a *nd.Array[float64]) error { return ops.SortInto(d, a, 1) }},
		{"CumSumInto", 0, 8, 1, []int{8}, []int{8}, func(d, a *nd.Array[float64]) error { return ops.CumSumInto(d, a, 0) }},
		{"CumProdInto", 2, 8, 0, []int{8}, []int{8}, func(d, a *nd.Array[float64]) error { return ops.CumProdInto(d, a, 0) }},
		{"DiffInto", 0, 8, 1, []int{8}, []int{7}, func(d, a *nd.Array[float64]) error { return ops.DiffInto(d, a, 1, 0) }},
		{"DiffInto n=2", 1, 8, 0, []int{8}, []int{6}, func(d, a *nd.Array[float64]) error { return ops.DiffInto(d, a, 2, 0) }},
		{"PartitionInto", 0, 8, 1, []int{8}, []int{8}, func(d, a *nd.Array[float64]) error { return ops.PartitionInto(d, a, 3, 0) }},
		{"MedianAxisInto", 0, 12, 2, []int{3, 4}, []int{4}, func(d, a *nd.Array[float64]) error { return ops.MedianAxisInto(d, a, ops.Axis(0)) }},
		{"QuantileAxisInto", 0, 12, 1, []int{3, 4}, []int{3}, func(d, a *nd.Array[float64]) error {
			return ops.QuantileAxisInto(d, a, 0.3, ops.Axis(1))
		}},
		{"NanSumAxisInto", 0, 12, 3, []int{3, 4}, []int{4}, func(d, a *nd.Array[float64]) error { return ops.NanSumAxisInto(d, a, ops.Axis(0)) }},
		{"CovInto", 0, 8, 1, []int{2, 4}, []int{2, 2}, func(d, a *nd.Array[float64]) error { return ops.CovInto(d, a, 1) }},
		{"CorrcoefInto", 0, 8, 2, []int{2, 4}, []int{2, 2}, func(d, a *nd.Array[float64]) error { return ops.CorrcoefInto(d, a) }},
	}
	for _, c := range cases {
		// Separate memory: the reference.
		a, err := nd.FromSlice(slices.Clone(base[c.aOff:c.aOff+c.aLen]), c.aShape)
		if err != nil {
			t.Fatal(err)
		}
		want, err := nd.Zeros[float64](c.dShape)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.into(want, a); err != nil {
			t.Fatalf("%s on separate memory: %v", c.name, err)
		}
		// The same input, with dst a view of the same buffer shifted.
		buf := slices.Clone(base)
		n := 1
		for _, d := range c.dShape {
			n *= d
		}
		av, err := nd.Wrap(buf[c.aOff:c.aOff+c.aLen], c.aShape)
		if err != nil {
			t.Fatal(err)
		}
		dv, err := nd.Wrap(buf[c.dOff:c.dOff+n], c.dShape)
		if err != nil {
			t.Fatal(err)
		}
		if nd.Overlaps(dv, av) != nd.Partial {
			t.Fatalf("%s: the test's views do not partly overlap", c.name)
		}
		if err := c.into(dv, av); err != nil {
			t.Fatalf("%s with overlap: %v", c.name, err)
		}
		if got := buf[c.dOff : c.dOff+n]; !slices.Equal(got, want.Data()) {
			t.Errorf("%s with dst partly over the input: %v, want %v", c.name, got, want.Data())
		}
	}
}
