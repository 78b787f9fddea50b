package mem_test

import (
	"fmt"
	"strings"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
)

// printTB stands in for a *testing.T.
type printTB struct{}

func (printTB) Helper() {}
func (printTB) Errorf(format string, args ...any) {
	msg, _, _ := strings.Cut(fmt.Sprintf(format, args...), "\n")
	fmt.Println("FAIL:", msg, "(then each buffer and its stack)")
}

func ExampleNewChecked() {
	c := mem.NewChecked(mem.NewSystem())
	a, _ := nd.Zeros[float64]([]int{4, 4}, nd.With(c))
	b, _ := nd.Zeros[float64]([]int{8}, nd.With(c))
	a.Free()
	// b is never freed: in a test, defer c.AssertSize(t, 0) fails naming
	// where it was allocated.
	c.AssertSize(printTB{}, 0)
	for _, l := range c.Leaks() {
		for _, f := range l.Stack.Frames() { // the first frame in this program's code
			if strings.HasPrefix(f.Function, "github.com/numgo/numgo/nd/mem_test.") {
				fmt.Println(l.Size, "bytes from", f.Function)
				break
			}
		}
	}
	b.Free()
	c.AssertSize(printTB{}, 0) // passes: prints nothing
	// Output:
	// FAIL: mem: Checked: 64 bytes live, want 0; 1 buffers live: (then each buffer and its stack)
	// 64 bytes from github.com/numgo/numgo/nd/mem_test.ExampleNewChecked
}
