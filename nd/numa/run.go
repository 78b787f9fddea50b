package numa

import (
	"errors"
	"fmt"
	"runtime"
	"slices"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/internal/osmem"
)

// CurrentNode returns the node of the CPU the calling goroutine runs on
// now (getcpu), or 0 where the kernel cannot say (no NUMA: one node).
// Without pinning (RunOnNode) the goroutine may move to another CPU, and
// node, at any time.
func CurrentNode() int {
	if _, node, err := osmem.Getcpu(); err == nil {
		return node
	}
	return 0
}

// RunOnNode runs fn on the CPUs of node and returns its error: fn runs on
// a goroutine locked to an OS thread whose CPU affinity is set to the
// node's CPUs (those of them this process may use) and, where placement
// acts and the node has memory, whose memory policy prefers the node.
// Memory fn touches first (a fresh Go heap allocation included: new pages
// are placed on first touch) then lands on node. Affinity and policy are
// restored after; if restoring fails, the thread is retired rather than
// reused. A panic in fn goes on in the caller.
//
// On one node (or where the kernel has no NUMA) RunOnNode(0, fn) runs fn
// on every CPU the process may use. A node that does not exist or has no
// CPUs the process may use is an error wrapping ErrNode, a nil fn one
// wrapping fs.ErrInvalid.
//
//	err := numa.RunOnNode(0, func() error {
//		buf = make([]float64, 1<<20) // first touched on node 0
//		return nil
//	})
func RunOnNode(node int, fn func() error) error {
	if fn == nil {
		return nilArgument(fmt.Sprintf("RunOnNode(%d)", node), "function")
	}
	c := Support()
	cpus, err := nodeCPUs(c, node)
	if err != nil {
		return err
	}
	var prefer bool
	if c.Acts() {
		n, _ := c.Topology.Node(node)
		prefer = n.HasMemory && slices.Contains(c.Nodes(), node)
	}
	type result struct {
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		var r result
		runtime.LockOSThread()
		restored := false
		defer func() {
			if restored {
				runtime.UnlockOSThread()
			} // else the thread ends with this goroutine
			done <- r
		}()
		old, err := osmem.ThreadAffinity()
		if err != nil {
			r.err = errtext.Wrap(err, "numa", "RunOnNode(%d)", node)
			restored = true
			return
		}
		if err := osmem.SetThreadAffinity(cpus); err != nil {
			r.err = errtext.Wrap(err, "numa", "RunOnNode(%d)", node)
			restored = true
			return
		}
		restorePolicy := func() error { return nil }
		if prefer {
			if mode, mask, err := osmem.ThreadPolicy(); err == nil && osmem.SetThreadPolicy(osmem.MPOLPreferred, osmem.MaskOf(node)) == nil {
				restorePolicy = func() error { return osmem.SetThreadPolicy(mode, mask) }
			}
		}
		defer func() {
			restored = errors.Join(restorePolicy(), osmem.SetThreadAffinity(old)) == nil
		}()
		defer func() { r.panic = recover() }()
		r.err = fn()
	}()
	r := <-done
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// nodeCPUs returns the CPUs of node that this process may run on.
func nodeCPUs(c Capability, node int) ([]int, error) {
	allowed, err := osmem.ThreadAffinity()
	if err != nil {
		return nil, errtext.Wrap(err, "numa", "RunOnNode(%d)", node)
	}
	t := c.Topology
	if t == nil || !c.Acts() && !c.multiNode() {
		if node != 0 {
			return nil, fmt.Errorf("%w: RunOnNode(%d): working as one node (%s); the only node is 0", ErrNode, node, c.Reason)
		}
		return allowed, nil
	}
	n, ok := t.Node(node)
	if !ok {
		return nil, fmt.Errorf("%w: RunOnNode(%d): node %d is not online; online nodes: %s", ErrNode, node, node, formatList(t.IDs()))
	}
	cpus := intersect(n.CPUs, allowed)
	if len(cpus) == 0 {
		return nil, fmt.Errorf("%w: RunOnNode(%d): none of node %d's CPUs (%s) is in this process's affinity (%s)",
			ErrNode, node, node, formatList(n.CPUs), formatList(allowed))
	}
	return cpus, nil
}
