package numgo_test

import (
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/expr"
	"github.com/numgo/numgo/nd/linalg"
	"github.com/numgo/numgo/nd/ops"
	"github.com/numgo/numgo/nd/random"
)

// Example_comingFromNumPy holds the numgo lines of the README's "Coming
// from NumPy" table, each run here (TestNumPyTable checks that every line
// of the table appears in this function).
func Example_comingFromNumPy() {
	check := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	var err error
	var x, a, b, c, m *nd.Array[float64]

	x, err = nd.FromSlice([]float64{1, 2, 3, 5, 4, 4, 6, 9}, []int{4, 2})
	check(err)
	a, err = nd.Zeros[float64]([]int{3, 4})
	check(err)
	b, err = nd.Ones[float64]([]int{3, 4})
	check(err)
	c, err = nd.Arange(0.0, 12, 1)
	check(err)
	c, err = c.Reshape(3, 4)
	check(err)
	t, err := nd.Linspace(0.0, 1, 5, true)
	check(err)
	i, err := nd.Eye[float64](3, 3, 0)
	check(err)
	s, err := ops.Add(a, b)
	check(err)
	p, err := expr.Eval(expr.Var(a).Mul(expr.Var(b)).Add(expr.Var(c)))
	check(err)
	m, err = c.T().Clone()
	check(err)
	mu, err := ops.MeanAxis(x, ops.Axis(0))
	check(err)
	total, err := ops.Sum(c)
	check(err)
	xs := expr.Var(x)
	xc := xs.Sub(xs.MeanAxis(ops.Axis(0)))
	cov, err := expr.Eval(expr.MatMul(xc.T(), xc).Div(expr.Const(float64(x.Dim(0) - 1))))
	check(err)
	n, err := expr.Count(expr.Var(c).Gt(expr.Const(5.0)))
	check(err)
	w, err := expr.Eval(expr.Where(expr.Var(c).Gt(expr.Const(5.0)), expr.Var(c), expr.Const(0.0)))
	check(err)
	e, err := ops.Exp(t)
	check(err)
	mm, err := linalg.MatMul(c, m)
	check(err)
	row, err := c.SliceExpr("1:, ::2")
	check(err)
	j, err := nd.Concatenate([]*nd.Array[float64]{a, b}, 0)
	check(err)
	srt, err := ops.Sort(x, -1)
	check(err)
	med, err := ops.Median(c)
	check(err)
	f32, err := nd.Convert[float32](c)
	check(err)
	g := random.New(42)
	r, err := random.Normal[float64](g, []int{2, 3}, 0, 1)
	check(err)

	fmt.Println(s.Shape(), p.Shape(), mm.Shape(), row.Shape(), j.Shape(), srt.Shape(), r.Shape(), i.Shape(), f32.Shape())
	fmt.Println(mu, total, n, med, w.At(2, 3))
	fmt.Printf("%.4f\n%.3f\n", cov, e)
	// Output:
	// [3 4] [3 4] [3 3] [2 2] [6 4] [4 2] [2 3] [3 3] [3 4]
	// [3.5 5. ] 66 6 5.5 11
	// [[4.3333 5.6667]
	//  [5.6667 8.6667]]
	// [1.000 1.284 1.649 2.117 2.718]
}

// TestNumPyTable checks that every numgo line of the README's "Coming
// from NumPy" table (each code span of its second column) is a line of
// Example_comingFromNumPy, which go test compiles and runs.
func TestNumPyTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("numpy_table_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Coming from NumPy\n")
	if !ok {
		t.Fatal(`README.md has no "## Coming from NumPy" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := 0
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		rows++
		spans := regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cells[2], -1)
		if len(spans) == 0 {
			t.Errorf("row %q has no numgo code", line)
		}
		for _, m := range spans {
			if !strings.Contains(string(src), m[1]) {
				t.Errorf("README's numgo line %q is not in Example_comingFromNumPy", m[1])
			}
		}
	}
	if rows < 20 {
		t.Errorf("the table has %d rows, want the twenty most common operations", rows)
	}
}
