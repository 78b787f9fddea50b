package numa

import "io"

// Every owner of memory is an io.Closer (issue 22).
var (
	_ io.Closer = (*Allocator)(nil)
	_ io.Closer = (*Strategy)(nil)
)
