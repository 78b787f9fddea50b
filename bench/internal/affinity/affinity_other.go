//go:build !linux

package affinity

// First is -1: threads are bound to a CPU on Linux only.
func First() int { return -1 }

// Pin does nothing: threads are bound to a CPU on Linux only.
func Pin(int) (restore func()) { return func() {} }
