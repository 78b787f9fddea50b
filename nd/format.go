package nd

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Printing follows NumPy's defaults (numpy.set_printoptions).
const (
	// PrintThreshold is the size above which printing elides the middle
	// of each axis, keeping PrintEdgeItems at each end.
	PrintThreshold = 1000
	// PrintEdgeItems is how many items an elided axis keeps at each end.
	PrintEdgeItems = 3
	// PrintPrecision is how many fractional digits %v prints at most.
	PrintPrecision = 8
	// PrintLineWidth is the width at which the rows of the last axis wrap.
	PrintLineWidth = 75
)

// Format prints the array as NumPy's str does: nested brackets, every
// element padded to one width, rows wrapped at PrintLineWidth columns, and
// the middle of each axis elided with "..." when the array holds more than
// PrintThreshold elements. An empty array prints as [].
//
// With %v (and %s) elements follow NumPy's repr rules: floats print the
// shortest digits that identify them, at most PrintPrecision fractional
// digits (%.3v sets another precision), trailing zeros dropped, "1." for
// whole numbers, and switch to scientific notation for the whole array
// when a magnitude is 1e8 or more, below 1e-4, or the largest is over 1000
// times the smallest; nan and inf print as NumPy's; complex numbers print as
// 1.+2.j. Any other verb and its flags apply to each element as fmt would
// format it (%g, %.3f, %e, %d, %x, ...), padded to a common width; %#v adds
// a header with the type, shape and layout. An array whose memory was
// released prints the cause instead of its elements.
//
//	fmt.Println(a)        // [0.   0.25 1.5 ]
//	fmt.Printf("%.2f", a) // [0.00 0.25 1.50]
func (a *Array[T]) Format(s fmt.State, verb rune) {
	numpy := verb == 'v' || verb == 's'
	if verb == 'v' && s.Flag('#') {
		fmt.Fprintf(s, "nd.Array[%T](shape %v, %v)\n", *new(T), a.shape, a.Layout())
	}
	if err := a.Err(); err != nil {
		fmt.Fprintf(s, "<%v>", err)
		return
	}
	if a.size == 0 || a.data == nil {
		fmt.Fprint(s, "[]")
		return
	}
	p := printer[T]{a: a, shown: shownIndices(a.shape, a.size > PrintThreshold)}
	p.collect(0, a.off)
	if numpy {
		prec, ok := s.Precision()
		if !ok {
			prec = PrintPrecision
		}
		p.strs = formatNumPy(p.vals, prec)
	} else {
		elem := fmt.FormatString(s, verb)
		p.strs = make([]string, len(p.vals))
		for i, v := range p.vals {
			p.strs[i] = fmt.Sprintf(elem, v)
		}
	}
	width := 0
	for _, e := range p.strs {
		width = max(width, utf8.RuneCountInString(e))
	}
	for i, e := range p.strs {
		p.strs[i] = strings.Repeat(" ", width-utf8.RuneCountInString(e)) + e
	}
	var b strings.Builder
	p.out = &b
	p.render(0, a.off, " ", PrintLineWidth)
	fmt.Fprint(s, b.String())
}

// String formats the array with %v.
func (a *Array[T]) String() string { return fmt.Sprint(a) }

// printer renders an array in two passes over the same elements: collect
// gathers the values that are shown, render lays out their strings.
type printer[T Number] struct {
	a     *Array[T]
	shown [][]int // for each axis, the positions printed (see shownIndices)
	vals  []T
	strs  []string
	next  int // the next string render uses
	out   *strings.Builder
}

// shownIndices lists for each axis of shape the positions that are
// printed, in order; -1 marks "...". With elide, an axis longer than
// 2*PrintEdgeItems keeps PrintEdgeItems at each end.
func shownIndices(shape []int, elide bool) [][]int {
	out := make([][]int, len(shape))
	for axis, d := range shape {
		if !elide || d <= 2*PrintEdgeItems {
			idx := make([]int, d)
			for i := range idx {
				idx[i] = i
			}
			out[axis] = idx
			continue
		}
		idx := make([]int, 0, 2*PrintEdgeItems+1)
		for i := range PrintEdgeItems {
			idx = append(idx, i)
		}
		idx = append(idx, -1)
		for i := d - PrintEdgeItems; i < d; i++ {
			idx = append(idx, i)
		}
		out[axis] = idx
	}
	return out
}

func (p *printer[T]) collect(axis, off int) {
	if axis == len(p.a.shape) {
		p.vals = append(p.vals, p.a.data[off])
		return
	}
	for _, i := range p.shown[axis] {
		if i >= 0 {
			p.collect(axis+1, off+i*p.a.strides[axis])
		}
	}
}

// render writes the sub-array at axis as NumPy's _formatArray does:
// indent is the hanging indent of continuation lines and width the line
// width left for this level.
func (p *printer[T]) render(axis, off int, indent string, width int) {
	nd := len(p.a.shape)
	if axis == nd {
		p.out.WriteString(p.strs[p.next])
		p.next++
		return
	}
	p.out.WriteByte('[')
	shown := p.shown[axis]
	if axis == nd-1 {
		// The last axis: elements separated by a space, wrapped before a
		// word would run past the width (less one for the closing bracket).
		var rows strings.Builder // NumPy's s: every line starts with the indent
		line := indent
		for k, i := range shown {
			word := "..."
			if i >= 0 {
				word = p.strs[p.next]
				p.next++
			}
			if k > 0 {
				line += " "
			}
			if len(line)+len(word) > width-1 && len(line) > len(indent) {
				rows.WriteString(strings.TrimRight(line, " ") + "\n")
				line = indent
			}
			line += word
		}
		rows.WriteString(line)
		p.out.WriteString(rows.String()[len(indent):]) // the bracket takes the first indent's place
		p.out.WriteByte(']')
		return
	}
	// Outer axes: rows separated by a newline, one blank line per further
	// level of nesting, and the hanging indent.
	sep := strings.Repeat("\n", nd-axis-1) + indent
	for k, i := range shown {
		if k > 0 {
			p.out.WriteString(sep)
		}
		if i < 0 {
			p.out.WriteString("...")
			continue
		}
		p.render(axis+1, off+i*p.a.strides[axis], indent+" ", width-1)
	}
	p.out.WriteByte(']')
}

// formatNumPy formats vals as NumPy's default formatters do for their
// kind, all to one width.
func formatNumPy[T Number](vals []T, prec int) []string {
	out := make([]string, len(vals))
	switch k := reflect.TypeFor[T]().Kind(); k {
	case reflect.Float32, reflect.Float64:
		bits := 64
		if k == reflect.Float32 {
			bits = 32
		}
		xs := make([]float64, len(vals))
		for i, v := range vals {
			xs[i] = toFloat(v, bits)
		}
		f := newFloatFormat(xs, bits, prec, false)
		for i, x := range xs {
			out[i] = f.format(x)
		}
	case reflect.Complex64, reflect.Complex128:
		bits := 64
		if k == reflect.Complex64 {
			bits = 32
		}
		re, im := make([]float64, len(vals)), make([]float64, len(vals))
		for i, v := range vals {
			c := toComplex(v, bits)
			re[i], im[i] = real(c), imag(c)
		}
		fr, fi := newFloatFormat(re, bits, prec, false), newFloatFormat(im, bits, prec, true)
		for i := range vals {
			r, j := fr.format(re[i]), fi.format(im[i])
			t := strings.TrimRight(j, " ")
			out[i] = r + t + "j" + j[len(t):]
		}
	default:
		for i, v := range vals {
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// toFloat reads a float element of the given size, whatever its named type.
func toFloat[T Number](v T, bits int) float64 {
	if bits == 32 {
		return float64(*(*float32)(unsafe.Pointer(&v)))
	}
	return *(*float64)(unsafe.Pointer(&v))
}

// toComplex reads a complex element whose parts have the given size.
func toComplex[T Number](v T, bits int) complex128 {
	if bits == 32 {
		return complex128(*(*complex64)(unsafe.Pointer(&v)))
	}
	return *(*complex128)(unsafe.Pointer(&v))
}

// floatFormat is NumPy's FloatingFormat in its default mode (floatmode
// "maxprec", legacy off): the layout one array's floats share.
type floatFormat struct {
	bits      int
	plus      bool // sign always shown (the imaginary part of a complex)
	exp       bool // scientific notation
	prec      int  // most fractional digits
	minDigits int  // fewest fractional digits (scientific: all the same)
	padLeft   int  // width of the integer part, sign included
	padRight  int  // width of the fractional part (scientific: and exponent)
	expDigits int  // exponent digits
}

// newFloatFormat chooses the layout for xs as NumPy's fillFormat does.
func newFloatFormat(xs []float64, bits, prec int, plus bool) floatFormat {
	f := floatFormat{bits: bits, plus: plus, prec: prec}
	var finite []float64
	minAbs, maxAbs := math.Inf(1), 0.0
	negInf := plus
	for _, x := range xs {
		switch {
		case math.IsInf(x, 0):
			negInf = negInf || x < 0
		case !math.IsNaN(x):
			finite = append(finite, x)
			if ax := math.Abs(x); ax != 0 {
				minAbs, maxAbs = min(minAbs, ax), max(maxAbs, ax)
			}
		}
	}
	if maxAbs > 0 {
		f.exp = maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs/minAbs > 1000
	}
	switch {
	case len(finite) == 0:
	case f.exp:
		maxFrac, maxExp := 0, 0
		for _, x := range finite {
			intPart, frac, exp := f.scientific(x)
			f.padLeft = max(f.padLeft, len(intPart))
			maxFrac, maxExp = max(maxFrac, len(frac)), max(maxExp, len(exp)-1)
		}
		f.prec, f.minDigits, f.expDigits = maxFrac, maxFrac, maxExp
		f.padRight = f.expDigits + 2 + f.prec
	default:
		for _, x := range finite {
			intPart, frac := f.positional(x)
			f.padLeft, f.padRight = max(f.padLeft, len(intPart)), max(f.padRight, len(frac))
		}
	}
	if len(finite) < len(xs) {
		inf := 3
		if negInf {
			inf++
		}
		f.padLeft = max(f.padLeft, 3-(f.padRight+1), inf-(f.padRight+1))
	}
	return f
}

// positional returns x's integer part (with its sign) and fractional
// digits (see digits).
func (f *floatFormat) positional(x float64) (intPart, frac string) {
	s := f.digits(x, 'f')
	intPart, frac, _ = strings.Cut(s, ".")
	return f.sign(x, intPart), frac
}

// digits formats x in strconv's format 'f' or 'e' with the shortest digits
// that identify it, rounded to at most f.prec fractional digits (trailing
// zeros dropped) and carried on to at least f.minDigits, as NumPy's
// Dragon4 does in its unique mode.
func (f *floatFormat) digits(x float64, format byte) string {
	s := strconv.FormatFloat(x, format, -1, f.bits)
	mant, _, _ := strings.Cut(s, "e")
	if fracLen(mant) > f.prec {
		s = strconv.FormatFloat(x, format, f.prec, f.bits)
		if f.prec > 0 {
			mant, exp, isExp := strings.Cut(s, "e")
			s = strings.TrimRight(mant, "0")
			if isExp {
				s += "e" + exp
			}
		}
		mant, _, _ = strings.Cut(s, "e")
	}
	if fracLen(mant) < f.minDigits {
		s = strconv.FormatFloat(x, format, f.minDigits, f.bits)
	}
	return s
}

// scientific returns the integer part and fractional digits of x's
// mantissa in scientific notation (see digits), and its exponent as "+05".
func (f *floatFormat) scientific(x float64) (intPart, frac, exp string) {
	mant, exp, _ := strings.Cut(f.digits(x, 'e'), "e")
	intPart, frac, _ = strings.Cut(mant, ".")
	return f.sign(x, intPart), frac, exp
}

// fracLen counts the digits after the point in a formatted number.
func fracLen(s string) int {
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// sign adds the plus sign to a non-negative integer part when f asks for it.
func (f *floatFormat) sign(x float64, intPart string) string {
	if f.plus && !math.Signbit(x) {
		return "+" + intPart
	}
	return intPart
}

// format lays out one element.
func (f *floatFormat) format(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		s := "nan"
		switch {
		case math.IsInf(x, -1):
			s = "-inf"
		case math.IsInf(x, 1) && f.plus:
			s = "+inf"
		case math.IsInf(x, 1):
			s = "inf"
		case f.plus:
			s = "+nan"
		}
		return pad(s, f.padLeft+f.padRight+1)
	}
	if f.exp {
		intPart, frac, exp := f.scientific(x)
		sign, digits := exp[:1], exp[1:]
		if n := f.expDigits - len(digits); n > 0 {
			digits = strings.Repeat("0", n) + digits
		}
		return pad(intPart, f.padLeft) + "." + frac + "e" + sign + digits
	}
	intPart, frac := f.positional(x)
	return pad(intPart, f.padLeft) + "." + frac + strings.Repeat(" ", max(f.padRight-len(frac), 0))
}

// pad right-aligns s in n columns.
func pad(s string, n int) string {
	return strings.Repeat(" ", max(n-len(s), 0)) + s
}
