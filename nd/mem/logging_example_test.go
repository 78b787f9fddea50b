package mem_test

import (
	"log/slog"
	"os"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// The guide's LoggingAllocator, on log/slog: its records always print, so
// they are logged at Info, which a handler prints by default.
func ExampleWithLogging() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "addr" || a.Key == "old" { // addresses differ run to run
				return slog.Attr{}
			}
			return a
		},
	})
	logging := mem.WithLogging(mem.NewSystem(), slog.New(h))
	logging.Level = slog.LevelInfo // the default, Debug, is not printed by this handler
	a, _ := nd.Zeros[float64]([]int{10, 10}, nd.With(logging))
	a.Free()
	b, _ := logging.Alloc(100, 8)
	b, _ = logging.Realloc(b, 300, 8)
	logging.Free(b)
	logging.Alloc(0, 8)
	// Output:
	// level=INFO msg=mem op=Alloc size=800 align=64
	// level=INFO msg=mem op=Free size=800
	// level=INFO msg=mem op=Alloc size=100 align=8
	// level=INFO msg=mem op=Realloc size=300 align=8 old_size=100
	// level=INFO msg=mem op=Free size=300
	// level=INFO msg=mem op=Alloc size=0 align=8 error="mem: invalid size: System.Alloc(0, align 8): size must be in 1..140737488355328"
}
