package mmap_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestNewAllocatorDocPointsToOpen: reopening a raw file as the guide does
// (nd.Zeros on the allocator) wipes it, so the first lines of
// NewAllocator's doc, the ones go doc and editors show, name the safe way
// (Create and Open for .npy) and the nd.Empty replay, and warn about
// nd.Zeros.
func TestNewAllocatorDocPointsToOpen(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "allocator.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	p, err := doc.NewFromFiles(fset, []*ast.File{f}, "github.com/numgo/numgo/nd/mmap")
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range p.Types {
		for _, fn := range typ.Funcs {
			if fn.Name != "NewAllocator" {
				continue
			}
			first, _, _ := strings.Cut(fn.Doc, "\n\n")
			for _, want := range []string{"Open", "Create", "nd.Empty", "nd.Zeros"} {
				if !strings.Contains(first, want) {
					t.Errorf("NewAllocator's first paragraph does not mention %s:\n%s", want, first)
				}
			}
			return
		}
	}
	t.Fatal("NewAllocator not found")
}
