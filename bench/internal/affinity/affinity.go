// Package affinity binds the calling OS thread to one CPU, so that the
// peers of a side-by-side measurement run on the same core.
package affinity

import "runtime"

// Bind locks the calling goroutine to its OS thread
// (runtime.LockOSThread) and binds that thread to cpu (Pin), so that
// everything the goroutine times runs on that CPU; the returned function
// gives the thread back the CPUs it had and unlocks it. Goroutines started
// meanwhile run on other threads, which keep the CPUs the process may use
// (the runtime starts a thread from an unlocked one, never from a locked
// thread): work split across goroutines is not confined to cpu. A
// negative cpu locks the goroutine but binds nothing.
func Bind(cpu int) (unbind func()) {
	runtime.LockOSThread()
	restore := Pin(cpu)
	return func() {
		restore()
		runtime.UnlockOSThread()
	}
}
