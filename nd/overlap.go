package nd

import "unsafe"

// Overlap says how the memory of two arrays relates, which is what a
// function writing one array while reading the other must know first (see
// Overlaps).
type Overlap uint8

const (
	// Disjoint: the arrays share no byte, so writing one never changes the
	// other.
	Disjoint Overlap = iota
	// Same: the arrays are the same elements at the same indices (one
	// element size, first element, shape, and strides along the axes
	// longer than 1), so an element-wise
	// writer may write in place: element i is read before it is written.
	Same
	// Partial: the arrays may share bytes in any other way, so writing one
	// can change elements of the other before they are read. Writers in
	// numgo then compute through a temporary copy, as NumPy does.
	Partial
)

// String names the relation.
func (o Overlap) String() string {
	switch o {
	case Disjoint:
		return "Disjoint"
	case Same:
		return "Same"
	}
	return "Partial"
}

// Overlaps reports how a and b share memory, from their byte ranges (the
// lowest to the highest byte each can reach): Disjoint when the ranges do
// not meet, Same when the two are one view, Partial otherwise. Like NumPy's
// may_share_memory it is conservative: interleaved views such as a[::2]
// and a[1::2] share no element yet report Partial. It costs a loop over
// the dimensions and allocates nothing; empty arrays are Disjoint from
// everything.
//
// Every function in numgo that writes an array while reading others calls
// it before writing; a function of your own should too:
//
//	if nd.Overlaps(dst, src) == nd.Partial {
//		src, err = src.Clone() // read from a copy
//	}
func Overlaps[T, U Number](a *Array[T], b *Array[U]) Overlap {
	alo, ahi := byteSpan(a)
	blo, bhi := byteSpan(b)
	if alo == ahi || blo == bhi || ahi <= blo || bhi <= alo {
		return Disjoint
	}
	if sizeOf[T]() == sizeOf[U]() && a.Addr() == b.Addr() && sameSteps(a, b) {
		return Same
	}
	return Partial
}

// sameSteps reports whether a and b have one shape and step alike along
// every axis longer than 1 (the stride of an axis of length 1 is never
// taken).
func sameSteps[T, U Number](a *Array[T], b *Array[U]) bool {
	if !equalShapes(a.shape, b.shape) {
		return false
	}
	for i, d := range a.shape {
		if d > 1 && a.strides[i] != b.strides[i] {
			return false
		}
	}
	return true
}

// byteSpan is the range of addresses [lo, hi) from a's lowest to its
// highest element, empty for an empty array.
func byteSpan[T Number](a *Array[T]) (lo, hi uintptr) {
	if a.size == 0 || len(a.data) == 0 {
		return 0, 0
	}
	first, last := a.off, a.off
	for i, s := range a.strides {
		if d := (a.shape[i] - 1) * s; d < 0 {
			first += d
		} else {
			last += d
		}
	}
	base, size := uintptr(unsafe.Pointer(unsafe.SliceData(a.data))), uintptr(sizeOf[T]())
	return base + uintptr(first)*size, base + uintptr(last+1)*size
}
