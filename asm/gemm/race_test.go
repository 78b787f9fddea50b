//go:build race

package gemm

// raceEnabled trims the random tests under the race detector, which runs
// the pure-Go twins some twenty times slower.
const raceEnabled = true
