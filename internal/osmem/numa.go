package osmem

import (
	"errors"
	"sync/atomic"
	"syscall"
)

// The kernel's memory-policy modes (linux/mempolicy.h), as mbind and
// set_mempolicy take them.
const (
	MPOLDefault    = 0 // the thread's (or system's) default policy
	MPOLPreferred  = 1 // one node first, others when it is full; an empty mask means local
	MPOLBind       = 2 // only the nodes in the mask
	MPOLInterleave = 3 // page by page over the nodes in the mask
	MPOLLocal      = 4 // the node of the CPU that touches the page first; empty mask
)

// mbind flags (linux/mempolicy.h).
const (
	// MPOLMFStrict makes mbind fail with EIO when a page already in the
	// range does not follow the policy (and cannot be moved).
	MPOLMFStrict = 1 << 0
	// MPOLMFMove moves pages already in the range that only this process
	// maps onto the policy's nodes.
	MPOLMFMove = 1 << 1
)

// get_mempolicy flags (linux/mempolicy.h).
const (
	mpolFNode        = 1 << 0
	mpolFAddr        = 1 << 1
	mpolFMemsAllowed = 1 << 2
)

// MaxNodes is the number of node bits numgo passes to and reads from the
// kernel: the kernel's own limit (MAX_NUMNODES is at most 1 << 10).
const MaxNodes = 1024

// NodeMask is a set of NUMA node numbers as the kernel's nodemask_t lays it
// out: bit n of word n/64 is node n.
type NodeMask []uint64

// MaskOf returns the mask with exactly the given nodes set; it has as many
// words as the highest node needs (one at least). Nodes outside
// [0, MaxNodes) are left out.
func MaskOf(nodes ...int) NodeMask {
	top := 0
	for _, n := range nodes {
		if n >= 0 && n < MaxNodes {
			top = max(top, n)
		}
	}
	m := make(NodeMask, top/64+1)
	for _, n := range nodes {
		if n >= 0 && n < MaxNodes {
			m[n/64] |= 1 << (n % 64)
		}
	}
	return m
}

// Nodes returns the node numbers set in m, ascending.
func (m NodeMask) Nodes() []int {
	var nodes []int
	for w, word := range m {
		for b := range 64 {
			if word&(1<<b) != 0 {
				nodes = append(nodes, w*64+b)
			}
		}
	}
	return nodes
}

// injected is the errno every memory-policy call returns instead of
// calling the kernel, 0 for none: the test seam of InjectPolicyErrno.
var injected atomic.Uintptr

// InjectPolicyErrno makes every memory-policy call here (Mbind,
// MemsAllowed, CheckPolicyCalls, PageNodes, SetThreadPolicy,
// ThreadPolicy) fail with errno e, as a kernel built without NUMA (ENOSYS)
// or a seccomp profile without CAP_SYS_NICE (EPERM) makes them fail,
// until the returned function is called. It is for tests of what callers
// report in those cases; e == 0 removes an injection.
func InjectPolicyErrno(e syscall.Errno) (restore func()) {
	old := injected.Swap(uintptr(e))
	return func() { injected.Store(old) }
}

// injectedErrno returns the injected errno, or 0.
func injectedErrno() syscall.Errno { return syscall.Errno(injected.Load()) }

// IsNoKernelNUMA reports whether err says the kernel has no NUMA support:
// ENOSYS from a memory-policy call, or an operating system without them.
func IsNoKernelNUMA(err error) bool {
	return errors.Is(err, syscall.ENOSYS) || errors.Is(err, ErrUnsupported)
}

// IsRefused reports whether err says a memory-policy call was refused by
// policy: EPERM, from a seccomp profile (a container's default one allows
// mbind, set_mempolicy, get_mempolicy and move_pages only with
// CAP_SYS_NICE) or a missing capability.
func IsRefused(err error) bool { return errors.Is(err, syscall.EPERM) }
