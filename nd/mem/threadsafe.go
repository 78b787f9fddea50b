package mem

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
)

// ThreadSafe is a general-purpose off-heap allocator that scales with
// cores, after tcmalloc's design: requests up to 256 KiB are served from
// size classes (four per doubling, so a block wastes at most a fifth of
// itself), each goroutine through a cache owned by the P it runs on, and
// larger requests get a mapping of their own that goes back to the OS on
// Free. Its name is the guide's (ThreadSafeAllocator); every numgo
// allocator is safe for concurrent use, and this is the one that scales
// across goroutines without a shared lock.
//
//	ts := mem.NewThreadSafe()
//	defer ts.Close()
//	b, err := ts.Alloc(4096, 64) // from any goroutine; free it from any other
//
// Blocks are cut from 1 MiB chunks of anonymous memory (the shared backing
// store, one free list per size class behind its own lock). Each P keeps a
// small stack of free blocks per class; Alloc pops from the stack of the P
// it runs on and Free pushes onto it, pinned to the P as sync.Pool is: no
// lock and no atomic read-modify-write (while a Profile listens, Free marks
// the block free with a compare-and-swap before telling it). Two Frees of
// one buffer racing each other on two goroutines are a data race in the
// caller, as two concurrent writes to the buffer are; one after the other,
// the second is reported.
// A buffer freed on another goroutine than the one that allocated it goes
// to the freeing P's stack; a stack that runs empty takes a batch from the
// class's free list and one that overflows gives half of itself back, so
// the shared locks are taken once per batch, never per call.
//
// Every block's size is recorded in its chunk, found from the address in
// O(1), so Free and Realloc tell a live block from a foreign buffer, an
// interior slice or a block freed twice (ErrForeign, ErrDoubleFree) and
// change nothing then. Memory handed out is not cleared: fresh blocks
// read as zero, reused ones hold what was written there before.
//
// The counters are kept per P and summed by Stats, so they cost no shared
// cache line: every field is exact once the calls it counts have returned.
// Peak is exact too whenever the calls do not overlap in time; a call
// that may raise it sums the shards under a lock (each P holds a budget up
// to which it cannot reach a new peak, which keeps that rare), so under
// concurrent calls it can miss bytes allocated at that very moment on
// other Ps.
//
// Free blocks are kept for reuse, not returned to the OS, until Close,
// which gives every chunk back at once and invalidates everything handed
// out (see Generational). A large buffer goes back to the OS at its Free:
// as with any memory given back, drop every slice of a buffer once it is
// freed. Close must not run concurrently with other
// calls. Apart from that a ThreadSafe is safe for concurrent use. Make one
// with NewThreadSafe; the zero value is not ready for use.
type ThreadSafe struct {
	shards  atomic.Pointer[[]*tsShard] // one per P, grown when GOMAXPROCS grows
	growMu  sync.Mutex
	central [tsClasses]tsCentral

	largeMu sync.Mutex
	large   map[uintptr]*tsChunk // live large mappings
	largeC  tsCounts             // their counters, under largeMu

	peakMu  sync.Mutex
	peak    atomic.Int64
	dropped int64 // buffers counted as freed by Close, under peakMu

	state atomic.Uint64 // gen<<1 | released

	id       uint64    // tells this allocator's chunks in the page map
	owner    Allocator // what the allocation hook is told owns the memory
	pad      int       // bytes reserved past the end of every buffer
	hugeFrom int       // large mappings of at least this many bytes ask for huge pages (0: none)
}

// tsCounts is a shard's accounting. Allocated and Reserved of one shard
// can go negative (buffers allocated elsewhere freed here); the sums are
// what Stats reports.
type tsCounts struct {
	allocated, reserved, total     int64
	allocs, frees, reallocs, fails int64
}

func (c *tsCounts) add(o tsCounts) {
	c.allocated += o.allocated
	c.reserved += o.reserved
	c.total += o.total
	c.allocs += o.allocs
	c.frees += o.frees
	c.reallocs += o.reallocs
	c.fails += o.fails
}

// tsShard is one P's cache and counters.
type tsShard struct {
	_     [64]byte // keeps neighbouring shards off one cache line
	mu    sync.Mutex
	cache [tsClasses]tsStack
	tsCounts
	budget int64 // this shard's Allocated may grow to it without a peak check
	_      [64]byte
}

// tsStack is a P's stack of free blocks of one class.
type tsStack struct {
	n   int
	buf []tsFree
}

// tsFree is a free block on a P's stack: its first byte and its size
// record, so that Alloc needs no lookup.
type tsFree struct {
	p   unsafe.Pointer // off the Go heap: the collector ignores it
	rec *uint32
}

// tsCentral is one size class's shared free list and the chunk blocks
// are being cut from.
type tsCentral struct {
	mu     sync.Mutex
	free   []uintptr
	chunks []*tsChunk
	next   uintptr // offset of the next uncut block in the last chunk
	carved int64   // bytes of blocks cut from chunks
	_      [64]byte
}

// tsChunk is a 1 MiB chunk of one size class, or one large mapping.
type tsChunk struct {
	owner uint64 // the id of the ThreadSafe it belongs to (not a pointer: a tombstone must not keep its allocator alive)
	mem   []byte
	base  uintptr
	class int         // -1 for a large mapping
	div   uint64      // 2^32/stride rounded up: index = off*div>>32 for multiples of stride
	sizes []uint32    // size handed out in each block, 0 when free
	size  int         // a large mapping's requested size
	freed atomic.Bool // a large mapping given back (kept in the page map to tell double frees)
	heap  bool        // cut from the Go heap: no mmap on this OS
}

const (
	tsChunkShift = 20
	tsChunkSize  = 1 << tsChunkShift
	tsMaxSmall   = 256 << 10
	tsClasses    = 52
	tsMaxBatch   = 64
)

// tsClassSize is the stride of each size class: 16, 32, 48, 64 and then
// four per doubling up to 256 KiB (80, 96, 112, 128, 160, ...).
var tsClassSize = func() (s [tsClasses]uintptr) {
	i := 0
	for _, v := range []uintptr{16, 32, 48, 64} {
		s[i] = v
		i++
	}
	for p := uintptr(64); p < tsMaxSmall; p *= 2 {
		for q := uintptr(1); q <= 4; q++ {
			s[i] = p + q*p/4
			i++
		}
	}
	return s
}()

// tsClass returns the smallest class whose blocks hold size bytes at an
// address that is a multiple of align, or -1 when the request is large.
// Blocks of a class are aligned to the largest power of two dividing its
// stride (chunks are 1 MiB aligned).
func tsClass(size, align int) int {
	if size > tsMaxSmall || align > tsMaxSmall {
		return -1
	}
	var c int
	if size <= 64 {
		c = (size+15)>>4 - 1
	} else {
		l := bits.Len(uint(size - 1)) // 2^(l-1) < size <= 2^l
		p := 1 << (l - 1)
		c = 3 + (l-7)*4 + (size-p+p/4-1)>>(l-3) // quarters of p above p
	}
	for tsClassSize[c]&uintptr(align-1) != 0 {
		c++
	}
	return c
}

// tsCacheCap is how many free blocks of a class a P keeps: up to 256 KiB
// of them, between 8 and 128 blocks.
func tsCacheCap(c int) int { return min(max(int(256<<10/tsClassSize[c]), 8), 2*tsMaxBatch) }

// NewThreadSafe returns an empty ThreadSafe allocator with one cache per
// P (more are added if GOMAXPROCS grows). It maps nothing until the first
// Alloc.
func NewThreadSafe() *ThreadSafe {
	t := newThreadSafe(0, 0)
	t.owner = t
	return t
}

func newThreadSafe(pad, hugeFrom int) *ThreadSafe {
	t := &ThreadSafe{id: tsIDs.Add(1), large: make(map[uintptr]*tsChunk), pad: pad, hugeFrom: hugeFrom}
	t.shards.Store(new([]*tsShard))
	t.growShards(runtime.GOMAXPROCS(0))
	return t
}

// growShards makes sure there are at least n shards. Shards are only ever
// added: a reader of the list sees every shard that existed when it read it.
func (t *ThreadSafe) growShards(n int) {
	t.growMu.Lock()
	defer t.growMu.Unlock()
	old := *t.shards.Load()
	if len(old) >= n {
		return
	}
	next := append(make([]*tsShard, 0, n), old...)
	for len(next) < n {
		s := &tsShard{}
		for c := range s.cache {
			s.cache[c].buf = make([]tsFree, tsCacheCap(c))
		}
		next = append(next, s)
	}
	t.shards.Store(&next)
}

// tsIDs numbers ThreadSafe allocators from 1 (0 is none, see holderOf).
var tsIDs atomic.Uint64

// The page map finds the chunk an address belongs to in two loads: one
// entry per 1 MiB of the 48-bit address space, in pages of 2^14 entries
// made on first use, shared by every ThreadSafe in the process.
const (
	pmL2Bits = 14
	pmL1Bits = 48 - tsChunkShift - pmL2Bits
)

type pmPage [1 << pmL2Bits]atomic.Pointer[tsChunk]

var (
	pageMap   [1 << pmL1Bits]atomic.Pointer[pmPage]
	pageMapMu sync.Mutex
)

// chunkAt returns the chunk registered for the 1 MiB slot of p, or nil.
func chunkAt(p uintptr) *tsChunk {
	k := p >> tsChunkShift
	if k>>(pmL1Bits+pmL2Bits) != 0 {
		return nil
	}
	pg := pageMap[k>>pmL2Bits].Load()
	if pg == nil {
		return nil
	}
	return pg[k&(1<<pmL2Bits-1)].Load()
}

// setChunk registers c (nil to clear) for the slot of p; it reports false
// for an address beyond 48 bits, which the map does not cover.
func setChunk(p uintptr, c *tsChunk) bool {
	k := p >> tsChunkShift
	if k>>(pmL1Bits+pmL2Bits) != 0 {
		return false
	}
	pg := pageMap[k>>pmL2Bits].Load()
	if pg == nil {
		pageMapMu.Lock()
		if pg = pageMap[k>>pmL2Bits].Load(); pg == nil {
			pg = new(pmPage)
			pageMap[k>>pmL2Bits].Store(pg)
		}
		pageMapMu.Unlock()
	}
	pg[k&(1<<pmL2Bits-1)].Store(c)
	return true
}

// unsetChunk clears the slot of c if c still holds it.
func unsetChunk(c *tsChunk) {
	k := c.base >> tsChunkShift
	if pg := pageMap[k>>pmL2Bits].Load(); pg != nil {
		pg[k&(1<<pmL2Bits-1)].CompareAndSwap(c, nil)
	}
}

// holderOf returns the id of the ThreadSafe whose small chunk holds p or
// whose live large buffer starts at p, and 0 when none does. A large
// chunk's slot may hold other memory past its end, and a freed one is a
// tombstone whose addresses may since have gone to the heap.
func holderOf(p uintptr) uint64 {
	if ch := chunkAt(p); ch != nil && (ch.class >= 0 || ch.base == p && !ch.freed.Load()) {
		return ch.owner
	}
	return 0
}

// freedLarge reports whether p starts a large buffer of t that was freed
// and whose page-map slot still holds its tombstone.
func (t *ThreadSafe) freedLarge(p uintptr) bool {
	ch := chunkAt(p)
	return ch != nil && ch.owner == t.id && ch.class < 0 && ch.base == p && ch.freed.Load()
}

// mapChunk maps size bytes aligned to align and registers them as a chunk.
// Where the OS offers no mmap the chunk is cut from the Go heap (which
// never moves it), and given back to the collector instead of the OS.
func (t *ThreadSafe) mapChunk(size, align, class int) (*tsChunk, error) {
	m, err := osmem.MapAligned(size, align)
	heap := errors.Is(err, osmem.ErrUnsupported)
	if heap {
		var backing []byte
		if backing, err = heapAlloc(size + align); err == nil {
			off := int(alignUp(addr(backing), uintptr(align)) - addr(backing))
			m = backing[off : off+size : off+size]
		}
	}
	if err != nil {
		return nil, err
	}
	c := &tsChunk{owner: t.id, mem: m, base: addr(m), class: class, heap: heap}
	if class >= 0 {
		stride := tsClassSize[class]
		c.div = (1<<32 + uint64(stride) - 1) / uint64(stride)
		c.sizes = make([]uint32, tsChunkSize/stride)
	} else if t.hugeFrom > 0 && size >= t.hugeFrom {
		_ = osmem.HugePages(m) // advice: without huge pages, 4 KiB pages serve
	}
	if !setChunk(c.base, c) {
		_ = c.unmap()
		return nil, fmt.Errorf("mapping at %#x is beyond the 48-bit address space the page map covers", c.base)
	}
	return c, nil
}

// unmap gives the chunk's memory back to the OS (or the collector).
//
// It drops the chunk's slice of the memory first: a pointer into memory
// given back to the OS must not stay where the collector scans, as the
// addresses may later belong to the Go heap, whose collector rejects
// pointers into its free pages. The caller makes sure no one else is
// using the chunk.
func (c *tsChunk) unmap() error {
	m := c.mem
	c.mem = nil
	if c.heap {
		return nil
	}
	return osmem.UnmapAligned(m)
}

// index returns the block of a small chunk that starts at p, if one does.
func (c *tsChunk) index(p uintptr) (int, bool) {
	off := p - c.base
	if off >= tsChunkSize {
		return 0, false
	}
	i := uintptr(uint64(off) * c.div >> 32)
	return int(i), i*tsClassSize[c.class] == off
}

// Alloc returns size bytes whose address is a multiple of align. Their
// contents are unspecified: fresh blocks are zero, reused ones are not.
func (t *ThreadSafe) Alloc(size, align int) ([]byte, error) {
	b, _, err := t.alloc("Alloc", size, align, true)
	return b, err
}

// alloc is Alloc, telling the hook when trace is set; it also returns the
// bytes reserved. Its fast path pops a block from the stack of the P it
// runs on; an empty stack is refilled with a batch from the class's free
// list.
func (t *ThreadSafe) alloc(op string, size, align int, trace bool) ([]byte, int, error) {
	if !validRequest(size, align) || t.state.Load()&1 != 0 {
		return nil, 0, t.allocErr(op, size, align)
	}
	c := tsClass(size+t.pad, align)
	if c < 0 {
		return t.allocLarge(op, size, align, trace)
	}
	s := t.acquire()
	st := &s.cache[c]
	if st.n == 0 {
		var err error
		if s, err = t.refill(s, c, op, size); err != nil {
			return nil, 0, err
		}
		st = &s.cache[c]
	}
	st.n--
	f := st.buf[st.n]
	*f.rec = uint32(size)
	stride := int64(tsClassSize[c])
	s.allocs++
	s.total += int64(size)
	s.reserved += stride
	s.allocated += int64(size)
	over := s.allocated > s.budget
	t.release(s)
	if over {
		t.raisePeak(s)
	}
	b := unsafe.Slice((*byte)(f.p), size)
	if trace {
		TraceAlloc(t.owner, b, int(stride))
	}
	return b, int(stride), nil
}

// allocErr counts and explains a request refused before any block is
// sought: bad size or alignment, or a released allocator.
//
//go:noinline
func (t *ThreadSafe) allocErr(op string, size, align int) error {
	t.countFail()
	if err := CheckRequest("ThreadSafe", op, size, align); err != nil {
		return err
	}
	return fmt.Errorf("%w: ThreadSafe.%s(%d): allocator was released", ErrReleased, op, size)
}

// refill is alloc's slow path: the P's stack of class c is empty. It
// unpins, takes a batch from the class's free list and returns the shard
// the caller runs on now, its stack holding at least one block (on error,
// unpinned).
//
//go:noinline
func (t *ThreadSafe) refill(s *tsShard, c int, op string, size int) (*tsShard, error) {
	t.release(s)
	var batch [tsMaxBatch]uintptr
	n, err := t.central[c].take(t, c, batch[:tsCacheCap(c)/2])
	if err != nil {
		t.countFail()
		return nil, fmt.Errorf("%w: ThreadSafe.%s(%d): a chunk for %d-byte blocks: %w", ErrOutOfMemory, op, size, tsClassSize[c], err)
	}
	var free [tsMaxBatch]tsFree
	for j, p := range batch[:n] {
		ch := chunkAt(p)
		i, _ := ch.index(p)
		free[j] = tsFree{unsafe.Pointer(&ch.mem[p-ch.base]), &ch.sizes[i]}
	}
	s = t.acquire()
	st := &s.cache[c]
	// Another goroutine on this P may have refilled the stack meanwhile.
	k := copy(st.buf[st.n:], free[:n])
	st.n += k
	if k < n {
		t.release(s)
		t.central[c].put(batch[k:n])
		s = t.acquire()
		if s.cache[c].n == 0 { // emptied again meanwhile: rare, start over
			return t.refill(s, c, op, size)
		}
	}
	return s, nil
}

// spill is Free's slow path: the P's stack of class c is full. It moves
// half of it to the class's free list with the P unpinned and returns the
// shard the caller runs on now, with room on its stack.
//
//go:noinline
func (t *ThreadSafe) spill(s *tsShard, c int) *tsShard {
	for {
		st := &s.cache[c]
		if st.n < len(st.buf) {
			return s
		}
		var out [tsMaxBatch]uintptr
		k := len(st.buf) / 2
		for j, f := range st.buf[st.n-k : st.n] {
			out[j] = uintptr(f.p)
		}
		st.n -= k
		t.release(s)
		t.central[c].put(out[:k])
		s = t.acquire()
	}
}

// take fills out with free blocks of class c, cutting new ones from a
// fresh chunk when the free list runs short.
func (cen *tsCentral) take(t *ThreadSafe, c int, out []uintptr) (int, error) {
	stride := tsClassSize[c]
	cen.mu.Lock()
	defer cen.mu.Unlock()
	n := copy(out, cen.free[max(len(cen.free)-len(out), 0):])
	cen.free = cen.free[:len(cen.free)-n]
	for n < len(out) {
		if len(cen.chunks) == 0 || cen.next+stride > tsChunkSize {
			ch, err := t.mapChunk(tsChunkSize, tsChunkSize, c)
			if err != nil {
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
			cen.chunks = append(cen.chunks, ch)
			cen.next = 0
		}
		out[n] = cen.chunks[len(cen.chunks)-1].base + cen.next
		cen.next += stride
		cen.carved += int64(stride)
		n++
	}
	return n, nil
}

// put gives free blocks back to the class's free list.
func (cen *tsCentral) put(blocks []uintptr) {
	cen.mu.Lock()
	cen.free = append(cen.free, blocks...)
	cen.mu.Unlock()
}

// allocLarge maps a buffer of its own for a request above the largest
// class.
func (t *ThreadSafe) allocLarge(op string, size, align int, trace bool) ([]byte, int, error) {
	al := max(align, tsChunkSize)
	if t.hugeFrom > 0 && size+t.pad >= t.hugeFrom {
		al = max(al, hugePageSize) // whole huge pages from the first byte
	}
	ch, err := t.mapChunk(size+t.pad, al, -1)
	if err != nil {
		t.countFail()
		return nil, 0, fmt.Errorf("%w: ThreadSafe.%s(%d, align %d): %w", ErrOutOfMemory, op, size, align, err)
	}
	ch.size = size
	t.largeMu.Lock()
	t.large[ch.base] = ch
	t.largeC.allocs++
	t.largeC.total += int64(size)
	t.largeC.allocated += int64(size)
	t.largeC.reserved += int64(len(ch.mem))
	t.largeMu.Unlock()
	t.raisePeak(nil)
	b := ch.mem[:size:size]
	if trace {
		TraceAlloc(t.owner, b, len(ch.mem))
	}
	return b, len(ch.mem), nil
}

// countFail counts a failed request on the caller's shard.
func (t *ThreadSafe) countFail() {
	s := t.acquire()
	s.fails++
	t.release(s)
}

// raisePeak is the slow path of the peak: called when a shard's Allocated
// passed its budget (s) or a large buffer was mapped (s nil). It sums
// Allocated over the shards and the large buffers and raises Peak to the
// sum if above. Then it gives s the room below Peak the other shards'
// budgets leave, and only when that is less than s holds, takes back the
// other shards' unused budgets (setting each to what it holds) and gives s
// all the headroom. The budgets and the large buffers add up to Peak at
// most, so no allocation can reach a new peak without coming here.
// Budgets are written only under peakMu, so it reads them plainly.
func (t *ThreadSafe) raisePeak(s *tsShard) {
	t.peakMu.Lock()
	defer t.peakMu.Unlock()
	large := t.largeAllocated()
	sum, others, mine := large, large, int64(0)
	t.eachShard(func(sh *tsShard) {
		held := t.read(sh)
		sum += held.allocated
		if sh == s {
			mine = held.allocated
		} else {
			others += sh.budget
		}
	})
	peak := max(t.peak.Load(), sum)
	t.peak.Store(peak)
	if s != nil && others+mine <= peak {
		t.setBudget(s, peak-others)
		return
	}
	t.eachShard(func(sh *tsShard) {
		held := t.read(sh)
		b := held.allocated
		if sh == s {
			b += peak - sum
		}
		t.setBudget(sh, b)
	})
}

// eachShard calls fn for every shard.
func (t *ThreadSafe) eachShard(fn func(*tsShard)) {
	for _, sh := range *t.shards.Load() {
		fn(sh)
	}
}

// Free gives back a buffer Alloc or Realloc returned, from any goroutine.
// A buffer from elsewhere, or an interior or resliced slice of one, is
// ErrForeign; a buffer given back twice is ErrDoubleFree; after Close
// every Free is ErrReleased. None of them changes the counters.
func (t *ThreadSafe) Free(b []byte) error { return t.free("Free", b, nil, 0) }

// free is Free; when moved is not nil, b's contents moved there in a
// Realloc, and the hook is told so instead of a Free.
func (t *ThreadSafe) free(op string, b, moved []byte, reserved int) error {
	ch, i, err := t.lookup(op, b)
	if err != nil {
		return err
	}
	if ch.class < 0 {
		return t.freeLarge(op, ch, b, moved, reserved)
	}
	n := uint32(cap(b))
	c := ch.class
	var s *tsShard
	if moved != nil || tracers.Load() != nil {
		// The hook must hear of the Free before the block can be handed
		// out again, and it may block: mark the block free first.
		if !atomic.CompareAndSwapUint32(&ch.sizes[i], n, 0) {
			return t.blockErr(op, b, ch, i)
		}
		t.trace(b, moved, reserved)
		s = t.acquire()
	} else {
		// Pinned, no other goroutine on this P can touch the block's
		// record; two Frees of one buffer racing on two Ps are a data race
		// in the caller, as two concurrent writes to the buffer are.
		s = t.acquire()
		if ch.sizes[i] != n {
			t.release(s)
			return t.blockErr(op, b, ch, i)
		}
		ch.sizes[i] = 0
	}
	st := &s.cache[c]
	if st.n == len(st.buf) {
		s = t.spill(s, c)
		st = &s.cache[c]
	}
	st.buf[st.n] = tsFree{unsafe.Pointer(unsafe.SliceData(b)), &ch.sizes[i]}
	st.n++
	s.frees++
	s.allocated -= int64(n)
	s.reserved -= int64(tsClassSize[c])
	t.release(s)
	return nil
}

// trace tells the hook that b was freed, or moved to moved.
func (t *ThreadSafe) trace(b, moved []byte, reserved int) {
	if moved != nil {
		TraceRealloc(t.owner, b, moved, reserved)
	} else {
		TraceFree(t.owner, b)
	}
}

// lookup finds the chunk of b and, for a small chunk, the block b starts.
func (t *ThreadSafe) lookup(op string, b []byte) (*tsChunk, int, error) {
	p := addr(b)
	ch := chunkAt(p)
	if t.state.Load()&1 != 0 {
		return nil, 0, fmt.Errorf("%w: ThreadSafe.%s: allocator was released", ErrReleased, op)
	}
	if p == 0 || ch == nil || ch.owner != t.id {
		return nil, 0, fmt.Errorf("%w: ThreadSafe.%s: %d bytes at %#x are not from this allocator", ErrForeign, op, cap(b), p)
	}
	if ch.class < 0 {
		return ch, 0, nil
	}
	i, ok := ch.index(p)
	if !ok {
		return nil, 0, fmt.Errorf("%w: ThreadSafe.%s: %d bytes at %#x do not start a block (an interior slice?)", ErrForeign, op, cap(b), p)
	}
	return ch, i, nil
}

// live reports whether b is a live buffer of t.
func (t *ThreadSafe) live(b []byte) bool {
	ch, i, err := t.lookup("", b)
	if err != nil {
		return false
	}
	if ch.class >= 0 {
		return atomic.LoadUint32(&ch.sizes[i]) == uint32(cap(b))
	}
	t.largeMu.Lock()
	defer t.largeMu.Unlock()
	return ch.largeLive(b)
}

// largeLive reports whether b is the live buffer of the large mapping c,
// under largeMu.
func (c *tsChunk) largeLive(b []byte) bool {
	return !c.freed.Load() && c.base == addr(b) && c.size == cap(b)
}

// blockErr says why b, which starts block i of ch, is not a live block.
func (t *ThreadSafe) blockErr(op string, b []byte, ch *tsChunk, i int) error {
	if n := atomic.LoadUint32(&ch.sizes[i]); n != 0 {
		return fmt.Errorf("%w: ThreadSafe.%s: the block at %#x was handed out with %d bytes, this slice has capacity %d", ErrForeign, op, addr(b), n, cap(b))
	}
	return fmt.Errorf("%w: ThreadSafe.%s of %d bytes at %#x", ErrDoubleFree, op, cap(b), addr(b))
}

// freeLarge unmaps a large buffer.
func (t *ThreadSafe) freeLarge(op string, ch *tsChunk, b, moved []byte, reserved int) error {
	p := addr(b)
	t.largeMu.Lock()
	switch {
	case ch.freed.Load() && p == ch.base:
		t.largeMu.Unlock()
		return fmt.Errorf("%w: ThreadSafe.%s of %d bytes at %#x", ErrDoubleFree, op, cap(b), p)
	case !ch.largeLive(b):
		t.largeMu.Unlock()
		return fmt.Errorf("%w: ThreadSafe.%s: %d bytes at %#x are not a buffer of this allocator", ErrForeign, op, cap(b), p)
	}
	ch.freed.Store(true)
	delete(t.large, p)
	t.largeC.frees++
	t.largeC.allocated -= int64(ch.size)
	t.largeC.reserved -= int64(len(ch.mem))
	t.trace(b, moved, reserved)
	err := ch.unmap()
	t.largeMu.Unlock()
	return err
}

// Realloc resizes b to newSize bytes aligned to align, keeping its first
// min(len(b), newSize) bytes; bytes past the old length are unspecified.
// A block whose class still fits and aligns is resized in place, a large
// buffer in place when it shrinks; otherwise the contents move to a new
// buffer. An empty b makes Realloc an Alloc. It counts as one Realloc;
// TotalAllocated grows by newSize.
func (t *ThreadSafe) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return t.Alloc(newSize, align)
	}
	if err := CheckRequest("ThreadSafe", "Realloc", newSize, align); err != nil {
		t.countFail()
		return nil, err
	}
	ch, i, err := t.lookup("Realloc", b)
	if err != nil {
		t.countFail()
		return nil, err
	}
	old := cap(b)
	if ch.class < 0 {
		t.largeMu.Lock()
		live := ch.largeLive(b)
		inPlace := live && newSize <= ch.size && addr(b)%uintptr(align) == 0
		if inPlace {
			ch.size = newSize
			t.largeC.reallocs++
			t.largeC.total += int64(newSize)
			t.largeC.allocated += int64(newSize - old)
		}
		t.largeMu.Unlock()
		if !live {
			t.countFail()
			if t.freedLarge(addr(b)) {
				return nil, fmt.Errorf("%w: ThreadSafe.Realloc of %d bytes at %#x", ErrDoubleFree, old, addr(b))
			}
			return nil, fmt.Errorf("%w: ThreadSafe.Realloc: %d bytes at %#x are not a live buffer of this allocator", ErrForeign, old, addr(b))
		}
		if inPlace {
			nb := ch.mem[:newSize:newSize]
			TraceRealloc(t.owner, b, nb, len(ch.mem))
			return nb, nil
		}
	} else if newSize+t.pad <= int(tsClassSize[ch.class]) && addr(b)%uintptr(align) == 0 {
		if !atomic.CompareAndSwapUint32(&ch.sizes[i], uint32(old), uint32(newSize)) {
			t.countFail()
			return nil, t.blockErr("Realloc", b, ch, i)
		}
		s := t.acquire()
		s.reallocs++
		s.total += int64(newSize)
		s.allocated += int64(newSize - old)
		over := s.allocated > s.budget
		t.release(s)
		if over {
			t.raisePeak(s)
		}
		nb := unsafe.Slice(unsafe.SliceData(b), newSize)
		TraceRealloc(t.owner, b, nb, int(tsClassSize[ch.class]))
		return nb, nil
	} else if atomic.LoadUint32(&ch.sizes[i]) != uint32(old) {
		t.countFail()
		return nil, t.blockErr("Realloc", b, ch, i)
	}
	nb, reserved, err := t.alloc("Realloc", newSize, align, false)
	if err != nil {
		return nil, err
	}
	copy(nb, b[:old])
	if err := t.free("Realloc", b, nb, reserved); err != nil {
		// b stopped being live since it was checked: undo.
		_ = t.free("Realloc", nb, nil, 0)
		t.countFail()
		return nil, err
	}
	// Alloc and Free counted themselves; a Realloc counts once, as such.
	s := t.acquire()
	s.allocs--
	s.frees--
	s.reallocs++
	t.release(s)
	return nb, nil
}

// Close gives every chunk and large buffer back to the OS at once and
// invalidates everything handed out: the Generation changes, and later
// calls fail with an error wrapping ErrReleased. It must not run
// concurrently with other calls. Close is idempotent.
func (t *ThreadSafe) Close() error {
	t.peakMu.Lock()
	defer t.peakMu.Unlock()
	st := t.state.Load()
	if st&1 != 0 {
		return nil
	}
	t.state.Store((st>>1+1)<<1 | 1)
	var errs []error
	drop := func(s *tsShard) {
		s.mu.Lock()
		t.dropped += s.allocs - s.frees
		s.allocated, s.reserved, s.budget = 0, 0, 0
		for c := range s.cache {
			s.cache[c].n = 0
			clear(s.cache[c].buf) // no pointers into unmapped memory (see tsChunk.unmap)
		}
		s.mu.Unlock()
	}
	t.eachShard(drop)
	for c := range t.central {
		cen := &t.central[c]
		cen.mu.Lock()
		for _, ch := range cen.chunks {
			unsetChunk(ch)
			errs = append(errs, ch.unmap())
		}
		cen.chunks, cen.free, cen.next, cen.carved = nil, nil, 0, 0
		cen.mu.Unlock()
	}
	t.largeMu.Lock()
	t.dropped += t.largeC.allocs - t.largeC.frees
	for p, ch := range t.large {
		unsetChunk(ch)
		errs = append(errs, ch.unmap())
		delete(t.large, p)
	}
	t.largeC.allocated, t.largeC.reserved = 0, 0
	t.largeMu.Unlock()
	TraceReset(t.owner)
	return errors.Join(errs...)
}

// Generation returns the allocator's generation; it changes on Close.
func (t *ThreadSafe) Generation() uint64 { return t.state.Load() >> 1 }

// CheckGeneration returns nil if memory allocated during generation gen
// is still valid, and otherwise an error wrapping ErrReleased.
func (t *ThreadSafe) CheckGeneration(gen uint64) error {
	if s := t.state.Load(); s>>1 != gen || s&1 != 0 {
		return fmt.Errorf("%w: ThreadSafe allocator was released", ErrReleased)
	}
	return nil
}

// Fragmentation is the share of the memory cut into blocks that holds no
// live block: free blocks waiting in the per-P stacks and the free lists,
// from the allocator's own records (1 - live small blocks' bytes / bytes
// cut). It is 0 when nothing has been cut. Memory inside a live block that
// its request does not use is Stats' Overhead, not fragmentation.
func (t *ThreadSafe) Fragmentation() float64 {
	var carved int64
	for c := range t.central {
		cen := &t.central[c]
		cen.mu.Lock()
		carved += cen.carved
		cen.mu.Unlock()
	}
	if carved == 0 {
		return 0
	}
	var live int64
	t.eachShard(func(s *tsShard) {
		c := t.read(s)
		live += c.reserved
	})
	return 1 - float64(live)/float64(carved)
}

// Allocated returns the requested bytes live now.
func (t *ThreadSafe) Allocated() int64 { return t.Stats().Allocated }

// Peak returns the highest Allocated since creation or the last ResetPeak
// (see ThreadSafe for what it means under concurrent calls).
func (t *ThreadSafe) Peak() int64 { return t.peak.Load() }

// ResetPeak sets Peak to the current Allocated.
func (t *ThreadSafe) ResetPeak() {
	t.peakMu.Lock()
	defer t.peakMu.Unlock()
	sum := t.largeAllocated()
	t.eachShard(func(s *tsShard) {
		c := t.read(s)
		sum += c.allocated
		t.setBudget(s, c.allocated)
	})
	t.peak.Store(sum)
}

// largeAllocated returns the bytes live in large buffers.
func (t *ThreadSafe) largeAllocated() int64 {
	t.largeMu.Lock()
	defer t.largeMu.Unlock()
	return t.largeC.allocated
}

// Stats returns the accounting summed over the Ps and the large buffers.
// Reserved counts whole blocks (and whole pages of large buffers).
func (t *ThreadSafe) Stats() Stats {
	var c tsCounts
	t.eachShard(func(s *tsShard) {
		sc := t.read(s)
		c.add(sc)
	})
	t.largeMu.Lock()
	c.add(t.largeC)
	t.largeMu.Unlock()
	t.peakMu.Lock()
	dropped := t.dropped
	t.peakMu.Unlock()
	return Stats{
		Allocated:      c.allocated,
		Peak:           t.peak.Load(),
		Reserved:       c.reserved,
		TotalAllocated: c.total,
		Allocs:         c.allocs,
		Frees:          c.frees + dropped,
		Reallocs:       c.reallocs,
		Failed:         c.fails,
	}
}
