//go:build !linux

package osmem

import (
	"fmt"
	"io/fs"
	"os"
)

// MapFile is not available on this operating system; see the Linux version.
func MapFile(fd, length int, shared bool) ([]byte, error) {
	return nil, fmt.Errorf("osmem: MapFile(%d bytes): %w", length, ErrUnsupported)
}

// UnmapFile is not available on this operating system.
func UnmapFile(b []byte) error { return fmt.Errorf("osmem: UnmapFile: %w", ErrUnsupported) }

// Msync is not available on this operating system.
func Msync(b []byte) error { return fmt.Errorf("osmem: Msync: %w", ErrUnsupported) }

// Advise is not available on this operating system.
func Advise(b []byte, advice Advice) error { return fmt.Errorf("osmem: Advise: %w", ErrUnsupported) }

// OpenRegular opens the file at path as os.OpenFile does, and refuses
// anything but a regular file with an error wrapping fs.ErrInvalid. Unlike
// the Linux version it checks after a blocking open, so a named pipe with
// no writer blocks it.
func OpenRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%w: %s is not a regular file (%v)", fs.ErrInvalid, path, st.Mode().Type())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
