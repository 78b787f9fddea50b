package asm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

//go:generate go run -C _gen . -out ..

// TestGenerated regenerates the kernels into a temporary directory and
// checks that the committed files are what the generator writes.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator (go run): not in -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: ", err)
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool, "run", ".", "-out", dir)
	cmd.Dir = "_gen"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./_gen: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("generator wrote nothing (%v)", err)
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Base(f))
		if err != nil {
			t.Fatalf("generated file %s is not committed: %v", filepath.Base(f), err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what asm/_gen writes: run go generate ./asm", filepath.Base(f))
		}
	}
}
