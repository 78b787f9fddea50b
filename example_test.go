package numgo_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// The guide's arena example: fast allocation, everything given back at once.
func Example_arena() {
	arena, err := mem.NewArena(10 << 20) // 10 MiB, off the Go heap
	if err != nil {
		panic(err)
	}
	defer arena.Close()

	if _, err := arena.Alloc(1024, 8); err != nil {
		panic(err)
	}
	if _, err := arena.Alloc(2048, 16); err != nil {
		panic(err)
	}
	fmt.Println("Arena allocated:", arena.Allocated(), "bytes")
	fmt.Println("Arena peak usage:", arena.Peak(), "bytes")
	// Output:
	// Arena allocated: 3072 bytes
	// Arena peak usage: 3072 bytes
}

// The guide's matrix example: temporaries in a scoped arena, the result
// copied out to the Go heap before the arena is released.
func Example_arenaScope() {
	var result *nd.Array[float64]
	err := mem.WithArena(100<<20, func(arena *mem.Arena) error {
		temp1, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(arena))
		if err != nil {
			return err
		}
		temp2, err := nd.Ones[float64]([]int{1000, 1000}, nd.With(arena))
		if err != nil {
			return err
		}
		temp3, err := ops.Add(temp1, temp2, nd.With(arena))
		if err != nil {
			return err
		}
		result, err = temp3.Clone()
		return err
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(result.Shape(), result.At(999, 999), result.Allocator() == mem.Default)
	// Output:
	// [1000 1000] 1 true
}

// The guide's pool example: fixed-size blocks, reused.
func Example_pool() {
	pool, err := mem.NewPool(1024, 100) // 100 blocks of 1 KiB
	if err != nil {
		panic(err)
	}
	defer pool.Close()

	block1, err := pool.Get()
	if err != nil {
		panic(err)
	}
	block2, err := pool.Get()
	if err != nil {
		panic(err)
	}
	fmt.Println("in use:", pool.Allocated(), "bytes")
	if err := pool.Put(block1); err != nil {
		panic(err)
	}
	if err := pool.Put(block2); err != nil {
		panic(err)
	}
	fmt.Printf("Pool fragmentation: %.2f%%\n", pool.Fragmentation()*100)
	// Output:
	// in use: 2048 bytes
	// Pool fragmentation: 0.00%
}

// The guide's system allocator example: Go-heap memory, tracked.
func Example_system() {
	allocator := mem.NewSystem()
	b, err := allocator.Alloc(4096, 16)
	if err != nil {
		panic(err)
	}
	fmt.Println("System allocator stats:")
	fmt.Println(" Allocated:", allocator.Allocated(), "bytes")
	fmt.Println(" Peak:", allocator.Peak(), "bytes")
	if err := allocator.Free(b); err != nil {
		panic(err)
	}
	fmt.Println(" After free:", allocator.Allocated(), "bytes")
	// Output:
	// System allocator stats:
	//  Allocated: 4096 bytes
	//  Peak: 4096 bytes
	//  After free: 0 bytes
}

// Arrays print as NumPy prints them.
func Example_printing() {
	a, err := nd.Arange[float64](0, 6, 1)
	if err != nil {
		panic(err)
	}
	m, err := a.Reshape(2, 3)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.1f\n", m)
	fmt.Println(m.T())
	// Output:
	// [[0.0 1.0 2.0]
	//  [3.0 4.0 5.0]]
	// [[0. 3.]
	//  [1. 4.]
	//  [2. 5.]]
}
