package mmap_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mem/memtest"
	"github.com/numgo/numgo/nd/mmap"
)

// newAlloc makes a ReadWrite allocator over a fresh temp file, closed and
// checked for leaks when the test ends.
func newAlloc(t *testing.T, opts ...mmap.Option) *mmap.Allocator {
	t.Helper()
	a, err := mmap.NewAllocator(filepath.Join(t.TempDir(), "alloc.dat"), mmap.ReadWrite, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return memtest.Checked(t, a)
}

// TestAllocatorContract runs the checks every numgo allocator passes
// (alignment 1..4096, exact accounting over a random sequence, concurrent
// stress, bad input, foreign and double frees).
func TestAllocatorContract(t *testing.T) {
	memtest.Run(t, memtest.Factory{
		New: func(t *testing.T) memtest.Allocator { return newAlloc(t) },
	})
}

func TestAllocatorBadInput(t *testing.T) {
	a := newAlloc(t, mmap.Reserve(1<<20))
	for _, c := range []struct {
		size, align int
		want        error
	}{{0, 8, mem.ErrInvalidSize}, {-1, 8, mem.ErrInvalidSize}, {8, 0, mem.ErrInvalidAlignment}, {8, 3, mem.ErrInvalidAlignment}, {2 << 20, 8, mem.ErrOutOfMemory}} {
		if _, err := a.Alloc(c.size, c.align); !errors.Is(err, c.want) {
			t.Errorf("Alloc(%d, %d): %v, want %v", c.size, c.align, err, c.want)
		}
	}
	if _, err := a.Alloc(2<<20, 8); !strings.Contains(err.Error(), "reserved") {
		t.Errorf("past the reservation: %v does not say so", err)
	}
	if s := a.Stats(); s.Failed != 6 || s.Allocs != 0 || a.Size() != 0 {
		t.Errorf("after bad requests: %v, file %d bytes", s, a.Size())
	}
	b, _ := a.Alloc(64, 8)
	if err := a.Free(make([]byte, 64)); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("foreign Free: %v", err)
	}
	if err := a.Free(b[8:]); !errors.Is(err, mem.ErrForeign) {
		t.Errorf("interior Free: %v", err)
	}
	if _, err := a.Realloc(b, 0, 8); !errors.Is(err, mem.ErrInvalidSize) {
		t.Errorf("Realloc to 0: %v", err)
	}
	if err := a.Free(b); err != nil {
		t.Fatal(err)
	}
	if err := a.Free(b); !errors.Is(err, mem.ErrDoubleFree) {
		t.Errorf("double Free: %v", err)
	}
	a.ResetPeak()
	if a.Peak() != 0 {
		t.Errorf("Peak %d after ResetPeak with nothing live", a.Peak())
	}
}

// TestAllocatorCloseAndReopen is the guide's example at a test's size: an
// array in a file, one element set, Sync, Close (which invalidates it),
// reopen, check; then read-only safety.
func TestAllocatorCloseAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "large_array.dat")
	mapped := osmem.FileMapped()
	alloc, err := mmap.NewAllocator(path, mmap.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(alloc))
	if err != nil {
		t.Fatal(err)
	}
	a.Set(42, 100, 100)
	view := a.T()
	if err := alloc.Sync(); err != nil {
		t.Fatal(err)
	}
	if alloc.Size() != 8e6 || a.Writable() != nil {
		t.Fatalf("file %d bytes, writable %v", alloc.Size(), a.Writable())
	}
	if err := alloc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := alloc.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if osmem.FileMapped() != mapped {
		t.Fatalf("FileMapped %d after Close, want %d", osmem.FileMapped(), mapped)
	}
	for _, arr := range []*nd.Array[float64]{a, view} {
		if err := arr.Err(); !errors.Is(err, mem.ErrReleased) || !strings.Contains(err.Error(), "file was closed") {
			t.Fatalf("Err after Close: %v", err)
		}
		if msg := panicOf(func() { arr.At(1, 1) }); !strings.Contains(msg, "file was closed") {
			t.Fatalf("At after Close panicked with %q", msg)
		}
	}
	if _, err := alloc.Alloc(8, 8); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Alloc after Close: %v", err)
	}

	ro, err := mmap.NewAllocator(path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	b, err := nd.Empty[float64]([]int{1000, 1000}, nd.With(ro))
	if err != nil {
		t.Fatal(err)
	}
	if b.At(100, 100) != 42 || b.At(0, 0) != 0 {
		t.Fatalf("reopened: %v %v", b.At(100, 100), b.At(0, 0))
	}
	if msg := panicOf(func() { b.Set(1, 0, 0) }); !strings.Contains(msg, "read-only") || !strings.Contains(msg, path) {
		t.Fatalf("Set on a ReadOnly file panicked with %q", msg)
	}
	if !errors.Is(b.Writable(), mmap.ErrReadOnly) {
		t.Fatalf("Writable: %v", b.Writable())
	}
	b.Data()[0] = 7 // the unchecked way: a private page, never the file, never a fault
	if _, err := ro.Alloc(8, 8); !errors.Is(err, mem.ErrOutOfMemory) || !errors.Is(err, mmap.ErrReadOnly) {
		t.Fatalf("Alloc past the end of a ReadOnly file: %v", err)
	}
	if err := ro.Free(addrBytes(b)); err != nil {
		t.Fatal(err)
	}
	again, err := mmap.NewAllocator(path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	c, _ := nd.Empty[float64]([]int{1000, 1000}, nd.With(again))
	if c.At(0, 0) != 0 || c.At(100, 100) != 42 {
		t.Fatalf("a write to a ReadOnly mapping reached the file: %v", c.At(0, 0))
	}
	if _, err := mmap.NewAllocator(filepath.Join(t.TempDir(), "absent"), mmap.ReadOnly); err == nil {
		t.Fatal("ReadOnly allocator over a missing file")
	}
}

// addrBytes is the buffer of a dense float64 array, as its allocator gave it.
func addrBytes(a *nd.Array[float64]) []byte {
	d := a.Data()
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(d))), len(d)*8)
}

// panicOf returns what f panics with, "" if it returns.
func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}
