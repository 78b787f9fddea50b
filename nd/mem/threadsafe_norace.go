//go:build !race

package mem

// acquire returns the shard of the P the caller runs on, pinned to it: no
// other goroutine touches the shard until release. A P beyond the shards
// made at construction (GOMAXPROCS raised since) shares the spare shard,
// under its lock.
func (t *ThreadSafe) acquire() *tsShard {
	if pid := procPin(); pid < len(t.shards) {
		return t.shards[pid]
	}
	return t.acquireSpare()
}

func (t *ThreadSafe) acquireSpare() *tsShard {
	procUnpin()
	t.spare.mu.Lock()
	return &t.spare
}

// release ends what acquire began.
func (t *ThreadSafe) release(s *tsShard) {
	if s == &t.spare {
		s.mu.Unlock()
		return
	}
	procUnpin()
}

// read returns a copy of another shard's counters. Without the race
// detector this is a plain read of counters their own P may be writing:
// each field is one machine word, so the Go memory model guarantees it
// reads some value written to it, the latest for writes that happened
// before the call (all of them once the callers are done).
func (t *ThreadSafe) read(s *tsShard) tsCounts {
	if s == &t.spare {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.tsCounts
}

// setBudget sets a shard's peak budget (see raisePeak).
func (t *ThreadSafe) setBudget(s *tsShard, b int64) {
	if s == &t.spare {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	s.budget = b
}
