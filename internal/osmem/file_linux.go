//go:build linux

package osmem

import (
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// MapFile maps length bytes of the open file fd, from its start. With
// shared set the mapping is MAP_SHARED and writable: stores reach the file
// (through the page cache) and other processes mapping it see them. Without
// it the mapping is private copy-on-write (MAP_PRIVATE, MAP_NORESERVE):
// readable, and writable without fault, but a store only changes this
// process's copy of the page and never reaches the file.
//
// length may exceed the file's size, to reserve addresses the file can grow
// into (ftruncate): pages wholly past the end of the file must not be
// touched until the file covers them (the kernel raises SIGBUS). The
// mapping counts in FileMapped by the file's size now, not by length; a
// caller that grows or shrinks the file tells Commit. Give the mapping back
// with UnmapFile.
func MapFile(fd, length int, shared bool) ([]byte, error) {
	if length <= 0 {
		return nil, fmt.Errorf("osmem: MapFile(%d bytes): length must be positive", length)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("osmem: fstat of file descriptor %d: %w", fd, err)
	}
	flags := unix.MAP_SHARED
	if !shared {
		flags = unix.MAP_PRIVATE | unix.MAP_NORESERVE
	}
	b, err := unix.Mmap(fd, 0, length, unix.PROT_READ|unix.PROT_WRITE, flags)
	if err != nil {
		return nil, fmt.Errorf("osmem: mmap %d bytes of file descriptor %d: %w", length, fd, err)
	}
	track(b, st.Size, true)
	return b, nil
}

// UnmapFile gives back a mapping from MapFile.
func UnmapFile(b []byte) error {
	if err := unix.Munmap(b); err != nil {
		return fmt.Errorf("osmem: munmap %d bytes of a file mapping: %w", len(b), err)
	}
	untrack(b)
	return nil
}

// Msync writes the dirty pages of b (page-aligned start, from a shared
// file mapping) to the file and waits until they are on the device
// (MS_SYNC).
func Msync(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if err := unix.Msync(b, unix.MS_SYNC); err != nil {
		return fmt.Errorf("osmem: msync %d bytes: %w", len(b), err)
	}
	return nil
}

var madvice = [...]int{
	AdviseNormal:     unix.MADV_NORMAL,
	AdviseSequential: unix.MADV_SEQUENTIAL,
	AdviseRandom:     unix.MADV_RANDOM,
	AdviseWillNeed:   unix.MADV_WILLNEED,
	AdviseDontNeed:   unix.MADV_DONTNEED,
}

// Advise passes advice about b (page-aligned start, from a mapping) to the
// kernel.
func Advise(b []byte, advice Advice) error {
	if advice < 0 || int(advice) >= len(madvice) {
		return fmt.Errorf("osmem: Advise: unknown advice %d", int(advice))
	}
	if len(b) == 0 {
		return nil
	}
	if err := unix.Madvise(b, madvice[advice]); err != nil {
		return fmt.Errorf("osmem: madvise %d bytes %v: %w", len(b), advice, err)
	}
	return nil
}

// OpenRegular opens the file at path as os.OpenFile does (flag, perm), but
// only if it is a regular file: it opens with O_NONBLOCK, so that a named
// pipe (FIFO) or a device cannot block the open, checks the type of what
// it opened (fstat on the descriptor, so nothing can swap the file between
// the check and the use), and clears O_NONBLOCK again. Anything else is
// closed and refused with an error wrapping fs.ErrInvalid that names its
// type.
func OpenRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|unix.O_NONBLOCK, perm)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%w: %s is not a regular file (%v)", fs.ErrInvalid, path, st.Mode().Type())
	}
	if err == nil {
		err = unix.SetNonblock(int(f.Fd()), false)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
