// Command nd shows numgo at work.
//
//	nd tour    run every allocator and kernel on the guide's scenarios, with real figures
//	nd info    print the CPU's features and cache sizes and the allocators' defaults
//	nd bench   print the side-by-side performance tables (ratios against the peers)
//
// Figures are measured on the machine it runs on; timings are given as
// ratios measured side by side, since absolute times on a shared machine
// mean little.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
)

type command struct {
	name, help string
	run        func(ctx context.Context, w io.Writer, args []string) error
}

var commands = []command{
	{"tour", "run every allocator and kernel on the guide's scenarios, with real figures", runTour},
	{"info", "print CPU features, cache sizes and the allocators' defaults", runInfo},
	{"bench", "print the side-by-side performance tables", runBench},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := dispatch(ctx, os.Stdout, os.Args[1:]); err != nil {
		slog.Error("nd failed", "err", err)
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, w io.Writer, args []string) error {
	if len(args) > 0 {
		for _, c := range commands {
			if c.name == args[0] {
				return c.run(ctx, w, args[1:])
			}
		}
	}
	fmt.Fprintln(w, "usage: nd <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-6s %s\n", c.name, c.help)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return nil
	}
	return fmt.Errorf("unknown command %q", args[0])
}
