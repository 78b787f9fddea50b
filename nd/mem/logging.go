package mem

import (
	"context"
	"fmt"
	"log/slog"
)

// Logging is an Allocator that writes a structured log record for every
// call it passes to its inner allocator: the guide's LoggingAllocator, on
// log/slog. Records are at its Level (slog.LevelDebug unless set), with
// the message "mem" and the attributes
//
//	op       Alloc, Free or Realloc
//	size     the requested size (for Free, the buffer's)
//	align    the requested alignment (Alloc and Realloc)
//	addr     the buffer's address, in hex (the new one for Realloc)
//	old      Realloc only: the address it was given
//	old_size Realloc only: the size of the buffer it was given, so a
//	         record reads as the guide's "Reallocating from 100 to 300 bytes"
//	error    when the call failed
//
// When the logger does not have the Level enabled nothing is formatted or
// allocated: a call costs the inner call plus the logger's Enabled check.
// slog's default logger enables Info and above, so for records that
// always print, as the guide's LoggingAllocator's do, set Level to
// slog.LevelInfo:
//
//	l := mem.WithLogging(arena, nil)
//	l.Level = slog.LevelInfo
//
// Its counters are the inner allocator's (Allocated, Peak and Stats read
// through), and Unwrap returns it, so arrays made through a Logging over an
// Arena are invalidated by the Arena's Reset.
type Logging struct {
	passthrough
	log *slog.Logger
	// Level is the level of the records, slog.LevelDebug from
	// WithLogging. Set it before the allocator is used.
	Level slog.Level
}

// WithLogging returns an allocator that logs every call to inner on logger
// (slog.Default() when nil) at slog.LevelDebug, which slog's default
// handler does not print; set the returned Logging's Level to log at
// another level. A nil inner panics (see Wrapper).
func WithLogging(inner Allocator, logger *slog.Logger) *Logging {
	inner = mustInner("WithLogging", inner)
	if logger == nil {
		logger = slog.Default()
	}
	return &Logging{passthrough: passthrough{inner}, log: logger, Level: slog.LevelDebug}
}

// Alloc allocates from the inner allocator and logs the call.
func (l *Logging) Alloc(size, align int) ([]byte, error) {
	b, err := l.inner.Alloc(size, align)
	l.record("Alloc", size, align, b, nil, err)
	return b, err
}

// Free frees b on the inner allocator and logs the call.
func (l *Logging) Free(b []byte) error {
	err := l.inner.Free(b)
	l.record("Free", cap(b), 0, b, nil, err)
	return err
}

// Realloc resizes b on the inner allocator and logs the call.
func (l *Logging) Realloc(b []byte, newSize, align int) ([]byte, error) {
	nb, err := l.inner.Realloc(b, newSize, align)
	l.record("Realloc", newSize, align, nb, b, err)
	return nb, err
}

// record logs a call when the logger has the Level enabled.
func (l *Logging) record(op string, size, align int, b, old []byte, err error) {
	if !l.log.Enabled(context.Background(), l.Level) {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs, slog.String("op", op), slog.Int("size", size))
	if align > 0 {
		attrs = append(attrs, slog.Int("align", align))
	}
	if err == nil || op == "Free" {
		attrs = append(attrs, slog.Any("addr", hexAddr(addr(b))))
	}
	if op == "Realloc" {
		attrs = append(attrs, slog.Any("old", hexAddr(addr(old))), slog.Int("old_size", cap(old)))
	}
	if err != nil {
		attrs = append(attrs, slog.Any("error", err))
	}
	l.log.LogAttrs(context.Background(), l.Level, "mem", attrs...)
}

// hexAddr formats an address in hex when a handler writes it.
type hexAddr uintptr

func (a hexAddr) LogValue() slog.Value { return slog.StringValue(fmt.Sprintf("%#x", uintptr(a))) }
