package mmap_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// The guide's memory-mapped example, as written: a 10000 x 10000 float64
// array in a file, one element set, Sync, then the file reopened and
// checked. The file is 800 MB but sparse: only the page written takes
// disk or memory. A new file reads as zeros, so nd.Empty gives the zeros
// without writing 800 MB (nd.Zeros would clear every page).
func ExampleNewAllocator() {
	dir, _ := os.MkdirTemp("", "numgo")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "large_array.dat")

	alloc, err := mmap.NewAllocator(path, mmap.ReadWrite)
	if err != nil {
		panic(err)
	}
	array, err := nd.Empty[float64]([]int{10000, 10000}, nd.With(alloc))
	if err != nil {
		panic(err)
	}
	array.Set(42, 1000, 1000)
	if err := alloc.Sync(); err != nil {
		panic(err)
	}
	fmt.Println("array size:", array.MemoryUsage(), "bytes")
	alloc.Close()
	fmt.Println("after Close the array is invalid:", errors.Is(array.Err(), mem.ErrReleased))

	again, _ := mmap.NewAllocator(path, mmap.ReadOnly)
	defer again.Close()
	back, _ := nd.Empty[float64]([]int{10000, 10000}, nd.With(again))
	fmt.Println("reopened:", back.At(1000, 1000), back.At(0, 0))
	// Output:
	// array size: 800000000 bytes
	// after Close the array is invalid: true
	// reopened: 42 0
}

// Create writes a .npy that NumPy opens with np.load (with or without
// mmap_mode); the data is mapped, so Set writes the file.
func ExampleCreate() {
	dir, _ := os.MkdirTemp("", "numgo")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "a.npy")

	a, err := mmap.Create[float32](path, []int{3, 4})
	if err != nil {
		panic(err)
	}
	a.Set(1.5, 2, 3)
	a.Close()

	data, _ := os.ReadFile(path)
	fmt.Printf("%q\n", data[10:69])
	fmt.Println(len(data), "bytes: a 128-byte header and 48 of data")
	// Output:
	// "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
	// 176 bytes: a 128-byte header and 48 of data
}

// Open maps a file NumPy wrote, here np.save(np.asfortranarray(a)): the
// array is column-major, as in NumPy, and nothing is read until touched.
func ExampleOpen() {
	a, err := mmap.Open[float64]("../../testdata/npy/float64_f.npy", mmap.ReadOnly)
	if err != nil {
		panic(err)
	}
	defer a.Close()
	fmt.Println(a.Shape(), a.Layout(), a.At(1, 2))

	_, err = mmap.Open[float32]("../../testdata/npy/float64_f.npy", mmap.ReadOnly)
	fmt.Println(errors.Is(err, mmap.ErrDType))
	// Output:
	// [3 4] ColMajor 1
	// true
}

// Append grows a .npy in place along axis 0; NumPy sees the new shape.
func ExampleArray_Append() {
	dir, _ := os.MkdirTemp("", "numgo")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "log.npy")

	log, _ := mmap.Create[int64](path, []int{0, 2})
	for step := range int64(3) {
		row, _ := nd.FromSlice([]int64{step, step * step}, []int{1, 2})
		if err := log.Append(row); err != nil {
			panic(err)
		}
	}
	log.Sync()
	log.Close()

	back, _ := mmap.Load[int64](path)
	fmt.Println(back.Shape(), back.At(2, 1))
	// Output:
	// [3 2] 4
}

// SaveNPZ writes arrays of any element types in one archive, as
// np.savez does; stored members can then be mapped in place, compressed
// ones are read.
func ExampleSaveNPZ() {
	dir, _ := os.MkdirTemp("", "numgo")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run.npz")

	x, _ := nd.Arange[float64](0, 6, 1)
	labels, _ := nd.FromSlice([]int32{7, 8}, []int{2})
	if err := mmap.SaveNPZ(path, false, mmap.Entry("x", x), mmap.Entry("labels", labels)); err != nil {
		panic(err)
	}

	z, _ := mmap.OpenNPZ(path)
	defer z.Close()
	mapped, _ := mmap.MapNPZ[float64](z, "x") // no copy; valid until z.Close
	read, _ := mmap.LoadNPZ[int32](z, "labels")
	fmt.Println(z.Names(), mapped.At(5), read.At(1))
	// Output:
	// [x labels] 5 8
}

// CatchFault keeps a program alive when a file it has mapped is truncated
// by someone else: the read of a lost page is an error, not a crash.
func ExampleCatchFault() {
	dir, _ := os.MkdirTemp("", "mmap")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "x.npy")
	x, _ := nd.Full([]int{100000}, 1.0)
	mmap.Save(path, x)
	a, _ := mmap.Open[float64](path, mmap.ReadOnly)
	defer a.Close()

	os.Truncate(path, 4096) // another program shrinks the file

	var v float64
	err := mmap.CatchFault(func() { v = a.At(99999) })
	fmt.Println(errors.Is(err, mmap.ErrFault), v)
	err = mmap.CatchFault(func() { v = a.At(0) }) // still in the file
	fmt.Println(err, v)
	// Output:
	// true 0
	// <nil> 1
}
