package nd

import (
	"strconv"
	"unsafe"
)

// Integer is the set of integer element kinds.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Float is the set of floating-point element kinds.
type Float interface{ ~float32 | ~float64 }

// Complex is the set of complex element kinds.
type Complex interface{ ~complex64 | ~complex128 }

// Real is the set of ordered element kinds: integers and floats.
type Real interface{ Integer | Float }

// Number is the set of element kinds an Array may hold. All are free of
// pointers, which is what lets a buffer live off the Go heap: the garbage
// collector never needs to look inside it.
type Number interface{ Integer | Float | Complex }

// sizeOf is the size in bytes of one element of T.
func sizeOf[T Number]() int {
	var zero T
	return int(unsafe.Sizeof(zero))
}

// Kind is the family an element kind belongs to, as NumPy's dtype.kind
// says it: signed integer, unsigned integer, floating point or complex.
// With the size in bytes (unsafe.Sizeof) it names the kind exactly.
type Kind uint8

// The element kind families.
const (
	KindInt     Kind = iota + 1 // int, int8 ... int64 (NumPy's 'i')
	KindUint                    // uint, uint8 ... uint64 ('u')
	KindFloat                   // float32, float64 ('f')
	KindComplex                 // complex64, complex128 ('c')
)

// String names the family as NumPy's dtype names begin: "int", "uint",
// "float" or "complex".
func (k Kind) String() string {
	switch k {
	case KindInt:
		return "int"
	case KindUint:
		return "uint"
	case KindFloat:
		return "float"
	case KindComplex:
		return "complex"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// KindOf returns the family of T. A named kind (type Celsius float64) is
// its base kind's. It is computed from T's arithmetic and memory layout,
// which the compiler folds for each T, so it costs nothing at run time;
// numgo's packages use it wherever they choose a path by element kind.
//
//	nd.KindOf[uint8]()     // KindUint
//	nd.KindOf[complex64]() // KindComplex
func KindOf[T Number]() Kind {
	var one T = 1
	if one/(one+one) == 0 { // integer division
		var m T
		m-- // -1 for a signed kind, the maximum for an unsigned one
		if m/2 == 0 {
			return KindInt
		}
		return KindUint
	}
	var zero T
	switch unsafe.Sizeof(zero) {
	case 4:
		return KindFloat
	case 8: // float64 or complex64: float64's 1.0 bits read as complex64 are 1.875i
		if bits := uint64(0x3ff0000000000000); *(*T)(unsafe.Pointer(&bits)) == 1 {
			return KindFloat
		}
	}
	return KindComplex
}
