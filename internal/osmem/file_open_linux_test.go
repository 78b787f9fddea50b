//go:build linux

package osmem

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRegular(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	flags, err := unixFcntlFlags(f)
	if err != nil || flags&syscall.O_NONBLOCK != 0 {
		t.Errorf("the file is left non-blocking: flags %#x, %v", flags, err)
	}
	f.Close()
	fifo := filepath.Join(dir, "p")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// Every mode: a blocking open of a FIFO with no peer would hang here.
	for _, flag := range []int{os.O_RDONLY, os.O_RDWR, os.O_RDWR | os.O_CREATE} {
		if _, err := OpenRegular(fifo, flag, 0o600); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("FIFO opened with %#x: %v, want fs.ErrInvalid", flag, err)
		}
	}
	if _, err := OpenRegular(dir, os.O_RDONLY, 0); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("directory: %v, want fs.ErrInvalid", err)
	}
	if _, err := OpenRegular(filepath.Join(dir, "missing"), os.O_RDONLY, 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

// unixFcntlFlags is the file's status flags (F_GETFL).
func unixFcntlFlags(f *os.File) (int, error) {
	var flags int
	var ferr error
	c, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	err = c.Control(func(fd uintptr) {
		r, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
		flags = int(r)
		if e != 0 {
			ferr = e
		}
	})
	return flags, errors.Join(err, ferr)
}
