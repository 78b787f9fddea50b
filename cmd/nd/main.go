// Command nd shows numgo at work.
//
// Usage:
//
//	nd <command> [flags]
//
// The commands are:
//
//	tour    run every allocator and kernel on the guide's scenarios, with figures measured now (about 6 s)
//	bench   print the side-by-side performance tables (longer, and says how long up front)
//	info    print the CPU's features and cache sizes and the allocators' defaults
//	version print nd's module version, the Go release that built it and the platform
//	help    print this help, or a command's flags: nd help tour
//
// Figures are measured on the machine nd runs on, as ratios measured side
// by side, since absolute times on a shared machine mean little.
//
// As the go command does, nd writes errors to standard error prefixed with
// the command ("nd tour: "), exits with status 2 for a usage error (an
// unknown command, flag or argument, or a flag value the command cannot
// use, as a -run pattern that matches nothing), 1 when a command fails,
// and 0 after help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// command is one of nd's subcommands. flags defines its flags on fs and
// returns the function that runs it once they are parsed.
type command struct {
	name, short string
	flags       func(fs *flag.FlagSet) func(ctx context.Context, w io.Writer) error
}

var commands = []command{
	{"tour", "run every allocator and kernel on the guide's scenarios, with figures measured now", tourFlags},
	{"bench", "print the side-by-side performance tables (longer; says how long up front)", benchFlags},
	{"info", "print CPU features, cache sizes and the allocators' defaults", func(*flag.FlagSet) func(context.Context, io.Writer) error {
		return runInfo
	}},
	{"version", "print nd's module version, the Go release that built it and the platform", func(*flag.FlagSet) func(context.Context, io.Writer) error {
		return runVersion
	}},
}

// helpCommand is nd help's own entry, for nd help help.
var helpCommand = command{"help", "print nd's usage, or a command's usage and flags: nd help <command>", func(*flag.FlagSet) func(context.Context, io.Writer) error {
	return nil
}}

// usageError is a command's error that is the caller's to fix: nd reports
// it with a pointer to the command's help and exits with status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Stdout, os.Stderr, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs nd with args and returns its exit status: 0 on success and
// after help, 1 when a command fails, 2 for a usage error.
func run(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if name != "help" || len(args) == 0 {
			usage(stdout)
			return 0
		}
		if len(args) > 1 {
			fmt.Fprintln(stderr, "usage: nd help [command]\nToo many arguments given.")
			return 2
		}
		c, ok := lookup(args[0])
		if args[0] == helpCommand.name {
			c, ok = helpCommand, true
		}
		if !ok {
			fmt.Fprintf(stderr, "nd help %s: unknown command. Run 'nd help'.\n", args[0])
			return 2
		}
		fs, _ := c.flagSet(stdout)
		c.usage(fs, stdout)
		return 0
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "nd %s: unknown command\nRun 'nd help' for usage.\n", name)
		return 2
	}
	fs, runCmd := c.flagSet(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage(fs, stdout)
			return 0
		}
		c.usage(fs, stderr) // after the error the flag package printed
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "nd %s: unexpected argument %q\nRun 'nd help %s' for usage.\n", c.name, fs.Arg(0), c.name)
		return 2
	}
	if err := runCmd(ctx, stdout); err != nil {
		fmt.Fprintf(stderr, "nd %s: %v\n", c.name, err)
		if errors.As(err, new(usageError)) {
			fmt.Fprintf(stderr, "Run 'nd help %s' for usage.\n", c.name)
			return 2
		}
		return 1
	}
	return 0
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// flagSet returns the command's flags, which report parse errors to w,
// and its runner.
func (c command) flagSet(w io.Writer) (*flag.FlagSet, func(context.Context, io.Writer) error) {
	fs := flag.NewFlagSet("nd "+c.name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {} // run prints the usage, to stdout or stderr as the case calls for
	return fs, c.flags(fs)
}

// usage prints the command's usage and flags to w.
func (c command) usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "usage: nd %s", c.name)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, " [flags]")
	}
	fmt.Fprintf(w, "\n\n%s%s.\n", strings.ToUpper(c.short[:1]), c.short[1:])
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "nd shows numgo at work, with figures measured on this machine.\n\nUsage:\n\n\tnd <command> [flags]\n\nThe commands are:")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-7s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nUse \"nd help <command>\" for a command's flags.")
	fmt.Fprintln(w, "Set NUMGO_SIMD=off, avx2 or avx512 to force a SIMD tier (off: the pure-Go kernels).")
}
