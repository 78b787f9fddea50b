//go:build !linux

package osmem

import (
	"errors"
	"fmt"
	"time"
)

// PSITrigger is Linux's pressure stall trigger; see the Linux version.
type PSITrigger struct{}

// ErrInterrupted is returned by PSITrigger.Wait after Interrupt.
var ErrInterrupted = errors.New("osmem: PSI trigger wait interrupted")

// OpenPSITrigger is not available on this operating system.
func OpenPSITrigger(path, kind string, stall, window time.Duration) (*PSITrigger, error) {
	return nil, fmt.Errorf("osmem: PSI trigger on %s: %w", path, ErrUnsupported)
}

// String describes the trigger.
func (t *PSITrigger) String() string { return "none" }

// Wait is not available on this operating system.
func (t *PSITrigger) Wait() error { return ErrUnsupported }

// Interrupt does nothing on this operating system.
func (t *PSITrigger) Interrupt() {}

// Close does nothing on this operating system.
func (t *PSITrigger) Close() error { return nil }
