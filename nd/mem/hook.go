package mem

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// The allocation hook: every numgo allocator reports what it hands out and
// takes back through TraceAlloc, TraceFree, TraceRealloc and TraceReset,
// and the active Profilers (see Profile) receive the events. With no
// profiler active a call is one atomic load of a nil pointer and a branch.

// tracers is the set of profiling windows open now; nil when none is.
// It is replaced, never changed in place, when a window opens or closes.
var tracers atomic.Pointer[tracerSet]

// tracerSet is the immutable list of open profiling windows.
type tracerSet struct {
	sessions []*session
	stacks   bool // some session records call stacks
}

// TraceAlloc tells the active profilers that owner handed out b, setting
// aside reserved bytes to serve it (len(b) when nothing else was set aside:
// reserved counts alignment padding, headers, the unused rest of a block).
// Allocators call it after every successful Alloc (a Realloc reports with
// TraceRealloc, an arena's Reset with TraceReset). A user's own Allocator
// calls it too, to be seen by Profile (see the example); a wrapper that
// serves every request from an inner allocator must not, as the inner one
// already does.
//
// With no profiler active it costs one atomic load.
func TraceAlloc(owner Allocator, b []byte, reserved int) {
	if t := tracers.Load(); t != nil {
		t.alloc(owner, b, reserved)
	}
}

// TraceFree tells the active profilers that owner took b back. An
// allocator calls it after a Free succeeds and before the memory can be
// handed out again (inside its lock, if it has one), so that an address
// reused at once is never seen as freed after its next allocation.
func TraceFree(owner Allocator, b []byte) {
	if t := tracers.Load(); t != nil {
		t.free(owner, addr(b))
	}
}

// TraceRealloc tells the active profilers that owner resized old into b
// (in place or by moving), with reserved bytes now set aside for it. Like
// TraceFree it is called before old's memory can be handed out again.
func TraceRealloc(owner Allocator, old, b []byte, reserved int) {
	if t := tracers.Load(); t != nil {
		t.realloc(owner, addr(old), b, reserved)
	}
}

// TraceReset tells the active profilers that owner took back everything it
// had handed out at once (an arena's Reset or Close).
func TraceReset(owner Allocator) {
	if t := tracers.Load(); t != nil {
		t.reset(owner)
	}
}

// maxStack is the number of call frames a stack keeps.
const maxStack = 32

// callers returns the program counters of the calling goroutine's stack,
// skipping skip frames above the caller of callers.
func callers(skip int) Stack {
	var pcs [maxStack]uintptr
	n := runtime.Callers(skip+2, pcs[:])
	return Stack(append([]uintptr(nil), pcs[:n]...))
}

func (t *tracerSet) alloc(owner Allocator, b []byte, reserved int) {
	var st Stack
	if t.stacks {
		st = callers(2) // skip alloc and TraceAlloc
	}
	for _, s := range t.sessions {
		s.alloc(owner, addr(b), len(b), reserved, st)
	}
}

func (t *tracerSet) free(owner Allocator, p uintptr) {
	for _, s := range t.sessions {
		s.free(owner, p)
	}
}

func (t *tracerSet) realloc(owner Allocator, old uintptr, b []byte, reserved int) {
	var st Stack
	if t.stacks {
		st = callers(2)
	}
	for _, s := range t.sessions {
		s.realloc(owner, old, addr(b), len(b), reserved, st)
	}
}

func (t *tracerSet) reset(owner Allocator) {
	for _, s := range t.sessions {
		s.reset(owner)
	}
}

// addTracer and removeTracer open and close a profiling window.
func addTracer(s *session) {
	for {
		old := tracers.Load()
		next := &tracerSet{stacks: s.cfg.stacks}
		if old != nil {
			next.sessions = append(next.sessions, old.sessions...)
			next.stacks = next.stacks || old.stacks
		}
		next.sessions = append(next.sessions, s)
		if tracers.CompareAndSwap(old, next) {
			return
		}
	}
}

func removeTracer(s *session) {
	for {
		old := tracers.Load()
		var next *tracerSet
		for _, o := range old.sessions {
			if o == s {
				continue
			}
			if next == nil {
				next = &tracerSet{}
			}
			next.sessions = append(next.sessions, o)
			next.stacks = next.stacks || o.cfg.stacks
		}
		if tracers.CompareAndSwap(old, next) {
			return
		}
	}
}

// Stack is a call stack recorded at an allocation: the program counters
// runtime.Callers returns, innermost first.
type Stack []uintptr

// internalPkgs are the numgo packages whose frames a Stack's Frames and
// WriteProfile leave out at the top of a stack, so that the first frame
// shown is the code that asked for the memory: the allocator's own (mem)
// and the array code between it and the user (nd and the packages that
// make arrays).
var internalPkgs = []string{"nd", "nd/mem", "nd/ops", "nd/linalg", "nd/mmap", "nd/numa", "nd/expr", "nd/random"}

// internalFrame reports whether a frame of function in file is numgo's
// own (see internalPkgs). A test file's frame is never internal, even in
// one of those packages: there the test is the user.
func internalFrame(function, file string) bool {
	const module = "github.com/numgo/numgo/"
	rest, ok := strings.CutPrefix(function, module)
	if !ok || strings.HasSuffix(file, "_test.go") {
		return false
	}
	// The package path ends at the last slash's following dot:
	// "nd/ops.Add.func1" is package nd/ops.
	slash := strings.LastIndexByte(rest, '/')
	dot := strings.IndexByte(rest[slash+1:], '.')
	if dot < 0 {
		return false
	}
	return slices.Contains(internalPkgs, rest[:slash+1+dot])
}

// Frames returns the stack's frames, innermost first, without numgo's own
// frames at its top (the allocator's and the array code's, see
// internalPkgs), keeping one frame at least.
func (s Stack) Frames() []runtime.Frame {
	var out []runtime.Frame
	frames := runtime.CallersFrames(s)
	top := true
	for {
		f, more := frames.Next()
		if top && more && internalFrame(f.Function, f.File) {
			continue
		}
		top = false
		if f.Function != "" {
			out = append(out, f)
		}
		if !more {
			return out
		}
	}
}

// String formats the stack as a panic does: one "function\n\tfile:line"
// pair per frame.
func (s Stack) String() string {
	var sb strings.Builder
	for _, f := range s.Frames() {
		sb.WriteString(f.Function)
		sb.WriteString("\n\t")
		sb.WriteString(f.File)
		sb.WriteByte(':')
		sb.WriteString(strconv.Itoa(f.Line))
		sb.WriteByte('\n')
	}
	return sb.String()
}
