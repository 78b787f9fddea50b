package asm

import (
	"os/exec"
	"testing"

	"github.com/numgo/numgo/internal/gentest"
)

//go:generate go run -C _gen . -out ..

// TestGenerated checks that the committed kernels are what _gen writes.
func TestGenerated(t *testing.T) { gentest.Check(t, "_gen", "go generate ./asm") }

// TestGenerator runs the generator's own tests (asm/_gen is a module of its
// own, outside ./...): the emitters checked on programs no kernel uses yet,
// such as a -0 constant in the Go twin.
func TestGenerator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs test kernels (go test in _gen): not in -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: ", err)
	}
	cmd := exec.Command(goTool, "test", ".")
	cmd.Dir = "_gen"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in asm/_gen: %v\n%s", err, out)
	}
}
