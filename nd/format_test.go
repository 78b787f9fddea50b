package nd

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// numpyCase is one array and the string NumPy printed for it, written by
// testdata/format/gen.py.
type numpyCase struct {
	Name      string            `json:"name"`
	DType     string            `json:"dtype"`
	Shape     []int             `json:"shape"`
	Values    []json.RawMessage `json:"values"`
	Precision int               `json:"precision"`
	Want      string            `json:"want"`
}

// TestFormatNumPy checks every case NumPy printed under testdata/format.
func TestFormatNumPy(t *testing.T) {
	raw, err := os.ReadFile("../testdata/format/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		NumPy string      `json:"numpy"`
		Cases []numpyCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 40 {
		t.Fatalf("only %d cases in testdata/format/cases.json", len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			var got string
			switch c.DType {
			case "float64":
				got = formatCase(t, c, func(s string) float64 { return parseFloat(t, s, 64) })
			case "float32":
				got = formatCase(t, c, func(s string) float32 { return float32(parseFloat(t, s, 32)) })
			case "complex128":
				got = formatCase(t, c, func(s string) complex128 { return parseComplex(t, s) })
			case "complex64":
				got = formatCase(t, c, func(s string) complex64 { return complex64(parseComplex(t, s)) })
			case "int64":
				got = formatCase(t, c, func(s string) int64 { return int64(parseInt(t, s)) })
			case "int8":
				got = formatCase(t, c, func(s string) int8 { return int8(parseInt(t, s)) })
			case "uint64":
				got = formatCase(t, c, func(s string) uint64 {
					v, err := strconv.ParseUint(s, 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					return v
				})
			default:
				t.Fatalf("dtype %s not handled", c.DType)
			}
			if got != c.Want {
				t.Errorf("shape %v:\ngot\n%s\nNumPy %s printed\n%s", c.Shape, got, file.NumPy, c.Want)
			}
		})
	}
}

// formatCase builds the case's array with parse and prints it with %v, or
// %.Nv when NumPy printed with another precision.
func formatCase[T Number](t *testing.T, c numpyCase, parse func(string) T) string {
	t.Helper()
	vals := make([]T, len(c.Values))
	for i, v := range c.Values {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			s = string(v) // a [real, imag] pair
		}
		vals[i] = parse(s)
	}
	a, err := FromSlice(vals, c.Shape)
	if err != nil {
		t.Fatal(err)
	}
	if c.Precision != PrintPrecision {
		return fmt.Sprintf("%.*v", c.Precision, a)
	}
	return a.String()
}

func parseFloat(t *testing.T, s string, bits int) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, bits)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func parseInt(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func parseComplex(t *testing.T, s string) complex128 {
	t.Helper()
	var parts []string
	if err := json.Unmarshal([]byte(s), &parts); err != nil || len(parts) != 2 {
		t.Fatalf("complex value %s: %v", s, err)
	}
	return complex(parseFloat(t, parts[0], 64), parseFloat(t, parts[1], 64))
}

// TestFormatEmpty is issue 7 item 9: every empty array prints as NumPy's
// str does, whatever its shape (it used to print [[]] for (0, 3)).
func TestFormatEmpty(t *testing.T) {
	for _, shape := range [][]int{{0}, {0, 3}, {3, 0}, {2, 0, 3}, {0, 0}} {
		a, err := Zeros[float64](shape)
		if err != nil {
			t.Fatal(err)
		}
		for _, verb := range []string{"%v", "%.2f", "%g"} {
			if got := fmt.Sprintf(verb, a); got != "[]" {
				t.Errorf("Zeros(%v) with %s prints %q, want []", shape, verb, got)
			}
		}
	}
}

// TestFormatVerbs checks that verbs other than %v apply to each element,
// padded to one width, and keep NumPy's layout.
func TestFormatVerbs(t *testing.T) {
	f, err := FromSlice([]float64{0.5, 1, -2.25, 1e6}, []int{2, 2})
	if err != nil {
		t.Fatal(err)
	}
	for verb, want := range map[string]string{
		"%v":   "[[ 5.00e-01  1.00e+00]\n [-2.25e+00  1.00e+06]]",
		"%.3f": "[[      0.500       1.000]\n [     -2.250 1000000.000]]",
		"%g":   "[[  0.5     1]\n [-2.25 1e+06]]",
		"%.1e": "[[ 5.0e-01  1.0e+00]\n [-2.2e+00  1.0e+06]]",
		"%.1v": "[[ 5.0e-01  1.0e+00]\n [-2.2e+00  1.0e+06]]",
	} {
		if got := fmt.Sprintf(verb, f); got != want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", verb, got, want)
		}
	}
	i, err := FromSlice([]int{1, -20, 300}, []int{3})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", i); got != "[  1 -14 12c]" {
		t.Errorf("%%x: %q", got)
	}
	if got := fmt.Sprintf("%v", []*Array[float64]{f.T()}); !strings.HasPrefix(got, "[[[ 5.00e-01 -2.25e+00]") {
		t.Errorf("in a slice: %q", got)
	}
	nan, err := FromSlice([]float32{float32(math.NaN()), 1}, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	if got := nan.String(); got != "[nan  1.]" {
		t.Errorf("float32 nan: %q", got)
	}
}
