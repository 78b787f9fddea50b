package mem

// SetLimitsRoot points System's limit checks at a fake tree and returns a
// function that restores the real one.
func SetLimitsRoot(root string) (restore func()) {
	old := limitsRoot
	limitsRoot = root
	return func() { limitsRoot = old }
}

// SetUnclearedHeap makes System take its buffers that skip the runtime's
// clear from heap, and returns a function that restores the real source.
func SetUnclearedHeap(heap func(n int) []byte) (restore func()) {
	old := unclearedHeap
	unclearedHeap = heap
	return func() { unclearedHeap = old }
}
