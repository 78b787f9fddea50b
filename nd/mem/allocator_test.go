package mem_test

import (
	"testing"

	"github.com/numgo/numgo/nd/mem/memtest"
)

// TestAllocatorContract runs memtest's checks (alignment 1..4096, exact
// accounting over a random sequence, concurrent stress, bad input,
// foreign and double frees, Peak) on every allocator in every mode.
func TestAllocatorContract(t *testing.T) {
	for _, f := range factories(false) {
		t.Run(f.name, func(t *testing.T) {
			memtest.Run(t, memtest.Factory{
				New:      func(t *testing.T) memtest.Allocator { return f.new(t) },
				MaxSize:  f.maxSize,
				MaxAlign: f.maxAlign,
				Zeroed:   f.zeroed,
			})
		})
	}
}
