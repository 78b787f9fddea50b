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
	"sync/atomic"
)

// ErrUnsupported is wrapped by the errors of functions this operating
// system does not provide.
var ErrUnsupported = errors.New("osmem: not supported on this operating system")

// anonMapped counts the bytes of anonymous memory mapped by Map and not yet
// given back by Unmap.
var anonMapped atomic.Int64

// AnonMapped returns the bytes of anonymous memory numgo holds mapped now
// (Map less Unmap): memory off the Go heap that the runtime's GOMEMLIMIT
// does not see.
func AnonMapped() int64 { return anonMapped.Load() }

// fileMapped counts the bytes of file mappings made by MapFile and not yet
// given back by UnmapFile.
var fileMapped atomic.Int64

// FileMapped returns the bytes of address space numgo holds mapped over
// files now (MapFile less UnmapFile): reserved room included, of which only
// the pages touched are resident, and those belong to the page cache.
func FileMapped() int64 { return fileMapped.Load() }

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
