package numgo_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// examplePackages are the packages of the array surface, whose every
// exported function and method has a runnable example.
var examplePackages = []string{"nd", "nd/ops", "nd/linalg", "nd/random", "nd/mmap"}

// TestEveryFunctionHasAnExample fails for an exported function or method
// of examplePackages (a method of an exported type) that has no Example
// function named after it as go doc attaches examples: ExampleF or
// ExampleF_suffix for a function F, ExampleT_M or ExampleT_M_suffix for
// a method M of T. An Into form needs its own example: one named after
// the allocating form does not count for it.
func TestEveryFunctionHasAnExample(t *testing.T) {
	for _, dir := range examplePackages {
		exported, examples := exampleNames(t, dir)
		if len(exported) == 0 {
			t.Fatalf("%s: no exported functions found", dir)
		}
		for _, name := range exported {
			if !hasExample(examples, name) {
				t.Errorf("%s: %s has no runnable example (func Example%s)", dir, strings.Replace(name, "_", ".", 1), name)
			}
		}
	}
}

// exampleNames returns the exported functions and methods of the package
// in dir (a method as Type_Method) and the names of its test files'
// Example functions that have an output comment, which go test runs.
func exampleNames(t *testing.T, dir string) (exported []string, examples map[string]bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	examples = map[string]bool{}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		test := strings.HasSuffix(path, "_test.go")
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if test {
				if strings.HasPrefix(fd.Name.Name, "Example") && fd.Recv == nil && hasOutput(f, fd) {
					examples[fd.Name.Name] = true
				}
				continue
			}
			if !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				exported = append(exported, fd.Name.Name)
			} else if recv := receiverType(fd.Recv.List[0].Type); ast.IsExported(recv) {
				exported = append(exported, recv+"_"+fd.Name.Name)
			}
		}
	}
	return exported, examples
}

// receiverType is the name of a method's receiver type, without pointer
// or type parameters.
func receiverType(x ast.Expr) string {
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	switch g := x.(type) {
	case *ast.IndexExpr:
		x = g.X
	case *ast.IndexListExpr:
		x = g.X
	}
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// hasOutput reports whether the example fd has an "Output:" comment, so
// that go test runs it and checks what it prints.
func hasOutput(f *ast.File, fd *ast.FuncDecl) bool {
	for _, cg := range f.Comments {
		if cg.Pos() < fd.Body.Lbrace || cg.End() > fd.Body.Rbrace {
			continue
		}
		for _, c := range cg.List {
			text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if strings.HasPrefix(text, "Output:") || strings.HasPrefix(text, "Unordered output:") {
				return true
			}
		}
	}
	return false
}

// hasExample reports whether examples holds Example<name>, or
// Example<name>_<suffix> with a suffix that starts with a lower-case
// letter (go doc's rule for naming several examples of one thing).
func hasExample(examples map[string]bool, name string) bool {
	if examples["Example"+name] {
		return true
	}
	prefix := "Example" + name + "_"
	for e := range examples {
		if rest, ok := strings.CutPrefix(e, prefix); ok && rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
			return true
		}
	}
	return false
}
