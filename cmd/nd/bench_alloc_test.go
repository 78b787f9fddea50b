package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchLargeQuick runs the large-results table at its quick sizes and
// checks that every row is there with its figures.
func TestBenchLargeQuick(t *testing.T) {
	var out bytes.Buffer
	if err := benchLarge(context.Background(), &out, tourQuick); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"Add", "Exp", "16384", "262144", "Zeros", "Zeros, then write all", "allocating/Into"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in:\n%s", want, s)
		}
	}
	if n := strings.Count(s, " ms"); n != 4*2+2*2 {
		t.Errorf("%d figures in ms, want 12:\n%s", n, s)
	}
}
