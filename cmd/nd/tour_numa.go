package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/numa"
)

// tourNUMA runs the guide's numa_aware_example and
// numa_optimization_example, printing the kernel's placement answers.
func tourNUMA(_ context.Context, w io.Writer, cfg tourConfig) error {
	c := numa.Support()
	fmt.Fprintf(w, "   capability: %v\n", c)

	// numa_aware_example
	s := numa.NewStrategy(numa.StrategyConfig{LocalPreference: true, Interleave: false})
	defer s.Close()
	fmt.Fprintf(w, "   strategy: NUMA nodes: %d (%v), current node: %d\n", s.NodeCount(), s.Nodes(), s.CurrentNode())
	na, err := s.AllocatorForNode(s.Nodes()[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   strategy.AllocatorForNode(%d): %v\n", s.Nodes()[0], na)

	// numa_optimization_example, at 1000x1000 (the guide's 5000x5000 is
	// 200 MB an array, too slow for the tour)
	n := 1000
	if cfg.quick {
		n = 256
	}
	nodes := c.Nodes()
	for _, p := range []numa.Policy{numa.Local, numa.Interleave(), numa.Bind(nodes[0])} {
		a, err := numa.NewAllocator(p)
		if err != nil {
			return err
		}
		defer a.Close()
		x, err := nd.Zeros[float64]([]int{n, n}, nd.With(a))
		if err != nil {
			return err
		}
		node, nerr := numa.NodeOf(x)
		d, derr := numa.Distribution(x)
		if err := errors.Join(nerr, derr); err != nil {
			if !c.Acts() && errors.Is(err, numa.ErrUnavailable) {
				fmt.Fprintf(w, "   %-16v %dx%d float64: placement cannot be located here: %v\n", p, n, n, err)
				continue
			}
			return err
		}
		fmt.Fprintf(w, "   %-16v %dx%d float64: NodeOf %d; distribution %v\n", p, n, n, node, d)
		if c.Acts() && d.Resident() != d.Pages {
			return fmt.Errorf("%v: %d of %d pages resident after pre-faulting", p, d.Resident(), d.Pages)
		}
	}
	// First-touch placement of Go heap memory from a node's CPUs.
	var heap []float64
	if err := numa.RunOnNode(nodes[0], func() error {
		heap = make([]float64, n*n)
		clear(heap)
		return nil
	}); err != nil {
		return err
	}
	if d, err := numa.PlacementOf(heap); err == nil {
		fmt.Fprintf(w, "   RunOnNode(%d) Go heap  %dx%d float64: distribution %v\n", nodes[0], n, n, d)
	} else if !errors.Is(err, numa.ErrUnavailable) {
		return err
	}
	_, err = numa.NewAllocator(numa.Bind(nodes[len(nodes)-1] + 1))
	fmt.Fprintf(w, "   NewAllocator(Bind(%d)): %v\n", nodes[len(nodes)-1]+1, err)
	if !errors.Is(err, numa.ErrNode) {
		return fmt.Errorf("binding to a node that is not there was not refused: %v", err)
	}
	return nil
}
