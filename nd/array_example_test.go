package nd_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

func ExampleZeros() {
	z, _ := nd.Zeros[float64]([]int{2, 3})
	fmt.Println(z)
	// Output:
	// [[0. 0. 0.]
	//  [0. 0. 0.]]
}

func ExampleEmpty() {
	e, _ := nd.Empty[int32]([]int{4}) // contents unspecified: fill before reading
	for i := range 4 {
		e.Set(int32(i*i), i)
	}
	fmt.Println(e)
	// Output: [0 1 4 9]
}

func ExampleFull() {
	f, _ := nd.Full([]int{2, 2}, 7.5)
	fmt.Println(f)
	// Output:
	// [[7.5 7.5]
	//  [7.5 7.5]]
}

func ExampleArange() {
	a, _ := nd.Arange(0.0, 1, 0.25)
	b, _ := nd.Arange(10, 0, -3)
	fmt.Println(a, b)
	// Output: [0.   0.25 0.5  0.75] [10  7  4  1]
}

func ExampleFromSlice() {
	s := []float64{1, 2, 3, 4, 5, 6}
	a, _ := nd.FromSlice(s, []int{2, 3}) // a copy: s stays the caller's
	s[0] = 100
	fmt.Println(a)
	// Output:
	// [[1. 2. 3.]
	//  [4. 5. 6.]]
}

func ExampleWrap() {
	s := []int{1, 2, 3, 4}
	a, _ := nd.Wrap(s, []int{2, 2}) // no copy: a and s share memory
	s[0] = 100
	fmt.Println(a.At(0, 0))
	// Output: 100
}

func ExampleView() {
	// A 2x2 window of a 3x4 row-major buffer, as a gonum matrix with a
	// row stride larger than its column count is seen.
	buf := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	v, _ := nd.View(buf, 5, []int{2, 2}, []int{4, 1})
	fmt.Println(v)
	// Output:
	// [[ 5.  6.]
	//  [ 9. 10.]]
}

func ExampleRandom() {
	a, _ := nd.Random[float64]([]int{1000}, 42)
	b, _ := nd.Random[float64]([]int{1000}, 42)
	lo, hi := 1.0, 0.0
	for v := range a.Values() {
		lo, hi = min(lo, v), max(hi, v)
	}
	fmt.Println(a.At(7) == b.At(7), lo >= 0, hi < 1) // reproducible, in [0, 1)
	// Output: true true true
}

func ExampleCopy() {
	src, _ := nd.Arange[float64](0, 6, 1)
	m, _ := src.Reshape(2, 3)
	dst, _ := nd.Zeros[float64]([]int{3, 2})
	if err := nd.Copy(dst, m.T()); err != nil { // any strides on either side
		panic(err)
	}
	fmt.Println(dst)
	fmt.Println(nd.Copy(dst, m)) // shapes must match
	// Output:
	// [[0. 3.]
	//  [1. 4.]
	//  [2. 5.]]
	// nd: bad shape: Copy from shape [2 3] into shape [3 2]
}

func ExampleSameShape() {
	a, _ := nd.Zeros[float64]([]int{2, 3})
	b, _ := nd.Zeros[uint8]([]int{2, 3})
	fmt.Println(nd.SameShape(a, b), nd.SameShape(a, a.T()))
	// Output: true false
}

func ExampleKindOf() {
	fmt.Println(nd.KindOf[int16](), nd.KindOf[uint8](), nd.KindOf[float32](), nd.KindOf[complex128]())
	// Output: int uint float complex
}

func ExampleKind_String() {
	k := nd.KindOf[float64]()
	fmt.Println(k.String(), k == nd.KindFloat)
	// Output: float true
}

func ExampleCasting_String() {
	fmt.Println(nd.Safe.String(), nd.SameKind, nd.Unsafe)
	// Output: safe same_kind unsafe
}

func ExampleLayout_String() {
	a, _ := nd.Zeros[float64]([]int{2, 3})
	fmt.Println(a.Layout(), a.T().Layout())
	// Output: RowMajor ColMajor
}

func ExampleOverlap_String() {
	a, _ := nd.Zeros[float64]([]int{4})
	b, _ := nd.Zeros[float64]([]int{4})
	fmt.Println(nd.Overlaps(a, a).String(), nd.Overlaps(a, b))
	// Output: Same Disjoint
}

func ExampleWith() {
	arena, _ := mem.NewArena(1 << 20)
	defer arena.Close()
	a, _ := nd.Zeros[float64]([]int{100}, nd.With(arena)) // the arena's memory
	fmt.Println(a.Allocator() == mem.Allocator(arena), arena.Allocated() >= 800)
	// Output: true true
}

func ExampleWithLayout() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4, 5, 6}, []int{2, 3}, nd.WithLayout(nd.ColMajor))
	fmt.Println(a, a.Layout(), a.Strides())
	// Output:
	// [[1 2 3]
	//  [4 5 6]] ColMajor [1 2]
}

func ExampleAlign() {
	a, _ := nd.Zeros[float32]([]int{10}, nd.Align(4096))
	fmt.Println(a.Addr()%4096 == 0)
	// Output: true
}

func ExampleSpan() {
	a, _ := nd.Arange[int](0, 10, 1)
	v, _ := a.Slice(nd.Span(2, 5)) // a[2:5]
	fmt.Println(v)
	// Output: [2 3 4]
}

func ExampleFrom() {
	a, _ := nd.Arange[int](0, 10, 1)
	v, _ := a.Slice(nd.From(-3)) // a[-3:]
	fmt.Println(v)
	// Output: [7 8 9]
}

func ExampleTo() {
	a, _ := nd.Arange[int](0, 10, 1)
	v, _ := a.Slice(nd.To(3)) // a[:3]
	fmt.Println(v)
	// Output: [0 1 2]
}

func ExampleWhole() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	col, _ := m.Slice(nd.Whole(), nd.Index(1)) // m[:, 1]
	fmt.Println(col)
	// Output: [1 4]
}

func ExampleIndex() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	row, _ := m.Slice(nd.Index(-1)) // m[-1]: the axis is dropped
	fmt.Println(row, row.Shape())
	// Output: [3 4 5] [3]
}

func ExampleRange_By() {
	a, _ := nd.Arange[int](0, 10, 1)
	even, _ := a.Slice(nd.Whole().By(2))  // a[::2]
	back, _ := a.Slice(nd.Whole().By(-3)) // a[::-3]
	fmt.Println(even, back)
	// Output: [0 2 4 6 8] [9 6 3 0]
}

func ExampleRange_String() {
	fmt.Println(nd.Span(1, 5).By(2), nd.Index(3), nd.Whole())
	// Output: 1:5:2 3 :
}

func ExampleParseRanges() {
	rs, err := nd.ParseRanges("1:, ::-1, 2")
	fmt.Println(rs, err)
	_, err = nd.ParseRanges("1:2:0")
	fmt.Println(err)
	// Output:
	// [1: ::-1 2] <nil>
	// nd: ParseRanges: bad index: bad shape: slice step cannot be zero in "1:2:0"
}

func ExampleArray_SliceExpr() {
	a, _ := nd.Arange[int](0, 12, 1)
	m, _ := a.Reshape(3, 4)
	v, _ := m.SliceExpr("1:, ::2") // m[1:, ::2]
	fmt.Println(v)
	// Output:
	// [[ 4  6]
	//  [ 8 10]]
}

func ExampleArray_At() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	fmt.Println(m.At(1, 2), m.At(-1, 0)) // negative indices count from the end
	// Output: 5 3
}

func ExampleArray_Set() {
	m, _ := nd.Zeros[float64]([]int{2, 2})
	m.Set(5, 0, 1)
	m.Set(-1, -1, -1)
	fmt.Println(m)
	// Output:
	// [[ 0.  5.]
	//  [ 0. -1.]]
}

func ExampleArray_Shape() {
	a, _ := nd.Zeros[float64]([]int{2, 3, 4})
	fmt.Println(a.Shape(), a.NDim(), a.Size(), a.Dim(-1))
	// Output: [2 3 4] 3 24 4
}

func ExampleArray_NDim() {
	s, _ := nd.Zeros[float64](nil) // a 0-d array: one element
	fmt.Println(s.NDim(), s.Size())
	// Output: 0 1
}

func ExampleArray_Size() {
	a, _ := nd.Zeros[int8]([]int{3, 0})
	fmt.Println(a.Size(), a.Shape())
	// Output: 0 [3 0]
}

func ExampleArray_Dim() {
	a, _ := nd.Zeros[float64]([]int{5, 7})
	fmt.Println(a.Dim(0), a.Dim(1), a.Dim(-2))
	// Output: 5 7 5
}

func ExampleArray_Strides() {
	a, _ := nd.Zeros[float64]([]int{2, 3, 4})
	fmt.Println(a.Strides(), a.T().Strides()) // in elements, not bytes
	// Output: [12 4 1] [1 4 12]
}

func ExampleArray_Layout() {
	a, _ := nd.Zeros[float64]([]int{3, 4})
	v, _ := a.SliceExpr(":, ::2")
	fmt.Println(a.Layout(), a.T().Layout(), v.Layout())
	// Output: RowMajor ColMajor Strided
}

func ExampleArray_IsContiguous() {
	a, _ := nd.Zeros[float64]([]int{3, 4})
	v, _ := a.SliceExpr(":, ::2")
	fmt.Println(a.IsContiguous(), a.T().IsContiguous(), v.IsContiguous())
	// Output: true true false
}

func ExampleArray_Data() {
	a, _ := nd.Arange[int](0, 4, 1)
	d := a.Data() // the elements in memory order, shared with a
	d[0] = 9
	fmt.Println(d, a.At(0))
	// Output: [9 1 2 3] 9
}

func ExampleArray_Storage() {
	a, _ := nd.Arange[int](0, 12, 1)
	m, _ := a.Reshape(3, 4)
	v, _ := m.SliceExpr("1:, 1::2")
	data, off, strides := v.Storage() // element (i, j) is data[off + i*strides[0] + j*strides[1]]
	fmt.Println(len(data), off, strides, data[off+1*strides[0]+1*strides[1]] == v.At(1, 1))
	// Output: 12 5 [4 2] true
}

func ExampleArray_Values() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	for v := range m.T().Values() { // row-major order of the view's indices
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output: 0 3 1 4 2 5
}

func ExampleArray_All() {
	a, _ := nd.Arange[int](0, 4, 1)
	m, _ := a.Reshape(2, 2)
	for idx, v := range m.All() {
		fmt.Print(idx, "=", v, " ")
	}
	fmt.Println()
	// Output: [0 0]=0 [0 1]=1 [1 0]=2 [1 1]=3
}

func ExampleArray_T() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	fmt.Println(m.T()) // a view: no copy
	// Output:
	// [[0 3]
	//  [1 4]
	//  [2 5]]
}

func ExampleArray_Transpose() {
	a, _ := nd.Zeros[float64]([]int{2, 3, 4})
	t, _ := a.Transpose(2, 0, 1)
	fmt.Println(t.Shape())
	_, err := a.Transpose(0, 0, 1)
	fmt.Println(err != nil)
	// Output:
	// [4 2 3]
	// true
}

func ExampleArray_String() {
	a, _ := nd.FromSlice([]float64{1, 2.5, -3, 4}, []int{2, 2})
	fmt.Println(a.String())
	// Output:
	// [[ 1.   2.5]
	//  [-3.   4. ]]
}

func ExampleArray_Err() {
	arena, _ := mem.NewArena(1 << 16)
	a, _ := nd.Zeros[float64]([]int{8}, nd.With(arena))
	fmt.Println(a.Err())
	arena.Reset() // a's memory is gone
	fmt.Println(a.Err() != nil)
	arena.Close()
	// Output:
	// <nil>
	// true
}

func ExampleArray_Free() {
	sys := mem.NewSystem()
	a, _ := nd.Zeros[float64]([]int{1000}, nd.With(sys))
	fmt.Println(sys.Allocated() >= 8000)
	fmt.Println(a.Free(), sys.Allocated(), a.Err() != nil)
	// Output:
	// true
	// <nil> 0 true
}

func ExampleArray_Allocator() {
	pool, _ := mem.NewPool(1024, 4)
	defer pool.Close()
	a, _ := nd.Zeros[float64]([]int{16}, nd.With(pool))
	b, _ := nd.Wrap([]float64{1}, []int{1})
	fmt.Println(a.Allocator() == mem.Allocator(pool), b.Allocator() == nil)
	// Output: true true
}

func ExampleArray_Writable() {
	a, _ := nd.Zeros[float64]([]int{2})
	fmt.Println(a.Writable())
	// Output: <nil>
}

func ExampleArray_Addr() {
	a, _ := nd.Zeros[float64]([]int{16}, nd.Align(64))
	e, _ := nd.Zeros[float64]([]int{0})
	fmt.Println(a.Addr()%64 == 0, e.Addr())
	// Output: true 0
}

func ExampleArray_MemoryUsage() {
	a, _ := nd.Zeros[float32]([]int{100, 10})
	row, _ := a.SliceExpr("0")
	fmt.Println(a.MemoryUsage(), row.MemoryUsage()) // a view counts its own elements
	// Output: 4000 40
}

func ExampleArray_KernelOperands() {
	a, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	b, _ := nd.FromSlice([]float64{10, 20, 30}, []int{3})
	dst, _ := nd.Zeros[float64]([]int{3})
	if d, x, y, ok := dst.KernelOperands(a, b); ok {
		for i := range d {
			d[i] = x[i] + y[i]
		}
	}
	_, _, _, ok := dst.KernelOperands(a.T(), b) // fine; a strided input is not
	v, _ := nd.Zeros[float64]([]int{6})
	strided, _ := v.SliceExpr("::2")
	_, _, _, okStrided := dst.KernelOperands(strided, b)
	fmt.Println(dst, ok, okStrided)
	// Output: [11. 22. 33.] true false
}

func ExampleOnes() {
	o, _ := nd.Ones[int]([]int{2, 3})
	fmt.Println(o)
	// Output:
	// [[1 1 1]
	//  [1 1 1]]
}
