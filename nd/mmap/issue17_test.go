package mmap_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
)

// Regression tests for issue 17's nd/mmap defects, one per item.

// refused reports whether err is the refusal of a request too large or
// too aligned to serve.
func refused(err error) bool {
	return errors.Is(err, mem.ErrOutOfMemory) || errors.Is(err, mem.ErrInvalidSize) || errors.Is(err, mem.ErrInvalidAlignment)
}

// checkStats fails if an allocator's accounting went wrong.
func checkStats(t *testing.T, what string, s mem.Stats) {
	t.Helper()
	if s.Allocated < 0 || s.Reserved < s.Allocated || s.Peak < s.Allocated || s.Reserved > s.Capacity {
		t.Fatalf("%s: Stats corrupt: %+v", what, s)
	}
}

// TestAllocatorHugeRequests (item 2): sizes and alignments near the int
// limit fail with ErrOutOfMemory (or ErrInvalidSize), never panic, and
// leave the allocator working with its accounting intact.
func TestAllocatorHugeRequests(t *testing.T) {
	a := newAlloc(t, mmap.Reserve(1<<20))
	first, err := a.Alloc(100, 8)
	if err != nil {
		t.Fatal(err)
	}
	last, err := a.Alloc(256, 64)
	if err != nil {
		t.Fatal(err)
	}
	huge := []struct{ size, align int }{
		{math.MaxInt - 64, 64}, {math.MaxInt - 1, 1}, {math.MaxInt / 2, 1 << 20},
		{1, 1 << 62}, {1 << 62, 1 << 61}, {2 << 20, 8}, {1 << 46, 1}, {1 << 20, 1 << 20},
	}
	for _, h := range huge {
		what := fmt.Sprintf("(%d, align %d)", h.size, h.align)
		if _, err := a.Realloc(last, h.size, h.align); !refused(err) {
			t.Errorf("Realloc(last%s) = %v, want a refusal", what, err)
		}
		if _, err := a.Realloc(first, h.size, h.align); !refused(err) {
			t.Errorf("Realloc(first%s) = %v, want a refusal", what, err)
		}
		if _, err := a.Alloc(h.size, h.align); !refused(err) {
			t.Errorf("Alloc%s = %v, want a refusal", what, err)
		}
		checkStats(t, what, a.Stats())
	}
	// Everything still works, and the failures changed nothing.
	if got := a.Allocated(); got != 356 {
		t.Fatalf("Allocated %d after failed requests, want 356", got)
	}
	b, err := a.Alloc(1000, 64)
	if err != nil {
		t.Fatalf("Alloc after the failures: %v", err)
	}
	b[999] = 1
	if last, err = a.Realloc(last, 512, 64); err != nil {
		t.Fatal(err)
	}
	for _, x := range [][]byte{first, last, b} {
		if err := a.Free(x); err != nil {
			t.Fatal(err)
		}
	}
	checkStats(t, "after freeing", a.Stats())
	if a.Allocated() != 0 {
		t.Fatalf("Allocated %d after freeing everything", a.Allocated())
	}
}

// TestAllocatorRandomRequests drives an allocator with random sizes, huge
// ones among them, and checks after every call that nothing panicked,
// the accounting holds, and every live block keeps its bytes.
func TestAllocatorRandomRequests(t *testing.T) {
	a := newAlloc(t, mmap.Reserve(4<<20))
	rng := rand.New(rand.NewPCG(17, 2))
	live := map[*byte][]byte{}
	size := func() int {
		switch rng.IntN(4) {
		case 0:
			return math.MaxInt - rng.IntN(1<<12)
		case 1:
			return 1 + rng.IntN(1<<22) // up to the whole reserve
		}
		return 1 + rng.IntN(4096)
	}
	for i := range 3000 {
		align := 1 << rng.IntN(13)
		var err error
		var b []byte
		switch op := rng.IntN(3); {
		case op == 0 || len(live) == 0:
			b, err = a.Alloc(size(), align)
		default:
			for _, old := range live {
				b = old
				break
			}
			if op == 1 {
				delete(live, &b[0])
				if err = a.Free(b); err != nil {
					t.Fatalf("step %d: Free: %v", i, err)
				}
				b = nil
			} else {
				var nb []byte
				if nb, err = a.Realloc(b, size(), align); err == nil {
					delete(live, &b[0])
					if nb[0] != byte(len(b)) {
						t.Fatalf("step %d: Realloc lost the block's first byte", i)
					}
				}
				b = nb
			}
		}
		if err != nil && !refused(err) {
			t.Fatalf("step %d: %v", i, err)
		}
		if b != nil {
			b[0] = byte(len(b))
			live[&b[0]] = b
		}
		checkStats(t, fmt.Sprintf("step %d", i), a.Stats())
	}
	for _, b := range live {
		if b[0] != byte(len(b)) {
			t.Fatal("a live block changed")
		}
		if err := a.Free(b); err != nil { // the leak check at cleanup counts what is left
			t.Fatal(err)
		}
	}
}

// TestHugeSizesEverywhere: a Reserve, a shape or an Append that overflows
// a size is an error, not a panic.
func TestHugeSizesEverywhere(t *testing.T) {
	dir := t.TempDir()
	for _, r := range []int64{math.MaxInt64, math.MaxInt64 - 1, -1} {
		if _, err := mmap.NewAllocator(filepath.Join(dir, "r"), mmap.ReadWrite, mmap.Reserve(r)); err == nil {
			t.Errorf("Reserve(%d) accepted", r)
		}
		if _, err := os.Stat(filepath.Join(dir, "r")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a failed NewAllocator left the file it created: %v", err)
		}
		if _, err := mmap.Create[float64](filepath.Join(dir, "r.npy"), []int{2}, mmap.Reserve(r)); r > 0 && err == nil {
			t.Errorf("Create with Reserve(%d) accepted", r)
		}
	}
	for _, shape := range [][]int{{math.MaxInt, 2}, {1 << 40, 1 << 40}, {math.MaxInt / 8}} {
		if _, err := mmap.Create[float64](filepath.Join(dir, "s.npy"), shape); !errors.Is(err, nd.ErrShape) {
			t.Errorf("Create of shape %v: %v, want ErrShape", shape, err)
		}
	}
	a, err := mmap.Create[float64](filepath.Join(dir, "e.npy"), []int{3, 0})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rows, err := nd.Zeros[float64]([]int{math.MaxInt - 1, 0})
	if err != nil {
		t.Skipf("nd cannot make a (MaxInt-1, 0) array here: %v", err)
	}
	if err := a.Append(rows); !errors.Is(err, nd.ErrShape) {
		t.Errorf("Append of %v rows to %v: %v, want ErrShape", rows.Shape(), a.Shape(), err)
	}
}

// saveFloats saves n float64s, all v, at path.
func saveFloats(t *testing.T, path string, n int, v float64) {
	t.Helper()
	a, err := nd.Full([]int{n}, v)
	if err != nil {
		t.Fatal(err)
	}
	if err := mmap.Save(path, a); err != nil {
		t.Fatal(err)
	}
}

// checkFloats checks that the .npy at path holds n float64s, all v, and
// that its directory holds nothing but the files named in keep.
func checkFloats(t *testing.T, path string, n int, v float64, keep ...string) {
	t.Helper()
	a, err := mmap.Load[float64](path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if a.Size() != n {
		t.Fatalf("%s holds %d elements, want %d", path, a.Size(), n)
	}
	for x := range a.Values() {
		if x != v {
			t.Fatalf("%s holds %v, want %v", path, x, v)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(path) && !strings.Contains(strings.Join(keep, "/"), e.Name()) {
			t.Errorf("%s left in the directory", e.Name())
		}
	}
}

// TestFailedSaveKeepsOldFile (item 3): a Save or SaveNPZ that fails part
// way leaves the old file as it was and no temporary file behind.
func TestFailedSaveKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.npy")
	saveFloats(t, path, 1000, 7)

	freed, err := nd.Zeros[float64]([]int{10})
	if err != nil {
		t.Fatal(err)
	}
	freed.Free()
	if err := mmap.Save(path, freed); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("Save of a freed array: %v", err)
	}
	checkFloats(t, path, 1000, 7)

	// SaveNPZ fails after its first member is written.
	npz := filepath.Join(dir, "old.npz")
	x, _ := nd.Full([]int{100000}, 3.0)
	if err := mmap.SaveNPZ(npz, false, mmap.Entry("x", x)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(npz)
	if err := mmap.SaveNPZ(npz, false, mmap.Entry("x", x), mmap.Entry("y", freed)); !errors.Is(err, mem.ErrReleased) {
		t.Fatalf("SaveNPZ with a freed member: %v", err)
	}
	if after, _ := os.ReadFile(npz); !bytes.Equal(before, after) {
		t.Fatalf("a failed SaveNPZ changed the old archive: %d bytes, was %d", len(after), len(before))
	}
	checkFloats(t, path, 1000, 7, "old.npz")

	// A Create that fails leaves the old file too.
	if _, err := mmap.Create[float64](path, []int{1 << 40, 1 << 30}); err == nil {
		t.Fatal("Create of an impossible shape succeeded")
	}
	checkFloats(t, path, 1000, 7, "old.npz")

	// Permissions and symbolic links survive a successful Save.
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.npy")
	if err := os.Symlink("old.npy", link); err != nil {
		t.Fatal(err)
	}
	saveFloats(t, link, 5, 1)
	checkFloats(t, path, 5, 1, "old.npz", "link.npy")
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("Save changed the permissions to %v", st.Mode().Perm())
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("Save replaced the symbolic link instead of its target")
	}
}

// fullDiskEnv, set, makes TestSaveOnFullDisk's child save to the file it
// names under a file-size limit.
const fullDiskEnv = "NUMGO_MMAP_FULL_DISK_CHILD"

// TestSaveOnFullDisk (item 3): a Save that runs out of room mid-write
// (RLIMIT_FSIZE in a child process: writes past 64 KiB fail with EFBIG,
// as on a full disk they fail with ENOSPC) leaves the old file whole.
func TestSaveOnFullDisk(t *testing.T) {
	if path := os.Getenv(fullDiskEnv); path != "" {
		fullDiskChild(path)
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "old.npy")
	saveFloats(t, path, 1000, 7)
	out, err := childCommand(t, "TestSaveOnFullDisk", fullDiskEnv+"="+path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "save failed:") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "file too large") {
		t.Errorf("child's Save failed, but not for the size limit:\n%s", out)
	}
	checkFloats(t, path, 1000, 7)
}

// childCommand runs this test binary again, running only the test named,
// with env added to its environment.
func childCommand(t *testing.T, test string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

func fullDiskChild(path string) {
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG instead
	lim := syscall.Rlimit{Cur: 64 << 10, Max: 64 << 10}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(1)
	}
	a, _ := nd.Full([]int{1 << 20}, 9.0)
	if err := mmap.Save(path, a); err != nil {
		fmt.Println("save failed:", err)
		os.Exit(0)
	}
	fmt.Println("save succeeded past the file-size limit")
	os.Exit(1)
}

// TestSaveOverOpenFile (item 4): saving over a .npy this process has
// mapped, then reading the mapped array, reads the old data (the mapping
// keeps the old file), and a new Open reads the new data. With Save or
// Create truncating in place, the read faulted and killed the process.
func TestSaveOverOpenFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.npy")
	saveFloats(t, path, 100000, 7)
	for _, mode := range []mmap.Mode{mmap.ReadOnly, mmap.ReadWrite} {
		old, err := mmap.Open[float64](path, mode)
		if err != nil {
			t.Fatal(err)
		}
		saveFloats(t, path, 10, 1) // smaller: truncating in place would fault below
		sum := 0.0
		if err := mmap.CatchFault(func() {
			for v := range old.Values() {
				sum += v
			}
		}); err != nil {
			t.Fatalf("%v: reading the open array after Save: %v", mode, err)
		}
		if sum != 7*100000 {
			t.Fatalf("%v: the open array sums to %v after Save, want the old 700000", mode, sum)
		}
		checkFloats(t, path, 10, 1)

		// Saving the open array over its own file reads the old file
		// while writing the new one.
		if err := mmap.Save(path, old.Array); err != nil {
			t.Fatalf("%v: Save of the open array over its own file: %v", mode, err)
		}
		checkFloats(t, path, 100000, 7)
		old.Close()

		// Create over an open file: the same.
		old, err = mmap.Open[float64](path, mode)
		if err != nil {
			t.Fatal(err)
		}
		c, err := mmap.Create[float64](path, []int{3})
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		if err := mmap.CatchFault(func() { sum = old.At(99999) }); err != nil || sum != 7 {
			t.Fatalf("%v: the open array reads %v, %v after Create, want the old 7", mode, sum, err)
		}
		old.Close()
		checkFloats(t, path, 3, 0)
		saveFloats(t, path, 100000, 7)
	}
}

// TestTruncatedUnderMapping (item 8): a file truncated by someone else
// while mapped faults on reading the lost pages, ReadOnly or not; inside
// CatchFault that is an error wrapping ErrFault, and the process lives.
func TestTruncatedUnderMapping(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.npy")
	saveFloats(t, path, 100000, 7)
	for _, mode := range []mmap.Mode{mmap.ReadOnly, mmap.ReadWrite} {
		a, err := mmap.Open[float64](path, mode)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, 4096); err != nil { // as another program may
			t.Fatal(err)
		}
		var v float64
		err = mmap.CatchFault(func() { v = a.At(99999) })
		if !errors.Is(err, mmap.ErrFault) {
			t.Fatalf("%v: read past the truncated end: %v (value %v), want ErrFault", mode, err, v)
		}
		if err := mmap.CatchFault(func() { v = a.At(0) }); err != nil || v != 7 {
			t.Fatalf("%v: a page still in the file reads %v, %v", mode, v, err)
		}
		a.Close()
		saveFloats(t, path, 100000, 7)
	}
}

// TestCatchFault: other panics pass through, and the goroutine's
// SetPanicOnFault setting is restored.
func TestCatchFault(t *testing.T) {
	if err := mmap.CatchFault(func() {}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(){
		func() { panic("mine") },
		func() { var p *int; _ = *p },
		func() { var s []int; _ = s[3] },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a panic that is not a fault was swallowed")
				}
			}()
			mmap.CatchFault(f)
		}()
	}
	if debug.SetPanicOnFault(false) {
		t.Error("CatchFault left SetPanicOnFault on")
	}
}

// BenchmarkCatchFault compares one At on a mapped array with the same At
// inside CatchFault, alternating the two in each iteration so that both
// see the same machine: the ratio is CatchFault's cost per call.
func BenchmarkCatchFault(b *testing.B) {
	path := filepath.Join(b.TempDir(), "x.npy")
	x, _ := nd.Full([]int{1024}, 1.0)
	if err := mmap.Save(path, x); err != nil {
		b.Fatal(err)
	}
	a, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var direct, caught time.Duration
	sum := 0.0
	read := func() { sum += a.At(int(sum) & 1023) }
	for b.Loop() {
		t0 := time.Now()
		for range 100 {
			read()
		}
		t1 := time.Now()
		for range 100 {
			mmap.CatchFault(read)
		}
		direct += t1.Sub(t0)
		caught += time.Since(t1)
	}
	b.ReportMetric(float64(caught)/float64(direct), "caught/direct")
}

// TestFIFOsDoNotBlock (item 9): every function that opens a file refuses
// a named pipe with an error wrapping fs.ErrInvalid, at once; before, the
// open blocked forever waiting for a writer.
func TestFIFOsDoNotBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	x, _ := nd.Zeros[float64]([]int{2})
	calls := map[string]func() error{
		"Open ReadOnly":  func() error { _, err := mmap.Open[float64](fifo, mmap.ReadOnly); return err },
		"Open ReadWrite": func() error { _, err := mmap.Open[float64](fifo, mmap.ReadWrite); return err },
		"NewAllocator ReadOnly": func() error {
			_, err := mmap.NewAllocator(fifo, mmap.ReadOnly)
			return err
		},
		"NewAllocator ReadWrite": func() error {
			_, err := mmap.NewAllocator(fifo, mmap.ReadWrite)
			return err
		},
		"OpenNPZ": func() error { _, err := mmap.OpenNPZ(fifo); return err },
		"Load":    func() error { _, err := mmap.Load[float64](fifo); return err },
		"Save":    func() error { return mmap.Save(fifo, x) },
		"SaveNPZ": func() error { return mmap.SaveNPZ(fifo, false, mmap.Entry("x", x)) },
		"Create":  func() error { _, err := mmap.Create[float64](fifo, []int{2}); return err },
		"Inspect": func() error { _, err := mmap.Inspect(fifo); return err },
		"LoadAny": func() error { _, err := mmap.LoadAny(fifo); return err },
		"OpenAny": func() error { _, err := mmap.OpenAny(fifo, mmap.ReadOnly); return err },
	}
	for name, call := range calls {
		done := make(chan error, 1)
		go func() { done <- call() }()
		select {
		case err := <-done:
			if !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("%s of a FIFO: %v, want fs.ErrInvalid", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%s of a FIFO blocked for 5 s", name)
			// Open the other end so that a blocked open can return (a
			// call that then waits for data stays blocked; it is left).
			if w, err := os.OpenFile(fifo, os.O_RDWR|syscall.O_NONBLOCK, 0); err == nil {
				select {
				case <-done:
				case <-time.After(time.Second):
				}
				w.Close()
			}
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st, err)
	}
}

// TestOpenMissingCreatesNothing (item 10).
func TestOpenMissingCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.npy")
	for _, mode := range []mmap.Mode{mmap.ReadOnly, mmap.ReadWrite} {
		if _, err := mmap.Open[float64](path, mode); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(missing, %v): %v, want fs.ErrNotExist", mode, err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Open(missing, %v) left a file: %v", mode, err)
		}
	}
	if _, err := mmap.NewAllocator(path, mmap.ReadOnly); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NewAllocator(missing, ReadOnly): %v, want fs.ErrNotExist", err)
	}
}

// TestAppendNothingToFullMapping (item 11): appending zero rows to a file
// whose data ends exactly at the end of its mapping.
func TestAppendNothingToFullMapping(t *testing.T) {
	dir := t.TempDir()
	page := os.Getpagesize()
	// The header of a 1-D float64 .npy is 128 bytes: make the file one page.
	n := (page - 128) / 8
	for _, shape := range [][]int{{n}, {n / 8, 8}} {
		path := filepath.Join(dir, fmt.Sprint(len(shape), ".npy"))
		a, err := mmap.Create[float64](path, shape, mmap.Reserve(int64(page)))
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(path); st.Size() != int64(page) {
			t.Fatalf("%v: file of %d bytes, want %d for the test to mean anything", shape, st.Size(), page)
		}
		zero := append([]int{0}, shape[1:]...)
		rows, _ := nd.Zeros[float64](zero)
		if err := a.Append(rows); err != nil {
			t.Fatalf("%v: Append of %v: %v", shape, zero, err)
		}
		if !slicesEqual(a.Shape(), shape) {
			t.Fatalf("shape %v after appending nothing, want %v", a.Shape(), shape)
		}
		a.Close()
	}
	// Rows of zero elements still change the shape.
	path := filepath.Join(dir, "empty.npy")
	a, err := mmap.Create[float64](path, []int{3, 0})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := nd.Zeros[float64]([]int{2, 0})
	if err := a.Append(rows); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := mmap.Open[float64](path, mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !slicesEqual(b.Shape(), []int{5, 0}) {
		t.Fatalf("reopened shape %v, want [5 0]", b.Shape())
	}
}

func slicesEqual(a, b []int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// maxAlloc is an allocator that records the largest request.
type maxAlloc struct {
	mem.Allocator
	mu  sync.Mutex
	max int
}

func (m *maxAlloc) Alloc(size, align int) ([]byte, error) {
	m.mu.Lock()
	m.max = max(m.max, size)
	m.mu.Unlock()
	return m.Allocator.Alloc(size, align)
}

// onlyReader hides every method but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// rawNPY is a version 1.0 .npy file with the header dict and data given.
func rawNPY(dict string, data []byte) []byte {
	h := dict + strings.Repeat(" ", 63-(10+len(dict))%64) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	return append(append(b, h...), data...)
}

// bomb is a .npy header declaring 256 MiB of float64 with no data after.
var bomb = rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (33554432,), }", nil)

// checkReadBound reads data through Read, from a reader that tells its
// length and from one that does not, and fails if Read asked for more
// memory than the data that arrived can justify.
func checkReadBound(t *testing.T, data []byte) {
	a := &maxAlloc{Allocator: mem.NewSystem()}
	if arr, err := mmap.Read[float64](bytes.NewReader(data), nd.With(a)); err == nil {
		arr.Free()
	}
	if a.max > len(data) {
		t.Fatalf("Read from a %d-byte bytes.Reader allocated %d bytes", len(data), a.max)
	}
	a.max = 0
	if arr, err := mmap.Read[float64](onlyReader{bytes.NewReader(data)}, nd.With(a)); err == nil {
		arr.Free()
	}
	if bound := max(256<<10, 8*len(data)); a.max > bound {
		t.Fatalf("Read from a %d-byte stream allocated %d bytes, over %d", len(data), a.max, bound)
	}
}

// TestReadAllocatesWhatArrives (item 13): a header that declares 256 MiB
// in a 128-byte stream fails without allocating them.
func TestReadAllocatesWhatArrives(t *testing.T) {
	checkReadBound(t, bomb)
	for _, data := range [][]byte{append(bomb, make([]byte, 1<<20)...), append(bomb, make([]byte, 40<<20)...)} {
		if _, err := mmap.Read[float64](onlyReader{bytes.NewReader(data)}); !errors.Is(err, mmap.ErrFormat) ||
			!strings.Contains(err.Error(), fmt.Sprintf("ends after %d", len(data)-len(bomb))) {
			t.Fatalf("Read of a short stream: %v", err)
		}
		checkReadBound(t, data)
	}
	// A whole large array arrives whole through the staged path.
	big, _ := nd.Full([]int{3 << 20}, 2.5)
	var buf bytes.Buffer
	if err := mmap.Write(&buf, big); err != nil {
		t.Fatal(err)
	}
	got, err := mmap.Read[float64](onlyReader{&buf})
	if err != nil {
		t.Fatal(err)
	}
	for v := range got.Values() {
		if v != 2.5 {
			t.Fatalf("staged Read gave %v", v)
		}
	}
}

// TestLoadNPZDoesNotTrustDeclaredSizes (item 13): zip members whose
// declared size is a lie (256 MiB declared, 128 bytes there) fail without
// allocating the declared size, compressed or stored.
func TestLoadNPZDoesNotTrustDeclaredSizes(t *testing.T) {
	declared := uint64(len(bomb)) + 256<<20
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(bomb)
	fw.Close()
	for _, m := range []struct {
		method uint16
		data   []byte
	}{{zip.Deflate, comp.Bytes()}, {zip.Store, bomb}} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "x.npy", Method: m.method,
			CompressedSize64: uint64(len(m.data)), UncompressedSize64: declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
		zw.Close()
		path := filepath.Join(t.TempDir(), "bomb.npz")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		z, err := mmap.OpenNPZ(path)
		if err != nil {
			t.Fatal(err)
		}
		a := &maxAlloc{Allocator: mem.NewSystem()}
		if _, err := mmap.LoadNPZ[float64](z, "x", nd.With(a)); !errors.Is(err, mmap.ErrFormat) {
			t.Errorf("method %d: LoadNPZ of a lying member: %v, want ErrFormat", m.method, err)
		}
		if a.max > 1<<20 {
			t.Errorf("method %d: LoadNPZ allocated %d bytes for a %d-byte archive", m.method, a.max, buf.Len())
		}
		z.Close()
	}
}

// FuzzRead: whatever the bytes, Read neither panics nor allocates more
// than the bytes that arrived justify.
func FuzzRead(f *testing.F) {
	f.Add(bomb)
	f.Add(rawNPY("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 100000), }", make([]byte, 100)))
	f.Add(rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", make([]byte, 16)))
	f.Add(rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807,), }", nil))
	f.Add(rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", nil))
	f.Fuzz(checkReadBound)
}
