package nd_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
)

func ExampleConvert() {
	counts, _ := nd.FromSlice([]int32{1, 2, 3}, []int{3})
	f, err := nd.Convert[float64](counts) // int32 → float64 is safe
	fmt.Println(f, err)
	wide, _ := nd.FromSlice([]int64{1, 300}, []int{2})
	_, err = nd.Convert[int8](wide) // same_kind, but 300 does not fit
	fmt.Println(err)
	// Output:
	// [1. 2. 3.] <nil>
	// nd: Convert: cannot cast: a[1] = 300 does not fit int8
}

func ExampleConvertInto() {
	x, _ := nd.FromSlice([]uint8{0, 128, 255}, []int{3})
	dst, _ := nd.Zeros[int16]([]int{3})
	err := nd.ConvertInto(dst, x)
	fmt.Println(dst, err)
	// Output: [  0 128 255] <nil>
}

func ExampleCast() {
	x, _ := nd.FromSlice([]float64{2.7, -2.7, 1e3}, []int{3})
	_, err := nd.Cast[int16](x, nd.SameKind)
	fmt.Println(err)
	i, _ := nd.Cast[int16](x, nd.Unsafe) // truncates toward zero
	fmt.Println(i)
	_, err = nd.Cast[uint8](x, nd.Unsafe) // 1000 is outside 0..255
	fmt.Println(errors.Is(err, nd.ErrCast))
	w, _ := nd.FromSlice([]int32{-1, 300}, []int{2})
	u, _ := nd.Cast[uint8](w, nd.Unsafe) // integers wrap, as NumPy's
	fmt.Println(u)
	// Output:
	// nd: Cast: cannot cast: float64 to int16 under same_kind casting; Cast with nd.Unsafe converts it anyway
	// [   2   -2 1000]
	// true
	// [255  44]
}

func ExampleCastInto() {
	z, _ := nd.FromSlice([]complex128{1 + 2i, 3}, []int{2})
	dst, _ := nd.Zeros[float64]([]int{2})
	fmt.Println(nd.CastInto(dst, z, nd.SameKind) != nil) // complex → real is refused ...
	fmt.Println(nd.CastInto(dst, z, nd.Unsafe), dst)     // ... unless asked: the real part
	// Output:
	// true
	// <nil> [1. 3.]
}

func ExampleCanCast() {
	fmt.Println(nd.CanCast[float64, int32](nd.Safe))
	fmt.Println(nd.CanCast[float32, int32](nd.Safe))
	fmt.Println(nd.CanCast[int8, int64](nd.SameKind))
	fmt.Println(nd.CanCast[uint8, int8](nd.SameKind))
	// Output:
	// true
	// false
	// true
	// false
}

func ExampleCasting() {
	// NumPy: a_int32 + b_float64 is float64; here the conversion is explicit.
	a, _ := nd.FromSlice([]int32{1, 2}, []int{2})
	af, _ := nd.Convert[float64](a)
	fmt.Println(af, nd.Unsafe)
	// Output: [1. 2.] unsafe
}

func ExampleLinspace() {
	x, _ := nd.Linspace(0.0, 1.0, 5, true)
	y, _ := nd.Linspace(0.0, 1.0, 5, false)
	i, _ := nd.Linspace(-7, 7, 4, true) // integer kinds take the floor
	fmt.Println(x, y, i)
	// Output: [0.   0.25 0.5  0.75 1.  ] [0.  0.2 0.4 0.6 0.8] [-7 -3  2  7]
}

func ExampleLogspace() {
	x, _ := nd.Logspace[float64](0, 3, 4, true, 10)
	fmt.Println(x)
	// Output: [   1.   10.  100. 1000.]
}

func ExampleEye() {
	e, _ := nd.Eye[float64](2, 3, 1)
	fmt.Println(e)
	// Output:
	// [[0. 1. 0.]
	//  [0. 0. 1.]]
}

func ExampleIdentity() {
	i, _ := nd.Identity[int](2)
	fmt.Println(i)
	// Output:
	// [[1 0]
	//  [0 1]]
}

func ExampleTri() {
	t, _ := nd.Tri[int](3, 3, 0)
	fmt.Println(t)
	// Output:
	// [[1 0 0]
	//  [1 1 0]
	//  [1 1 1]]
}

func ExampleEmptyLike() {
	m, _ := nd.Zeros[float64]([]int{2, 3}, nd.WithLayout(nd.ColMajor))
	e, _ := nd.EmptyLike(m)
	fmt.Println(e.Shape(), e.Layout())
	// Output: [2 3] ColMajor
}

func ExampleZerosLike() {
	m, _ := nd.Ones[float32]([]int{2, 2})
	z, _ := nd.ZerosLike(m)
	fmt.Println(z)
	// Output:
	// [[0. 0.]
	//  [0. 0.]]
}

func ExampleOnesLike() {
	v, _ := nd.Arange[int](0, 3, 1)
	o, _ := nd.OnesLike(v)
	fmt.Println(o)
	// Output: [1 1 1]
}

func ExampleFullLike() {
	v, _ := nd.Zeros[float64]([]int{3})
	f, _ := nd.FullLike(v, math.NaN())
	fmt.Println(f)
	// Output: [nan nan nan]
}

func ExampleDiag() {
	v, _ := nd.FromSlice([]int{1, 2}, []int{2})
	d, _ := nd.Diag(v, 0)
	fmt.Println(d)
	back, _ := nd.Diag(d, 0)
	fmt.Println(back)
	// Output:
	// [[1 0]
	//  [0 2]]
	// [1 2]
}

func ExampleMeshgrid() {
	x, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	y, _ := nd.FromSlice([]int{10, 20}, []int{2})
	g, _ := nd.Meshgrid(nd.XY, []*nd.Array[int]{x, y})
	fmt.Println(g[0])
	fmt.Println(g[1])
	// Output:
	// [[1 2 3]
	//  [1 2 3]]
	// [[10 10 10]
	//  [20 20 20]]
}

func ExampleSqueeze() {
	a, _ := nd.Zeros[float64]([]int{1, 3, 1})
	s, _ := nd.Squeeze(a)
	t, _ := nd.Squeeze(a, 0)
	fmt.Println(s.Shape(), t.Shape())
	// Output: [3] [3 1]
}

func ExampleExpandDims() {
	v, _ := nd.Arange[int](0, 3, 1)
	col, _ := nd.ExpandDims(v, 1)
	fmt.Println(col)
	// Output:
	// [[0]
	//  [1]
	//  [2]]
}

func ExampleBroadcastTo() {
	v, _ := nd.Arange[int](0, 3, 1)
	rows, _ := nd.BroadcastTo(v, 2, 3)
	fmt.Println(rows, rows.Strides())
	// Output:
	// [[0 1 2]
	//  [0 1 2]] [0 1]
}

func ExampleMoveAxis() {
	a, _ := nd.Zeros[float64]([]int{2, 3, 4})
	m, _ := nd.MoveAxis(a, 0, -1)
	fmt.Println(m.Shape())
	// Output: [3 4 2]
}

func ExampleSwapAxes() {
	a, _ := nd.Zeros[float64]([]int{2, 3, 4})
	s, _ := nd.SwapAxes(a, 0, 2)
	fmt.Println(s.Shape())
	// Output: [4 3 2]
}

func ExampleFlip() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	f, _ := nd.Flip(m, 1)
	fmt.Println(f)
	// Output:
	// [[2 1 0]
	//  [5 4 3]]
}

func ExampleRavel() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(2, 3)
	flat, _ := nd.Ravel(m)      // a view
	byCol, _ := nd.Ravel(m.T()) // a copy, in the transpose's C order
	fmt.Println(flat, byCol)
	// Output: [0 1 2 3 4 5] [0 3 1 4 2 5]
}

func ExampleFlatten() {
	a, _ := nd.Arange[int](0, 4, 1)
	m, _ := a.Reshape(2, 2)
	f, _ := nd.Flatten(m.T())
	fmt.Println(f)
	// Output: [0 2 1 3]
}

func ExampleTile() {
	v, _ := nd.FromSlice([]int{1, 2}, []int{2})
	t, _ := nd.Tile(v, []int{2, 2})
	fmt.Println(t)
	// Output:
	// [[1 2 1 2]
	//  [1 2 1 2]]
}

func ExampleRepeat() {
	v, _ := nd.FromSlice([]int{1, 2, 3}, []int{3})
	r, _ := nd.Repeat(v, []int{2}, 0)
	s, _ := nd.Repeat(v, []int{0, 1, 3}, 0)
	fmt.Println(r, s)
	// Output: [1 1 2 2 3 3] [2 3 3 3]
}

func ExampleRoll() {
	v, _ := nd.FromSlice([]int{1, 2, 3, 4}, []int{4})
	r, _ := nd.Roll(v, 1, 0)
	l, _ := nd.Roll(v, -1, 0)
	fmt.Println(r, l)
	// Output: [4 1 2 3] [2 3 4 1]
}

func ExamplePad() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4}, []int{2, 2})
	c, _ := nd.Pad(a, [][2]int{{1, 0}, {0, 1}}, nd.PadConstant, 9)
	e, _ := nd.Pad(a, [][2]int{{1, 1}}, nd.PadEdge, 0)
	fmt.Println(c)
	fmt.Println(e)
	// Output:
	// [[9 9 9]
	//  [1 2 9]
	//  [3 4 9]]
	// [[1 1 2 2]
	//  [1 1 2 2]
	//  [3 3 4 4]
	//  [3 3 4 4]]
}

func ExampleEllipsis() {
	a, _ := nd.Arange[int](0, 24, 1)
	cube, _ := a.Reshape(2, 3, 4)
	last, _ := cube.Slice(nd.Ellipsis(), nd.Index(-1)) // cube[..., -1]
	same, _ := cube.SliceExpr("..., -1")
	fmt.Println(last)
	fmt.Println(same.Shape())
	// Output:
	// [[ 3  7 11]
	//  [15 19 23]]
	// [2 3]
}

func ExampleConcatenate() {
	a, _ := nd.FromSlice([]int{1, 2, 3, 4}, []int{2, 2})
	b, _ := nd.FromSlice([]int{5, 6}, []int{1, 2})
	c, _ := nd.Concatenate([]*nd.Array[int]{a, b}, 0)
	fmt.Println(c)
	// Output:
	// [[1 2]
	//  [3 4]
	//  [5 6]]
}

func ExampleConcatenateInto() {
	a, _ := nd.FromSlice([]int{1, 2}, []int{2})
	b, _ := nd.FromSlice([]int{3}, []int{1})
	dst, _ := nd.Zeros[int]([]int{3})
	err := nd.ConcatenateInto(dst, []*nd.Array[int]{a, b}, 0)
	fmt.Println(dst, err)
	// Output: [1 2 3] <nil>
}

func ExampleStack() {
	x, _ := nd.FromSlice([]int{1, 2}, []int{2})
	y, _ := nd.FromSlice([]int{3, 4}, []int{2})
	s, _ := nd.Stack([]*nd.Array[int]{x, y}, 1)
	fmt.Println(s)
	// Output:
	// [[1 3]
	//  [2 4]]
}

func ExampleVStack() {
	x, _ := nd.FromSlice([]int{1, 2}, []int{2})
	y, _ := nd.FromSlice([]int{3, 4}, []int{2})
	v, _ := nd.VStack([]*nd.Array[int]{x, y})
	fmt.Println(v)
	// Output:
	// [[1 2]
	//  [3 4]]
}

func ExampleHStack() {
	x, _ := nd.FromSlice([]int{1, 2}, []int{2})
	y, _ := nd.FromSlice([]int{3}, []int{1})
	h, _ := nd.HStack([]*nd.Array[int]{x, y})
	fmt.Println(h)
	// Output: [1 2 3]
}

func ExampleSplit() {
	v, _ := nd.Arange[int](0, 6, 1)
	parts, _ := nd.Split(v, 3, 0)
	fmt.Println(parts)
	_, err := nd.Split(v, 4, 0)
	fmt.Println(errors.Is(err, nd.ErrShape))
	// Output:
	// [[0 1] [2 3] [4 5]]
	// true
}

func ExampleArraySplit() {
	v, _ := nd.Arange[int](0, 7, 1)
	parts, _ := nd.ArraySplit(v, 3, 0)
	fmt.Println(parts)
	// Output: [[0 1 2] [3 4] [5 6]]
}

func ExampleSplitAt() {
	v, _ := nd.Arange[int](0, 7, 1)
	parts, _ := nd.SplitAt(v, []int{2, 5}, 0)
	fmt.Println(parts)
	// Output: [[0 1] [2 3 4] [5 6]]
}

func ExampleTake() {
	a, _ := nd.Arange[int](0, 6, 1)
	m, _ := a.Reshape(3, 2)
	rows, _ := nd.Take(m, []int{2, 0, -1}, 0)
	fmt.Println(rows)
	// Output:
	// [[4 5]
	//  [0 1]
	//  [4 5]]
}

func ExampleTakeInto() {
	v, _ := nd.FromSlice([]float64{10, 20, 30}, []int{3})
	dst, _ := nd.Zeros[float64]([]int{2})
	err := nd.TakeInto(dst, v, []int{2, 1}, 0)
	fmt.Println(dst, err)
	// Output: [30. 20.] <nil>
}

func ExampleTakeAlongAxis() {
	m, _ := nd.FromSlice([]float64{3, 1, 2, 9, 7, 8}, []int{2, 3})
	order, _ := nd.FromSlice([]int{1, 2, 0, 1, 2, 0}, []int{2, 3}) // what an argsort along axis 1 gives
	s, _ := nd.TakeAlongAxis(m, order, 1)
	fmt.Println(s)
	// Output:
	// [[1. 2. 3.]
	//  [7. 8. 9.]]
}

func ExamplePut() {
	v, _ := nd.Zeros[int]([]int{5})
	err := nd.Put(v, []int{0, 2, -1}, []int{7, 8})
	fmt.Println(v, err)
	// Output: [7 0 8 0 7] <nil>
}

func ExampleExtract() {
	x, _ := nd.FromSlice([]float64{-1, 2, -3, 4}, []int{2, 2})
	mask, _ := nd.FromSlice([]uint8{0, 1, 0, 1}, []int{2, 2}) // as ops.Greater(x, ops.Scalar(0.0)) makes it
	pos, _ := nd.Extract(x, mask)
	fmt.Println(pos)
	// Output: [2. 4.]
}

func ExamplePlace() {
	x, _ := nd.FromSlice([]float64{-1, 2, -3, 4}, []int{4})
	mask, _ := nd.FromSlice([]uint8{1, 0, 1, 0}, []int{4})
	err := nd.Place(x, mask, []float64{0}) // x[mask] = 0
	fmt.Println(x, err)
	// Output: [0. 2. 0. 4.] <nil>
}

func ExampleNonzero() {
	m, _ := nd.FromSlice([]int{0, 5, 7, 0}, []int{2, 2})
	idx, _ := nd.Nonzero(m)
	fmt.Println(idx[0], idx[1])
	// Output: [0 1] [1 0]
}

func ExampleArgWhere() {
	m, _ := nd.FromSlice([]int{0, 5, 7, 0}, []int{2, 2})
	idx, _ := nd.ArgWhere(m)
	fmt.Println(idx)
	// Output:
	// [[0 1]
	//  [1 0]]
}
