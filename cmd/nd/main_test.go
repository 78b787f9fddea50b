package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestTourQuick runs the whole tour on small workloads: every section must
// succeed, since each checks what it shows (sums, detected misuse, memory
// given back) and fails otherwise.
func TestTourQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("the tour takes a while; run without -short")
	}
	var out bytes.Buffer
	if err := dispatch(context.Background(), &out, []string{"tour", "-quick"}); err != nil {
		t.Fatalf("tour failed: %v\n%s", err, out.String())
	}
	for _, want := range []string{"arena was reset", "after Release", "fragmentation", "DGEMM", "c = a + b", "linalg.BLAS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tour output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out.String())
	}
}

func TestDispatch(t *testing.T) {
	var out bytes.Buffer
	if err := dispatch(context.Background(), &out, []string{"info"}); err != nil || !strings.Contains(out.String(), "SIMD tier") {
		t.Fatalf("nd info: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := dispatch(context.Background(), &out, []string{"frobnicate"}); err == nil || !strings.Contains(out.String(), "usage") {
		t.Fatalf("unknown command: err %v, output %q", err, out.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := dispatch(ctx, &out, []string{"tour", "-quick"}); err == nil {
		t.Fatal("a cancelled tour did not stop")
	}
}
