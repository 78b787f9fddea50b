package mmap

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
)

// Member is one array of an .npz archive, made by Entry.
type Member interface {
	memberName() string
	writeTo(w io.Writer) error
}

type entry[T nd.Number] struct {
	name string
	a    *nd.Array[T]
}

func (e entry[T]) memberName() string        { return e.name }
func (e entry[T]) writeTo(w io.Writer) error { return Write(w, e.a) }

// Entry names an array for SaveNPZ and WriteNPZ; arrays of different
// element types go in one archive.
//
//	err := mmap.SaveNPZ("run.npz", false, mmap.Entry("x", x), mmap.Entry("labels", labels))
func Entry[T nd.Number](name string, a *nd.Array[T]) Member { return entry[T]{name, a} }

// npzAlign is the offset stored members' data is aligned to, so MapNPZ can
// map them.
const npzAlign = arrayAlign

// zipalignID is the ID of the zip extra field that pads a stored member
// so its data is aligned (the one Android's zipalign uses); readers skip
// extra fields they do not know.
const zipalignID = 0xd935

// WriteNPZ writes members as an .npz archive to w, as NumPy's np.savez
// does (compressed false: members stored) or np.savez_compressed
// (compressed true: deflated). Each member is name + ".npy" in the zip.
// Stored members are padded (with a zip extra field readers skip) so that
// their data starts at a multiple of 64 bytes in the archive, which lets
// MapNPZ map them.
func WriteNPZ(w io.Writer, compressed bool, members ...Member) error {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	seen := map[string]bool{}
	for _, m := range members {
		name := m.memberName() + ".npy"
		if seen[name] {
			return fmt.Errorf("mmap: WriteNPZ: member %q given twice", m.memberName())
		}
		seen[name] = true
		// The DOS date 1980-01-01, so that equal arrays give equal
		// archives. Modified, its replacement, would add a 9-byte extended
		// timestamp field to every header and shift the data MapNPZ needs
		// aligned.
		//lint:ignore SA1019 Modified adds an extra field that breaks the members' data alignment (see above)
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1}
		if !compressed {
			fh.Method = zip.Store
			if err := zw.Flush(); err != nil {
				return errtext.Wrap(err, "mmap", "WriteNPZ")
			}
			fh.Extra = alignExtra(cw.n + 30 + int64(len(name)))
		}
		fw, err := zw.CreateHeader(fh)
		if err != nil {
			return errtext.Wrap(err, "mmap", "WriteNPZ")
		}
		if err := m.writeTo(fw); err != nil {
			return errtext.Wrap(err, "mmap", "WriteNPZ: member %q", m.memberName())
		}
	}
	if err := zw.Close(); err != nil {
		return errtext.Wrap(err, "mmap", "WriteNPZ")
	}
	return nil
}

// alignExtra returns the extra field that moves data which would start at
// offset off to the next multiple of npzAlign.
func alignExtra(off int64) []byte {
	pad := int((npzAlign - off%npzAlign) % npzAlign)
	if pad == 0 {
		return nil
	}
	if pad < 4 { // an extra field is at least its 4-byte header
		pad += npzAlign
	}
	extra := make([]byte, pad)
	binary.LittleEndian.PutUint16(extra, zipalignID)
	binary.LittleEndian.PutUint16(extra[2:], uint16(pad-4))
	return extra
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// SaveNPZ writes members as an .npz file at path (see WriteNPZ), replacing
// any file there atomically, as Save does: after an error the file at path
// is exactly as it was.
func SaveNPZ(path string, compressed bool, members ...Member) error {
	if err := writeFile(path, func(w io.Writer) error { return WriteNPZ(w, compressed, members...) }); err != nil {
		return errtext.Wrap(err, "mmap", "SaveNPZ %s", path)
	}
	return nil
}

// NPZ is an open .npz archive (written by NumPy's np.savez or
// np.savez_compressed, or by SaveNPZ), mapped read-only. LoadNPZ reads any
// member into a new array; MapNPZ maps a stored member in place.
type NPZ struct {
	m       *mapping
	members map[string]*zip.File
	names   []string
}

// OpenNPZ opens the .npz file at path. Only the zip directory is read.
func OpenNPZ(path string) (*NPZ, error) {
	m, err := openMapping(path, ReadOnly, false, 0)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(m.region[:m.size]), m.size)
	if err != nil {
		m.close()
		return nil, fmt.Errorf("%w: mmap: OpenNPZ %s: %w", ErrFormat, path, err)
	}
	z := &NPZ{m: m, members: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, ".npy")
		z.members[name] = f
		z.names = append(z.names, name)
	}
	return z, nil
}

// Names lists the archive's members in order, without the .npy suffix,
// as NumPy's NpzFile.files does.
func (z *NPZ) Names() []string { return append([]string(nil), z.names...) }

// Close unmaps the archive. Arrays from MapNPZ are invalid afterwards;
// arrays from LoadNPZ are copies and stay valid. Close is idempotent.
func (z *NPZ) Close() error { return z.m.close() }

func (z *NPZ) member(name string) (*zip.File, error) {
	if err := z.m.CheckGeneration(0); err != nil {
		return nil, err
	}
	f, ok := z.members[name]
	if !ok {
		return nil, fmt.Errorf("mmap: %s has no member %q (it has %q)", z.m.path, name, z.names)
	}
	return f, nil
}

// stored returns where a stored (uncompressed) member's data lies in the
// archive; ok is false unless f is stored, its sizes agree, and its data
// lies inside the archive.
func (z *NPZ) stored(f *zip.File) (off, size int64, ok bool) {
	off, err := f.DataOffset()
	if err != nil || f.Method != zip.Store || f.CompressedSize64 != f.UncompressedSize64 ||
		off < 0 || off > z.m.size || f.UncompressedSize64 > uint64(z.m.size-off) {
		return off, 0, false
	}
	return off, int64(f.UncompressedSize64), true
}

// LoadNPZ reads the member name (without .npy) of z into a new array made
// with opts, stored or compressed, checking its zip checksum. A stored
// member's size is checked against the archive before anything is
// allocated; a compressed member's declared size is not trusted: the
// array is allocated as the data inflates, as Read does for a stream.
func LoadNPZ[T nd.Number](z *NPZ, name string, opts ...nd.Option) (*nd.Array[T], error) {
	f, err := z.member(name)
	if err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: mmap: LoadNPZ %s[%q]: %w", ErrFormat, z.m.path, name, err)
	}
	defer rc.Close()
	// A stored member's size is checked against the archive; a compressed
	// one's is only declared, so loadFrom allocates as the data arrives.
	_, _, stored := z.stored(f)
	a, err := loadFrom[T](rc, int64(f.UncompressedSize64), stored, opts)
	if err == nil {
		// Reading to the end makes the zip reader check the CRC.
		if _, err = io.Copy(io.Discard, rc); err != nil {
			a.Free()
			err = fmt.Errorf("%w: %w", ErrFormat, err)
		}
	}
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "LoadNPZ %s[%q]", z.m.path, name)
	}
	return a, nil
}

// MapNPZ maps the member name (without .npy) of z in place, read-only
// (Set panics): no copy, O(1). The member must be stored, not compressed,
// and its data must start at a multiple of the element size in the
// archive; SaveNPZ aligns stored members so, NumPy's np.savez does not
// (use LoadNPZ for those). The checksum is not checked. The array is valid
// until z is closed.
func MapNPZ[T nd.Number](z *NPZ, name string) (*nd.Array[T], error) {
	f, err := z.member(name)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*nd.Array[T], error) {
		return nil, errtext.Wrap(err, "mmap", "MapNPZ %s[%q]", z.m.path, name)
	}
	if f.Method != zip.Store {
		return fail(fmt.Errorf("member is compressed (method %d); LoadNPZ reads it", f.Method))
	}
	off, size, ok := z.stored(f)
	if !ok {
		return fail(fmt.Errorf("%w: member's data (offset %d, %d bytes stored, %d declared) is not inside the %d-byte archive",
			ErrFormat, off, f.CompressedSize64, f.UncompressedSize64, z.m.size))
	}
	h, err := readNPY[T](bytes.NewReader(z.m.region[off:off+size]), size)
	if err != nil {
		return fail(err)
	}
	esize := int(unsafe.Sizeof(*new(T)))
	at := off + h.dataOffset
	if at%int64(esize) != 0 {
		return fail(fmt.Errorf("member's data starts at offset %d, not a multiple of %d; LoadNPZ reads it", at, esize))
	}
	a, err := arrayAt[T](z.m, fmt.Sprintf("member %q of %s", name, z.m.path), at, h)
	if err != nil {
		return fail(err)
	}
	return a, nil
}
