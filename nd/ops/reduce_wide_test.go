package ops_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// TestAxis0WideRows: reductions along axis 0 of a matrix whose rows are
// wider than the column accumulators (and not a multiple of their width)
// against exact per-column results; integer values make every sum exact
// whatever the order of the joins.
func TestAxis0WideRows(t *testing.T) {
	const rows, cols = 300, 9001
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = float64((i*7919)%1000 - 500)
	}
	m, err := nd.FromSlice(data, []int{rows, cols})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ops.SumAxis(m, ops.Axis(0))
	if err != nil {
		t.Fatal(err)
	}
	lo, err := ops.MinAxis(m, ops.Axis(0))
	if err != nil {
		t.Fatal(err)
	}
	hi, err := ops.MaxAxis(m, ops.Axis(0))
	if err != nil {
		t.Fatal(err)
	}
	for j := range cols {
		s, mn, mx := 0.0, data[j], data[j]
		for i := range rows {
			v := data[i*cols+j]
			s += v
			mn, mx = min(mn, v), max(mx, v)
		}
		if sum.At(j) != s || lo.At(j) != mn || hi.At(j) != mx {
			t.Fatalf("column %d: sum %v min %v max %v, want %v %v %v", j, sum.At(j), lo.At(j), hi.At(j), s, mn, mx)
		}
	}
}
