package numgo_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadme checks that every Go block in README.md is a whole program
// whose main body is, line for line, the body of one of the examples in
// readme_example_test.go (which go test compiles, runs and checks against
// its // Output:), and imports exactly the packages that body uses; and that
// every such example is shown in the README. Edit one without the other
// and this test fails.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go blocks")
	}
	examples, imports := readmeExamples(t, "readme_example_test.go")
	shown := map[string]bool{}
	for i, b := range blocks {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "README block", b[1], parser.ParseComments)
		if err != nil {
			t.Errorf("README Go block %d does not parse as a program: %v", i+1, err)
			continue
		}
		var main *ast.FuncDecl
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" {
				main = fd
			}
		}
		if f.Name.Name != "main" || main == nil {
			t.Errorf("README Go block %d is not a main package with func main", i+1)
			continue
		}
		body := bodyText(fset, []byte(b[1]), main.Body)
		name := ""
		for n, e := range examples {
			if e.body == body {
				name = n
			}
		}
		if name == "" {
			t.Errorf("README Go block %d matches no example in readme_example_test.go; its main body:\n%s", i+1, body)
			continue
		}
		shown[name] = true
		var have []string
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			have = append(have, p)
		}
		var want []string
		for _, n := range examples[name].uses {
			want = append(want, imports[n])
		}
		slices.Sort(have)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			t.Errorf("README Go block %d (%s) imports %q; its body uses %q", i+1, name, have, want)
		}
	}
	for n := range examples {
		if !shown[n] {
			t.Errorf("%s is not shown in README.md", n)
		}
	}
}

type readmeExample struct {
	body string
	uses []string // the package names the body refers to
}

// readmeExamples parses the examples in file: each one's body, and the
// import path of each package name the file imports.
func readmeExamples(t *testing.T, file string) (map[string]readmeExample, map[string]string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]string{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		imports[path.Base(p)] = p
	}
	examples := map[string]readmeExample{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fd.Name.Name, "Example") {
			continue
		}
		var uses []string
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && imports[id.Name] != "" && !slices.Contains(uses, id.Name) {
					uses = append(uses, id.Name)
				}
			}
			return true
		})
		examples[fd.Name.Name] = readmeExample{body: bodyText(fset, src, fd.Body), uses: uses}
	}
	if len(examples) == 0 {
		t.Fatalf("no examples in %s", file)
	}
	return examples, imports
}

// bodyText is the source between a function body's braces, one tab of
// indentation removed from each line.
func bodyText(fset *token.FileSet, src []byte, body *ast.BlockStmt) string {
	text := string(src[fset.Position(body.Lbrace).Offset+1 : fset.Position(body.Rbrace).Offset])
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
