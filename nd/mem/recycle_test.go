package mem_test

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"unsafe"
	"weak"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

func first(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// TestSystemReusesFreedLargeBuffers: a freed buffer of RecycleMin bytes or
// more comes back to an Alloc that fits, as it was (Alloc) or zeroed
// (AllocZeroed, by clearing and, from 4 MiB where huge pages are honoured,
// by giving the pages back), with exact counters; a smaller buffer, a size
// that does not fit and Realloc's growth get fresh memory. The test holds
// the freed slices, so the collector cannot free them in between.
func TestSystemReusesFreedLargeBuffers(t *testing.T) {
	for _, size := range []int{mem.RecycleMin, 3 << 20, 9<<20 + 12345} {
		s := mem.NewSystem()
		old, err := s.Alloc(size, 64)
		if err != nil {
			t.Fatal(err)
		}
		scribble(old)
		if err := s.Free(old); err != nil {
			t.Fatal(err)
		}
		b, err := s.Alloc(size, 64)
		if err != nil {
			t.Fatal(err)
		}
		if first(b) != first(old) {
			t.Fatalf("%d bytes: Alloc after Free got %#x, want the freed %#x", size, first(b), first(old))
		}
		if b[0] != 0xAB || b[size-1] != 0xAB {
			t.Errorf("%d bytes: a reused buffer was written (%#x %#x)", size, b[0], b[size-1])
		}
		st := s.Stats()
		if st.Allocated != int64(size) || st.Allocs != 2 || st.Frees != 1 || st.Reserved < int64(size) || st.Reserved >= int64(size+64+mem.RecycleMin) {
			t.Errorf("%d bytes: stats after reuse %+v", size, st)
		}
		if err := s.Free(b); err != nil {
			t.Fatal(err)
		}
		if err := s.Free(b); err == nil {
			t.Errorf("%d bytes: second Free of a reused buffer succeeded", size)
		}
		z, err := s.AllocZeroed(size-16, 32)
		if err != nil {
			t.Fatal(err)
		}
		if first(z)&^4095 != first(old)&^4095 {
			t.Fatalf("%d bytes: AllocZeroed after Free got %#x, want the freed %#x", size, first(z), first(old))
		}
		for i, v := range z {
			if v != 0 {
				t.Fatalf("%d bytes: AllocZeroed of a reused buffer: byte %d = %#x", size, i, v)
			}
		}
		if err := s.Free(z); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats(); st.Allocated != 0 || st.Reserved != 0 || st.Allocs != 3 || st.Frees != 3 {
			t.Errorf("%d bytes: stats after freeing all %+v", size, st)
		}
		for _, other := range []int{size/2 - 4096, 2 * size} {
			c, err := s.Alloc(other, 64)
			if err != nil {
				t.Fatal(err)
			}
			if first(c) == first(old) {
				t.Errorf("%d bytes: an Alloc of %d reused it", size, other)
			}
			s.Free(c)
		}
		small, err := s.Realloc(nil, 4096, 64)
		if err != nil {
			t.Fatal(err)
		}
		scribble(small)
		grown, err := s.Realloc(small, size, 64)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range grown[4096:] {
			if v != 0 {
				t.Fatalf("%d bytes: Realloc's growth byte %d = %#x", size, 4096+i, v)
			}
		}
		s.Free(grown)
		runtime.KeepAlive(old)
	}
}

// TestSystemSmallBuffersAreNotReused: below RecycleMin, Free leaves the
// buffer to the collector.
func TestSystemSmallBuffersAreNotReused(t *testing.T) {
	s := mem.NewSystem()
	old, err := s.Alloc(mem.RecycleMin/2, 64)
	if err != nil {
		t.Fatal(err)
	}
	scribble(old)
	s.Free(old)
	b, err := s.Alloc(mem.RecycleMin/2, 64)
	if err != nil {
		t.Fatal(err)
	}
	if first(b) == first(old) || b[0] != 0 {
		t.Error("a small freed buffer was reused")
	}
	runtime.KeepAlive(old)
}

// TestSystemRecyclingKeepsNothingAlive: a freed large buffer nobody holds
// is garbage, collected as if System had never seen it.
func TestSystemRecyclingKeepsNothingAlive(t *testing.T) {
	s := mem.NewSystem()
	var w weak.Pointer[byte]
	func() {
		b, err := s.Alloc(4<<20, 64)
		if err != nil {
			t.Fatal(err)
		}
		w = weak.Make(&b[0])
		if err := s.Free(b); err != nil {
			t.Fatal(err)
		}
	}()
	for range 3 {
		runtime.GC()
	}
	if w.Value() != nil {
		t.Fatal("a freed 4 MiB buffer is still reachable after three collections")
	}
	b, err := s.AllocZeroed(4<<20, 64)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range b {
		if v != 0 {
			t.Fatalf("byte %d = %#x", i, v)
		}
	}
	s.Free(b)
}

// TestSystemRecyclingConcurrent: goroutines allocate, fill, check and free
// large buffers of two sizes at once, reusing each other's; every buffer
// holds only what its owner wrote, AllocZeroed's only zeros, and the
// counters end at zero (run it with -race).
func TestSystemRecyclingConcurrent(t *testing.T) {
	s := mem.NewSystem()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				size := mem.RecycleMin + (g%2)*(5<<20)
				var b []byte
				var err error
				if i%3 == 0 {
					b, err = s.AllocZeroed(size, 64)
				} else {
					b, err = s.Alloc(size, 64)
				}
				if err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 && (b[0] != 0 || b[size/2] != 0 || b[size-1] != 0) {
					t.Errorf("goroutine %d: AllocZeroed returned old bytes", g)
				}
				for j := range b {
					b[j] = byte(g)
				}
				for j := 0; j < size; j += 4093 {
					if b[j] != byte(g) {
						t.Errorf("goroutine %d: byte %d changed under it", g, j)
						break
					}
				}
				if err := s.Free(b); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if st := s.Stats(); st.Allocated != 0 || st.Reserved != 0 || st.Allocs != 80 || st.Frees != 80 {
		t.Errorf("stats %+v", st)
	}
}

// TestSystemSkipsTheRuntimesClear: with nothing to reuse, Alloc of
// RecycleMin bytes or more takes memory as the heap has it (here: written
// all over, as a span the collector took back is), AllocZeroed of 4 MiB or
// more takes it too and returns zeros, and every smaller request comes
// from make, zeroed.
func TestSystemSkipsTheRuntimesClear(t *testing.T) {
	taken := 0
	defer mem.SetUnclearedHeap(func(n int) []byte {
		taken++
		b := make([]byte, n)
		scribble(b)
		return b
	})()
	for _, c := range []struct {
		size          int
		zeroed, dirty bool // AllocZeroed, Alloc's memory written
	}{
		{mem.RecycleMin - 4096, false, false},
		{mem.RecycleMin, false, true},
		{9<<20 + 12345, false, true},
		{mem.RecycleMin, true, false},
		{4<<20 - 64, true, false},
		{9<<20 + 12345, true, false},
	} {
		s := mem.NewSystem()
		alloc := s.Alloc
		if c.zeroed {
			alloc = s.AllocZeroed
		}
		before := taken
		b, err := alloc(c.size, 64)
		if err != nil {
			t.Fatal(err)
		}
		fromHeap := taken > before
		if wantHeap := c.dirty || c.zeroed && c.size >= 4<<20 && osmem.HugePagesHonoured(); fromHeap != wantHeap {
			t.Errorf("%d bytes, zeroed %v: taken without the clear %v, want %v", c.size, c.zeroed, fromHeap, wantHeap)
		}
		nonzero := slices.ContainsFunc(b, func(v byte) bool { return v != 0 })
		if nonzero != c.dirty {
			t.Errorf("%d bytes, zeroed %v: holds written bytes %v, want %v", c.size, c.zeroed, nonzero, c.dirty)
		}
		if err := s.Free(b); err != nil {
			t.Fatal(err)
		}
	}
}
