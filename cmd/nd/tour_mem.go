package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

func tourSystem(_ context.Context, w io.Writer, _ tourConfig) error {
	sys := mem.NewSystem()
	b, err := sys.Alloc(4096, 16)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Alloc(4096, 16): address %% 16 = %d; allocated %d B, peak %d B\n",
		addr(b)%16, sys.Allocated(), sys.Peak())
	if err := sys.Free(b); err != nil {
		return err
	}
	err = sys.Free(b)
	fmt.Fprintf(w, "   after Free: allocated %d B, peak %d B; a second Free says: %s\n", sys.Allocated(), sys.Peak(), addressLabels{}.replace(err.Error()))
	if !errors.Is(err, mem.ErrDoubleFree) {
		return fmt.Errorf("double free not reported: %v", err)
	}
	fmt.Fprintf(w, "   stats: %v\n", sys.Stats())
	return nil
}

func tourArena(_ context.Context, w io.Writer, _ tourConfig) error {
	arena, err := mem.NewArena(10 << 20)
	if err != nil {
		return err
	}
	defer arena.Close()
	p1, err := arena.Alloc(1024, 8)
	if err != nil {
		return err
	}
	p2, err := arena.Alloc(2048, 16)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   10 MiB arena; Alloc(1024, 8) and Alloc(2048, 16) at addresses %% 16 = %d, %d\n", addr(p1)%16, addr(p2)%16)
	reserved := arena.Stats().Reserved
	fmt.Fprintf(w, "   arena allocated: %d B, peak: %d B; reserved: %d B, the %d B asked plus %d B of block headers and alignment padding\n",
		arena.Allocated(), arena.Peak(), reserved, arena.Allocated(), reserved-arena.Allocated())
	_, err = arena.Alloc(11<<20, 64)
	fmt.Fprintf(w, "   Alloc(11 MiB) in a 10 MiB arena: %v\n", err)
	if !errors.Is(err, mem.ErrOutOfMemory) {
		return fmt.Errorf("capacity not enforced: %v", err)
	}
	return nil
}

func tourArenaScope(_ context.Context, w io.Writer, cfg tourConfig) error {
	n := 1000
	if cfg.quick {
		n = 200
	}
	var result *nd.Array[float64]
	var peak int64
	err := mem.WithArena(100<<20, func(arena *mem.Arena) error {
		temp1, err := nd.Zeros[float64]([]int{n, n}, nd.With(arena))
		if err != nil {
			return err
		}
		temp2, err := nd.Ones[float64]([]int{n, n}, nd.With(arena))
		if err != nil {
			return err
		}
		temp3, err := ops.Add(temp1, temp2, nd.With(arena))
		if err != nil {
			return err
		}
		peak = arena.Peak()
		result, err = temp3.Clone() // out of the arena, to mem.Default
		return err
	})
	if err != nil {
		return err
	}
	sum := 0.0
	for v := range result.Values() {
		sum += v
	}
	fmt.Fprintf(w, "   three %dx%d float64 temporaries in a 100 MiB arena: peak %.1f MiB; the arena is released on return\n", n, n, mib(peak))
	fmt.Fprintf(w, "   result cloned to %T: shape %v, sum %.0f (want %d), address %% 64 = %d\n",
		result.Allocator(), result.Shape(), sum, n*n, result.Addr()%64)
	if sum != float64(n*n) {
		return fmt.Errorf("sum %v, want %d", sum, n*n)
	}
	return result.Free()
}

func tourUseAfterReset(_ context.Context, w io.Writer, _ tourConfig) error {
	arena, err := mem.NewArena(1 << 20)
	if err != nil {
		return err
	}
	a, err := nd.Ones[float32]([]int{4, 4}, nd.With(arena))
	if err != nil {
		return err
	}
	arena.Reset()
	fmt.Fprintf(w, "   after arena.Reset: a.Err() = %v\n", a.Err())
	_, cloneErr := a.Clone()
	fmt.Fprintf(w, "   a.Clone() = %v\n", cloneErr)
	msg := func() (msg any) {
		defer func() { msg = recover() }()
		a.At(0, 0)
		return nil
	}()
	fmt.Fprintf(w, "   a.At(0, 0) panics: %v\n", msg)
	arena.Close()
	_, err = nd.Zeros[float32]([]int{4}, nd.With(arena))
	fmt.Fprintf(w, "   allocating from the released arena: %v\n", err)
	if !errors.Is(cloneErr, mem.ErrReleased) || msg == nil || !errors.Is(err, mem.ErrReleased) {
		return errors.New("use after reset or release went unnoticed")
	}
	return nil
}

func tourRelease(_ context.Context, w io.Writer, cfg tourConfig) error {
	size := 256 << 20
	if cfg.quick {
		size = 64 << 20
	}
	runtime.GC()
	before, err := osmem.RSS()
	if err != nil {
		return err
	}
	arena, err := mem.NewArena(size + 64<<10) // room for the block header and alignment
	if err != nil {
		return err
	}
	a, err := nd.Ones[float64]([]int{size / 8}, nd.With(arena)) // touches every page
	if err != nil {
		arena.Close()
		return err
	}
	touched, err := osmem.RSS()
	if err != nil {
		arena.Close()
		return err
	}
	arena.Close()
	after, err := osmem.RSS()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   process RSS: %.0f MiB before, %.0f MiB with a %d MiB arena filled, %.0f MiB after Close\n",
		mib(before), mib(touched), size>>20, mib(after))
	fmt.Fprintf(w, "   the array made in it now says: %v\n", a.Err())
	if touched-after < int64(size)*9/10 {
		return fmt.Errorf("the arena's Close gave back only %.0f MiB of %d MiB", mib(touched-after), size>>20)
	}
	return nil
}

func tourPool(_ context.Context, w io.Writer, _ tourConfig) error {
	pool, err := mem.NewPool(1024, 100)
	if err != nil {
		return err
	}
	defer pool.Close()
	b1, err := pool.Get()
	if err != nil {
		return err
	}
	b2, err := pool.Get()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   pool of 100 x 1 KiB: got two blocks, allocated %d B, fragmentation %.2f%%\n", pool.Allocated(), 100*pool.Fragmentation())
	if err := errors.Join(pool.Put(b1), pool.Put(b2)); err != nil {
		return err
	}
	fmt.Fprintf(w, "   both put back: allocated %d B, fragmentation %.2f%%; a second Put says: %v\n",
		pool.Allocated(), 100*pool.Fragmentation(), pool.Put(b1))
	// A checkerboard: take every block, give back every other one by
	// address. Get hands out the block put back last first (LIFO), so the
	// order of the Gets is not the order of the addresses.
	blocks := make([][]byte, 0, 100)
	for {
		b, err := pool.Get()
		if errors.Is(err, mem.ErrOutOfMemory) {
			fmt.Fprintf(w, "   the 101st Get: %v\n", err)
			break
		} else if err != nil {
			return err
		}
		blocks = append(blocks, b)
	}
	slices.SortFunc(blocks, func(x, y []byte) int { return cmp.Compare(addr(x), addr(y)) })
	for i := 0; i < len(blocks); i += 2 {
		if err := pool.Put(blocks[i]); err != nil {
			return err
		}
	}
	st := pool.Stats()
	free := st.Capacity/1024 - st.Live()
	fmt.Fprintf(w, "   every other block by address put back: %d free blocks, none adjacent to another, so fragmentation is\n", free)
	fmt.Fprintf(w, "   1 - (longest free run)/(free blocks) = 1 - 1/%d = %.0f%% (Pool.Fragmentation, from the block records)\n", free, 100*pool.Fragmentation())
	return nil
}

// sink keeps made slices reachable so the compiler cannot drop them.
var sink []byte

func tourAllocCost(_ context.Context, w io.Writer, cfg tourConfig) error {
	// A live heap of pointerful objects gives the GC real work, as a
	// service holding caches and requests would.
	// make is timed in samples of span times the live heap's bytes.
	liveMiB, sizes, makeSamples, span := 16, []int{1 << 10, 4 << 10, 64 << 10}, 9, 4
	switch {
	case cfg.quick:
		sizes, makeSamples = sizes[:2], 3
	case cfg.bench:
		liveMiB, sizes = 128, []int{64, 1 << 10, 4 << 10, 64 << 10, 1 << 20}
	}
	live := makeLiveHeap(liveMiB << 20)
	defer runtime.KeepAlive(live)
	var syncPool sync.Pool

	fmt.Fprintf(w, "   %d MiB of pointerful objects live. Cost of one allocation as a multiple of the arena's. The arena holds\n", liveMiB)
	fmt.Fprintln(w, "   16 blocks and is Reset when full, as a per-request arena is; arena+clear also zeroes the block, as make")
	fmt.Fprintln(w, "   does; the pool columns are one Get+Put; these are timed by the fastest of interleaved samples. make is")
	fmt.Fprintf(w, "   timed over N allocations, %dx the live heap, with a GC cycle run (and waited for) after each live heap's\n", span)
	fmt.Fprintf(w, "   worth of bytes, as GOGC=100 paces it, so it pays for its garbage (the fastest of %d samples). The\n", makeSamples)
	fmt.Fprintln(w, "   GC columns count the cycles in those N allocations, made by the arena and by make")
	tw := table(w)
	fmt.Fprintln(tw, "   size\tarena\tarena+clear\tsync.Pool\tmem.Pool\tmake\tN\tGC: arena\tmake\t")
	for _, size := range sizes {
		arena, err := mem.NewArena(max(16*(size+128), 1<<20))
		if err != nil {
			return err
		}
		blocks := 0
		alloc := func() []byte {
			if blocks == 16 { // full: start over, as a request loop would
				arena.Reset()
				blocks = 0
			}
			blocks++
			b, err := arena.Alloc(size, 64)
			if err != nil {
				panic(err) // 16 blocks fit: the arena holds them with their headers
			}
			return b
		}
		pool, err := mem.NewPool(size, 16)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "   %s\t1\t", byteSize(size))
		runtime.GC() // no cycle of the previous row's in flight
		ts := sideBySide(cfg,
			func(n int) {
				for i := range n {
					alloc()[i%size] = 1
				}
			},
			func(n int) {
				for i := range n {
					b := alloc()
					clear(b)
					b[i%size] = 1
				}
			},
			func(n int) {
				for i := range n {
					b, _ := syncPool.Get().(*[]byte)
					if b == nil || len(*b) != size {
						nb := make([]byte, size)
						b = &nb
					}
					(*b)[i%size] = 1
					syncPool.Put(b)
				}
			},
			func(n int) {
				for i := range n {
					b, err := pool.Get()
					if err != nil {
						panic(err)
					}
					b[i%size] = 1
					if err := pool.Put(b); err != nil {
						panic(err)
					}
				}
			})
		if err := pool.Close(); err != nil {
			return err
		}
		n := span * (liveMiB << 20) / size
		arenaGC := gcCycles(func() {
			for range n {
				alloc()
			}
		})
		if err := arena.Close(); err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t", times(ts[1].ratio(ts[0])), times(ts[2].ratio(ts[0])), times(ts[3].ratio(ts[0])))
		makeT, makeGC := timeMake(n, size, liveMiB<<20, makeSamples)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", times(makeT.ratio(ts[0])), n, arenaGC, makeGC)
	}
	return tw.Flush()
}

// times formats a ratio with three significant digits, or as a whole
// number from 100 on: 0.553x, 1.27x, 26.5x, 1530x.
func times(r float64) string {
	if r >= 100 {
		return fmt.Sprintf("%.0fx", r)
	}
	return strconv.FormatFloat(r, 'g', 3, 64) + "x"
}

// timeMake times n allocations of size bytes with make, with the GC paced
// by hand: automatic collection is off and a full cycle (runtime.GC, which
// returns when the cycle is done) runs after every live bytes allocated,
// which is GOGC=100's steady state with that much live, so every sample
// pays for the same number of cycles. (Left to the pacer, the count moved
// by 2x between runs on a busy 2-core machine, with the speed of the
// concurrent mark.) It is timed by wall clock: the process's CPU time would
// also count goroutines that earlier tour sections leave running. It
// returns the time per allocation, the fastest of samples, and the GC
// cycles one sample ran.
func timeMake(n, size, live, samples int) (timing, uint64) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	every := max(live/size, 1)
	perAlloc := make([]float64, samples)
	var cycles uint64
	for i := range samples + 1 { // sample 0 warms up: the heap grows to its steady size and its pages are touched
		runtime.GC()
		before := mem.GCCycles()
		start := time.Now()
		for j := range n {
			sink = make([]byte, size)
			sink[j%size] = 1
			if (j+1)%every == 0 {
				runtime.GC()
			}
		}
		if i > 0 {
			perAlloc[i-1] = float64(time.Since(start)) / float64(n)
		}
		cycles = mem.GCCycles() - before
	}
	return timing{min: slices.Min(perAlloc)}, cycles
}

// gcCycles runs fn and returns the GC cycles that passed meanwhile.
func gcCycles(fn func()) uint64 {
	before := mem.GCCycles()
	fn()
	return mem.GCCycles() - before
}

type liveNode struct {
	next *liveNode
	_    [56]byte // makes a node 64 bytes
}

func makeLiveHeap(bytes int) []*liveNode {
	nodes := make([]*liveNode, bytes/64)
	for i := range nodes {
		nodes[i] = &liveNode{}
		if i > 0 {
			nodes[i].next = nodes[i-1]
		}
	}
	return nodes
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
