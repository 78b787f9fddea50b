package mmap

import (
	"fmt"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/numgo/numgo/nd"
)

// nativeOrder is NumPy's byte-order character for this machine: '<' on
// every little-endian machine Go runs on.
var nativeOrder = func() byte {
	x := uint16(1)
	if *(*byte)(unsafe.Pointer(&x)) == 1 {
		return '<'
	}
	return '>'
}()

// kindOf returns NumPy's kind character and item size for T: 'i', 'u',
// 'f' or 'c'. Named types (type Celsius float64) map as their base kind.
func kindOf[T nd.Number]() (kind byte, size int) {
	var zero T
	size = int(unsafe.Sizeof(zero))
	switch reflect.TypeFor[T]().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return 'i', size
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return 'u', size
	case reflect.Float32, reflect.Float64:
		return 'f', size
	}
	return 'c', size
}

// descrOf is the descr NumPy writes for T: '<f8', '<i4', '|u1', '<c16'.
func descrOf[T nd.Number]() string {
	kind, size := kindOf[T]()
	order := nativeOrder
	if size == 1 {
		order = '|'
	}
	return string(order) + string(kind) + strconv.Itoa(size)
}

// checkDescr returns nil if a .npy descr holds elements of T in this
// machine's byte order, and otherwise an error wrapping ErrDType that says
// what the file holds and what was asked.
func checkDescr[T nd.Number](descr string) error {
	var zero T
	order, kind, size, ok := parseDescr(descr)
	if !ok {
		return fmt.Errorf("%w: dtype %q is not one numgo supports (integers, floats and complex numbers: '<i8', '<f8', '|u1', '<c16', ...)", ErrDType, descr)
	}
	if order != nativeOrder && order != '|' && order != '=' && size > 1 {
		return fmt.Errorf("%w: dtype %q is big-endian; numgo maps data in this machine's order %q (convert in NumPy with a.astype(a.dtype.newbyteorder('%c')))",
			ErrDType, descr, string(nativeOrder)+descr[1:], nativeOrder)
	}
	wantKind, wantSize := kindOf[T]()
	if kind != wantKind || size != wantSize {
		return fmt.Errorf("%w: file holds %q, asked for %T (%q)", ErrDType, descr, zero, descrOf[T]())
	}
	return nil
}

// parseDescr splits a simple dtype string such as '<f8' or 'i4' into its
// byte order ('|' when absent), kind and item size; ok is false for
// anything else, including kinds numgo has no type for (bool, strings,
// dates, objects).
func parseDescr(descr string) (order, kind byte, size int, ok bool) {
	s := descr
	order = '|'
	if len(s) > 0 && (s[0] == '<' || s[0] == '>' || s[0] == '|' || s[0] == '=') {
		order, s = s[0], s[1:]
	}
	if len(s) < 2 {
		return 0, 0, 0, false
	}
	kind = s[0]
	size, err := strconv.Atoi(s[1:])
	if err != nil || s[1] == '+' || s[1] == '-' {
		return 0, 0, 0, false
	}
	switch kind {
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'f':
		ok = size == 4 || size == 8
	case 'c':
		ok = size == 8 || size == 16
	}
	return order, kind, size, ok
}
