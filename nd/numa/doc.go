// Package numa places numgo's memory on NUMA nodes and asks the kernel
// where it is: the machine's topology, placement policies, an allocator
// that applies them, placement queries for arrays, and a strategy for
// NUMA-aware allocation. Every answer comes from the kernel (mbind,
// get_mempolicy, move_pages, getcpu and sched_setaffinity, made in
// internal/osmem) or from sysfs; nothing is assumed.
//
// What the kernel allows is probed once and reported with its reason:
//
//	c := numa.Support()
//	fmt.Println(c.Level, c.Reason)
//
// The levels are NoKernelNUMA (ENOSYS, or not Linux), Refused (EPERM: a
// container's seccomp profile allows the memory-policy calls only with
// CAP_SYS_NICE; never treated as available), OneNode, Restricted (a
// cpuset allows only some nodes: Mems_allowed_list, the cgroup's
// cpuset.mems.effective) and Full. Where placement cannot act, the common
// calls work as one node and say so: NodeCount is 1, Allocator.Applied is
// false with the reason, a placement query on a one-node machine is
// inferred from residency with Source saying so, and a request that would
// need several nodes (Bind to a node, a query on a multi-node machine)
// fails with ErrUnavailable rather than claim a placement it did not make.
//
// Placement:
//
//	a, err := numa.NewAllocator(numa.Interleave()) // or numa.Local, numa.Bind(0), numa.Preferred(1)
//	x, err := nd.Zeros[float64]([]int{5000, 5000}, nd.With(a))
//	d, err := numa.Distribution(x) // pages per node, from move_pages
//	n, err := numa.NodeOf(x)
//
// The allocator applies the policy with mbind before first touch and then
// touches every page, so placement happens in Alloc. RunOnNode runs a
// function on a node's CPUs, for first-touch placement of memory it does
// not allocate itself (the Go heap). ReadTopology reads the nodes, their
// CPUs, memory and distances under a root directory, so tests run on the
// fake trees in testdata/numa.
package numa
