//go:build !linux

package osmem

import "fmt"

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
