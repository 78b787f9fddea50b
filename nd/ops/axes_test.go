package ops_test

import (
	"errors"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// checkAxes runs a reduction over several axes (the NumPy cases).
func checkAxes[T nd.Float](t *testing.T, what string, a *nd.Array[T], c surfaceCase, ulps uint64) {
	t.Helper()
	var ax []int
	for _, v := range c.P["axes"].([]any) {
		ax = append(ax, int(v.(float64)))
	}
	s := ops.Axis(ax[0], ax[1:]...)
	if c.P["keep"] == true {
		s = s.KeepDims()
	}
	switch c.Op {
	case "SumAxes":
		checkArr(t, what, must(ops.SumAxis(a, s)), c.Want, ulps)
	case "MeanAxes":
		checkArr(t, what, must(ops.MeanAxis(a, s)), c.Want, ulps)
	case "MedianAxes":
		checkArr(t, what, must(ops.MedianAxis(a, s)), c.Want, 0)
	case "MaxAxes":
		checkArr(t, what, must(ops.MaxAxis(a, s)), c.Want, 0)
	case "StdAxes":
		checkArr(t, what, must(ops.StdAxis(a, s, c.int("ddof"))), c.Want, ulps)
	}
	// The Into form writes the same into a dst of the result's shape.
	if c.Op == "SumAxes" {
		want := must(ops.SumAxis(a, s))
		dst := must(nd.Zeros[T](want.Shape()))
		if err := ops.SumAxisInto(dst, a, s); err != nil {
			t.Fatal(err)
		}
		checkArr(t, what+" Into", dst, c.Want, ulps)
	}
}

func TestAxesErrors(t *testing.T) {
	a := must(nd.Zeros[float64]([]int{2, 3, 4}))
	for name, s := range map[string]ops.AxisSpec{
		"out of range": ops.Axis(0, 3),
		"negative":     ops.Axis(0, -4),
		"twice":        ops.Axis(1, -2),
		"repeated":     ops.Axis(0, 2, 2),
		"huge":         ops.Axis(0, 1000),
	} {
		if _, err := ops.SumAxis(a, s); !errors.Is(err, nd.ErrShape) {
			t.Errorf("%s: %v, want ErrShape", name, err)
		}
	}
	if _, err := ops.ArgMaxAxis(a, ops.Axis(0, 1)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("ArgMaxAxis over two axes: %v, want ErrShape", err)
	}
	dst := must(nd.Zeros[float64]([]int{3}))
	if err := ops.SumAxisInto(dst, a, ops.Axis(0, 1)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("dst of the wrong shape: %v", err)
	}
	if !ops.Axis(0, 1).Several() || ops.Axis(1).Several() {
		t.Error("Several")
	}
	// Reducing every axis equals the whole-array reduction.
	r := must(nd.Random[float64]([]int{3, 4, 5}, 1))
	all := must(ops.SumAxis(r, ops.Axis(0, 1, 2)))
	if got, want := all.At(), must(ops.Sum(r)); got != want {
		t.Errorf("Axis(0, 1, 2): %v, Sum %v", got, want)
	}
}
