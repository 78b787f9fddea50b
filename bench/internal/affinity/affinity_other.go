//go:build !linux

package affinity

// Pin does nothing: threads are bound to a CPU on Linux only.
func Pin(int) (restore func()) { return func() {} }
