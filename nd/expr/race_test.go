//go:build race

package expr

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// the zero-allocation assertions are skipped under it.
const raceEnabled = true
