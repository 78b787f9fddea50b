//go:build race

package mem_test

// raceEnabled: the race detector cannot see mmap memory, so stress tests
// use heap-backed arenas and pools.
const raceEnabled = true
