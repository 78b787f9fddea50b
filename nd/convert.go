package nd

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"
)

// ErrCast is wrapped by every error about converting elements from one
// kind to another: a cast the Casting rule forbids, and a value the
// destination kind cannot hold (NaN, ±Inf or an out-of-range number to an
// integer kind; an integer that does not fit, unless the casting is
// Unsafe).
var ErrCast = errors.New("nd: cannot cast")

// Casting is the rule that decides which conversions Cast makes, after
// NumPy's casting argument.
//
// Element-wise operations in package ops are generic over one element kind,
// so adding an int32 array to a float64 array does not compile: the caller
// converts first, and picks the result kind by doing so. NumPy's promotion
// (np.result_type) gives the kind to convert to: two integers of one
// signedness → the wider; a signed and an unsigned integer → the signed
// kind wider than both (int64 for int64 and uint64 is float64 in NumPy); an
// integer and a float → float64, except int8/int16/uint8/uint16 with
// float32 → float32; anything with a complex → the complex kind wide
// enough for both. For example NumPy's a_int32 + b_float64 is
//
//	af, err := nd.Convert[float64](a) // int32 → float64 is Safe
//	sum, err := ops.Add(af, b)
type Casting int

const (
	// SameKind allows every Safe conversion and conversions to a smaller
	// kind of the same family or to a later family (unsigned → signed →
	// float → complex), as NumPy's "same_kind": int64 → int8 and float64
	// → float32 are allowed, float → int and complex → real are not.
	// Unlike NumPy, an integer that does not fit the destination is an
	// error instead of wrapping around. It is the zero value, and the
	// rule Convert uses.
	SameKind Casting = iota
	// Safe allows only conversions that keep every value, as NumPy's
	// "safe": int32 → int64, uint8 → int16, int32 → float64, float32 →
	// complex64.
	Safe
	// Unsafe allows every conversion, as NumPy's "unsafe": integers wrap
	// around as NumPy's (and Go's) conversions do, floats truncate toward
	// zero into integers, complex numbers lose their imaginary part. NaN,
	// ±Inf and floats outside the integer kind's range are still errors,
	// where NumPy's result depends on the machine.
	Unsafe
)

// String is NumPy's name for the rule.
func (c Casting) String() string {
	switch c {
	case SameKind:
		return "same_kind"
	case Safe:
		return "safe"
	case Unsafe:
		return "unsafe"
	}
	return fmt.Sprintf("Casting(%d)", int(c))
}

// dtype is an element kind as NumPy sees it: 'i', 'u', 'f' or 'c', and
// the size in bytes.
type dtype struct {
	kind byte
	size int
	rk   reflect.Kind
}

// dtypeOf describes T; named kinds (type Celsius float64) describe as
// their base kind.
func dtypeOf[T Number]() dtype {
	rk := reflect.TypeFor[T]().Kind()
	d := dtype{size: sizeOf[T](), rk: rk}
	switch rk {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.kind = 'i'
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.kind = 'u'
	case reflect.Float32, reflect.Float64:
		d.kind = 'f'
	default:
		d.kind = 'c'
	}
	return d
}

// String is NumPy's short name: int8, uint64, float32, complex128.
func (d dtype) String() string {
	name := map[byte]string{'i': "int", 'u': "uint", 'f': "float", 'c': "complex"}[d.kind]
	return fmt.Sprintf("%s%d", name, 8*d.size)
}

// floatFor is the size of the smallest float NumPy holds an integer of
// size bytes in exactly: float32 for 1- and 2-byte integers, float64 for
// the rest (NumPy counts int64 → float64 as safe).
func floatFor(size int) int {
	if size <= 2 {
		return 4
	}
	return 8
}

// safeCast is NumPy's can_cast(from, to, "safe") for the kinds numgo has.
func safeCast(from, to dtype) bool {
	switch from.kind {
	case 'i', 'u':
		switch to.kind {
		case 'i':
			if from.kind == 'u' {
				return to.size > from.size
			}
			return to.size >= from.size
		case 'u':
			return from.kind == 'u' && to.size >= from.size
		case 'f':
			return to.size >= floatFor(from.size)
		case 'c':
			return to.size >= 2*floatFor(from.size)
		}
	case 'f':
		return to.kind == 'f' && to.size >= from.size || to.kind == 'c' && to.size >= 2*from.size
	case 'c':
		return to.kind == 'c' && to.size >= from.size
	}
	return false
}

// kindRank orders the families for SameKind: unsigned, signed, float,
// complex.
func kindRank(k byte) int {
	return map[byte]int{'u': 1, 'i': 2, 'f': 3, 'c': 4}[k]
}

func canCast(from, to dtype, c Casting) bool {
	switch c {
	case Unsafe:
		return true
	case Safe:
		return safeCast(from, to)
	case SameKind:
		return safeCast(from, to) || kindRank(to.kind) >= kindRank(from.kind)
	}
	return false
}

// CanCast reports whether Cast converts elements of S to D under rule c,
// as NumPy's can_cast(S, D, casting) answers. Values are checked only when
// the conversion runs: CanCast[int8, int64](nd.SameKind) is true, and
// converting 300 still fails.
//
//	nd.CanCast[float32, float64](nd.Safe) // false: float64 → float32 loses precision
func CanCast[D, S Number](c Casting) bool { return canCast(dtypeOf[S](), dtypeOf[D](), c) }

// Convert returns a's elements converted to D in a new array from the
// options' allocator: Cast with the SameKind rule. The new array keeps a's
// layout when a is column-major (NumPy's order="K"), unless the options set
// one; it is row-major otherwise.
//
//	f, err := nd.Convert[float64](counts) // int32 → float64
//	i, err := nd.Convert[int8](wide)      // int64 → int8; a value outside -128..127 is an error
func Convert[D, S Number](a *Array[S], opts ...Option) (*Array[D], error) {
	return cast[D]("Convert", a, SameKind, opts)
}

// ConvertInto writes a's elements converted to D into dst, which must have
// a's shape: CastInto with the SameKind rule.
func ConvertInto[D, S Number](dst *Array[D], a *Array[S]) error {
	return castInto("ConvertInto", dst, a, SameKind)
}

// Cast returns a's elements converted to D under rule c, in a new array
// from the options' allocator, laid out as Convert's. What each rule
// allows is Casting's doc; values are checked before anything is
// allocated: an error names the first element that does not convert and
// leaves nothing allocated.
//
//	i, err := nd.Cast[int32](x, nd.Unsafe) // float64 → int32, truncating toward zero
func Cast[D, S Number](a *Array[S], c Casting, opts ...Option) (*Array[D], error) {
	return cast[D]("Cast", a, c, opts)
}

// CastInto writes a's elements converted to D under rule c into dst, which
// must have a's shape and must not overlap it. Everything is checked
// before anything is written; it allocates nothing.
func CastInto[D, S Number](dst *Array[D], a *Array[S], c Casting) error {
	return castInto("CastInto", dst, a, c)
}

func cast[D, S Number](name string, a *Array[S], c Casting, opts []Option) (*Array[D], error) {
	if err := a.Err(); err != nil {
		return nil, fmt.Errorf("nd: %s: %w", name, err)
	}
	if err := checkCast[D](a, c); err != nil {
		return nil, fmt.Errorf("nd: %s: %w", name, err)
	}
	d, err := newArray[D](a.shape, newConfig(keepOrder(a.layout, opts)...))
	if err != nil {
		return nil, fmt.Errorf("nd: %s: %w", name, err)
	}
	castElems(d, a)
	return d, nil
}

func castInto[D, S Number](name string, dst *Array[D], a *Array[S], c Casting) error {
	if err := a.Err(); err != nil {
		return fmt.Errorf("nd: %s: a: %w", name, err)
	}
	if err := writableErr(dst); err != nil {
		return fmt.Errorf("nd: %s: %w", name, err)
	}
	if !equalShapes(dst.shape, a.shape) {
		return fmt.Errorf("nd: %s: %w: dst has shape %v, a has shape %v", name, ErrShape, dst.shape, a.shape)
	}
	if err := checkCast[D](a, c); err != nil {
		return fmt.Errorf("nd: %s: %w", name, err)
	}
	castElems(dst, a)
	return nil
}

// writableErr returns the reason dst cannot be written: its memory was
// released, or is read-only.
func writableErr[T Number](dst *Array[T]) error {
	if err := dst.Err(); err != nil {
		return fmt.Errorf("dst: %w", err)
	}
	if err := dst.Writable(); err != nil {
		return fmt.Errorf("dst: %w", err)
	}
	return nil
}

// keepOrder puts a layout option for l first in opts when l is ColMajor,
// so that a result keeps a column-major source's order unless the caller's
// options say otherwise.
func keepOrder(l Layout, opts []Option) []Option {
	if l != ColMajor {
		return opts
	}
	return append([]Option{WithLayout(ColMajor)}, opts...)
}

// checkCast returns an error wrapping ErrCast when rule c forbids S → D,
// or when an element of a does not convert: NaN, ±Inf or an out-of-range
// float (or complex real part) to an integer kind under any rule, and an
// integer that does not fit under SameKind.
func checkCast[D, S Number](a *Array[S], c Casting) error {
	from, to := dtypeOf[S](), dtypeOf[D]()
	if !canCast(from, to, c) {
		hint := "Cast with nd.Unsafe converts it anyway"
		if c == Unsafe {
			hint = fmt.Sprintf("unknown casting rule %d", int(c))
		}
		return fmt.Errorf("%w: %v to %v under %v casting; %s", ErrCast, from, to, c, hint)
	}
	if to.kind != 'i' && to.kind != 'u' {
		return nil
	}
	if (from.kind == 'i' || from.kind == 'u') && (c == Unsafe || safeCast(from, to)) {
		return nil // wraps, as NumPy, or always fits
	}
	r, find := rangeOf(to), findBad(from.rk)
	data := unsafe.Pointer(unsafe.SliceData(a.data))
	pos := -1
	walkRows(a.shape, a.strides, a.strides, a.off, a.off, true, func(row, off, st, _, _, n int) bool {
		if i := find(data, off, st, n, r); i >= 0 {
			pos = row*n + i
			return false
		}
		return true
	})
	if pos < 0 {
		return nil
	}
	idx := unravel(pos, a.shape)
	return fmt.Errorf("%w: a%v = %v does not fit %v", ErrCast, idx, a.At(idx...), to)
}

// intRange is an integer kind's range: [lo, hi] for integers, [lo, hiEx)
// for floats truncated toward zero (hiEx is a power of two, exact).
type intRange struct {
	lo   int64
	hi   uint64
	flo  float64
	fhiX float64
}

func rangeOf(d dtype) intRange {
	bits := 8 * d.size
	if d.kind == 'u' {
		return intRange{lo: 0, hi: math.MaxUint64 >> (64 - bits), flo: 0, fhiX: math.Ldexp(1, bits)}
	}
	return intRange{lo: -1 << (bits - 1), hi: 1<<(bits-1) - 1, flo: -math.Ldexp(1, bits-1), fhiX: math.Ldexp(1, bits-1)}
}

// badFinder returns the position in a row of n elements (from element off
// of data, with the row's stride) of the first one outside r, or -1.
type badFinder func(data unsafe.Pointer, off, stride, n int, r intRange) int

func findBad(k reflect.Kind) badFinder {
	switch k {
	case reflect.Int:
		return findSigned[int]
	case reflect.Int8:
		return findSigned[int8]
	case reflect.Int16:
		return findSigned[int16]
	case reflect.Int32:
		return findSigned[int32]
	case reflect.Int64:
		return findSigned[int64]
	case reflect.Uint:
		return findUnsigned[uint]
	case reflect.Uint8:
		return findUnsigned[uint8]
	case reflect.Uint16:
		return findUnsigned[uint16]
	case reflect.Uint32:
		return findUnsigned[uint32]
	case reflect.Uint64:
		return findUnsigned[uint64]
	case reflect.Float32:
		return findFloat[float32]
	case reflect.Float64:
		return findFloat[float64]
	case reflect.Complex64:
		return findComplex64
	}
	return findComplex128
}

// at is the element i steps of stride from element off of data.
func at[T any](data unsafe.Pointer, off, stride, i int) T {
	return *(*T)(unsafe.Add(data, (off+i*stride)*int(unsafe.Sizeof(*new(T)))))
}

func findSigned[S ~int | ~int8 | ~int16 | ~int32 | ~int64](data unsafe.Pointer, off, st, n int, r intRange) int {
	for i := range n {
		v := int64(at[S](data, off, st, i))
		if v < r.lo || v > 0 && uint64(v) > r.hi {
			return i
		}
	}
	return -1
}

func findUnsigned[S ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](data unsafe.Pointer, off, st, n int, r intRange) int {
	for i := range n {
		if uint64(at[S](data, off, st, i)) > r.hi {
			return i
		}
	}
	return -1
}

// outside reports whether f, truncated toward zero, is NaN, infinite or
// outside r.
func (r intRange) outside(f float64) bool {
	t := math.Trunc(f)
	return !(t >= r.flo && t < r.fhiX) // NaN compares false
}

func findFloat[S ~float32 | ~float64](data unsafe.Pointer, off, st, n int, r intRange) int {
	for i := range n {
		if r.outside(float64(at[S](data, off, st, i))) {
			return i
		}
	}
	return -1
}

func findComplex64(data unsafe.Pointer, off, st, n int, r intRange) int {
	for i := range n {
		if r.outside(float64(real(at[complex64](data, off, st, i)))) {
			return i
		}
	}
	return -1
}

func findComplex128(data unsafe.Pointer, off, st, n int, r intRange) int {
	for i := range n {
		if r.outside(real(at[complex128](data, off, st, i))) {
			return i
		}
	}
	return -1
}

// castElems converts every element of a into dst (same shape, checked).
func castElems[D, S Number](dst *Array[D], a *Array[S]) {
	if a.size == 0 {
		return
	}
	f := castFunc(dtypeOf[D]().rk, dtypeOf[S]().rk)
	dp, sp := unsafe.Pointer(unsafe.SliceData(dst.data)), unsafe.Pointer(unsafe.SliceData(a.data))
	walkRows(a.shape, dst.strides, a.strides, dst.off, a.off, false, func(_, doff, ds, soff, ss, n int) bool {
		f(dp, doff, ds, sp, soff, ss, n)
		return true
	})
}

// castFn converts n elements, reading from element soff of s with stride
// ss and writing from element doff of d with stride ds.
type castFn func(d unsafe.Pointer, doff, ds int, s unsafe.Pointer, soff, ss, n int)

func castFunc(dk, sk reflect.Kind) castFn {
	switch dk {
	case reflect.Int:
		return realFrom[int](sk)
	case reflect.Int8:
		return realFrom[int8](sk)
	case reflect.Int16:
		return realFrom[int16](sk)
	case reflect.Int32:
		return realFrom[int32](sk)
	case reflect.Int64:
		return realFrom[int64](sk)
	case reflect.Uint:
		return realFrom[uint](sk)
	case reflect.Uint8:
		return realFrom[uint8](sk)
	case reflect.Uint16:
		return realFrom[uint16](sk)
	case reflect.Uint32:
		return realFrom[uint32](sk)
	case reflect.Uint64:
		return realFrom[uint64](sk)
	case reflect.Float32:
		return realFrom[float32](sk)
	case reflect.Float64:
		return realFrom[float64](sk)
	case reflect.Complex64:
		return complexFrom(sk, func(re, im float32) complex64 { return complex(re, im) })
	}
	return complexFrom(sk, func(re, im float64) complex128 { return complex(re, im) })
}

func realFrom[D Real](sk reflect.Kind) castFn {
	switch sk {
	case reflect.Int:
		return realToReal[D, int]
	case reflect.Int8:
		return realToReal[D, int8]
	case reflect.Int16:
		return realToReal[D, int16]
	case reflect.Int32:
		return realToReal[D, int32]
	case reflect.Int64:
		return realToReal[D, int64]
	case reflect.Uint:
		return realToReal[D, uint]
	case reflect.Uint8:
		return realToReal[D, uint8]
	case reflect.Uint16:
		return realToReal[D, uint16]
	case reflect.Uint32:
		return realToReal[D, uint32]
	case reflect.Uint64:
		return realToReal[D, uint64]
	case reflect.Float32:
		return realToReal[D, float32]
	case reflect.Float64:
		return realToReal[D, float64]
	case reflect.Complex64:
		return mapElems(func(v complex64) D { return D(real(v)) })
	}
	return mapElems(func(v complex128) D { return D(real(v)) })
}

// complexFrom converts to a complex kind C made by mk from two parts of
// kind F; each real source converts to F in one rounding.
func complexFrom[C Complex, F Float](sk reflect.Kind, mk func(re, im F) C) castFn {
	switch sk {
	case reflect.Int:
		return mapElems(func(v int) C { return mk(F(v), 0) })
	case reflect.Int8:
		return mapElems(func(v int8) C { return mk(F(v), 0) })
	case reflect.Int16:
		return mapElems(func(v int16) C { return mk(F(v), 0) })
	case reflect.Int32:
		return mapElems(func(v int32) C { return mk(F(v), 0) })
	case reflect.Int64:
		return mapElems(func(v int64) C { return mk(F(v), 0) })
	case reflect.Uint:
		return mapElems(func(v uint) C { return mk(F(v), 0) })
	case reflect.Uint8:
		return mapElems(func(v uint8) C { return mk(F(v), 0) })
	case reflect.Uint16:
		return mapElems(func(v uint16) C { return mk(F(v), 0) })
	case reflect.Uint32:
		return mapElems(func(v uint32) C { return mk(F(v), 0) })
	case reflect.Uint64:
		return mapElems(func(v uint64) C { return mk(F(v), 0) })
	case reflect.Float32:
		return mapElems(func(v float32) C { return mk(F(v), 0) })
	case reflect.Float64:
		return mapElems(func(v float64) C { return mk(F(v), 0) })
	case reflect.Complex64:
		return mapElems(func(v complex64) C { return mk(F(real(v)), F(imag(v))) })
	}
	return mapElems(func(v complex128) C { return mk(F(real(v)), F(imag(v))) })
}

// realToReal is Go's conversion, which is NumPy's for every pair of real
// kinds in range: integers wrap, floats truncate toward zero and round to
// nearest even into a float.
func realToReal[D, S Real](d unsafe.Pointer, doff, ds int, s unsafe.Pointer, soff, ss, n int) {
	if ds == 1 && ss == 1 {
		dd := unsafe.Slice((*D)(d), doff+n)[doff:]
		sd := unsafe.Slice((*S)(s), soff+n)[soff:]
		for i, v := range sd {
			dd[i] = D(v)
		}
		return
	}
	for i := range n {
		*(*D)(unsafe.Add(d, (doff+i*ds)*int(unsafe.Sizeof(D(0))))) = D(at[S](s, soff, ss, i))
	}
}

// mapElems makes a castFn from a conversion of one element.
func mapElems[D, S any](f func(S) D) castFn {
	return func(d unsafe.Pointer, doff, ds int, s unsafe.Pointer, soff, ss, n int) {
		size := int(unsafe.Sizeof(*new(D)))
		for i := range n {
			*(*D)(unsafe.Add(d, (doff+i*ds)*size)) = f(at[S](s, soff, ss, i))
		}
	}
}
