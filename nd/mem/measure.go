package mem

import "runtime/metrics"

const gcCyclesMetric = "/gc/cycles/total:gc-cycles"

// GCCycles returns the number of garbage-collection cycles the Go runtime
// has completed since the program started (runtime/metrics
// "/gc/cycles/total:gc-cycles"). The difference across a piece of code is
// the GC work it caused or lived through:
//
//	before := mem.GCCycles()
//	run()
//	fmt.Println(mem.GCCycles()-before, "GC cycles")
func GCCycles() uint64 {
	s := [1]metrics.Sample{{Name: gcCyclesMetric}}
	metrics.Read(s[:])
	return s[0].Value.Uint64()
}
