package mmap

import (
	"fmt"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd/mem"
)

// region hands out one array's bytes in a mapped file (a .npy's data, an
// .npz member's), once, so that nd.Empty builds the array over them with
// the mapping's liveness and read-only rule. It is the allocator behind
// Array and MapNPZ, never exposed.
type region struct {
	m    *mapping
	what string // for messages: "data of x.npy"
	data []byte // the bytes, with capacity for at least one
	n    int    // the array's bytes (len(data) unless the array is empty)

	mu  sync.Mutex
	out bool
	s   mem.Stats
}

func newRegion(m *mapping, what string, off int64, n int) *region {
	return &region{m: m, what: what, data: m.region[off : off+int64(max(n, 1))], n: n}
}

// Alloc hands out the region: size is its length (1 for an empty array,
// as nd asks), and its address must be a multiple of align.
func (r *region) Alloc(size, align int) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := uintptr(unsafe.Pointer(unsafe.SliceData(r.data)))
	var err error
	switch {
	case r.out:
		err = fmt.Errorf("%w: the %s was handed out already", mem.ErrOutOfMemory, r.what)
	case size != len(r.data):
		err = fmt.Errorf("%w: the %s holds %d bytes; %d were asked", mem.ErrInvalidSize, r.what, r.n, size)
	case align <= 0 || p%uintptr(align) != 0:
		err = fmt.Errorf("%w: the %s at %#x is not aligned to %d bytes", mem.ErrInvalidAlignment, r.what, p, align)
	}
	if err != nil {
		r.s.Failed++
		return nil, err
	}
	r.out = true
	r.s.Allocs++
	r.s.Allocated, r.s.Reserved, r.s.TotalAllocated = int64(size), int64(size), int64(size)
	r.s.Peak = max(r.s.Peak, r.s.Allocated)
	r.m.mu.Lock()
	r.m.handed = append(r.m.handed, r)
	r.m.mu.Unlock()
	mem.TraceAlloc(r, r.data, len(r.data))
	return r.data, nil
}

// Free takes the region back (its bytes stay in the file).
func (r *region) Free(b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if unsafe.SliceData(b) != unsafe.SliceData(r.data) || cap(b) != cap(r.data) {
		return fmt.Errorf("%w: %d bytes are not the %s", mem.ErrForeign, cap(b), r.what)
	}
	if !r.out {
		return fmt.Errorf("%w: the %s", mem.ErrDoubleFree, r.what)
	}
	r.out = false
	mem.TraceFree(r, b)
	r.s.Frees++
	r.s.Allocated, r.s.Reserved = 0, 0
	return nil
}

// Realloc refuses: a mapped array's size is its file's (see Append).
func (r *region) Realloc(b []byte, newSize, align int) ([]byte, error) {
	return nil, fmt.Errorf("%w: the %s cannot be resized in place (Append grows a .npy)", mem.ErrOutOfMemory, r.what)
}

func (r *region) Allocated() int64 { return r.Stats().Allocated }
func (r *region) Peak() int64      { return r.Stats().Peak }
func (r *region) ResetPeak() {
	r.mu.Lock()
	r.s.Peak = r.s.Allocated
	r.mu.Unlock()
}

func (r *region) Stats() mem.Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.s
	s.Capacity = int64(r.n)
	return s
}

func (r *region) Generation() uint64               { return r.m.Generation() }
func (r *region) CheckGeneration(gen uint64) error { return r.m.CheckGeneration(gen) }
func (r *region) ReadOnly() error                  { return r.m.readOnlyErr() }
