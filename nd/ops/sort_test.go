package ops_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

func TestSortQuick(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 47, 48, 49, 1000, 100000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		a, _ := nd.FromSlice(x, []int{n})
		s, err := ops.Sort(a, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(x)
		slices.Sort(want)
		if !slices.Equal(s.Data(), want) {
			t.Fatalf("n=%d wrong", n)
		}
	}
}
