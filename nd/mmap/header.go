package mmap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/numgo/numgo/nd"
)

// The .npy format, as NumPy's numpy/lib/format.py defines it: a magic
// string, a version, the header's length (2 bytes in version 1.0, 4 in 2.0
// and 3.0) and a Python dict literal with the keys descr, fortran_order and
// shape, padded with spaces and a newline so the data starts at a multiple
// of 64 bytes.
const (
	magicPrefix = "\x93NUMPY"
	magicLen    = len(magicPrefix) + 2
	// arrayAlign is NumPy's ARRAY_ALIGN: the data offset is a multiple of it.
	arrayAlign = 64
	// growthDigits is NumPy's GROWTH_AXIS_MAX_DIGITS: the header leaves room
	// for the growth axis's length to reach this many digits, so appending
	// rewrites the header in place.
	growthDigits = 21
	// MaxHeaderSize is NumPy's max_header_size: a header of more
	// characters is refused, as NumPy's np.load refuses it.
	MaxHeaderSize = 10000
)

// layout is the nd layout of the header's data order.
func (h *header) layout() nd.Layout {
	if h.fortran {
		return nd.ColMajor
	}
	return nd.RowMajor
}

// header is a parsed .npy header.
type header struct {
	major, minor byte
	descr        string
	fortran      bool
	shape        []int
	size         int   // elements
	dataOffset   int64 // bytes before the data: magic, length and header
}

// encodeHeader returns the bytes of a .npy header for descr, fortran and
// shape, with NumPy's padding: room for the growth axis (axis 0, or the
// last axis of a Fortran-order array) to reach 21 digits, and spaces and a
// newline up to a multiple of 64 bytes. With major 0 it uses the oldest
// format version that can hold the header (1.0, then 2.0 for a header over
// 65,535 bytes, then 3.0 for characters outside latin-1); the result is
// then what NumPy's np.save writes, byte for byte. With major 1, 2 or 3 it
// uses that version; ok is false when the header does not fit it.
func encodeHeader(descr string, fortran bool, shape []int, major byte) (b []byte, ok bool) {
	var d strings.Builder
	fmt.Fprintf(&d, "{'descr': %s, 'fortran_order': %s, 'shape': %s, }", pyString(descr), pyBool(fortran), pyShape(shape))
	if len(shape) > 0 {
		g := shape[0]
		if fortran {
			g = shape[len(shape)-1]
		}
		d.WriteString(strings.Repeat(" ", max(0, growthDigits-len(strconv.Itoa(g)))))
	}
	text := d.String()
	l, isLatin1 := latin1(text)
	switch {
	case major == 3 || major == 0 && !isLatin1:
		return wrapHeader([]byte(text), 3)
	case !isLatin1:
		return nil, false
	case major != 0:
		return wrapHeader(l, major)
	}
	if b, ok := wrapHeader(l, 1); ok {
		return b, true
	}
	return wrapHeader(l, 2)
}

// wrapHeader prefixes the encoded dict h with the magic, version major.0
// and length, and pads it to a multiple of arrayAlign as NumPy's
// _wrap_header does (1 to 64 spaces, then a newline). ok is false when the
// length does not fit version 1.0's two bytes.
func wrapHeader(h []byte, major byte) (b []byte, ok bool) {
	lenSize := 4
	if major == 1 {
		lenSize = 2
	}
	hlen := len(h) + 1
	pad := arrayAlign - (magicLen+lenSize+hlen)%arrayAlign
	total := hlen + pad
	if major == 1 && total > math.MaxUint16 || int64(total) > math.MaxUint32 {
		return nil, false
	}
	b = make([]byte, 0, magicLen+lenSize+total)
	b = append(b, magicPrefix...)
	b = append(b, major, 0)
	if major == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(total))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(total))
	}
	b = append(b, h...)
	b = append(b, bytes.Repeat([]byte{' '}, pad)...)
	return append(b, '\n'), true
}

// latin1 encodes s in latin-1, as NumPy encodes headers of versions 1.0
// and 2.0; ok is false when s has a character outside it.
func latin1(s string) (b []byte, ok bool) {
	b = make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// pyString is Python's repr of a str without quotes or backslashes in it,
// which is all a descr holds.
func pyString(s string) string { return "'" + s + "'" }

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// pyShape is Python's repr of a tuple of ints: (), (5,), (3, 4).
func pyShape(shape []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// readHeader reads and checks a .npy header from r, leaving r at the first
// byte of data. Every malformed header is an error wrapping ErrFormat that
// says what was found, as NumPy's own checks do.
func readHeader(r io.Reader) (*header, error) {
	var m [magicLen]byte
	if n, err := io.ReadFull(r, m[:]); err != nil {
		return nil, fmt.Errorf("%w: %d bytes where the %d-byte magic string \\x93NUMPY and version belong", ErrFormat, n, magicLen)
	}
	if string(m[:len(magicPrefix)]) != magicPrefix {
		return nil, fmt.Errorf("%w: the magic string is %q, want %q", ErrFormat, m[:len(magicPrefix)], magicPrefix)
	}
	h := &header{major: m[magicLen-2], minor: m[magicLen-1]}
	if h.minor != 0 || h.major < 1 || h.major > 3 {
		return nil, fmt.Errorf("%w: format version (%d, %d); only (1, 0), (2, 0) and (3, 0) exist", ErrFormat, h.major, h.minor)
	}
	lenSize := 4
	if h.major == 1 {
		lenSize = 2
	}
	var lb [4]byte
	if n, err := io.ReadFull(r, lb[:lenSize]); err != nil {
		return nil, fmt.Errorf("%w: version %d.0 file ends %d bytes into the %d-byte header length", ErrFormat, h.major, n, lenSize)
	}
	hlen := int64(binary.LittleEndian.Uint32(lb[:]))
	// Even in UTF-8 a header of MaxHeaderSize characters takes at most
	// four bytes each; refuse longer ones before reading them.
	if hlen > 4*MaxHeaderSize {
		return nil, fmt.Errorf("%w: header of %d bytes, over the %d characters NumPy's max_header_size allows", ErrFormat, hlen, MaxHeaderSize)
	}
	raw := make([]byte, hlen)
	if n, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("%w: header length %d runs past the end of the file (%d bytes of it present)", ErrFormat, hlen, n)
	}
	h.dataOffset = int64(magicLen+lenSize) + hlen
	var text string
	switch {
	case h.major < 3:
		text = latin1Decode(raw)
	case !utf8.Valid(raw):
		return nil, fmt.Errorf("%w: version 3.0 header is not valid UTF-8", ErrFormat)
	default:
		text = string(raw)
	}
	if n := utf8.RuneCountInString(text); n > MaxHeaderSize {
		return nil, fmt.Errorf("%w: header of %d characters, over the %d NumPy's max_header_size allows", ErrFormat, n, MaxHeaderSize)
	}
	if err := h.parseDict(text); err != nil {
		return nil, err
	}
	return h, nil
}

func latin1Decode(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// parseDict fills h from the header's dict literal and checks it as
// NumPy's _read_array_header does: exactly the keys descr, fortran_order
// and shape; shape a tuple of non-negative ints; fortran_order a bool;
// descr a string (a list describes a structured dtype, which numgo has no
// element type for).
func (h *header) parseDict(text string) error {
	p := &pyParser{s: text, longs: h.major <= 2}
	v, err := p.value()
	if err == nil {
		p.space()
		if p.i < len(p.s) {
			err = fmt.Errorf("unexpected %q after the dict", p.rest())
		}
	}
	if err != nil {
		return fmt.Errorf("%w: header %q is not a Python literal: %w", ErrFormat, clip(text), err)
	}
	d, ok := v.(pyDict)
	if !ok {
		return fmt.Errorf("%w: header is not a dictionary: %q", ErrFormat, clip(text))
	}
	_, hasDescr := d["descr"]
	_, hasOrder := d["fortran_order"]
	_, hasShape := d["shape"]
	if len(d) != 3 || !hasDescr || !hasOrder || !hasShape {
		return fmt.Errorf("%w: header keys are %q, want exactly descr, fortran_order and shape", ErrFormat, sortedKeys(d))
	}
	shape, ok := d["shape"].(pyTuple)
	if !ok {
		return fmt.Errorf("%w: shape is not a tuple of ints: %v", ErrFormat, d["shape"])
	}
	h.shape = make([]int, len(shape))
	h.size = 1
	for i, x := range shape {
		n, ok := x.(int64)
		if !ok || n < 0 || n > math.MaxInt {
			return fmt.Errorf("%w: shape %v: dimension %d is %v, want a non-negative int", ErrFormat, shape, i, x)
		}
		h.shape[i] = int(n)
		if h.size != 0 && int(n) > math.MaxInt/h.size {
			return fmt.Errorf("%w: shape %v has more elements than this machine can address", ErrFormat, shape)
		}
		h.size *= int(n)
	}
	fortran, ok := d["fortran_order"].(bool)
	if !ok {
		return fmt.Errorf("%w: fortran_order is not a bool: %v", ErrFormat, d["fortran_order"])
	}
	h.fortran = fortran
	switch descr := d["descr"].(type) {
	case string:
		h.descr = descr
	case pyList:
		return fmt.Errorf("%w: descr %v is a structured dtype; numgo arrays hold numbers only", ErrDType, descr)
	default:
		return fmt.Errorf("%w: descr is not a valid dtype descriptor: %v", ErrFormat, descr)
	}
	return nil
}
