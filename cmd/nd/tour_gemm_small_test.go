package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestTourGemmSmall runs the small GEMM table in quick mode: three sizes
// of one call and three of stacks, each with a speed-up over gonum.
func TestTourGemmSmall(t *testing.T) {
	var out strings.Builder
	if err := tourGemmSmall(context.Background(), &out, tourQuick); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^\s+(one call|stack of \d+)\s+\d+\s+\d+\s+\d+\s+\d+\.\d\dx\s*$`).FindAllString(out.String(), -1)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6:\n%s", len(rows), out.String())
	}
}
