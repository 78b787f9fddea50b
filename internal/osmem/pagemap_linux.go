//go:build linux

package osmem

import (
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
)

// Bits of a /proc/self/pagemap entry (Documentation/admin-guide/mm/pagemap.rst).
const (
	pagemapPresent   = 1 << 63
	pagemapFile      = 1 << 61 // a file page or shared anonymous memory
	pagemapExclusive = 1 << 56 // mapped by this process only (Linux 4.2+)
)

// OwnPages reports, for each of the len(own) pages from the page-aligned
// address first, whether it has a physical page of its own now: present
// and either exclusively mapped or a file (or shared-memory) page. A page
// never touched or swapped out has none, and neither has a page only read
// where the kernel maps the shared zero page for it; a kernel that gives a
// read page a page of its own (as Linux 6.18 here does) makes it count. It
// reads /proc/self/pagemap, which needs no privilege (the page-frame
// numbers it hides from unprivileged readers are not used).
//
// move_pages alone cannot say this on every kernel: for the zero page
// kernels have answered -EFAULT (PageNoneOwn) or a node.
func OwnPages(first uintptr, own []bool) error {
	return pagemap(first, len(own), func(i int, e uint64) {
		own[i] = e&pagemapPresent != 0 && e&(pagemapFile|pagemapExclusive) != 0
	})
}

// pagemap reads the /proc/self/pagemap entries of n pages from the
// page-aligned address first and calls each(i, entry) for each.
func pagemap(first uintptr, n int, each func(i int, entry uint64)) error {
	if n == 0 {
		return nil
	}
	pg := uintptr(PageSize())
	if first%pg != 0 {
		return fmt.Errorf("osmem: pagemap at %#x: not page-aligned: %w", first, syscall.EINVAL)
	}
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		return fmt.Errorf("osmem: %w", err)
	}
	defer f.Close()
	const batch = 512
	buf := make([]byte, 8*min(n, batch))
	for done := 0; done < n; {
		k := min(n-done, batch)
		if _, err := f.ReadAt(buf[:8*k], int64(first/pg+uintptr(done))*8); err != nil {
			return fmt.Errorf("osmem: pagemap of %d pages at %#x: %w", k, first+uintptr(done)*pg, err)
		}
		for i := range k {
			each(done+i, binary.NativeEndian.Uint64(buf[8*i:]))
		}
		done += k
	}
	return nil
}
