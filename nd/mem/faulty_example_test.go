package mem_test

import (
	"errors"
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func ExampleNewFaulty() {
	f := mem.NewFaulty(mem.NewSystem(), mem.FaultConfig{FailNth: 2})
	a, err1 := nd.Zeros[float64]([]int{3}, nd.With(f))
	_, err2 := nd.Zeros[float64]([]int{3}, nd.With(f))
	fmt.Println(err1)
	fmt.Println(errors.Is(err2, mem.ErrOutOfMemory), err2)
	a.Free()
	// Output:
	// <nil>
	// true nd: allocating [3] float64: out of memory: Faulty.Alloc(24, align 64): injected failure of request 2
}

// FailEach fails each allocation of a piece of code in turn and checks
// that it returns the error and leaks nothing.
func ExampleFailEach() {
	pair := func(a mem.Allocator) (x, y *nd.Array[float64], err error) {
		if x, err = nd.Zeros[float64]([]int{4}, nd.With(a)); err != nil {
			return nil, nil, err
		}
		if y, err = nd.Ones[float64]([]int{4}, nd.With(a)); err != nil {
			x.Free() // without this, FailEach reports the leak with its stack
			return nil, nil, err
		}
		return x, y, nil
	}
	n, err := mem.FailEach(mem.Default, func(a mem.Allocator) error {
		x, y, err := pair(a)
		if err != nil {
			return err
		}
		return errors.Join(x.Free(), y.Free())
	})
	fmt.Println(n, "allocation sites failed in turn; problems:", err)
	// Output:
	// 2 allocation sites failed in turn; problems: <nil>
}
