package mem

import "fmt"

// Pressure is a level of memory pressure, ordered so that comparisons read
// as in the guide: p >= mem.High means "high or worse". The zero value is Low.
type Pressure int

// The pressure levels, from no pressure to imminent out-of-memory.
const (
	// Low: memory is plentiful.
	Low Pressure = iota
	// Medium: memory is getting scarce; prefer cheaper strategies.
	Medium
	// High: allocation stalls are happening; free what can be freed.
	High
	// Critical: the process is close to an out-of-memory kill; refuse
	// new large allocations.
	Critical
)

// String returns the level's name: "low", "medium", "high" or "critical".
func (p Pressure) String() string {
	switch p {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("Pressure(%d)", int(p))
}
