//go:build linux

package osmem

import (
	"testing"
	"unsafe"
)

func TestMapAligned(t *testing.T) {
	before := AnonMapped()
	for _, c := range []struct{ size, align int }{{1, 1 << 20}, {5000, 4096}, {3 << 20, 2 << 20}} {
		b, err := MapAligned(c.size, c.align)
		if err != nil {
			t.Fatal(err)
		}
		page := PageSize()
		want := (c.size + page - 1) &^ (page - 1)
		if p := uintptr(unsafe.Pointer(&b[0])); p%uintptr(c.align) != 0 || len(b) != want {
			t.Fatalf("MapAligned(%d, %d): %d bytes at %#x", c.size, c.align, len(b), p)
		}
		b[0], b[len(b)-1] = 1, 2 // writable end to end
		if AnonMapped()-before != int64(want) {
			t.Fatalf("AnonMapped grew by %d, want %d", AnonMapped()-before, want)
		}
		if err := UnmapAligned(b); err != nil {
			t.Fatal(err)
		}
	}
	if AnonMapped() != before {
		t.Fatalf("AnonMapped %d after unmapping, want %d", AnonMapped(), before)
	}
	for _, bad := range [][2]int{{0, 4096}, {10, 100}, {10, 3 << 12}} {
		if _, err := MapAligned(bad[0], bad[1]); err == nil {
			t.Errorf("MapAligned(%d, %d) succeeded", bad[0], bad[1])
		}
	}
}
