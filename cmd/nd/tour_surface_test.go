package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

// TestTourSurface runs the NumPy section on the quick workload: it fails
// itself when a function disagrees with its plain-Go peer, and every row
// must print a ratio.
func TestTourSurface(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), &out, &out, []string{"tour", "-quick", "-run", "^What a NumPy user"}); code != 0 {
		t.Fatalf("tour -run ^What a NumPy user: status %d\n%s", code, out.String())
	}
	for _, row := range []string{
		`np\.sort\(x\) +ops\.SortInto .* \d+\.\d+x +slices\.Sort`,
		`np\.median\(x\) +ops\.Median .* \d+\.\d+x +ops\.SortInto`,
		`np\.concatenate +nd\.ConcatenateInto .* \d+\.\d+x +copy\(\)`,
		`x\[idx\] +nd\.TakeInto .* \d+\.\d+x +a gather loop`,
		`rng\.normal\(size=n\) +random\.NormalInto .* \d+\.\d+x +rand\.NormFloat64`,
		`np\.cov\(x\.T\) +ops\.Cov\(x\.T\(\), 1\) .* \d+\.\d+x +a hand-written loop`,
		`expr\.Eval\(.* \d+\.\d+x +the same loop; all three agree`,
	} {
		if !regexp.MustCompile(row).MatchString(out.String()) {
			t.Errorf("no row matches %s", row)
		}
	}
	if t.Failed() {
		t.Log(out.String())
	}
}
