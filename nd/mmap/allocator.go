package mmap

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// Allocator is a mem.Allocator whose memory is a file: the guide's
// MemoryMappedAllocator. Arrays made with nd.With(alloc) live in the file.
// For data to reopen later, a .npy file (Create, then Open) is the safe
// way: it knows its shape and dtype, while a raw file is reopened by
// replaying the same requests with nd.Empty (nd.Zeros would clear it).
//
//	alloc, err := mmap.NewAllocator("/tmp/large_array.dat", mmap.ReadWrite)
//	if err != nil { ... }
//	defer alloc.Close()
//	a, err := nd.Empty[float64]([]int{10000, 10000}, nd.With(alloc)) // a new file reads as zeros
//	a.Set(42, 1000, 1000)
//	err = alloc.Sync() // on disk now
//
// Blocks are cut from the file in order, from offset 0, each at the next
// offset its alignment allows, like an arena's: the same sequence of
// requests on a reopened file gets the same bytes back, which is how a
// program finds its data again (nd.Empty, not nd.Zeros, to keep it). A
// block's contents are what the file holds there: zeros where the file is
// new. In ReadWrite mode the file grows (ftruncate; the new space takes no
// disk until written) as blocks are cut past its end, up to the address
// space reserved when it was opened (DefaultReserve, or the Reserve
// option); addresses never move. In ReadOnly mode blocks must lie within
// the existing file.
//
// Free of the most recent block gives its space back to the next Alloc;
// other blocks' space stays cut (the file never shrinks). Realloc grows the
// most recent block in place. Free and Realloc tell live blocks from
// foreign slices and blocks freed twice.
//
// Close unmaps the file and invalidates every array made from the
// allocator: their Err wraps mem.ErrReleased and element access panics
// saying the file was closed. Arrays over a ReadOnly allocator refuse Set
// (see nd.ReadOnlyAllocator); its mapping is private, so even the unchecked
// escape hatches cannot change the file, and a write does not fault. A read
// of a page the file no longer has (another program truncated it) faults
// in either mode; see CatchFault.
//
// An Allocator is safe for concurrent use.
type Allocator struct {
	m    *mapping
	off  int64           // next free offset; guarded by m.mu
	live map[uintptr]blk // live blocks by address
	dead map[uintptr]int // freed blocks by address, to report a second Free
	s    mem.Stats
}

// maxDead bounds how many freed blocks an Allocator remembers to tell a
// double Free from a foreign one.
const maxDead = 1 << 16

// blk is a live block: its size and where its reservation (padding
// included) starts.
type blk struct {
	size  int
	start int64
}

// NewAllocator maps the file at path as raw memory for arrays that live
// in it. To keep an array across runs, use Create and Open instead: a .npy
// file records its shape and dtype, and Open maps it back as it was. A raw
// file records neither, so its data are found again only by replaying the
// same requests with nd.Empty; nd.Zeros on a reopened file clears what it
// held.
//
// ReadWrite creates the file if it
// does not exist and keeps its contents if it does; ReadOnly needs an
// existing file (an error wrapping fs.ErrNotExist otherwise). Only a
// regular file maps: anything else is refused at once with an error
// wrapping fs.ErrInvalid. Options: Reserve.
func NewAllocator(path string, mode Mode, opts ...Option) (*Allocator, error) {
	o := buildOptions(opts)
	m, err := openMapping(path, mode, true, o.reserve)
	if err != nil {
		return nil, err
	}
	return &Allocator{m: m, live: map[uintptr]blk{}, dead: map[uintptr]int{}}, nil
}

// Path is the mapped file's name.
func (a *Allocator) Path() string { return a.m.path }

// Mode is the mode the file was mapped in.
func (a *Allocator) Mode() Mode { return a.m.mode }

// Size is the file's size in bytes now.
func (a *Allocator) Size() int64 {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	return a.m.size
}

// Alloc cuts size bytes aligned to align (a power of two) from the file,
// growing it in ReadWrite mode. See Allocator for what they hold.
func (a *Allocator) Alloc(size, align int) ([]byte, error) {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	b, err := a.cut("Alloc", size, align)
	if err != nil {
		a.s.Failed++
		return nil, err
	}
	return b, nil
}

// cut makes a new live block. The caller holds a.m.mu.
func (a *Allocator) cut(op string, size, align int) ([]byte, error) {
	if err := mem.CheckRequest("Allocator", op, size, align); err != nil {
		return nil, err
	}
	if err := a.m.liveErr("Allocator." + op); err != nil {
		return nil, err
	}
	// The block starts at the first offset from a.off whose address is a
	// multiple of align, and must fit in the room left from there. Both
	// are checked against what is left, never by computing an end that
	// could overflow (CheckRequest allows sizes up to MaxInt-align).
	base := uintptr(unsafe.Pointer(unsafe.SliceData(a.m.region)))
	pad := int64((align - int((base+uintptr(a.off))%uintptr(align))) % align)
	room := a.m.room(a.off)
	if pad > room || int64(size) > room-pad {
		return nil, fmt.Errorf("%w: Allocator.%s(%d, align %d) of %s: %d bytes left of the %d reserved (see Reserve)",
			mem.ErrOutOfMemory, op, size, align, a.m.path, room, len(a.m.region))
	}
	start := a.off + pad
	end := start + int64(size)
	if err := a.m.grow(end); err != nil {
		return nil, fmt.Errorf("%w: Allocator.%s(%d, align %d): %w", mem.ErrOutOfMemory, op, size, align, err)
	}
	b := a.m.region[start:end:end]
	p := base + uintptr(start)
	a.live[p] = blk{size: size, start: a.off}
	delete(a.dead, p)
	a.s.Allocated += int64(size)
	a.s.Reserved += end - a.off
	a.s.TotalAllocated += int64(size)
	a.s.Allocs++
	a.s.Peak = max(a.s.Peak, a.s.Allocated)
	mem.TraceAlloc(a, b, int(end-a.off))
	a.off = end
	return b, nil
}

// lookup finds the live block b. The caller holds a.m.mu.
func (a *Allocator) lookup(op string, b []byte) (uintptr, blk, error) {
	if err := a.m.liveErr("Allocator." + op); err != nil {
		return 0, blk{}, err
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	k, ok := a.live[p]
	switch {
	case ok && k.size == cap(b):
		return p, k, nil
	case !ok && a.dead[p] == cap(b) && cap(b) > 0:
		return 0, blk{}, fmt.Errorf("%w: Allocator.%s of %d bytes at %#x of %s", mem.ErrDoubleFree, op, cap(b), p, a.m.path)
	}
	return 0, blk{}, fmt.Errorf("%w: Allocator.%s: %d bytes at %#x are not a live block of %s", mem.ErrForeign, op, cap(b), p, a.m.path)
}

// release forgets the live block at p. The caller holds a.m.mu.
func (a *Allocator) release(p uintptr, k blk) {
	delete(a.live, p)
	if len(a.dead) >= maxDead {
		// Bounded memory: a second Free of a block forgotten here is
		// still refused, as ErrForeign rather than ErrDoubleFree.
		clear(a.dead)
	}
	a.dead[p] = k.size
	end := int64(p-uintptr(unsafe.Pointer(unsafe.SliceData(a.m.region)))) + int64(k.size)
	if end == a.off {
		a.off = k.start
	}
	a.s.Allocated -= int64(k.size)
	a.s.Reserved -= end - k.start
}

// Free gives back a block from Alloc or Realloc. Its bytes stay in the
// file.
func (a *Allocator) Free(b []byte) error {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	p, k, err := a.lookup("Free", b)
	if err != nil {
		return err
	}
	a.release(p, k)
	a.s.Frees++
	mem.TraceFree(a, b)
	return nil
}

// Realloc resizes b to newSize bytes aligned to align, keeping its first
// min(len(b), newSize) bytes. The most recent block grows or shrinks in
// place; another shrinks in place and grows by moving. An empty b makes
// Realloc an Alloc.
func (a *Allocator) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return a.Alloc(newSize, align)
	}
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	nb, err := a.realloc(b, newSize, align)
	if err != nil {
		a.s.Failed++
		return nil, err
	}
	return nb, nil
}

func (a *Allocator) realloc(b []byte, newSize, align int) ([]byte, error) {
	if err := mem.CheckRequest("Allocator", "Realloc", newSize, align); err != nil {
		return nil, err
	}
	p, k, err := a.lookup("Realloc", b)
	if err != nil {
		return nil, err
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(a.m.region)))
	off := int64(p - base)
	last := off+int64(k.size) == a.off
	if p%uintptr(align) == 0 && (newSize <= k.size || last) {
		if last && int64(newSize) > a.m.room(off) {
			return nil, fmt.Errorf("%w: Allocator.Realloc(%d) of %s: %d bytes left of the %d reserved (see Reserve)",
				mem.ErrOutOfMemory, newSize, a.m.path, a.m.room(off), len(a.m.region))
		}
		end := off + int64(newSize) // within the mapping: no overflow
		if last {
			if err := a.m.grow(end); err != nil {
				return nil, fmt.Errorf("%w: Allocator.Realloc(%d): %w", mem.ErrOutOfMemory, newSize, err)
			}
			a.off = end
		}
		a.s.Reserved += int64(newSize - k.size)
		a.live[p] = blk{size: newSize, start: k.start}
		a.s.Allocated += int64(newSize - k.size)
		a.s.TotalAllocated += int64(newSize)
		a.s.Reallocs++
		a.s.Peak = max(a.s.Peak, a.s.Allocated)
		mem.TraceRealloc(a, b, a.m.region[off:end:end], int(end-k.start))
		return a.m.region[off:end:end], nil
	}
	nb, err := a.cut("Realloc", newSize, align)
	if err != nil {
		return nil, err
	}
	copy(nb, b[:min(k.size, newSize)])
	a.release(p, k)
	mem.TraceFree(a, b) // cut reported nb as an allocation
	// cut counted an Alloc; a Realloc counts only as a Realloc.
	a.s.Allocs--
	a.s.Reallocs++
	return nb, nil
}

// Allocated returns the requested bytes live now.
func (a *Allocator) Allocated() int64 {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	return a.s.Allocated
}

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (a *Allocator) Peak() int64 {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	return a.s.Peak
}

// ResetPeak sets Peak to the current Allocated.
func (a *Allocator) ResetPeak() {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	a.s.Peak = a.s.Allocated
}

// Stats returns a snapshot of the accounting. Capacity is the address
// space reserved for the file; Close counts every live block as freed.
func (a *Allocator) Stats() mem.Stats {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	s := a.s
	s.Capacity = int64(len(a.m.region))
	return s
}

// Sync writes every change to the file and waits until it is on the
// device (msync and fsync): after Sync returns, the data survives the
// process being killed and the machine losing power.
func (a *Allocator) Sync() error { return a.m.sync() }

// Advise tells the kernel how the file's bytes will be used; see Advice.
func (a *Allocator) Advise(advice Advice) error { return a.m.advise(0, math.MaxInt64/2, advice) }

// Close unmaps the file and closes it, without a Sync (changes already
// made reach the file through the page cache in any case; Sync makes them
// durable). Every array made from the allocator is invalid afterwards, and
// later Allocs fail with an error wrapping mem.ErrReleased. Close is
// idempotent.
func (a *Allocator) Close() error {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	if a.m.region != nil {
		a.s.Frees += int64(len(a.live))
		a.s.Allocated, a.s.Reserved = 0, 0
		mem.TraceReset(a)
		clear(a.live)
		clear(a.dead)
	}
	return a.m.closeLocked()
}

// Generation is 0 while the file is mapped and 1 once it is closed.
func (a *Allocator) Generation() uint64 { return a.m.Generation() }

// CheckGeneration returns nil while the file is mapped, and an error
// wrapping mem.ErrReleased saying the file was closed once it is.
func (a *Allocator) CheckGeneration(gen uint64) error { return a.m.CheckGeneration(gen) }

// ReadOnly returns an error wrapping ErrReadOnly when the file is mapped
// ReadOnly, nil otherwise: arrays made from a ReadOnly allocator refuse
// Set with it (see nd.ReadOnlyAllocator).
func (a *Allocator) ReadOnly() error { return a.m.readOnlyErr() }
