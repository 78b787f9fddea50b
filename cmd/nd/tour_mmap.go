package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// tourMmap runs the guide's memory-mapped example as written (a 10000 x
// 10000 float64 array in a temp file, one element set, Sync, reopen,
// check), then the .npy side: a file NumPy opens, appended in place and
// reopened in O(1), shown as the time to open it over the time to open a
// file 10,000 times smaller. Each row prints as it is done.
func tourMmap(_ context.Context, w io.Writer, cfg tourConfig) error {
	dir, err := os.MkdirTemp("", "numgo-tour")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	rss0, _ := osmem.RSS()
	step := func(what string, fn func() error) error {
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		fmt.Fprintf(w, "   %-58s done\n", what)
		return nil
	}

	path := filepath.Join(dir, "large_array.dat")
	var alloc *mmap.Allocator
	var array *nd.Array[float64]
	if err := step("NewAllocator(ReadWrite) + nd.Empty 10000x10000 float64", func() (err error) {
		if alloc, err = mmap.NewAllocator(path, mmap.ReadWrite); err != nil {
			return err
		}
		array, err = nd.Empty[float64]([]int{10000, 10000}, nd.With(alloc))
		return err
	}); err != nil {
		return err
	}
	defer alloc.Close()
	if err := step("array.Set(42, 1000, 1000); alloc.Sync() (msync + fsync)", func() error {
		array.Set(42, 1000, 1000)
		return alloc.Sync()
	}); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	rss, _ := osmem.RSS()
	fmt.Fprintf(w, "   file %d bytes (%.0f MB, sparse: a new file reads as zeros, so Empty is Zeros here), RSS grew %.1f MiB\n",
		st.Size(), float64(st.Size())/1e6, mib(rss-rss0))
	if err := alloc.Close(); err != nil {
		return err
	}
	short := func(err error) string { return strings.ReplaceAll(fmt.Sprint(err), dir+string(filepath.Separator), "") }
	fmt.Fprintf(w, "   after Close: array.Err() = %s\n", short(array.Err()))
	if !errors.Is(array.Err(), mem.ErrReleased) {
		return errors.New("close did not invalidate the array")
	}
	var back *nd.Array[float64]
	var ro *mmap.Allocator
	if err := step("reopen ReadOnly + nd.Empty, read element (1000, 1000)", func() (err error) {
		if ro, err = mmap.NewAllocator(path, mmap.ReadOnly); err != nil {
			return err
		}
		back, err = nd.Empty[float64]([]int{10000, 10000}, nd.With(ro))
		return err
	}); err != nil {
		return err
	}
	defer ro.Close()
	fmt.Fprintf(w, "   reopened: (1000, 1000) = %v, (0, 0) = %v; Set on it refuses: %s\n", back.At(1000, 1000), back.At(0, 0), short(back.Writable()))
	if back.At(1000, 1000) != 42 {
		return fmt.Errorf("the element did not survive: %v", back.At(1000, 1000))
	}

	npy := filepath.Join(dir, "log.npy")
	var a *mmap.Array[float64]
	if err := step("mmap.Create[float64] log.npy 10000x10000 (NumPy's header)", func() (err error) {
		a, err = mmap.Create[float64](npy, []int{10000, 10000})
		return err
	}); err != nil {
		return err
	}
	rows, _ := nd.Full[float64]([]int{2, 10000}, 7)
	if err := step("Append 2 rows in place, Sync", func() error {
		if err := a.Append(rows); err != nil {
			return err
		}
		return a.Sync()
	}); err != nil {
		return err
	}
	a.Close()
	if a, err = mmap.Open[float64](npy, mmap.ReadOnly); err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(w, "   reopened: shape %v, (10001, 5) = %v; the file is what np.save writes, and np.load opens it\n", a.Shape(), a.At(10001, 5))

	// Open is O(1): it reads the header and maps, whatever the data's size.
	small := filepath.Join(dir, "small.npy")
	s, err := mmap.Create[float64](small, []int{100, 100})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	var openErr error
	open := func(p string) func(n int) {
		return func(n int) {
			for range n {
				x, err := mmap.Open[float64](p, mmap.ReadOnly)
				if err == nil {
					err = x.Close()
				}
				if err != nil && openErr == nil {
					openErr = err
				}
			}
		}
	}
	t := sideBySide(cfg, open(npy), open(small))
	if openErr != nil {
		return openErr
	}
	fmt.Fprintf(w, "   mmap.Open+Close of the 800 MB .npy takes %.2fx the time of an 80 KB one (O(1): the header and a mapping)\n", t[0].ratio(t[1]))
	return nil
}
