package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBenchGemmSmall runs the small GEMM table in quick mode: three sizes
// of one call and three of stacks, each with a speed-up over gonum.
func TestBenchGemmSmall(t *testing.T) {
	var out strings.Builder
	cfg := tourConfig{quick: true, minTime: time.Millisecond, sample: time.Millisecond, rounds: 3}
	if err := benchGemmSmall(context.Background(), &out, cfg); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^\s+(one call|stack of \d+)\s+\d+\s+\d+\s+\d+\s+\d+\.\d\dx\s*$`).FindAllString(out.String(), -1)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6:\n%s", len(rows), out.String())
	}
}
