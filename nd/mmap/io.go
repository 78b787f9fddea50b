package mmap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"unsafe"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
)

// chunkBytes is how much of a strided array Write gathers per write.
const chunkBytes = 256 << 10

// Write writes a as a .npy file to w, header and data, exactly as NumPy's
// np.save would: a ColMajor array is written in Fortran order, any other
// in C order. A dense array's memory is written as it is, with no copy;
// a strided view is gathered a chunk at a time, so memory use stays
// bounded whatever the array's size.
func Write[T nd.Number](w io.Writer, a *nd.Array[T]) error {
	if err := a.Err(); err != nil {
		return errtext.Wrap(err, "mmap", "Write")
	}
	shape := a.Shape()
	fortran := a.Layout() == nd.ColMajor && len(shape) > 1
	hb, _ := encodeHeader(descrOf[T](), fortran, shape, 0)
	if _, err := w.Write(hb); err != nil {
		return errtext.Wrap(err, "mmap", "Write")
	}
	if a.Size() == 0 {
		return nil
	}
	if data := dense(a); data != nil {
		if _, err := w.Write(asBytes(data)); err != nil {
			return errtext.Wrap(err, "mmap", "Write")
		}
		return nil
	}
	chunk := make([]T, 0, max(1, chunkBytes/int(unsafe.Sizeof(*new(T)))))
	for v := range a.Values() {
		if chunk = append(chunk, v); len(chunk) == cap(chunk) {
			if _, err := w.Write(asBytes(chunk)); err != nil {
				return errtext.Wrap(err, "mmap", "Write")
			}
			chunk = chunk[:0]
		}
	}
	if _, err := w.Write(asBytes(chunk)); err != nil {
		return errtext.Wrap(err, "mmap", "Write")
	}
	return nil
}

// dense returns the memory of a contiguous array, in the order of its
// Layout (row-major or column-major), and nil for a strided one.
func dense[T nd.Number](a *nd.Array[T]) []T {
	if a.Layout() == nd.Strided {
		return nil
	}
	data, off, _ := a.Storage()
	return data[off : off+a.Size()]
}

// asBytes is the memory of s as bytes.
func asBytes[T nd.Number](s []T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(*new(T))))
}

// Read reads one .npy array from r into a new array made with opts (its
// allocator and alignment; the layout is the file's: ColMajor for a
// Fortran-order file). Read stops after the array's last byte, so several
// arrays saved one after another in a stream read back in turn, as with
// NumPy. Errors wrap ErrFormat or ErrDType and say what was found; on
// error no array is left allocated.
//
// A header can declare any size, so Read never allocates on its word
// alone. When r tells how much it holds (a Len method returning the bytes
// left unread, as bytes.Reader, bytes.Buffer and strings.Reader have), a
// declared size larger than that
// fails before anything is allocated. Otherwise data of up to 256 KiB goes
// straight into the array, and larger data is first read into a buffer
// that grows as it arrives, until an eighth of it has: the array is
// allocated only then, the buffer copied in and the rest read straight
// into it. So what Read allocates is at most about ten times what r
// actually delivered (plus 256 KiB), and a large array from such a stream
// costs a transient buffer of at most a quarter of its size.
func Read[T nd.Number](r io.Reader, opts ...nd.Option) (*nd.Array[T], error) {
	h, err := readHeader(r)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Read")
	}
	if err := checkDescr[T](h.descr); err != nil {
		return nil, errtext.Wrap(err, "mmap", "Read")
	}
	avail := int64(-1)
	if l, ok := r.(interface{ Len() int }); ok {
		avail = int64(l.Len())
	}
	a, err := readData[T](r, h, opts, avail)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Read")
	}
	return a, nil
}

const (
	// stageMin is the data size up to which readData reads straight into
	// a new array from a stream of unknown length, and the first size of
	// its staging buffer above that.
	stageMin = chunkBytes
	// stageRatio bounds how much larger than the data that has arrived
	// the array readData allocates may be.
	stageRatio = 8
)

// readData makes the array h describes and fills it from r. avail is how
// many bytes r is known to hold, or -1 when that is unknown (see Read).
func readData[T nd.Number](r io.Reader, h *header, opts []nd.Option, avail int64) (*nd.Array[T], error) {
	esize := int64(unsafe.Sizeof(*new(T)))
	if int64(h.size) > math.MaxInt64/esize {
		return nil, fmt.Errorf("%w: shape %v of %q has more bytes than any stream holds", ErrFormat, h.shape, h.descr)
	}
	n := int64(h.size) * esize
	short := func(got int64) error {
		return fmt.Errorf("%w: shape %v of %q needs %d data bytes; the file ends after %d", ErrFormat, h.shape, h.descr, n, got)
	}
	if avail >= 0 && n > avail {
		return nil, short(avail)
	}
	var staged []byte
	if avail < 0 && n > stageMin {
		var err error
		if staged, err = stage(r, n); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, short(int64(len(staged)))
			}
			return nil, err
		}
	}
	a, err := nd.Empty[T](h.shape, append(opts[:len(opts):len(opts)], nd.WithLayout(h.layout()))...)
	if err != nil {
		return nil, err
	}
	if a.Size() == 0 {
		return a, nil
	}
	data := asBytes(dense(a))
	got := copy(data, staged)
	staged = nil
	if k, err := io.ReadFull(r, data[got:]); err != nil {
		a.Free()
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, short(int64(got + k))
		}
		return nil, err
	}
	return a, nil
}

// stage reads from r into a buffer that doubles as data arrives, until
// n/stageRatio bytes (or all n) have: the buffer is never more than twice
// what arrived. It returns io.ErrUnexpectedEOF, with what it read, if r
// ends first.
func stage(r io.Reader, n int64) ([]byte, error) {
	buf := make([]byte, 0, stageMin)
	for int64(len(buf)) < n && int64(len(buf)) < (n+stageRatio-1)/stageRatio {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), n-int64(len(buf)))))
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, io.ErrUnexpectedEOF
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// Save writes a to a .npy file at path (see Write), replacing any file
// there atomically: the data goes to a temporary file in the same
// directory, which is fsynced and then renamed over path, and the
// directory is fsynced. After Save returns nil the new file is on the
// device; after an error (a full disk, a failed write, a released array)
// the file at path is exactly as it was, and nothing else is left behind.
// A process that has the old file open or mapped (Open, even in this
// process) keeps reading the old data, never a half-written or truncated
// file. A symbolic link at path is followed; the file it points to is
// replaced, with its permissions. Save needs the right to create a file in
// that directory, as well as to replace the old one; a path that is not a
// regular file (a FIFO, a device) is refused with fs.ErrInvalid.
func Save[T nd.Number](path string, a *nd.Array[T]) error {
	if err := writeFile(path, func(w io.Writer) error { return Write(w, a) }); err != nil {
		return errtext.Wrap(err, "mmap", "Save %s", path)
	}
	return nil
}

// writeFile replaces the file at path with what write writes, through a
// buffer (see replaceFile).
func writeFile(path string, write func(io.Writer) error) error {
	return replaceFile(path, func(f *os.File) error {
		bw := bufio.NewWriterSize(f, chunkBytes)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// Load reads the .npy file at path into a new array made with opts,
// without mapping it (see Read); the file's size must be exactly its
// header and data.
func Load[T nd.Number](path string, opts ...nd.Option) (*nd.Array[T], error) {
	f, err := osmem.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Load")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Load")
	}
	a, err := loadFrom[T](bufio.NewReaderSize(f, chunkBytes), st.Size(), true, opts)
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "Load %s", path)
	}
	return a, nil
}

// loadFrom reads a whole .npy of size bytes from r; sure says whether r
// is known to hold that many (a file's size) or only claims to (a
// compressed zip member's declared size).
func loadFrom[T nd.Number](r io.Reader, size int64, sure bool, opts []nd.Option) (*nd.Array[T], error) {
	h, err := readNPY[T](r, size)
	if err != nil {
		return nil, err
	}
	avail := int64(-1)
	if sure {
		avail = size - h.dataOffset
	}
	return readData[T](r, h, opts, avail)
}
