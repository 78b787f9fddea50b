package asm

import (
	"testing"

	"github.com/numgo/numgo/internal/gentest"
)

//go:generate go run -C _gen . -out ..

// TestGenerated checks that the committed kernels are what _gen writes.
func TestGenerated(t *testing.T) { gentest.Check(t, "_gen", "go generate ./asm") }
