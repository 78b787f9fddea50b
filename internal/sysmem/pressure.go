package sysmem

import (
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// PSI is one pressure stall information file: /proc/pressure/memory for
// the whole machine, or a cgroup v2 memory.pressure for the cgroup and its
// descendants. The kernel writes (Documentation/accounting/psi.rst):
//
//	some avg10=0.00 avg60=0.00 avg300=0.00 total=0
//	full avg10=0.00 avg60=0.00 avg300=0.00 total=0
//
// "some" is the share of time at least one task stalled on memory, "full"
// the share of time every non-idle task stalled at once; the averages are
// percentages over 10, 60 and 300 s, total is cumulative stall time in µs.
type PSI struct {
	// Known is true when the file was read.
	Known bool
	// HasFull is false for a file without a "full" line (older kernels give
	// none for some resources).
	HasFull    bool
	Some, Full PSILine
}

// PSILine is one line of a PSI file.
type PSILine struct {
	// Avg10, Avg60 and Avg300 are percentages (0 to 100).
	Avg10, Avg60, Avg300 float64
	// Total is the cumulative stall time in microseconds.
	Total int64
}

// Events holds a cgroup's counters of memory events: cgroup v2
// memory.events, or for v1 memory.failcnt and memory.oom_control. They
// only rise; a rise between two readings is the signal.
type Events struct {
	// Known is true when an events file was read.
	Known bool
	// High counts reclaim throttling because usage went over memory.high
	// (v2 only).
	High int64
	// Max counts the times usage was about to go over memory.max (v2), or
	// hit memory.limit_in_bytes (v1 memory.failcnt).
	Max int64
	// OOM counts the times the cgroup's limit was reached with reclaim
	// failing (v2 only); OOMKill counts processes killed by the OOM killer
	// in the cgroup (v2 oom_kill, v1 oom_control's oom_kill on kernels
	// that report it).
	OOM, OOMKill int64
	// UnderOOM is v1's oom_control "under_oom 1": the cgroup is out of
	// memory now and its tasks are stopped.
	UnderOOM bool
}

// HostPSIPath is where the kernel reports machine-wide memory pressure,
// relative to the root given to the readers.
const HostPSIPath = "proc/pressure/memory"

// ReadPressure reads what Read does, plus the pressure signals: the host's
// /proc/pressure/memory into Limits.PSI, and each cgroup level's
// memory.events and memory.pressure (v2), or memory.failcnt and
// memory.oom_control (v1). Missing files leave their Known false; a file
// that cannot be parsed is an error naming the file and the line.
func ReadPressure(root string) (Limits, error) {
	l, err := read(root, true)
	if err != nil {
		return l, err
	}
	l.PSI, err = ReadPSI(filepath.Join(root, HostPSIPath))
	return l, err
}

// ReadPSI parses the PSI file name (a full path). A file that does not
// exist gives a PSI with Known false and no error.
func ReadPSI(name string) (PSI, error) {
	data, ok, err := readOptional(name)
	if !ok {
		return PSI{}, err
	}
	var p PSI
	haveSome := false
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var dst *PSILine
		switch f[0] {
		case "some":
			dst, haveSome = &p.Some, true
		case "full":
			dst, p.HasFull = &p.Full, true
		default:
			return PSI{}, parseErr(name, i, line, `want "some" or "full" and avg10, avg60, avg300, total`)
		}
		if err := parsePSILine(f[1:], dst); err != nil {
			return PSI{}, parseErr(name, i, line, err.Error())
		}
	}
	if !haveSome {
		return PSI{}, parseErr(name, 0, string(data), `no "some" line`)
	}
	p.Known = true
	return p, nil
}

// parsePSILine fills dst from the key=value fields of one PSI line; every
// one of avg10, avg60, avg300 and total must be there.
func parsePSILine(fields []string, dst *PSILine) error {
	avgs := map[string]*float64{"avg10": &dst.Avg10, "avg60": &dst.Avg60, "avg300": &dst.Avg300}
	seen := 0
	for _, kv := range fields {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return errors.New("want key=value fields")
		}
		if k == "total" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return errors.New("total must be a count of microseconds")
			}
			dst.Total = n
			seen++
			continue
		}
		p, known := avgs[k]
		if !known {
			continue // a field a later kernel may add
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || x < 0 || x > 100 {
			return errors.New(k + " must be a percentage")
		}
		*p = x
		seen++
	}
	if seen != 4 {
		return errors.New("want avg10, avg60, avg300 and total (truncated?)")
	}
	return nil
}

// readSignals reads the events and pressure files of one cgroup level into
// lv; found is true when any of them exists.
func readSignals(root string, lv *CgroupLevel, version int) (found bool, err error) {
	dir := filepath.Join(root, lv.Dir)
	if version == 1 {
		return readEventsV1(dir, &lv.Events)
	}
	name := filepath.Join(dir, "memory.events")
	data, ok, err := readOptional(name)
	if err != nil {
		return false, err
	}
	if ok {
		if err := parseEventsV2(name, data, &lv.Events); err != nil {
			return false, err
		}
	}
	if lv.Pressure, err = ReadPSI(filepath.Join(dir, "memory.pressure")); err != nil {
		return false, err
	}
	return lv.Events.Known || lv.Pressure.Known, nil
}

// parseEventsV2 parses a cgroup v2 memory.events file ("high 3" and so on,
// one counter a line; counters it does not know are skipped).
func parseEventsV2(name string, data []byte, ev *Events) error {
	dst := map[string]*int64{"high": &ev.High, "max": &ev.Max, "oom": &ev.OOM, "oom_kill": &ev.OOMKill}
	err := keyedCounts(name, data, func(key string, n int64) {
		if p, ok := dst[key]; ok {
			*p = n
		}
	})
	ev.Known = err == nil
	return err
}

// keyedCounts calls fn for each "name count" line of a file.
func keyedCounts(name string, data []byte, fn func(key string, n int64)) error {
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[len(f)-1], 10, 64)
		if len(f) != 2 || err != nil || n < 0 {
			return parseErr(name, i, line, "want a name and a count")
		}
		fn(f[0], n)
	}
	return nil
}

// readEventsV1 reads a v1 memory cgroup's memory.failcnt (a count) and
// memory.oom_control ("under_oom 0", "oom_kill 0", ...).
func readEventsV1(dir string, ev *Events) (bool, error) {
	n, ok, err := readValue(filepath.Join(dir, "memory.failcnt"))
	if err != nil {
		return false, err
	}
	if ok {
		ev.Max, ev.Known = n, true
	}
	name := filepath.Join(dir, "memory.oom_control")
	data, ok, err := readOptional(name)
	if err != nil {
		return false, err
	}
	if !ok {
		return ev.Known, nil
	}
	err = keyedCounts(name, data, func(key string, n int64) {
		switch key {
		case "under_oom":
			ev.UnderOOM = n != 0
		case "oom_kill":
			ev.OOMKill = n
		}
	})
	if err != nil {
		return false, err
	}
	ev.Known = true
	return true, nil
}
