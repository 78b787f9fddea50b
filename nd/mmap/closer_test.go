package mmap_test

import (
	"io"

	"github.com/numgo/numgo/nd/mmap"
)

// Every owner of memory is an io.Closer (issue 22).
var _ io.Closer = (*mmap.Allocator)(nil)
