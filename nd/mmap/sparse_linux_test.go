//go:build linux

package mmap_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/ops"
)

// TestLargerThanRAM creates a 32 GiB .npy (more than this machine's 24 GiB
// of RAM) as a sparse file, writes a window of it and its last row, reads
// them back through a fresh mapping and sums the window, and asserts that
// neither the process's resident memory nor the file's disk use grew by
// more than a few MiB.
func TestLargerThanRAM(t *testing.T) {
	const rows, cols = 1 << 22, 1024 // float64: 32 GiB
	dir := t.TempDir()
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		t.Skip("statfs:", err)
	}
	if free := int64(fs.Bavail) * int64(fs.Bsize); free < 1<<30 {
		t.Skipf("%d MiB free in %s; the sparse file needs little, but not nothing", free>>20, dir)
	}
	rss0, err := osmem.RSS()
	if err != nil {
		t.Skip("no RSS:", err)
	}
	path := filepath.Join(dir, "big.npy")
	a, err := mmap.Create[float64](path, []int{rows, cols})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 32<<30 {
		t.Fatalf("file of %d bytes", st.Size())
	}
	if blocks := st.Sys().(*syscall.Stat_t).Blocks * 512; blocks > 1<<20 {
		t.Skipf("this file system does not make sparse files (%d bytes on disk for a new 32 GiB file)", blocks)
	}
	const from, n = 3_000_000, 4 // a window of 4 rows past 22 GiB
	for i := from; i < from+n; i++ {
		for j := range cols {
			a.Set(float64(j), i, j)
		}
	}
	a.Set(-1, rows-1, cols-1)
	if err := a.Sync(); err != nil {
		t.Fatal(err)
	}
	a.Close()

	b, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	window, err := b.Slice(nd.Span(from-1, from+n+1))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ops.Sum(window)
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(n * cols * (cols - 1) / 2); sum != want {
		t.Fatalf("sum over the window %v, want %v", sum, want)
	}
	if b.At(rows-1, cols-1) != -1 || b.At(0, 0) != 0 || b.At(rows/2, 7) != 0 {
		t.Fatal("elements outside the window are wrong")
	}
	rss, err := osmem.RSS()
	if err != nil {
		t.Fatal(err)
	}
	st, _ = os.Stat(path)
	disk := st.Sys().(*syscall.Stat_t).Blocks * 512
	t.Logf("32 GiB array: RSS grew %d KiB, file takes %d KiB of disk", (rss-rss0)>>10, disk>>10)
	if rss-rss0 > 64<<20 {
		t.Fatalf("RSS grew by %d MiB for a few touched pages", (rss-rss0)>>20)
	}
	if disk > 64<<20 {
		t.Fatalf("the sparse file takes %d MiB of disk", disk>>20)
	}
}
