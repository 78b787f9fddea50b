package mem

import "fmt"

// Stats is a snapshot of an allocator's accounting.
//
// Requested bytes are what callers asked for; reserved bytes are what the
// allocator set aside to serve them (alignment padding, headers, whole pool
// blocks). Overhead = Reserved - Allocated.
type Stats struct {
	// Allocated is the number of requested bytes live now.
	Allocated int64
	// Peak is the highest Allocated since creation or the last ResetPeak.
	Peak int64
	// Reserved is the number of bytes set aside for the live buffers,
	// padding and headers included.
	Reserved int64
	// Capacity is the most the allocator can hold (0: bounded only by the
	// Go heap or the OS).
	Capacity int64
	// TotalAllocated is the sum of all requested sizes ever handed out.
	TotalAllocated int64
	// Allocs, Frees and Reallocs count successful calls. A Realloc counts
	// only in Reallocs (the buffer stays live; TotalAllocated grows by its
	// new size); an arena's Reset and Close count every buffer still
	// live as freed, so Live stays exact.
	Allocs, Frees, Reallocs int64
	// Failed counts allocation requests that returned an error.
	Failed int64
}

// Live is the number of buffers handed out and not yet freed.
func (s Stats) Live() int64 { return s.Allocs - s.Frees }

// Overhead is the number of reserved bytes no caller asked for.
func (s Stats) Overhead() int64 { return s.Reserved - s.Allocated }

// String formats the snapshot on one line.
func (s Stats) String() string {
	return fmt.Sprintf("allocated %d B (peak %d B), reserved %d B, %d allocs, %d frees, %d reallocs, %d failed, total %d B",
		s.Allocated, s.Peak, s.Reserved, s.Allocs, s.Frees, s.Reallocs, s.Failed, s.TotalAllocated)
}
