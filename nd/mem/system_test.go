package mem_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd/mem"
)

func TestSystemDoubleFreeAfterGC(t *testing.T) {
	s := checked(t, mem.NewSystem())
	b := mustAlloc(t, s, 100, 32)
	mustFree(t, s, b)
	runtime.GC() // b is still held here, so its memory cannot be reused
	if err := s.Free(b); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("double Free after a GC: %v", err)
	}
	runtime.KeepAlive(b)
}

func TestSystemManyFreesStayBounded(t *testing.T) {
	// Freed buffers are remembered only while reachable; a long run of
	// Alloc/Free must keep working (and keep detecting double frees).
	s := checked(t, mem.NewSystem())
	var last []byte
	for i := range 50_000 {
		b := mustAlloc(t, s, 64, 8)
		mustFree(t, s, b)
		if i%10_000 == 0 {
			runtime.GC()
		}
		last = b
	}
	if err := s.Free(last); !errors.Is(err, mem.ErrDoubleFree) {
		t.Fatalf("double Free: %v", err)
	}
	if st := s.Stats(); st.Allocs != 50_000 || st.Frees != 50_000 {
		t.Fatalf("stats: %v", st)
	}
}

func TestHugeRequestsFailCleanly(t *testing.T) {
	s := checked(t, mem.NewSystem())
	if _, err := s.Alloc(1<<60, 8); !errors.Is(err, mem.ErrInvalidSize) {
		t.Fatalf("System.Alloc(2^60), past MaxSize: %v", err)
	}
	if _, err := s.Alloc(mem.MaxSize, 8); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("System.Alloc(MaxSize): %v", err)
	}
	// One byte, but cut from MaxSize bytes for the alignment: the limits
	// bind those (the runtime used to end the program).
	if _, err := s.Alloc(1, mem.MaxSize); !errors.Is(err, mem.ErrOutOfMemory) || !strings.Contains(err.Error(), "alignment slack") {
		t.Fatalf("System.Alloc(1, align MaxSize): %v", err)
	}
	if _, err := mem.NewArena(1<<60, mem.HeapBacked()); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("heap-backed NewArena(2^60): %v", err)
	}
	if _, err := mem.NewArena(1 << 60); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("NewArena(2^60): %v", err)
	}
	if _, err := mem.NewPool(1<<30, 1<<30, mem.HeapBacked()); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("heap-backed NewPool of 2^60 bytes: %v", err)
	}
	if st := s.Stats(); st.Failed != 3 || st.Reserved != 0 {
		t.Fatalf("stats after a failed Alloc: %v", st)
	}
}

func TestSystemReserved(t *testing.T) {
	s := checked(t, mem.NewSystem())
	b := mustAlloc(t, s, 1000, 256)
	if r := s.Stats().Reserved; r < 1000 || r > 1000+255 {
		t.Fatalf("Reserved %d for 1000 bytes aligned to 256", r)
	}
	mustFree(t, s, b)
}

func TestContextCarriesAllocator(t *testing.T) {
	if got := mem.FromContext(context.Background()); got != mem.Default {
		t.Fatalf("FromContext of a bare context = %v, want Default", got)
	}
	//lint:ignore SA1012 a nil context must still give Default
	if got := mem.FromContext(nil); got != mem.Default {
		t.Fatalf("FromContext(nil) = %v, want Default", got)
	}
	a := newArena(t, 1<<20, mem.HeapBacked())
	ctx := mem.NewContext(context.Background(), a)
	if got := mem.FromContext(ctx); got != a {
		t.Fatalf("FromContext = %v, want the arena", got)
	}
}

func TestCheckLeaks(t *testing.T) {
	s := mem.NewSystem()
	if err := mem.CheckLeaks(s); err != nil {
		t.Fatal(err)
	}
	b := mustAlloc(t, s, 10, 8)
	if err := mem.CheckLeaks(s); err == nil || !strings.Contains(err.Error(), "1 buffers still live") {
		t.Fatalf("a live buffer not reported: %v", err)
	}
	mustFree(t, s, b)
	if err := mem.CheckLeaks(s); err != nil {
		t.Fatal(err)
	}
}

func TestSystemRefusesWhatTheLimitsForbid(t *testing.T) {
	defer mem.SetLimitsRoot("testdata/limits-nested")()
	s := mem.NewSystem()
	// The parent cgroup /app binds: 512 MiB max, 200 MiB used, so 312 MiB
	// are left although the leaf has no limit and MemAvailable is 4 GiB.
	_, err := s.Alloc(400<<20, 64)
	if !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Alloc(400 MiB) under a 312 MiB cgroup limit: %v, want ErrOutOfMemory", err)
	}
	for _, want := range []string{"419430400", "327155712", "/sys/fs/cgroup/app memory.max"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if st := s.Stats(); st.Allocated != 0 || st.Failed != 1 || st.Reserved != 0 {
		t.Fatalf("a refused request changed the accounting: %+v", st)
	}
	b, err := s.Alloc(32<<20, 64)
	if err != nil {
		t.Fatalf("Alloc(32 MiB) with 312 MiB left: %v", err)
	}
	if err := s.Free(b); err != nil {
		t.Fatal(err)
	}
	// Realloc's growth is checked too.
	small := mustAllocSystem(t, s, 1024)
	if _, err := s.Realloc(small, 400<<20, 64); !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Realloc to 400 MiB: %v, want ErrOutOfMemory", err)
	}
	if err := s.Free(small); err != nil {
		t.Fatalf("the buffer of a refused Realloc is still the caller's: %v", err)
	}
}

func TestSystemRefusesMoreThanTheMachineHas(t *testing.T) {
	s := mem.NewSystem()
	// 1 TiB: more than this machine (or any CI machine) has available, a
	// size the Go runtime would accept and then die on.
	_, err := s.Alloc(1<<40, 64)
	if !errors.Is(err, mem.ErrOutOfMemory) {
		t.Fatalf("Alloc(1 TiB): %v, want ErrOutOfMemory", err)
	}
	if !strings.Contains(err.Error(), "available") {
		t.Errorf("error %q does not say what is available", err)
	}
}

func mustAllocSystem(t *testing.T, s *mem.System, n int) []byte {
	t.Helper()
	b, err := s.Alloc(n, 64)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
