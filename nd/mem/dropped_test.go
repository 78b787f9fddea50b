package mem_test

import (
	"bytes"
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// recordHandler keeps the records logged through it.
type recordHandler struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordHandler) WithGroup(string) slog.Handler            { return h }
func (h *recordHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.recs = append(h.recs, r.Clone())
	h.mu.Unlock()
	return nil
}

// warnings returns the Warn records, each with its attributes.
func (h *recordHandler) warnings() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.recs {
		if r.Level != slog.LevelWarn {
			continue
		}
		var b bytes.Buffer
		b.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
		out = append(out, b.String())
	}
	return out
}

// dropArena makes an arena of size bytes, uses it (live blocks when keep),
// and drops it without Close.
func dropArena(t *testing.T, size int, keep bool) {
	a, err := mem.NewArena(size)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Alloc(size/2, 64)
	if err != nil {
		t.Fatal(err)
	}
	b[0] = 1
	if !keep {
		if err := a.Free(b); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDroppedArenaIsReleased: an arena dropped without Close is reported
// at Warn (with where it was made, under a Checked allocator's stack
// recording) and its mapping leaves AnonMapped once the collector has run
// its cleanup, with live blocks (retired) and without (unmapped). A closed
// arena is not reported.
func TestDroppedArenaIsReleased(t *testing.T) {
	h := &recordHandler{}
	old := slog.Default()
	slog.SetDefault(slog.New(h))
	defer slog.SetDefault(old)
	_ = mem.NewChecked(mem.NewSystem()) // arenas record where they are made from now on

	closed, err := mem.NewArena(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()

	const size = 64 << 20
	for _, keep := range []bool{false, true} {
		before := osmem.AnonMapped()
		dropArena(t, size, keep)
		if got := osmem.AnonMapped() - before; got < size/2 {
			t.Fatalf("keep=%v: AnonMapped grew by %d with the arena used, want >= %d", keep, got, size/2)
		}
		deadline := time.Now().Add(10 * time.Second)
		for osmem.AnonMapped() > before && time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		if got := osmem.AnonMapped(); got > before {
			t.Fatalf("keep=%v: AnonMapped %d after GC, was %d before the dropped arena: its mapping leaked", keep, got, before)
		}
		for len(h.warnings()) < 1 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		w := h.warnings()
		if len(w) != 1 {
			t.Fatalf("keep=%v: %d Warn records, want 1 (the dropped arena, not the closed one): %q", keep, len(w), w)
		}
		want := "mapping=unmapped"
		if keep {
			want = "mapping=retired"
		}
		if !strings.Contains(w[0], "without Close") || !strings.Contains(w[0], want) || !strings.Contains(w[0], "dropArena") {
			t.Errorf("keep=%v: Warn record %q, want the leak, %q and where it was made (dropArena)", keep, w[0], want)
		}
		h.mu.Lock()
		h.recs = nil
		h.mu.Unlock()
	}
}
