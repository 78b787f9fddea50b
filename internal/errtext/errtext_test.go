package errtext_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/mmap"
	"github.com/numgo/numgo/nd/numa"
	"github.com/numgo/numgo/nd/ops"
)

// TestOnePrefixPerChain walks representative errors of nd, mem, mmap,
// numa and linalg, wrapped through their packages' layers, and fails on a
// message that carries two package prefixes ("mmap: Load x: mmap: dtype
// mismatch", "linalg: nd: bad shape"). Each must still match its sentinel.
func TestOnePrefixPerChain(t *testing.T) {
	npy := filepath.Join("..", "..", "testdata", "npy", "float64_f.npy")
	missing := filepath.Join(t.TempDir(), "missing.npy")
	arena, _ := mem.NewArena(1 << 10)
	arena.Close()
	a, _ := nd.Zeros[float64]([]int{2, 3})
	b, _ := nd.Zeros[float64]([]int{2, 3})
	c, _ := nd.Zeros[float64]([]int{5})
	s := numa.NewStrategy(numa.StrategyConfig{})
	defer s.Close()

	cases := []struct {
		name string
		want error
		err  func() error
	}{
		{"mmap.Load wrong dtype", mmap.ErrDType, func() error { _, err := mmap.Load[float32](npy); return err }},
		{"mmap.Open wrong dtype", mmap.ErrDType, func() error { _, err := mmap.Open[float32](npy, mmap.ReadOnly); return err }},
		{"mmap.Load missing", nil, func() error { _, err := mmap.Load[float64](missing); return err }},
		{"mmap.Open missing", nil, func() error { _, err := mmap.Open[float64](missing, mmap.ReadOnly); return err }},
		{"mem.NewArena(0)", mem.ErrInvalidSize, func() error { _, err := mem.NewArena(0); return err }},
		{"Arena.Alloc closed", mem.ErrReleased, func() error { _, err := arena.Alloc(8, 8); return err }},
		{"nd.Zeros closed arena", mem.ErrReleased, func() error { _, err := nd.Zeros[float64]([]int{4}, nd.With(arena)); return err }},
		{"nd.Zeros negative", nd.ErrShape, func() error { _, err := nd.Zeros[float64]([]int{-1}); return err }},
		{"numa.AllocatorForNode", numa.ErrNode, func() error { _, err := s.AllocatorForNode(1 << 20); return err }},
		{"mem.NewIntelligent bad placer", numa.ErrNode, func() error {
			_, err := mem.NewIntelligent(mem.IntelligentConfig{}, mem.WithNUMAAwareness(badPlacer{s}))
			return err
		}},
		{"linalg.MatMul shapes", nd.ErrShape, func() error { _, err := linalg.MatMul(a, b); return err }},
		{"ops.Add shapes", nd.ErrShape, func() error { _, err := ops.Add(a, c); return err }},
		{"ops.SumAxis axis", nd.ErrShape, func() error { _, err := ops.SumAxis(a, ops.Axis(7)); return err }},
		{"ops.Sort axis", nd.ErrShape, func() error { _, err := ops.Sort(a, 7); return err }},
		{"expr.Eval shapes", nd.ErrShape, func() error { _, err := expr.Eval(expr.Var(a).Add(expr.Var(c))); return err }},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v does not wrap %v", c.name, err, c.want)
		}
		if errtext.Repeated(err.Error()) {
			t.Errorf("%s: two package prefixes in one message: %q", c.name, err)
		}
	}
}

// badPlacer reports one node more than the strategy serves.
type badPlacer struct{ *numa.Strategy }

func (p badPlacer) NodeCount() int { return p.Strategy.NodeCount() + 1 }

func TestStripAndRepeated(t *testing.T) {
	if got := errtext.Strip("mmap: dtype mismatch"); got != "dtype mismatch" {
		t.Fatalf("Strip: %q", got)
	}
	for msg, want := range map[string]bool{
		"mmap: Load x: mmap: dtype mismatch": true,
		"linalg: nd: bad shape: matmul":      true,
		"mmap: Load x: dtype mismatch":       false,
		"nd: bad shape: [2 3] and [2 3]":     false,
	} {
		if errtext.Repeated(msg) != want {
			t.Errorf("Repeated(%q) = %v", msg, !want)
		}
	}
	inner := errors.New("mmap: dtype mismatch")
	w := errtext.Wrap(inner, "mmap", "Load %s", "x.npy")
	if w.Error() != "mmap: Load x.npy: dtype mismatch" || !errors.Is(w, inner) {
		t.Fatalf("Wrap: %q", w)
	}
}
