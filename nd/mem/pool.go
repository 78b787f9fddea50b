package mem

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
)

// Pool hands out fixed-size blocks from one slab of memory (anonymous mmap,
// off the Go heap) with O(1) Get and Put: the free blocks' indices are kept
// on a stack, so a Get pops one and a Put pushes one back. Each block's
// state (free, in use and with which size) is recorded, so putting a block
// back twice, or putting back a slice the pool did not hand out (another
// allocator's, or an interior slice of a block), is an error that leaves the
// pool as it was. When every block is in use Get fails with an error
// wrapping ErrOutOfMemory.
//
// Blocks are laid out at a stride of the block size rounded up to a
// multiple of 64 bytes, from a page-aligned slab, so every block starts on a
// cache line (and at a larger power of two when the stride allows: see
// Align).
//
// Blocks are not cleared: a block never handed out before is zero (fresh
// memory), a block handed out again after a Put holds what its last user
// wrote, as with sync.Pool. The Zeroed option makes Get, Alloc and the
// growth of a Realloc return zeros: a block is then cleared when it is
// handed out again (on Get rather than on Put, so a bad Put never writes to
// memory someone else may hold), which for large blocks costs far more
// than the Get itself.
//
// A Pool is also an Allocator for sizes up to its block size: Alloc(size,
// align) takes one block and returns its first size bytes.
//
// Close takes every block back at once: arrays made on the pool are then
// invalid (the pool is Generational), and using them fails with an error
// wrapping ErrReleased that says the pool was closed.
//
// Put and Free identify a block by its address and length only: a stale
// slice of a block that was put back and handed out again is the new
// holder's block as far as the pool can tell, and putting it back frees
// that block (arrays never do this: nd frees a buffer once, and checks the
// generation first). Under Guard, freed blocks are quarantined: each is
// mapped PROT_NONE, and a block is handed out again only when no block
// that was never used or was freed earlier is left (a FIFO as deep as the
// pool). Until then a stale Put of it is ErrDoubleFree and a stale access
// faults. Guard rounds the stride up to whole pages.
//
// A Pool is safe for concurrent use. Get and Put each take one mutex for a
// few dozen instructions (clearing, under Zeroed, happens outside it).
// ARCHITECTURE.md says why it is built this way.
type Pool struct {
	mu        sync.Mutex
	slab      []byte         // nil once closed
	ptr       unsafe.Pointer // the slab's first byte, kept after Close
	base      uintptr        // ptr as an address
	blockSize int            // what Get returns
	stride    int            // blockSize rounded up to a multiple of 64
	shift     int            // log2(stride) when stride is a power of two, else -1
	align     int
	blocks    int
	free      []int32 // stack of free block indices; free[:top] are free
	top       int
	// used[i] is the size handed out in block i, 0 for a free block whose
	// memory is zero, and dirtyFree for a free block that may not be.
	used []int32
	// quarantine is the FIFO of blocks freed under Guard (PROT_NONE);
	// quarantine[qhead:] are waiting, oldest first.
	quarantine []int32
	qhead      int
	// committed is how much of the slab osmem counts as memory: the
	// blocks up to the highest handed out, in commitStep steps (all of it
	// when heap-backed).
	committed int
	// closed is set by Close under mu, and read without it by
	// CheckGeneration.
	closed atomic.Bool
	c      counters
	opt    options
}

// Block states in Pool.used besides a size in use.
const (
	dirtyFree   = -1 // free, may hold old data
	quarantined = -2 // freed under Guard, PROT_NONE until handed out again
)

// NewPool returns a pool of blocks blocks of blockSize bytes each. The slab
// is mapped at once (address space only: pages become resident when
// touched). blockSize must be at most 2^31-1.
func NewPool(blockSize, blocks int, opts ...Option) (*Pool, error) {
	o := buildOptions(opts)
	if blockSize <= 0 || blockSize > math.MaxInt32-63 {
		return nil, fmt.Errorf("%w: NewPool(%d, %d): block size must be in 1..%d", ErrInvalidSize, blockSize, blocks, math.MaxInt32-63)
	}
	page := osmem.PageSize()
	stride := (blockSize + 63) &^ 63
	if o.guard {
		stride = (blockSize + page - 1) &^ (page - 1)
	}
	if blocks <= 0 || blocks > math.MaxInt32 || blocks > math.MaxInt/stride {
		return nil, fmt.Errorf("%w: NewPool(%d, %d): the block count must be positive and the slab representable", ErrInvalidSize, blockSize, blocks)
	}
	if o.guard && o.heap {
		return nil, errors.New("mem: NewPool: Guard needs mmap memory and cannot be combined with HeapBacked")
	}
	p := &Pool{
		blockSize: blockSize,
		stride:    stride,
		shift:     -1,
		align:     min(1<<bits.TrailingZeros(uint(stride)), page),
		blocks:    blocks,
		top:       blocks,
		opt:       o,
	}
	if stride&(stride-1) == 0 {
		p.shift = bits.TrailingZeros(uint(stride))
	}
	size := stride * blocks
	if !o.heap {
		slab, err := mapSlab(size)
		switch {
		case errors.Is(err, osmem.ErrUnsupported) && !o.guard:
			p.opt.heap = true
		case err != nil:
			return nil, fmt.Errorf("%w: NewPool(%d, %d): slab of %d bytes: %w", ErrOutOfMemory, blockSize, blocks, size, err)
		default:
			p.slab = slab
		}
	}
	if p.opt.heap {
		backing, err := heapAlloc(size + page)
		if err != nil {
			return nil, fmt.Errorf("NewPool(%d, %d): %w", blockSize, blocks, err)
		}
		off := int(alignUp(addr(backing), uintptr(page)) - addr(backing))
		p.slab = backing[off : off+size : off+size]
		p.committed = size
	}
	p.ptr = unsafe.Pointer(unsafe.SliceData(p.slab))
	p.base = uintptr(p.ptr)
	p.free, p.used = make([]int32, blocks), make([]int32, blocks)
	// Pop order is ascending addresses: the first Get returns block 0.
	for i := range p.free {
		p.free[i] = int32(blocks - 1 - i)
	}
	return p, nil
}

// Get returns a block of BlockSize bytes. Its contents are unspecified
// (see Pool) unless the pool was made with Zeroed.
func (p *Pool) Get() ([]byte, error) {
	p.mu.Lock()
	i, dirty := p.take(p.blockSize)
	if i < 0 {
		err := p.takeErr("Get", p.blockSize)
		p.mu.Unlock()
		return nil, err
	}
	p.mu.Unlock()
	return p.block(i, p.blockSize, dirty), nil
}

// take pops a free block for a request of size bytes and returns its
// index, and whether it must be cleared before it is handed out; the index
// is -1 when no block can be taken (see takeErr). The caller holds p.mu.
func (p *Pool) take(size int) (i int, dirty bool) {
	switch {
	case p.top > 0:
		p.top--
		i = int(p.free[p.top])
	case p.qhead < len(p.quarantine): // empty once closed
		i = int(p.quarantine[p.qhead])
		p.qhead++
		if p.qhead == len(p.quarantine) {
			p.quarantine, p.qhead = p.quarantine[:0], 0
		}
		// Quarantined blocks were given back with DontNeed: they read as
		// zero once readable again. A failure leaves the block
		// inaccessible, so it is not handed out.
		if err := osmem.ProtectReadWrite(p.blockBytes(i)); err != nil {
			return -1, false
		}
		p.used[i] = 0
	default: // none left, or closed
		return -1, false
	}
	dirty = p.used[i] == dirtyFree && p.opt.zeroed
	if end := (i + 1) * p.stride; end > p.committed {
		p.commit(end)
	}
	p.used[i] = int32(size)
	p.c.alloc(size, p.stride)
	return i, dirty
}

// commit tells osmem that the slab is used up to end. The caller holds
// p.mu.
//
//go:noinline
func (p *Pool) commit(end int) {
	p.committed = min(int(alignUp(uintptr(end), commitStep)), len(p.slab))
	osmem.Commit(p.slab, int64(p.committed))
}

// blockBytes returns the whole stride of block i.
func (p *Pool) blockBytes(i int) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(p.ptr, i*p.stride)), p.stride)
}

// block returns the first size bytes of block i, cleared first when dirty.
// The caller has just taken the block, which no one else can then touch,
// and ptr never changes, so no lock is needed.
func (p *Pool) block(i, size int, dirty bool) []byte {
	b := unsafe.Slice((*byte)(unsafe.Add(p.ptr, i*p.stride)), size)
	if dirty {
		clear(b)
	}
	TraceAlloc(p, b, p.stride)
	return b
}

// takeErr counts a failed take and says why it failed. The caller holds
// p.mu.
func (p *Pool) takeErr(op string, size int) error {
	p.c.s.Failed++
	if p.closed.Load() {
		return fmt.Errorf("%w: Pool.%s: pool was closed", ErrReleased, op)
	}
	return fmt.Errorf("%w: Pool.%s(%d): all %d blocks of %d bytes are in use", ErrOutOfMemory, op, size, p.blocks, p.blockSize)
}

// Put gives a block back. A slice the pool did not hand out, an interior
// slice of a block, or a block already put back is an error and changes
// nothing. A stale slice of a block that has since been handed out again
// cannot be told from the new holder's (see Pool; Guard delays reuse so
// that it can).
func (p *Pool) Put(b []byte) error {
	i := p.index(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.live(i, b) {
		return p.lookupErr("Put", b, i)
	}
	if p.opt.guard {
		blk := p.blockBytes(i)
		if err := osmem.Quarantine(blk); err != nil {
			return fmt.Errorf("mem: Pool.Put: quarantining block %d: %w", i, err)
		}
		p.used[i] = quarantined
		p.quarantine = append(p.quarantine, int32(i))
	} else {
		p.used[i] = dirtyFree
		p.free[p.top] = int32(i)
		p.top++
	}
	p.c.free(cap(b), p.stride)
	TraceFree(p, b)
	return nil
}

// index returns the index of the block b starts at, or -1 when b does not
// start at a block of this pool (or has no capacity). It reads only what
// never changes, so it needs no lock.
func (p *Pool) index(b []byte) int {
	a := addr(b)
	rel := a - p.base
	var i uintptr
	if p.shift >= 0 {
		i = rel >> p.shift
	} else {
		i = rel / uintptr(p.stride)
	}
	if a < p.base || i >= uintptr(p.blocks) || i*uintptr(p.stride) != rel {
		return -1
	}
	return int(i)
}

// live reports whether b, which starts at block i (see index), is that
// block as handed out and not yet given back. The caller holds p.mu.
func (p *Pool) live(i int, b []byte) bool {
	return i >= 0 && !p.closed.Load() && int(p.used[i]) == cap(b)
}

// lookupErr says why b, which starts at block i (see index), is not a live
// block. The caller holds p.mu.
func (p *Pool) lookupErr(op string, b []byte, i int) error {
	a, n := addr(b), cap(b)
	switch {
	case p.closed.Load():
		return fmt.Errorf("%w: Pool.%s: pool was closed", ErrReleased, op)
	case i < 0:
		return fmt.Errorf("%w: Pool.%s: %d bytes at %#x are not a block of this pool", ErrForeign, op, n, a)
	case p.used[i] == quarantined:
		return fmt.Errorf("%w: Pool.%s: block %d was freed and is quarantined (Guard)", ErrDoubleFree, op, i)
	case p.used[i] <= 0:
		return fmt.Errorf("%w: Pool.%s: block %d is not in use", ErrDoubleFree, op, i)
	}
	return fmt.Errorf("%w: Pool.%s: block %d was handed out with %d bytes, this slice has capacity %d", ErrForeign, op, i, p.used[i], n)
}

// Alloc takes a block and returns its first size bytes (contents as Get's).
// size must be at most BlockSize and align at most Align.
func (p *Pool) Alloc(size, align int) ([]byte, error) {
	err := p.checkFits("Alloc", size, align)
	p.mu.Lock()
	if err != nil {
		p.c.s.Failed++
		p.mu.Unlock()
		return nil, err
	}
	i, dirty := p.take(size)
	if i < 0 {
		err := p.takeErr("Alloc", size)
		p.mu.Unlock()
		return nil, err
	}
	p.mu.Unlock()
	return p.block(i, size, dirty), nil
}

func (p *Pool) checkFits(op string, size, align int) error {
	if err := CheckRequest("Pool", op, size, align); err != nil {
		return err
	}
	if size > p.blockSize {
		return fmt.Errorf("%w: Pool.%s(%d): larger than the pool's %d-byte blocks", ErrInvalidSize, op, size, p.blockSize)
	}
	if align > p.align {
		return fmt.Errorf("%w: Pool.%s(%d, align %d): the pool's blocks are aligned to %d", ErrInvalidAlignment, op, size, align, p.align)
	}
	return nil
}

// Free is Put: it gives back a block from Alloc, Get or Realloc.
func (p *Pool) Free(b []byte) error { return p.Put(b) }

// Realloc resizes b within its block (newSize at most BlockSize, align at
// most Align), keeping its first min(len(b), newSize) bytes; bytes past the
// old length are unspecified (what the block held) unless the pool was
// made with Zeroed. An empty b makes Realloc an Alloc.
func (p *Pool) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return p.Alloc(newSize, align)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.checkFits("Realloc", newSize, align); err != nil {
		p.c.s.Failed++
		return nil, err
	}
	i := p.index(b)
	if !p.live(i, b) {
		p.c.s.Failed++
		return nil, p.lookupErr("Realloc", b, i)
	}
	n, off := cap(b), i*p.stride
	if newSize > n && p.opt.zeroed {
		clear(p.slab[off+n : off+newSize])
	}
	p.used[i] = int32(newSize)
	p.c.resize(n, newSize, p.stride, p.stride)
	TraceRealloc(p, b, p.slab[off:off+newSize], p.stride)
	return p.slab[off : off+newSize : off+newSize], nil
}

// Fragmentation measures how scattered the free blocks are:
//
//	1 - (longest run of adjacent free blocks) / (number of free blocks)
//
// computed from the pool's block records at the moment of the call, under
// the pool's lock, so it is a consistent snapshot (Gets and Puts wait for
// the pass). It is 0 when the free blocks are one contiguous run (all of them free
// included) or none is free, and approaches 1 as they are scattered one by
// one between blocks in use (a checkerboard of 2n blocks gives 1 - 1/n). It
// tells how much of the free memory could serve a request for several
// adjacent blocks. It costs one pass over the block records.
func (p *Pool) Fragmentation() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	free := p.freeBlocks()
	if free == 0 {
		return 0
	}
	longest, run := 0, 0
	for _, u := range p.used {
		if u <= 0 {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return 1 - float64(longest)/float64(free)
}

// BlockSize returns the size of the blocks Get returns.
func (p *Pool) BlockSize() int { return p.blockSize }

// Align returns the alignment every block's address has: the largest power
// of two dividing the stride (BlockSize rounded up to 64), at most a page.
func (p *Pool) Align() int { return p.align }

// Available returns how many blocks Get can still hand out.
func (p *Pool) Available() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed.Load() {
		return 0
	}
	return p.freeBlocks()
}

// freeBlocks counts the blocks that can be handed out: on the free stack
// and in quarantine. The caller holds p.mu.
func (p *Pool) freeBlocks() int { return p.top + len(p.quarantine) - p.qhead }

// Close gives the slab back to the OS (PROT_NONE under Guard) and
// invalidates every block handed out: arrays made on the pool report
// ErrReleased ("pool was closed") from then on, and later Gets fail with an
// error wrapping ErrReleased. Close must not race with a Get or Alloc
// (under Zeroed, one may be clearing its block outside the lock). Close is
// idempotent.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed.Load() {
		return nil
	}
	p.closed.Store(true)
	p.top = 0 // take fails from now on
	p.quarantine, p.qhead = nil, 0
	p.c.dropAll()
	TraceReset(p)
	slab := p.slab
	p.slab = nil
	switch {
	case p.opt.heap:
		return nil
	case p.opt.guard:
		return osmem.Retire(slab)
	}
	return osmem.Unmap(slab)
}

// Generation returns the pool's generation: 0 while it is open, 1 once it
// is closed. See Generational.
func (p *Pool) Generation() uint64 {
	if p.closed.Load() {
		return 1
	}
	return 0
}

// CheckGeneration returns nil while memory from generation gen is valid,
// and an error wrapping ErrReleased once the pool was closed.
func (p *Pool) CheckGeneration(gen uint64) error {
	if gen == 0 && !p.closed.Load() {
		return nil
	}
	return fmt.Errorf("%w: pool was closed", ErrReleased)
}

// Allocated returns the requested bytes live now.
func (p *Pool) Allocated() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.c.s.Allocated
}

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (p *Pool) Peak() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.c.s.Peak
}

// ResetPeak sets Peak to the current Allocated.
func (p *Pool) ResetPeak() {
	p.mu.Lock()
	p.c.resetPeak()
	p.mu.Unlock()
}

// Stats returns a snapshot of the accounting. Reserved counts whole blocks
// (the stride) for every block in use; Capacity is Blocks × BlockSize.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.c.s
	s.Capacity = int64(p.blocks) * int64(p.blockSize)
	return s
}
