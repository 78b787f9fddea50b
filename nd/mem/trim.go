package mem

import "github.com/numgo/numgo/internal/osmem"

// Trimmer is memory that can give the physical pages it holds but does not
// use back to the operating system: an Arena's space past its most recent
// block, a Pool's free blocks. A Monitor's TriggerGC trims every Trimmer
// registered with it (see Monitor.RegisterTrimmer).
type Trimmer interface {
	// TrimIdle gives idle pages back to the OS and returns how many bytes
	// it advised away (pages that were written since they were last
	// given back; the kernel frees those that are resident).
	TrimIdle() (int64, error)
}

// Trim gives the physical memory of the arena's unused space (everything
// past the most recent live block, whole pages) back to the OS; it reads as
// zero when it is used again. Call it after a Reset that followed a large
// peak, when resident memory matters more than the cost of faulting pages
// back in. Trim of a heap-backed or released arena does nothing. TrimIdle
// does the same and says how many bytes it gave back.
func (a *Arena) Trim() error {
	_, err := a.TrimIdle()
	return err
}

// TrimIdle is Trim, returning the bytes given back (see Trimmer).
func (a *Arena) TrimIdle() (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.released || a.opt.heap || a.chunk == nil {
		return 0, nil
	}
	from := int(alignUp(a.base+uintptr(a.off), uintptr(osmem.PageSize())) - a.base)
	if from >= a.dirty {
		return 0, nil
	}
	if err := osmem.DontNeed(a.chunk[from:a.dirty]); err != nil {
		return 0, err
	}
	n := int64(a.dirty - from)
	a.dirty, a.committed = from, from
	osmem.Commit(a.chunk, int64(from))
	return n, nil
}

// TrimIdle gives the physical memory of the pool's free blocks back to the
// OS: the whole pages inside each run of adjacent free blocks that holds a
// block written since it was last trimmed. Those blocks read as zero when
// handed out again. It returns the bytes given back (see Trimmer). Blocks
// smaller than a page are only trimmed where enough neighbours are free to
// cover whole pages. A heap-backed or closed pool gives nothing back.
func (p *Pool) TrimIdle() (int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed.Load() || p.opt.heap {
		return 0, nil
	}
	page := osmem.PageSize()
	var total int64
	for i := 0; i < p.blocks; {
		if p.used[i] > 0 {
			i++
			continue
		}
		// A run of free blocks [i, j), and the span of its dirty ones.
		j, firstDirty, lastDirty := i, -1, -1
		for ; j < p.blocks && p.used[j] <= 0; j++ {
			if p.used[j] == dirtyFree {
				if firstDirty < 0 {
					firstDirty = j
				}
				lastDirty = j
			}
		}
		if firstDirty >= 0 {
			runFrom := int(alignUp(p.base+uintptr(i*p.stride), uintptr(page)) - p.base)
			runTo := int(uintptr(j*p.stride) &^ uintptr(page-1)) // p.base is page-aligned
			from := max(runFrom, int(uintptr(firstDirty*p.stride)&^uintptr(page-1)))
			to := min(runTo, int(alignUp(uintptr((lastDirty+1)*p.stride), uintptr(page))))
			if from < to {
				if err := osmem.DontNeed(p.slab[from:to]); err != nil {
					return total, err
				}
				total += int64(to - from)
				for k := firstDirty; k <= lastDirty; k++ {
					if k*p.stride >= from && (k+1)*p.stride <= to {
						p.used[k] = 0
					}
				}
			}
		}
		i = j
	}
	return total, nil
}
