// Package gentest checks that generated files are committed as their
// generator writes them now: the test half of a //go:generate line.
package gentest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Check runs the generator in the directory gen (a main package with its
// own go.mod, as asm/_gen) as `go run . -out <temporary directory>`, and
// fails t for every file it writes that differs from, or is missing in,
// the current directory (the package under test). regenerate is the
// command that brings the files up to date, for the failure message.
// It is skipped under -short and where no go command is on PATH.
func Check(t *testing.T, gen, regenerate string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the generator (go run): not in -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: ", err)
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool, "run", ".", "-out", dir)
	cmd.Dir = gen
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./%s: %v\n%s", gen, err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the generator in %s wrote nothing (%v)", gen, err)
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		got, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("generated file %s is not committed: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what %s writes: run %s", name, gen, regenerate)
		}
	}
}
