package mem

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
)

// Arena is a bump allocator over one region of memory taken from the OS
// (anonymous mmap, off the Go heap) when it is created: allocation is a
// pointer increment under a lock, and memory comes back all at once with
// Reset (to reuse it) or Close (to return it to the OS at once).
//
//	arena, err := mem.NewArena(64 << 20)
//	if err != nil { ... }
//	defer arena.Close()
//	b, err := arena.Alloc(4096, 64) // address a multiple of 64, contents unspecified
//
// Alloc never exceeds the capacity; a request that does not fit fails with
// an error wrapping ErrOutOfMemory that says how much was asked and how much
// is left. Every block has a 16-byte header just before it (the start of its
// reservation and a check word mixing its address, size and the arena's
// generation), which makes Free and Realloc O(1) and lets them tell a live
// block from a foreign slice, an interior slice or a block freed twice.
// Free of the most recent block gives its space back; Free of any other
// block only updates the accounting, its space comes back at Reset. Realloc
// grows the most recent block in place.
//
// Memory handed out is not cleared (see Allocator): fresh mappings read as
// zero, but memory reused after Reset, or after Free of the most recent
// block, holds what was written there before. Callers that need zeros
// clear what they take (nd.Zeros does) or make the arena with Zeroed, which
// clears reused memory as it is handed out (only the part that was written
// before, and outside the lock) at a cost that grows with the size. Under Guard memory from
// before a Reset is never seen again (each Reset maps a fresh region), and
// the space of a freed block is not reused within a generation either.
// Trim gives the physical memory of unused space back to the OS (trimmed
// space reads as zero). Mappings of 4 MiB or more ask for transparent huge
// pages.
//
// Reset and Close invalidate everything handed out before; the arena's
// Generation changes, and CheckGeneration reports use of old memory (see
// Generational). With the Guard option old memory also faults.
//
// An Arena dropped without Close is not leaked for the life of the
// process: as an os.File closes its descriptor, a cleanup
// (runtime.AddCleanup) logs the leak with slog at Warn, with where the
// arena was made when stacks are recorded (a Profiler with RecordStacks
// open, or a Checked allocator made, at NewArena), and gives the memory
// back. Arrays keep their allocator reachable, so an arena is never
// collected under a live array. Raw slices from Alloc do not: memory
// from Alloc is valid only while the arena is reachable, as os.File.Fd
// is only until the File is collected; keep the arena in use (defer
// arena.Close(), or runtime.KeepAlive) while its slices are. The cleanup
// unmaps an arena with no live block, and retires one with live blocks:
// its memory goes back to the OS and its addresses stay PROT_NONE, so a
// slice used past its arena faults rather than reaching memory mapped
// there later. Heap-backed arenas need no cleanup.
//
// An Arena is safe for concurrent use: a mutex, held for a few dozen
// instructions, serializes its methods. ARCHITECTURE.md says why it is
// built this way.
type Arena struct {
	mu sync.Mutex
	*arenaMem
	base  uintptr
	off   int // next free offset in chunk
	dirty int // chunk[:dirty] may hold non-zero bytes; chunk[dirty:] is zero
	// committed is how much of chunk osmem counts as memory (dirty
	// rounded up to commitStep); all of it when heap-backed, so the
	// check in cut never fires.
	committed int
	gen       uint64
	released  bool
	seed      uint64

	// state is gen<<1 | released, for lock-free generation checks.
	state atomic.Uint64
	// backstop is the cleanup that reports and releases a dropped arena
	// (see arenaMem.dropped); Close stops it.
	backstop runtime.Cleanup
}

// arenaMem is the part of an Arena its cleanup needs when the Arena was
// dropped without Close: it must not point back to the Arena, or the Arena
// would never become unreachable.
type arenaMem struct {
	chunk    []byte // the region blocks are cut from; nil when released (or a guarded Reset's new one is not mapped yet)
	capacity int
	// retired are the regions a guarded arena gave up at its Resets (kept
	// PROT_NONE, never mapped again), so a stale Free of a block in one is
	// ErrReleased rather than ErrForeign.
	retired [][2]uintptr
	c       counters
	opt     options
	made    Stack // where NewArena was called, when stacks are recorded (see Arena)
}

const (
	headerSize  = 16
	headerAlign = 8 // blocks are at least this aligned, so headers are
)

// NewArena returns an arena of capacity bytes. The memory is mapped at once
// (address space only: pages become resident when first touched).
func NewArena(capacity int, opts ...Option) (*Arena, error) {
	o := buildOptions(opts)
	if capacity <= 0 {
		return nil, fmt.Errorf("%w: NewArena(%d): capacity must be positive", ErrInvalidSize, capacity)
	}
	if o.guard && o.heap {
		return nil, errors.New("mem: NewArena: Guard needs mmap memory and cannot be combined with HeapBacked")
	}
	a := &Arena{arenaMem: &arenaMem{capacity: capacity, opt: o}, seed: rand.Uint64() &^ 1}
	if err := a.mapChunk(); err != nil {
		return nil, err
	}
	if !o.heap {
		if recordingStacks() {
			a.made = callers(1)
		}
		a.backstop = runtime.AddCleanup(a, (*arenaMem).dropped, a.arenaMem)
	}
	return a, nil
}

// recordingStacks reports whether allocation sites are being recorded: a
// Profiler with RecordStacks is open, or a Checked allocator was made in
// this process.
func recordingStacks() bool {
	t := tracers.Load()
	return t != nil && t.stacks || checkedMade.Load()
}

// dropped is the cleanup of an Arena that became unreachable without
// Close. It logs the leak at slog's Warn level and gives the memory back:
// the mapping is unmapped when no block is live; when blocks are live
// (raw slices from Alloc, which do not keep their arena reachable) it is
// retired instead, its physical memory returned and its addresses kept
// PROT_NONE, so a slice used past its arena faults rather than reaching
// memory mapped there later.
func (m *arenaMem) dropped() {
	if m.chunk == nil {
		return // a guarded arena after Reset holds only retired regions
	}
	live, n := m.c.s.Allocated, m.c.s.Allocs-m.c.s.Frees
	action, err := "unmapped", error(nil)
	if live > 0 || m.opt.guard {
		action, err = "retired (PROT_NONE: memory returned, addresses kept so that a stale slice faults)", osmem.Retire(m.chunk)
	} else {
		err = osmem.Unmap(m.chunk)
	}
	m.chunk = nil
	attrs := []any{"capacity", m.capacity, "live_bytes", live, "live_blocks", n, "mapping", action}
	if err != nil {
		attrs = append(attrs, "error", err)
	}
	if m.made != nil {
		attrs = append(attrs, "made", "\n"+m.made.String())
	}
	slog.Warn("mem: an Arena was garbage collected without Close; call Close (defer arena.Close()) when done with it", attrs...)
}

// mapChunk gives the arena a fresh region of memory.
func (a *Arena) mapChunk() error {
	var chunk []byte
	if !a.opt.heap {
		var err error
		chunk, err = mapSlab(a.capacity)
		if errors.Is(err, osmem.ErrUnsupported) && !a.opt.guard {
			a.opt.heap = true
		} else if err != nil {
			return fmt.Errorf("%w: arena of %d bytes: %w", ErrOutOfMemory, a.capacity, err)
		}
	}
	if a.opt.heap {
		var err error
		if chunk, err = heapAlloc(a.capacity); err != nil {
			return fmt.Errorf("arena of %d bytes: %w", a.capacity, err)
		}
	}
	a.chunk, a.base, a.off, a.dirty, a.committed = chunk, addr(chunk), 0, 0, 0
	if a.opt.heap {
		a.committed = a.capacity
	}
	return nil
}

// commitStep is the granularity in which arenas and pools tell osmem how
// much of their reservation they have handed out (osmem.Commit): memory
// counts from its first use, never for capacity not yet used.
const commitStep = 64 << 10

// commit tells osmem that the region is used up to a.dirty. The caller
// holds a.mu.
//
//go:noinline
func (a *Arena) commit() {
	a.committed = min(int(alignUp(uintptr(a.dirty), commitStep)), a.capacity)
	osmem.Commit(a.chunk, int64(a.committed))
}

// hugeMin is the mapping size from which arenas and pools ask for
// transparent huge pages: first touches of a large region then fault in
// 2 MiB at a time, several times faster than 4 KiB pages.
const hugeMin = 4 << 20

// mapSlab maps size bytes of fresh zeroed memory for an arena or pool: a
// reservation, counted as memory as its owner hands it out (commit).
func mapSlab(size int) ([]byte, error) {
	b, err := osmem.Reserve(size)
	if err == nil && size >= hugeMin {
		_ = osmem.HugePages(b) // advice: without huge pages, 4 KiB pages serve
	}
	return b, err
}

// tag is the check word of a live block at address p of size bytes in
// generation gen; a freed block's is tag|1.
func (a *Arena) tag(p uintptr, size int, gen uint64) uint64 {
	return (uint64(p)*0x9E3779B97F4A7C15 ^ uint64(size)*0xC2B2AE3D27D4EB4F ^ gen*0x165667B19E3779F9 ^ a.seed) &^ 1
}

// header returns the header of the block at offset off.
func (a *Arena) header(off int) *[2]uint64 {
	return (*[2]uint64)(unsafe.Pointer(&a.chunk[off-headerSize]))
}

// Alloc returns size bytes from the arena whose address is a multiple of
// align. Their contents are unspecified (see Arena) unless the arena was
// made with Zeroed.
func (a *Arena) Alloc(size, align int) ([]byte, error) { return a.alloc(size, align, a.opt.zeroed) }

// alloc is Alloc and AllocZeroed: zero says to clear the part of the
// block that was written before.
func (a *Arena) alloc(size, align int, zero bool) ([]byte, error) {
	if !validRequest(size, align) {
		a.mu.Lock()
		a.c.s.Failed++
		a.mu.Unlock()
		return nil, CheckRequest("Arena", "Alloc", size, align)
	}
	a.mu.Lock()
	off, ok := a.bump(size, align)
	if !ok {
		var err error
		if off, err = a.bumpSlow("Alloc", size, align); err != nil {
			a.c.s.Failed++
			a.mu.Unlock()
			return nil, err
		}
	}
	start, end := a.off, off+size
	dirty := a.cut(off, size)
	a.c.alloc(size, end-start)
	b := a.chunk[off:end:end]
	TraceAlloc(a, b, end-start)
	a.mu.Unlock()
	if zero && dirty > 0 {
		clear(b[:min(dirty, size)])
	}
	return b, nil
}

// cut makes the block of size bytes at offset off (from bump or bumpSlow) live: it
// writes its header and moves the arena's offset past it. The block's
// first dirty bytes (none when dirty <= 0, all when dirty >= size) may have
// been written before. The caller holds a.mu.
func (a *Arena) cut(off, size int) (dirty int) {
	h := a.header(off)
	h[0], h[1] = uint64(a.off), a.tag(a.base+uintptr(off), size, a.gen)
	a.off = off + size
	dirty = a.dirty - off
	a.dirty = max(a.dirty, a.off)
	if a.dirty > a.committed {
		a.commit()
	}
	return dirty
}

// bump returns the offset of a block of size bytes aligned to align cut at
// the arena's current offset, with room for its header before it; ok is
// false when it does not fit or the arena has no region (see bumpSlow).
// The caller holds a.mu.
func (a *Arena) bump(size, align int) (off int, ok bool) {
	if a.chunk == nil || align >= a.capacity {
		return 0, false
	}
	off = int(alignUp(a.base+uintptr(a.off)+headerSize, uintptr(max(align, headerAlign))) - a.base)
	return off, off <= a.capacity && size <= a.capacity-off
}

// bumpSlow is bump for the cases it refuses: it maps a fresh region for a
// guarded arena after Reset, and otherwise says why the block cannot be
// cut. The caller holds a.mu.
func (a *Arena) bumpSlow(op string, size, align int) (int, error) {
	if a.released {
		return 0, fmt.Errorf("%w: Arena.%s(%d): arena was released", ErrReleased, op, size)
	}
	if a.chunk == nil {
		if err := a.mapChunk(); err != nil {
			return 0, err
		}
		if off, ok := a.bump(size, align); ok {
			return off, nil
		}
	}
	left := a.capacity - a.off
	if align >= a.capacity || size > left {
		return 0, fmt.Errorf("%w: Arena.%s(%d, align %d): %d bytes left of %d", ErrOutOfMemory, op, size, align, left, a.capacity)
	}
	need := int(alignUp(a.base+uintptr(a.off)+headerSize, uintptr(max(align, headerAlign)))-a.base) - a.off
	return 0, fmt.Errorf("%w: Arena.%s(%d, align %d): %d bytes left of %d, %d of them needed for alignment and header",
		ErrOutOfMemory, op, size, align, left, a.capacity, need)
}

// lookupLocked finds the live block b in the current generation and
// returns its offset and header.
func (a *Arena) lookupLocked(op string, b []byte) (int, *[2]uint64, error) {
	if a.released {
		return 0, nil, fmt.Errorf("%w: Arena.%s: arena was released", ErrReleased, op)
	}
	p, n := addr(b), cap(b)
	rel := p - a.base
	if a.chunk == nil || p < a.base+headerSize || p%headerAlign != 0 || rel > uintptr(a.dirty) || uintptr(n) > uintptr(a.dirty)-rel {
		for _, r := range a.retired {
			if p >= r[0] && p < r[1] {
				return 0, nil, fmt.Errorf("%w: Arena.%s: %d bytes at %#x are from before a Reset (arena was reset)", ErrReleased, op, n, p)
			}
		}
		return 0, nil, fmt.Errorf("%w: Arena.%s: %d bytes at %#x are not a block of this arena's current generation", ErrForeign, op, n, p)
	}
	off := int(rel)
	h := a.header(off)
	t := a.tag(p, n, a.gen)
	switch {
	case h[1] == t|1:
		return 0, nil, fmt.Errorf("%w: Arena.%s of %d bytes at %#x", ErrDoubleFree, op, n, p)
	case h[1] != t && a.taggedBefore(h[1], p, n):
		return 0, nil, fmt.Errorf("%w: Arena.%s: %d bytes at %#x are a block from before a Reset (arena was reset)", ErrReleased, op, n, p)
	case h[1] != t || off+n > a.off:
		return 0, nil, fmt.Errorf("%w: Arena.%s: %d bytes at %#x are not a live block (an interior slice, or from before a Reset whose header was overwritten)", ErrForeign, op, n, p)
	}
	return off, h, nil
}

// tagInverse is the multiplicative inverse of tag's generation factor
// modulo 2^64.
const tagInverse = 0xe9e9f4c41d6df849

// taggedBefore reports whether check word w is the tag (live or freed) of a
// block at p of n bytes from an earlier generation: a stale slice whose
// header has survived the Reset.
func (a *Arena) taggedBefore(w uint64, p uintptr, n int) bool {
	rest := uint64(p)*0x9E3779B97F4A7C15 ^ uint64(n)*0xC2B2AE3D27D4EB4F ^ a.seed
	for _, low := range [2]uint64{0, 1} {
		g := ((w&^1 | low) ^ rest) * tagInverse
		if g < a.gen && a.tag(p, n, g) == w&^1 {
			return true
		}
	}
	return false
}

// Free gives back a block. Freeing the most recent block returns its space
// for the next Alloc (except under Guard); other blocks' space comes back
// at Reset.
//
// A block is known by its address and length only. A stale slice from
// before a Reset is ErrReleased when its header survived or its region was
// retired (Guard), and ErrForeign when new data overwrote its header; but
// if a new block of the same size now starts at the same address, the
// stale Free frees that block, and the next Alloc aliases it. Arrays never
// do this (nd checks the generation before it frees), and under Guard it
// cannot happen: each Reset maps a fresh region and freed space is not
// reused within a generation, so a stale Free is ErrReleased or
// ErrDoubleFree and a stale access faults.
func (a *Arena) Free(b []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	off, h, err := a.lookupLocked("Free", b)
	if err != nil {
		return err
	}
	h[1] |= 1
	start, end := int(h[0]), off+cap(b)
	if end == a.off && !a.opt.guard {
		a.off = start
	}
	a.c.free(cap(b), end-start)
	TraceFree(a, b)
	return nil
}

// Realloc resizes b to newSize bytes aligned to align, keeping its first
// min(len(b), newSize) bytes; bytes past the old length are unspecified
// unless the arena was made with Zeroed. The most
// recent block grows or shrinks in place; another block shrinks in place
// (the tail's space comes back at Reset) and grows by moving. An empty b
// makes Realloc an Alloc. It counts as one Realloc; TotalAllocated grows by
// newSize.
func (a *Arena) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return a.Alloc(newSize, align)
	}
	if err := CheckRequest("Arena", "Realloc", newSize, align); err != nil {
		a.mu.Lock()
		a.c.s.Failed++
		a.mu.Unlock()
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	off, h, err := a.lookupLocked("Realloc", b)
	if err != nil {
		a.c.s.Failed++
		return nil, err
	}
	p, n, start := addr(b), cap(b), int(h[0])
	if p%uintptr(align) == 0 {
		last := off+n == a.off
		if last && newSize <= a.capacity-off || newSize <= n {
			end := off + newSize
			h[1] = a.tag(p, newSize, a.gen)
			if last && (newSize > n || !a.opt.guard) {
				a.off = end // a guarded arena never hands a shrunk tail out again
			}
			if newSize > n {
				if a.opt.zeroed {
					clear(a.chunk[off+n : max(off+n, min(a.dirty, end))])
				}
				a.dirty = max(a.dirty, end)
				if a.dirty > a.committed {
					a.commit()
				}
			}
			a.c.resize(n, newSize, off+n-start, end-start)
			TraceRealloc(a, b, a.chunk[off:end:end], end-start)
			return a.chunk[off:end:end], nil
		}
	}
	noff, ok := a.bump(newSize, align)
	if !ok {
		if noff, err = a.bumpSlow("Realloc", newSize, align); err != nil {
			a.c.s.Failed++
			return nil, err
		}
	}
	nstart, nend := a.off, noff+newSize
	dirty := a.cut(noff, newSize)
	nb := a.chunk[noff:nend:nend]
	if dirty = min(dirty, newSize); a.opt.zeroed && dirty > n { // the first n bytes are copied over
		clear(nb[n:dirty])
	}
	copy(nb, b[:n])
	h[1] |= 1
	a.c.resize(n, newSize, off+n-start, nend-nstart)
	TraceRealloc(a, b, nb, nend-nstart)
	return nb, nil
}

// Reset takes back everything the arena handed out, keeping its memory for
// reuse: the generation changes, and memory from before is invalid (see
// CheckGeneration). A guarded arena maps a fresh region on the next Alloc
// and makes the old one fault now. Reset returns an error only then, if
// the OS refuses to protect the old region: the reset has happened (the
// arena is usable and its old memory is never handed out again), but a
// stale slice into that region can still read it, so Guard's promise is
// not kept for it. Reset of a closed arena does nothing.
func (a *Arena) Reset() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.released {
		return nil
	}
	a.gen++
	a.state.Store(a.gen << 1)
	a.c.dropAll()
	TraceReset(a)
	a.off = 0
	if a.opt.guard && a.chunk != nil {
		// The next Alloc maps a fresh region; a failure to retire the old
		// one leaves it readable, which Guard cannot then promise. The old
		// region is never used again either way.
		err := osmem.Retire(a.chunk)
		a.retired = append(a.retired, [2]uintptr{a.base, a.base + uintptr(len(a.chunk))})
		a.chunk = nil
		if err != nil {
			return fmt.Errorf("mem: Arena.Reset: the old region of %d bytes could not be made inaccessible (Guard), so stale slices into it can still read it: %w", a.capacity, err)
		}
	}
	return nil
}

// Close gives the arena's memory back to the OS at once (munmap, or
// PROT_NONE under Guard) and invalidates everything it handed out. Later
// Allocs fail with an error wrapping ErrReleased. Close is idempotent.
func (a *Arena) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.released {
		return nil
	}
	a.released = true
	a.backstop.Stop()
	a.gen++
	a.state.Store(a.gen<<1 | 1)
	a.c.dropAll()
	TraceReset(a)
	chunk := a.chunk
	a.chunk, a.base, a.off, a.dirty, a.committed = nil, 0, 0, 0, 0
	switch {
	case chunk == nil || a.opt.heap:
		return nil
	case a.opt.guard:
		return osmem.Retire(chunk)
	}
	return osmem.Unmap(chunk)
}

// Generation returns the arena's current generation; it changes on every
// Reset and Close.
func (a *Arena) Generation() uint64 { return a.state.Load() >> 1 }

// CheckGeneration returns nil if memory allocated during generation gen is
// still valid, and otherwise an error wrapping ErrReleased that says whether
// the arena was reset or released.
func (a *Arena) CheckGeneration(gen uint64) error {
	s := a.state.Load()
	cur, released := s>>1, s&1 == 1
	switch {
	case gen == cur && !released:
		return nil
	case released && gen+1 >= cur:
		return fmt.Errorf("%w: arena was released", ErrReleased)
	}
	return fmt.Errorf("%w: arena was reset (memory from generation %d, arena now at %d)", ErrReleased, gen, cur)
}

// Remaining returns how many bytes are left for allocation (before
// alignment padding and headers).
func (a *Arena) Remaining() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.released {
		return 0
	}
	return a.capacity - a.off
}

// Allocated returns the requested bytes live now.
func (a *Arena) Allocated() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.c.s.Allocated
}

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (a *Arena) Peak() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.c.s.Peak
}

// ResetPeak sets Peak to the current Allocated.
func (a *Arena) ResetPeak() {
	a.mu.Lock()
	a.c.resetPeak()
	a.mu.Unlock()
}

// Stats returns a snapshot of the accounting. Reserved counts live blocks
// with their headers and alignment padding; Reset and Close count every
// live block as freed.
func (a *Arena) Stats() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.c.s
	s.Capacity = int64(a.capacity)
	return s
}

// WithArena creates an arena of capacity bytes, runs fn with it and
// releases it when fn returns or panics (the panic goes on after the
// release). Memory from the arena must not outlive fn: copy results out
// (nd's Clone) before returning. A nil fn is an error wrapping
// fs.ErrInvalid, and no arena is made.
func WithArena(capacity int, fn func(*Arena) error, opts ...Option) (err error) {
	if fn == nil {
		return fmt.Errorf("mem: WithArena(%d): the function is nil: %w", capacity, fs.ErrInvalid)
	}
	a, err := NewArena(capacity, opts...)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := a.Close(); err == nil {
			err = rerr
		}
	}()
	return fn(a)
}
