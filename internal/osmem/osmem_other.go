//go:build !linux

package osmem

import "fmt"

// Map is not available on this operating system; see the Linux version.
func Map(size int) ([]byte, error) {
	return nil, fmt.Errorf("osmem: Map(%d): %w", size, ErrUnsupported)
}

// Reserve is not available on this operating system; see the Linux
// version.
func Reserve(size int) ([]byte, error) {
	return nil, fmt.Errorf("osmem: Reserve(%d): %w", size, ErrUnsupported)
}

// Unmap is not available on this operating system.
func Unmap(b []byte) error { return fmt.Errorf("osmem: Unmap: %w", ErrUnsupported) }

// ProtectNone is not available on this operating system.
func ProtectNone(b []byte) error { return fmt.Errorf("osmem: ProtectNone: %w", ErrUnsupported) }

// Retire is not available on this operating system.
func Retire(b []byte) error { return fmt.Errorf("osmem: Retire: %w", ErrUnsupported) }

// Quarantine is not available on this operating system.
func Quarantine(b []byte) error { return fmt.Errorf("osmem: Quarantine: %w", ErrUnsupported) }

// ProtectReadWrite is not available on this operating system.
func ProtectReadWrite(b []byte) error {
	return fmt.Errorf("osmem: ProtectReadWrite: %w", ErrUnsupported)
}

// DontNeed is not available on this operating system.
func DontNeed(b []byte) error { return fmt.Errorf("osmem: DontNeed: %w", ErrUnsupported) }

// HugePages is not available on this operating system.
func HugePages(b []byte) error { return fmt.Errorf("osmem: HugePages: %w", ErrUnsupported) }
