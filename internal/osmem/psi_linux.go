//go:build linux

package osmem

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// PSITrigger is a pressure stall trigger armed on a PSI file
// (/proc/pressure/memory or a cgroup's memory.pressure): the kernel wakes
// Wait when tasks stalled for more than the trigger's stall time within
// any window of its length (Documentation/accounting/psi.rst, "Monitoring
// for pressure thresholds"). One goroutine waits on it; any goroutine may
// Interrupt that wait.
type PSITrigger struct {
	fd, wake int
	spec     string
}

// OpenPSITrigger arms a trigger on the PSI file path: kind is "some" or
// "full", stall the stall time within each window. The kernel takes
// windows from 500 ms to 10 s, and from unprivileged processes (kernel
// 6.4 and later; earlier ones need CAP_SYS_RESOURCE) only whole multiples
// of 2 s: the errors it gives then wrap syscall.EINVAL or syscall.EPERM.
// Close the trigger when done.
func OpenPSITrigger(path, kind string, stall, window time.Duration) (*PSITrigger, error) {
	spec := fmt.Sprintf("%s %d %d", kind, stall.Microseconds(), window.Microseconds())
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("osmem: PSI trigger %q on %s: %w", spec, path, err)
	}
	// The kernel wants the trigger in one write, with its terminating NUL.
	if _, err := unix.Write(fd, append([]byte(spec), 0)); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("osmem: PSI trigger %q on %s: %w", spec, path, err)
	}
	wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("osmem: PSI trigger: eventfd: %w", err)
	}
	return &PSITrigger{fd: fd, wake: wake, spec: spec + " on " + path}, nil
}

// String describes the trigger as it was written: "some 200000 2000000 on
// /proc/pressure/memory".
func (t *PSITrigger) String() string { return t.spec }

// ErrInterrupted is returned by PSITrigger.Wait after Interrupt.
var ErrInterrupted = errors.New("osmem: PSI trigger wait interrupted")

// Wait blocks until the trigger fires (nil) or Interrupt is called
// (ErrInterrupted). An error from the kernel (the cgroup was removed, for
// one) is returned as is; the trigger is then of no further use.
func (t *PSITrigger) Wait() error {
	fds := []unix.PollFd{{Fd: int32(t.fd), Events: unix.POLLPRI}, {Fd: int32(t.wake), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("osmem: poll %s: %w", t.spec, err)
		}
		if fds[1].Revents != 0 {
			var buf [8]byte
			_, _ = unix.Read(t.wake, buf[:])
			return ErrInterrupted
		}
		switch ev := fds[0].Revents; {
		case ev&unix.POLLERR != 0:
			return fmt.Errorf("osmem: poll %s: %w", t.spec, os.ErrClosed)
		case ev&unix.POLLPRI != 0:
			return nil
		}
	}
}

// Interrupt makes the pending (or the next) Wait return ErrInterrupted.
func (t *PSITrigger) Interrupt() {
	one := [8]byte{1}
	_, _ = unix.Write(t.wake, one[:])
}

// Close disarms the trigger. No Wait may be in progress.
func (t *PSITrigger) Close() error {
	return errors.Join(unix.Close(t.fd), unix.Close(t.wake))
}
