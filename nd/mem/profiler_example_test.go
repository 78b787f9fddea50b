package mem_test

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// The guide's memory_profiling_example: ten 1000x1000 float64 arrays.
func ExampleNewProfiler() {
	p := mem.NewProfiler()
	stats, err := p.Profile(func() error {
		for range 10 {
			a, err := nd.Zeros[float64]([]int{1000, 1000})
			if err != nil {
				return err
			}
			defer a.Free()
		}
		return nil
	})
	if err != nil {
		fmt.Println("Operation failed due to memory issues:", err)
		return
	}
	fmt.Println("Total allocated:", stats.TotalAllocated, "bytes")
	fmt.Println("Peak usage:", stats.PeakUsage, "bytes")
	fmt.Println("Allocation count:", stats.AllocationCount)
	fmt.Println("Average allocation size:", stats.TotalAllocated/stats.AllocationCount, "bytes")
	fmt.Println("Leaks:", stats.Leaks)
	// Output:
	// Total allocated: 80000000 bytes
	// Peak usage: 80000000 bytes
	// Allocation count: 10
	// Average allocation size: 8000000 bytes
	// Leaks: 0
}

// The guide's (result, stats) form, with the suggestions a run earns: a
// 128-byte buffer 64-aligned on the Go heap is cut from 191 bytes.
func ExampleProfileValue() {
	x, _ := nd.Arange[float64](0, 16, 1)
	defer x.Free()
	p := mem.NewProfiler()
	sum, stats, err := mem.ProfileValue(p, func() (float64, error) {
		var sum float64
		for range 2000 { // a scratch array per step
			y, err := x.Clone()
			if err != nil {
				return 0, err
			}
			sum += y.At(15)
			y.Free()
		}
		return sum, nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(sum, stats.AllocationCount, "allocations,", stats.Temporaries, "temporaries, peak", stats.PeakUsage, "bytes")
	for _, s := range stats.Suggestions() {
		fmt.Println(s)
	}
	// Output:
	// 30000 2000 allocations, 2000 temporaries, peak 128 bytes
	// High fragmentation detected (33% of the memory held at the peak was padding or unused block space) - consider using pool allocator (mem.NewPool) with blocks that fit the common request
	// Many allocations (2000, 2000 freed during the run, 2000 temporaries) - consider using arena allocator (mem.WithArena), which takes them back at once
}

//go:noinline
func buildTable(a mem.Allocator) []byte {
	b, _ := a.Alloc(1<<20, 64)
	return b
}

// Stacks for the allocations live at the peak and left live at the end,
// and a pprof profile for go tool pprof.
func ExampleProfiler_WriteProfile() {
	sys := mem.NewSystem()
	p := mem.NewProfiler(mem.RecordStacks())
	var table []byte
	p.Profile(func() error {
		table = buildTable(sys)
		return nil
	})
	defer sys.Free(table)
	leak := p.Leaks()[0]
	fmt.Println(leak.Size, "bytes still live, allocated by", leak.Stack.Frames()[0].Function)

	var profile bytes.Buffer // an *os.File in practice
	if err := p.WriteProfile(&profile); err != nil {
		panic(err)
	}
	fmt.Println("gzipped profile.proto:", profile.Bytes()[0] == 0x1f && profile.Bytes()[1] == 0x8b)
	// Output:
	// 1048576 bytes still live, allocated by github.com/numgo/numgo/nd/mem_test.buildTable
	// gzipped profile.proto: true
}

// slab is a user's own allocator: it cuts buffers from one make'd slab and
// takes space back only when the most recent buffer is freed. It calls the
// allocation hook, so Profile sees it like numgo's own allocators.
type slab struct {
	mu        sync.Mutex
	mem       []byte
	off       int
	live, top int64
}

func (s *slab) Alloc(size, align int) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	base := uintptr(unsafe.Pointer(unsafe.SliceData(s.mem)))
	start := int((base+uintptr(s.off)+uintptr(align)-1)&^(uintptr(align)-1) - base)
	if size <= 0 || align <= 0 || align&(align-1) != 0 || start+size > len(s.mem) {
		return nil, fmt.Errorf("%w: slab.Alloc(%d, %d)", mem.ErrOutOfMemory, size, align)
	}
	b := s.mem[start : start+size : start+size]
	s.off = start + size
	s.live += int64(size)
	s.top = max(s.top, s.live)
	mem.TraceAlloc(s, b, size)
	return b, nil
}

func (s *slab) Free(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live -= int64(cap(b))
	if end := int(uintptr(unsafe.Pointer(unsafe.SliceData(b))) - uintptr(unsafe.Pointer(unsafe.SliceData(s.mem))) + uintptr(cap(b))); end == s.off {
		s.off -= cap(b)
	}
	mem.TraceFree(s, b) // before the space can be handed out again
	return nil
}

func (s *slab) Realloc(b []byte, n, align int) ([]byte, error) { return nil, errors.ErrUnsupported }
func (s *slab) Allocated() int64                               { s.mu.Lock(); defer s.mu.Unlock(); return s.live }
func (s *slab) Peak() int64                                    { s.mu.Lock(); defer s.mu.Unlock(); return s.top }
func (s *slab) ResetPeak()                                     { s.mu.Lock(); defer s.mu.Unlock(); s.top = s.live }

// A user's own allocator is profiled when it calls the hook.
func ExampleTraceAlloc() {
	s := &slab{mem: make([]byte, 1<<16)}
	stats, _ := mem.NewProfiler().Profile(func() error {
		a, err := nd.Zeros[float32]([]int{100}, nd.With(s))
		if err != nil {
			return err
		}
		return a.Free()
	})
	fmt.Println(stats.AllocationCount, "allocation of", stats.TotalAllocated, "bytes,", stats.Frees, "free")
	// Output:
	// 1 allocation of 400 bytes, 1 free
}
