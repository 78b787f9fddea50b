package sysmem

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	mib = int64(1) << 20
	gib = int64(1) << 30
)

func tree(name string) string { return filepath.Join("..", "..", "testdata", "sysmem", name) }

func readTree(t *testing.T, name string) Limits {
	t.Helper()
	l, err := ReadPressure(tree(name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return l
}

func TestNoCgroup(t *testing.T) {
	l := readTree(t, "nocgroup")
	if l.MemTotal != 16*gib || l.MemAvailable != 12*gib {
		t.Fatalf("meminfo: total %d, available %d", l.MemTotal, l.MemAvailable)
	}
	if l.Cgroup.Version != 0 || len(l.Cgroup.Levels) != 0 {
		t.Fatalf("cgroup found where there is none: %+v", l.Cgroup)
	}
	if !l.PSI.Known || !l.PSI.HasFull || l.PSI.Some.Avg10 != 0 {
		t.Fatalf("host PSI: %+v", l.PSI)
	}
	l.GoMemLimit = Unlimited
	if n, bound := l.Available(); n != 12*gib || bound != "MemAvailable" {
		t.Fatalf("Available = %d (%s), want MemAvailable", n, bound)
	}
}

func TestCgroupV1(t *testing.T) {
	l := readTree(t, "v1")
	cg := l.Cgroup
	if cg.Version != 1 || cg.Path != "/jobs/job1" || len(cg.Levels) != 3 {
		t.Fatalf("cgroup %+v", cg)
	}
	own, parent, top := cg.Levels[0], cg.Levels[1], cg.Levels[2]
	if own.Max != Unlimited || own.Current != 900*mib || parent.Max != 2*gib || top.Max != Unlimited {
		t.Fatalf("levels: %+v", cg.Levels)
	}
	if !own.Events.Known || own.Events.Max != 7 || own.Events.OOMKill != 2 || own.Events.UnderOOM {
		t.Fatalf("v1 events: %+v", own.Events)
	}
	if l.PSI.Some.Total != 1234 || l.PSI.Some.Avg10 != 0.5 {
		t.Fatalf("host PSI: %+v", l.PSI)
	}
	l.GoMemLimit = Unlimited
	n, bound := l.Available()
	if n != gib || !strings.Contains(bound, "jobs memory.limit_in_bytes") {
		t.Fatalf("Available = %d (%s), want the parent's 1 GiB left", n, bound)
	}
}

func TestCgroupV2WithoutLimits(t *testing.T) {
	l := readTree(t, "v2-nolimit")
	cg := l.Cgroup
	if cg.Version != 2 || len(cg.Levels) != 2 {
		t.Fatalf("cgroup %+v", cg)
	}
	for _, lv := range cg.Levels {
		if lv.Max != Unlimited || lv.High != Unlimited || !lv.Events.Known || !lv.Pressure.Known {
			t.Fatalf("level %+v", lv)
		}
	}
	l.GoMemLimit = Unlimited
	if n, bound := l.Available(); n != 6*gib || bound != "MemAvailable" {
		t.Fatalf("Available = %d (%s)", n, bound)
	}
	if l.PSI.Full.Avg10 != 0.25 || l.PSI.Full.Total != 2500 {
		t.Fatalf("host PSI %+v", l.PSI)
	}
}

func TestNestedParentBinds(t *testing.T) {
	l := readTree(t, "v2-nested")
	ctr, pod := l.Cgroup.Levels[0], l.Cgroup.Levels[1]
	if ctr.Max != 4*gib || pod.Max != gib || pod.High != 768*mib {
		t.Fatalf("levels %+v", l.Cgroup.Levels)
	}
	if ctr.Events.High != 1 || pod.Pressure.Full.Avg10 != 1.0 || ctr.Pressure.Some.Avg10 != 2.5 {
		t.Fatalf("signals: ctr %+v pod %+v", ctr, pod)
	}
	l.GoMemLimit = Unlimited
	n, bound := l.Available()
	if n != 68*mib || !strings.HasSuffix(bound, "/pod memory.high") {
		t.Fatalf("Available = %d (%s), want the parent's memory.high", n, bound)
	}
}

func TestMaxValue(t *testing.T) {
	l := readTree(t, "v2-max")
	lv := l.Cgroup.Levels[0]
	if lv.Max != Unlimited || lv.High != Unlimited || lv.Current != 10*mib {
		t.Fatalf("level %+v", lv)
	}
	if l.PSI.Known {
		t.Fatal("PSI known without a file")
	}
}

func TestPSIWithoutFull(t *testing.T) {
	l := readTree(t, "psi-nofull")
	if !l.PSI.Known || l.PSI.HasFull || l.PSI.Some.Avg10 != 15 || l.PSI.Full != (PSILine{}) {
		t.Fatalf("PSI %+v", l.PSI)
	}
}

func TestReadLeavesSignalsUnknown(t *testing.T) {
	l, err := Read(tree("v2-nested"))
	if err != nil {
		t.Fatal(err)
	}
	if l.PSI.Known || l.Cgroup.Levels[0].Events.Known || l.Cgroup.Levels[0].Pressure.Known {
		t.Fatalf("Read read the signal files: %+v", l)
	}
}

func TestMalformedFiles(t *testing.T) {
	for _, c := range []struct{ tree, file, line string }{
		{"bad-psi-truncated", "proc/pressure/memory", "line 1"},
		{"bad-psi-value", "proc/pressure/memory", "line 2"},
		{"bad-psi-kind", "proc/pressure/memory", "line 1"},
		{"bad-psi-empty", "proc/pressure/memory", "line 1"},
		{"bad-meminfo", "proc/meminfo", "line 2"},
		{"bad-events", "memory.events", "line 3"},
		{"bad-max", "memory.max", "line 1"},
		{"bad-oomcontrol", "memory.oom_control", "line 2"},
	} {
		_, err := ReadPressure(tree(c.tree))
		if !errors.Is(err, ErrParse) || !strings.Contains(err.Error(), c.file) || !strings.Contains(err.Error(), c.line) {
			t.Errorf("%s: error %v, want ErrParse naming %s %s", c.tree, err, c.file, c.line)
		}
	}
}

func TestNoFilesAtAll(t *testing.T) {
	l, err := ReadPressure(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if l.MemTotal != -1 || l.MemAvailable != -1 || l.PSI.Known || l.Cgroup.Version != 0 {
		t.Fatalf("%+v", l)
	}
}

// TestThisMachine reads the real files and checks them against what the
// kernel says by other routes.
func TestThisMachine(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc")
	}
	l, err := ReadPressure("/")
	if err != nil {
		t.Fatal(err)
	}
	if l.MemTotal <= 0 || l.MemAvailable < 0 || l.MemAvailable > l.MemTotal {
		t.Fatalf("meminfo: %d of %d", l.MemAvailable, l.MemTotal)
	}
	if _, err := os.Stat("/proc/pressure/memory"); err == nil && !l.PSI.Known {
		t.Fatal("/proc/pressure/memory exists but was not read")
	}
	if l.PSI.Known && (l.PSI.Some.Avg10 < l.PSI.Full.Avg10 || l.PSI.Some.Total < l.PSI.Full.Total) {
		t.Fatalf("full stalls exceed some stalls: %+v", l.PSI)
	}
	t.Logf("cgroup v%d %s, %d levels; PSI %+v", l.Cgroup.Version, l.Cgroup.Path, len(l.Cgroup.Levels), l.PSI)
	for _, lv := range l.Cgroup.Levels {
		if _, err := os.Stat(lv.Dir); err != nil {
			t.Errorf("level directory %s: %v", lv.Dir, err)
		}
		if lv.Current >= 0 && lv.Max != Unlimited && lv.Current > lv.Max+64*mib {
			t.Errorf("%s uses %d over its limit %d", lv.Dir, lv.Current, lv.Max)
		}
	}
}
