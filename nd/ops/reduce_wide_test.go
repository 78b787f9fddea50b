package ops_test

import (
	"errors"
	"math"
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

// TestAxisReductionsParallel checks that splitting the outputs of an axis
// reduction across goroutines changes no result, bit for bit, for every
// reduction along both axes (the column form along axis 0, rows along
// axis 1), and that an overflow is still reported.
func TestAxisReductionsParallel(t *testing.T) {
	a := must(nd.Random[float64]([]int{300, 1000}, 1))
	f32 := must(nd.Random[float32]([]int{300, 1000}, 2))
	run := func() [][]float64 {
		var out [][]float64
		for axis := range 2 {
			ax := ops.Axis(axis)
			for _, r := range []func() (*nd.Array[float64], error){
				func() (*nd.Array[float64], error) { return ops.SumAxis(a, ax) },
				func() (*nd.Array[float64], error) { return ops.MeanAxis(a, ax) },
				func() (*nd.Array[float64], error) { return ops.MinAxis(a, ax) },
				func() (*nd.Array[float64], error) { return ops.MaxAxis(a, ax) },
				func() (*nd.Array[float64], error) { return ops.VarAxis(a, ax, 1) },
				func() (*nd.Array[float64], error) { return ops.StdAxis(a, ax, 0) },
			} {
				out = append(out, must(r()).Data())
			}
			s32 := must(ops.SumAxis(f32, ax)).Data()
			m32 := must(ops.MinAxis(f32, ax)).Data()
			var w []float64
			for i := range s32 {
				w = append(w, float64(s32[i]), float64(m32[i]))
			}
			for _, arg := range []func(*nd.Array[float64], ops.AxisSpec, ...nd.Option) (*nd.Array[int], error){ops.ArgMinAxis[float64], ops.ArgMaxAxis[float64]} {
				for _, v := range must(arg(a, ax)).Data() {
					w = append(w, float64(v))
				}
			}
			out = append(out, w)
		}
		return out
	}
	serial := run()
	prev := ops.SetParallelThreshold(1024)
	defer ops.SetParallelThreshold(prev)
	par := run()
	for i := range serial {
		for j := range serial[i] {
			if math.Float64bits(serial[i][j]) != math.Float64bits(par[i][j]) {
				t.Fatalf("result %d [%d]: parallel %v, serial %v", i, j, par[i][j], serial[i][j])
			}
		}
	}
	big := must(nd.Full([]int{200, 300}, int8(100)))
	if _, err := ops.SumAxis(big, ops.Axis(0)); !errors.Is(err, ops.ErrOverflow) {
		t.Errorf("parallel SumAxis of int8 overflowing: %v, want ErrOverflow", err)
	}
}
