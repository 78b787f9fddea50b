//go:build linux

package mem

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/numgo/numgo/internal/osmem"
)

// TestReservationsAreNotMemory is the review's case: a 256-byte .npy
// mapped with mmap's 64 GiB reserve (and here also an arena's untouched
// capacity) counted as off-heap memory, so AutoMemLimit fell to its floor,
// a Monitor with an 8 GiB budget said Critical, and an Intelligent
// allocator under it refused a 64-byte Alloc. Only committed bytes count:
// the file's size, and the part of the arena handed out.
func TestReservationsAreNotMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.npy")
	if err := os.WriteFile(path, make([]byte, 256), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := offHeap()
	region, err := osmem.MapFile(int(f.Fd()), 64<<30, true) // as nd/mmap's DefaultReserve
	if err != nil {
		t.Fatal(err)
	}
	defer osmem.UnmapFile(region)
	if got := offHeap() - before; got != 256 {
		t.Fatalf("a 256-byte file mapped with 64 GiB reserved counts %d bytes off-heap", got)
	}
	arena, err := NewArena(8 << 30)
	if errors.Is(err, ErrOutOfMemory) {
		t.Logf("skipping the arena: this machine refuses an 8 GiB reservation: %v", err)
	} else if err != nil {
		t.Fatal(err)
	} else {
		defer arena.Close()
		b, err := arena.Alloc(1<<20, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := offHeap() - before - 256; got < 1<<20 || got > 1<<20+commitStep {
			t.Fatalf("an 8 GiB arena with 1 MiB handed out counts %d bytes", got)
		}
		arena.Free(b)
	}

	ft := newFakeTree(t, "level-low") // cgroup memory.max 1 GiB
	ft.set("proc/self/statm", fmt.Sprintf("100000 %d 0 0 0 0 0\n", (64<<20)/osmem.PageSize()))
	m, err := NewMonitor(MonitorConfig{Root: ft.root, Budget: 8 << 30, AutoMemLimit: &AutoMemLimit{}})
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Reading(); r.Level >= High {
		t.Fatalf("a monitor with an 8 GiB budget: %s", r)
	}
	in, err := NewIntelligent(IntelligentConfig{Pressure: m})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	b, err := in.Alloc(64, 8)
	if err != nil {
		t.Fatalf("Intelligent under the monitor refused 64 bytes: %v", err)
	}
	in.Free(b)

	userLimit := debug.SetMemoryLimit(-1)
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	ratio := 0.9 // AutoMemLimit's default
	want := min(int64(ratio*float64(1<<30)), userLimit) - offHeap()
	var got int64
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if got = debug.SetMemoryLimit(-1); got-want < 2<<20 && want-got < 2<<20 {
			return
		}
	}
	t.Fatalf("GOMEMLIMIT %d, want about %d (0.9 × the 1 GiB cgroup limit less %d off-heap); %s", got, want, offHeap(), m.Reading().MemLimit)
}
