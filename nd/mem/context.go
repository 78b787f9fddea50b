package mem

import "context"

type contextKey struct{}

// NewContext returns a copy of ctx that carries a, for library code that
// allocates but cannot take an allocator as a parameter.
func NewContext(ctx context.Context, a Allocator) context.Context {
	return context.WithValue(ctx, contextKey{}, a)
}

// FromContext returns the allocator ctx carries, or Default when it carries
// none (or ctx is nil).
func FromContext(ctx context.Context) Allocator {
	if ctx != nil {
		if a, ok := ctx.Value(contextKey{}).(Allocator); ok && a != nil {
			return a
		}
	}
	return Default
}
