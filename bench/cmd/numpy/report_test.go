package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{0, 1}, {0.7, 1}, {1.2, 2}, {3, 5}, {7, 10}, {42, 50}, {200, 200}} {
		if got := niceCeil(c.in); got != c.want {
			t.Errorf("niceCeil(%g) = %g, want %g", c.in, got, c.want)
		}
	}
}

func TestSizeLabel(t *testing.T) {
	for n, want := range map[int]string{1000: "1000", 16384: "16K", 1 << 20: "1M", 16 << 20: "16M", 1<<20 + 1024: "1025K"} {
		if got := sizeLabel(n); got != want {
			t.Errorf("sizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestReport(t *testing.T) {
	results := []result{
		{"Exp", "float64", 1024, map[string]float64{peerNumgo: 1e-6, peerNumPy: 2e-6, peerMath: 1e-5}},
		{"Exp", "float64", 1 << 20, map[string]float64{peerNumgo: 1e-3, peerNumPy: 2e-3, peerMath: 1e-2}},
		{"Exp", "float32", 1024, map[string]float64{peerNumgo: 1e-6, peerNumPy: 2e-6}},
		{"Log", "float64", 1024, map[string]float64{peerNumgo: 1e-6, peerNumPy: 2e-6}},
	}
	if g := results[0].gbs(peerNumgo); g != 16*1024/1e-6/1e9 {
		t.Errorf("gbs = %g, want %g", g, 16*1024/1e-6/1e9)
	}
	dir := t.TempDir()
	if err := writeCSV(filepath.Join(dir, "a.csv"), results); err != nil {
		t.Fatal(err)
	}
	if err := writeSVG(filepath.Join(dir, "a.svg"), results, "numpy 1.24 <test>\nline two"); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	if lines := strings.Count(string(csv), "\n"); lines != 1+3+3+2+2 {
		t.Errorf("CSV has %d lines, want 11 (header and one per result and peer):\n%s", lines, csv)
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "a.svg"))
	s := string(svg)
	for _, want := range []string{"Exp float64: GB/s vs n", "Exp float32: GB/s vs n", "Log float64: GB/s vs n", "&lt;test&gt;", "1M"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if i, j := strings.Index(s, "Exp float64"), strings.Index(s, "Log float64"); i > j {
		t.Error("SVG panels not in the table's order (Exp before Log)")
	}
	if got := strings.Count(s, "<polyline"); got != 3+2+2 {
		t.Errorf("SVG has %d lines, want 7 (3 peers for Exp float64, numgo and NumPy in the two other panels)", got)
	}
}
