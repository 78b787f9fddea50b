package mmap_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
)

// tempFile returns a path in a new temporary directory and the function
// that removes it.
func tempFile(name string) (string, func()) {
	dir, err := os.MkdirTemp("", "numgo")
	if err != nil {
		panic(err)
	}
	return filepath.Join(dir, name), func() { os.RemoveAll(dir) }
}

func ExampleSave() {
	path, done := tempFile("a.npy")
	defer done()
	a, _ := nd.FromSlice([]int16{1, 2, 3, 4}, []int{2, 2})
	if err := mmap.Save(path, a); err != nil { // np.load reads it
		panic(err)
	}
	back, _ := mmap.Load[int16](path)
	fmt.Println(back)
	// Output:
	// [[1 2]
	//  [3 4]]
}

func ExampleLoad() {
	a, err := mmap.Load[float64]("../../testdata/npy/float64_f.npy") // read into memory, then the file is closed
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Shape(), a.Layout())
	// Output: [3 4] ColMajor
}

func ExampleWrite() {
	var buf bytes.Buffer
	a, _ := nd.FromSlice([]float32{1.5, 2.5}, []int{2})
	if err := mmap.Write(&buf, a); err != nil {
		panic(err)
	}
	fmt.Printf("%q %d\n", buf.Bytes()[:6], buf.Len()) // the .npy magic; a 128-byte header and 8 bytes
	// Output: "\x93NUMPY" 136
}

func ExampleRead() {
	var buf bytes.Buffer
	a, _ := nd.FromSlice([]uint8{7, 8, 9}, []int{3})
	_ = mmap.Write(&buf, a)
	back, err := mmap.Read[uint8](&buf)
	fmt.Println(back, err)
	// Output: [7 8 9] <nil>
}

func ExampleWriteNPZ() {
	var buf bytes.Buffer
	x, _ := nd.Arange[float64](0, 3, 1)
	if err := mmap.WriteNPZ(&buf, true, mmap.Entry("x", x)); err != nil { // compressed, as np.savez_compressed
		panic(err)
	}
	fmt.Println(buf.Len() > 0)
	// Output: true
}

func ExampleEntry() {
	path, done := tempFile("e.npz")
	defer done()
	w, _ := nd.FromSlice([]float32{0.5}, []int{1})
	n, _ := nd.FromSlice([]int64{3}, []int{1})
	// Entry names an array of any element kind for an archive.
	if err := mmap.SaveNPZ(path, false, mmap.Entry("weights", w), mmap.Entry("n", n)); err != nil {
		panic(err)
	}
	z, _ := mmap.OpenNPZ(path)
	defer z.Close()
	fmt.Println(z.Names())
	// Output: [weights n]
}

// npzFile writes an archive of one float64 array "x" and returns its path.
func npzFile(compressed bool) (string, func()) {
	path, done := tempFile("a.npz")
	x, _ := nd.Arange[float64](0, 4, 1)
	if err := mmap.SaveNPZ(path, compressed, mmap.Entry("x", x)); err != nil {
		panic(err)
	}
	return path, done
}

func ExampleOpenNPZ() {
	path, done := npzFile(false)
	defer done()
	z, err := mmap.OpenNPZ(path)
	if err != nil {
		panic(err)
	}
	defer z.Close()
	fmt.Println(z.Names())
	// Output: [x]
}

func ExampleNPZ_Names() {
	path, done := npzFile(true)
	defer done()
	z, _ := mmap.OpenNPZ(path)
	defer z.Close()
	fmt.Println(z.Names()) // NumPy's names, without the .npy
	// Output: [x]
}

func ExampleNPZ_Close() {
	path, done := npzFile(false)
	defer done()
	z, _ := mmap.OpenNPZ(path)
	x, _ := mmap.MapNPZ[float64](z, "x")
	fmt.Println(x.At(3))
	fmt.Println(z.Close(), x.Err() != nil) // mapped members end with the archive
	// Output:
	// 3
	// <nil> true
}

func ExampleMapNPZ() {
	path, done := npzFile(false)
	defer done()
	z, _ := mmap.OpenNPZ(path)
	defer z.Close()
	x, err := mmap.MapNPZ[float64](z, "x") // a stored member: mapped in place, no copy
	fmt.Println(x, err)
	// Output: [0. 1. 2. 3.] <nil>
}

func ExampleLoadNPZ() {
	path, done := npzFile(true)
	defer done()
	z, _ := mmap.OpenNPZ(path)
	defer z.Close()
	x, err := mmap.LoadNPZ[float64](z, "x") // compressed members are read
	fmt.Println(x, err)
	// Output: [0. 1. 2. 3.] <nil>
}

func ExampleFortranOrder() {
	path, done := tempFile("f.npy")
	defer done()
	a, _ := mmap.Create[float64](path, []int{2, 3}, mmap.FortranOrder())
	fmt.Println(a.Layout(), a.Strides())
	a.Close()
	info, _ := mmap.Inspect(path)
	fmt.Println(info.Fortran)
	// Output:
	// ColMajor [1 2]
	// true
}

func ExampleReserve() {
	path, done := tempFile("r.npy")
	defer done()
	a, _ := mmap.Create[int64](path, []int{0, 2}, mmap.Reserve(1<<20)) // room to grow to 1 MiB
	defer a.Close()
	big, _ := nd.Zeros[int64]([]int{100000, 2})
	fmt.Println(a.Append(big) != nil) // 1.6 MB does not fit the reservation
	// Output: true
}

func ExampleInfo_Layout() {
	info, _ := mmap.Inspect("../../testdata/npy/float64_f.npy")
	fmt.Println(info.Layout(), info.Shape)
	// Output: ColMajor [3 4]
}

func ExampleAdvice_String() {
	fmt.Println(mmap.Sequential, mmap.WillNeed.String())
	// Output: sequential will-need
}

func ExampleMode_String() {
	fmt.Println(mmap.ReadOnly, mmap.ReadWrite.String())
	// Output: ReadOnly ReadWrite
}

func ExampleArray_Path() {
	a, _ := mmap.Open[float64]("../../testdata/npy/float64_f.npy", mmap.ReadOnly)
	defer a.Close()
	fmt.Println(filepath.Base(a.Path()), a.Mode())
	// Output: float64_f.npy ReadOnly
}

func ExampleArray_Mode() {
	a, _ := mmap.Open[float64]("../../testdata/npy/float64_f.npy", mmap.ReadOnly)
	defer a.Close()
	fmt.Println(a.Mode(), a.Writable() != nil) // ReadOnly arrays refuse writers
	// Output: ReadOnly true
}

func ExampleArray_Advise() {
	a, _ := mmap.Open[float64]("../../testdata/npy/float64_f.npy", mmap.ReadOnly)
	defer a.Close()
	fmt.Println(a.Advise(mmap.Sequential)) // about to read it in order
	// Output: <nil>
}

func ExampleArray_Sync() {
	path, done := tempFile("s.npy")
	defer done()
	a, _ := mmap.Create[float64](path, []int{4})
	a.Set(2.5, 1)
	fmt.Println(a.Sync()) // the data is on disk now (msync)
	a.Close()
	back, _ := mmap.Load[float64](path)
	fmt.Println(back)
	// Output:
	// <nil>
	// [0.  2.5 0.  0. ]
}

func ExampleArray_Close() {
	path, done := tempFile("c.npy")
	defer done()
	a, _ := mmap.Create[int32](path, []int{3})
	fmt.Println(a.Close(), a.Err() != nil, a.Close()) // idempotent; the array is invalid after
	// Output: <nil> true <nil>
}

// fileAllocator is a ReadWrite allocator over a new file.
func fileAllocator() (*mmap.Allocator, func()) {
	path, done := tempFile("heap.dat")
	a, err := mmap.NewAllocator(path, mmap.ReadWrite)
	if err != nil {
		panic(err)
	}
	return a, func() { a.Close(); done() }
}

func ExampleAllocator_Alloc() {
	a, done := fileAllocator()
	defer done()
	b, err := a.Alloc(4096, 64) // bytes of the file, mapped
	fmt.Println(len(b), err, a.Size() >= 4096)
	// Output: 4096 <nil> true
}

func ExampleAllocator_Free() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(1024, 8)
	fmt.Println(a.Allocated())
	fmt.Println(a.Free(b), a.Allocated())
	// Output:
	// 1024
	// <nil> 0
}

func ExampleAllocator_Realloc() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(8, 8)
	b[0] = 42
	b, err := a.Realloc(b, 4096, 8) // the contents move with it
	fmt.Println(len(b), b[0], err)
	// Output: 4096 42 <nil>
}

func ExampleAllocator_Allocated() {
	a, done := fileAllocator()
	defer done()
	x, _ := nd.Zeros[float64]([]int{128}, nd.With(a))
	fmt.Println(a.Allocated() >= 1024)
	x.Free()
	fmt.Println(a.Allocated())
	// Output:
	// true
	// 0
}

func ExampleAllocator_Peak() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(1000, 8)
	a.Free(b)
	fmt.Println(a.Allocated(), a.Peak() >= 1000)
	// Output: 0 true
}

func ExampleAllocator_ResetPeak() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(1000, 8)
	a.Free(b)
	a.ResetPeak() // the peak restarts from what is allocated now
	fmt.Println(a.Peak())
	// Output: 0
}

func ExampleAllocator_Stats() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(100, 8)
	s := a.Stats()
	a.Free(b)
	fmt.Println(s.Allocs, s.Allocated >= 100)
	// Output: 1 true
}

func ExampleAllocator_Size() {
	a, done := fileAllocator()
	defer done()
	before := a.Size()
	a.Alloc(1<<16, 8) // the file grows to hold it
	fmt.Println(before, a.Size() >= 1<<16)
	// Output: 0 true
}

func ExampleAllocator_Sync() {
	a, done := fileAllocator()
	defer done()
	b, _ := a.Alloc(8, 8)
	b[0] = 1
	fmt.Println(a.Sync()) // msync: the stores are in the file
	// Output: <nil>
}

func ExampleAllocator_Close() {
	a, done := fileAllocator()
	defer done()
	x, _ := nd.Zeros[float64]([]int{4}, nd.With(a))
	fmt.Println(a.Close(), x.Err() != nil) // arrays of a closed file are invalid
	// Output: <nil> true
}

func ExampleAllocator_Path() {
	a, done := fileAllocator()
	defer done()
	fmt.Println(filepath.Base(a.Path()), a.Mode())
	// Output: heap.dat ReadWrite
}

func ExampleAllocator_Mode() {
	a, done := fileAllocator()
	defer done()
	fmt.Println(a.Mode() == mmap.ReadWrite)
	// Output: true
}

func ExampleAllocator_ReadOnly() {
	w, done := fileAllocator()
	defer done()
	w.Alloc(64, 8)
	w.Sync()
	r, _ := mmap.NewAllocator(w.Path(), mmap.ReadOnly)
	defer r.Close()
	fmt.Println(w.ReadOnly(), r.ReadOnly() != nil) // nd refuses to write through r's arrays
	// Output: <nil> true
}

func ExampleAllocator_Advise() {
	a, done := fileAllocator()
	defer done()
	a.Alloc(1<<16, 8)
	fmt.Println(a.Advise(mmap.Random))
	// Output: <nil>
}

func ExampleAllocator_Generation() {
	a, done := fileAllocator()
	defer done()
	gen := a.Generation()
	fmt.Println(a.CheckGeneration(gen))
	// Output: <nil>
}

func ExampleAllocator_CheckGeneration() {
	path, done := tempFile("g.dat")
	defer done()
	a, _ := mmap.NewAllocator(path, mmap.ReadWrite)
	gen := a.Generation()
	a.Close()
	fmt.Println(a.CheckGeneration(gen) != nil) // what arrays check before each use
	// Output: true
}
