package mmap_test

import (
	"path/filepath"
	"testing"

	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// TestMappedArraysAreProfiled: opening a .npy hands its data out through
// an allocator the profiler sees, and closing the file takes it back.
func TestMappedArraysAreProfiled(t *testing.T) {
	path := filepath.Join(fixtures, "float64_c.npy")
	var size int64
	stats, err := mem.NewProfiler().Profile(func() error {
		a, err := mmap.Open[float64](path, mmap.ReadOnly)
		if err != nil {
			return err
		}
		size = int64(a.Size() * 8)
		return a.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.AllocationCount != 1 || stats.TotalAllocated != size || stats.Leaks != 0 {
		t.Fatalf("profile of Open+Close: %d allocations of %d bytes, %d leaks; want 1 of %d, none leaked",
			stats.AllocationCount, stats.TotalAllocated, stats.Leaks, size)
	}
}
