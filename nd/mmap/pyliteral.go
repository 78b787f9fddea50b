package mmap

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A .npy header is a Python literal; pyParser reads the part of Python's
// literal syntax that headers use: dicts, tuples, lists, strings, ints,
// True, False and None. Values come out as pyDict, pyTuple, pyList, string,
// int64, bool and nil.
type (
	pyDict  map[string]any
	pyTuple []any
	pyList  []any
)

type pyParser struct {
	s     string
	i     int
	depth int
	longs bool // accept Python 2's long suffix (12L), as NumPy does for versions 1.0 and 2.0
}

// maxDepth bounds nesting, so no input can exhaust the stack.
const maxDepth = 64

var errEnd = errors.New("unexpected end")

func (p *pyParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

// rest is a short excerpt of the input from the current position.
func (p *pyParser) rest() string { return clip(p.s[p.i:]) }

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

func (p *pyParser) value() (any, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, errEnd
	}
	switch c := p.s[p.i]; {
	case c == '{' || c == '(' || c == '[':
		if p.depth++; p.depth > maxDepth {
			return nil, fmt.Errorf("nested more than %d deep", maxDepth)
		}
		defer func() { p.depth-- }()
		p.i++
		if c == '{' {
			return p.dict()
		}
		close := byte(')')
		if c == '[' {
			close = ']'
		}
		items, trailing, err := p.items(close)
		switch {
		case err != nil:
			return nil, err
		case c == '[':
			return pyList(items), nil
		case len(items) == 1 && !trailing: // (x) is x, not a tuple
			return items[0], nil
		}
		return pyTuple(items), nil
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c == '+' || c >= '0' && c <= '9':
		return p.integer()
	}
	for word, v := range map[string]any{"True": true, "False": false, "None": nil} {
		if strings.HasPrefix(p.s[p.i:], word) && !p.identAt(p.i+len(word)) {
			p.i += len(word)
			return v, nil
		}
	}
	return nil, fmt.Errorf("unexpected %q", p.rest())
}

// identAt reports whether an identifier character is at i.
func (p *pyParser) identAt(i int) bool {
	if i >= len(p.s) {
		return false
	}
	c := p.s[i]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// items reads comma-separated values up to close; trailing reports a comma
// after the last one.
func (p *pyParser) items(close byte) (items []any, trailing bool, err error) {
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, false, errEnd
		}
		if p.s[p.i] == close {
			p.i++
			return items, trailing, nil
		}
		if len(items) > 0 && !trailing {
			return nil, false, fmt.Errorf("want ',' or %q at %q", close, p.rest())
		}
		v, err := p.value()
		if err != nil {
			return nil, false, err
		}
		items = append(items, v)
		p.space()
		trailing = p.i < len(p.s) && p.s[p.i] == ','
		if trailing {
			p.i++
		}
	}
}

func (p *pyParser) dict() (any, error) {
	d := pyDict{}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errEnd
		}
		if p.s[p.i] == '}' {
			p.i++
			return d, nil
		}
		k, err := p.value()
		if err != nil {
			return nil, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", k)
		}
		if _, dup := d[key]; dup {
			return nil, fmt.Errorf("dict key %q given twice", key)
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("want ':' after key %q", key)
		}
		p.i++
		if d[key], err = p.value(); err != nil {
			return nil, err
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		} else if p.i < len(p.s) && p.s[p.i] != '}' {
			return nil, fmt.Errorf("want ',' or '}' at %q", p.rest())
		}
	}
}

func (p *pyParser) str() (any, error) {
	q := p.s[p.i]
	var b strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\n':
			return nil, errors.New("newline inside a string")
		case c == '\\':
			if p.i++; p.i >= len(p.s) {
				return nil, errEnd
			}
			e, ok := map[byte]byte{'\\': '\\', '\'': '\'', '"': '"', 'n': '\n', 't': '\t'}[p.s[p.i]]
			if !ok {
				return nil, fmt.Errorf("unsupported escape \\%c in a string", p.s[p.i])
			}
			b.WriteByte(e)
		default:
			b.WriteByte(c)
		}
	}
	return nil, errEnd
}

func (p *pyParser) integer() (any, error) {
	start := p.i
	if c := p.s[p.i]; c == '-' || c == '+' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if p.i == digits {
		return nil, fmt.Errorf("unexpected %q", clip(p.s[start:]))
	}
	text := p.s[start:p.i]
	if p.longs && p.i < len(p.s) && (p.s[p.i] == 'L' || p.s[p.i] == 'l') {
		p.i++
	}
	if p.identAt(p.i) || p.i < len(p.s) && p.s[p.i] == '.' {
		return nil, fmt.Errorf("%q is not an int", clip(p.s[start:]))
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("int %s out of range", text)
	}
	return n, nil
}

// sortedKeys lists a dict's keys in order, for messages.
func sortedKeys(d pyDict) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
