package numa

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// Allocator is a mem.Allocator whose memory is placed on NUMA nodes by a
// Policy. Every Alloc is its own anonymous mapping (off the Go heap): the
// policy is applied with mbind before anything touches it, then every page
// is touched, so placement happens in Alloc and not later, wherever the
// first write happens to run. Freed memory goes back to the OS at once.
//
//	a, err := numa.NewAllocator(numa.Bind(0))
//	if err != nil { ... }  // e.g. node 0 not allowed: the error names the nodes that are
//	defer a.Close()
//	x, err := nd.Zeros[float64]([]int{5000, 5000}, nd.With(a))
//	node, err := numa.NodeOf(x) // the kernel's answer: 0
//
// Memory comes in whole pages: a request costs its size rounded up to the
// page size (Stats.Reserved counts it), so the allocator is meant for
// arrays, not for many small buffers. Alloc returns zeroed memory (fresh
// pages); the growth of a Realloc is unspecified. Alignments up to the
// page size cost nothing; larger ones map align less a page of extra
// address space, which is never touched (Reserved counts it).
//
// Where the kernel cannot place memory (see Support), an allocator with
// the Local or Interleave policy, or Bind to node 0 on a one-node
// machine, still works, as one node: its memory is wherever the kernel
// puts it, and Applied says so and why. Bind or Preferred to a node on a
// machine with several nodes fails instead: a placement that cannot be
// made is never claimed.
//
// Free and Realloc know a buffer by its address and capacity: a foreign
// buffer or an interior slice is mem.ErrForeign, a buffer freed twice
// mem.ErrDoubleFree (while its address has not been mapped again: the
// last 1024 freed addresses are remembered). Close unmaps everything at
// once; the allocator is mem.Generational, so arrays made on it then fail
// with mem.ErrReleased.
//
// An Allocator is safe for concurrent use; the system calls run outside
// its lock.
type Allocator struct {
	policy Policy
	nodes  []int // the policy's nodes, resolved
	capab  Capability
	usable []int // the nodes memory may be placed on (capab.Nodes())
	// maxBytes is the most one request may ask for: Bind's node's total
	// memory as last read, 0 for no limit known.
	maxBytes atomic.Int64

	mu     sync.Mutex
	live   map[uintptr]mapping
	freed  map[uintptr]struct{}
	freedQ []uintptr // the order freed addresses were added, oldest first
	s      mem.Stats
	closed atomic.Bool
}

// mapping is a live buffer: the mapping it lies in and the size handed
// out.
type mapping struct {
	pages []byte
	size  int
}

// room is how many bytes the buffer at p may grow to in place.
func (mp mapping) room(p uintptr) int { return len(mp.pages) - int(p-addr(mp.pages)) }

// freedMemory is how many freed addresses an Allocator remembers to tell a
// double Free from a foreign one.
const freedMemory = 1024

// NewAllocator returns an allocator that places its memory by p on this
// machine (as Support reports it). A node that does not exist, is offline,
// has no memory or is outside the process's cpuset is an error wrapping
// ErrNode that names the nodes that may be used; Bind or Preferred where
// the kernel cannot place memory on a machine with several nodes is an
// error wrapping ErrUnavailable with the reason.
func NewAllocator(p Policy) (*Allocator, error) { return newAllocator(Support(), p) }

func newAllocator(c Capability, p Policy) (*Allocator, error) {
	if !c.Acts() && p.kind != localKind && p.kind != interleaveKind && c.multiNode() {
		return nil, fmt.Errorf("%w: NewAllocator(%v): %s", ErrUnavailable, p, c.Reason)
	}
	nodes, err := p.resolve(c)
	if err != nil {
		return nil, err
	}
	a := &Allocator{policy: p, nodes: nodes, capab: c, usable: c.Nodes(),
		live: make(map[uintptr]mapping), freed: make(map[uintptr]struct{})}
	if p.kind == bindKind && c.Acts() {
		if n, ok := c.Topology.Node(nodes[0]); ok {
			a.maxBytes.Store(n.MemTotal)
		}
	}
	return a, nil
}

// Policy returns the allocator's policy.
func (a *Allocator) Policy() Policy { return a.policy }

// Nodes returns the nodes the policy places memory on (for Local, the
// nodes it may choose from).
func (a *Allocator) Nodes() []int {
	if a.policy.kind == localKind {
		return slices.Clone(a.usable)
	}
	return slices.Clone(a.nodes)
}

// Applied reports whether the kernel applies the policy to this
// allocator's memory (mbind before first touch). When it does not, reason
// says why, and the memory is wherever the kernel's default policy puts
// it, as on one node.
func (a *Allocator) Applied() (ok bool, reason string) {
	if a.capab.Acts() {
		return true, "mbind " + a.policy.String() + " before first touch"
	}
	return false, a.capab.Reason
}

// String describes the allocator: its policy and whether it is applied.
func (a *Allocator) String() string {
	if ok, why := a.Applied(); !ok {
		return "numa.Allocator(" + a.policy.String() + ", not applied: " + why + ")"
	}
	return "numa.Allocator(" + a.policy.String() + " on node(s) " + formatList(a.Nodes()) + ")"
}

// failed counts a failed request and returns its error.
func (a *Allocator) failed(err error) error {
	a.mu.Lock()
	a.s.Failed++
	a.mu.Unlock()
	return err
}

// Alloc returns size zeroed bytes on the policy's nodes, at an address
// that is a multiple of align.
func (a *Allocator) Alloc(size, align int) ([]byte, error) {
	if err := mem.CheckRequest("numa.Allocator", "Alloc", size, align); err != nil {
		return nil, a.failed(err)
	}
	b, pages, err := a.mapPlaced("Alloc", size, align)
	if err != nil {
		return nil, a.failed(err)
	}
	a.mu.Lock()
	if a.closed.Load() {
		a.s.Failed++
		a.mu.Unlock()
		osmem.Unmap(pages)
		return nil, fmt.Errorf("%w: numa.Allocator.Alloc(%d): allocator was closed", mem.ErrReleased, size)
	}
	a.insertLocked(b, pages, size)
	mem.TraceAlloc(a, b, len(pages))
	a.s.Allocs++
	a.s.TotalAllocated += int64(size)
	a.mu.Unlock()
	return b, nil
}

// insertLocked records a new live buffer. The caller holds a.mu.
func (a *Allocator) insertLocked(b, pages []byte, size int) {
	p := addr(b)
	a.live[p] = mapping{pages: pages, size: size}
	delete(a.freed, p)
	a.s.Allocated += int64(size)
	a.s.Reserved += int64(len(pages))
	a.s.Peak = max(a.s.Peak, a.s.Allocated)
}

// mapPlaced maps whole pages for size bytes aligned to align, applies the
// policy and touches every page of the buffer. It returns the buffer and
// its mapping, which is larger by align less a page for alignments above
// the page size (the slack is address space only: it is never touched).
func (a *Allocator) mapPlaced(op string, size, align int) (b, pages []byte, err error) {
	if a.closed.Load() {
		return nil, nil, fmt.Errorf("%w: numa.Allocator.%s(%d): allocator was closed", mem.ErrReleased, op, size)
	}
	if limit := a.maxBytes.Load(); limit > 0 && int64(size) > limit {
		// The node may have grown (memory hotplug) since it was last read.
		if now, err := a.capab.Topology.MemTotal(a.nodes[0]); err == nil {
			a.maxBytes.Store(now)
			limit = now
		}
		if int64(size) > limit {
			return nil, nil, fmt.Errorf("%w: numa.Allocator.%s(%d) bound to node %d, which has %d bytes in all",
				mem.ErrOutOfMemory, op, size, a.nodes[0], limit)
		}
	}
	pg := osmem.PageSize()
	slack := max(align, pg) - pg
	n := (size + pg - 1) &^ (pg - 1) // size and align are at most mem.MaxSize: no overflow
	m, err := osmem.Reserve(n + slack)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: numa.Allocator.%s(%d, align %d): %w", mem.ErrOutOfMemory, op, size, align, err)
	}
	if err := a.place(m); err != nil {
		osmem.Unmap(m)
		return nil, nil, fmt.Errorf("numa.Allocator.%s(%d): placing by %v: %w", op, size, a.policy, err)
	}
	lead := int(alignUp(addr(m), uintptr(align)) - addr(m))
	for off := lead; off < lead+n; off += pg {
		m[off] = 0 // first touch: the page is allocated now, by the policy
	}
	osmem.Commit(m, int64(n)) // the slack is address space, not memory
	b = m[lead : lead+size : lead+size]
	return b, m, nil
}

// place applies the policy to fresh, untouched pages.
func (a *Allocator) place(pages []byte) error {
	if !a.capab.Acts() {
		return nil
	}
	current := -1
	if a.policy.kind == localKind {
		if _, node, err := osmem.Getcpu(); err == nil && slices.Contains(a.usable, node) {
			current = node
		}
	}
	mode, mask, flags := a.policy.mbindArgs(a.nodes, current)
	return osmem.Mbind(pages, mode, mask, flags)
}

// lookupLocked finds the live buffer b. The caller holds a.mu.
func (a *Allocator) lookupLocked(op string, b []byte) (mapping, error) {
	if a.closed.Load() {
		return mapping{}, fmt.Errorf("%w: numa.Allocator.%s: allocator was closed", mem.ErrReleased, op)
	}
	p := addr(b)
	mp, ok := a.live[p]
	_, wasFreed := a.freed[p]
	switch {
	case !ok && wasFreed:
		return mapping{}, fmt.Errorf("%w: numa.Allocator.%s of %d bytes at %#x", mem.ErrDoubleFree, op, cap(b), p)
	case !ok:
		return mapping{}, fmt.Errorf("%w: numa.Allocator.%s: no live buffer starts at %#x", mem.ErrForeign, op, p)
	case cap(b) != mp.size:
		return mapping{}, fmt.Errorf("%w: numa.Allocator.%s: buffer at %#x has capacity %d, the allocation has %d", mem.ErrForeign, op, p, cap(b), mp.size)
	}
	return mp, nil
}

// removeLocked forgets the live buffer at p, remembering it as freed. The
// caller holds a.mu.
func (a *Allocator) removeLocked(p uintptr, mp mapping) {
	delete(a.live, p)
	if len(a.freedQ) >= freedMemory {
		delete(a.freed, a.freedQ[0])
		a.freedQ = a.freedQ[1:]
	}
	a.freed[p] = struct{}{}
	a.freedQ = append(a.freedQ, p)
	a.s.Allocated -= int64(mp.size)
	a.s.Reserved -= int64(len(mp.pages))
}

// Free unmaps a buffer Alloc or Realloc returned: its memory goes back to
// the OS at once.
func (a *Allocator) Free(b []byte) error {
	a.mu.Lock()
	mp, err := a.lookupLocked("Free", b)
	if err != nil {
		a.mu.Unlock()
		return err
	}
	a.removeLocked(addr(b), mp)
	a.s.Frees++
	mem.TraceFree(a, b)
	a.mu.Unlock()
	return osmem.Unmap(mp.pages)
}

// Realloc resizes b to newSize bytes aligned to align, keeping its first
// min(len(b), newSize) bytes. It stays in place when the new size fits in
// the pages b already has; otherwise it maps and places new pages, copies,
// and unmaps the old ones. An empty b makes Realloc an Alloc.
func (a *Allocator) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if cap(b) == 0 {
		return a.Alloc(newSize, align)
	}
	if err := mem.CheckRequest("numa.Allocator", "Realloc", newSize, align); err != nil {
		return nil, a.failed(err)
	}
	p := addr(b)
	a.mu.Lock()
	mp, err := a.lookupLocked("Realloc", b)
	if err != nil {
		a.s.Failed++
		a.mu.Unlock()
		return nil, err
	}
	if p%uintptr(align) == 0 && newSize <= mp.room(p) {
		a.live[p] = mapping{pages: mp.pages, size: newSize}
		a.s.Allocated += int64(newSize - mp.size)
		a.s.Peak = max(a.s.Peak, a.s.Allocated)
		a.s.TotalAllocated += int64(newSize)
		a.s.Reallocs++
		mem.TraceRealloc(a, b, unsafe.Slice(unsafe.SliceData(b), newSize), len(mp.pages))
		a.mu.Unlock()
		return unsafe.Slice(unsafe.SliceData(b), newSize), nil
	}
	// Moving: take b out of the live set while the new pages are mapped,
	// so a concurrent Free of b fails instead of racing with the copy.
	delete(a.live, p)
	a.mu.Unlock()
	nb, pages, err := a.mapPlaced("Realloc", newSize, align)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed.Load() { // Close ran meanwhile and could not see b: b is freed here
		if err == nil {
			osmem.Unmap(pages)
		}
		osmem.Unmap(mp.pages)
		a.s.Frees++
		a.s.Failed++
		return nil, fmt.Errorf("%w: numa.Allocator.Realloc(%d): allocator was closed", mem.ErrReleased, newSize)
	}
	if err != nil {
		a.live[p] = mp
		a.s.Failed++
		return nil, err
	}
	copy(nb, unsafe.Slice(unsafe.SliceData(b), min(mp.size, newSize)))
	a.removeLocked(p, mp)
	a.insertLocked(nb, pages, newSize)
	mem.TraceRealloc(a, b, nb, len(pages))
	a.s.TotalAllocated += int64(newSize)
	a.s.Reallocs++
	return nb, osmem.Unmap(mp.pages)
}

// Close unmaps every buffer still live and invalidates them: arrays made
// on the allocator fail with mem.ErrReleased, and later calls fail the
// same way. Close is idempotent.
func (a *Allocator) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed.Swap(true) {
		return nil
	}
	var errs []error
	for _, mp := range a.live {
		errs = append(errs, osmem.Unmap(mp.pages))
	}
	a.s.Frees += int64(len(a.live))
	a.s.Allocated, a.s.Reserved = 0, 0
	mem.TraceReset(a)
	a.live, a.freed, a.freedQ = nil, nil, nil
	return errors.Join(errs...)
}

// Generation returns 0 while the allocator is open and 1 once it is
// closed. See mem.Generational.
func (a *Allocator) Generation() uint64 {
	if a.closed.Load() {
		return 1
	}
	return 0
}

// CheckGeneration returns nil while memory from generation gen is valid
// (the allocator is open), and an error wrapping mem.ErrReleased saying
// the allocator was closed otherwise.
func (a *Allocator) CheckGeneration(gen uint64) error {
	if gen == 0 && !a.closed.Load() {
		return nil
	}
	return fmt.Errorf("%w: numa allocator (%v) was closed", mem.ErrReleased, a.policy)
}

// Allocated returns the requested bytes live now.
func (a *Allocator) Allocated() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.s.Allocated
}

// Peak returns the highest Allocated since creation or the last ResetPeak.
func (a *Allocator) Peak() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.s.Peak
}

// ResetPeak sets Peak to the current Allocated.
func (a *Allocator) ResetPeak() {
	a.mu.Lock()
	a.s.Peak = a.s.Allocated
	a.mu.Unlock()
}

// Stats returns a snapshot of the accounting. Reserved counts whole pages;
// a Realloc that moves counts only as a Realloc; Close counts every live
// buffer as freed.
func (a *Allocator) Stats() mem.Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.s
}

// addr returns the address of b's first byte (0 for a slice with no
// capacity).
func addr(b []byte) uintptr {
	if cap(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// alignUp rounds x up to a multiple of align (a power of two).
func alignUp(x, align uintptr) uintptr { return (x + align - 1) &^ (align - 1) }

// The contract an allocator keeps.
var _ interface {
	mem.Allocator
	mem.StatsReporter
	mem.Generational
} = (*Allocator)(nil)
