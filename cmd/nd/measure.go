package main

import (
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// timing is the cost of one operation in nanoseconds: the fastest of a
// loop's samples.
type timing struct{ min float64 }

// ratio is how many times b's time a's time is, by the fastest samples:
// on a shared machine noise only ever adds time, and the fastest of
// interleaved samples is the figure that reproduces run to run.
func (a timing) ratio(b timing) float64 { return a.min / b.min }

// sideBySide measures loops side by side: each fn(n) runs its operation n
// times. Every loop is first calibrated (which warms it up: caches, page
// faults, branch predictors) so that one sample takes about cfg.sample,
// then the loops are sampled in cfg.rounds interleaved rounds, so that a
// slow spell of a shared machine falls on all of them alike. A loop whose
// single operation takes much longer than a sample (a large GEMM) is
// sampled in fewer rounds, at least 11, to bound the time it takes.
func sideBySide(cfg tourConfig, fns ...func(n int)) []timing {
	sample, rounds := cfg.sample, cfg.rounds
	if sample <= 0 {
		sample = 5 * time.Millisecond
	}
	if rounds <= 0 {
		rounds = 5
	}
	ns := make([]int, len(fns))
	limit := make([]int, len(fns)) // rounds for each loop
	for i, fn := range fns {
		var took time.Duration
		ns[i], took = calibrate(sample, fn)
		limit[i] = rounds
		if took > 4*sample {
			limit[i] = min(rounds, max(11, int(int64(rounds)*int64(4*sample)/int64(took))))
		}
	}
	samples := make([][]float64, len(fns))
	for r := range rounds {
		for i, fn := range fns {
			if r >= limit[i] {
				continue
			}
			start := time.Now()
			fn(ns[i])
			samples[i] = append(samples[i], float64(time.Since(start))/float64(ns[i]))
		}
	}
	out := make([]timing, len(fns))
	for i, s := range samples {
		out[i] = timing{min: slices.Min(s)}
	}
	return out
}

// calibrate returns the repetition count at which fn takes at least d,
// and how long it took at that count.
func calibrate(d time.Duration, fn func(n int)) (int, time.Duration) {
	n := 1
	for {
		start := time.Now()
		fn(n)
		el := time.Since(start)
		if el >= d || n >= 1<<30 {
			return n, el
		}
		// Aim a little past d from what this run took, at most 16x more.
		next := int(float64(n) * 1.2 * float64(d) / float64(max(el, 1)))
		n = min(max(next, n+1), 16*n)
	}
}

// mib formats a byte count in MiB.
func mib(b int64) float64 { return float64(b) / (1 << 20) }

// streamTable writes a table as it is measured, a cell at a time: cells
// are separated and terminated by tabs as for text/tabwriter, each column
// right-aligned to the widest cell it has seen (the header's, usually), so
// nothing waits for the end of a row or of the table.
type streamTable struct {
	w       io.Writer
	widths  []int
	col     int    // the column the next cell goes to
	partial []byte // the start of a cell not yet terminated
}

// table starts a streaming table on w; a section indents it by starting
// each row's first cell with spaces.
func table(w io.Writer) *streamTable { return &streamTable{w: w} }

// Write takes text as a tabwriter would and writes every terminated cell
// and every line end at once.
func (t *streamTable) Write(p []byte) (int, error) {
	t.partial = append(t.partial, p...)
	for {
		i := slices.IndexFunc(t.partial, func(c byte) bool { return c == '\t' || c == '\n' })
		if i < 0 {
			return len(p), nil
		}
		text, end := string(t.partial[:i]), t.partial[i]
		t.partial = t.partial[i+1:]
		if end == '\t' {
			text = t.cell(text)
		} else {
			text += "\n"
			t.col = 0
		}
		if _, err := io.WriteString(t.w, text); err != nil {
			return len(p), err
		}
	}
}

// cell right-aligns a terminated cell in its column, with two spaces of
// padding.
func (t *streamTable) cell(c string) string {
	n := utf8.RuneCountInString(c)
	if t.col == len(t.widths) {
		t.widths = append(t.widths, max(n, 6))
	}
	t.widths[t.col] = max(t.widths[t.col], n)
	pad := t.widths[t.col] + 2 - n
	t.col++
	return strings.Repeat(" ", pad) + c
}

// Flush writes text that has no tab or newline after it yet.
func (t *streamTable) Flush() error {
	if len(t.partial) == 0 {
		return nil
	}
	_, err := t.w.Write(t.partial)
	t.partial = nil
	return err
}
