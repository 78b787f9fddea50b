package mem_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

func poolOpts() []mem.Option {
	if raceEnabled {
		return []mem.Option{mem.HeapBacked()}
	}
	return nil
}

func newPool(t *testing.T, blockSize, blocks int, opts ...mem.Option) *mem.Pool {
	t.Helper()
	p, err := mem.NewPool(blockSize, blocks, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestNewPoolRejectsBadInput(t *testing.T) {
	for _, c := range [][2]int{{0, 10}, {-1, 10}, {64, 0}, {64, -3}, {math.MaxInt, 2}, {64, math.MaxInt32 + 1}, {1 << 30, 1 << 34}} {
		if p, err := mem.NewPool(c[0], c[1]); !errors.Is(err, mem.ErrInvalidSize) || p != nil {
			t.Errorf("NewPool(%d, %d) = %v, %v; want ErrInvalidSize", c[0], c[1], p, err)
		}
	}
	if !raceEnabled {
		// 2^61 bytes: representable, but no OS maps that much.
		if _, err := mem.NewPool(1<<30, 1<<31-1); !errors.Is(err, mem.ErrOutOfMemory) {
			t.Errorf("NewPool of 2^61 bytes: %v, want ErrOutOfMemory", err)
		}
	}
}

func TestPoolGetPutAndExhaustion(t *testing.T) {
	p := checked(t, newPool(t, 1000, 4, poolOpts()...))
	if p.BlockSize() != 1000 || p.Align() != 1024 {
		t.Fatalf("BlockSize %d Align %d, want 1000 and 1024 (the stride)", p.BlockSize(), p.Align())
	}
	var blocks [][]byte
	for range 4 {
		b, err := p.Get()
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != 1000 || cap(b) != 1000 || addrOf(b)%64 != 0 || !allZero(b) {
			t.Fatalf("Get: len %d cap %d at %#x", len(b), cap(b), addrOf(b))
		}
		fill(b, 0x5A)
		blocks = append(blocks, b)
	}
	_, err := p.Get()
	if !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "4 blocks") {
		t.Fatalf("Get from an exhausted pool: %v", err)
	}
	if s := p.Stats(); s.Allocated != 4000 || s.Reserved != 4096 || s.Capacity != 4000 || s.Failed != 1 {
		t.Fatalf("stats: %v", s)
	}
	if err := p.Put(blocks[2]); err != nil {
		t.Fatal(err)
	}
	if err := p.Put(blocks[2]); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("double Put: %v", err)
	}
	b, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	// Without Zeroed a block comes back as its last user left it.
	if addrOf(b) != addrOf(blocks[2]) || !allAre(b, 0x5A) {
		t.Fatal("the block put back was not handed out again as it was")
	}
	blocks[2] = b
	for _, b := range blocks {
		if err := p.Put(b); err != nil {
			t.Fatal(err)
		}
	}
	if p.Available() != 4 {
		t.Fatalf("Available %d, want 4", p.Available())
	}
}

func TestPoolAsAllocator(t *testing.T) {
	p := checked(t, newPool(t, 4096, 8, poolOpts()...))
	if p.Align() != 4096 {
		t.Fatalf("Align %d, want 4096", p.Align())
	}
	if _, err := p.Alloc(4097, 8); !errors.Is(err, mem.ErrInvalidSize) || !strings.Contains(err.Error(), "4096-byte blocks") {
		t.Fatalf("Alloc larger than a block: %v", err)
	}
	if _, err := p.Alloc(64, 8192); !errors.Is(err, mem.ErrInvalidAlignment) {
		t.Fatalf("Alloc with alignment past the blocks': %v", err)
	}
	b := mustAlloc(t, p, 100, 4096)
	fill(b, 3)
	nb, err := p.Realloc(b, 4096, 64)
	if err != nil {
		t.Fatal(err)
	}
	if addrOf(nb) != addrOf(b) || !allAre(nb[:100], 3) || !allZero(nb[100:]) {
		t.Fatal("Realloc within the block lost data or did not zero the growth")
	}
	if _, err := p.Realloc(nb, 5000, 64); !errors.Is(err, mem.ErrInvalidSize) {
		t.Fatalf("Realloc past the block: %v", err)
	}
	if p.Allocated() != 4096 {
		t.Fatalf("Allocated %d, want 4096", p.Allocated())
	}
	mustFree(t, p, nb)
}

// TestPoolZeroedClearsReusedBlocks: with Zeroed, a block handed out again
// after a Put is zero, through Get, Alloc and the growth of a Realloc.
func TestPoolZeroedClearsReusedBlocks(t *testing.T) {
	p := checked(t, newPool(t, 1000, 1, append(poolOpts(), mem.Zeroed())...))
	b, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	fill(b, 0x77)
	if err := p.Put(b); err != nil {
		t.Fatal(err)
	}
	if b, err = p.Get(); err != nil || !allZero(b) {
		t.Fatalf("a reused block from Get is not zero (%v)", err)
	}
	fill(b, 0x77)
	mustFree(t, p, b)
	small := mustAlloc(t, p, 100, 8)
	if !allZero(small) {
		t.Fatal("a reused block from Alloc is not zero")
	}
	fill(small, 1)
	grown, err := p.Realloc(small, 1000, 8)
	if err != nil {
		t.Fatal(err)
	}
	if !allAre(grown[:100], 1) || !allZero(grown[100:]) {
		t.Fatal("Realloc's growth over old bytes is not zero")
	}
	mustFree(t, p, grown)
}

// TestPoolFragmentation checks the documented definition on hand-made
// patterns of free and used blocks.
func TestPoolFragmentation(t *testing.T) {
	p := checked(t, newPool(t, 64, 10, poolOpts()...))
	if f := p.Fragmentation(); f != 0 {
		t.Fatalf("all free: %v, want 0", f)
	}
	var blocks [][]byte
	for range 10 {
		b, err := p.Get()
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
	}
	if f := p.Fragmentation(); f != 0 {
		t.Fatalf("none free: %v, want 0", f)
	}
	put := func(idx ...int) {
		for _, i := range idx {
			if err := p.Put(blocks[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Free: 0 2 4 6 8 — a checkerboard, longest run 1 of 5.
	put(0, 2, 4, 6, 8)
	if f, want := p.Fragmentation(), 1-1.0/5; math.Abs(f-want) > 1e-12 {
		t.Fatalf("checkerboard: %v, want %v", f, want)
	}
	// Free: 0 2 4 5 6 7 8 — longest run 4..8 (5) of 7.
	put(5, 7)
	if f, want := p.Fragmentation(), 1-5.0/7; math.Abs(f-want) > 1e-12 {
		t.Fatalf("one gap filled: %v, want %v", f, want)
	}
	put(1, 3, 9)
	if f := p.Fragmentation(); f != 0 {
		t.Fatalf("all free again: %v, want 0", f)
	}
}

func TestPoolClose(t *testing.T) {
	p, err := mem.NewPool(256, 4, poolOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := p.Get(); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Get after Close: %v", err)
	}
	if err := p.Put(b); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Put after Close: %v", err)
	}
	if s := p.Stats(); s.Allocated != 0 || s.Live() != 0 {
		t.Fatalf("stats after Close: %v", s)
	}
}

func TestGuardedPoolFaultsAfterClose(t *testing.T) {
	if raceEnabled {
		t.Skip("guard mode uses mmap memory")
	}
	p, err := mem.NewPool(4096, 4, mem.Guard())
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	if faults(b, 0) {
		t.Fatal("a live block faulted")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if !faults(b, 0) {
		t.Fatal("a block of a closed guarded pool is still readable")
	}
}

func TestPoolAllocAllocatesNothingOnTheHeap(t *testing.T) {
	p, err := mem.NewPool(256, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	n := testing.AllocsPerRun(100, func() {
		b, err := p.Alloc(100, 8)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Free(b); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Fatalf("Pool.Alloc+Free made %v heap allocations per call, want 0", n)
	}
}
