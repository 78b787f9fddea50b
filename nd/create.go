package nd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"unsafe"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd/mem"
)

// Empty returns an array of the given shape whose elements are whatever
// the allocator handed out, as NumPy's empty: zeros from fresh memory (of
// mem.System, an arena or a pool), old values from memory an allocator
// reuses (an arena's or pool's, and mem.System's large buffers of 1 MiB or
// more, which skip the Go runtime's clear). It is the constructor for
// results that are about to be written in full.
//
// It is the one constructor that accepts a read-only allocator (see
// ReadOnlyAllocator), since it writes nothing: package mmap makes its
// arrays over files mapped ReadOnly with it.
func Empty[T Number](shape []int, opts ...Option) (*Array[T], error) {
	return allocArray[T](shape, newConfig(opts...), false)
}

// Zeros returns an array of the given shape filled with zeros. Memory that
// comes zeroed is not cleared again (see mem.ZeroedAllocator): from fresh
// arena memory, and from mem.System's buffers of 4 MiB or more (given
// back to the kernel where transparent huge pages are on, whether System
// reuses them or the Go heap does), a large array of zeros costs, as
// NumPy's calloc-backed zeros, next to nothing until its pages are first
// written; memory the Go heap grows by costs the runtime's span setup;
// other memory an allocator reuses is cleared.
//
//	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(arena))
func Zeros[T Number](shape []int, opts ...Option) (*Array[T], error) {
	return writableArray[T](shape, newConfig(opts...), true)
}

// Ones returns an array of the given shape filled with ones.
func Ones[T Number](shape []int, opts ...Option) (*Array[T], error) {
	return Full[T](shape, 1, opts...)
}

// Full returns an array of the given shape with every element v.
func Full[T Number](shape []int, v T, opts ...Option) (*Array[T], error) {
	a, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	for i := range a.data {
		a.data[i] = v
	}
	return a, nil
}

// FromSlice copies data into a new array of the given shape. data is read
// in row-major (C) index order whatever the layout option, which sets only
// how the copy is stored, as NumPy's np.array(x, order="F") keeps x's
// values: the element at index (i, j) is data[i*cols+j] in both layouts.
// len(data) must equal the shape's size.
//
//	a, err := nd.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3})
func FromSlice[T Number](data []T, shape []int, opts ...Option) (*Array[T], error) {
	size, err := checkFill(len(data), shape, sizeOf[T]())
	if err != nil {
		return nil, err
	}
	a, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	copyStrided(a.data, 0, a.strides, data[:size], 0, contiguousStrides(shape, RowMajor), a.shape)
	return a, nil
}

// Wrap makes an array over data without copying it: the array and the
// slice share memory. The array has no allocator; Free only marks it
// invalid. len(data) must equal the shape's size; the allocator and
// alignment options are ignored, and the layout option says how data is
// laid out: row-major by default, or with WithLayout(nd.ColMajor) in
// Fortran order (element (i, j) is data[i+j*rows]), as NumPy's
// np.ndarray(shape, buffer=data, order="F") reads a buffer. Unlike
// FromSlice, which copies, the layout here describes the memory itself.
func Wrap[T Number](data []T, shape []int, opts ...Option) (*Array[T], error) {
	size, err := checkFill(len(data), shape, sizeOf[T]())
	if err != nil {
		return nil, err
	}
	cfg := newConfig(opts...)
	return newView(&buffer{}, data[:size:size], 0, slices.Clone(shape), contiguousStrides(shape, cfg.Layout), size), nil
}

// Arange returns the one-dimensional array start, start+step, ... up to but
// not including stop, as NumPy's arange does.
//
//	a, _ := nd.Arange[int](0, 10, 2) // [0 2 4 6 8]
func Arange[T Real](start, stop, step T, opts ...Option) (*Array[T], error) {
	if step == 0 {
		return nil, fmt.Errorf("%w: Arange step is zero", ErrShape)
	}
	n := math.Ceil((float64(stop) - float64(start)) / float64(step))
	if n < 0 || math.IsNaN(n) {
		n = 0
	}
	if n > math.MaxInt32*64 {
		return nil, fmt.Errorf("%w: Arange(%v, %v, %v) has %g elements", ErrShape, start, stop, step, n)
	}
	a, err := newArray[T]([]int{int(n)}, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	for i := range a.data {
		a.data[i] = start + T(i)*step
	}
	return a, nil
}

// Random returns an array of pseudo-random numbers from a PCG generator
// seeded with seed, so the same seed gives the same array on every machine:
// floats uniform in [0, 1), complex numbers with both parts so, integers
// uniform over every value of T.
func Random[T Number](shape []int, seed uint64, opts ...Option) (*Array[T], error) {
	a, err := newArray[T](shape, newConfig(opts...))
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	fillRandom(a.data, rng)
	return a, nil
}

func fillRandom[T Number](data []T, rng *rand.Rand) {
	n := len(data)
	p := unsafe.Pointer(unsafe.SliceData(data))
	// Named kinds (type Celsius float64) share their base kind's memory, so
	// the fill goes through the base kind KindOf and the size name.
	switch k, size := KindOf[T](), sizeOf[T](); {
	case k == KindFloat && size == 8:
		for i, d := 0, unsafe.Slice((*float64)(p), n); i < n; i++ {
			d[i] = rng.Float64()
		}
	case k == KindFloat:
		for i, d := 0, unsafe.Slice((*float32)(p), n); i < n; i++ {
			d[i] = rng.Float32()
		}
	case k == KindComplex && size == 16:
		for i, d := 0, unsafe.Slice((*complex128)(p), n); i < n; i++ {
			d[i] = complex(rng.Float64(), rng.Float64())
		}
	case k == KindComplex:
		for i, d := 0, unsafe.Slice((*complex64)(p), n); i < n; i++ {
			d[i] = complex(rng.Float32(), rng.Float32())
		}
	default: // integers: every bit pattern is a value of T
		raw := unsafe.Slice((*byte)(p), n*sizeOf[T]())
		for i := 0; i < len(raw); i += 8 {
			v := rng.Uint64()
			for j := 0; j < 8 && i+j < len(raw); j++ {
				raw[i+j] = byte(v >> (8 * j))
			}
		}
	}
}

// newArray allocates a dense array of shape in cfg's layout and alignment
// for a constructor that writes its elements: a read-only allocator (see
// ReadOnlyAllocator) is refused with ErrReadOnly before anything is
// allocated.
func newArray[T Number](shape []int, cfg Config) (*Array[T], error) {
	return writableArray[T](shape, cfg, false)
}

// writableArray is newArray; zeroed asks for zeroed memory (Zeros).
func writableArray[T Number](shape []int, cfg Config, zeroed bool) (*Array[T], error) {
	if err := readOnlyOf(cfg.Allocator); err != nil {
		return nil, fmt.Errorf("%w: allocating %v %T: %w", ErrReadOnly, shape, *new(T), errtext.Bare(err))
	}
	return allocArray[T](shape, cfg, zeroed)
}

// allocArray is newArray for Empty, which writes nothing and so accepts a
// read-only allocator; zeroed asks for zeroed memory (Zeros).
func allocArray[T Number](shape []int, cfg Config, zeroed bool) (*Array[T], error) {
	esize := sizeOf[T]()
	size, err := checkShape(shape, esize)
	if err != nil {
		return nil, err
	}
	if cfg.Layout != RowMajor && cfg.Layout != ColMajor {
		return nil, fmt.Errorf("%w: cannot create an array in layout %v", ErrShape, cfg.Layout)
	}
	if cfg.Align <= 0 || cfg.Align&(cfg.Align-1) != 0 {
		return nil, errtext.Wrap(mem.ErrInvalidAlignment, "nd", "alignment %d", cfg.Align)
	}
	align := max(cfg.Align, esize)
	buf, err := newBuffer(cfg.Allocator, max(size*esize, 1), align, zeroed)
	if err != nil {
		return nil, errtext.Wrap(err, "nd", "allocating %v %T", shape, *new(T))
	}
	data := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(buf.bytes))), size)
	return newView(buf, data, 0, slices.Clone(shape), contiguousStrides(shape, cfg.Layout), size), nil
}

// View makes an array over data without copying, with explicit strides (in
// elements) and the index of the first element: the way to see foreign
// strided storage, such as a gonum matrix whose row stride exceeds its
// column count, as an array. Every element the shape and strides reach must
// lie inside data. Like Wrap, the array has no allocator.
//
//	a, err := nd.View(raw.Data, 0, []int{raw.Rows, raw.Cols}, []int{raw.Stride, 1})
func View[T Number](data []T, offset int, shape, strides []int) (*Array[T], error) {
	size, err := checkShape(shape, sizeOf[T]())
	if err != nil {
		return nil, err
	}
	if len(strides) != len(shape) {
		return nil, fmt.Errorf("%w: %d strides for shape %v", ErrShape, len(strides), shape)
	}
	if size > 0 {
		lo, hi := offset, offset
		for i, d := range shape {
			if span := (d - 1) * strides[i]; span < 0 {
				lo += span
			} else {
				hi += span
			}
		}
		if lo < 0 || hi >= len(data) {
			return nil, fmt.Errorf("%w: shape %v with strides %v from offset %d reaches [%d, %d], outside the %d elements given",
				ErrShape, shape, strides, offset, lo, hi, len(data))
		}
	}
	return newView(&buffer{}, data, offset, slices.Clone(shape), slices.Clone(strides), size), nil
}
