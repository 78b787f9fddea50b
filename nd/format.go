package nd

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// PrintThreshold is the size above which printing elides the middle of each
// axis, keeping PrintEdgeItems at each end, as NumPy does.
const (
	PrintThreshold = 1000
	PrintEdgeItems = 3
)

// Format prints the array as NumPy does: nested brackets, columns aligned,
// the middle of large arrays elided with "...". The verb and its flags apply
// to each element (%v, %.3f, %g, %d, ...); %#v adds a header with the type,
// shape and layout. An array whose memory was released prints the cause
// instead of its elements.
//
//	fmt.Printf("%.2f\n", a)
func (a *Array[T]) Format(s fmt.State, verb rune) {
	elem := fmt.FormatString(s, verb)
	if verb == 'v' && s.Flag('#') {
		fmt.Fprintf(s, "nd.Array[%T](shape %v, %v)\n", *new(T), a.shape, a.Layout())
		elem = "%v"
	}
	if err := a.Err(); err != nil {
		fmt.Fprintf(s, "<%v>", err)
		return
	}
	if a.size == 0 || a.data == nil {
		fmt.Fprint(s, strings.Repeat("[", max(len(a.shape), 1))+strings.Repeat("]", max(len(a.shape), 1)))
		return
	}
	p := printer[T]{a: a, elem: elem, elide: a.size > PrintThreshold}
	p.measure(0, a.off) // first pass: the widest element
	var b strings.Builder
	p.out = &b
	p.render(0, a.off)
	fmt.Fprint(s, b.String())
}

// String formats the array with %v.
func (a *Array[T]) String() string { return fmt.Sprint(a) }

type printer[T Number] struct {
	a     *Array[T]
	elem  string
	elide bool
	width int
	out   *strings.Builder
}

// shown lists the positions of an axis that are printed; -1 marks "...".
func (p *printer[T]) shown(d int) []int {
	if !p.elide || d <= 2*PrintEdgeItems {
		idx := make([]int, d)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := []int{}
	for i := range PrintEdgeItems {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := d - PrintEdgeItems; i < d; i++ {
		idx = append(idx, i)
	}
	return idx
}

func (p *printer[T]) format(off int) string {
	s := fmt.Sprintf(p.elem, p.a.data[off])
	p.width = max(p.width, utf8.RuneCountInString(s))
	return s
}

// measure formats every printed element once to find the column width.
func (p *printer[T]) measure(axis, off int) {
	if axis == len(p.a.shape) {
		p.format(off)
		return
	}
	for _, i := range p.shown(p.a.shape[axis]) {
		if i >= 0 {
			p.measure(axis+1, off+i*p.a.strides[axis])
		}
	}
}

func (p *printer[T]) render(axis, off int) {
	nd := len(p.a.shape)
	if axis == nd {
		s := p.format(off)
		p.out.WriteString(strings.Repeat(" ", p.width-utf8.RuneCountInString(s)))
		p.out.WriteString(s)
		return
	}
	p.out.WriteByte('[')
	// Between rows of this axis: a newline, one blank line per further
	// level of nesting, then indentation to this depth.
	sep := " "
	if axis < nd-1 {
		sep = strings.Repeat("\n", nd-axis-1) + strings.Repeat(" ", axis+1)
	}
	for k, i := range p.shown(p.a.shape[axis]) {
		if k > 0 {
			p.out.WriteString(sep)
		}
		if i < 0 {
			p.out.WriteString("...")
			continue
		}
		p.render(axis+1, off+i*p.a.strides[axis])
	}
	p.out.WriteByte(']')
}
