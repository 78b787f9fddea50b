package mmap

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"slices"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
)

// Info is what a .npy file's header says: enough to choose the element
// kind before loading or mapping it.
type Info struct {
	// Shape is the array's shape; empty for a 0-d array.
	Shape []int
	// Descr is NumPy's dtype string, as the file spells it: '<f8', '|u1',
	// '>i4', '<U10'.
	Descr string
	// Fortran is true for data in column-major order (NumPy's
	// fortran_order); the array then loads ColMajor.
	Fortran bool
	// Type is the Go element kind that holds the data (float64 for '<f8',
	// uint8 for '|u1', complex64 for '<c8', ...), nil when numgo has none
	// (bool, strings, dates, objects) or the bytes are not in this
	// machine's order.
	Type reflect.Type
	// DataOffset is the number of bytes before the data.
	DataOffset int64
}

// Layout is the layout the array loads in: ColMajor for a Fortran-order
// file, RowMajor otherwise.
func (i Info) Layout() nd.Layout {
	if i.Fortran {
		return nd.ColMajor
	}
	return nd.RowMajor
}

// Inspect reads the header of the .npy file at path, and nothing else, with
// the checks Open and Load make (errors wrap ErrFormat). The element kind
// it reports is what LoadAny and OpenAny choose; a type switch on their
// result, or Info.Type, picks the code for it:
//
//	info, err := mmap.Inspect("x.npy")
//	fmt.Println(info.Shape, info.Descr) // [1000 3] <f4
func Inspect(path string) (Info, error) {
	f, err := osmem.OpenRegular(path, os.O_RDONLY, 0) // a FIFO must not block
	if err != nil {
		return Info{}, errtext.Wrap(err, "mmap", "Inspect")
	}
	defer f.Close()
	h, err := readHeader(bufio.NewReader(f))
	if err != nil {
		return Info{}, errtext.Wrap(err, "mmap", "Inspect %s", path)
	}
	return Info{Shape: slices.Clone(h.shape), Descr: h.descr, Fortran: h.fortran, Type: goType(h.descr), DataOffset: h.dataOffset}, nil
}

// goType is the Go kind for a descr in this machine's order, or nil.
func goType(descr string) reflect.Type {
	order, kind, size, ok := parseDescr(descr)
	if !ok || size > 1 && order != nativeOrder && order != '=' {
		return nil
	}
	types := map[byte]map[int]reflect.Type{
		'i': {1: reflect.TypeFor[int8](), 2: reflect.TypeFor[int16](), 4: reflect.TypeFor[int32](), 8: reflect.TypeFor[int64]()},
		'u': {1: reflect.TypeFor[uint8](), 2: reflect.TypeFor[uint16](), 4: reflect.TypeFor[uint32](), 8: reflect.TypeFor[uint64]()},
		'f': {4: reflect.TypeFor[float32](), 8: reflect.TypeFor[float64]()},
		'c': {8: reflect.TypeFor[complex64](), 16: reflect.TypeFor[complex128]()},
	}
	return types[kind][size]
}

// LoadAny loads the .npy file at path as Load does, with the element kind
// the file's header names (see Inspect), and returns the *nd.Array[T] as
// an any for a type switch:
//
//	v, err := mmap.LoadAny("x.npy")
//	switch a := v.(type) {
//	case *nd.Array[float64]:
//		use(a)
//	case *nd.Array[float32]:
//		f, _ := nd.Convert[float64](a)
//		use(f)
//	}
//
// A dtype numgo has no kind for is an error wrapping ErrDType.
func LoadAny(path string, opts ...nd.Option) (any, error) {
	t, err := typeOf("LoadAny", path)
	if err != nil {
		return nil, err
	}
	switch t.Kind() {
	case reflect.Int8:
		return boxed(Load[int8](path, opts...))
	case reflect.Int16:
		return boxed(Load[int16](path, opts...))
	case reflect.Int32:
		return boxed(Load[int32](path, opts...))
	case reflect.Int64:
		return boxed(Load[int64](path, opts...))
	case reflect.Uint8:
		return boxed(Load[uint8](path, opts...))
	case reflect.Uint16:
		return boxed(Load[uint16](path, opts...))
	case reflect.Uint32:
		return boxed(Load[uint32](path, opts...))
	case reflect.Uint64:
		return boxed(Load[uint64](path, opts...))
	case reflect.Float32:
		return boxed(Load[float32](path, opts...))
	case reflect.Float64:
		return boxed(Load[float64](path, opts...))
	case reflect.Complex64:
		return boxed(Load[complex64](path, opts...))
	}
	return boxed(Load[complex128](path, opts...))
}

// OpenAny maps the .npy file at path as Open does, with the element kind
// the file's header names, and returns the *mmap.Array[T] as an any for a
// type switch, as LoadAny:
//
//	v, err := mmap.OpenAny("x.npy", mmap.ReadOnly)
//	if a, ok := v.(*mmap.Array[float32]); ok {
//		defer a.Close()
//	}
func OpenAny(path string, mode Mode, opts ...Option) (any, error) {
	t, err := typeOf("OpenAny", path)
	if err != nil {
		return nil, err
	}
	switch t.Kind() {
	case reflect.Int8:
		return boxed(Open[int8](path, mode, opts...))
	case reflect.Int16:
		return boxed(Open[int16](path, mode, opts...))
	case reflect.Int32:
		return boxed(Open[int32](path, mode, opts...))
	case reflect.Int64:
		return boxed(Open[int64](path, mode, opts...))
	case reflect.Uint8:
		return boxed(Open[uint8](path, mode, opts...))
	case reflect.Uint16:
		return boxed(Open[uint16](path, mode, opts...))
	case reflect.Uint32:
		return boxed(Open[uint32](path, mode, opts...))
	case reflect.Uint64:
		return boxed(Open[uint64](path, mode, opts...))
	case reflect.Float32:
		return boxed(Open[float32](path, mode, opts...))
	case reflect.Float64:
		return boxed(Open[float64](path, mode, opts...))
	case reflect.Complex64:
		return boxed(Open[complex64](path, mode, opts...))
	}
	return boxed(Open[complex128](path, mode, opts...))
}

// typeOf inspects path and returns its Go element kind, or an error
// wrapping ErrDType when numgo has none.
func typeOf(name, path string) (reflect.Type, error) {
	info, err := Inspect(path)
	if err != nil {
		return nil, err
	}
	if info.Type == nil {
		return nil, fmt.Errorf("mmap: %s %s: %w: dtype %q has no numgo element kind (integers, floats and complex numbers in this machine's byte order)",
			name, path, ErrDType, info.Descr)
	}
	return info.Type, nil
}

// boxed returns a as an any, or a nil any with err, never a typed nil.
func boxed[A any](a A, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return a, nil
}
