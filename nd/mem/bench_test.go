package mem_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

// The allocation benchmarks run with a realistic live heap: liveHeapBytes of
// small pointerful objects, as a service holding caches and requests would,
// so every GC cycle has real marking to do and make pays for it.
const liveHeapBytes = 256 << 20

type liveNode struct {
	next *liveNode
	_    [56]byte // makes a node 64 bytes
}

var (
	liveOnce sync.Once
	liveHeap []*liveNode
	// sink makes make'd slices escape, as buffers that outlive a call do.
	sink []byte
)

func withLiveHeap(b *testing.B) {
	liveOnce.Do(func() {
		liveHeap = make([]*liveNode, liveHeapBytes/64)
		for i := range liveHeap {
			liveHeap[i] = &liveNode{}
			if i > 0 {
				liveHeap[i].next = liveHeap[i-1]
			}
		}
	})
	runtime.GC()
	runtime.GC()
	b.ResetTimer()
}

// benchSizes are powers of two, so the byte each iteration writes is
// picked with a mask (a division would cost as much as an arena Alloc).
var benchSizes = []int{64, 1 << 10, 4 << 10, 64 << 10, 1 << 20}

func sizeName(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// reportGC reports the GC cycles per operation since before.
func reportGC(b *testing.B, before uint64) {
	b.ReportMetric(float64(mem.GCCycles()-before)/float64(b.N), "gc/op")
}

// BenchmarkAlloc compares one allocation (one byte written) from an arena
// with make (the slice escapes) and with sync.Pool Get+Put. The arena is
// sized to its work (16 blocks, at least 1 MiB) and Reset when full, as a
// per-request arena is. "arena" is a plain Alloc, whose contents are
// unspecified; "arena+clear" also clears the block, which is what make and
// a Zeroed arena do, so the cost of zeroing is seen beside the cost of
// allocating. sync.Pool reuses without clearing.
func BenchmarkAlloc(b *testing.B) {
	for _, size := range benchSizes {
		for _, clearIt := range []bool{false, true} {
			name := "/arena"
			if clearIt {
				name += "+clear"
			}
			b.Run(sizeName(size)+name, func(b *testing.B) {
				a, err := mem.NewArena(max(1<<20, 16*(size+128)))
				if err != nil {
					b.Fatal(err)
				}
				defer a.Close()
				withLiveHeap(b)
				before := mem.GCCycles()
				for i := 0; b.Loop(); i++ {
					buf, err := a.Alloc(size, 64)
					if err != nil {
						a.Reset()
						buf, _ = a.Alloc(size, 64)
					}
					if clearIt {
						clear(buf)
					}
					buf[i&(size-1)] = 1
				}
				reportGC(b, before)
			})
		}
		b.Run(sizeName(size)+"/make", func(b *testing.B) {
			withLiveHeap(b)
			before := mem.GCCycles()
			for i := 0; b.Loop(); i++ {
				sink = make([]byte, size)
				sink[i&(size-1)] = 1
			}
			reportGC(b, before)
		})
		b.Run(sizeName(size)+"/sync.Pool", func(b *testing.B) {
			var p sync.Pool
			withLiveHeap(b)
			before := mem.GCCycles()
			for i := 0; b.Loop(); i++ {
				buf, _ := p.Get().(*[]byte)
				if buf == nil {
					nb := make([]byte, size)
					buf = &nb
				}
				(*buf)[i&(size-1)] = 1
				p.Put(buf)
			}
			reportGC(b, before)
		})
	}
}

// BenchmarkPoolGetPut compares a Get and a Put on a mem.Pool with sync.Pool
// Get+Put for the same block size. Neither clears by default; the +clear
// variants clear the block on every Get (mem.Pool with Zeroed, sync.Pool by
// hand), to show what zeroing costs.
func BenchmarkPoolGetPut(b *testing.B) {
	for _, size := range []int{64, 1 << 10, 4 << 10} {
		for _, clearIt := range []bool{false, true} {
			suffix := ""
			var opts []mem.Option
			if clearIt {
				suffix = "+clear"
				opts = append(opts, mem.Zeroed())
			}
			b.Run(sizeName(size)+"/mem.Pool"+suffix, func(b *testing.B) {
				p, err := mem.NewPool(size, 64, opts...)
				if err != nil {
					b.Fatal(err)
				}
				defer p.Close()
				for i := 0; b.Loop(); i++ {
					buf, err := p.Get()
					if err != nil {
						b.Fatal(err)
					}
					buf[i&(size-1)] = 1
					if err := p.Put(buf); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(sizeName(size)+"/sync.Pool"+suffix, func(b *testing.B) {
				var p sync.Pool
				for i := 0; b.Loop(); i++ {
					buf, _ := p.Get().(*[]byte)
					if buf == nil {
						nb := make([]byte, size)
						buf = &nb
					} else if clearIt {
						clear(*buf)
					}
					(*buf)[i&(size-1)] = 1
					p.Put(buf)
				}
			})
		}
	}
}

// BenchmarkArenaParallel measures the arena's lock under contention.
func BenchmarkArenaParallel(b *testing.B) {
	a, err := mem.NewArena(64 << 20)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			buf, err := a.Alloc(1024, 64)
			if err != nil {
				a.Reset()
				continue
			}
			buf[0] = 1
		}
	})
}
