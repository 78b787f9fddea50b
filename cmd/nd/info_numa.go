package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/numgo/numgo/nd/numa"
)

// printNUMA prints the NUMA capability, its reason and the topology.
func printNUMA(w io.Writer) {
	c := numa.Support()
	fmt.Fprintf(w, "NUMA:       %v\n", c)
	if c.Topology != nil {
		for line := range strings.Lines(c.Topology.String()) {
			fmt.Fprintf(w, "            %s", line)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "            current node %d (getcpu); placement %s\n", numa.CurrentNode(), map[bool]string{
		true:  "acts: numa.NewAllocator applies mbind before first touch, numa.Distribution asks move_pages",
		false: "cannot act: numa works as one node and says so",
	}[c.Acts()])
}
