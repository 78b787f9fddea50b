package nd

import (
	"fmt"

	"github.com/numgo/numgo/nd/mem"
)

// DefaultAlign is the byte alignment of a new array's first element unless
// an Align option says otherwise: one cache line, which is also what
// AVX-512 loads want.
const DefaultAlign = 64

// Option configures how an array is created: where its memory comes from,
// its layout and its alignment. Options are shared by every constructor and
// by Clone; functions in other packages that create arrays (ops, linalg)
// take them too.
type Option func(*Config)

// Config is what Options set when an array is made. Only an Option of your
// own needs it:
//
//	func Huge() nd.Option { return func(c *nd.Config) { c.Align = 2 << 20 } }
type Config struct {
	// Allocator gives the memory; mem.Default when nil.
	Allocator mem.Allocator
	// Layout is RowMajor (the default) or ColMajor.
	Layout Layout
	// Align is the byte alignment of the first element (DefaultAlign when 0).
	Align int
}

// newConfig applies opts over the defaults.
func newConfig(opts ...Option) Config {
	c := Config{Allocator: mem.Default, Layout: RowMajor, Align: DefaultAlign}
	for _, o := range opts {
		o(&c)
	}
	if c.Allocator == nil {
		c.Allocator = mem.Default
	}
	return c
}

// With makes the array's memory come from a. A nil a means mem.Default.
//
//	a, err := nd.Zeros[float64]([]int{1000, 1000}, nd.With(arena))
func With(a mem.Allocator) Option { return func(c *Config) { c.Allocator = a } }

// WithLayout sets the order elements are stored in: RowMajor (C order, the
// default) or ColMajor (Fortran order, what LAPACK-style code wants).
func WithLayout(l Layout) Option { return func(c *Config) { c.Layout = l } }

// Align sets the byte alignment of the first element; n must be a power of
// two. The element size is always honoured as a minimum.
func Align(n int) Option { return func(c *Config) { c.Align = n } }

// Layout is the order in which an array's elements lie in memory.
type Layout int

const (
	// RowMajor: the last index varies fastest (C order, NumPy's default).
	RowMajor Layout = iota
	// ColMajor: the first index varies fastest (Fortran order).
	ColMajor
	// Strided: neither; a view such as a slice with a step.
	Strided
)

// String names the layout.
func (l Layout) String() string {
	switch l {
	case RowMajor:
		return "RowMajor"
	case ColMajor:
		return "ColMajor"
	case Strided:
		return "Strided"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}
