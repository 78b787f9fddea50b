//go:build linux

package osmem

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestPSITrigger arms a trigger on this machine's /proc/pressure/memory
// as the kernel allows it, and checks that Interrupt ends a Wait.
func TestPSITrigger(t *testing.T) {
	const path = "/proc/pressure/memory"
	if _, err := os.Stat(path); err != nil {
		t.Skip("no PSI:", err)
	}
	// Below the kernel's 500 ms minimum window: refused with EINVAL.
	if tr, err := OpenPSITrigger(path, "some", 10*time.Millisecond, 100*time.Millisecond); !errors.Is(err, syscall.EINVAL) {
		if err == nil {
			tr.Close()
		}
		t.Fatalf("100 ms window: %v, want EINVAL", err)
	}
	tr, err := OpenPSITrigger(path, "some", 200*time.Millisecond, 2*time.Second)
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
		t.Skip("this kernel refuses triggers to this process:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if tr.String() != "some 200000 2000000 on "+path {
		t.Fatalf("String() = %q", tr.String())
	}
	done := make(chan error, 1)
	go func() { done <- tr.Wait() }()
	tr.Interrupt()
	if err := <-done; !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Wait after Interrupt: %v", err)
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWatchMapped(t *testing.T) {
	ch := make(chan struct{}, 1)
	stop := WatchMapped(ch)
	b, err := Map(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	default:
		t.Fatal("no notice after Map")
	}
	stop()
	if err := Unmap(b); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
		t.Fatal("notice after stop")
	default:
	}
}
