package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// runVersion prints nd's module version (with the commit it was built
// from, where the build recorded one), the Go release that built it and
// the platform, as `go version -m` would tell them.
func runVersion(_ context.Context, w io.Writer) error {
	version, revision, modified := "(unknown)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	fmt.Fprintf(w, "nd (numgo) %s", version)
	if revision != "" {
		fmt.Fprintf(w, " commit %.12s", revision)
		if modified {
			fmt.Fprint(w, " with local changes")
		}
	}
	fmt.Fprintf(w, ", %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
