// Package sysmem reads the memory limits the kernel and the Go runtime put on
// this process: physical memory (/proc/meminfo), the cgroup the process runs
// in (v2 memory.max and memory.high, or v1 memory.limit_in_bytes, walking up
// the hierarchy because a parent's limit binds too) and GOMEMLIMIT.
//
// Every reader takes a root directory that stands for "/", so tests run on
// fake trees under testdata/. It is the one reader of these files in numgo:
// mem.System uses it to refuse requests the machine cannot serve, and the
// memory monitor builds its pressure signals on it.
package sysmem

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
)

// Unlimited stands for a limit that is not set ("max" in cgroup files,
// GOMEMLIMIT unset).
const Unlimited int64 = math.MaxInt64

// Limits is one reading of the memory limits that bind this process.
// Byte counts that could not be read are -1.
type Limits struct {
	// MemTotal and MemAvailable are /proc/meminfo's, in bytes.
	MemTotal, MemAvailable int64
	// Cgroup is the process's memory cgroup with the limits of every level.
	Cgroup Cgroup
	// GoMemLimit is the Go runtime's soft memory limit (GOMEMLIMIT or
	// debug.SetMemoryLimit), Unlimited when unset; GoMemUsed is what the
	// runtime counts against it now (runtime/metrics
	// /memory/classes/total:bytes less released memory).
	GoMemLimit, GoMemUsed int64
	// PSI is the host's /proc/pressure/memory; ReadPressure fills it,
	// Read leaves it unknown.
	PSI PSI
}

// Cgroup describes the process's memory cgroup.
type Cgroup struct {
	// Version is 2 for the unified hierarchy, 1 for the v1 memory
	// controller, 0 when the process is in no memory cgroup that could be
	// read.
	Version int
	// Path is the cgroup's path inside its hierarchy, as /proc/self/cgroup
	// gives it ("/" for the root).
	Path string
	// Levels holds the cgroup and each of its ancestors that could be read,
	// the process's own first.
	Levels []CgroupLevel
}

// CgroupLevel holds the memory files of one cgroup directory.
type CgroupLevel struct {
	// Dir is the directory read, under the root given to Read.
	Dir string
	// Max is memory.max (v2) or memory.limit_in_bytes (v1); High is
	// memory.high (v2 only). Unlimited when the file says "max" or is absent
	// (the root cgroup has neither), and for v1's "no limit" values.
	Max, High int64
	// Current is memory.current (v2) or memory.usage_in_bytes (v1); -1 if
	// absent.
	Current int64
	// Events and Pressure are the level's memory events and (v2)
	// memory.pressure; ReadPressure fills them, Read leaves them unknown.
	Events   Events
	Pressure PSI
}

// ErrParse is wrapped by every error about a malformed file; the message
// names the file and the line.
var ErrParse = errors.New("sysmem: malformed file")

// Read reads the limits under root ("/" for the real machine). A file that
// does not exist leaves its fields unknown (-1, Unlimited or an empty
// Cgroup); a file that exists but cannot be parsed is an error naming it.
func Read(root string) (Limits, error) { return read(root, false) }

// read is Read, and with signals also the cgroup levels' events and
// pressure files (see ReadPressure).
func read(root string, signals bool) (Limits, error) {
	l := Limits{MemTotal: -1, MemAvailable: -1, GoMemLimit: Unlimited, GoMemUsed: -1}
	var err error
	if l.MemTotal, l.MemAvailable, err = readMeminfo(root); err != nil {
		return l, err
	}
	if l.Cgroup, err = readCgroup(root, signals); err != nil {
		return l, err
	}
	l.GoMemLimit, l.GoMemUsed = goMemory()
	return l, nil
}

// Available returns the bytes this process can still be given before it
// meets the tightest of its limits, and which limit that is ("MemAvailable",
// "cgroup /a/b memory.max", "GOMEMLIMIT"). It returns Unlimited and "" when
// no limit could be read.
func (l Limits) Available() (int64, string) {
	avail, bound := Unlimited, ""
	take := func(n int64, name string) {
		if n < avail {
			avail, bound = max(n, 0), name
		}
	}
	if l.MemAvailable >= 0 {
		take(l.MemAvailable, "MemAvailable")
	}
	for _, lv := range l.Cgroup.Levels {
		if lv.Current < 0 {
			continue
		}
		name := "cgroup " + lv.Dir
		if lv.Max != Unlimited {
			take(lv.Max-lv.Current, name+" "+l.Cgroup.MaxFile())
		}
		if lv.High != Unlimited {
			take(lv.High-lv.Current, name+" memory.high")
		}
	}
	if l.GoMemLimit != Unlimited && l.GoMemUsed >= 0 {
		take(l.GoMemLimit-l.GoMemUsed, "GOMEMLIMIT")
	}
	return avail, bound
}

// MaxFile names the file that holds the hard limit: memory.limit_in_bytes
// for cgroup v1, memory.max otherwise.
func (c Cgroup) MaxFile() string {
	if c.Version == 1 {
		return "memory.limit_in_bytes"
	}
	return "memory.max"
}

// readMeminfo returns MemTotal and MemAvailable in bytes, -1 for each one
// the file lacks (or when there is no file).
func readMeminfo(root string) (total, avail int64, err error) {
	name := filepath.Join(root, "proc/meminfo")
	data, ok, err := readOptional(name)
	if !ok {
		return -1, -1, err
	}
	total, avail = -1, -1
	for i, line := range lines(data) {
		key, rest, ok := strings.Cut(line, ":")
		if !ok || (key != "MemTotal" && key != "MemAvailable") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 || len(f) > 2 || (len(f) == 2 && f[1] != "kB") {
			return -1, -1, parseErr(name, i, line, "want a number of kB")
		}
		n, perr := strconv.ParseInt(f[0], 10, 64)
		if perr != nil || n < 0 || n > math.MaxInt64/1024 {
			return -1, -1, parseErr(name, i, line, "want a number of kB")
		}
		if key == "MemTotal" {
			total = n * 1024
		} else {
			avail = n * 1024
		}
	}
	return total, avail, nil
}

// readCgroup finds the process's memory cgroup from /proc/self/cgroup and
// /proc/self/mountinfo under root, and reads the limits of it and of each
// ancestor (with signals, also their events and pressure files). A v2
// hierarchy whose cgroup has memory files wins over a v1 memory controller.
func readCgroup(root string, signals bool) (Cgroup, error) {
	name := filepath.Join(root, "proc/self/cgroup")
	data, ok, err := readOptional(name)
	if !ok {
		return Cgroup{}, err
	}
	var v1Path, v2Path string
	haveV1, haveV2 := false, false
	for i, line := range lines(data) {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			return Cgroup{}, parseErr(name, i, line, "want id:controllers:path")
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2Path, haveV2 = parts[2], true
		case hasController(parts[1], "memory"):
			v1Path, haveV1 = parts[2], true
		}
	}
	mounts, err := readMounts(root)
	if err != nil {
		return Cgroup{}, err
	}
	if haveV2 {
		if m, ok := mounts["cgroup2"]; ok {
			cg, err := readLevels(root, m, v2Path, 2, signals)
			if err != nil || len(cg.Levels) > 0 && cg.Levels[0].Current >= 0 {
				return cg, err
			}
		}
	}
	if haveV1 {
		if m, ok := mounts["memory"]; ok {
			return readLevels(root, m, v1Path, 1, signals)
		}
	}
	return Cgroup{}, nil
}

func hasController(list, c string) bool {
	for _, x := range strings.Split(list, ",") {
		if x == c {
			return true
		}
	}
	return false
}

// mount is where a cgroup hierarchy is mounted: the directory, and the path
// inside the hierarchy that the mount's root is (not "/" in a container
// that mounts its own cgroup).
type mount struct{ dir, hierRoot string }

// readMounts returns the cgroup2 mount (key "cgroup2") and the v1 mount of
// each controller (key: the controller) from /proc/self/mountinfo. Without
// mountinfo it assumes the usual /sys/fs/cgroup layout.
func readMounts(root string) (map[string]mount, error) {
	name := filepath.Join(root, "proc/self/mountinfo")
	data, ok, err := readOptional(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return map[string]mount{
			"cgroup2": {dir: "/sys/fs/cgroup", hierRoot: "/"},
			"memory":  {dir: "/sys/fs/cgroup/memory", hierRoot: "/"},
		}, nil
	}
	m := map[string]mount{}
	for i, line := range lines(data) {
		pre, post, ok := strings.Cut(line, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if !ok || len(f) < 5 || len(g) < 1 {
			return nil, parseErr(name, i, line, "want a mountinfo line")
		}
		mt := mount{dir: unescapeMount(f[4]), hierRoot: unescapeMount(f[3])}
		switch g[0] {
		case "cgroup2":
			if _, seen := m["cgroup2"]; !seen {
				m["cgroup2"] = mt
			}
		case "cgroup":
			if len(g) >= 3 && hasController(g[2], "memory") {
				m["memory"] = mt
			}
		}
	}
	return m, nil
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readLevels reads the memory files of the cgroup at path and each ancestor
// up to the mount's root.
func readLevels(root string, m mount, path string, version int, signals bool) (Cgroup, error) {
	cg := Cgroup{Version: version, Path: path}
	rel, ok := strings.CutPrefix(path, m.hierRoot)
	if !ok {
		// The cgroup lies outside what is mounted (a container sees its
		// own cgroup as the mount's root).
		rel = ""
	}
	rel = strings.Trim(rel, "/")
	for {
		dir := filepath.Join(m.dir, rel)
		lv, found, err := readLevel(root, dir, version)
		if err != nil {
			return cg, err
		}
		if signals {
			more, err := readSignals(root, &lv, version)
			if err != nil {
				return cg, err
			}
			found = found || more
		}
		if found {
			cg.Levels = append(cg.Levels, lv)
		}
		if rel == "" || rel == "." {
			break
		}
		rel = filepath.Dir(rel)
		if rel == "." {
			rel = ""
		}
	}
	if len(cg.Levels) == 0 {
		cg.Version = 0
	}
	return cg, nil
}

// v1NoLimit: cgroup v1 reports "no limit" as the largest page-aligned
// int64 (9223372036854771712); anything at or above this is no limit.
const v1NoLimit = math.MaxInt64 &^ (1<<20 - 1)

func readLevel(root, dir string, version int) (CgroupLevel, bool, error) {
	lv := CgroupLevel{Dir: dir, Max: Unlimited, High: Unlimited, Current: -1}
	files := map[string]*int64{"memory.max": &lv.Max, "memory.high": &lv.High, "memory.current": &lv.Current}
	if version == 1 {
		files = map[string]*int64{"memory.limit_in_bytes": &lv.Max, "memory.usage_in_bytes": &lv.Current}
	}
	found := false
	for file, dst := range files {
		n, ok, err := readValue(filepath.Join(root, dir, file))
		if err != nil {
			return lv, false, err
		}
		if !ok {
			continue
		}
		found = true
		if version == 1 && n >= v1NoLimit {
			n = Unlimited
		}
		*dst = n
	}
	return lv, found, nil
}

// readValue reads a one-value cgroup file: a byte count or "max"
// (Unlimited). ok is false when the file does not exist.
func readValue(name string) (n int64, ok bool, err error) {
	data, ok, err := readOptional(name)
	if !ok {
		return 0, false, err
	}
	s := strings.TrimSpace(string(data))
	if s == "max" {
		return Unlimited, true, nil
	}
	n, err = strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false, parseErr(name, 0, s, `want a byte count or "max"`)
	}
	return n, true, nil
}

// goMemory returns the runtime's memory limit and what it counts against it.
func goMemory() (limit, used int64) {
	limit = debug.SetMemoryLimit(-1)
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return limit, -1
	}
	return limit, int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

// readOptional reads the file name; ok is false when it does not exist or
// cannot be read (err says which).
func readOptional(name string) (data []byte, ok bool, err error) {
	data, err = os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// lines splits a file into lines without the trailing newline.
func lines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

func parseErr(name string, i int, line, want string) error {
	return fmt.Errorf("%w: %s line %d: %q: %s", ErrParse, name, i+1, line, want)
}
