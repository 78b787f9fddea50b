package asm

// The accuracy harness (issue 18): every math kernel against correctly
// rounded references, on every tier, over 10^6 inputs per range.
//
// Inputs come from splitmix64, mapped to each range (uniform in value, in
// the exponent, or in the bit pattern), so a set is reproduced from its
// name alone. Each reference is computed here in math/big at 160 bits
// (accuracy_ref_test.go) and rounded to the element type: hi (correctly
// rounded) and d, the rest in ulps of hi (exact = hi + d·ulp(hi)). The
// references of every set were certified once, record by record, by
// mpmath at 192 bits (testdata/accuracy/certify.py, run on a dump of the
// records this file writes); testdata/accuracy/refs.json keeps, per set,
// the SHA-256 of the records (so the test knows it recomputed exactly the
// certified references), the records where mpmath disagreed (their
// mpmath values replace ours) and the largest difference in d. See
// testdata/accuracy/README.md for the format and how to regenerate.
//
// The test measures, per function, element type and range, the largest
// distance in ulps from the correctly rounded result (the bound:
// at most 1) and the largest error against the exact value (fractional
// ulps), checks that every tier gives the same bits, and prints the table
// with -v. By default it runs the first accCI records of every set (the
// whole edge sets); -short runs accShort; NUMGO_ACCURACY=full runs all 10^6.

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Records per random set, and the prefixes run by default and in -short.
const (
	accFull  = 1_000_000
	accCI    = 8192
	accShort = 1024
)

var (
	accDump  = flag.String("accuracy.dump", "", "TestAccuracyDump writes every set's records to this directory for certify.py")
	accSets  = flag.String("accuracy.sets", "", "a regular expression: the accuracy sets to dump or test (all if empty)")
	accN     = flag.Int("accuracy.n", accFull, "TestAccuracyDump writes the first n records of every random set")
	accNames = flag.Bool("accuracy.names", false, "TestAccuracyDump lists the sets in sets.json without their records")
)

// splitmix is the splitmix64 generator.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// unit is a uniform float64 in [0, 1).
func (s *splitmix) unit() float64 { return float64(s.next()>>11) * 0x1p-53 }

// seedOf is a set's seed: FNV-1a of its name.
func seedOf(name string) splitmix {
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	return splitmix(h)
}

// accFormat describes an element type: explicit mantissa bits, least
// normal exponent, largest exponent.
type accFormat struct {
	f32        bool
	mant, emin int
}

var (
	fmt64 = accFormat{false, 52, -1022}
	fmt32 = accFormat{true, 23, -126}
)

func (f accFormat) String() string {
	if f.f32 {
		return "f32"
	}
	return "f64"
}

// round rounds x to the format (a float64 holding a float32 for f32).
func (f accFormat) round(x float64) float64 {
	if f.f32 {
		return float64(float32(x))
	}
	return x
}

// fromBits builds the format's value from a sign, a biased exponent (0:
// subnormal) and mantissa bits.
func (f accFormat) fromBits(neg bool, biased int, mant uint64) float64 {
	if f.f32 {
		b := uint32(biased)<<23 | uint32(mant&(1<<23-1))
		if neg {
			b |= 1 << 31
		}
		return float64(math.Float32frombits(b))
	}
	b := uint64(biased)<<52 | mant&(1<<52-1)
	if neg {
		b |= 1 << 63
	}
	return math.Float64frombits(b)
}

// bits is the format's bit pattern of a positive x, as an ordinal.
func (f accFormat) bits(x float64) uint64 {
	if f.f32 {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(x)
}

// ord is x's position on the format's number line (ord(next up) = ord+1;
// ±0 are both 0, ±Inf one beyond the largest finite).
func (f accFormat) ord(x float64) int64 {
	var b int64
	if f.f32 {
		b = int64(math.Float32bits(float32(x)) &^ (1 << 31))
	} else {
		b = int64(math.Float64bits(x) &^ (1 << 63))
	}
	if math.Signbit(x) {
		return -b
	}
	return b
}

// ulp is the unit in the last place at |x| (finite).
func (f accFormat) ulp(x float64) float64 {
	e := f.emin
	if x != 0 {
		_, e = math.Frexp(x)
		e = max(e-1, f.emin)
	}
	return math.Ldexp(1, e-f.mant)
}

// accGen draws one input of a random range in the format.
type accGen func(s *splitmix, f accFormat) float64

// uni is uniform in value on [a, b].
func uni(a, b float64) accGen {
	return func(s *splitmix, f accFormat) float64 { return f.round(a + float64((b-a)*s.unit())) }
}

// expo is (1+m)·2^e with e uniform in [e0, e1) and m uniform in the
// format's mantissa bits, of random sign when signed: uniform in the
// exponent.
func expo(e0, e1 int, signed bool) accGen {
	return func(s *splitmix, f accFormat) float64 {
		r := s.next()
		e := e0 + int(r%uint64(e1-e0))
		neg := signed && r>>63 == 1
		return f.fromBits(neg, e+(1<<(f.bitsExp()-1))-1, s.next())
	}
}

// bitsExp is the number of exponent bits.
func (f accFormat) bitsExp() int {
	if f.f32 {
		return 8
	}
	return 11
}

// bitsIn is uniform in the bit patterns of the positive values from lo to
// hi (lo < hi, both finite), of random sign when signed.
func bitsIn(lo, hi float64, signed bool) accGen {
	return func(s *splitmix, f accFormat) float64 {
		a, b := f.bits(f.round(lo)), f.bits(f.round(hi))
		r := s.next()
		v := a + (r>>1)%(b-a+1)
		if f.f32 {
			x := float64(math.Float32frombits(uint32(v)))
			if signed && r&1 == 1 {
				x = -x
			}
			return x
		}
		x := math.Float64frombits(v)
		if signed && r&1 == 1 {
			x = -x
		}
		return x
	}
}

// accRange is one range of inputs of a function: random (gen) or a list
// of edge values (edges).
type accRange struct {
	name  string
	gen   func(f accFormat) accGen
	gen2  func(s *splitmix, f accFormat) (x, y float64) // for a function of two inputs
	edges func(f accFormat) []float64
	pairs func(f accFormat) [][2]float64 // edges of a function of two inputs
}

// same makes a range that does not depend on the format.
func same(g accGen) func(accFormat) accGen { return func(accFormat) accGen { return g } }

// per makes a range with one generator per format.
func per(g64, g32 accGen) func(accFormat) accGen {
	return func(f accFormat) accGen {
		if f.f32 {
			return g32
		}
		return g64
	}
}

// accFunc is a function under test: its name (the kernel's in
// mathKernels/trigKernels and the reference's), its domain and its ranges.
type accFunc struct {
	name   string
	domain func(x float64) bool // finite inputs the references cover
	ranges []accRange
	// centres of the edge windows, per format: thresholds, branch points.
	centres func(f accFormat) []float64
}

func all(float64) bool { return true }

// maxOf is the format's largest finite value.
func maxOf(f accFormat) float64 {
	if f.f32 {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// minSub is the format's least subnormal.
func minSub(f accFormat) float64 { return math.Ldexp(1, f.emin-f.mant) }

// inverse is the float in the format nearest to the x in [lo, hi] where
// ref(x) crosses y (ref increasing), by bisection on the references.
func inverse(name string, target *big.Float, lo, hi float64, f accFormat) float64 {
	for range 200 {
		mid := f.round(lo + (hi-lo)/2)
		if mid == lo || mid == hi {
			break
		}
		if refUnary(name, mid).Cmp(target) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// overflowAt is where an increasing ref reaches the format's overflow
// threshold (the largest finite plus half an ulp).
func overflowAt(name string, lo, hi float64, f accFormat) float64 {
	return inverse(name, pow2(2-f.emin, -1, f.mant+1), lo, hi, f) // 2^(emax+1)·(1 - 2^-(mant+2))
}

// underflowAt is where an increasing ref reaches half the least subnormal.
func underflowAt(name string, lo, hi float64, f accFormat) float64 {
	return inverse(name, pow2(f.emin-f.mant-1, 0, 0), lo, hi, f)
}

// roundsToOneAt is where an increasing ref below 1 reaches 1 - 2^-(mant+2),
// from where it rounds to 1.
func roundsToOneAt(name string, lo, hi float64, f accFormat) float64 {
	return inverse(name, pow2(0, -1, f.mant+1), lo, hi, f)
}

// pow2 is 2^e·(1 + s·2^-(m+1)) exactly (s is 0 or -1).
func pow2(e, s, m int) *big.Float {
	v := new(big.Float).SetMantExp(big.NewFloat(1), e)
	if s != 0 {
		v.SetPrec(uint(m)+8).Sub(v, new(big.Float).SetMantExp(big.NewFloat(1), e-m-1))
	}
	return v
}

// accFuncs lists the functions, their ranges and edges.
func accFuncs() []accFunc {
	pos := func(x float64) bool { return x >= 0 }
	unit := func(x float64) bool { return x >= -1 && x <= 1 }
	expWide := per(uni(-746, 710), uni(-104, 89))
	small := same(expo(-60, 0, true))
	allPos := same(bitsIn(0, math.Inf(1), false))
	allFin := same(bitsIn(0, math.Inf(1), true))
	return []accFunc{
		{"exp", all, []accRange{{name: "wide", gen: expWide}, {name: "small", gen: small}},
			func(f accFormat) []float64 {
				return []float64{overflowAt("exp", 80, 720, f), underflowAt("exp", -760, -100, f), 0x1p-30}
			}},
		{"exp2", all, []accRange{{name: "wide", gen: per(uni(-1076, 1025), uni(-151, 129))}, {name: "small", gen: small}},
			func(f accFormat) []float64 {
				return []float64{float64(f.emin - f.mant - 1), -float64(f.emin - 2), float64(f.emin), 0x1p-30}
			}},
		{"expm1", all, []accRange{{name: "wide", gen: expWide}, {name: "small", gen: small}},
			func(f accFormat) []float64 {
				return []float64{overflowAt("expm1", 80, 720, f), -40, 0x1p-30, -0x1p-30, 0.5, -0.5}
			}},
		{"log", pos, []accRange{{name: "all", gen: allPos}, {name: "near1", gen: same(uni(0.5, 2))}}, logCentres},
		{"log2", pos, []accRange{{name: "all", gen: allPos}, {name: "near1", gen: same(uni(0.5, 2))}}, logCentres},
		{"log10", pos, []accRange{{name: "all", gen: allPos}, {name: "near1", gen: same(uni(0.5, 2))}}, logCentres},
		{"log1p", func(x float64) bool { return x > -1 }, []accRange{
			{name: "all", gen: allPos}, {name: "neg", gen: same(uni(-1, 0))}, {name: "small", gen: small}},
			func(accFormat) []float64 { return []float64{-1 + 0x1p-20, 0x1p-30, -0x1p-30, 0.25, -0.25} }},
		{"sigmoid", all, []accRange{{name: "wide", gen: per(uni(-746, 40), uni(-105, 18))}, {name: "small", gen: small}},
			func(f accFormat) []float64 {
				return []float64{underflowAt("sigmoid", -760, -100, f), roundsToOneAt("sigmoid", 1, 50, f)}
			}},
		{"tanh", all, []accRange{{name: "wide", gen: same(uni(-20, 20))}, {name: "small", gen: small}},
			func(f accFormat) []float64 { return []float64{roundsToOneAt("tanh", 1, 30, f), 1, 0x1p-30} }},
		{"cosh", all, []accRange{{name: "wide", gen: per(uni(-711, 711), uni(-90, 90))}, {name: "mid", gen: same(uni(-5, 5))}},
			func(f accFormat) []float64 { return []float64{overflowAt("cosh", 80, 720, f), 0x1p-30} }},
		{"sin", all, trigRanges, trigCentres},
		{"cos", all, trigRanges, trigCentres},
		{"tan", all, trigRanges, trigCentres},
		{"atan", all, []accRange{{name: "mid", gen: same(uni(-4, 4))}, {name: "all", gen: allFin}},
			func(accFormat) []float64 { return []float64{7.0 / 16, 11.0 / 16, 19.0 / 16, 39.0 / 16, 1, 0x1p66} }},
		{"asin", unit, asinRanges, asinCentres},
		{"acos", unit, asinRanges, asinCentres},
		{"sinh", all, []accRange{{name: "wide", gen: per(uni(-711, 711), uni(-90, 90))}, {name: "small", gen: small}},
			func(f accFormat) []float64 { return []float64{overflowAt("sinh", 80, 720, f), 0x1p-30, 1} }},
		{"erf", all, []accRange{{name: "mid", gen: same(uni(-6, 6))}, {name: "small", gen: small}},
			func(f accFormat) []float64 { return []float64{roundsToOneAt("erf", 1, 10, f), 2, 0x1p-30} }},
		{"pow", all, powRanges, nil},
		{"sqrt", pos, []accRange{{name: "all", gen: allPos}, {name: "mid", gen: same(uni(0, 4))}},
			func(accFormat) []float64 { return []float64{1, 2, 4} }},
		{"floor", all, roundRanges, roundCentres},
		{"ceil", all, roundRanges, roundCentres},
		{"trunc", all, roundRanges, roundCentres},
		{"roundToEven", all, roundRanges, roundCentres},
	}
}

var (
	trigRanges = []accRange{
		{name: "small", gen: same(uni(-2*math.Pi, 2*math.Pi))},
		{name: "mid", gen: same(uni(-1e6, 1e6))},
		{name: "all", gen: same(bitsIn(0, math.Inf(1), true))},
	}
	asinRanges = []accRange{
		{name: "unit", gen: same(uni(-1, 1))},
		{name: "all", gen: same(bitsIn(0, 1, true))},
	}
	roundRanges = []accRange{
		{name: "mid", gen: same(uni(-1e3, 1e3))},
		{name: "all", gen: same(bitsIn(0, math.Inf(1), true))},
	}
)

// powRanges: x over every magnitude with y scaled so that x^y spans the
// whole range of the format, over- and underflow included; x in (0, 10]
// with y in [-30, 30]; x in [-10, 10] with integer y in [-40, 40].
var powRanges = []accRange{
	{name: "wide", gen2: func(s *splitmix, f accFormat) (x, y float64) {
		x = bitsIn(0, math.Inf(1), false)(s, f)
		e := float64(f.emin - f.mant)
		if x != 0 {
			_, ex := math.Frexp(x)
			e = float64(ex - 1)
		}
		span := float64(2 - f.emin + f.mant + 2) // log2 of the format's range, and a little
		y = span / max(math.Abs(e), 1) * (2*s.unit() - 1)
		return x, f.round(y)
	}},
	{name: "mid", gen2: func(s *splitmix, f accFormat) (x, y float64) {
		return uni(0, 10)(s, f), uni(-30, 30)(s, f)
	}},
	{name: "negint", gen2: func(s *splitmix, f accFormat) (x, y float64) {
		return uni(-10, 10)(s, f), float64(int(s.next()%81) - 40)
	}},
}

// powEdges are pow's edge pairs: 2^y over every exponent (exact, subnormal
// and overflowing results), x next to 1 with huge y, a negative x with
// every integer y to overflow, and subnormal x.
func powEdges(f accFormat) [][2]float64 {
	var ps [][2]float64
	for y := float64(f.emin - f.mant - 2); y <= float64(2-f.emin); y += 0.125 {
		ps = append(ps, [2]float64{2, y}, [2]float64{2, -y})
	}
	for _, c := range []float64{1, -1} {
		x, up := c, c
		for range accEdgeWindow {
			x, up = f.next(x, -1), f.next(up, 1)
			for _, y := range []float64{math.Ldexp(1, f.mant), -math.Ldexp(1, f.mant+6), 1e3, 0x1p20 + 1} {
				ps = append(ps, [2]float64{x, y}, [2]float64{up, y})
			}
		}
	}
	for y := -800.0; y <= 800; y++ {
		ps = append(ps, [2]float64{-3, y}, [2]float64{-1.5, y})
	}
	for e := f.emin - f.mant; e <= f.emin; e++ {
		for _, y := range []float64{0.5, -0.5, 1, -1, 2, -2, 1.5, -0.03} {
			ps = append(ps, [2]float64{math.Ldexp(1, e), y}, [2]float64{math.Ldexp(3, e-1), y})
		}
	}
	return ps
}

// powDomain reports whether pow's reference covers x^y (x finite and
// nonzero, an integer y for x < 0).
func powDomain(x, y float64) bool { return x > 0 || y == math.Trunc(y) }

func logCentres(accFormat) []float64 { return []float64{1, 2, 0.5, 10} }

// trigCentres are floats nearest to multiples of π/2 (the reduction's
// hardest inputs) and the vector kernels' bounds.
func trigCentres(f accFormat) []float64 {
	c := []float64{0x1p20, 0x1p12, math.Pi / 4}
	for _, k := range []float64{1, 2, 3, 4, 7, 100, 1001, 1 << 20, 1 << 30} {
		c = append(c, k*math.Pi/2)
	}
	if !f.f32 {
		c = append(c, 6381956970095103*0x1p797) // the float64 nearest to a multiple of π/2
	}
	return c
}

func asinCentres(accFormat) []float64 { return []float64{1, 0.5, 0.975, 0x1p-30} }

func roundCentres(f accFormat) []float64 {
	return []float64{0.5, 1.5, 2.5, 1, math.Ldexp(1, f.mant), math.Ldexp(1, f.mant+1)}
}

// accEdgeWindow is the number of consecutive floats taken on each side of
// an edge centre.
const accEdgeWindow = 200

// edgeInputs lists a function's edge set: windows of consecutive floats
// around its centres (both signs), around ±1, the least normal and the
// largest finite, every subnormal binade's ends, all in its domain.
func edgeInputs(fn accFunc, f accFormat) []float64 {
	centres := append(fn.centres(f), 1, math.Ldexp(1, f.emin), maxOf(f), minSub(f), 2*minSub(f))
	var xs []float64
	add := func(x float64) {
		if !math.IsInf(x, 0) && !math.IsNaN(x) && x != 0 && fn.domain(x) {
			xs = append(xs, x)
		}
	}
	for _, c := range centres {
		for _, sign := range []float64{1, -1} {
			c := f.round(sign * c)
			up, down := c, c
			add(c)
			for range accEdgeWindow {
				up, down = f.next(up, 1), f.next(down, -1)
				add(up)
				add(down)
			}
		}
	}
	for e := f.emin - f.mant; e <= f.emin; e++ { // each subnormal binade, both ends
		add(math.Ldexp(1, e))
		add(-math.Ldexp(1, e))
		add(f.next(math.Ldexp(1, e), -1))
	}
	sort.Float64s(xs)
	return compactFloats(xs)
}

// compactFloats drops repeated values from sorted xs.
func compactFloats(xs []float64) []float64 {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// next is the neighbour of x in the format toward +Inf (dir 1) or -Inf.
func (f accFormat) next(x float64, dir int) float64 {
	if f.f32 {
		return float64(math.Nextafter32(float32(x), float32(math.Inf(dir))))
	}
	return math.Nextafter(x, math.Inf(dir))
}

// accSet is one set of records: a function, a format and a range.
type accSet struct {
	fn  accFunc
	f   accFormat
	rng accRange
}

func (s accSet) name() string { return s.fn.name + "/" + s.f.String() + "/" + s.rng.name }

// accSetList lists every set, an edge set per function and format after
// its random ones.
func accSetList() []accSet {
	var sets []accSet
	for _, fn := range accFuncs() {
		for _, f := range []accFormat{fmt64, fmt32} {
			for _, r := range fn.ranges {
				sets = append(sets, accSet{fn, f, r})
			}
			edges := accRange{name: "edges", edges: func(f accFormat) []float64 { return edgeInputs(fn, f) }}
			if fn.name == "pow" {
				edges = accRange{name: "edges", pairs: powEdges}
			}
			sets = append(sets, accSet{fn, f, edges})
		}
	}
	return sets
}

// inputs returns the set's first n inputs (its whole edge list) as
// records without their references.
func (s accSet) inputs(n int) []accRecord {
	var recs []accRecord
	if s.rng.pairs != nil {
		for _, p := range s.rng.pairs(s.f) {
			if x, y := s.f.round(p[0]), s.f.round(p[1]); finite(x) && finite(y) && x != 0 && powDomain(x, y) {
				recs = append(recs, accRecord{x: x, y: y})
			}
		}
		return recs
	}
	if s.rng.edges != nil {
		for _, x := range s.rng.edges(s.f) {
			recs = append(recs, accRecord{x: x})
		}
		return recs
	}
	seed := s.seed()
	if s.rng.gen2 != nil {
		for len(recs) < n {
			x, y := s.rng.gen2(&seed, s.f)
			if finite(x) && finite(y) && x != 0 && powDomain(x, y) {
				recs = append(recs, accRecord{x: x, y: y})
			}
		}
		return recs
	}
	g := s.rng.gen(s.f)
	for len(recs) < n {
		x := g(&seed, s.f)
		if finite(x) && x != 0 && s.fn.domain(x) {
			recs = append(recs, accRecord{x: x})
		}
	}
	return recs
}

// two reports whether the set's function has two inputs (pow).
func (s accSet) two() bool { return s.fn.name == "pow" }

func (s accSet) seed() splitmix { return seedOf(s.name()) }

// input says what the record's input is.
func (r accRecord) input(s accSet) string {
	if s.two() {
		return fmt.Sprintf("x = %v, y = %v", r.x, r.y)
	}
	return fmt.Sprintf("x = %v", r.x)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// accRecord is an input (x, and y for pow) and its reference: exact = hi
// + d·ulp(hi), hi correctly rounded (±Inf beyond the overflow threshold,
// d = 0 there).
type accRecord struct{ x, y, hi, d float64 }

// reference computes the record's hi and d.
func (s accSet) reference(r accRecord) accRecord {
	var v *big.Float
	if s.two() {
		v = refPow(r.x, r.y)
	} else {
		v = refUnary(s.fn.name, r.x)
	}
	x := r.x
	var hi float64
	if s.f.f32 {
		h, _ := v.Float32()
		hi = float64(h)
	} else {
		hi, _ = v.Float64()
	}
	if math.IsInf(hi, 0) {
		return accRecord{x, r.y, hi, 0}
	}
	if hi == 0 && v.Sign() != 0 {
		hi = math.Copysign(0, float64(v.Sign()))
	}
	rest := new(big.Float).SetPrec(refPrec).Sub(v, new(big.Float).SetFloat64(hi))
	rest.Quo(rest, new(big.Float).SetFloat64(s.f.ulp(hi)))
	d, _ := rest.Float64()
	return accRecord{x, r.y, hi, d}
}

// records computes the set's first n records (all of an edge set) on
// every CPU.
func (s accSet) records(n int) []accRecord {
	recs := s.inputs(n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(recs); i += workers {
				recs[i] = s.reference(recs[i])
			}
		}()
	}
	wg.Wait()
	return recs
}

// encodeRecords appends the records as little-endian float64s, x, hi, d
// (x, y, hi, d for a function of two inputs): the dump format certify.py
// reads and the digests are taken over.
func encodeRecords(b []byte, recs []accRecord, two bool) []byte {
	for _, r := range recs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.x))
		if two {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.y))
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.hi))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.d))
	}
	return b
}

// accFixture is testdata/accuracy/refs.json.
type accFixture struct {
	Prec int                     `json:"mpmath_prec"`
	Sets map[string]accCertified `json:"sets"`
}

// accCertified is what certify.py found for one set.
type accCertified struct {
	N          int               `json:"n"`
	Digests    map[string]string `json:"sha256"` // by record count: the first 1024, 8192 and all
	MaxDiffD   float64           `json:"max_diff_d"`
	Exceptions []accException    `json:"exceptions"`
}

// accException is a record where mpmath's reference differs from ours:
// its index and mpmath's hi and d (hi as the hex bits of a float64).
type accException struct {
	I  int     `json:"i"`
	Hi string  `json:"hi"`
	D  float64 `json:"d"`
}

func readAccFixture(t *testing.T) accFixture {
	b, err := os.ReadFile(filepath.Join("testdata", "accuracy", "refs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx accFixture
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	return fx
}

// selectedSets is accSetList filtered by -accuracy.sets.
func selectedSets(t *testing.T) []accSet {
	re, err := regexp.Compile(*accSets)
	if err != nil {
		t.Fatalf("-accuracy.sets: %v", err)
	}
	var out []accSet
	for _, s := range accSetList() {
		if re.MatchString(s.name()) {
			out = append(out, s)
		}
	}
	return out
}

// TestAccuracyDump writes every selected set's full records and a list of
// the sets to -accuracy.dump, for testdata/accuracy/certify.py.
func TestAccuracyDump(t *testing.T) {
	if *accDump == "" {
		t.Skip("writes the records for certify.py: give -accuracy.dump DIR")
	}
	type entry struct {
		Name, Func, Type, Range, File string
		Arity                         int
	}
	var list []entry
	for _, s := range selectedSets(t) {
		file := strings.ReplaceAll(s.name(), "/", "_") + ".bin"
		arity := 1
		if s.two() {
			arity = 2
		}
		list = append(list, entry{s.name(), s.fn.name, s.f.String(), s.rng.name, file, arity})
		if *accNames {
			continue
		}
		recs := s.records(*accN)
		if err := os.WriteFile(filepath.Join(*accDump, file), encodeRecords(nil, recs, s.two()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d records", s.name(), len(recs))
	}
	b, err := json.MarshalIndent(list, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*accDump, "sets.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// accAPI is a function's kernels, as functions of two inputs (y unused
// by the others).
type accAPI struct {
	f32 func(dst, x, y []float32)
	f64 func(dst, x, y []float64)
}

func unaryAPI(f32 func(dst, x []float32), f64 func(dst, x []float64)) accAPI {
	return accAPI{func(dst, x, _ []float32) { f32(dst, x) }, func(dst, x, _ []float64) { f64(dst, x) }}
}

// accAPIs are the kernels under test, by name.
var accAPIs = map[string]accAPI{
	"exp": unaryAPI(Exp[float32], Exp[float64]), "exp2": unaryAPI(Exp2[float32], Exp2[float64]),
	"expm1": unaryAPI(Expm1[float32], Expm1[float64]), "log": unaryAPI(Log[float32], Log[float64]),
	"log2": unaryAPI(Log2[float32], Log2[float64]), "log10": unaryAPI(Log10[float32], Log10[float64]),
	"log1p": unaryAPI(Log1p[float32], Log1p[float64]), "sigmoid": unaryAPI(Sigmoid[float32], Sigmoid[float64]),
	"tanh": unaryAPI(Tanh[float32], Tanh[float64]), "cosh": unaryAPI(Cosh[float32], Cosh[float64]),
	"sinh": unaryAPI(Sinh[float32], Sinh[float64]), "erf": unaryAPI(Erf[float32], Erf[float64]),
	"sin": unaryAPI(Sin[float32], Sin[float64]), "cos": unaryAPI(Cos[float32], Cos[float64]),
	"tan": unaryAPI(Tan[float32], Tan[float64]), "atan": unaryAPI(Atan[float32], Atan[float64]),
	"asin": unaryAPI(Asin[float32], Asin[float64]), "acos": unaryAPI(Acos[float32], Acos[float64]),
	"sqrt": unaryAPI(Sqrt[float32], Sqrt[float64]), "floor": unaryAPI(Floor[float32], Floor[float64]),
	"ceil": unaryAPI(Ceil[float32], Ceil[float64]), "trunc": unaryAPI(Trunc[float32], Trunc[float64]),
	"roundToEven": unaryAPI(RoundToEven[float32], RoundToEven[float64]),
	"pow":         {Pow[float32], Pow[float64]},
}

// runKernel runs the kernel of format f over the records' inputs on the
// tier in force.
func runKernel(k accAPI, f accFormat, recs []accRecord) []float64 {
	out := make([]float64, len(recs))
	if f.f32 {
		x32, y32, d32 := make([]float32, len(recs)), make([]float32, len(recs)), make([]float32, len(recs))
		for i, r := range recs {
			x32[i], y32[i] = float32(r.x), float32(r.y)
		}
		k.f32(d32, x32, y32)
		for i, v := range d32 {
			out[i] = float64(v)
		}
		return out
	}
	x64, y64 := make([]float64, len(recs)), make([]float64, len(recs))
	for i, r := range recs {
		x64[i], y64[i] = r.x, r.y
	}
	k.f64(out, x64, y64)
	return out
}

// accKnownBounds are the largest distances from the correctly rounded
// result tolerated today where a kernel exceeds 1 ulp (set name prefix:
// bound); every entry is a defect reported to issue 18.
var accKnownBounds = map[string]int64{}

// accRow is one line of the table.
type accRow struct {
	set        string
	n          int
	dist       int64   // largest distance in ulps from the correctly rounded result
	distAt     string  // where
	distGot    float64 // the kernel's result there
	frac       float64 // largest error against the exact value, in ulps
	fracAt     string  // where
	zeroSign   string  // an input whose zero result has the wrong sign
	exceptions int
}

// TestAccuracy measures every kernel against the certified references on
// every tier (see the file comment).
func TestAccuracy(t *testing.T) {
	fx := readAccFixture(t)
	n := accCI
	switch {
	case os.Getenv("NUMGO_ACCURACY") == "full":
		n = accFull
	case testing.Short():
		n = accShort
	}
	var rows []accRow
	for _, s := range selectedSets(t) {
		k, ok := accAPIs[s.fn.name]
		if !ok {
			t.Errorf("%s: no kernel named %s", s.name(), s.fn.name)
			continue
		}
		cert, ok := fx.Sets[s.name()]
		if !ok {
			t.Errorf("%s: not certified in testdata/accuracy/refs.json (run certify.py)", s.name())
			continue
		}
		if n > cert.N && s.rng.edges == nil && s.rng.pairs == nil {
			if n == accFull {
				t.Errorf("%s: only the first %d records are certified (run certify.py without a limit)", s.name(), cert.N)
			}
			n = cert.N
		}
		recs := s.records(n)
		key := fmt.Sprint(len(recs))
		if len(recs) == cert.N {
			key = "all"
		}
		sum := sha256.Sum256(encodeRecords(nil, recs, s.two()))
		if want := cert.Digests[key]; hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s: the first %d references differ from the certified ones (SHA-256 %x, certified %q): the generator or the references changed; rerun certify.py",
				s.name(), len(recs), sum[:8], want)
			continue
		}
		exc := 0
		for _, e := range cert.Exceptions {
			if e.I < len(recs) {
				var bits uint64
				fmt.Sscanf(e.Hi, "%x", &bits)
				recs[e.I].hi, recs[e.I].d = math.Float64frombits(bits), e.D
				exc++
			}
		}
		var first []float64
		var firstTier string
		for _, v := range variants() {
			restore := v.force()
			got := runKernel(k, s.f, recs)
			restore()
			if first == nil {
				first, firstTier = got, v.name
				continue
			}
			for i := range got {
				if !sameBits(got[i], first[i]) {
					t.Errorf("%s: tier %s gives %v for %s, tier %s %v", s.name(), v.name, got[i], recs[i].input(s), firstTier, first[i])
					break
				}
			}
		}
		row := measure(s, recs, first)
		row.exceptions = exc
		rows = append(rows, row)
		bound := int64(1)
		for prefix, b := range accKnownBounds {
			if strings.HasPrefix(s.name(), prefix) {
				bound = b
			}
		}
		if row.zeroSign != "" {
			t.Errorf("%s: a zero of the wrong sign at %s", s.name(), row.zeroSign)
		}
		if row.dist > bound {
			t.Errorf("%s: %d ulp from the correctly rounded result at %s (got %v)", s.name(), row.dist, row.distAt, row.distGot)
		}
	}
	var b strings.Builder
	var tiers []string
	for _, v := range variants() {
		tiers = append(tiers, v.name)
	}
	fmt.Fprintf(&b, "%d records a random set (NUMGO_ACCURACY=full: %d), tiers %s\n", n, accFull, strings.Join(tiers, ", "))
	fmt.Fprintf(&b, "%-28s %8s %4s %7s  %s\n", "set", "inputs", "ulp", "exact", "where the exact error is largest")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-28s %8d %4d %7.3f  %v\n", r.set, r.n, r.dist, r.frac, r.fracAt)
	}
	t.Log("\n" + b.String())
}

// measure finds the largest errors of got against the records.
func measure(s accSet, recs []accRecord, got []float64) accRow {
	row := accRow{set: s.name(), n: len(recs), distAt: "-", fracAt: "-"}
	for i, r := range recs {
		g := got[i]
		dist, frac := int64(math.MaxInt64), math.Inf(1)
		if !math.IsNaN(g) {
			dist = s.f.ord(g) - s.f.ord(r.hi)
			if dist < 0 {
				dist = -dist
			}
			frac = float64(dist)
			if !math.IsInf(g, 0) && !math.IsInf(r.hi, 0) {
				frac = math.Abs((g-r.hi)/s.f.ulp(r.hi) - r.d)
			}
		}
		if g == 0 && r.hi == 0 && math.Signbit(g) != math.Signbit(r.hi) && row.zeroSign == "" {
			row.zeroSign = r.input(s)
		}
		if dist > row.dist {
			row.dist, row.distAt, row.distGot = dist, r.input(s), g
		}
		if frac > row.frac {
			row.frac, row.fracAt = frac, r.input(s)
		}
	}
	return row
}

// TestAccuracySpecials checks the results IEEE 754, C99 and NumPy give for
// ±0, ±Inf, NaN and inputs outside the domain, bit for bit (a NaN's sign
// and payload aside), for every function, both element types, every tier.
func TestAccuracySpecials(t *testing.T) {
	inf, nan, nz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	halfPi := func(f accFormat) float64 { return f.roundBig(consts().halfPi) }
	type c = [2]float64
	common := map[string][]c{
		"exp":         {{0, 1}, {nz, 1}, {inf, inf}, {-inf, 0}},
		"exp2":        {{0, 1}, {nz, 1}, {inf, inf}, {-inf, 0}},
		"expm1":       {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -1}},
		"log":         {{0, -inf}, {nz, -inf}, {inf, inf}, {-inf, nan}, {-1, nan}, {-1e-45, nan}, {1, 0}},
		"log2":        {{0, -inf}, {nz, -inf}, {inf, inf}, {-inf, nan}, {-1, nan}, {1, 0}},
		"log10":       {{0, -inf}, {nz, -inf}, {inf, inf}, {-inf, nan}, {-1, nan}, {1, 0}},
		"log1p":       {{0, 0}, {nz, nz}, {-1, -inf}, {-2, nan}, {inf, inf}, {-inf, nan}},
		"sigmoid":     {{0, 0.5}, {nz, 0.5}, {inf, 1}, {-inf, 0}},
		"tanh":        {{0, 0}, {nz, nz}, {inf, 1}, {-inf, -1}},
		"cosh":        {{0, 1}, {nz, 1}, {inf, inf}, {-inf, inf}},
		"sinh":        {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -inf}},
		"erf":         {{0, 0}, {nz, nz}, {inf, 1}, {-inf, -1}},
		"sin":         {{0, 0}, {nz, nz}, {inf, nan}, {-inf, nan}},
		"cos":         {{0, 1}, {nz, 1}, {inf, nan}, {-inf, nan}},
		"tan":         {{0, 0}, {nz, nz}, {inf, nan}, {-inf, nan}},
		"atan":        {{0, 0}, {nz, nz}},
		"asin":        {{0, 0}, {nz, nz}, {inf, nan}, {-inf, nan}, {1.5, nan}, {-1.5, nan}},
		"acos":        {{1, 0}, {inf, nan}, {-inf, nan}, {1.5, nan}, {-1.5, nan}},
		"sqrt":        {{0, 0}, {nz, nz}, {inf, inf}, {-inf, nan}, {-1, nan}},
		"floor":       {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -inf}, {-0.5, -1}},
		"ceil":        {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -inf}, {-0.5, nz}},
		"trunc":       {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -inf}, {-0.5, nz}},
		"roundToEven": {{0, 0}, {nz, nz}, {inf, inf}, {-inf, -inf}, {-0.5, nz}, {0.5, 0}, {-2.5, -2}},
	}
	// pow: x, y, x^y (C99 Annex F, as Pow's documentation lists).
	powCases := [][3]float64{
		{nan, 0, 1}, {inf, nz, 1}, {0, 0, 1}, {-3, 0, 1}, {1, nan, 1}, {1, inf, 1}, {1, -inf, 1},
		{nan, 1, nan}, {2, nan, nan}, {-8, 1.0 / 3, nan}, {-2, 0.5, nan},
		{0, -3, inf}, {nz, -3, -inf}, {0, -2, inf}, {nz, -2, inf}, {nz, -inf, inf}, {0, -0.5, inf},
		{0, 3, 0}, {nz, 3, nz}, {nz, 2, 0}, {nz, inf, 0}, {nz, 0.5, 0},
		{-1, inf, 1}, {-1, -inf, 1}, {0.5, -inf, inf}, {0.5, inf, 0}, {-0.5, inf, 0}, {2, -inf, 0}, {2, inf, inf}, {-2, inf, inf},
		{inf, -1, 0}, {inf, 2, inf}, {inf, 0.5, inf}, {-inf, 3, -inf}, {-inf, -3, nz}, {-inf, 2, inf},
		{-inf, -2, 0}, {-inf, 0.5, inf}, {-inf, -0.5, 0},
	}
	for name, api := range accAPIs {
		t.Run(name, func(t *testing.T) {
			forTiers(t, func(t *testing.T) {
				for _, f := range []accFormat{fmt64, fmt32} {
					var cases [][3]float64
					if name == "pow" {
						cases = powCases
					} else {
						for _, cs := range common[name] {
							cases = append(cases, [3]float64{cs[0], 0, cs[1]})
						}
						cases = append(cases, [3]float64{nan, 0, nan})
						switch name {
						case "atan":
							cases = append(cases, [3]float64{inf, 0, halfPi(f)}, [3]float64{-inf, 0, -halfPi(f)})
						case "acos":
							cases = append(cases, [3]float64{0, 0, halfPi(f)}, [3]float64{nz, 0, halfPi(f)})
						}
					}
					recs := make([]accRecord, len(cases))
					for i, cs := range cases {
						recs[i] = accRecord{x: cs[0], y: cs[1]}
					}
					got := runKernel(api, f, recs)
					for i, cs := range cases {
						if want := f.round(cs[2]); !sameBits(got[i], want) {
							t.Errorf("%s %s(%v, y %v) = %v, want %v", f, name, cs[0], cs[1], got[i], want)
						}
					}
				}
			})
		})
	}
}

// roundBig is x rounded to the format.
func (f accFormat) roundBig(x *big.Float) float64 {
	if f.f32 {
		v, _ := x.Float32()
		return float64(v)
	}
	v, _ := x.Float64()
	return v
}
