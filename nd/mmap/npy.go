package mmap

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
)

// Array is an nd.Array whose elements are the data of a .npy file mapped
// into memory: reads and writes go straight to the file's pages, and the
// file opens in NumPy (np.load, with or without mmap_mode) at any time.
// The embedded *nd.Array is used as any array is (At, Set, views, ops).
//
// Close unmaps the file: the array and every view of it are invalid from
// then on (Err wraps mem.ErrReleased, element access panics saying the
// file was closed), which is what NumPy's memmap, with no close at all,
// cannot promise. Sync makes writes durable. Append grows the array in
// place, and replaces the embedded *nd.Array with one of the new shape;
// views taken before stay valid over the old shape.
//
// An Array may be read from several goroutines at once; Append, Sync and
// Close must not run concurrently with other use of it.
type Array[T nd.Number] struct {
	*nd.Array[T]
	m *mapping
	h *header

	mu sync.Mutex // serializes Append
}

// Create writes a .npy file at path (replacing any file there) for an
// array of T of the given shape, all zeros, and maps its data ReadWrite.
// The header is the one NumPy's np.save writes: format 1.0 (2.0 or 3.0
// only when needed), the data at a multiple of 64 bytes, and room for the
// growth axis to reach 21 digits so Append rewrites it in place. Options:
// FortranOrder for a column-major array, Reserve for the room Append may
// grow into (DefaultReserve). The file's data takes no disk until written.
//
// The new file is made beside the old one and renamed over it once its
// header and size are on the device, as Save does: an error leaves any
// file at path exactly as it was and nothing else behind, and a mapping
// of the old file (Open, even in this process) keeps the old data.
func Create[T nd.Number](path string, shape []int, opts ...Option) (*Array[T], error) {
	o := buildOptions(opts)
	esize := int(unsafe.Sizeof(*new(T)))
	n, err := byteSize(shape, esize)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Create %s", path)
	}
	descr, fortran := descrOf[T](), o.fortran && len(shape) > 1
	hb, _ := encodeHeader(descr, fortran, shape, 0)
	total := int64(len(hb)) + n // n is at most MaxInt/2: no overflow
	r, err := newReplacement(path)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Create %s", path)
	}
	m, err := mapFile(r.f, path, ReadWrite, max(o.reserve, total))
	if err == nil {
		m.mu.Lock()
		err = m.grow(total)
		m.mu.Unlock()
	}
	var a *Array[T]
	if err == nil {
		copy(m.region, hb)
		h := &header{major: hb[len(magicPrefix)], descr: descr, fortran: fortran,
			shape: slices.Clone(shape), size: int(n) / esize, dataOffset: int64(len(hb))}
		a, err = mapArray[T](m, h)
	}
	if err == nil {
		err = r.commit() // its fsync writes the header's page too
	}
	if err != nil {
		if m != nil {
			m.close() // closes r.f
		}
		r.discard()
		return nil, errtext.Wrap(err, "mmap", "Create %s", path)
	}
	return a, nil
}

// byteSize checks a shape and returns its bytes, at esize bytes an element.
func byteSize(shape []int, esize int) (int64, error) {
	n := int64(esize)
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("%w: negative dimension in shape %v", nd.ErrShape, shape)
		}
		if d != 0 && n > math.MaxInt/2/int64(d) {
			return 0, fmt.Errorf("%w: shape %v of %d-byte elements is larger than a file can map", nd.ErrShape, shape, esize)
		}
		n *= int64(d)
	}
	return n, nil
}

// Open maps the .npy file at path, written by NumPy or by Create. It
// checks the header as NumPy does, that the file holds elements of T in
// this machine's byte order (an error wrapping ErrDType says what it holds
// otherwise), and that its size is exactly the header and the data. A
// Fortran-order file gives a ColMajor array; 0-d and empty arrays work.
// ReadWrite maps the file shared (writes reach it; Append may grow it
// within the Reserve option's room), ReadOnly private (Set panics, and
// nothing reaches the file). Opening is O(1): nothing is read but the
// header, and pages come in as they are touched.
//
// The file must exist, in either mode (an error wrapping fs.ErrNotExist
// otherwise; Create makes a new one), and be a regular file (a named pipe
// or device is refused at once with fs.ErrInvalid). An error leaves
// nothing mapped, open or created.
func Open[T nd.Number](path string, mode Mode, opts ...Option) (*Array[T], error) {
	o := buildOptions(opts)
	m, err := openMapping(path, mode, false, o.reserve)
	if err != nil {
		return nil, err
	}
	a, err := openArray[T](m)
	if err != nil {
		m.close()
		return nil, errtext.Wrap(err, "mmap", "Open %s", path)
	}
	return a, nil
}

func openArray[T nd.Number](m *mapping) (*Array[T], error) {
	h, err := readNPY[T](bytes.NewReader(m.region[:m.size]), m.size)
	if err != nil {
		return nil, err
	}
	return mapArray[T](m, h)
}

// readNPY reads a whole .npy's header from r, as Open, MapNPZ and Load do,
// and checks that it holds elements of T and that a file (or member) of
// fileSize bytes holds exactly the header and its data.
func readNPY[T nd.Number](r io.Reader, fileSize int64) (*header, error) {
	h, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	if err := checkDescr[T](h.descr); err != nil {
		return nil, err
	}
	esize := int64(unsafe.Sizeof(*new(T)))
	if int64(h.size) > (math.MaxInt64-h.dataOffset)/esize {
		return nil, fmt.Errorf("%w: shape %v of %q needs more than %d bytes after the %d-byte header; no file holds that",
			ErrFormat, h.shape, h.descr, math.MaxInt64-h.dataOffset, h.dataOffset)
	}
	if want := h.dataOffset + int64(h.size)*esize; want != fileSize {
		return nil, fmt.Errorf("%w: shape %v of %q needs %d data bytes after the %d-byte header, %d in all; the file has %d",
			ErrFormat, h.shape, h.descr, int64(h.size)*esize, h.dataOffset, want, fileSize)
	}
	return h, nil
}

// mapArray builds the Array over h's data in m.
func mapArray[T nd.Number](m *mapping, h *header) (*Array[T], error) {
	a := &Array[T]{m: m, h: h}
	arr, err := a.view()
	if err != nil {
		return nil, err
	}
	a.Array = arr
	return a, nil
}

// view makes an nd.Array over the data a.h describes now.
func (a *Array[T]) view() (*nd.Array[T], error) {
	return arrayAt[T](a.m, "data of "+a.m.path, a.h.dataOffset, a.h)
}

// arrayAt makes an nd.Array over the data h describes at offset off of m
// (a .npy's data, an .npz member's), handed out by a region called what.
func arrayAt[T nd.Number](m *mapping, what string, off int64, h *header) (*nd.Array[T], error) {
	r := newRegion(m, what, off, h.size*int(unsafe.Sizeof(*new(T))))
	// Element alignment is all a mapped array needs; NumPy aligns data to
	// 64 bytes, but files from NumPy before 1.14 only to 16.
	return nd.Empty[T](h.shape, nd.With(r), nd.WithLayout(h.layout()), nd.Align(1))
}

// Path is the mapped file's name.
func (a *Array[T]) Path() string { return a.m.path }

// Mode is the mode the file was mapped in.
func (a *Array[T]) Mode() Mode { return a.m.mode }

// Sync writes every change to the file and waits until it is on the
// device (msync and fsync): after Sync returns, the data survives the
// process being killed or the machine losing power. Sync of a ReadOnly
// array does nothing.
func (a *Array[T]) Sync() error { return a.m.sync() }

// Advise tells the kernel how the array's pages will be used: Sequential
// or Random reading, WillNeed to read them in now, DontNeed to drop them
// from this process (the file keeps the data).
func (a *Array[T]) Advise(advice Advice) error {
	return a.m.advise(a.h.dataOffset, int64(a.h.size)*int64(unsafe.Sizeof(*new(T))), advice)
}

// Close unmaps the file and closes it, without a Sync. The array and
// every view of it are invalid afterwards. Close is idempotent.
func (a *Array[T]) Close() error { return a.m.close() }

// Append adds rows to the array in place, along its growth axis: axis 0 of
// a row-major (C-order) file, the last axis of a Fortran-order one, which
// are the axes whose new elements go at the end of the file. rows must
// have the array's shape on every other axis (any layout; it is copied).
// The data is written first and the header last, each in place: the
// header's length never changes (NumPy leaves room for the growth axis to
// reach 21 digits). Rows with no elements change only the shape (and the
// header). The file grows within the room reserved when it was
// opened (the Reserve option), so the array's address does not move and
// views taken before stay valid over the old shape. Sync to make the
// appended rows durable.
//
//	a, _ := mmap.Open[float64]("log.npy", mmap.ReadWrite)
//	err := a.Append(batch) // batch: k x a.Dim(1)
func (a *Array[T]) Append(rows *nd.Array[T]) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.Err(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return errtext.Wrap(err, "mmap", "Append to %s: rows", a.m.path)
	}
	if a.m.mode != ReadWrite {
		return errtext.Wrap(a.m.readOnlyErr(), "mmap", "Append")
	}
	h := a.h
	if len(h.shape) == 0 {
		return fmt.Errorf("%w: mmap: Append to %s: a 0-d array has no axis to grow", nd.ErrShape, a.m.path)
	}
	axis := 0
	if h.fortran {
		axis = len(h.shape) - 1
	}
	rshape := rows.Shape()
	if len(rshape) != len(h.shape) || !equalExcept(rshape, h.shape, axis) {
		return fmt.Errorf("%w: mmap: Append of %v to %s of shape %v: shapes must agree on every axis but %d",
			nd.ErrShape, rshape, a.m.path, h.shape, axis)
	}
	shape := slices.Clone(h.shape)
	if rshape[axis] > math.MaxInt-shape[axis] {
		return fmt.Errorf("%w: mmap: Append of %v to %s of shape %v: axis %d would pass the largest int",
			nd.ErrShape, rshape, a.m.path, h.shape, axis)
	}
	shape[axis] += rshape[axis]
	esize := int64(unsafe.Sizeof(*new(T)))
	size, err := byteSize(shape, int(esize))
	if err != nil {
		return errtext.Wrap(err, "mmap", "Append to %s", a.m.path)
	}
	hb, ok := encodeHeader(h.descr, h.fortran, shape, h.major)
	if !ok || int64(len(hb)) != h.dataOffset {
		return fmt.Errorf("%w: mmap: Append to %s: the header (%d bytes) has no room for shape %v; it was written without NumPy's growth padding",
			ErrFormat, a.m.path, h.dataOffset, shape)
	}
	old := h.dataOffset + int64(h.size)*esize
	a.m.mu.Lock()
	err = a.m.liveErr("Append")
	if err == nil {
		err = a.m.grow(h.dataOffset + size)
	}
	a.m.mu.Unlock()
	if err != nil {
		return errtext.Wrap(err, "mmap", "Append to %s", a.m.path)
	}
	if n := rows.Size(); n > 0 { // none (zero rows) may start at the mapping's very end
		dst := unsafe.Slice((*T)(unsafe.Pointer(&a.m.region[old])), n)
		src := rows
		if h.fortran {
			src = rows.T() // row-major order of the transpose is column-major order
		}
		i := 0
		for v := range src.Values() {
			dst[i] = v
			i++
		}
	}
	copy(a.m.region, hb)
	nh := *h
	nh.shape, nh.size = shape, int(size/esize)
	a.h = &nh
	arr, err := a.view()
	if err != nil {
		return errtext.Wrap(err, "mmap", "Append to %s", a.m.path)
	}
	a.Array = arr
	return nil
}

// equalExcept reports whether a and b agree on every axis but skip.
func equalExcept(a, b []int, skip int) bool {
	for i := range a {
		if i != skip && a[i] != b[i] {
			return false
		}
	}
	return true
}
