package random

import (
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
)

// Integers returns an array of the given shape filled with integers
// uniform in [lo, hi), unbiased (Lemire's multiply-and-reject), as NumPy's
// Generator.integers(lo, hi). lo >= hi is an error wrapping ErrParam.
//
//	dice, err := random.Integers[int](g, []int{10}, 1, 7)
func Integers[T nd.Integer](g *Generator, shape []int, lo, hi T, opts ...nd.Option) (*nd.Array[T], error) {
	if lo >= hi {
		return nil, fmt.Errorf("random: Integers: %w: lo %v >= hi %v", ErrParam, lo, hi)
	}
	return alloc("Integers", shape, opts, func(a *nd.Array[T]) error { return IntegersInto(a, g, lo, hi) })
}

// IntegersInto fills dst with integers uniform in [lo, hi).
func IntegersInto[T nd.Integer](dst *nd.Array[T], g *Generator, lo, hi T) error {
	if lo >= hi {
		return fmt.Errorf("random: IntegersInto: %w: lo %v >= hi %v", ErrParam, lo, hi)
	}
	span := uint64(hi) - uint64(lo) // modulo 2^64, exact for every kind
	return fill("IntegersInto", dst, func(d []T) {
		for i := range d {
			d[i] = lo + T(g.uint64n(span))
		}
	})
}

// Poisson returns an array of the given shape filled with Poisson
// deviates of mean lam: by multiplying uniforms for lam < 10, by Hörmann's
// transformed rejection (PTRS, as NumPy) from 10 on. A negative or
// non-finite lam, or one above 1e10 (NumPy's limit too), is an error
// wrapping ErrParam.
func Poisson[T nd.Real](g *Generator, shape []int, lam float64, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkLam("Poisson", lam); err != nil {
		return nil, err
	}
	return alloc("Poisson", shape, opts, func(a *nd.Array[T]) error { return PoissonInto(a, g, lam) })
}

// PoissonInto fills dst with Poisson deviates of mean lam.
func PoissonInto[T nd.Real](dst *nd.Array[T], g *Generator, lam float64) error {
	if err := checkLam("PoissonInto", lam); err != nil {
		return err
	}
	return fill("PoissonInto", dst, func(d []T) {
		if lam >= 10 {
			p := newPTRS(lam)
			for i := range d {
				d[i] = T(p.draw(g))
			}
			return
		}
		enlam := math.Exp(-lam)
		for i := range d {
			k, prod := 0, 1.0
			for {
				prod *= g.float64()
				if prod <= enlam {
					break
				}
				k++
			}
			d[i] = T(k)
		}
	})
}

func checkLam(name string, lam float64) error {
	if !(lam >= 0) || lam > 1e10 {
		return fmt.Errorf("random: %s: %w: lam = %g must be in [0, 1e10]", name, ErrParam, lam)
	}
	return nil
}

// ptrs holds the constants of Hörmann's PTRS for one mean.
type ptrs struct{ lam, loglam, b, a, invalpha, vr float64 }

func newPTRS(lam float64) ptrs {
	slam := math.Sqrt(lam)
	b := 0.931 + 2.53*slam
	return ptrs{lam: lam, loglam: math.Log(lam), b: b, a: -0.059 + 0.02483*b,
		invalpha: 1.1239 + 1.1328/(b-3.4), vr: 0.9277 - 3.6224/(b-2)}
}

func (p ptrs) draw(g *Generator) float64 {
	for {
		u := g.float64() - 0.5
		v := g.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*p.a/us+p.b)*u + p.lam + 0.43)
		if us >= 0.07 && v <= p.vr {
			return k
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(p.invalpha)-math.Log(p.a/(us*us)+p.b) <= -p.lam+k*p.loglam-lg {
			return k
		}
	}
}

// Binomial returns an array of the given shape filled with binomial
// deviates: successes in n trials of probability p. By inversion while
// n·min(p, 1-p) < 10, by Hörmann's transformed rejection (BTRS) above.
// n < 0 or p outside [0, 1] is an error wrapping ErrParam.
func Binomial[T nd.Real](g *Generator, shape []int, n int, p float64, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkBinomial("Binomial", n, p); err != nil {
		return nil, err
	}
	return alloc("Binomial", shape, opts, func(a *nd.Array[T]) error { return BinomialInto(a, g, n, p) })
}

// BinomialInto fills dst with binomial deviates of n trials of
// probability p.
func BinomialInto[T nd.Real](dst *nd.Array[T], g *Generator, n int, p float64) error {
	if err := checkBinomial("BinomialInto", n, p); err != nil {
		return err
	}
	flip := p > 0.5
	if flip {
		p = 1 - p
	}
	return fill("BinomialInto", dst, func(d []T) {
		var draw func() int
		switch {
		case p == 0 || n == 0:
			draw = func() int { return 0 }
		case float64(n)*p < 10:
			q := 1 - p
			s, qn := p/q, math.Pow(q, float64(n))
			a := float64(n+1) * s
			draw = func() int {
				for {
					r, u, x := qn, g.float64(), 0
					for u > r {
						u -= r
						x++
						if x > n {
							break // lost to rounding: draw again
						}
						r *= a/float64(x) - s
					}
					if x <= n {
						return x
					}
				}
			}
		default:
			b := newBTRS(n, p)
			draw = func() int { return b.draw(g) }
		}
		for i := range d {
			k := draw()
			if flip {
				k = n - k
			}
			d[i] = T(k)
		}
	})
}

func checkBinomial(name string, n int, p float64) error {
	if n < 0 || !(p >= 0 && p <= 1) {
		return fmt.Errorf("random: %s: %w: n = %d, p = %g (want n >= 0, 0 <= p <= 1)", name, ErrParam, n, p)
	}
	return nil
}

// btrs holds the constants of Hörmann's BTRS for n trials of probability
// p <= 1/2 with n·p >= 10.
type btrs struct {
	n                       int
	a, b, c, vr, alpha, lpq float64
	m, h                    float64
}

func newBTRS(n int, p float64) btrs {
	q := 1 - p
	spq := math.Sqrt(float64(n) * p * q)
	b := 1.15 + 2.53*spq
	m := math.Floor(float64(n+1) * p)
	l1, _ := math.Lgamma(m + 1)
	l2, _ := math.Lgamma(float64(n) - m + 1)
	return btrs{n: n, b: b, a: -0.0873 + 0.0248*b + 0.01*p, c: float64(n)*p + 0.5,
		vr: 0.92 - 4.2/b, alpha: (2.83 + 5.1/b) * spq, lpq: math.Log(p / q), m: m, h: l1 + l2}
}

func (t btrs) draw(g *Generator) int {
	for {
		u := g.float64() - 0.5
		v := g.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*t.a/us+t.b)*u + t.c)
		if k < 0 || k > float64(t.n) {
			continue
		}
		if us >= 0.07 && v <= t.vr {
			return int(k)
		}
		v = math.Log(v * t.alpha / (t.a/(us*us) + t.b))
		l1, _ := math.Lgamma(k + 1)
		l2, _ := math.Lgamma(float64(t.n) - k + 1)
		if v <= t.h-l1-l2+(k-t.m)*t.lpq {
			return int(k)
		}
	}
}
