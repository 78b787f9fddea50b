package main

import (
	"fmt"
	"io"

	"github.com/numgo/numgo/internal/sysmem"
	"github.com/numgo/numgo/nd/mem"
)

// printMemory prints the memory limits found and where, MemAvailable, the
// PSI averages and the monitor's level with the signal that decided it.
func printMemory(w io.Writer) {
	if err := infoMemory(w); err != nil {
		fmt.Fprintf(w, "memory:     %v\n", err)
	}
}

func infoMemory(w io.Writer) error {
	l, err := sysmem.ReadPressure("/")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "memory:     MemTotal %.0f MiB, MemAvailable %.0f MiB (/proc/meminfo)\n", mib(l.MemTotal), mib(l.MemAvailable))
	cg := l.Cgroup
	if cg.Version == 0 {
		fmt.Fprintln(w, "cgroup:     none found: the host's memory is the limit")
	} else {
		fmt.Fprintf(w, "cgroup:     v%d %s\n", cg.Version, cg.Path)
	}
	for _, lv := range cg.Levels {
		high := ""
		if cg.Version == 2 {
			high = ", high " + limitStr(lv.High)
		}
		fmt.Fprintf(w, "  %s: max %s%s, current %s\n", lv.Dir, limitStr(lv.Max), high, limitStr(lv.Current))
	}
	if l.GoMemLimit != sysmem.Unlimited {
		fmt.Fprintf(w, "GOMEMLIMIT: %.0f MiB (Go uses %.0f MiB)\n", mib(l.GoMemLimit), mib(l.GoMemUsed))
	}
	if l.PSI.Known {
		fmt.Fprintf(w, "PSI:        some avg10 %.2f%%", l.PSI.Some.Avg10)
		if l.PSI.HasFull {
			fmt.Fprintf(w, ", full avg10 %.2f%%", l.PSI.Full.Avg10)
		}
		fmt.Fprintf(w, " (/%s)\n", sysmem.HostPSIPath)
	} else {
		fmt.Fprintln(w, "PSI:        not available (no /proc/pressure/memory)")
	}
	m, err := mem.NewMonitor(mem.MonitorConfig{})
	if err != nil {
		return err
	}
	r := m.Reading()
	decided := r.Decided
	if decided == "" {
		decided = "every signal is low"
	}
	fmt.Fprintf(w, "pressure:   %s (%s); %.0f MiB available, bound by %s\n", r.Level, decided, mib(r.Available), r.AvailableBound)
	return nil
}

func limitStr(n int64) string {
	switch {
	case n == sysmem.Unlimited:
		return "max"
	case n < 0:
		return "-"
	}
	return fmt.Sprintf("%.0f MiB", mib(n))
}
