//go:build !linux

package osmem

import "fmt"

// MapAligned is not available on this operating system; see the Linux
// version.
func MapAligned(size, align int) ([]byte, error) {
	return nil, fmt.Errorf("osmem: MapAligned(%d, %d): %w", size, align, ErrUnsupported)
}

// UnmapAligned is not available on this operating system.
func UnmapAligned(b []byte) error { return fmt.Errorf("osmem: UnmapAligned: %w", ErrUnsupported) }
