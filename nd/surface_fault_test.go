package nd_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// freeEach returns a run for mem.FailEach that builds several arrays with
// a and frees them.
func freeEach[T nd.Number](build func(a mem.Allocator) ([]*nd.Array[T], error)) func(mem.Allocator) error {
	return func(a mem.Allocator) error {
		xs, err := build(a)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if err := x.Free(); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestSurfaceUnderFaults fails every allocation of every new function that
// allocates, in turn, over several allocators: each must return the error
// and leak nothing (Meshgrid and Nonzero free the outputs they made before
// the failing one).
func TestSurfaceUnderFaults(t *testing.T) {
	base, err := nd.Arange[float64](0, 24, 1)
	if err != nil {
		t.Fatal(err)
	}
	cube, _ := base.Reshape(2, 3, 4)
	strided, _ := cube.SliceExpr("::-1, 1:, ::2")
	m, _ := base.Reshape(4, 6)
	v, _ := nd.Arange[float64](0, 5, 1)
	ints, _ := nd.FromSlice([]int64{1, 300, -5}, []int{3})
	mask, _ := nd.Full[uint8](m.Shape(), 1)
	order, _ := nd.Zeros[int]([]int{4, 6})
	opt := func(a mem.Allocator) []nd.Option { return []nd.Option{nd.With(a)} }
	type F = *nd.Array[float64]
	cases := []struct {
		name   string
		allocs int
		run    func(mem.Allocator) error
	}{
		{"Convert", 1, freeAll(func(a mem.Allocator) (*nd.Array[float32], error) { return nd.Convert[float32](strided, opt(a)...) })},
		{"Cast", 1, freeAll(func(a mem.Allocator) (*nd.Array[int16], error) { return nd.Cast[int16](ints, nd.Unsafe, opt(a)...) })},
		{"Linspace", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Linspace(0.0, 1.0, 9, true, opt(a)...) })},
		{"Logspace", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Logspace[float64](0, 2, 3, true, 10, opt(a)...) })},
		{"Eye", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Eye[float64](3, 4, 1, opt(a)...) })},
		{"Identity", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Identity[float64](3, opt(a)...) })},
		{"Tri", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Tri[float64](3, 4, 0, opt(a)...) })},
		{"EmptyLike", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.EmptyLike(strided, opt(a)...) })},
		{"ZerosLike", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.ZerosLike(cube.T(), opt(a)...) })},
		{"OnesLike", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.OnesLike(m, opt(a)...) })},
		{"FullLike", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.FullLike(m, 2, opt(a)...) })},
		{"Diag1", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Diag(v, 1, opt(a)...) })},
		{"Diag2", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Diag(m.T(), -1, opt(a)...) })},
		{"Meshgrid", 3, freeEach(func(a mem.Allocator) ([]F, error) { return nd.Meshgrid(nd.XY, []F{v, v, v}, opt(a)...) })},
		{"RavelCopy", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Ravel(cube.T(), opt(a)...) })},
		{"Flatten", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Flatten(strided, opt(a)...) })},
		{"Tile", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Tile(strided, []int{2, 1, 2}, opt(a)...) })},
		{"Repeat", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Repeat(m, []int{2}, 1, opt(a)...) })},
		{"Roll", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Roll(strided, 1, 2, opt(a)...) })},
		{"PadConstant", 1, freeAll(func(a mem.Allocator) (F, error) {
			return nd.Pad(m, [][2]int{{1, 2}}, nd.PadConstant, 0, opt(a)...)
		})},
		{"PadEdge", 1, freeAll(func(a mem.Allocator) (F, error) {
			return nd.Pad(strided, [][2]int{{1, 0}, {0, 1}, {2, 2}}, nd.PadEdge, 0, opt(a)...)
		})},
		{"Concatenate", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Concatenate([]F{m, m.T().T()}, 1, opt(a)...) })},
		{"Stack", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Stack([]F{cube, cube}, 3, opt(a)...) })},
		{"VStack", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.VStack([]F{v, v}, opt(a)...) })},
		{"HStack", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.HStack([]F{v, v}, opt(a)...) })},
		{"Take", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Take(m, []int{3, 0, -1}, 0, opt(a)...) })},
		{"TakeAlongAxis", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.TakeAlongAxis(m, order, 1, opt(a)...) })},
		{"Extract", 1, freeAll(func(a mem.Allocator) (F, error) { return nd.Extract(m, mask, opt(a)...) })},
		{"Nonzero", 2, freeEach(func(a mem.Allocator) ([]*nd.Array[int], error) { return nd.Nonzero(m, opt(a)...) })},
		{"ArgWhere", 1, freeAll(func(a mem.Allocator) (*nd.Array[int], error) { return nd.ArgWhere(m, opt(a)...) })},
	}
	arena, err := mem.NewArena(1<<20, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer arena.Close()
	pool, err := mem.NewPool(4096, 16, mem.HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	inners := map[string]mem.Allocator{"System": mem.NewSystem(), "Arena": arena, "Pool": pool}
	for iname, inner := range inners {
		for _, c := range cases {
			t.Run(iname+"/"+c.name, func(t *testing.T) {
				n, err := mem.FailEach(inner, c.run)
				if err != nil {
					t.Fatal(err)
				}
				if n != c.allocs {
					t.Fatalf("%d allocations, want %d", n, c.allocs)
				}
			})
		}
		if err := mem.CheckLeaks(inner); err != nil {
			t.Errorf("%s: %v", iname, err)
		}
	}
}

// TestSurfaceErrors: bad arguments give errors wrapping the sentinel that
// name the argument, and allocate nothing.
func TestSurfaceErrors(t *testing.T) {
	checked := mem.NewChecked(mem.NewSystem())
	w := nd.With(checked)
	m, _ := nd.Zeros[float64]([]int{2, 3})
	v, _ := nd.Zeros[float64]([]int{3})
	idx, _ := nd.Zeros[int]([]int{2, 3})
	mask, _ := nd.Zeros[uint8]([]int{3, 2})
	nan, _ := nd.FromSlice([]float64{1, 0, -1, 2}, []int{2, 2})
	nan.Set(nan.At(0, 0)/0*0, 1, 1) // NaN
	ones, _ := nd.Ones[float64]([]int{2, 3})
	type F = *nd.Array[float64]
	cases := []struct {
		name     string
		err      error
		sentinel error
		words    string
	}{
		{"Cast NaN", second(nd.Cast[int32](nan, nd.Unsafe, w)), nd.ErrCast, "a[1 1] = NaN"},
		{"Convert kind", second(nd.Convert[int32](m, w)), nd.ErrCast, "float64 to int32 under same_kind"},
		{"Linspace num", second(nd.Linspace(0.0, 1.0, -1, true, w)), nd.ErrShape, "num -1"},
		{"Eye n", second(nd.Eye[float64](-2, 2, 0, w)), nd.ErrShape, "n -2"},
		{"Diag v", second(nd.Diag(mustArray(nd.Zeros[float64]([]int{2, 2, 2})), 0, w)), nd.ErrShape, "v has shape [2 2 2]"},
		{"Squeeze axis", second(nd.Squeeze(m, 0)), nd.ErrShape, "axis 0 has length 2"},
		{"ExpandDims axis", second(nd.ExpandDims(m, 5)), nd.ErrShape, "axis 5"},
		{"BroadcastTo shape", second(nd.BroadcastTo(m, 3, 3)), nd.ErrShape, "shape [3 3]"},
		{"MoveAxis to", second(nd.MoveAxis(m, 0, 2)), nd.ErrShape, "to 2"},
		{"SwapAxes j", second(nd.SwapAxes(m, 0, -3)), nd.ErrShape, "j -3"},
		{"Flip axis", second(nd.Flip(m, 2)), nd.ErrShape, "axis 2"},
		{"Tile reps", second(nd.Tile(m, []int{1, -1}, w)), nd.ErrShape, "reps[1] = -1"},
		{"Repeat repeats", second(nd.Repeat(m, []int{1, 2}, 1, w)), nd.ErrShape, "2 repeats for axis 1"},
		{"Roll axis", second(nd.Roll(m, 1, 3, w)), nd.ErrShape, "axis 3"},
		{"Pad widths", second(nd.Pad(m, [][2]int{{0, 0}, {1, -2}}, nd.PadConstant, 0, w)), nd.ErrShape, "widths[1]"},
		{"Concatenate arrays", second(nd.Concatenate([]F{m, v}, 0, w)), nd.ErrShape, "arrays[1] has shape [3]"},
		{"Stack arrays", second(nd.Stack([]F{v, m}, 0, w)), nd.ErrShape, "arrays[1] has shape [2 3]"},
		{"Split n", second(nd.Split(m, 2, 1)), nd.ErrShape, "n = 2"},
		{"ArraySplit n", second(nd.ArraySplit(m, 0, 1)), nd.ErrShape, "n = 0"},
		{"Take indices", second(nd.Take(m, []int{0, 3}, 1, w)), nd.ErrIndex, "indices[1] = 3"},
		{"Take 1-D indices", second(nd.Take(v, []int{1, -4}, 0, w)), nd.ErrIndex, "indices[1] = -4 is out of range for axis 0 of length 3"},
		{"Take rows indices", second(nd.Take(m, []int{1, 2}, 0, w)), nd.ErrIndex, "indices[1] = 2 is out of range for axis 0 of length 2"},
		{"Take strided indices", second(nd.Take(m.T(), []int{0, -4}, -2, w)), nd.ErrIndex, "indices[1] = -4 is out of range for axis -2 of length 3"},
		{"TakeInto indices", nd.TakeInto(ones, m, []int{0, 2}, 0), nd.ErrIndex, "indices[1] = 2"}, // ones must stay ones
		{"TakeAlongAxis indices", second(nd.TakeAlongAxis(m, mustArray(nd.Full[int]([]int{2, 1}, -4)), 1, w)), nd.ErrIndex, "indices[0 0] = -4"},
		{"TakeAlongAxis shape", second(nd.TakeAlongAxis(m, idx.T(), 1, w)), nd.ErrShape, "indices' shape [3 2]"},
		{"Put indices", nd.Put(m, []int{6}, []float64{1}), nd.ErrIndex, "indices[0] = 6"},
		{"Extract mask", second(nd.Extract(m, mask, w)), nd.ErrShape, "mask has shape [3 2]"},
		{"Place values", nd.Place(m, mustArray(nd.Ones[uint8]([]int{2, 3})), nil), nd.ErrShape, "no values"},
		{"Slice ellipsis", second(m.SliceExpr("..., 0, ...")), nd.ErrIndex, "more than one ellipsis"},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.sentinel) || !strings.Contains(c.err.Error(), c.words) {
			t.Errorf("%s: %v; want an error wrapping %v that says %q", c.name, c.err, c.sentinel, c.words)
		}
	}
	if checked.Allocated() != 0 {
		t.Fatalf("failed calls left %d bytes allocated", checked.Allocated())
	}
	for idx, x := range m.All() {
		if x != 0 {
			t.Fatalf("a failed Put or Place wrote m%v = %v", idx, x)
		}
	}
	for idx, x := range ones.All() {
		if x != 1 {
			t.Fatalf("a failed TakeInto wrote dst%v = %v", idx, x)
		}
	}
}

func second[A any](_ A, err error) error { return err }

// TestSurfaceReleasedAndReadOnly: arrays whose memory is gone are refused,
// and so are read-only destinations, before anything is written.
func TestSurfaceReleasedAndReadOnly(t *testing.T) {
	arena, err := mem.NewArena(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	gone, _ := nd.Ones[float64]([]int{4}, nd.With(arena))
	arena.Close()
	live, _ := nd.Ones[float64]([]int{4})
	for name, err := range map[string]error{
		"Convert":     second(nd.Convert[float32](gone)),
		"ConvertInto": nd.ConvertInto(live, gone),
		"Squeeze":     second(nd.Squeeze(gone)),
		"Concatenate": second(nd.Concatenate([]*nd.Array[float64]{live, gone}, 0)),
		"Take":        second(nd.Take(gone, []int{0}, 0)),
		"Put":         nd.Put(gone, []int{0}, []float64{1}),
		"ZerosLike":   second(nd.ZerosLike(gone)),
	} {
		if !errors.Is(err, mem.ErrReleased) {
			t.Errorf("%s of released memory: %v, want ErrReleased", name, err)
		}
	}
	path := filepath.Join(t.TempDir(), "ro.npy")
	if err := mmap.Save(path, live); err != nil {
		t.Fatal(err)
	}
	ro, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	src, _ := nd.Zeros[float64]([]int{4})
	mask, _ := nd.Ones[uint8]([]int{4})
	for name, err := range map[string]error{
		"CastInto":        nd.CastInto(ro.Array, src, nd.Safe),
		"ConcatenateInto": nd.ConcatenateInto(ro.Array, []*nd.Array[float64]{src}, 0),
		"TakeInto":        nd.TakeInto(ro.Array, src, []int{0, 1, 2, 3}, 0),
		"Put":             nd.Put(ro.Array, []int{0}, []float64{0}),
		"Place":           nd.Place(ro.Array, mask, []float64{0}),
	} {
		if !errors.Is(err, nd.ErrReadOnly) {
			t.Errorf("%s into a read-only array: %v, want ErrReadOnly", name, err)
		}
	}
	for v := range ro.Values() {
		if v != 1 {
			t.Fatalf("a refused write changed the read-only array: %v", v)
		}
	}
}

// TestSurfaceIntoOverlap: an Into whose destination overlaps an input
// reads the input as it was, as NumPy does.
func TestSurfaceIntoOverlap(t *testing.T) {
	buf, _ := nd.Arange[float64](0, 8, 1)
	head, _ := buf.SliceExpr(":6")
	tail, _ := buf.SliceExpr("2:")
	if err := nd.ConcatenateInto(tail, []*nd.Array[float64]{head}, 0); err != nil {
		t.Fatal(err)
	}
	if want := []float64{0, 1, 0, 1, 2, 3, 4, 5}; !slices.Equal(buf.Data(), want) {
		t.Fatalf("ConcatenateInto a shifted view of its input: %v, want %v", buf.Data(), want)
	}
	p, _ := nd.Arange[float64](0, 4, 1)
	if err := nd.TakeInto(p, p, []int{3, 2, 1, 0}, 0); err != nil {
		t.Fatal(err)
	}
	if want := []float64{3, 2, 1, 0}; !slices.Equal(p.Data(), want) {
		t.Fatalf("TakeInto in place: %v, want %v", p.Data(), want)
	}
	x, _ := nd.FromSlice([]int64{1, -2, 3, -4}, []int{4})
	if err := nd.CastInto(x, x, nd.SameKind); err != nil { // Same: element-wise in place
		t.Fatal(err)
	}
	if want := []int64{1, -2, 3, -4}; !slices.Equal(x.Data(), want) {
		t.Fatalf("CastInto in place: %v", x.Data())
	}
}

// TestSurfaceIntoAllocatesNothing: the Into forms and the views allocate
// nothing through the allocator, and Into forms nothing on the Go heap.
func TestSurfaceIntoAllocatesNothing(t *testing.T) {
	a, _ := nd.Random[float64]([]int{64, 64}, 1)
	b, _ := nd.Random[float64]([]int{64, 64}, 2)
	f32, _ := nd.Empty[float32]([]int{64, 64})
	cat, _ := nd.Empty[float64]([]int{128, 64})
	rows, _ := nd.Empty[float64]([]int{3, 64})
	arrays := []*nd.Array[float64]{a, b}
	at := a.T()
	idx := []int{5, 0, 63}
	wide, _ := nd.Full[int64]([]int{64, 64}, 100)
	narrow, _ := nd.Empty[int8]([]int{64, 64})
	whole, _ := nd.Full[float64]([]int{64, 64}, 1.5)
	u16, _ := nd.Empty[uint16]([]int{64, 64})
	for name, f := range map[string]func(){
		"ConvertInto":            func() { nd.ConvertInto(f32, a) },
		"CastInto":               func() { nd.CastInto(f32, at, nd.SameKind) },
		"ConvertInto int64→int8": func() { nd.ConvertInto(narrow, wide) }, // checks every value
		"CastInto float→uint16":  func() { nd.CastInto(u16, whole, nd.Unsafe) },
		"ConcatenateInto":        func() { nd.ConcatenateInto(cat, arrays, 0) },
		"TakeInto":               func() { nd.TakeInto(rows, a, idx, 0) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v heap allocations per call, want 0", name, n)
		}
	}
}

func mustArray[T nd.Number](a *nd.Array[T], err error) *nd.Array[T] {
	if err != nil {
		panic(err)
	}
	return a
}

// TestTakeIntoLongIndices: TakeInto and Take gather like the loop over
// indices for every length up to 70 (the vectorised check's and the
// unrolled gather's tails), with and without negative positions, and a
// position out of range anywhere, past the first vectors included, is
// named and leaves dst as it was.
func TestTakeIntoLongIndices(t *testing.T) {
	const d = 50
	src := make([]float64, d)
	for i := range src {
		src[i] = float64(i) + 0.5
	}
	a := mustArray(nd.FromSlice(src, []int{d}))
	for n := range 71 {
		for _, neg := range []bool{false, true} {
			idx := make([]int, n)
			want := make([]float64, n)
			for k := range idx {
				idx[k] = (k * 7) % d
				if neg && k%3 == 1 {
					idx[k] -= d
				}
				want[k] = src[(idx[k]+d)%d]
			}
			got := mustArray(nd.Take(a, idx, 0))
			if !slices.Equal(got.Data(), want) {
				t.Fatalf("n=%d neg=%v: Take %v, want %v", n, neg, got.Data(), want)
			}
			got.Free()
			dst := mustArray(nd.Full([]int{n}, -1.0))
			if err := nd.TakeInto(dst, a, idx, 0); err != nil || !slices.Equal(dst.Data(), want) {
				t.Fatalf("n=%d neg=%v: TakeInto %v (%v), want %v", n, neg, dst.Data(), err, want)
			}
			for k := range idx {
				for _, bad := range []int{d, -d - 1} {
					keep := idx[k]
					idx[k] = bad
					dst := mustArray(nd.Full([]int{n}, -1.0))
					err := nd.TakeInto(dst, a, idx, 0)
					words := fmt.Sprintf("indices[%d] = %d is out of range", k, bad)
					if !errors.Is(err, nd.ErrIndex) || !strings.Contains(err.Error(), words) {
						t.Fatalf("n=%d: TakeInto with %s: %v", n, words, err)
					}
					if slices.ContainsFunc(dst.Data(), func(x float64) bool { return x != -1 }) {
						t.Fatalf("n=%d: a failed TakeInto wrote dst: %v", n, dst.Data())
					}
					idx[k] = keep
				}
			}
		}
	}
}
