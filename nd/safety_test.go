package nd

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// panicsWith reports the panic message of fn, or "" when it returns.
func panicsWith(fn func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = strings.TrimSpace(strings.ReplaceAll(errorString(r), "\n", " "))
		}
	}()
	fn()
	return ""
}

func errorString(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "non-string panic"
}

func TestArraysOnAPoolDieWithIt(t *testing.T) {
	p, err := mem.NewPool(8192, 4)
	if err != nil {
		t.Fatal(err)
	}
	a := mustArr[float64](t)(Full([]int{1024}, 3.0, With(p)))
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	// The range may be mapped again by someone else.
	ar, err := mem.NewArena(4 * 8192)
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	mustArr[float64](t)(Full([]int{1024}, 42.0, With(ar)))
	if err := a.Err(); !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "pool was closed") {
		t.Fatalf("Err after Pool.Close: %v, want ErrReleased saying the pool was closed", err)
	}
	if msg := panicsWith(func() { _ = a.At(8) }); !strings.Contains(msg, "pool was closed") {
		t.Fatalf("At after Pool.Close: panic %q, want one naming the closed pool", msg)
	}
	if _, err := a.Clone(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Clone after Pool.Close: %v", err)
	}
	// Free of a dead array does not touch the closed pool's memory.
	if err := a.Free(); err != nil {
		t.Fatalf("Free after Pool.Close: %v", err)
	}
}

// logging is a user's wrapper, as the guide's LoggingAllocator: it passes
// every call on and exposes what it wraps.
type logging struct {
	mem.Allocator
	calls int
}

func (l *logging) Alloc(size, align int) ([]byte, error) {
	l.calls++
	return l.Allocator.Alloc(size, align)
}

func (l *logging) Unwrap() mem.Allocator { return l.Allocator }

// opaque wraps without Unwrap; it exists to show what Unwrap buys.
type opaque struct{ mem.Allocator }

func TestWrappersExposeTheGeneration(t *testing.T) {
	ar, err := mem.NewArena(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	// Two wrappers deep: the chain is followed to the end.
	w := &logging{Allocator: &logging{Allocator: ar}}
	a := mustArr[float64](t)(Full([]int{8}, 1.0, With(w)))
	if w.calls != 1 {
		t.Fatalf("the wrapper saw %d calls", w.calls)
	}
	ar.Reset()
	mustArr[float64](t)(Full([]int{8}, 7.0, With(ar)))
	if err := a.Err(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("array made through a wrapper, after the arena's Reset: Err = %v", err)
	}
	if msg := panicsWith(func() { _ = a.At(0) }); !strings.Contains(msg, "arena was reset") {
		t.Fatalf("At: panic %q", msg)
	}
	if g, ok := mem.GenerationalOf(&opaque{ar}); ok || g != nil {
		t.Fatal("GenerationalOf saw through a wrapper without Unwrap")
	}
	// A loop of wrappers ends.
	loop := &logging{}
	loop.Allocator = loop
	if _, ok := mem.GenerationalOf(loop); ok {
		t.Fatal("GenerationalOf found a generation in a loop of wrappers")
	}
}

func TestArrayFreeNeverFreesAnotherGenerationsBlock(t *testing.T) {
	ar, err := mem.NewArena(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	stale := mustArr[float64](t)(Empty[float64]([]int{32}, With(ar)))
	ar.Reset()
	// Same size, same place: the raw API could not tell the two apart.
	live := mustArr[float64](t)(Full([]int{32}, 5.0, With(ar)))
	if err := stale.Free(); err != nil {
		t.Fatalf("Free of a stale array: %v", err)
	}
	if s := ar.Stats(); s.Allocated != 32*8 {
		t.Fatalf("a stale array's Free changed the arena's accounting: %d bytes live, want %d", s.Allocated, 32*8)
	}
	if err := live.Free(); err != nil {
		t.Fatalf("the live array was freed by the stale one: %v", err)
	}
}

func TestIterationChecksLivenessOnEveryStep(t *testing.T) {
	ar, err := mem.NewArena(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	a := mustArr[float64](t)(Full([]int{4, 4}, 1.0, With(ar)))
	for _, loop := range []struct {
		name string
		run  func(step func())
	}{
		{"Values", func(step func()) {
			for range a.Values() {
				step()
			}
		}},
		{"All", func(step func()) {
			for range a.All() {
				step()
			}
		}},
	} {
		a = mustArr[float64](t)(Full([]int{4, 4}, 1.0, With(ar)))
		n := 0
		msg := panicsWith(func() {
			loop.run(func() {
				n++
				if n == 3 {
					ar.Reset()
					mustArr[float64](t)(Full([]int{4, 4}, 9.0, With(ar)))
				}
			})
		})
		if n != 3 || !strings.Contains(msg, "arena was reset") {
			t.Errorf("%s: %d steps, panic %q; want a stop after the Reset naming it", loop.name, n, msg)
		}
	}
}

func TestSliceStepsAsNumPy(t *testing.T) {
	a := mustArr[int](t)(Arange(0, 5, 1))
	for _, c := range []struct {
		r    Range
		want []int
	}{
		{Whole().By(math.MaxInt), []int{0}},
		{Whole().By(math.MinInt), []int{4}},
		{Whole().By(math.MaxInt - 1), []int{0}},
		{Span(1, 5).By(math.MaxInt), []int{1}},
		{From(3).By(math.MinInt), []int{3}},
		{Whole().By(-2), []int{4, 2, 0}},
		{Whole().By(3), []int{0, 3}},
	} {
		v, err := a.Slice(c.r)
		if err != nil {
			t.Errorf("a[%v]: %v", c.r, err)
			continue
		}
		var got []int
		for x := range v.Values() {
			got = append(got, x)
		}
		if !equalInts(got, c.want) {
			t.Errorf("a[%v] = %v, want %v", c.r, got, c.want)
		}
	}
	if _, err := a.Slice(Whole().By(0)); !errors.Is(err, ErrShape) {
		t.Errorf("a[::0] with By(0): %v, want ErrShape", err)
	}
	if _, err := a.SliceExpr("::0"); !errors.Is(err, ErrShape) {
		t.Errorf(`SliceExpr("::0"): %v, want ErrShape`, err)
	}
	if got := Whole().By(0).String(); got != "::0" {
		t.Errorf("By(0).String() = %q", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestShapeOverflowIsOrderIndependent(t *testing.T) {
	for _, shape := range [][]int{{0, math.MaxInt}, {math.MaxInt, 0}, {0, 1 << 40, 1 << 40}, {1 << 40, 0, 1 << 40}} {
		if _, err := Zeros[float64](shape); !errors.Is(err, ErrShape) {
			t.Errorf("Zeros(%v): %v, want ErrShape", shape, err)
		}
	}
	for _, shape := range [][]int{{0, 1 << 20}, {1 << 20, 0}, {0, 0}} {
		a, err := Zeros[float64](shape)
		if err != nil || a.Size() != 0 {
			t.Errorf("Zeros(%v): %v", shape, err)
		}
	}
}

func TestHugeRequestIsAnErrorNotACrash(t *testing.T) {
	// 1 TiB on mem.Default: a shape from a file or a request must not end
	// the process.
	_, err := Zeros[float64]([]int{1 << 20, 1 << 17})
	if !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Zeros(1 TiB): %v, want ErrOutOfMemory", err)
	}
}
