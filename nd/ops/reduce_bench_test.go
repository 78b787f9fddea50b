package ops_test

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// BenchmarkAxisReductions reduces a [4096 4096] float64 matrix (128 MiB)
// along each axis with every reduction NumPy's axis= form has; GB/s counts
// the bytes read.
//
//	go test ./nd/ops -run '^$' -bench 'AxisReductions' -benchtime 10x
func BenchmarkAxisReductions(b *testing.B) {
	const n = 4096
	m, err := nd.Random[float64]([]int{n, n}, 1)
	if err != nil {
		b.Fatal(err)
	}
	out, _ := nd.Empty[float64]([]int{n})
	idx, _ := nd.Empty[int]([]int{n})
	run := map[string]func(ax ops.AxisSpec) error{
		"sum":    func(ax ops.AxisSpec) error { return ops.SumAxisInto(out, m, ax) },
		"mean":   func(ax ops.AxisSpec) error { return ops.MeanAxisInto(out, m, ax) },
		"min":    func(ax ops.AxisSpec) error { return ops.MinAxisInto(out, m, ax) },
		"max":    func(ax ops.AxisSpec) error { return ops.MaxAxisInto(out, m, ax) },
		"argmin": func(ax ops.AxisSpec) error { return ops.ArgMinAxisInto(idx, m, ax) },
		"argmax": func(ax ops.AxisSpec) error { return ops.ArgMaxAxisInto(idx, m, ax) },
		"var":    func(ax ops.AxisSpec) error { return ops.VarAxisInto(out, m, ax, 0) },
		"std":    func(ax ops.AxisSpec) error { return ops.StdAxisInto(out, m, ax, 0) },
	}
	for _, name := range []string{"sum", "mean", "min", "max", "argmin", "argmax", "var", "std"} {
		for axis := range 2 {
			b.Run(fmt.Sprintf("%s/axis%d", name, axis), func(b *testing.B) {
				b.SetBytes(8 * n * n)
				for range b.N {
					if err := run[name](ops.Axis(axis)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkArgMinMax is ArgMin and ArgMax of a dense vector in cache
// (4096 elements: L1; 65536: L2), float64 and float32, uniform values
// (the extreme moves often early, rarely later); GB/s counts the bytes
// read.
//
//	go test ./nd/ops -run '^$' -bench 'ArgMinMax'
func BenchmarkArgMinMax(b *testing.B) {
	b.Run("float64", benchArg[float64])
	b.Run("float32", benchArg[float32])
}

func benchArg[T float32 | float64](b *testing.B) {
	for _, n := range []int{4096, 65536} {
		x, err := nd.Random[T]([]int{n}, 2)
		if err != nil {
			b.Fatal(err)
		}
		for _, fn := range []struct {
			name string
			f    func(*nd.Array[T]) (int, error)
		}{{"ArgMin", ops.ArgMin[T]}, {"ArgMax", ops.ArgMax[T]}} {
			b.Run(fmt.Sprintf("%s/%d", fn.name, n), func(b *testing.B) {
				b.SetBytes(int64(n) * int64(unsafe.Sizeof(T(0))))
				for range b.N {
					if _, err := fn.f(x); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
