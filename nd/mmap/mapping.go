package mmap

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sync"
	"sync/atomic"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd/mem"
)

// Mode says whether a file is mapped for reading only or for reading and
// writing. The zero Mode is ReadOnly.
type Mode int

const (
	// ReadOnly maps existing data for reading. The mapping is private
	// copy-on-write: nothing this process does reaches the file. Reads
	// still fault if another program truncates the file (see CatchFault).
	ReadOnly Mode = iota
	// ReadWrite maps the file shared: stores reach the file through the
	// page cache (durably after Sync), and the file is created or extended
	// as needed.
	ReadWrite
)

// String names the mode.
func (m Mode) String() string {
	switch m {
	case ReadOnly:
		return "ReadOnly"
	case ReadWrite:
		return "ReadWrite"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Advice says how a mapped file's pages will be used (madvise); see
// Array.Advise and Allocator.Advise.
type Advice int

// The advice Advise takes, in osmem's order.
const (
	Normal     = Advice(osmem.AdviseNormal)     // no special treatment
	Sequential = Advice(osmem.AdviseSequential) // read in order: read ahead, drop behind
	Random     = Advice(osmem.AdviseRandom)     // read in no order: no read-ahead
	WillNeed   = Advice(osmem.AdviseWillNeed)   // read soon: start reading in now
	DontNeed   = Advice(osmem.AdviseDontNeed)   // not needed soon: drop from this process (the file keeps the data)
)

// String names the advice: "sequential", "will-need", ...
func (a Advice) String() string { return osmem.Advice(a).String() }

// DefaultReserve is the address space a ReadWrite mapping reserves unless
// the Reserve option says otherwise: the file can grow to this size without
// its data moving. It costs address space only (of which a 64-bit process
// has 128 TiB), no memory.
const DefaultReserve = 64 << 30

// Option configures NewAllocator, Create and Open.
type Option func(*options)

type options struct {
	reserve int64
	fortran bool
}

// Reserve sets the bytes of address space a ReadWrite mapping reserves for
// the file to grow into (DefaultReserve when not given): allocations, or
// Appends, past it fail with an error wrapping mem.ErrOutOfMemory.
func Reserve(bytes int64) Option { return func(o *options) { o.reserve = bytes } }

// FortranOrder makes Create write a column-major (Fortran-order) array,
// as NumPy's np.save of an array with order='F' does.
func FortranOrder() Option { return func(o *options) { o.fortran = true } }

func buildOptions(opts []Option) options {
	o := options{reserve: DefaultReserve}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// mapping is one file mapped into memory: the file, a mapping of it with
// room to grow, and the liveness every array over it checks.
type mapping struct {
	path string
	mode Mode

	mu     sync.Mutex // guards f, region and size against Close
	f      *os.File
	region []byte // the mapping: the file's bytes, then reserved room
	size   int64  // the file's size
	// handed are the regions arrays were built on, told to the profiler
	// as taken back when the file closes.
	handed []*region

	closed atomic.Bool
}

// openMapping maps the file at path. ReadWrite creates it if absent when
// create is set (and fails with an error wrapping fs.ErrNotExist
// otherwise), and reserves room to grow; ReadOnly maps exactly the file's
// bytes. Only a regular file opens: a named pipe or a device is refused
// without blocking (see osmem.OpenRegular). A file it created is removed
// again if mapping it fails.
func openMapping(path string, mode Mode, create bool, reserve int64) (*mapping, error) {
	var f *os.File
	var err error
	created := false
	switch {
	case mode == ReadOnly:
		f, err = osmem.OpenRegular(path, os.O_RDONLY, 0)
	case mode == ReadWrite && create:
		// O_EXCL tells whether this call made the file.
		f, err = osmem.OpenRegular(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		created = err == nil
		if errors.Is(err, fs.ErrExist) {
			f, err = osmem.OpenRegular(path, os.O_RDWR, 0)
		}
	case mode == ReadWrite:
		f, err = osmem.OpenRegular(path, os.O_RDWR, 0)
	default:
		return nil, fmt.Errorf("mmap: %s: unknown mode %v", path, mode)
	}
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "")
	}
	m, err := mapFile(f, path, mode, reserve)
	if err != nil {
		f.Close()
		if created {
			os.Remove(path)
		}
		return nil, err
	}
	return m, nil
}

// mapFile maps the regular file f for openMapping and Create, which close
// it if mapFile fails; path names it in messages.
func mapFile(f *os.File, path string, mode Mode, reserve int64) (*mapping, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, errtext.Wrap(err, "mmap", "")
	}
	size := st.Size()
	length := size + 1 // a byte past the data, for an empty array's one-byte buffer
	if mode == ReadWrite {
		if reserve <= 0 {
			return nil, fmt.Errorf("%w: mmap: %s: Reserve(%d) must be positive", mem.ErrInvalidSize, path, reserve)
		}
		length = max(length, reserve)
	}
	length, ok := pageUp(length)
	if !ok || length != int64(int(length)) {
		return nil, fmt.Errorf("%w: mmap: %s: %d bytes do not fit this machine's address space", mem.ErrOutOfMemory, path, max(size, reserve))
	}
	region, err := osmem.MapFile(int(f.Fd()), int(length), mode == ReadWrite)
	if err != nil {
		return nil, fmt.Errorf("%w: mmap: %s (%d bytes, %d reserved): %w", mem.ErrOutOfMemory, path, size, length, err)
	}
	return &mapping{path: path, mode: mode, f: f, region: region, size: size}, nil
}

// pageUp rounds n (not negative) up to a whole number of pages; ok is
// false when the result does not fit an int64.
func pageUp(n int64) (up int64, ok bool) {
	page := int64(osmem.PageSize())
	if n > math.MaxInt64-(page-1) {
		return 0, false
	}
	return (n + page - 1) / page * page, true
}

// room returns the bytes of the mapping from offset off on (0 past its
// end): a request for more than that does not fit, which is how every
// size is checked without computing an end that could overflow.
func (m *mapping) room(off int64) int64 {
	return max(0, int64(len(m.region))-off)
}

// grow extends the file to at least n bytes (ftruncate: the new bytes
// read as zero and take no disk until written). The caller holds m.mu.
func (m *mapping) grow(n int64) error {
	if n <= m.size {
		return nil
	}
	if m.mode != ReadWrite {
		return fmt.Errorf("%w: %s is mapped %v with %d bytes; %d were asked", ErrReadOnly, m.path, m.mode, m.size, n)
	}
	if n > int64(len(m.region)) {
		return fmt.Errorf("%w: %s: %d bytes asked, past the %d bytes reserved for the file to grow into (see Reserve)",
			mem.ErrOutOfMemory, m.path, n, len(m.region))
	}
	if err := m.f.Truncate(n); err != nil {
		return fmt.Errorf("%w: growing %s to %d bytes: %w", mem.ErrOutOfMemory, m.path, n, err)
	}
	m.size = n
	osmem.Commit(m.region, n) // off-heap memory counts the file's bytes, not the reservation
	return nil
}

// liveErr is the error for use of a closed mapping. The caller holds m.mu.
func (m *mapping) liveErr(op string) error {
	if m.region == nil {
		return fmt.Errorf("%w: %s of %s: file was closed", mem.ErrReleased, op, m.path)
	}
	return nil
}

// sync writes the mapping's dirty pages and the file's size to the device.
func (m *mapping) sync() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.liveErr("Sync"); err != nil {
		return err
	}
	if m.mode != ReadWrite {
		return nil // nothing of a private mapping reaches the file
	}
	used, _ := pageUp(m.size) // m.size is within the mapping, far below the int64 limit
	used = min(used, int64(len(m.region)))
	if err := osmem.Msync(m.region[:used]); err != nil {
		return errtext.Wrap(err, "mmap", "Sync of %s", m.path)
	}
	if err := m.f.Sync(); err != nil {
		return errtext.Wrap(err, "mmap", "Sync of %s", m.path)
	}
	return nil
}

// advise passes advice about the file's bytes [off, off+n) to the kernel
// (the range widens to whole pages).
func (m *mapping) advise(off, n int64, advice Advice) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.liveErr("Advise"); err != nil {
		return err
	}
	page := int64(osmem.PageSize())
	if off < 0 || n <= 0 || off >= m.size {
		return nil
	}
	end := off + min(n, m.size-off) // within the file: no overflow
	start := off / page * page
	end, _ = pageUp(end) // m.size is far below the int64 limit
	return osmem.Advise(m.region[start:min(end, int64(len(m.region)))], osmem.Advice(advice))
}

// close unmaps the file and closes it, without a sync; every array over
// it is invalid from then on. Closing twice does nothing.
func (m *mapping) close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closeLocked()
}

// closeLocked is close for a caller that holds m.mu.
func (m *mapping) closeLocked() error {
	if m.region == nil {
		return nil
	}
	m.closed.Store(true)
	for _, r := range m.handed {
		mem.TraceReset(r)
	}
	m.handed = nil
	err := osmem.UnmapFile(m.region)
	m.region = nil
	return errors.Join(err, m.f.Close())
}

// Generation is 0 while the file is open and 1 once it is closed.
func (m *mapping) Generation() uint64 {
	if m.closed.Load() {
		return 1
	}
	return 0
}

// CheckGeneration returns nil while the file is open, and an error
// wrapping mem.ErrReleased saying the file was closed once it is.
func (m *mapping) CheckGeneration(gen uint64) error {
	if gen == 0 && !m.closed.Load() {
		return nil
	}
	return fmt.Errorf("%w: file was closed (%s)", mem.ErrReleased, m.path)
}

// readOnlyErr is nil for a ReadWrite mapping and says why writes are
// refused for a ReadOnly one.
func (m *mapping) readOnlyErr() error {
	if m.mode == ReadWrite {
		return nil
	}
	return fmt.Errorf("%w: %s was opened %v", ErrReadOnly, m.path, m.mode)
}
