package numgo_test

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocCodeBlocks reads every doc comment in the module as go doc
// renders it (go/doc/comment) and fails where Go code was reflowed into a
// paragraph or a list item: a code block indented under a list item, or
// one that lost its indentation, reads as prose in go doc even though the
// source looks right. Code in a doc comment must be its own indented
// block after the list or paragraph.
func TestDocCodeBlocks(t *testing.T) {
	var p comment.Parser
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), "_") || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bench") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var g *ast.CommentGroup
			switch n := n.(type) {
			case *ast.File:
				g = n.Doc
			case *ast.FuncDecl:
				g = n.Doc
			case *ast.GenDecl:
				g = n.Doc
			case *ast.TypeSpec:
				g = n.Doc
			case *ast.ValueSpec:
				g = n.Doc
			case *ast.Field:
				g = n.Doc
			}
			if g == nil {
				return true
			}
			for _, prose := range proseBlocks(p.Parse(g.Text())) {
				if looksLikeCode(prose) {
					t.Errorf("%s: Go code reads as prose in go doc (indent it as its own block, outside any list):\n\t%s",
						fset.Position(g.Pos()), prose)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// proseBlocks returns the text of every paragraph and list item of doc.
func proseBlocks(doc *comment.Doc) []string {
	var out []string
	var walk func([]comment.Block)
	walk = func(blocks []comment.Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *comment.Paragraph:
				out = append(out, plainText(b.Text))
			case *comment.List:
				for _, it := range b.Items {
					walk(it.Content)
				}
			}
		}
	}
	walk(doc.Content)
	return out
}

func plainText(text []comment.Text) string {
	var b strings.Builder
	for _, t := range text {
		switch t := t.(type) {
		case comment.Plain:
			b.WriteString(string(t))
		case comment.Italic:
			b.WriteString(string(t))
		case *comment.Link:
			b.WriteString(plainText(t.Text))
		case *comment.DocLink:
			b.WriteString(plainText(t.Text))
		}
	}
	return b.String()
}

// looksLikeCode reports whether prose holds a Go statement outside
// backquotes: a short variable declaration or an error check.
func looksLikeCode(prose string) bool {
	parts := strings.Split(prose, "`")
	for i := 0; i < len(parts); i += 2 { // outside backquotes
		if strings.Contains(parts[i], " := ") || strings.Contains(parts[i], "err != nil {") {
			return true
		}
	}
	return false
}
