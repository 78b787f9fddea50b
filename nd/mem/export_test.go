package mem

// SetLimitsRoot points System's limit checks at a fake tree and returns a
// function that restores the real one.
func SetLimitsRoot(root string) (restore func()) {
	old := limitsRoot
	limitsRoot = root
	return func() { limitsRoot = old }
}
