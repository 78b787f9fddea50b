package osmem

import "fmt"

// Advice is what a program tells the kernel it will do with a range of a
// mapping (madvise).
type Advice int

const (
	// AdviseNormal: no special treatment (MADV_NORMAL).
	AdviseNormal Advice = iota
	// AdviseSequential: pages will be read in order; read ahead aggressively and
	// drop pages soon after they are read (MADV_SEQUENTIAL).
	AdviseSequential
	// AdviseRandom: pages will be read in no order; read ahead nothing
	// (MADV_RANDOM).
	AdviseRandom
	// AdviseWillNeed: pages will be read soon; start reading them in now
	// (MADV_WILLNEED).
	AdviseWillNeed
	// AdviseDontNeed: pages will not be needed soon; drop them from this
	// process (MADV_DONTNEED). A shared file mapping keeps its data (it is
	// in the file and the page cache); a private one loses its own changes
	// and reads the file's contents again.
	AdviseDontNeed
)

// String names the advice.
func (a Advice) String() string {
	switch a {
	case AdviseNormal:
		return "normal"
	case AdviseSequential:
		return "sequential"
	case AdviseRandom:
		return "random"
	case AdviseWillNeed:
		return "will-need"
	case AdviseDontNeed:
		return "dont-need"
	}
	return fmt.Sprintf("Advice(%d)", int(a))
}
