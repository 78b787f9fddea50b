//go:build linux

package osmem

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Map returns size bytes of fresh anonymous private memory, readable and
// writable and filled with zeros, outside the Go heap, counted whole in
// AnonMapped. Give it back with Unmap, passing the slice Map returned.
func Map(size int) ([]byte, error) { return mapAnon("Map", size, int64(size)) }

// Reserve is Map for memory handed out bit by bit (an arena's capacity, a
// pool's slab): its pages are committed when first touched, and it counts
// in AnonMapped only as its owner says it is used (Commit). Give it back
// with Unmap or Retire.
func Reserve(size int) ([]byte, error) { return mapAnon("Reserve", size, 0) }

// mapAnon maps size bytes of anonymous memory, counting n of them.
func mapAnon(op string, size int, n int64) ([]byte, error) {
	if size <= 0 {
		return nil, fmt.Errorf("osmem: %s(%d): size must be positive", op, size)
	}
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, fmt.Errorf("osmem: mmap %d bytes: %w", size, err)
	}
	track(b, n, false)
	return b, nil
}

// Unmap gives a mapping from Map or Reserve back to the operating system
// at once.
func Unmap(b []byte) error {
	if err := unix.Munmap(b); err != nil {
		return fmt.Errorf("osmem: munmap %d bytes: %w", len(b), err)
	}
	untrack(b)
	return nil
}

// ProtectNone makes b (page-aligned, from a mapping) inaccessible: any read
// or write of it faults. The addresses stay reserved.
func ProtectNone(b []byte) error {
	if err := unix.Mprotect(b, unix.PROT_NONE); err != nil {
		return fmt.Errorf("osmem: mprotect %d bytes PROT_NONE: %w", len(b), err)
	}
	return nil
}

// Retire gives the memory of b (a whole mapping from Map or Reserve) back
// to the OS and makes it fault, keeping its addresses reserved so that
// they are never mapped again (a guarded allocator's released memory).
// Retired bytes no longer count in AnonMapped: nothing can be stored
// there. b must not be passed to Unmap afterwards.
func Retire(b []byte) error {
	if err := Quarantine(b); err != nil {
		return err
	}
	untrack(b)
	return nil
}

// Quarantine gives the memory of b (page-aligned, part of a mapping from
// Map) back to the OS and makes it fault until ProtectReadWrite; it reads
// as zero then. b still counts in AnonMapped, as part of its mapping.
func Quarantine(b []byte) error { return errors.Join(DontNeed(b), ProtectNone(b)) }

// ProtectReadWrite makes b (page-aligned, from a mapping) readable and
// writable again after ProtectNone.
func ProtectReadWrite(b []byte) error {
	if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_WRITE); err != nil {
		return fmt.Errorf("osmem: mprotect %d bytes PROT_READ|PROT_WRITE: %w", len(b), err)
	}
	return nil
}

// DontNeed tells the kernel the pages of b (page-aligned start, from a
// private anonymous mapping) are no longer needed: their physical memory is
// freed at once and they read as zeros the next time they are touched.
func DontNeed(b []byte) error {
	if err := unix.Madvise(b, unix.MADV_DONTNEED); err != nil {
		return fmt.Errorf("osmem: madvise %d bytes MADV_DONTNEED: %w", len(b), err)
	}
	return nil
}

// HugePages asks the kernel to back b (page-aligned start, from a mapping)
// with transparent huge pages where it can: first touches then fault in
// 2 MiB at a time instead of 4 KiB, several times faster for large
// buffers, at the price of residency in 2 MiB steps. It is advice: a kernel
// with transparent huge pages off ignores it.
func HugePages(b []byte) error {
	if err := unix.Madvise(b, unix.MADV_HUGEPAGE); err != nil {
		return fmt.Errorf("osmem: madvise %d bytes MADV_HUGEPAGE: %w", len(b), err)
	}
	return nil
}
