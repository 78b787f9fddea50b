package mmap_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// TestInspectNumPyFiles reads the header of every fixture NumPy wrote
// (testdata/npy/gen.py) and loads and maps each with the kind it names.
func TestInspectNumPyFiles(t *testing.T) {
	kinds := map[string]reflect.Type{
		"int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](), "int32": reflect.TypeFor[int32](),
		"int64": reflect.TypeFor[int64](), "uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
		"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](), "float32": reflect.TypeFor[float32](),
		"float64": reflect.TypeFor[float64](), "complex64": reflect.TypeFor[complex64](), "complex128": reflect.TypeFor[complex128](),
	}
	for name, typ := range kinds {
		for _, order := range []string{"c", "f"} {
			path := filepath.Join("..", "..", "testdata", "npy", name+"_"+order+".npy")
			info, err := mmap.Inspect(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Type != typ || fmt.Sprint(info.Shape) != "[3 4]" || info.Fortran != (order == "f") || info.DataOffset%64 != 0 {
				t.Fatalf("%s: %+v", path, info)
			}
			wantLayout := map[string]nd.Layout{"c": nd.RowMajor, "f": nd.ColMajor}[order]
			loaded, err := mmap.LoadAny(path)
			if err != nil {
				t.Fatal(err)
			}
			mapped, err := mmap.OpenAny(path, mmap.ReadOnly)
			if err != nil {
				t.Fatal(err)
			}
			// The dynamic types are the ones the header names, and the
			// values are gen.py's: element 1 in C order.
			got := reflect.ValueOf(loaded)
			if got.Type().String() != "*nd.Array["+typ.String()+"]" {
				t.Fatalf("%s: LoadAny gave %T", path, loaded)
			}
			layout := got.MethodByName("Layout").Call(nil)[0].Interface()
			at := got.MethodByName("At").Call([]reflect.Value{reflect.ValueOf(0), reflect.ValueOf(1)})[0].Interface()
			want := map[string]string{"i": "-4", "u": "1", "f": "-1.5", "c": "(0.5-1i)"}[typ.Kind().String()[:1]]
			if typ.Kind() == reflect.Complex64 || typ.Kind() == reflect.Complex128 {
				want = "(0.5-1i)"
			}
			if fmt.Sprint(at) != want || layout != wantLayout {
				t.Fatalf("%s: element [0 1] %v (want %s), layout %v", path, at, want, layout)
			}
			if reflect.TypeOf(mapped).String() != "*mmap.Array["+typ.String()+"]" {
				t.Fatalf("%s: OpenAny gave %T", path, mapped)
			}
			if err := mapped.(interface{ Close() error }).Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestInspectRefusals: a kind numgo has no type for, and a big-endian
// file, are reported by Inspect (Type nil) and refused by LoadAny and
// OpenAny with ErrDType and a nil any; a file that is not .npy is ErrFormat.
func TestInspectRefusals(t *testing.T) {
	for _, name := range []string{"bool.npy", "float64_big_endian.npy"} {
		path := filepath.Join("..", "..", "testdata", "npy", name)
		info, err := mmap.Inspect(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Type != nil || info.Descr == "" {
			t.Fatalf("%s: %+v, want a descr and no Go type", name, info)
		}
		v, err := mmap.LoadAny(path)
		if !errors.Is(err, mmap.ErrDType) || v != nil {
			t.Fatalf("%s: LoadAny = %v, %v; want nil and ErrDType", name, v, err)
		}
		m, err := mmap.OpenAny(path, mmap.ReadOnly)
		if !errors.Is(err, mmap.ErrDType) || m != nil {
			t.Fatalf("%s: OpenAny = %v, %v; want nil and ErrDType", name, m, err)
		}
	}
	if _, err := mmap.Inspect(filepath.Join("..", "..", "testdata", "npy", "gen.py")); !errors.Is(err, mmap.ErrFormat) {
		t.Fatalf("Inspect of a Python file: %v, want ErrFormat", err)
	}
}

func ExampleInspect() {
	info, err := mmap.Inspect("../../testdata/npy/float32_f.npy")
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Shape, info.Descr, info.Type, info.Layout())
	// Output: [3 4] <f4 float32 ColMajor
}

func ExampleLoadAny() {
	v, err := mmap.LoadAny("../../testdata/npy/int16_c.npy")
	if err != nil {
		panic(err)
	}
	var f *nd.Array[float64]
	switch a := v.(type) { // the kind is the file's, decided at run time
	case *nd.Array[float64]:
		f = a
	case *nd.Array[int16]:
		f, _ = nd.Convert[float64](a)
	default:
		panic(fmt.Sprintf("unexpected %T", v))
	}
	fmt.Println(f.Shape(), f.At(0, 0))
	// Output: [3 4] -5
}

func ExampleOpenAny() {
	v, err := mmap.OpenAny("../../testdata/npy/uint8_c.npy", mmap.ReadOnly)
	if err != nil {
		panic(err)
	}
	if a, ok := v.(*mmap.Array[uint8]); ok {
		defer a.Close()
		fmt.Println(a.Shape(), a.At(2, 3))
	}
	// Output: [3 4] 11
}

// TestLoadAnyFaults: LoadAny of every kind, in C and Fortran order, under
// mem.FailEach: a failed allocation is an error and leaves nothing
// allocated, and the loaded array is freed through the any.
func TestLoadAnyFaults(t *testing.T) {
	for _, name := range []string{"int8", "uint16", "int64", "float32", "float64", "complex128"} {
		for _, order := range []string{"c", "f"} {
			path := filepath.Join("..", "..", "testdata", "npy", name+"_"+order+".npy")
			n, err := mem.FailEach(mem.Default, func(a mem.Allocator) error {
				x, err := mmap.LoadAny(path, nd.With(a))
				if err != nil {
					if x != nil {
						t.Errorf("%s: LoadAny gave %T beside its error", path, x)
					}
					return err
				}
				return x.(interface{ Free() error }).Free()
			})
			if err != nil || n == 0 {
				t.Fatalf("%s: %d allocations: %v", path, n, err)
			}
		}
	}
}
