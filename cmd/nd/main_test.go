package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestMain lets the tests run this test binary as the nd command itself
// (see runND), so exit statuses, standard error and the environment are
// checked as a user meets them.
func TestMain(m *testing.M) {
	if os.Getenv("ND_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runND runs nd with args as a separate process and returns its standard
// output, standard error and exit status.
func runND(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "ND_TEST_RUN_MAIN=1"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), 0
}

// TestCLI checks nd's conventions, the go command's: errors on standard
// error as "nd ...", status 2 for usage errors, 0 for help.
func TestCLI(t *testing.T) {
	for _, c := range []struct {
		args             []string
		code             int
		stdout, stderr   string // regular expressions the streams must match
		noStdout, noErrs bool
	}{
		{args: nil, code: 2, stderr: `(?s)Usage:.*tour.*bench.*info`, noStdout: true},
		{args: []string{"help"}, code: 0, stdout: `(?s)Usage:.*tour.*bench.*info.*nd help <command>`, noErrs: true},
		{args: []string{"-h"}, code: 0, stdout: `Usage:`, noErrs: true},
		{args: []string{"help", "tour"}, code: 0, stdout: `(?s)usage: nd tour \[flags\].*-quick.*-run`, noErrs: true},
		{args: []string{"help", "bench"}, code: 0, stdout: `(?s)usage: nd bench.*-list.*-rounds.*-run.*-sample`, noErrs: true},
		{args: []string{"help", "info"}, code: 0, stdout: `usage: nd info\n`, noErrs: true},
		{args: []string{"help", "bogus"}, code: 2, stderr: `^nd help bogus: unknown command`, noStdout: true},
		{args: []string{"tour", "--help"}, code: 0, stdout: `(?s)usage: nd tour.*-quick`, noErrs: true},
		{args: []string{"tour", "-h"}, code: 0, stdout: `usage: nd tour`, noErrs: true},
		{args: []string{"bogus"}, code: 2, stderr: `^nd bogus: unknown command\nRun 'nd help' for usage.\n$`, noStdout: true},
		{args: []string{"info", "-x"}, code: 2, stderr: `(?s)flag provided but not defined: -x.*usage: nd info`, noStdout: true},
		{args: []string{"tour", "-bogus"}, code: 2, stderr: `(?s)flag provided but not defined: -bogus.*-quick`, noStdout: true},
		{args: []string{"tour", "-run", "("}, code: 2, stderr: `invalid value "\(" for flag -run`, noStdout: true},
		{args: []string{"info", "extra"}, code: 2, stderr: `^nd info: unexpected argument "extra"`, noStdout: true},
		{args: []string{"tour", "-run", "no such section"}, code: 2, stderr: `^nd tour: -run "no such section" matches no section\nRun 'nd help tour' for usage.\n$`, noStdout: true},
		{args: []string{"bench", "-list"}, code: 0, stdout: `(?m)^1\. .*\(about \d+ s\)$`, noErrs: true},
		{args: []string{"bench", "-rounds", "0", "-list"}, code: 0, stdout: `(?m)^1\. .*\(about \d+ s\)$`, noErrs: true},
		{args: []string{"bench", "-rounds", "0"}, code: 2, stderr: `^nd bench: -sample and -rounds must be positive.*\nRun 'nd help bench' for usage.\n$`, noStdout: true},
		{args: []string{"help", "help"}, code: 0, stdout: `^usage: nd help\n`, noErrs: true},
		{args: []string{"version"}, code: 0, stdout: `^nd \(numgo\) \S+.*, go\d\.\d+\S* linux/amd64\n$`, noErrs: true},
		{args: []string{"help", "version"}, code: 0, stdout: `usage: nd version\n`, noErrs: true},
		{args: []string{"info"}, code: 0, stdout: `SIMD tier`, noErrs: true},
	} {
		stdout, stderr, code := runND(t, nil, c.args...)
		if code != c.code {
			t.Errorf("nd %q: exit status %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.code, stdout, stderr)
		}
		if c.stdout != "" && !regexp.MustCompile(c.stdout).MatchString(stdout) {
			t.Errorf("nd %q: stdout does not match %s:\n%s", c.args, c.stdout, stdout)
		}
		if c.stderr != "" && !regexp.MustCompile(c.stderr).MatchString(stderr) {
			t.Errorf("nd %q: stderr does not match %s:\n%s", c.args, c.stderr, stderr)
		}
		if c.noStdout && stdout != "" {
			t.Errorf("nd %q: wrote to stdout: %s", c.args, stdout)
		}
		if c.noErrs && stderr != "" {
			t.Errorf("nd %q: wrote to stderr: %s", c.args, stderr)
		}
	}
}

// TestBadSIMDTier checks that a NUMGO_SIMD nd cannot use is reported on
// standard error, naming the accepted values, and does not stop nd.
func TestBadSIMDTier(t *testing.T) {
	stdout, stderr, code := runND(t, []string{"NUMGO_SIMD=bogus"}, "info")
	if code != 0 || !strings.Contains(stdout, "SIMD tier") {
		t.Fatalf("nd info with NUMGO_SIMD=bogus: status %d\n%s", code, stdout)
	}
	if !strings.Contains(stderr, `NUMGO_SIMD="bogus"`) || !strings.Contains(stderr, "off, avx2 or avx512") {
		t.Errorf("NUMGO_SIMD=bogus not reported with the accepted values; stderr: %q", stderr)
	}
	_, stderr, _ = runND(t, []string{"NUMGO_SIMD=off"}, "info")
	if stderr != "" {
		t.Errorf("NUMGO_SIMD=off reported: %q", stderr)
	}
}

// TestTourQuick runs the whole tour on small workloads: every section must
// succeed, since each checks what it shows (sums, detected misuse, memory
// given back) and fails otherwise.
func TestTourQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("the tour takes a few seconds; run without -short")
	}
	var out bytes.Buffer
	if code := run(context.Background(), &out, &out, []string{"tour", "-quick"}); code != 0 {
		t.Fatalf("tour failed with status %d:\n%s", code, out.String())
	}
	for _, want := range []string{"arena was reset", "after Close", "fragmentation", "DGEMM", "c = a + b", "linalg.BLAS", "The tour took"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tour output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out.String())
	}
}

// TestPickedSectionsKeepTheirNumbers: a section picked with -run is shown
// under the number it has in the whole tour.
func TestPickedSectionsKeepTheirNumbers(t *testing.T) {
	want := -1
	for i, s := range tourSections {
		if s.title == "Pool: fixed-size blocks, O(1) get and put" {
			want = i + 1
		}
	}
	if want < 2 {
		t.Fatalf("the Pool section is not in the tour past its first place (%d)", want)
	}
	var out bytes.Buffer
	if code := run(context.Background(), &out, &out, []string{"tour", "-quick", "-run", "^Pool"}); code != 0 {
		t.Fatalf("tour -run ^Pool: status %d\n%s", code, out.String())
	}
	if heading := fmt.Sprintf("\n%d. Pool: ", want); !strings.Contains(out.String(), heading) {
		t.Fatalf("tour -run ^Pool lacks %q:\n%s", heading, out.String())
	}
}

func TestTourCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if code := run(ctx, &out, &out, []string{"tour", "-quick"}); code != 1 || !strings.Contains(out.String(), "context canceled") {
		t.Fatalf("a cancelled tour: status %d\n%s", code, out.String())
	}
}

// TestStreamTable checks that the table writes each cell as soon as it is
// complete, aligned under the header.
func TestStreamTable(t *testing.T) {
	var out bytes.Buffer
	tw := table(&out)
	if _, err := tw.Write([]byte("   n\tratio\t\n   1K\t")); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "       n   ratio\n      1K"; got != want {
		t.Fatalf("after the header and a cell: %q, want %q", got, want)
	}
	if _, err := tw.Write([]byte("2.00x\t\n   16K\t10.25x\tnote\n")); err != nil {
		t.Fatal(err)
	}
	want := "       n   ratio\n      1K   2.00x\n     16K  10.25xnote\n"
	if got := out.String(); got != want {
		t.Fatalf("rows:\n%q\nwant\n%q", got, want)
	}
	fmt.Fprint(tw, "tail")
	if err := tw.Flush(); err != nil || out.String() != want+"tail" {
		t.Fatalf("Flush: %v, %q", err, out.String())
	}
}

// TestBenchEstimatesNameEveryTable: benchSeconds is keyed by title, so a
// renamed or added table must be named there too, or its estimate would
// silently fall back to benchDefaultSeconds.
func TestBenchEstimatesNameEveryTable(t *testing.T) {
	titles := map[string]bool{}
	for _, s := range benchTables {
		titles[s.title] = true
		if _, ok := benchSeconds[s.title]; !ok {
			t.Errorf("bench table %q has no estimate in benchSeconds", s.title)
		}
	}
	for title := range benchSeconds {
		if !titles[title] {
			t.Errorf("benchSeconds names %q, which is no bench table", title)
		}
	}
}
