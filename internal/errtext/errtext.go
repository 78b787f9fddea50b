// Package errtext gives every numgo error chain one package prefix, as the
// standard library's os.PathError does ("open x: no such file"): the
// outermost site names its package and operation, and the text of the
// error it wraps follows without the wrapped error's own prefix.
//
// The rule, for numgo's packages: a sentinel carries its package's prefix
// ("mmap: dtype mismatch"), so that one returned or wrapped first
// ("%w: detail") still reads "pkg: ..."; a site that wraps an error which
// may come from a numgo call wraps it with Wrap, which drops that error's
// prefix from the text (errors.Is and errors.As still see it). A message
// then never reads "mmap: Load x: mmap: dtype mismatch".
package errtext

import (
	"fmt"
	"strings"
)

// prefixes are the package prefixes numgo's errors begin with.
var prefixes = []string{"nd: ", "mem: ", "mmap: ", "numa: ", "linalg: ", "ops: ", "expr: ", "random: ", "asm: ", "gemm: ", "osmem: ", "sysmem: "}

// Strip returns msg without a leading numgo package prefix.
func Strip(msg string) string {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(msg, p); ok {
			return rest
		}
	}
	return msg
}

// Repeated reports whether msg holds more than one numgo package prefix
// (at its start or after ": "), the fault Wrap exists to prevent.
func Repeated(msg string) bool {
	n := 0
	for part := range strings.SplitSeq(msg, ": ") {
		if isPrefix(part) {
			n++
		}
	}
	return n > 1
}

// Wrap returns an error reading "pkg: <format, args>: <err without its
// package prefix>" (just "pkg: <err...>" for an empty format) that
// unwraps to err.
func Wrap(err error, pkg, format string, args ...any) error {
	head := pkg + ": "
	if format != "" {
		head += fmt.Sprintf(format, args...) + ": "
	}
	return &wrapped{msg: head + Strip(err.Error()), err: err}
}

// Errorf is fmt.Errorf for a site whose format begins with its own
// package prefix ("ops: %s: %w: ..."): the message keeps that first
// prefix and drops every later one that a wrapped error or sentinel
// brings ("ops: Add: nd: bad shape: ..." reads "ops: Add: bad shape:
// ..."). errors.Is and errors.As see every wrapped error, as with
// fmt.Errorf.
func Errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	parts := strings.Split(err.Error(), ": ")
	kept := parts[:1]
	for _, part := range parts[1:] {
		if !isPrefix(part) {
			kept = append(kept, part)
		}
	}
	return &wrapped{msg: strings.Join(kept, ": "), err: err}
}

// isPrefix reports whether part is a numgo package name as a prefix
// writes it.
func isPrefix(part string) bool {
	for _, p := range prefixes {
		if part == strings.TrimSuffix(p, ": ") {
			return true
		}
	}
	return false
}

// Bare returns err with its text stripped of a numgo package prefix, for
// a message that already names its package and joins err after another
// cause (fmt.Errorf("%w: ...: %w", ErrX, errtext.Bare(err))).
func Bare(err error) error { return &wrapped{msg: Strip(err.Error()), err: err} }

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }
