// Package osmem is the only place in numgo that asks the operating system
// for memory directly: anonymous mappings (mmap, munmap), protection
// (mprotect), advice (madvise), and the process's resident set size.
//
// Everything here is thin and checked: a mapping is a []byte whose length is
// the size asked for, and the same slice goes back to Unmap. On systems other
// than Linux the mapping functions return an error wrapping ErrUnsupported.
package osmem

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ErrUnsupported is wrapped by the errors of functions this operating
// system does not provide.
var ErrUnsupported = errors.New("osmem: not supported on this operating system")

// The mapped-byte counters count memory, never address space merely
// reserved: an anonymous mapping from Map or MapAligned counts whole, one
// from Reserve only as its owner hands it out (Commit), and a file mapping
// counts the file's bytes, not the room reserved past its end for it to
// grow into. counted holds what each mapping adds to its counter, by the
// address of its first byte.
var (
	anonMapped, fileMapped atomic.Int64
	countedMu              sync.Mutex
	counted                = map[uintptr]mapCount{}
)

// mapCount is what a mapping adds to its counter.
type mapCount struct {
	n, length int64 // bytes counted, of length mapped
	file      bool
}

// AnonMapped returns the bytes of anonymous memory numgo holds now, off
// the Go heap where the runtime's GOMEMLIMIT does not see them: mappings
// from Map and MapAligned whole, and of a reservation from Reserve the
// bytes its owner committed (an arena's used part, not its capacity).
func AnonMapped() int64 { return anonMapped.Load() }

// FileMapped returns the bytes of the files numgo holds mapped now: each
// file's size, as MapFile found it and Commit updates it when the file
// grows, never the address space reserved past its end. Of those, only
// the pages touched are resident, and they belong to the page cache.
func FileMapped() int64 { return fileMapped.Load() }

// counter returns the counter a mapping adds to.
func (c mapCount) counter() *atomic.Int64 {
	if c.file {
		return &fileMapped
	}
	return &anonMapped
}

// track starts counting n bytes of the mapping b.
func track(b []byte, n int64, file bool) {
	c := mapCount{min(max(n, 0), int64(len(b))), int64(len(b)), file}
	countedMu.Lock()
	counted[sliceAddr(b)] = c
	countedMu.Unlock()
	c.counter().Add(c.n)
	mappedChanged()
}

// untrack stops counting the mapping b (unmapped, or retired).
func untrack(b []byte) {
	countedMu.Lock()
	c, ok := counted[sliceAddr(b)]
	delete(counted, sliceAddr(b))
	countedMu.Unlock()
	if ok {
		c.counter().Add(-c.n)
		mappedChanged()
	}
}

// Commit sets the bytes counted of the mapping that starts at b's first
// byte to n, clipped to the mapping's length: the part of a reservation
// (Reserve) its owner has handed out, or the new size of the file under a
// mapping from MapFile after the owner grew or shrank it. A slice that
// does not start a mapping numgo made changes nothing.
func Commit(b []byte, n int64) {
	if cap(b) == 0 {
		return
	}
	countedMu.Lock()
	c, ok := counted[sliceAddr(b)]
	var d int64
	if ok {
		n = min(max(n, 0), c.length)
		d, c.n = n-c.n, n
		counted[sliceAddr(b)] = c
	}
	countedMu.Unlock()
	if d != 0 {
		c.counter().Add(d)
		mappedChanged()
	}
}

// sliceAddr returns the address of b's first byte.
func sliceAddr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// PageSize returns the size of a memory page in bytes.
func PageSize() int { return os.Getpagesize() }

// StatmPath is where the Linux kernel reports the process's memory use.
const StatmPath = "/proc/self/statm"

// RSS returns the process's resident set size in bytes, read from
// /proc/self/statm.
func RSS() (int64, error) { return RSSFrom(StatmPath) }

// RSSFrom reads a statm file (as /proc/self/statm is laid out: sizes in
// pages, the second field resident) and returns the resident size in bytes.
// Tests pass a fake file.
func RSSFrom(path string) (int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("osmem: resident set size: %w", err)
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0, fmt.Errorf("osmem: resident set size: %s has %d fields, want at least 2", path, len(fields))
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil || pages < 0 {
		return 0, fmt.Errorf("osmem: resident set size: %s: bad resident field %q", path, fields[1])
	}
	return pages * int64(PageSize()), nil
}
