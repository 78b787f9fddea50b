package osmem

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRSSFromFakeStatm(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) string {
		p := filepath.Join(dir, "statm")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := RSSFrom(write("1000 250 30 4 0 60 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(250 * PageSize()); got != want {
		t.Fatalf("RSS %d, want %d", got, want)
	}
	for _, bad := range []string{"", "1000", "1000 x 3", "1 -5 2"} {
		if _, err := RSSFrom(write(bad)); err == nil {
			t.Errorf("statm %q: no error", bad)
		}
	}
	if _, err := RSSFrom(filepath.Join(dir, "absent")); err == nil {
		t.Error("absent file: no error")
	}
}

func TestPageSizeIsPowerOfTwo(t *testing.T) {
	p := PageSize()
	if p <= 0 || p&(p-1) != 0 {
		t.Fatalf("page size %d", p)
	}
}
