package random_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/random"
)

// TestPermutationInto: the Into form gives Permutation's order from the
// same seed, in any integer kind and through a strided dst, and refuses
// a dst it cannot fill.
func TestPermutationInto(t *testing.T) {
	want, err := random.Permutation(random.New(21), 100)
	if err != nil {
		t.Fatal(err)
	}
	d8, _ := nd.Zeros[int8]([]int{100})
	if err := random.PermutationInto(d8, random.New(21)); err != nil {
		t.Fatal(err)
	}
	wide, _ := nd.Zeros[uint16]([]int{200})
	strided, err := wide.SliceExpr("::2")
	if err != nil {
		t.Fatal(err)
	}
	if err := random.PermutationInto(strided, random.New(21)); err != nil {
		t.Fatal(err)
	}
	for i, v := range want.Data() {
		if int(d8.At(i)) != v || int(strided.At(i)) != v {
			t.Fatalf("element %d: int8 %d, strided uint16 %d, Permutation %d", i, d8.At(i), strided.At(i), v)
		}
		if wide.At(2*i+1) != 0 {
			t.Fatalf("PermutationInto wrote between the strided elements, at %d", 2*i+1)
		}
	}
	if got := slices.Sorted(want.Values()); !slices.Equal(got, slices.Collect(func(yield func(int) bool) {
		for i := range 100 {
			if !yield(i) {
				return
			}
		}
	})) {
		t.Fatalf("not a permutation: %v", got)
	}
	empty, _ := nd.Zeros[int]([]int{0})
	if err := random.PermutationInto(empty, random.New(1)); err != nil {
		t.Errorf("empty dst: %v", err)
	}
	big, _ := nd.Zeros[int8]([]int{129})
	if err := random.PermutationInto(big, random.New(1)); !errors.Is(err, random.ErrParam) {
		t.Errorf("129 elements of int8: %v, want ErrParam", err)
	}
	if big.At(0) != 0 {
		t.Errorf("a refused PermutationInto wrote dst")
	}
	m, _ := nd.Zeros[int]([]int{2, 2})
	if err := random.PermutationInto(m, random.New(1)); !errors.Is(err, nd.ErrShape) {
		t.Errorf("2-D dst: %v, want nd.ErrShape", err)
	}
}
