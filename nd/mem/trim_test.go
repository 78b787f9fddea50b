package mem

import (
	"testing"

	"github.com/numgo/numgo/internal/osmem"
)

// TestPoolTrimIdle trims a pool of blocks smaller than a page: only whole
// pages inside runs of free blocks go back, blocks in use keep their bytes.
func TestPoolTrimIdle(t *testing.T) {
	if osmem.PageSize() != 4096 {
		t.Skip("laid out for 4 KiB pages")
	}
	p, err := NewPool(1000, 16) // stride 1024: four blocks a page
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var blocks [][]byte
	for i := range 16 {
		b, err := p.Get()
		if err != nil {
			t.Fatal(err)
		}
		b[0] = byte(i + 1)
		blocks = append(blocks, b)
	}
	for i, b := range blocks {
		if i != 6 {
			if err := p.Put(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Free runs [0,6) and [7,16): page 0 (blocks 0-3) and pages 2-3
	// (blocks 8-15); page 1 holds block 6, in use.
	n, err := p.TrimIdle()
	if err != nil || n != 3*4096 {
		t.Fatalf("TrimIdle = %d, %v; want 3 pages", n, err)
	}
	for i, b := range blocks {
		trimmed := i < 4 || i >= 8
		if got := b[0]; trimmed && got != 0 || !trimmed && got != byte(i+1) {
			t.Errorf("block %d reads %d after trim", i, got)
		}
		if clean := p.used[i] == 0; i != 6 && clean != trimmed {
			t.Errorf("block %d recorded clean=%v", i, clean)
		}
	}
	if n, _ := p.TrimIdle(); n != 0 {
		t.Fatalf("second TrimIdle gave back %d", n)
	}
	if err := p.Put(blocks[6]); err != nil {
		t.Fatal(err)
	}
	if n, _ := p.TrimIdle(); n != 4096 {
		t.Fatalf("TrimIdle after the last Put gave back %d, want the middle page", n)
	}

	h, err := NewPool(4096, 4, HeapBacked())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := h.Get()
	_ = h.Put(b)
	if n, err := h.TrimIdle(); n != 0 || err != nil {
		t.Fatalf("heap-backed pool trimmed %d, %v", n, err)
	}
	_ = h.Close()
	if n, err := p.TrimIdle(); n != 0 || err != nil {
		t.Fatalf("%d, %v", n, err)
	}
}
