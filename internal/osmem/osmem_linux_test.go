//go:build linux

package osmem

import (
	"runtime/debug"
	"testing"
)

func TestMapIsZeroedWritableAndUnmaps(t *testing.T) {
	size := 3*PageSize() + 100
	b, err := Map(size)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != size {
		t.Fatalf("len %d, want %d", len(b), size)
	}
	for i, v := range b {
		if v != 0 {
			t.Fatalf("fresh mapping byte %d = %d", i, v)
		}
	}
	for i := range b {
		b[i] = byte(i)
	}
	if err := DontNeed(b[:2*PageSize()]); err != nil {
		t.Fatal(err)
	}
	if b[5] != 0 || b[PageSize()+7] != 0 {
		t.Fatalf("after DontNeed: %d %d, want zeros", b[5], b[PageSize()+7])
	}
	if b[2*PageSize()+1] != byte(2*PageSize()+1) {
		t.Fatal("DontNeed cleared past its range")
	}
	if err := HugePages(b); err != nil {
		t.Log("transparent huge pages unavailable:", err) // advice only
	}
	if err := Unmap(b); err != nil {
		t.Fatal(err)
	}
	if err := Unmap(b); err == nil {
		t.Fatal("second Unmap of the same slice succeeded")
	}
}

func TestMapRejectsBadSize(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := Map(n); err == nil {
			t.Errorf("Map(%d) succeeded", n)
		}
	}
}

// sinkByte keeps reads the test needs from being optimized away.
var sinkByte byte

func TestProtectNoneFaults(t *testing.T) {
	b, err := Map(PageSize())
	if err != nil {
		t.Fatal(err)
	}
	defer Unmap(b)
	b[0] = 1
	if err := ProtectNone(b); err != nil {
		t.Fatal(err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	faulted := func() (faulted bool) {
		defer func() { faulted = recover() != nil }()
		sinkByte = b[0]
		return false
	}()
	if !faulted {
		t.Fatal("reading PROT_NONE memory did not fault")
	}
}

func TestRSSOfThisProcess(t *testing.T) {
	rss, err := RSS()
	if err != nil {
		t.Skip("no /proc:", err)
	}
	if rss <= 0 {
		t.Fatalf("RSS = %d", rss)
	}
}

// TestReserveCountsWhatIsCommitted: a reservation counts in AnonMapped
// only as its owner commits it, and gives back what it counted.
func TestReserveCountsWhatIsCommitted(t *testing.T) {
	before := AnonMapped()
	r, err := Reserve(1 << 30) // a gibibyte of address space
	if err != nil {
		t.Fatal(err)
	}
	if got := AnonMapped() - before; got != 0 {
		t.Fatalf("a fresh reservation counts %d bytes", got)
	}
	Commit(r, 1<<20)
	if got := AnonMapped() - before; got != 1<<20 {
		t.Fatalf("after committing 1 MiB: %d bytes", got)
	}
	Commit(r, 2<<30) // clipped to the mapping
	if got := AnonMapped() - before; got != 1<<30 {
		t.Fatalf("after committing past the end: %d bytes", got)
	}
	Commit(r, 4096)
	if err := Unmap(r); err != nil {
		t.Fatal(err)
	}
	if got := AnonMapped() - before; got != 0 {
		t.Fatalf("after Unmap: %d bytes", got)
	}
	m, err := Map(8192)
	if err != nil {
		t.Fatal(err)
	}
	if got := AnonMapped() - before; got != 8192 {
		t.Fatalf("Map counts %d bytes, want all 8192", got)
	}
	if err := Retire(m); err != nil {
		t.Fatal(err)
	}
	if got := AnonMapped() - before; got != 0 {
		t.Fatalf("after Retire: %d bytes", got)
	}
}
