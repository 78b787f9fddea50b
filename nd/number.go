package nd

import "unsafe"

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
