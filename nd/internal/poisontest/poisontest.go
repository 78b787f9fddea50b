// Package poisontest checks that functions' results do not depend on what
// the memory their allocator hands out held before: the package tests of
// ops, linalg and expr call each allocating function on the default
// allocator and on memtest.Poisoned, and require the same results bit for
// bit. Small arrays come zeroed from the Go heap, so a function that
// accumulates into its result, or leaves some of it unwritten (the
// elements of an empty axis, a product with k = 0, a NaN path), passes
// every other test and gives wrong answers on the large arrays mem.System
// hands out uncleared.
package poisontest

import (
	"bytes"
	"fmt"
	"iter"
	"slices"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mem/memtest"
)

// Result is what a call returned in one array: its shape and its
// elements' bits in row-major order.
type Result struct {
	shape []int
	bits  []byte
	text  string // the values, for failure messages
}

// Of records a and frees it; a nil a (from a call that failed) records
// nothing.
func Of[T nd.Number](a *nd.Array[T]) Result {
	if a == nil {
		return Result{}
	}
	r := record(a.Shape(), a.Values())
	a.Free()
	return r
}

// Value records a result returned as a plain value (a rank, a count).
func Value[T nd.Number](v T) Result { return record(nil, func(yield func(T) bool) { yield(v) }) }

func record[T nd.Number](shape []int, values iter.Seq[T]) Result {
	r := Result{shape: shape}
	var vals []T
	for v := range values {
		r.bits = append(r.bits, unsafe.Slice((*byte)(unsafe.Pointer(&v)), unsafe.Sizeof(v))...)
		vals = append(vals, v)
	}
	r.text = fmt.Sprint(vals)
	return r
}

// All returns the results of a call with several, or err.
func All(err error, rs ...Result) ([]Result, error) { return rs, err }

// One returns the result of a call with one, or err.
func One[T nd.Number](a *nd.Array[T], err error) ([]Result, error) { return All(err, Of(a)) }

// Case calls a function on fixed inputs with the options o and returns
// its results (Of frees them).
type Case = func(o []nd.Option) ([]Result, error)

// Check runs each case as a subtest, once with no options and once with
// nd.With of a memtest.Poisoned System that must be left holding nothing,
// and fails it unless both calls succeed with the same results: the same
// shapes and the same elements bit for bit (a NaN matches the same NaN;
// Poison read back as a float is a NaN no arithmetic makes).
func Check(t *testing.T, cases map[string]Case) {
	t.Helper()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := c(nil)
			if err != nil {
				t.Fatal(err)
			}
			p := memtest.Checked(t, memtest.Poisoned(mem.NewSystem()))
			got, err := c([]nd.Option{nd.With(p)})
			if err != nil {
				t.Fatalf("on Poisoned: %v", err)
			}
			for i := range want {
				if !slices.Equal(got[i].shape, want[i].shape) || !bytes.Equal(got[i].bits, want[i].bits) {
					t.Errorf("result %d on Poisoned: %v of shape %v; on mem.Default: %v of shape %v", i, got[i].text, got[i].shape, want[i].text, want[i].shape)
				}
			}
		})
	}
}

// Func is a function under test with its other arguments bound, applied
// to an input x (one operand, a pair, an operand and an axis).
type Func[I any] = func(x I, o []nd.Option) ([]Result, error)

// Cross adds to cases every function of fns applied to every input of
// inputs, named "function/input".
func Cross[I any](cases map[string]Case, fns map[string]Func[I], inputs map[string]I) {
	for fn, f := range fns {
		for in, x := range inputs {
			cases[fn+"/"+in] = func(o []nd.Option) ([]Result, error) { return f(x, o) }
		}
	}
}

// Pair is the operands of a two-operand function.
type Pair[T nd.Number] [2]*nd.Array[T]

// Unary adapts a function of one array to a Func.
func Unary[T, R nd.Number](f func(*nd.Array[T], ...nd.Option) (*nd.Array[R], error)) Func[*nd.Array[T]] {
	return func(a *nd.Array[T], o []nd.Option) ([]Result, error) { return One(f(a, o...)) }
}

// Binary adapts a function of two arrays to a Func of a Pair.
func Binary[T, R nd.Number](f func(a, b *nd.Array[T], opts ...nd.Option) (*nd.Array[R], error)) Func[Pair[T]] {
	return func(p Pair[T], o []nd.Option) ([]Result, error) { return One(f(p[0], p[1], o...)) }
}
