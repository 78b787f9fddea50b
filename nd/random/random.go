// Package random fills nd arrays with pseudo-random numbers from a seeded,
// reproducible Generator, as NumPy's numpy.random.Generator does:
//
//	g := random.New(42)
//	x, err := random.Normal[float64](g, []int{1000, 3}, 0, 1, nd.With(arena))
//	err = random.UniformInto(y, g, -1, 1)
//
// A Generator is math/rand/v2's PCG (128-bit state, 64-bit output) seeded
// from the seed through a hash, so nearby seeds give unrelated streams.
// The same seed gives the same numbers on every machine and in every
// release that does not announce a change; the values fill an array in
// row-major order of its indices whatever its layout.
//
// The streams are not NumPy's bit for bit: the bit generator (Go's PCG,
// not NumPy's PCG64 with its SeedSequence), the seeding and the
// algorithms differ (a 256-layer ziggurat of this package's own tables
// for Normal, inversion for Exponential, Hörmann's PTRS and BTRS for
// Poisson and Binomial). The distributions are the same, and the tests
// check them statistically.
//
// # Goroutines
//
// A Generator is not safe for concurrent use. Spawn gives independent
// generators for goroutines, as NumPy's SeedSequence.spawn: each child is
// seeded from its parent's seed and its own position in the spawn tree,
// so a program that spawns in the same order gets the same streams
// however its goroutines are scheduled.
package random

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/numgo/numgo/nd"
)

// ErrParam is wrapped by the errors of a distribution given parameters
// outside its domain (a negative scale, lo >= hi, p outside [0, 1], ...).
var ErrParam = errors.New("random: bad parameter")

// Generator is a seeded stream of pseudo-random numbers. Its zero value is
// not usable; make one with New or Spawn.
type Generator struct {
	pcg     rand.PCG
	path    []uint64 // the seed, then the child index at each level of Spawn
	spawned uint64
}

// New returns a Generator seeded with seed.
func New(seed uint64) *Generator { return newPath([]uint64{seed}) }

func newPath(path []uint64) *Generator {
	g := &Generator{path: path}
	g.pcg.Seed(hashPath(path, 0x243f6a8885a308d3), hashPath(path, 0x13198a2e03707344))
	return g
}

// hashPath mixes the words of path, starting from salt, with the
// SplitMix64 finaliser after each word.
func hashPath(path []uint64, salt uint64) uint64 {
	h := salt
	for _, w := range path {
		h = mix64(h ^ mix64(w+0x9e3779b97f4a7c15))
	}
	return h
}

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Spawn returns n new generators, independent of g and of each other, for
// use on other goroutines. Each is seeded from g's seed and its index in
// g's sequence of spawned children (so the k-th child spawned from a
// generator is always the same stream); spawning does not advance g's own
// stream.
//
//	for i, c := range g.Spawn(4) {
//		go work(i, c)
//	}
func (g *Generator) Spawn(n int) []*Generator {
	out := make([]*Generator, n)
	for i := range out {
		path := append(slices.Clone(g.path), g.spawned)
		g.spawned++
		out[i] = newPath(path)
	}
	return out
}

// Uint64 returns the next 64 random bits of g's stream.
func (g *Generator) Uint64() uint64 { return g.pcg.Uint64() }

// float64 returns a uniform float64 in [0, 1) with 53 random bits.
func (g *Generator) float64() float64 { return float64(g.pcg.Uint64()>>11) * 0x1p-53 }

// uint64n returns a uniform integer in [0, n) (n > 0), unbiased by
// Lemire's multiply-and-reject.
func (g *Generator) uint64n(n uint64) uint64 {
	hi, lo := mul64(g.pcg.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = mul64(g.pcg.Uint64(), n)
		}
	}
	return hi
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += a0 * b1
	return a1*b1 + w2 + w1>>32, a * b
}

// fill writes f() into every element of dst in row-major order of its
// indices. A dense row-major dst is written in place; any other layout
// goes through a temporary on the Go heap.
func fill[T nd.Number](name string, dst *nd.Array[T], f func(d []T)) error {
	if err := dst.Err(); err != nil {
		return fmt.Errorf("random: %s: %w", name, err)
	}
	if err := dst.Writable(); err != nil {
		return fmt.Errorf("random: %s: %w", name, err)
	}
	if dst.Layout() == nd.RowMajor {
		f(dst.Data())
		return nil
	}
	tmp := make([]T, dst.Size())
	f(tmp)
	src, err := nd.Wrap(tmp, dst.Shape())
	if err == nil {
		err = nd.Copy(dst, src)
	}
	if err != nil {
		return fmt.Errorf("random: %s: %w", name, err)
	}
	return nil
}

// alloc makes the result of an allocating form and fills it with into,
// freeing it if into fails.
func alloc[T nd.Number](name string, shape []int, opts []nd.Option, into func(*nd.Array[T]) error) (*nd.Array[T], error) {
	a, err := nd.Empty[T](shape, opts...)
	if err != nil {
		return nil, fmt.Errorf("random: %s: %w", name, err)
	}
	if err := into(a); err != nil {
		a.Free()
		return nil, err
	}
	return a, nil
}

// Uniform returns an array of the given shape from the options' allocator
// (mem.Default unless nd.With names another) filled with numbers uniform
// in [lo, hi): lo + (hi-lo)·u for u uniform in [0, 1) with 53 random bits
// (24 for float32), which, as NumPy's, can round up to hi. lo > hi, or
// either not finite, is an error wrapping ErrParam.
//
//	x, err := random.Uniform[float64](g, []int{3, 4}, -1, 1)
func Uniform[T nd.Float](g *Generator, shape []int, lo, hi T, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkRange("Uniform", float64(lo), float64(hi)); err != nil {
		return nil, err
	}
	return alloc("Uniform", shape, opts, func(a *nd.Array[T]) error { return UniformInto(a, g, lo, hi) })
}

// UniformInto fills dst with numbers uniform in [lo, hi).
func UniformInto[T nd.Float](dst *nd.Array[T], g *Generator, lo, hi T) error {
	if err := checkRange("UniformInto", float64(lo), float64(hi)); err != nil {
		return err
	}
	var one T = 1
	f32 := one+T(0x1p-30) == one // float32 cannot hold 1 + 2^-30
	return fill("UniformInto", dst, func(d []T) {
		w := hi - lo
		for i := range d {
			var u T
			if f32 {
				u = T(float32(g.pcg.Uint64()>>40) * 0x1p-24)
			} else {
				u = T(g.float64())
			}
			d[i] = lo + w*u
		}
	})
}

func checkRange(name string, lo, hi float64) error {
	if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmt.Errorf("random: %s: %w: range [%g, %g) is not a finite interval", name, ErrParam, lo, hi)
	}
	return nil
}
