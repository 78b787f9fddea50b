package memtest

import "github.com/numgo/numgo/nd/mem"

// Poison is the byte Poisoned fills buffers with. Read as an element it is
// a NaN of float32 and float64 (one no arithmetic produces: sign, every
// exponent and every payload bit set), -1 of every signed integer, the
// largest value of every unsigned one, and 255 in a bool array.
const Poison = 0xFF

// Poisoned returns an allocator that fills every buffer inner's Alloc
// returns, and the growth of every Realloc, with Poison bytes before
// handing it out. The Allocator contract leaves those contents
// unspecified, and mem.System hands out what the memory held before for
// large buffers, but small test arrays come zeroed from the Go heap: code
// that reads its result (or a temporary) before writing all of it, say by
// accumulating into it or skipping the elements of an empty axis, passes
// on them and gives wrong answers on large arrays. On Poisoned it gives
// visibly wrong ones, so a test compares a function's results made on it
// with those made on mem.Default:
//
//	want, _ := ops.SumAxis(a, ops.Axis(1))
//	got, _ := ops.SumAxis(a, ops.Axis(1), nd.With(memtest.Poisoned(mem.NewSystem())))
//	// got must equal want bit for bit
//
// It does not implement mem.ZeroedAllocator, so mem.AllocZeroed (and
// nd.Zeros) clears what it hands out and still gets zeros. Free, the
// counters and Stats are inner's (Stats reports Allocated and Peak only
// when inner has none); Unwrap returns inner, so arrays made on it see an
// arena's Reset beneath it.
func Poisoned(inner mem.Allocator) Allocator {
	if inner == nil {
		panic("memtest: Poisoned: the inner allocator is nil")
	}
	return poisoned{inner}
}

type poisoned struct{ inner mem.Allocator }

func (p poisoned) Alloc(size, align int) ([]byte, error) {
	b, err := p.inner.Alloc(size, align)
	if err == nil {
		Fill(b, Poison)
	}
	return b, err
}

func (p poisoned) Realloc(b []byte, newSize, align int) ([]byte, error) {
	kept := len(b)
	nb, err := p.inner.Realloc(b, newSize, align)
	if err == nil && newSize > kept {
		Fill(nb[kept:], Poison)
	}
	return nb, err
}

func (p poisoned) Free(b []byte) error   { return p.inner.Free(b) }
func (p poisoned) Allocated() int64      { return p.inner.Allocated() }
func (p poisoned) Peak() int64           { return p.inner.Peak() }
func (p poisoned) ResetPeak()            { p.inner.ResetPeak() }
func (p poisoned) Unwrap() mem.Allocator { return p.inner }

func (p poisoned) Stats() mem.Stats {
	if r, ok := p.inner.(mem.StatsReporter); ok {
		return r.Stats()
	}
	return mem.Stats{Allocated: p.inner.Allocated(), Peak: p.inner.Peak()}
}
