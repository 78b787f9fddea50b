package numa_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/numa"
)

// The topology of a two-node machine, read from a fake sysfs tree.
func ExampleReadTopology() {
	t, err := numa.ReadTopology("../../testdata/numa/two")
	if err != nil {
		panic(err)
	}
	for _, n := range t.Nodes {
		fmt.Printf("node %d: %d CPUs, %d GiB, distances %v\n", n.ID, len(n.CPUs), n.MemTotal>>30, n.Distances)
	}
	cpu20, _ := t.NodeOfCPU(20)
	fmt.Println("CPU 20 is on node", cpu20)
	// Output:
	// node 0: 16 CPUs, 64 GiB, distances [10 21]
	// node 1: 16 CPUs, 64 GiB, distances [21 10]
	// CPU 20 is on node 0
}

// Bind an array to a node and ask the kernel where its pages are (the
// guide's numa_optimization_example).
func ExampleNewAllocator() {
	c := numa.Support()
	if !c.Acts() {
		fmt.Println("placement cannot act here:", c.Reason)
		return
	}
	node := c.Nodes()[0]
	a, err := numa.NewAllocator(numa.Bind(node))
	if err != nil {
		panic(err)
	}
	defer a.Close()
	x, err := nd.Zeros[float64]([]int{500, 500}, nd.With(a))
	if err != nil {
		panic(err)
	}
	got, err := numa.NodeOf(x)
	d, _ := numa.Distribution(x)
	fmt.Println("on the bound node:", got == node, err)
	fmt.Println("pages:", d)
}

// A NUMA-aware strategy (the guide's numa_aware_example).
func ExampleNewStrategy() {
	s := numa.NewStrategy(numa.StrategyConfig{LocalPreference: true, Interleave: false})
	defer s.Close()
	fmt.Println(s.NodeCount() >= len(s.Nodes()), s.CurrentNode() < s.NodeCount())
	a, err := s.Allocator() // local: on the node of the CPU that asks
	fmt.Println(a != nil, err)
	// Output:
	// true true
	// true <nil>
}

// Where the kernel lets this process place memory, and why.
func ExampleSupport() {
	c := numa.Support()
	fmt.Println(c.Level >= numa.NoKernelNUMA, c.Reason != "")
	// Output: true true
}
