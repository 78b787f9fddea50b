//go:build linux

package osmem

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// MapAligned is Map for a region whose first byte's address is a multiple
// of align (a power of two, at least the page size), of size bytes rounded
// up to whole pages: it maps size+align bytes and gives the unaligned head
// and the tail back at once, so only the region stays mapped and is counted
// in AnonMapped. Give it back with UnmapAligned, never Unmap.
func MapAligned(size, align int) ([]byte, error) {
	page := PageSize()
	if size <= 0 || align < page || align&(align-1) != 0 || size > int(^uint(0)>>2)-align {
		return nil, fmt.Errorf("osmem: MapAligned(%d, %d): size must be positive and align a power of two of at least a page (%d)", size, align, page)
	}
	size = (size + page - 1) &^ (page - 1)
	total := uintptr(size + align)
	p, err := unix.MmapPtr(-1, 0, nil, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, fmt.Errorf("osmem: mmap %d bytes (for %d aligned to %d): %w", total, size, align, err)
	}
	head := (uintptr(align) - uintptr(p)%uintptr(align)) % uintptr(align)
	aligned := unsafe.Add(p, head)
	if head > 0 {
		if err := unix.MunmapPtr(p, head); err != nil {
			_ = unix.MunmapPtr(p, total)
			return nil, fmt.Errorf("osmem: munmap the %d-byte head of an aligned mapping: %w", head, err)
		}
	}
	if tail := total - head - uintptr(size); tail > 0 {
		if err := unix.MunmapPtr(unsafe.Add(aligned, size), tail); err != nil {
			_ = unix.MunmapPtr(aligned, uintptr(size)+tail)
			return nil, fmt.Errorf("osmem: munmap the %d-byte tail of an aligned mapping: %w", tail, err)
		}
	}
	b := unsafe.Slice((*byte)(aligned), size)
	track(b, int64(size), false)
	return b, nil
}

// UnmapAligned gives a region from MapAligned back to the operating system
// at once.
func UnmapAligned(b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("osmem: UnmapAligned of an empty slice")
	}
	if err := unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(b)), uintptr(len(b))); err != nil {
		return fmt.Errorf("osmem: munmap %d bytes: %w", len(b), err)
	}
	untrack(b)
	return nil
}
