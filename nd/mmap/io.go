package mmap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"unsafe"

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
		return fmt.Errorf("mmap: Write: %w", err)
	}
	shape := a.Shape()
	fortran := a.Layout() == nd.ColMajor && len(shape) > 1
	hb, _ := encodeHeader(descrOf[T](), fortran, shape, 0)
	if _, err := w.Write(hb); err != nil {
		return fmt.Errorf("mmap: Write: %w", err)
	}
	if a.Size() == 0 {
		return nil
	}
	if data := a.Data(); data != nil {
		if _, err := w.Write(asBytes(data)); err != nil {
			return fmt.Errorf("mmap: Write: %w", err)
		}
		return nil
	}
	chunk := make([]T, 0, max(1, chunkBytes/int(unsafe.Sizeof(*new(T)))))
	for v := range a.Values() {
		if chunk = append(chunk, v); len(chunk) == cap(chunk) {
			if _, err := w.Write(asBytes(chunk)); err != nil {
				return fmt.Errorf("mmap: Write: %w", err)
			}
			chunk = chunk[:0]
		}
	}
	if _, err := w.Write(asBytes(chunk)); err != nil {
		return fmt.Errorf("mmap: Write: %w", err)
	}
	return nil
}

// asBytes is the memory of s as bytes.
func asBytes[T nd.Number](s []T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(*new(T))))
}

// Read reads one .npy array from r into a new array made with opts (its
// allocator and alignment; the layout is the file's: ColMajor for a
// Fortran-order file). The data goes straight from r into the array's
// memory. Read stops after the array's last byte, so several arrays saved
// one after another in a stream read back in turn, as with NumPy. Errors
// wrap ErrFormat or ErrDType and say what was found; on error no array is
// left allocated.
func Read[T nd.Number](r io.Reader, opts ...nd.Option) (*nd.Array[T], error) {
	h, err := readHeader(r)
	if err != nil {
		return nil, fmt.Errorf("mmap: Read: %w", err)
	}
	if err := checkDescr[T](h.descr); err != nil {
		return nil, fmt.Errorf("mmap: Read: %w", err)
	}
	a, err := readData[T](r, h, opts)
	if err != nil {
		return nil, fmt.Errorf("mmap: Read: %w", err)
	}
	return a, nil
}

// readData makes the array h describes and fills it from r.
func readData[T nd.Number](r io.Reader, h *header, opts []nd.Option) (*nd.Array[T], error) {
	a, err := nd.Empty[T](h.shape, append(opts[:len(opts):len(opts)], nd.WithLayout(h.layout()))...)
	if err != nil {
		return nil, err
	}
	if a.Size() == 0 {
		return a, nil
	}
	data := asBytes(a.Data())
	if n, err := io.ReadFull(r, data); err != nil {
		a.Free()
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: shape %v of %q needs %d data bytes; the file ends after %d", ErrFormat, h.shape, h.descr, len(data), n)
		}
		return nil, err
	}
	return a, nil
}

// Save writes a to a .npy file at path (see Write), replacing any file
// there. On error no file is left behind.
func Save[T nd.Number](path string, a *nd.Array[T]) error {
	if err := writeFile(path, func(w io.Writer) error { return Write(w, a) }); err != nil {
		return fmt.Errorf("mmap: Save %s: %w", path, err)
	}
	return nil
}

// writeFile creates the file at path and fills it with write, through a
// buffer; on error it removes the file.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, chunkBytes)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// Load reads the .npy file at path into a new array made with opts,
// without mapping it (see Read); the file's size must be exactly its
// header and data.
func Load[T nd.Number](path string, opts ...nd.Option) (*nd.Array[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mmap: Load: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("mmap: Load: %w", err)
	}
	a, err := loadFrom[T](bufio.NewReaderSize(f, chunkBytes), st.Size(), opts)
	if err != nil {
		return nil, fmt.Errorf("mmap: Load %s: %w", path, err)
	}
	return a, nil
}

// loadFrom reads a whole .npy of size bytes from r.
func loadFrom[T nd.Number](r io.Reader, size int64, opts []nd.Option) (*nd.Array[T], error) {
	h, err := readNPY[T](r, size)
	if err != nil {
		return nil, err
	}
	return readData[T](r, h, opts)
}
