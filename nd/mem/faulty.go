package mem

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"sync"
)

// FaultConfig chooses which allocation requests a Faulty allocator fails.
// Requests are its Alloc and Realloc calls, counted from 1 in the order
// they arrive. The zero FaultConfig fails none.
type FaultConfig struct {
	// FailNth fails the FailNth request and no other (0: none). Running a
	// piece of code with FailNth = 1, 2, 3, ... until it succeeds fails
	// each of its allocation sites in turn.
	FailNth int
	// Probability fails each request with this probability, drawn from a
	// generator seeded with Seed, so a run can be repeated.
	Probability float64
	Seed        uint64
}

// Faulty is an Allocator that fails chosen allocation requests with an
// error wrapping ErrOutOfMemory and passes everything else to its inner
// allocator, so that callers can test their error paths: each must return
// the error and leave nothing allocated (a Checked allocator beneath it
// proves that).
//
//	for n := 1; ; n++ {
//		f := mem.NewFaulty(checked, mem.FaultConfig{FailNth: n})
//		_, err := build(f)
//		if f.Injected() == 0 { break } // every site has been failed once
//		// err must wrap mem.ErrOutOfMemory; checked must hold nothing
//	}
//
// Frees always pass. Its counters are the inner allocator's (failures it
// injects are counted by Injected, not in Stats.Failed); Unwrap returns the
// inner allocator.
type Faulty struct {
	passthrough
	cfg FaultConfig

	mu       sync.Mutex
	rng      *rand.Rand
	calls    int64
	injected int64
}

// NewFaulty returns an allocator that fails the requests cfg chooses and
// passes the others to inner. A nil inner panics (see Wrapper).
func NewFaulty(inner Allocator, cfg FaultConfig) *Faulty {
	return &Faulty{passthrough: passthrough{mustInner("NewFaulty", inner)}, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9E3779B97F4A7C15))}
}

// inject counts a request and returns the injected error when it is to
// fail.
func (f *Faulty) inject(op string, size, align int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	fail := f.cfg.FailNth > 0 && f.calls == int64(f.cfg.FailNth) ||
		f.cfg.Probability > 0 && f.rng.Float64() < f.cfg.Probability
	if !fail {
		return nil
	}
	f.injected++
	return fmt.Errorf("%w: Faulty.%s(%d, align %d): injected failure of request %d", ErrOutOfMemory, op, size, align, f.calls)
}

// Alloc fails when the configuration says so and otherwise allocates from
// the inner allocator.
func (f *Faulty) Alloc(size, align int) ([]byte, error) {
	if err := f.inject("Alloc", size, align); err != nil {
		return nil, err
	}
	return f.inner.Alloc(size, align)
}

// Realloc fails when the configuration says so (b stays valid) and
// otherwise resizes b on the inner allocator.
func (f *Faulty) Realloc(b []byte, newSize, align int) ([]byte, error) {
	if err := f.inject("Realloc", newSize, align); err != nil {
		return nil, err
	}
	return f.inner.Realloc(b, newSize, align)
}

// Free frees b on the inner allocator; it is never failed.
func (f *Faulty) Free(b []byte) error { return f.inner.Free(b) }

// Calls returns the number of allocation requests seen so far.
func (f *Faulty) Calls() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Injected returns the number of requests failed so far.
func (f *Faulty) Injected() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.injected
}

// mustInner returns inner, and panics naming the constructor ctor when it
// is nil: a wrapper over no allocator is a programming error, reported
// where it is made rather than at its first Alloc.
func mustInner(ctor string, inner Allocator) Allocator {
	if inner == nil {
		panic("mem: " + ctor + ": the inner allocator is nil")
	}
	return inner
}

// passthrough gives a wrapper that keeps no accounting of its own the
// inner allocator's counters and the Wrapper interface.
type passthrough struct{ inner Allocator }

// Unwrap returns the inner allocator.
func (w passthrough) Unwrap() Allocator { return w.inner }

// Allocated returns the inner allocator's Allocated.
func (w passthrough) Allocated() int64 { return w.inner.Allocated() }

// Peak returns the inner allocator's Peak.
func (w passthrough) Peak() int64 { return w.inner.Peak() }

// ResetPeak resets the inner allocator's Peak.
func (w passthrough) ResetPeak() { w.inner.ResetPeak() }

// Stats returns the inner allocator's Stats (Allocated and Peak only when
// it reports none).
func (w passthrough) Stats() Stats {
	if r, ok := w.inner.(StatsReporter); ok {
		return r.Stats()
	}
	return Stats{Allocated: w.inner.Allocated(), Peak: w.inner.Peak()}
}

// FailEach checks the error paths of run, which allocates from the
// allocator it is given: it runs run once failing its first allocation
// request, once failing its second, and so on (FaultConfig.FailNth = 1, 2,
// ...), each time through a Faulty over a fresh Checked over inner, until a
// run makes fewer requests than the one to fail. A run that was failed
// must return an error wrapping ErrOutOfMemory and leave nothing allocated;
// run must free what it keeps (its results) before returning nil. The last
// run, which fails nothing, is also profiled: whatever it allocated from any
// numgo allocator (mem.Default included, for code that allocates
// temporaries of its own) and left live is a leak too.
//
//	n, err := mem.FailEach(mem.Default, func(a mem.Allocator) error {
//		c, err := ops.Add(x, y, nd.With(a))
//		if err != nil {
//			return err
//		}
//		return c.Free()
//	})
//
// It returns the number of allocation requests the successful run made
// (each was failed once) and an error describing each broken path, with
// the stacks of the leaked buffers. A nil inner or run is an error
// wrapping fs.ErrInvalid.
func FailEach(inner Allocator, run func(a Allocator) error) (int, error) {
	if inner == nil || run == nil {
		return 0, fmt.Errorf("mem: FailEach: the inner allocator or the run is nil: %w", fs.ErrInvalid)
	}
	const maxSites = 10000
	var errs []error
	for n := 1; n <= maxSites; n++ {
		c := NewChecked(inner)
		f := NewFaulty(c, FaultConfig{FailNth: n})
		p := NewProfiler(RecordStacks())
		stats, err := p.Profile(func() error { return run(f) })
		if f.Injected() == 0 {
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("the run with no failure returned %w", err))
			case stats.Leaks > 0:
				errs = append(errs, fmt.Errorf("the run with no failure left %d buffers (%d bytes) live:%s", stats.Leaks, stats.LeakedBytes, listAllocations(p.Leaks())))
			}
			return n - 1, errors.Join(errs...)
		}
		switch {
		case !errors.Is(err, ErrOutOfMemory):
			errs = append(errs, fmt.Errorf("allocation %d failed: the run returned %v, want an error wrapping ErrOutOfMemory", n, err))
		case c.Allocated() != 0:
			errs = append(errs, fmt.Errorf("allocation %d failed: %d bytes left live:%s", n, c.Allocated(), listAllocations(c.Leaks())))
		}
	}
	return maxSites, errors.Join(append(errs, fmt.Errorf("more than %d allocations", maxSites))...)
}

func listAllocations(as []Allocation) string {
	var sb strings.Builder
	for _, a := range as {
		sb.WriteString("\n")
		sb.WriteString(a.String())
	}
	return sb.String()
}
