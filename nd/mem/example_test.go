package mem_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/numgo/numgo/nd/mem"
)

func ExampleArena() {
	arena, err := mem.NewArena(10 << 20) // 10 MiB, off the Go heap
	if err != nil {
		panic(err)
	}
	defer arena.Close()

	b1, _ := arena.Alloc(1024, 8)
	b2, _ := arena.Alloc(2048, 64)
	fmt.Println("allocated:", arena.Allocated(), "bytes; second block 64-aligned:", addrOf(b2)%64 == 0, len(b1))

	gen := arena.Generation()
	arena.Reset() // everything handed out before is now invalid
	fmt.Println("after Reset:", arena.Allocated(), "bytes;", arena.CheckGeneration(gen))

	_, err = arena.Alloc(11<<20, 8)
	fmt.Println(errors.Is(err, mem.ErrOutOfMemory))
	// Output:
	// allocated: 3072 bytes; second block 64-aligned: true 1024
	// after Reset: 0 bytes; mem: memory released: arena was reset (memory from generation 0, arena now at 1)
	// true
}

func ExampleWithArena() {
	var sum float64
	err := mem.WithArena(1<<20, func(arena *mem.Arena) error {
		scratch, err := arena.Alloc(4096, 64)
		if err != nil {
			return err
		}
		for i := range scratch {
			scratch[i] = 1
			sum += float64(scratch[i])
		}
		fmt.Println("peak inside:", arena.Peak())
		return nil // the arena is released here, on errors and panics too
	})
	fmt.Println(sum, err)
	// Output:
	// peak inside: 4096
	// 4096 <nil>
}

func ExamplePool() {
	pool, err := mem.NewPool(1024, 100) // 100 blocks of 1 KiB
	if err != nil {
		panic(err)
	}
	defer pool.Close()

	blocks := make([][]byte, 10)
	for i := range blocks {
		blocks[i], _ = pool.Get()
	}
	for i := 0; i < len(blocks); i += 2 {
		pool.Put(blocks[i]) // give back every other block
	}
	fmt.Println("in use:", pool.Allocated(), "bytes")
	fmt.Printf("fragmentation: %.2f\n", pool.Fragmentation())
	fmt.Println("double Put:", pool.Put(blocks[0]))
	// Output:
	// in use: 5120 bytes
	// fragmentation: 0.05
	// double Put: mem: buffer freed twice: Pool.Put: block 0 is not in use
}

func ExampleSystem() {
	sys := mem.NewSystem()
	b, err := sys.Alloc(4096, 16)
	if err != nil {
		panic(err)
	}
	fmt.Println("aligned:", addrOf(b)%16 == 0, "allocated:", sys.Allocated())
	fmt.Println(sys.Free(b), sys.Allocated())
	fmt.Println(errors.Is(sys.Free(b), mem.ErrDoubleFree))
	// Output:
	// aligned: true allocated: 4096
	// <nil> 0
	// true
}

func ExampleFromContext() {
	arena, _ := mem.NewArena(1 << 20)
	defer arena.Close()
	ctx := mem.NewContext(context.Background(), arena)

	// Deep in library code that takes only a context:
	a := mem.FromContext(ctx)
	b, _ := a.Alloc(100, 8)
	fmt.Println(len(b), a == mem.Allocator(arena), mem.FromContext(context.Background()) == mem.Allocator(mem.Default))
	// Output:
	// 100 true true
}
