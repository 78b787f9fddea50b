package numgo_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// The README's quickstart: temporaries in an arena, the result copied out.
// TestReadme checks that README.md shows this body, as a whole program.
func Example_quickstart() {
	// Temporaries live in an off-heap arena; only the result is copied out.
	var result *nd.Array[float64]
	err := mem.WithArena(100<<20, func(arena *mem.Arena) error {
		a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(arena))
		if err != nil {
			return err
		}
		b, err := nd.Ones[float64]([]int{1000, 1000}, nd.With(arena))
		if err != nil {
			return err
		}
		sum, err := ops.Add(a, b, nd.With(arena))
		if err != nil {
			return err
		}
		result, err = sum.Clone() // to mem.Default, before the arena is released
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(result.Shape(), result.Allocator() == mem.Default)
	fmt.Println(result) // printed as NumPy does: the middle of large arrays elided
	// Output:
	// [1000 1000] true
	// [[1. 1. 1. ... 1. 1. 1.]
	//  [1. 1. 1. ... 1. 1. 1.]
	//  [1. 1. 1. ... 1. 1. 1.]
	//  ...
	//  [1. 1. 1. ... 1. 1. 1.]
	//  [1. 1. 1. ... 1. 1. 1.]
	//  [1. 1. 1. ... 1. 1. 1.]]
}

// The README's second example: use after Reset is an error, not a read of
// memory that now belongs to someone else.
func Example_useAfterReset() {
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		log.Fatal(err)
	}
	defer arena.Close()

	a, err := nd.Arange[float64](0, 1, 0.25, nd.With(arena))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a)
	fmt.Printf("%.2f\n", a) // a verb applies to every element

	arena.Reset() // every array made in the arena is now invalid
	_, err = ops.Add(a, a)
	fmt.Println(errors.Is(err, mem.ErrReleased))
	fmt.Println(a.Err())
	// Output:
	// [0.   0.25 0.5  0.75]
	// [0.00 0.25 0.50 0.75]
	// true
	// mem: memory released: arena was reset (memory from generation 0, arena now at 1)
}
