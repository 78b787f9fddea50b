package mmap

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// CatchFault runs f and turns a memory fault in it into an error wrapping
// ErrFault, instead of the fatal "unexpected fault address" that ends the
// process. A mapped file faults when a page of it can no longer be read:
// another program truncated the file under its mapping (reading past the
// new end raises SIGBUS, whether the file was opened ReadOnly or
// ReadWrite, in numgo as in NumPy's memmap), or its device failed to read.
// This package never truncates a file in place (Save and Create replace
// it by renaming), so only another program, or this one through the os
// package, can cause the first.
//
//	err := mmap.CatchFault(func() { total, err = ops.Sum(a.Array) })
//	if errors.Is(err, mmap.ErrFault) { ... the file shrank under us ... }
//
// It uses runtime/debug.SetPanicOnFault for f's duration and restores the
// setting after. What it covers and costs:
//
//   - Only f's own goroutine: work f hands to other goroutines (an op over
//     a million elements or more splits across goroutines; see
//     ops.SetParallelThreshold) still ends the process if it faults. Turn
//     splitting off around such a call to cover all of it.
//   - A fault unwinds f as a panic does: deferred calls run, and what f
//     had half done (a destination partly written) stays so. The array
//     stays mapped; reading the lost pages faults again.
//   - Other panics pass through unchanged (re-panicked), and so does a nil
//     pointer dereference: only a fault at a real address becomes an error.
//   - The cost is per call, not per element: two SetPanicOnFault calls and
//     a deferred recover, less than one At costs (BenchmarkCatchFault: an
//     At inside its own CatchFault takes 1.25-1.5 times an At alone);
//     reads inside f run at full speed, so wrap a loop, not each read.
func CatchFault(f func()) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		p := recover()
		if p == nil {
			return
		}
		if re, ok := p.(runtime.Error); ok {
			if fa, ok := re.(interface{ Addr() uintptr }); ok {
				err = fmt.Errorf("%w at address %#x (a mapped file shrank under its mapping, or its device failed): %v", ErrFault, fa.Addr(), re)
				return
			}
		}
		panic(p)
	}()
	f()
	return nil
}
