package random

import (
	"fmt"
	"math"

	"github.com/numgo/numgo/nd"
)

// The normal ziggurat has 256 layers of equal area under exp(-x²/2), as
// NumPy's (Marsaglia and Tsang's method, with Doornik's 52-bit layout):
// one 64-bit draw gives the layer (8 bits), the sign (1 bit) and a 52-bit
// abscissa, accepted at once unless it falls past the layer below's edge
// (about 1% of draws), when the exact density decides, or in the base
// layer's tail, which is sampled by Marsaglia's exponential method. The
// tables are computed at start-up from the base layer's edge r and the
// common area v.
const (
	zigR = 3.6541528853610088
	zigV = 0.00492867323399
)

var (
	zigK [256]uint64  // acceptance thresholds on the 52-bit abscissa
	zigW [256]float64 // abscissa scale per layer
	zigF [256]float64 // density at each layer's edge
)

func init() {
	const m = 1 << 52
	dn, tn := zigR, zigR
	q := zigV / math.Exp(-0.5*dn*dn)
	zigK[0] = uint64(dn / q * m)
	zigK[1] = 0
	zigW[0] = q / m
	zigW[255] = dn / m
	zigF[0] = 1
	zigF[255] = math.Exp(-0.5 * dn * dn)
	for i := 254; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+math.Exp(-0.5*dn*dn)))
		zigK[i+1] = uint64(dn / tn * m)
		tn = dn
		zigF[i] = math.Exp(-0.5 * dn * dn)
		zigW[i] = dn / m
	}
}

// normal returns a standard normal deviate.
func (g *Generator) normal() float64 {
	for {
		if x, ok := g.layer(g.pcg.Uint64()); ok {
			return x
		}
	}
}

// zig is the ziggurat's fast path on the draw r: the deviate and true
// when r falls inside its layer's rectangle (about 99% of draws).
func zig(r uint64) (float64, bool) {
	i := r & 0xff
	ab := r >> 9 & (1<<52 - 1)
	// The sign bit (bit 8 of r) moves to the float's sign without a
	// branch: a branch on a random bit mispredicts half the time.
	x := math.Float64frombits(math.Float64bits(float64(ab)*zigW[i]) ^ (r&0x100)<<55)
	return x, ab < zigK[i]
}

// layer finishes a draw that the fast path did not accept: in the base
// layer's tail beyond r, or in a wedge under the density, where the exact
// density decides (false: draw again).
func (g *Generator) layer(r uint64) (float64, bool) {
	x, ok := zig(r)
	if ok {
		return x, true
	}
	i := r & 0xff
	if i == 0 { // the tail beyond r
		for {
			xx := -math.Log1p(-g.float64()) / zigR
			yy := -math.Log1p(-g.float64())
			if yy+yy > xx*xx {
				if r&0x100 != 0 {
					return -(zigR + xx), true
				}
				return zigR + xx, true
			}
		}
	}
	return x, (zigF[i-1]-zigF[i])*g.float64()+zigF[i] < math.Exp(-0.5*x*x)
}

// Normal returns an array of the given shape from the options' allocator
// filled with normal deviates of the given mean and standard deviation
// (mean + std·z, z standard normal by the ziggurat). A negative or
// non-finite std is an error wrapping ErrParam.
//
//	z, err := random.Normal[float64](g, []int{1000}, 0, 1)
func Normal[T nd.Float](g *Generator, shape []int, mean, std T, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkScale("Normal", "std", float64(std)); err != nil {
		return nil, err
	}
	return alloc("Normal", shape, opts, func(a *nd.Array[T]) error { return NormalInto(a, g, mean, std) })
}

// NormalInto fills dst with normal deviates of the given mean and
// standard deviation.
func NormalInto[T nd.Float](dst *nd.Array[T], g *Generator, mean, std T) error {
	if err := checkScale("NormalInto", "std", float64(std)); err != nil {
		return err
	}
	return fill("NormalInto", dst, func(d []T) {
		if d64, ok := any(d).([]float64); ok {
			g.normals(d64, float64(mean), float64(std))
			return
		}
		for i := range d {
			d[i] = mean + std*T(g.next())
		}
	})
}

// next returns a standard normal deviate, the fast path inlined.
func (g *Generator) next() float64 {
	r := g.pcg.Uint64()
	x, ok := zig(r)
	if !ok {
		if x, ok = g.layer(r); !ok {
			x = g.normal()
		}
	}
	return x
}

// normals fills d with mean + std·z; the float64 loop, apart from the
// generic one so that it compiles to straight code.
func (g *Generator) normals(d []float64, mean, std float64) {
	for i := range d {
		d[i] = mean + std*g.next()
	}
}

// Exponential returns an array of the given shape filled with exponential
// deviates of the given scale (mean; NumPy's scale = 1/rate), by
// inversion: -scale·log(1-u). A negative or non-finite scale is an error
// wrapping ErrParam.
func Exponential[T nd.Float](g *Generator, shape []int, scale T, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkScale("Exponential", "scale", float64(scale)); err != nil {
		return nil, err
	}
	return alloc("Exponential", shape, opts, func(a *nd.Array[T]) error { return ExponentialInto(a, g, scale) })
}

// ExponentialInto fills dst with exponential deviates of the given scale.
func ExponentialInto[T nd.Float](dst *nd.Array[T], g *Generator, scale T) error {
	if err := checkScale("ExponentialInto", "scale", float64(scale)); err != nil {
		return err
	}
	return fill("ExponentialInto", dst, func(d []T) {
		for i := range d {
			d[i] = scale * T(-math.Log1p(-g.float64()))
		}
	})
}

func checkScale(name, what string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return fmt.Errorf("random: %s: %w: %s = %g must be finite and non-negative", name, ErrParam, what, v)
	}
	return nil
}
