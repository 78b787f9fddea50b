package osmem

import (
	"os"
	"path/filepath"
	"testing"
)

func TestThpMode(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		text string
		want bool
	}{
		{"[always] madvise never\n", true},
		{"always [madvise] never\n", true},
		{"always madvise [never]\n", false},
		{"", false},
	} {
		p := filepath.Join(dir, "enabled")
		if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := thpMode(p); got != c.want {
			t.Errorf("thpMode(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	if thpMode(filepath.Join(dir, "missing")) {
		t.Error("thpMode of a missing file = true, want false")
	}
}

// TestDiscard: Discard either zeroes a buffer of the Go heap at any
// offset (partial pages at both ends included) or, where it declines,
// writes nothing; a buffer below HugeMin is always declined.
func TestDiscard(t *testing.T) {
	backing := make([]byte, HugeMin+3*PageSize())
	b := backing[100 : 100+HugeMin+PageSize()+5]
	for i := range backing {
		backing[i] = 0xAB
	}
	ok := Discard(b)
	if ok && !HugePagesHonoured() {
		t.Error("Discard gave pages back where huge pages are not honoured")
	}
	t.Logf("huge pages honoured %v, Discard %v", HugePagesHonoured(), ok)
	want := byte(0xAB)
	if ok {
		want = 0
	}
	for i, v := range b {
		if v != want {
			t.Fatalf("after Discard (%v): byte %d = %#x, want %#x", ok, i, v, want)
		}
	}
	for _, i := range []int{0, 99, 100 + len(b), len(backing) - 1} {
		if backing[i] != 0xAB {
			t.Fatalf("Discard wrote byte %d outside its buffer", i)
		}
	}
	small := make([]byte, HugeMin-1)
	small[5] = 1
	if Discard(small) || small[5] != 1 {
		t.Error("Discard of a buffer below HugeMin did something")
	}
}
