package mmap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npyV1 builds a version 1.0 file around a header dict, padded as NumPy
// pads it, followed by data.
func npyV1(dict string, data []byte) []byte {
	b, _ := wrapHeader([]byte(dict), 1)
	return append(b, data...)
}

// badHeaders are NumPy's test_format.py cases and the list: every
// one must be a clear error.
var badHeaders = []struct {
	name string
	file []byte
	says string
}{
	// test_read_magic_bad_magic: malformed_magic
	{"magic \\x92NUMPY", []byte("\x92NUMPY\x01\x00"), "magic string"},
	{"magic \\x00NUMPY", []byte("\x00NUMPY\x01\x00"), "magic string"},
	{"magic lowercase", []byte("\x93numpy\x01\x00"), "magic string"},
	{"magic MATLB", []byte("\x93MATLB\x01\x00"), "magic string"},
	{"magic without minor", []byte("\x93NUMPY\x01"), "7 bytes"},
	{"magic without version", []byte("\x93NUMPY"), "6 bytes"},
	{"empty", []byte(""), "0 bytes"},
	{"zip magic", []byte("PK\x03\x04\x14\x00\x00\x00"), "magic string"},
	// test_read_version_1_0_bad_magic: bad_version_magic
	{"version 1.1", []byte("\x93NUMPY\x01\x01"), "version (1, 1)"},
	{"version 0.0", []byte("\x93NUMPY\x00\x00"), "version (0, 0)"},
	{"version 0.1", []byte("\x93NUMPY\x00\x01"), "version (0, 1)"},
	{"version 2.0 truncated", []byte("\x93NUMPY\x02\x00"), "header length"},
	{"version 2.2", []byte("\x93NUMPY\x02\x02"), "version (2, 2)"},
	{"version 255.255", []byte("\x93NUMPY\xff\xff"), "version (255, 255)"},
	// test_bad_header
	{"header length 1 byte", []byte("\x93NUMPY\x01\x00\x01"), "header length"},
	{"header shorter than its length", []byte("\x93NUMPY\x01\x00\x01\x00"), "past the end"},
	{"header length past end of file", append([]byte("\x93NUMPY\x01\x00\xe8\x03"), "{'descr': '<f8'"...), "1000 runs past the end"},
	{"missing key", []byte("\x93NUMPY\x01\x006\x00{'descr': 'x', 'shape': (1, 2), }                    \n"), `["descr" "shape"]`},
	{"extra key", npyV1("{'descr': '<f8', 'extrakey': -1, 'fortran_order': False, 'shape': (1, 2), }", make([]byte, 16)), "extrakey"},
	// header contents
	{"not a dict", npyV1("['descr', '<f8']", nil), "not a dictionary"},
	{"not a literal", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), } __import__('os')", nil), "not a Python literal"},
	{"shape a list", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': [1, 2], }", nil), "shape is not a tuple"},
	{"shape an int", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': 2, }", nil), "shape is not a tuple"},
	{"shape (2) is not a tuple", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", nil), "shape is not a tuple"},
	{"shape of strings", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (1, '2'), }", nil), "dimension 1 is 2"},
	{"shape of floats", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,), }", nil), "not an int"},
	{"negative dimension", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", nil), "dimension 0 is -1"},
	{"huge dimensions", npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", nil), "more elements"},
	{"fortran_order an int", npyV1("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", nil), "fortran_order is not a bool"},
	{"fortran_order a string", npyV1("{'descr': '<f8', 'fortran_order': 'False', 'shape': (1,), }", nil), "fortran_order is not a bool"},
	{"descr an int", npyV1("{'descr': 8, 'fortran_order': False, 'shape': (1,), }", nil), "descr is not a valid"},
	{"duplicate key", npyV1("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", nil), "given twice"},
	{"v3 not UTF-8", func() []byte { b, _ := wrapHeader([]byte("{'descr': '\xff'}"), 3); return b }(), "not valid UTF-8"},
}

func TestBadHeaders(t *testing.T) {
	for _, c := range badHeaders {
		_, err := readHeader(bytes.NewReader(c.file))
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want ErrFormat saying %q", c.name, err, c.says)
		}
	}
}

func TestHeaderSizeLimits(t *testing.T) {
	dict := "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
	// Just under and just over NumPy's max_header_size, in version 2.0.
	for _, n := range []int{MaxHeaderSize, MaxHeaderSize + 1} {
		text := dict + strings.Repeat(" ", n-len(dict)-1) + "\n"
		b := binary.LittleEndian.AppendUint32([]byte("\x93NUMPY\x02\x00"), uint32(n))
		b = append(append(b, text...), make([]byte, 8)...)
		_, err := readHeader(bytes.NewReader(b))
		if n <= MaxHeaderSize && err != nil {
			t.Errorf("header of %d characters: %v", n, err)
		}
		if n > MaxHeaderSize && (!errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "max_header_size")) {
			t.Errorf("header of %d characters: %v, want a max_header_size error", n, err)
		}
	}
	// A 4 GiB header length is refused before anything is read.
	_, err := readHeader(bytes.NewReader([]byte("\x93NUMPY\x02\x00\xff\xff\xff\xff")))
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "max_header_size") {
		t.Errorf("4 GiB header length: %v", err)
	}
	// A header over 65,535 bytes does not fit version 1.0; the oldest
	// version that fits is 2.0 (test_large_header).
	shape := make([]int, 30000)
	if _, ok := encodeHeader("<f8", false, shape, 1); ok {
		t.Error("a 90 KB header fitted version 1.0")
	}
	b, ok := encodeHeader("<f8", false, shape, 0)
	if !ok || b[6] != 2 || len(b)%arrayAlign != 0 {
		t.Errorf("a 90 KB header: version %d, %d bytes", b[6], len(b))
	}
	// Non-latin-1 text needs 3.0.
	if b, ok := encodeHeader("<f8\u6574", false, []int{1}, 0); !ok || b[6] != 3 {
		t.Errorf("non-latin-1 header: version %d", b[6])
	}
	if _, ok := encodeHeader("<f8\u6574", false, []int{1}, 2); ok {
		t.Error("non-latin-1 header fitted version 2.0")
	}
}

// TestHeaderGrowthAxis is test_header_growth_axis: the header length does
// not change while the growth axis grows to 19 digits (Go's int stops
// there; NumPy tests 21), in either order.
func TestHeaderGrowthAxis(t *testing.T) {
	for _, fortran := range []bool{false, true} {
		want := -1
		size := 1
		for range 19 {
			shape := []int{size, 2}
			if fortran {
				shape = []int{2, size}
			}
			b, ok := encodeHeader("<f8", fortran, shape, 0)
			if !ok {
				t.Fatal("encode failed")
			}
			if want < 0 {
				want = len(b)
			}
			if len(b) != want || len(b)%arrayAlign != 0 {
				t.Fatalf("fortran %v shape %v: %d header bytes, want %d", fortran, shape, len(b), want)
			}
			h, err := readHeader(bytes.NewReader(b))
			if err != nil || h.dataOffset != int64(want) || h.fortran != fortran {
				t.Fatalf("re-read: %+v %v", h, err)
			}
			size *= 10
		}
	}
}

func TestParseDescr(t *testing.T) {
	good := map[string]string{"<f8": "f8", "|u1": "u1", "<c16": "c16", "i4": "i4", "=i2": "i2", ">i1": "i1", "<u8": "u8"}
	for d := range good {
		if _, _, _, ok := parseDescr(d); !ok {
			t.Errorf("%q refused", d)
		}
	}
	for _, d := range []string{"", "<", "<f", "<f2", "<f16", "|b1", "O", "<M8[ns]", "|S3", "<U4", "<x8", "<i3", "<c4", "<f+8", "<f-8", "f8 "} {
		if _, _, _, ok := parseDescr(d); ok {
			t.Errorf("%q accepted", d)
		}
	}
	if err := checkDescr[float64](">f8"); !errors.Is(err, ErrDType) || !strings.Contains(err.Error(), "big-endian") {
		t.Errorf(">f8: %v", err)
	}
	if err := checkDescr[int8](">i1"); err != nil {
		t.Errorf(">i1 for int8 (byte order does not apply): %v", err)
	}
	if err := checkDescr[float64]("<f4"); !errors.Is(err, ErrDType) {
		t.Errorf("<f4 as float64: %v", err)
	}
}

func TestPythonTwoLongs(t *testing.T) {
	h, err := readHeader(bytes.NewReader(npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", nil)))
	if err != nil || h.size != 6 {
		t.Fatalf("v1.0 header with Python 2 longs: %+v %v", h, err)
	}
	b, _ := wrapHeader([]byte("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }"), 3)
	if _, err := readHeader(bytes.NewReader(b)); !errors.Is(err, ErrFormat) {
		t.Fatalf("v3.0 header with Python 2 longs: %v", err)
	}
}

// FuzzReadHeader: whatever the bytes, readHeader returns a header or an
// error wrapping ErrFormat or ErrDType, never panics; a header it accepts
// describes a shape whose size it computed without overflow, and encoding
// that header again reads back the same.
func FuzzReadHeader(f *testing.F) {
	for _, c := range badHeaders {
		f.Add(c.file)
	}
	for _, shape := range [][]int{{}, {0}, {3, 4}, {1, 2, 3}} {
		b, _ := encodeHeader("<f8", false, shape, 0)
		f.Add(b)
		b, _ = encodeHeader("<c16", true, shape, 3)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := readHeader(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrDType) {
				t.Fatalf("error wraps neither sentinel: %v", err)
			}
			return
		}
		size := 1
		for _, d := range h.shape {
			if d < 0 {
				t.Fatalf("negative dimension in %v", h.shape)
			}
			size *= d
		}
		if size != h.size || h.dataOffset > int64(len(data)) {
			t.Fatalf("size %d for shape %v; data offset %d of %d bytes", h.size, h.shape, h.dataOffset, len(data))
		}
		b, ok := encodeHeader(h.descr, h.fortran, h.shape, h.major)
		if !ok {
			return // a shape too long for the version it came in
		}
		h2, err := readHeader(bytes.NewReader(b))
		if err != nil || h2.descr != h.descr || h2.fortran != h.fortran || h2.size != h.size {
			t.Fatalf("re-encoded header reads back as %+v, %v; was %+v", h2, err, h)
		}
	})
}

// FuzzParseDescr: parseDescr never panics and accepts only what descrOf
// could write for some type, in some byte order.
func FuzzParseDescr(f *testing.F) {
	for _, d := range []string{"<f8", "|u1", ">c16", "<M8[ns]", "O", ""} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) {
		order, kind, size, ok := parseDescr(d)
		if !ok {
			return
		}
		if !strings.ContainsRune("<>|=", rune(order)) || !strings.ContainsRune("iufc", rune(kind)) || size < 1 || size > 16 {
			t.Fatalf("%q accepted as %c %c %d", d, order, kind, size)
		}
	})
}

// TestOpenSixteenByteAlignedHeader: NumPy before 1.14 padded headers to 16
// bytes, not 64; such files open (elements need only their own
// alignment), and Append says why it cannot grow them in place.
func TestOpenSixteenByteAlignedHeader(t *testing.T) {
	dict := "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
	h := []byte(magicPrefix + "\x01\x00")
	total := 80 - len(h) - 2 // the header ends at byte 80: 16-aligned, not 64
	h = binary.LittleEndian.AppendUint16(h, uint16(total))
	h = append(h, dict...)
	h = append(h, bytes.Repeat([]byte{' '}, total-len(dict)-1)...)
	h = append(h, '\n')
	h = binary.LittleEndian.AppendUint64(h, 0x3ff8000000000000) // 1.5
	h = binary.LittleEndian.AppendUint64(h, 0x4004000000000000) // 2.5
	path := filepath.Join(t.TempDir(), "old.npy")
	if err := os.WriteFile(path, h, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Open[float64](path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.At(0) != 1.5 || a.At(1) != 2.5 {
		t.Fatalf("read %v %v", a.At(0), a.At(1))
	}
	if err := a.Append(a.Array); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "growth padding") {
		t.Fatalf("Append to a header without room: %v", err)
	}
}
