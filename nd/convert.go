package nd

import (
	"errors"
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
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
// (np.result_type) gives the kind to convert to:
//
//   - two integers of one signedness: the wider (int8, int32 → int32);
//   - a signed and an unsigned integer: the smallest signed kind that holds
//     both (int8, uint8 → int16; int32, uint32 → int64), but int64 and
//     uint64 → float64;
//   - an integer and a float: float32 for float32 with an integer of at
//     most 16 bits, float64 otherwise;
//   - anything and a complex: the complex kind whose parts hold the other
//     (complex64, int16 → complex64; complex64, int32 or float64 →
//     complex128).
//
// For example NumPy's a_int32 + b_float64 is float64:
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

// dtypeOf describes T by KindOf and its size; named kinds (type Celsius
// float64) describe as their base kind. rk is the sized reflect kind of
// that layout (int and uint as Int64 and Uint64 on 64-bit platforms, Int32
// and Uint32 on 32-bit ones), the token the conversion loops dispatch on.
func dtypeOf[T Number]() dtype {
	d := dtype{size: sizeOf[T]()}
	family := KindOf[T]()
	d.kind = map[Kind]byte{KindInt: 'i', KindUint: 'u', KindFloat: 'f', KindComplex: 'c'}[family]
	d.rk = sizedKinds[family][d.size]
	return d
}

// sizedKinds names the reflect kind of each family and size.
var sizedKinds = map[Kind]map[int]reflect.Kind{
	KindInt:     {1: reflect.Int8, 2: reflect.Int16, 4: reflect.Int32, 8: reflect.Int64},
	KindUint:    {1: reflect.Uint8, 2: reflect.Uint16, 4: reflect.Uint32, 8: reflect.Uint64},
	KindFloat:   {4: reflect.Float32, 8: reflect.Float64},
	KindComplex: {8: reflect.Complex64, 16: reflect.Complex128},
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
// must have a's shape. Everything is checked before anything is written.
// It allocates nothing unless dst overlaps a other than as the same
// elements (see Overlaps): a is then read from a copy.
func CastInto[D, S Number](dst *Array[D], a *Array[S], c Casting) error {
	return castInto("CastInto", dst, a, c)
}

func cast[D, S Number](name string, a *Array[S], c Casting, opts []Option) (*Array[D], error) {
	if err := a.Err(); err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	if err := checkCast[D](a, c); err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	d, err := newArray[D](a.shape, newConfig(keepOrder(a.layout, opts)...))
	if err != nil {
		return nil, errtext.Errorf("nd: %s: %w", name, err)
	}
	castElems(d, a)
	return d, nil
}

func castInto[D, S Number](name string, dst *Array[D], a *Array[S], c Casting) error {
	if err := a.Err(); err != nil {
		return errtext.Errorf("nd: %s: a: %w", name, err)
	}
	if err := writableErr(dst); err != nil {
		return errtext.Errorf("nd: %s: %w", name, err)
	}
	if !equalShapes(dst.shape, a.shape) {
		return errtext.Errorf("nd: %s: %w: dst has shape %v, a has shape %v", name, ErrShape, dst.shape, a.shape)
	}
	if err := checkCast[D](a, c); err != nil {
		return errtext.Errorf("nd: %s: %w", name, err)
	}
	src, copied, err := unaliased(dst, a, true)
	if err != nil {
		return errtext.Errorf("nd: %s: %w", name, err)
	}
	if copied {
		defer src.Free()
	}
	castElems(dst, src)
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
		if c != Safe && c != SameKind {
			hint = "the rule is none of Safe, SameKind and Unsafe"
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
	case reflect.Int8:
		return findSigned[int8]
	case reflect.Int16:
		return findSigned[int16]
	case reflect.Int32:
		return findSigned[int32]
	case reflect.Int64:
		return findSigned[int64]
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
	dk, sk := dtypeOf[D]().rk, dtypeOf[S]().rk
	dp, sp := unsafe.Pointer(unsafe.SliceData(dst.data)), unsafe.Pointer(unsafe.SliceData(a.data))
	walkRows(a.shape, dst.strides, a.strides, dst.off, a.off, false, func(_, doff, ds, soff, ss, n int) bool {
		castRow(dk, sk, row{dp, doff, ds, sp, soff, ss, n})
		return true
	})
}

// row is n elements to convert: read from element soff of s with stride
// ss, written from element doff of d with stride ds.
type row struct {
	d           unsafe.Pointer
	doff, ds    int
	s           unsafe.Pointer
	soff, ss, n int
}

// dst is the address of the i-th destination element of kind D.
func dstAt[D any](r row, i int) *D {
	return (*D)(unsafe.Add(r.d, (r.doff+i*r.ds)*int(unsafe.Sizeof(*new(D)))))
}

// castRow converts r from kind sk to kind dk. It dispatches with switches
// to direct calls, never through a func value, so a conversion costs no
// heap allocation.
func castRow(dk, sk reflect.Kind, r row) {
	switch dk {
	case reflect.Int8:
		castReal[int8](sk, r)
	case reflect.Int16:
		castReal[int16](sk, r)
	case reflect.Int32:
		castReal[int32](sk, r)
	case reflect.Int64:
		castReal[int64](sk, r)
	case reflect.Uint8:
		castReal[uint8](sk, r)
	case reflect.Uint16:
		castReal[uint16](sk, r)
	case reflect.Uint32:
		castReal[uint32](sk, r)
	case reflect.Uint64:
		castReal[uint64](sk, r)
	case reflect.Float32:
		castReal[float32](sk, r)
	case reflect.Float64:
		castReal[float64](sk, r)
	case reflect.Complex64:
		castComplex[complex64, float32](sk, r)
	default:
		castComplex[complex128, float64](sk, r)
	}
}

func castReal[D Real](sk reflect.Kind, r row) {
	switch sk {
	case reflect.Int8:
		realToReal[D, int8](r)
	case reflect.Int16:
		realToReal[D, int16](r)
	case reflect.Int32:
		realToReal[D, int32](r)
	case reflect.Int64:
		realToReal[D, int64](r)
	case reflect.Uint8:
		realToReal[D, uint8](r)
	case reflect.Uint16:
		realToReal[D, uint16](r)
	case reflect.Uint32:
		realToReal[D, uint32](r)
	case reflect.Uint64:
		realToReal[D, uint64](r)
	case reflect.Float32:
		realToReal[D, float32](r)
	case reflect.Float64:
		realToReal[D, float64](r)
	case reflect.Complex64:
		for i := range r.n {
			*dstAt[D](r, i) = D(real(at[complex64](r.s, r.soff, r.ss, i)))
		}
	default:
		for i := range r.n {
			*dstAt[D](r, i) = D(real(at[complex128](r.s, r.soff, r.ss, i)))
		}
	}
}

// castComplex converts to a complex kind C of parts F: a real source goes to
// the real part through castReal (one rounding), the imaginary part is zero.
func castComplex[C Complex, F Float](sk reflect.Kind, r row) {
	switch sk {
	case reflect.Complex64:
		for i := range r.n {
			*dstAt[C](r, i) = C(at[complex64](r.s, r.soff, r.ss, i))
		}
	case reflect.Complex128:
		for i := range r.n {
			*dstAt[C](r, i) = C(at[complex128](r.s, r.soff, r.ss, i))
		}
	default:
		castReal[F](sk, row{r.d, 2 * r.doff, 2 * r.ds, r.s, r.soff, r.ss, r.n})
		for i := range r.n {
			*(*F)(unsafe.Add(unsafe.Pointer(dstAt[C](r, i)), unsafe.Sizeof(F(0)))) = 0
		}
	}
}

// realToReal is Go's conversion, which is NumPy's for every pair of real
// kinds in range: integers wrap, floats truncate toward zero and round to
// nearest even into a float.
func realToReal[D, S Real](r row) {
	if r.ds == 1 && r.ss == 1 {
		dd := unsafe.Slice((*D)(r.d), r.doff+r.n)[r.doff:]
		sd := unsafe.Slice((*S)(r.s), r.soff+r.n)[r.soff:]
		for i, v := range sd {
			dd[i] = D(v)
		}
		return
	}
	for i := range r.n {
		*dstAt[D](r, i) = D(at[S](r.s, r.soff, r.ss, i))
	}
}
