package mem

import _ "unsafe" // for go:linkname

// procPin and procUnpin are the runtime's own per-P pinning, the primitive
// sync.Pool is built on: procPin disables preemption and returns the id of
// the P the goroutine runs on; until procUnpin nothing else runs on that P.
// The runtime keeps them reachable by linkname on purpose (see its
// proc.go, go.dev/issue/67401). A pinned goroutine must not block: no
// locks, no syscalls, no calls into unknown code between the two.
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()
