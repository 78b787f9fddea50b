//go:build linux

package osmem

import (
	"fmt"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// maskPtr returns the address of mask's first word (nil for an empty
// mask), and maxnode the bit count the kernel is told: it reads maxnode-1
// bits (a historical off-by-one that libnuma also adds 1 for), so a mask
// of w words is passed as w*64+1. Callers convert the pointer to uintptr
// in the system call's argument list itself, so the mask stays where the
// kernel writes or reads it.
func maskPtr(mask NodeMask) (ptr *uint64, maxnode uintptr) {
	if len(mask) == 0 {
		return nil, 0
	}
	return &mask[0], uintptr(len(mask)*64 + 1)
}

// Mbind sets the memory policy of the pages of b (page-aligned, from a
// mapping) to mode over the nodes in mask, with flags (MPOLMFStrict,
// MPOLMFMove). Pages touched after it are placed by the policy; pages
// already there stay unless MPOLMFMove asks to move them. The error wraps
// the kernel's errno: ENOSYS without kernel NUMA, EPERM where a seccomp
// profile refuses it, EINVAL for a node that is not allowed.
func Mbind(b []byte, mode int, mask NodeMask, flags int) error {
	if len(b) == 0 {
		return fmt.Errorf("osmem: mbind of an empty range: %w", syscall.EINVAL)
	}
	ptr, maxnode := maskPtr(mask)
	e := injectedErrno()
	if e == 0 {
		_, _, e = unix.Syscall6(unix.SYS_MBIND, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(mode),
			uintptr(unsafe.Pointer(ptr)), maxnode, uintptr(flags))
	}
	if e != 0 {
		return fmt.Errorf("osmem: mbind %d bytes mode %d nodes %v flags %#x: %w", len(b), mode, mask.Nodes(), flags, e)
	}
	return nil
}

// MemsAllowed returns the nodes the calling thread may place memory on,
// as the kernel's cpuset says (get_mempolicy with MPOL_F_MEMS_ALLOWED).
func MemsAllowed() (NodeMask, error) {
	mask := make(NodeMask, MaxNodes/64)
	ptr, maxnode := maskPtr(mask)
	e := injectedErrno()
	if e == 0 {
		_, _, e = unix.Syscall6(unix.SYS_GET_MEMPOLICY, 0, uintptr(unsafe.Pointer(ptr)), maxnode, 0, mpolFMemsAllowed, 0)
	}
	if e != 0 {
		return nil, fmt.Errorf("osmem: get_mempolicy(MPOL_F_MEMS_ALLOWED): %w", e)
	}
	return mask, nil
}

// ThreadPolicy returns the calling thread's memory policy: its mode and
// nodes (get_mempolicy with no flags).
func ThreadPolicy() (mode int, mask NodeMask, err error) {
	var m int32
	mask = make(NodeMask, MaxNodes/64)
	ptr, maxnode := maskPtr(mask)
	e := injectedErrno()
	if e == 0 {
		_, _, e = unix.Syscall6(unix.SYS_GET_MEMPOLICY, uintptr(unsafe.Pointer(&m)), uintptr(unsafe.Pointer(ptr)), maxnode, 0, 0, 0)
	}
	if e != 0 {
		return 0, nil, fmt.Errorf("osmem: get_mempolicy: %w", e)
	}
	return int(m), mask, nil
}

// SetThreadPolicy sets the calling thread's memory policy (set_mempolicy):
// pages it touches first from now on are placed by mode over mask. Lock
// the goroutine to its thread (runtime.LockOSThread) around it.
func SetThreadPolicy(mode int, mask NodeMask) error {
	ptr, maxnode := maskPtr(mask)
	e := injectedErrno()
	if e == 0 {
		_, _, e = unix.Syscall(unix.SYS_SET_MEMPOLICY, uintptr(mode), uintptr(unsafe.Pointer(ptr)), maxnode)
	}
	if e != 0 {
		return fmt.Errorf("osmem: set_mempolicy mode %d nodes %v: %w", mode, mask.Nodes(), e)
	}
	return nil
}

// PageNotPresent is the PageNodes status of a page with no physical memory
// behind it yet (never touched): -ENOENT, as move_pages reports it.
const PageNotPresent = -int32(syscall.ENOENT)

// PageNoneOwn is the PageNodes status (-EFAULT) that kernels before 6.18
// give a page only read so far, which maps the shared zero page; Linux
// 6.18 gives that page the zero page's node instead. OwnPages tells such
// pages apart on every kernel.
const PageNoneOwn = -int32(syscall.EFAULT)

// PageNodes asks the kernel where the pages at the addresses pages are
// (move_pages with no target nodes: a query that moves nothing). status[i]
// becomes the node of pages[i], PageNotPresent when that page was never
// faulted in, or another negative errno (-EFAULT: not mapped, or, before
// Linux 6.18, the shared zero page; 6.18 reports the zero page's node).
// len(status) must equal len(pages).
func PageNodes(pages []uintptr, status []int32) error {
	if len(pages) != len(status) {
		return fmt.Errorf("osmem: move_pages: %d pages but %d status slots: %w", len(pages), len(status), syscall.EINVAL)
	}
	if len(pages) == 0 {
		return nil
	}
	e := injectedErrno()
	if e == 0 {
		_, _, e = unix.Syscall6(unix.SYS_MOVE_PAGES, 0, uintptr(len(pages)), uintptr(unsafe.Pointer(&pages[0])), 0,
			uintptr(unsafe.Pointer(&status[0])), 0)
	}
	if e != 0 {
		return fmt.Errorf("osmem: move_pages query of %d pages: %w", len(pages), e)
	}
	return nil
}

// CheckPolicyCalls makes each memory-policy call once on a scratch page,
// harmlessly (the cpuset query, mbind to the default policy, a page query),
// and returns the first refusal: it tells a kernel without NUMA (ENOSYS)
// and a seccomp profile that refuses the calls (EPERM) from a kernel that
// will act on them.
func CheckPolicyCalls() error {
	if _, err := MemsAllowed(); err != nil {
		return err
	}
	page, err := unix.Mmap(-1, 0, PageSize(), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return fmt.Errorf("osmem: scratch page: %w", err)
	}
	defer unix.Munmap(page)
	if err := Mbind(page, MPOLDefault, nil, 0); err != nil {
		return err
	}
	page[0] = 1
	status := []int32{0}
	return PageNodes([]uintptr{uintptr(unsafe.Pointer(&page[0]))}, status)
}

// Getcpu returns the CPU the calling thread runs on and that CPU's NUMA
// node (getcpu). The answer may be stale as soon as it returns unless the
// thread is pinned.
func Getcpu() (cpu, node int, err error) {
	var c, n uint32
	if _, _, e := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&c)), uintptr(unsafe.Pointer(&n)), 0); e != 0 {
		return 0, 0, fmt.Errorf("osmem: getcpu: %w", e)
	}
	return int(c), int(n), nil
}

// ThreadAffinity returns the CPUs the calling thread may run on
// (sched_getaffinity).
func ThreadAffinity() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("osmem: sched_getaffinity: %w", err)
	}
	var cpus []int
	for c := range len(set) * 64 {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// SetThreadAffinity restricts the calling thread to cpus
// (sched_setaffinity); lock the goroutine to its thread around it. CPUs
// numbered 1024 or more cannot be named and are an error.
func SetThreadAffinity(cpus []int) error {
	var set unix.CPUSet
	for _, c := range cpus {
		if c < 0 || c >= len(set)*64 {
			return fmt.Errorf("osmem: sched_setaffinity: CPU %d out of range: %w", c, syscall.EINVAL)
		}
		set.Set(c)
	}
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("osmem: sched_setaffinity %v: %w", cpus, err)
	}
	return nil
}

// Resident reports, for each page of the range of length bytes at addr
// (page-aligned, mapped), whether it is in memory now (mincore): vec gets
// one byte per page, bit 0 set for a resident page. It needs no NUMA
// support. The caller keeps the memory alive across the call.
func Resident(addr uintptr, length int, vec []byte) error {
	if length <= 0 {
		return nil
	}
	pages := (length + PageSize() - 1) / PageSize()
	if len(vec) < pages {
		return fmt.Errorf("osmem: mincore of %d pages into %d bytes: %w", pages, len(vec), syscall.EINVAL)
	}
	if _, _, e := unix.Syscall(unix.SYS_MINCORE, addr, uintptr(length), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		return fmt.Errorf("osmem: mincore %d bytes at %#x: %w", length, addr, e)
	}
	return nil
}
