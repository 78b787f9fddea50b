package asm

import (
	"syscall"
	"testing"
	"unsafe"
)

// guardedSlices maps k data pages, each followed by an inaccessible page,
// and returns for every page a function placing n elements so that they end
// exactly at the page's end: a kernel that reads or writes one element past
// n faults.
func guardedSlices[T Float](t *testing.T, k int) []func(n int) []T {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*k*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	size := int(unsafe.Sizeof(T(0)))
	var at []func(n int) []T
	for i := range k {
		if err := syscall.Mprotect(mem[(2*i+1)*page:(2*i+2)*page], syscall.PROT_NONE); err != nil {
			t.Fatalf("mprotect: %v", err)
		}
		data := unsafe.Slice((*T)(unsafe.Pointer(&mem[2*i*page])), page/size)
		for j := range data {
			data[j] = T(j%7) - 3
		}
		at = append(at, func(n int) []T { return data[len(data)-n:] })
	}
	return at
}

// checkGuarded runs every kernel on operands that end at a guard page, for
// every size up to maxSize (every tail length and end alignment), with and
// without non-temporal stores.
func checkGuarded[T Float](t *testing.T) {
	at := guardedSlices[T](t, 4)
	for _, threshold := range []int{0, NonTemporalThreshold()} {
		prev := SetNonTemporalThreshold(threshold)
		for n := 0; n <= maxSize; n++ {
			d, a, b, c := at[0](n), at[1](n), at[2](n), at[3](n)
			for _, k := range mapKernels[T]() {
				k.api(d, [][]T{a, b, c}[:k.inputs], 1)
			}
			Sum(a)
			Dot(a, b)
			AddRows(d, a, n, 1)
			MinRows(d, b, n, 1)
			MaxRows(d, c, n, 1)
			ArgMin(a)
			ArgMax(b)
			if n > 0 {
				Min(a)
				Max(b)
			}
		}
		SetNonTemporalThreshold(prev)
	}
}

func TestNoAccessPastEnd(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkGuarded[float32])
		t.Run("float64", checkGuarded[float64])
	})
}

// TestInRangeNoAccessPastEnd runs InRange on indices that end at a guard
// page, for every length up to maxSize.
func TestInRangeNoAccessPastEnd(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		at := guardedSlices[float64](t, 1)[0]
		for n := 0; n <= maxSize; n++ {
			f := at(n)
			x := unsafe.Slice((*int)(unsafe.Pointer(unsafe.SliceData(f))), n) // the same bytes as ints
			InRange(x, -1<<62, 1<<62)
		}
	})
}
