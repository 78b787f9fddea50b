package nd_test

import (
	"errors"
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
	arena.Close()
	fmt.Println(kept, tmp.Err() != nil)
	// Output:
	// [[1.5 1.5]
	//  [1.5 1.5]] true
}

// Reshape takes elements in row-major index order: a transposed matrix has
// no flat view in that order, so Reshape refuses and Clone gives the copy
// NumPy's reshape would make.
func ExampleArray_Reshape() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	if _, err := m.T().Reshape(6); err != nil {
		fmt.Println(errors.Is(err, nd.ErrShape))
	}
	c, _ := m.T().Clone()
	flat, _ := c.Reshape(6)
	fmt.Println(flat)
	col, _ := m.T().Reshape(3, 1, 2) // a view: the strides allow it
	fmt.Println(col.Shape())
	// Output:
	// true
	// [0 3 1 4 2 5]
	// [3 1 2]
}

func ExampleOverlaps() {
	a, _ := nd.Arange[float64](0, 8, 1)
	head, _ := a.SliceExpr(":7")
	tail, _ := a.SliceExpr("1:")
	fmt.Println(nd.Overlaps(a, a), nd.Overlaps(tail, head), nd.Overlaps(head, must(a.SliceExpr("7:"))))
	// nd.Copy reads a partly overlapping source through a temporary, as
	// NumPy's copyto does: the result is as if the two were separate.
	nd.Copy(tail, head)
	fmt.Println(a)
	// Output:
	// Same Partial Disjoint
	// [0. 0. 1. 2. 3. 4. 5. 6.]
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
