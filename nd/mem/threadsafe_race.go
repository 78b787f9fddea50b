//go:build race

package mem

// Under the race detector every shard is guarded by its mutex (the P id
// only picks which one): the detector cannot see that a pinned P excludes
// other goroutines, and would report the plain accesses of the pinned path
// as races.

func (t *ThreadSafe) acquire() *tsShard {
	for {
		shards := *t.shards.Load()
		pid := procPin()
		procUnpin()
		if pid < len(shards) {
			s := shards[pid]
			s.mu.Lock()
			return s
		}
		t.growShards(pid + 1)
	}
}

func (t *ThreadSafe) release(s *tsShard) { s.mu.Unlock() }

func (t *ThreadSafe) read(s *tsShard) tsCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tsCounts
}

func (t *ThreadSafe) setBudget(s *tsShard, b int64) {
	s.mu.Lock()
	s.budget = b
	s.mu.Unlock()
}
