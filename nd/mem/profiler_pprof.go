package mem

import (
	"cmp"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"runtime"
	"slices"
)

// WriteProfile writes the last finished Profile as a gzipped pprof profile
// (the profile.proto format of runtime/pprof and go tool pprof), one sample
// per allocation call stack, with the sample types of Go's heap profile and
// the high-water mark memray draws:
//
//	alloc_objects, alloc_space   allocations made during the window
//	inuse_objects, inuse_space   still live at its end (the leaks)
//	peak_objects, peak_space     live at the peak
//
// alloc_space is the default. numgo's own frames (those of nd, nd/mem,
// nd/ops, nd/linalg, nd/mmap, nd/numa, nd/expr and nd/random: the
// allocator and the array code that called it) are left out at the top of
// each stack, so `go tool pprof -top` lists the code that asked for the
// memory. The values are exact counts, not samples
// to be scaled.
//
//	p := mem.NewProfiler(mem.RecordStacks())
//	p.Profile(run)
//	f, _ := os.Create("mem.pb.gz")
//	p.WriteProfile(f) // then: go tool pprof -sample_index=peak_space -top mem.pb.gz
//
// It needs a Profiler made with RecordStacks, and a finished Profile.
func (p *Profiler) WriteProfile(w io.Writer) error {
	s := p.lastSession()
	switch {
	case s == nil:
		return errors.New("mem: WriteProfile: no profile has finished yet")
	case !s.cfg.stacks:
		return errors.New("mem: WriteProfile: the profiler records no stacks (make it with RecordStacks)")
	}
	s.mu.Lock()
	sites := make([]*site, 0, len(s.sites))
	for _, x := range s.sites {
		sites = append(sites, x)
	}
	body := encodeProfile(sites, s.t0.UnixNano(), int64(s.st.Duration))
	s.mu.Unlock()
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(body); err != nil {
		return err
	}
	return zw.Close()
}

// protoBuf encodes protocol-buffer messages (wire format: varints and
// length-delimited fields), enough of it for profile.proto.
type protoBuf struct{ b []byte }

func (e *protoBuf) varint(x uint64) {
	for x >= 0x80 {
		e.b = append(e.b, byte(x)|0x80)
		x >>= 7
	}
	e.b = append(e.b, byte(x))
}

// uint64Field writes a varint field; zero is the default and is left out.
func (e *protoBuf) uint64Field(tag int, x uint64) {
	if x != 0 {
		e.varint(uint64(tag) << 3)
		e.varint(x)
	}
}

func (e *protoBuf) int64Field(tag int, x int64) { e.uint64Field(tag, uint64(x)) }

func (e *protoBuf) bytesField(tag int, b []byte) {
	e.varint(uint64(tag)<<3 | 2)
	e.varint(uint64(len(b)))
	e.b = append(e.b, b...)
}

// packed writes a repeated varint field in packed form.
func (e *protoBuf) packed(tag int, xs []uint64) {
	var inner protoBuf
	for _, x := range xs {
		inner.varint(x)
	}
	e.bytesField(tag, inner.b)
}

// message writes a sub-message built by fn.
func (e *protoBuf) message(tag int, fn func(m *protoBuf)) {
	var inner protoBuf
	fn(&inner)
	e.bytesField(tag, inner.b)
}

// profile.proto field numbers.
const (
	profSampleType        = 1
	profSample            = 2
	profMapping           = 3
	profLocation          = 4
	profFunction          = 5
	profStringTable       = 6
	profTimeNanos         = 9
	profDurationNanos     = 10
	profPeriodType        = 11
	profPeriod            = 12
	profDefaultSampleType = 14
)

// profileEncoder holds the tables of one profile being written.
type profileEncoder struct {
	strings   []string
	stringIDs map[string]int64
	funcIDs   map[string]uint64 // by function name and file
	locIDs    map[uintptr]uint64
	locMem    map[uintptr]bool // the location is numgo's own code (internalFrame)
	locs, fns protoBuf
}

func (pe *profileEncoder) str(s string) int64 {
	if id, ok := pe.stringIDs[s]; ok {
		return id
	}
	id := int64(len(pe.strings))
	pe.strings = append(pe.strings, s)
	pe.stringIDs[s] = id
	return id
}

// location returns the id of the location of pc, writing it (and its
// functions) the first time.
func (pe *profileEncoder) location(pc uintptr) uint64 {
	if id, ok := pe.locIDs[pc]; ok {
		return id
	}
	id := uint64(len(pe.locIDs) + 1)
	pe.locIDs[pc] = id
	var lines [][2]int64 // function id, line; innermost first
	frames := runtime.CallersFrames([]uintptr{pc})
	outer, outerFile := "", ""
	for {
		f, more := frames.Next()
		if f.Function != "" {
			key := f.Function + "\x00" + f.File
			fid, ok := pe.funcIDs[key]
			if !ok {
				fid = uint64(len(pe.funcIDs) + 1)
				pe.funcIDs[key] = fid
				name, file := pe.str(f.Function), pe.str(f.File)
				pe.fns.message(profFunction, func(m *protoBuf) {
					m.uint64Field(1, fid)
					m.int64Field(2, name)
					m.int64Field(3, name)
					m.int64Field(4, file)
				})
			}
			lines = append(lines, [2]int64{int64(fid), int64(f.Line)})
			outer, outerFile = f.Function, f.File
		}
		if !more {
			break
		}
	}
	pe.locMem[pc] = internalFrame(outer, outerFile)
	pe.locs.message(profLocation, func(m *protoBuf) {
		m.uint64Field(1, id)
		m.uint64Field(2, 1) // the one mapping
		m.uint64Field(3, uint64(pc))
		for _, l := range lines {
			m.message(4, func(lm *protoBuf) {
				lm.uint64Field(1, uint64(l[0]))
				lm.int64Field(2, l[1])
			})
		}
	})
	return id
}

// encodeProfile encodes the sites as an uncompressed profile.proto.
func encodeProfile(sites []*site, timeNanos, durationNanos int64) []byte {
	pe := &profileEncoder{
		stringIDs: make(map[string]int64),
		funcIDs:   make(map[string]uint64),
		locIDs:    make(map[uintptr]uint64),
		locMem:    make(map[uintptr]bool),
	}
	pe.str("")
	var out protoBuf
	valueType := func(tag int, typ, unit string) {
		t, u := pe.str(typ), pe.str(unit)
		out.message(tag, func(m *protoBuf) {
			m.int64Field(1, t)
			m.int64Field(2, u)
		})
	}
	for _, st := range [][2]string{
		{"alloc_objects", "count"}, {"alloc_space", "bytes"},
		{"inuse_objects", "count"}, {"inuse_space", "bytes"},
		{"peak_objects", "count"}, {"peak_space", "bytes"},
	} {
		valueType(profSampleType, st[0], st[1])
	}
	// Biggest first, so the output is stable.
	slices.SortFunc(sites, func(a, b *site) int {
		return cmp.Or(cmp.Compare(b.allocBytes, a.allocBytes), slices.Compare(a.stack, b.stack))
	})
	for _, x := range sites {
		ids := make([]uint64, 0, len(x.stack))
		for _, pc := range x.stack {
			ids = append(ids, pe.location(pc))
		}
		// Leave out numgo's own frames at the top, keeping one at least.
		skip := 0
		for skip < len(ids)-1 && pe.locMem[x.stack[skip]] {
			skip++
		}
		vals := []uint64{uint64(x.allocs), uint64(x.allocBytes), uint64(x.inuse), uint64(x.inuseBytes), uint64(x.peak), uint64(x.peakBytes)}
		out.message(profSample, func(m *protoBuf) {
			m.packed(1, ids[skip:])
			m.packed(2, vals)
		})
	}
	exe, _ := os.Executable()
	exeID := pe.str(exe)
	out.message(profMapping, func(m *protoBuf) {
		m.uint64Field(1, 1)
		m.uint64Field(3, ^uint64(0)) // memory_limit: the whole address space
		m.int64Field(5, exeID)
		m.uint64Field(7, 1) // has_functions
		m.uint64Field(8, 1) // has_filenames
		m.uint64Field(9, 1) // has_line_numbers
	})
	out.b = append(out.b, pe.locs.b...)
	out.b = append(out.b, pe.fns.b...)
	space, bytes := pe.str("space"), pe.str("bytes")
	def := pe.str("alloc_space")
	for _, s := range pe.strings {
		out.bytesField(profStringTable, []byte(s))
	}
	out.int64Field(profTimeNanos, timeNanos)
	out.int64Field(profDurationNanos, durationNanos)
	out.message(profPeriodType, func(m *protoBuf) {
		m.int64Field(1, space)
		m.int64Field(2, bytes)
	})
	out.int64Field(profPeriod, 1)
	out.int64Field(profDefaultSampleType, def)
	return out.b
}
