package mem_test

import (
	"log/slog"
	"os"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// The guide's LoggingAllocator, on log/slog.
func ExampleWithLogging() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "addr" || a.Key == "old" { // addresses differ run to run
				return slog.Attr{}
			}
			return a
		},
	})
	logging := mem.WithLogging(mem.NewSystem(), slog.New(h))
	a, _ := nd.Zeros[float64]([]int{10, 10}, nd.With(logging))
	a.Free()
	b, _ := logging.Alloc(100, 8)
	b, _ = logging.Realloc(b, 300, 8)
	logging.Free(b)
	logging.Alloc(0, 8)
	// Output:
	// level=DEBUG msg=mem op=Alloc size=800 align=64
	// level=DEBUG msg=mem op=Free size=800
	// level=DEBUG msg=mem op=Alloc size=100 align=8
	// level=DEBUG msg=mem op=Realloc size=300 align=8 old_size=100
	// level=DEBUG msg=mem op=Free size=300
	// level=DEBUG msg=mem op=Alloc size=0 align=8 error="mem: invalid size: System.Alloc(0, align 8): size must be in 1..140737488355328"
}
