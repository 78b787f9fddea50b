//go:build !race

package mem

// acquire returns the shard of the P the caller runs on, pinned to it: no
// other goroutine touches the shard until release. A P beyond the shards
// (GOMAXPROCS raised since) gets shards added first.
func (t *ThreadSafe) acquire() *tsShard {
	for {
		shards := *t.shards.Load()
		pid := procPin()
		if pid < len(shards) {
			return shards[pid]
		}
		procUnpin()
		t.growShards(pid + 1)
	}
}

// release ends what acquire began.
func (t *ThreadSafe) release(*tsShard) { procUnpin() }

// read returns a copy of another shard's counters. Without the race
// detector this is a plain read of counters their own P may be writing:
// each field is one machine word, so the Go memory model guarantees it
// reads some value written to it, the latest for writes that happened
// before the call (all of them once the callers are done).
func (t *ThreadSafe) read(s *tsShard) tsCounts { return s.tsCounts }

// setBudget sets a shard's peak budget (see raisePeak).
func (t *ThreadSafe) setBudget(s *tsShard, b int64) { s.budget = b }
