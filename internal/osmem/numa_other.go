//go:build !linux

package osmem

import "fmt"

// Mbind is not available on this operating system; see the Linux version.
func Mbind(b []byte, mode int, mask NodeMask, flags int) error {
	return fmt.Errorf("osmem: mbind: %w", ErrUnsupported)
}

// MemsAllowed is not available on this operating system.
func MemsAllowed() (NodeMask, error) {
	return nil, fmt.Errorf("osmem: get_mempolicy: %w", ErrUnsupported)
}

// ThreadPolicy is not available on this operating system.
func ThreadPolicy() (mode int, mask NodeMask, err error) {
	return 0, nil, fmt.Errorf("osmem: get_mempolicy: %w", ErrUnsupported)
}

// SetThreadPolicy is not available on this operating system.
func SetThreadPolicy(mode int, mask NodeMask) error {
	return fmt.Errorf("osmem: set_mempolicy: %w", ErrUnsupported)
}

// PageNotPresent is the PageNodes status of a page never faulted in
// (-ENOENT on Linux).
const PageNotPresent = -2

// PageNoneOwn is the PageNodes status of a page with no page of its own
// (-EFAULT on Linux).
const PageNoneOwn = -14

// PageNodes is not available on this operating system.
func PageNodes(pages []uintptr, status []int32) error {
	return fmt.Errorf("osmem: move_pages: %w", ErrUnsupported)
}

// CheckPolicyCalls reports that this operating system has no memory-policy
// calls.
func CheckPolicyCalls() error { return fmt.Errorf("osmem: memory policy: %w", ErrUnsupported) }

// Getcpu is not available on this operating system.
func Getcpu() (cpu, node int, err error) {
	return 0, 0, fmt.Errorf("osmem: getcpu: %w", ErrUnsupported)
}

// ThreadAffinity is not available on this operating system.
func ThreadAffinity() ([]int, error) {
	return nil, fmt.Errorf("osmem: sched_getaffinity: %w", ErrUnsupported)
}

// SetThreadAffinity is not available on this operating system.
func SetThreadAffinity(cpus []int) error {
	return fmt.Errorf("osmem: sched_setaffinity: %w", ErrUnsupported)
}

// Resident is not available on this operating system.
func Resident(addr uintptr, length int, vec []byte) error {
	return fmt.Errorf("osmem: mincore: %w", ErrUnsupported)
}

// OwnPages is not available on this operating system.
func OwnPages(first uintptr, own []bool) error {
	return fmt.Errorf("osmem: pagemap: %w", ErrUnsupported)
}
