package nd_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func ExampleArray_Slice() {
	a, _ := nd.Arange[int](0, 12, 1)
	m, _ := a.Reshape(3, 4)
	v, err := m.Slice(nd.Span(0, 2), nd.Whole().By(2)) // m[0:2, ::2], a view
	if err != nil {
		panic(err)
	}
	fmt.Println(v)
	w, _ := m.SliceExpr("-1, ::-1")
	fmt.Println(w)
	// Output:
	// [[0 2]
	//  [4 6]]
	// [11 10  9  8]
}

func ExampleArray_Clone() {
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		panic(err)
	}
	tmp, _ := nd.Full[float32]([]int{2, 2}, 1.5, nd.With(arena))
	kept, _ := tmp.Clone() // to mem.Default
	arena.Release()
	fmt.Println(kept, tmp.Err() != nil)
	// Output:
	// [[1.5 1.5]
	//  [1.5 1.5]] true
}
