package mem

import (
	"fmt"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/internal/sysmem"
)

// System is the Go-heap allocator: buffers come from the Go runtime's
// allocator, as make's do, so the garbage collector, the race detector and
// checkptr see them. Every power-of-two
// alignment is honoured on the address (the buffer is cut from a slightly
// larger one), and every live buffer is tracked by its address, so the
// counters are exact and a foreign buffer, an interior slice or a double
// Free is reported instead of corrupting them.
//
// Large buffers are reused. Free remembers a buffer of RecycleMin bytes or
// more (backing, alignment slack included) by weak pointer, so it stays
// garbage to the collector, which frees it as it would have anyway; until
// it does, Alloc of a size that fits (the same to 1/8 smaller) takes it
// back instead of asking the runtime for new memory, which would cost page
// faults on fresh memory, as much as the work most results are made for.
// When none fits (the collector has freed them), a buffer of RecycleMin
// bytes or more is taken from the runtime without its clear: a span the
// collector took back would otherwise be cleared in full (faulting in
// again any page given back to the kernel) before the caller writes it
// anyway. Alloc's memory is therefore zero below
// RecycleMin (make's) and, from RecycleMin, whatever the memory held, as
// the Allocator contract allows; AllocZeroed (what nd.Zeros asks for)
// always returns zeros, and the growth of a Realloc is zero. As with Arena
// and Pool, a stale copy of a freed large buffer that
// coincides with the buffer handed out again (same address and length)
// frees that buffer; arrays never free that way (nd checks first).
//
// Buffers of 4 MiB or more (alignment slack included) ask the kernel for
// transparent huge pages (MADV_HUGEPAGE, where huge pages are honoured), as
// NumPy's data buffers do from the same size: their first touch faults in
// 2 MiB at a time instead of 4 KiB, and a pass over them misses the TLB
// less. The advice stays on that range of the heap after the buffer is
// gone (see ARCHITECTURE.md, "System").
//
// A request the machine cannot serve now fails with an error wrapping
// ErrOutOfMemory instead of ending the program as an oversized make does:
// Alloc and Realloc of LimitCheckMin bytes or more (alignment slack
// included: a buffer aligned to align is cut from size+align-1 bytes)
// first read the limits that bind the process (MemAvailable from
// /proc/meminfo, the memory.max
// and memory.high of its cgroup and every ancestor, or cgroup v1's
// memory.limit_in_bytes, and GOMEMLIMIT less what the Go runtime already
// uses) and refuse a request larger than what is left under the tightest,
// naming it. Smaller requests are not checked (reading the limits would
// cost more than the allocation); the Go runtime serves or fails them.
//
// System is safe for concurrent use; live buffers are kept in sharded maps
// so that goroutines freeing different buffers rarely contend.
type System struct {
	shards [systemShards]systemShard
	bin    recycleBin

	allocated, peak, reserved, total atomic.Int64
	allocs, frees, reallocs, failed  atomic.Int64
}

const systemShards = 16

type systemShard struct {
	mu   sync.Mutex
	live map[uintptr]systemBlock
	// freed remembers the buffers Free took back while their memory is
	// still reachable (the caller may still hold them), so a second Free is
	// told apart from a foreign buffer. Entries whose memory the GC has
	// collected are pruned as the map grows.
	freed   map[uintptr]weak.Pointer[byte]
	pruneAt int
	_       [64]byte // keeps neighbouring shards off one cache line
}

type systemBlock struct {
	backing []byte // what make returned; keeps the memory alive
	size    int
}

// minBacking keeps backing arrays out of the runtime's tiny-object
// allocator, whose objects share memory (and so weak pointers) with others.
const minBacking = 16

// LimitCheckMin is the request size from which System checks the memory
// limits before it allocates (see System). Reading them takes a few dozen
// system calls, a fraction of a millisecond; faulting in or clearing
// 16 MiB costs milliseconds.
const LimitCheckMin = 16 << 20

// limitsRoot is the directory that stands for "/" when System reads the
// memory limits; tests point it at a fake tree.
var limitsRoot = "/"

// checkAvailable refuses a request of size bytes aligned to align, for
// which n bytes are to be made, when n is larger than what the process's
// tightest memory limit leaves.
func checkAvailable(op string, size, align, n int) error {
	if n < LimitCheckMin {
		return nil
	}
	l, err := sysmem.Read(limitsRoot)
	if err != nil {
		return nil // unreadable limits: the runtime decides, as for small requests
	}
	avail, bound := l.Available()
	if int64(n) <= avail {
		return nil
	}
	if n > size+minBacking {
		return fmt.Errorf("%w: System.%s(%d, align %d): %d bytes with the alignment slack, only %d are available (limit: %s)", ErrOutOfMemory, op, size, align, n, avail, bound)
	}
	return fmt.Errorf("%w: System.%s(%d): only %d bytes are available (limit: %s)", ErrOutOfMemory, op, size, avail, bound)
}

// unclearedHeap is where System takes buffers without the runtime's clear
// (heapAllocUncleared); tests make it hand out written memory.
var unclearedHeap = heapAllocUncleared

// Default is the allocator used when none is given.
var Default = NewSystem()

// NewSystem returns a new, empty Go-heap allocator.
func NewSystem() *System {
	s := &System{}
	for i := range s.shards {
		s.shards[i].live = make(map[uintptr]systemBlock)
		s.shards[i].freed = make(map[uintptr]weak.Pointer[byte])
		s.shards[i].pruneAt = 1024
	}
	return s
}

func (s *System) shard(p uintptr) *systemShard {
	h := (p >> 6) ^ (p >> 12) ^ (p >> 20)
	return &s.shards[h%systemShards]
}

// Alloc returns size bytes whose address is a multiple of align: zeros
// below RecycleMin bytes (backing included); from there, whatever the
// memory held: what was written to a buffer Free took back, or to memory
// the collector freed (ask AllocZeroed for zeros).
func (s *System) Alloc(size, align int) ([]byte, error) { return s.allocCounted(size, align, reuse) }

// AllocZeroed is Alloc with every byte zero, at the lowest cost: a buffer
// of 4 MiB or more, reused or new, is given back to the kernel to fault in
// as fresh zeroed (huge) pages on its next touch, as calloc's are, where
// transparent huge pages are honoured; below that size, or where they are
// not, a reused buffer is cleared and a new one comes from make, which
// clears only memory that is not fresh from the kernel.
func (s *System) AllocZeroed(size, align int) ([]byte, error) {
	return s.allocCounted(size, align, reuseZeroed)
}

// reuseMode says whether alloc may take a freed buffer back and whether
// it must then be zeroed.
type reuseMode int

const (
	fresh       reuseMode = iota // from make only (Realloc: its growth must be zero)
	reuse                        // a freed buffer as it is
	reuseZeroed                  // a freed buffer, zeroed
)

// allocCounted is Alloc and AllocZeroed: alloc and the counters.
func (s *System) allocCounted(size, align int, mode reuseMode) ([]byte, error) {
	b, reserved, err := s.alloc("Alloc", size, align, mode)
	if err != nil {
		s.failed.Add(1)
		return nil, err
	}
	s.allocs.Add(1)
	s.total.Add(int64(size))
	s.grow(int64(size))
	TraceAlloc(s, b, reserved)
	return b, nil
}

func (s *System) alloc(op string, size, align int, mode reuseMode) (b []byte, reserved int, err error) {
	if err := CheckRequest("System", op, size, align); err != nil {
		return nil, 0, err
	}
	// The buffer is cut from a larger one: the limits bind that one's
	// length, alignment slack included (size+align-1 cannot overflow:
	// both are at most MaxSize).
	n := max(size+align-1, minBacking)
	var backing []byte
	if mode != fresh {
		backing = s.bin.take(n)
	}
	if backing == nil {
		if err := checkAvailable(op, size, align, n); err != nil {
			return nil, 0, err
		}
		// A large buffer skips the runtime's clear of a span the
		// collector took back: Alloc's holds what was there, as a reused
		// buffer does, and AllocZeroed's is zeroed below by giving its
		// pages back, which costs next to nothing on memory fresh from
		// the kernel. Every other buffer comes from make, which clears
		// only such a span.
		if mode == reuse && n >= RecycleMin || mode == reuseZeroed && osmem.HugeAdvisable(size) {
			backing = unclearedHeap(n)
		} else {
			if backing, err = heapAlloc(n); err != nil {
				return nil, 0, fmt.Errorf("System.%s(%d, align %d): %w", op, size, align, err)
			}
			mode = fresh
		}
		if mode != reuseZeroed { // zeroRecycled's Discard advises b itself
			osmem.AdviseHuge(backing) // advice: 4 KiB pages serve without it
		}
	}
	off := int(alignUp(addr(backing), uintptr(align)) - addr(backing))
	b = backing[off : off+size : off+size]
	if mode == reuseZeroed {
		zeroRecycled(b)
	}
	p := addr(b)
	sh := s.shard(p)
	sh.mu.Lock()
	sh.live[p] = systemBlock{backing: backing, size: size}
	delete(sh.freed, p)
	sh.mu.Unlock()
	s.reserved.Add(int64(len(backing)))
	return b, len(backing), nil
}

// grow adds n bytes to Allocated and raises Peak if needed.
func (s *System) grow(n int64) { storeMax(&s.peak, s.allocated.Add(n)) }

// Free gives back a buffer Alloc or Realloc returned. A buffer from
// elsewhere, a slice of one that does not start at its first byte or has
// another capacity, is ErrForeign; a buffer given back twice is
// ErrDoubleFree. Neither changes the counters.
func (s *System) Free(b []byte) error {
	size, err := s.free("Free", b)
	if err != nil {
		return err
	}
	s.frees.Add(1)
	s.allocated.Add(-int64(size))
	TraceFree(s, b)
	return nil
}

func (s *System) free(op string, b []byte) (int, error) {
	p := addr(b)
	if p == 0 {
		return 0, fmt.Errorf("%w: System.%s of a buffer with no capacity", ErrForeign, op)
	}
	sh := s.shard(p)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	blk, ok := sh.live[p]
	if !ok {
		if wp, ok := sh.freed[p]; ok && wp.Value() != nil {
			return 0, fmt.Errorf("%w: System.%s of %d bytes at %#x", ErrDoubleFree, op, cap(b), p)
		}
		return 0, fmt.Errorf("%w: System.%s: no live buffer starts at %#x", ErrForeign, op, p)
	}
	if cap(b) != blk.size {
		return 0, fmt.Errorf("%w: System.%s: buffer at %#x has capacity %d, the allocation has %d", ErrForeign, op, p, cap(b), blk.size)
	}
	delete(sh.live, p)
	sh.freed[p] = weak.Make(&blk.backing[0])
	if len(sh.freed) >= sh.pruneAt {
		for k, wp := range sh.freed {
			if wp.Value() == nil {
				delete(sh.freed, k)
			}
		}
		sh.pruneAt = max(1024, 2*len(sh.freed))
	}
	s.reserved.Add(-int64(len(blk.backing)))
	s.bin.put(blk.backing)
	return blk.size, nil
}

// live reports whether b is a live buffer of s.
func (s *System) live(b []byte) bool {
	p := addr(b)
	sh := s.shard(p)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	blk, ok := sh.live[p]
	return ok && blk.size == cap(b)
}

// Realloc resizes b to newSize bytes aligned to align, keeping its first
// min(len(b), newSize) bytes; bytes past the old length are zero.
// Shrinking an aligned buffer is done in place; growing copies to a new
// buffer. An empty b makes Realloc an Alloc. It
// counts as one Realloc; TotalAllocated grows by newSize.
func (s *System) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return s.Alloc(newSize, align)
	}
	if err := CheckRequest("System", "Realloc", newSize, align); err != nil {
		s.failed.Add(1)
		return nil, err
	}
	oldSize := cap(b)
	p := addr(b)
	if newSize <= oldSize && p%uintptr(align) == 0 {
		sh := s.shard(p)
		sh.mu.Lock()
		blk, ok := sh.live[p]
		shrunk := ok && blk.size == oldSize
		if shrunk {
			blk.size = newSize
			sh.live[p] = blk
		}
		sh.mu.Unlock()
		if shrunk {
			s.reallocs.Add(1)
			s.total.Add(int64(newSize))
			s.allocated.Add(int64(newSize - oldSize))
			TraceRealloc(s, b, b[:newSize:newSize], len(blk.backing))
			return b[:newSize:newSize], nil
		}
	}
	nb, reserved, err := s.alloc("Realloc", newSize, align, fresh)
	if err != nil {
		s.failed.Add(1)
		return nil, err
	}
	copy(nb, b[:oldSize])
	if _, err := s.free("Realloc", b); err != nil {
		// Undo the new buffer; the old one was not ours.
		s.free("Realloc", nb)
		s.failed.Add(1)
		return nil, err
	}
	s.reallocs.Add(1)
	s.total.Add(int64(newSize))
	s.grow(int64(newSize - oldSize))
	TraceRealloc(s, b, nb, reserved)
	return nb, nil
}

// Allocated returns the requested bytes live now.
func (s *System) Allocated() int64 { return s.allocated.Load() }

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (s *System) Peak() int64 { return s.peak.Load() }

// ResetPeak sets Peak to the current Allocated.
func (s *System) ResetPeak() { s.peak.Store(s.allocated.Load()) }

// Stats returns a snapshot of the accounting. Reserved counts the whole
// backing arrays, alignment slack included. Under concurrent use the fields
// are each exact but may be read at slightly different moments.
func (s *System) Stats() Stats {
	return Stats{
		Allocated:      s.allocated.Load(),
		Peak:           s.peak.Load(),
		Reserved:       s.reserved.Load(),
		TotalAllocated: s.total.Load(),
		Allocs:         s.allocs.Load(),
		Frees:          s.frees.Load(),
		Reallocs:       s.reallocs.Load(),
		Failed:         s.failed.Load(),
	}
}
