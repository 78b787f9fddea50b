package mem_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func ExampleNewBudget() {
	b := mem.NewBudget(mem.Default, 1<<20) // at most 1 MiB live
	a, err := nd.Zeros[float64]([]int{256, 256}, nd.With(b))
	fmt.Println(err, b.Remaining())
	_, err = nd.Zeros[float64]([]int{512, 256}, nd.With(b))
	fmt.Println(err)
	a.Free()
	fmt.Println(b.Remaining())
	// Output:
	// <nil> 524288
	// nd: allocating [512 256] float64: out of memory: Budget.Alloc(1048576): 524288 bytes left of 1048576
	// 1048576
}
