package mem_test

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/numgo/numgo/nd/mem"
)

// The guide's memory_monitoring_example: act on the pressure level, and
// hear about changes. Root points at a recorded container here (a 1 GiB
// cgroup whose tasks stall on memory) so that the output is fixed; leave
// it empty to read this machine.
func ExampleMonitor() {
	monitor, err := mem.NewMonitor(mem.MonitorConfig{Root: "../../testdata/sysmem/level-high"})
	if err != nil {
		fmt.Println(err)
		return
	}
	switch monitor.CurrentPressure() {
	case mem.Low:
		fmt.Println("Memory pressure is low - safe to allocate")
	case mem.Medium:
		fmt.Println("Memory pressure is medium - consider optimization")
	case mem.High:
		fmt.Println("Memory pressure is high - reduce allocations")
	case mem.Critical:
		fmt.Println("Memory pressure is critical - emergency cleanup")
		return
	}
	r := monitor.Reading()
	fmt.Println("decided by:", r.Decided)
	fmt.Println("it read:", r.Signals[0].Value)

	unregister := monitor.OnPressureChange(func(old, new mem.Pressure) {
		fmt.Printf("Memory pressure changed: %v -> %v\n", old, new)
	})
	defer unregister()
	// monitor.Start() samples every second and calls back on changes;
	// monitor.Stop() ends it.

	// Output:
	// Memory pressure is high - reduce allocations
	// decided by: PSI /sys/fs/cgroup/app/memory.pressure
	// it read: some avg10 30.00%, full avg10 8.00%
}

// The guide's memory_aware_operation: check the memory available before a
// large allocation, and clean up if pressure is high afterwards. Root
// points at a recorded host (12 GiB available) so that the output is
// fixed; leave it empty to read this machine.
func ExampleMonitor_AvailableMemory() {
	memoryAwareOperation := func(monitor *mem.Monitor) error {
		if monitor.AvailableMemory() < 1<<30 {
			return errors.New("insufficient memory for operation")
		}
		arena, err := mem.NewArena(64 << 20) // the large allocation, off the Go heap
		if err != nil {
			return err
		}
		defer monitor.RegisterTrimmer(arena)()
		defer arena.Close()
		if _, err := arena.Alloc(32<<20, 64); err != nil {
			return err
		}
		if monitor.CurrentPressure() >= mem.High {
			arena.Reset()
			report, err := monitor.TriggerGC()
			fmt.Println("gave back", report.Released(), "bytes")
			return err
		}
		fmt.Println("pressure", monitor.CurrentPressure(), "after allocating; available", monitor.AvailableMemory()>>30, "GiB")
		return nil
	}
	monitor, err := mem.NewMonitor(mem.MonitorConfig{Root: "../../testdata/sysmem/nocgroup"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := memoryAwareOperation(monitor); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pressure low after allocating; available 12 GiB
}

// AutoMemLimit keeps the Go memory limit at 90% of the process's limit
// less what numgo holds off the Go heap. Root points at a recorded host
// with 16 GiB and no cgroup limit, where MemTotal is the limit; leave it
// empty to read this machine.
func ExampleAutoMemLimit() {
	monitor, err := mem.NewMonitor(mem.MonitorConfig{
		Root:         "../../testdata/sysmem/nocgroup",
		AutoMemLimit: &mem.AutoMemLimit{},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := monitor.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer monitor.Stop() // restores the limit in force before Start
	before := debug.SetMemoryLimit(-1)
	arena, err := mem.NewArena(1 << 30) // off the Go heap; its capacity is address space only
	if err != nil {
		fmt.Println(err)
		return
	}
	defer arena.Close()
	if _, err := arena.Alloc(256<<20, 64); err != nil { // 256 MiB in use count as memory
		fmt.Println(err)
		return
	}
	// The monitor's goroutine hears of the use at once.
	for i := 0; i < 1000 && debug.SetMemoryLimit(-1) == before; i++ {
		time.Sleep(time.Millisecond)
	}
	fmt.Printf("GOMEMLIMIT fell by %d MiB\n", (before-debug.SetMemoryLimit(-1))>>20)
	// Output:
	// GOMEMLIMIT fell by 256 MiB
}
