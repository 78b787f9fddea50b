package mmap

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReplaceFileFailures: a write that fails or panics part way, after
// writing bytes, leaves the old file as it was and no temporary file.
func TestReplaceFileFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	if err := os.WriteFile(path, []byte("old data"), 0o644); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("injected")
	partial := func(f *os.File) error {
		if _, err := f.WriteString("half of the new"); err != nil {
			return err
		}
		return failed
	}
	if err := replaceFile(path, partial); !errors.Is(err, failed) {
		t.Fatalf("replaceFile: %v, want the injected error", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the write's panic did not pass through")
			}
		}()
		replaceFile(path, func(f *os.File) error {
			f.WriteString("half of the new")
			panic("injected")
		})
	}()
	check := func(want string) {
		t.Helper()
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Fatalf("file holds %q, %v; want %q", got, err, want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Fatalf("%d entries in the directory, want only the file: %v", len(entries), entries)
		}
	}
	check("old data")
	if err := replaceFile(path, func(f *os.File) error { _, err := f.WriteString("new data"); return err }); err != nil {
		t.Fatal(err)
	}
	check("new data")
	if err := replaceFile(filepath.Join(dir, "missing", "x"), partial); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("replaceFile in a missing directory: %v", err)
	}
}
