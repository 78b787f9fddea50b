package main

// The math kernels (exp, log, sqrt, floor, ...) are written once, as a
// program in a small vocabulary of vector operations (fn and its methods),
// and that one program is emitted three ways: AVX-512 assembly (Z
// registers, k-masked tails), AVX2+FMA assembly (Y registers) and the
// pure-Go twin (one element at a time, math.FMA where the assembly fuses).
// Every operation of the vocabulary rounds exactly as the instruction it
// stands for, so the three give bit-identical results by construction.

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
)

// val names a value of a program: an index into fn.nodes.
type val int

// node is one operation of a program.
type node struct {
	op   string
	args []val
	imm  int      // shift count, rounding mode or comparison predicate
	bits uint64   // the bit pattern of a constant
	mask bool     // the value is a lane mask, not a vector
	tab  []uint64 // the entries of a lookup's table, as bit patterns
}

// fn is a math kernel's program for one element type.
type fn struct {
	e     elem
	nodes []node
	out   val
	// wide is set for a float32 kernel computed in float64 (e is f64): its
	// input is converted to float64 exactly and its result rounded to
	// float32 once, at the end.
	wide bool
}

func (f *fn) node(n node) val {
	f.nodes = append(f.nodes, n)
	return val(len(f.nodes) - 1)
}

func (f *fn) is64() bool { return f.e.size == 8 }

// in is the input element.
func (f *fn) in() val { return f.node(node{op: "in"}) }

// reload is the input in (an "in" node) read again from memory: a program
// that needs its input only early and at its end (special values, the
// sign) uses it there, so that no register holds the input in between
// (fewer live values, more copies interleaved).
func (f *fn) reload(in val) val {
	if f.nodes[in].op != "in" {
		panic("reload: not an input")
	}
	return f.node(node{op: "reload", imm: int(in)})
}

// c is the constant x, rounded to the element type.
func (f *fn) c(x float64) val {
	if f.is64() {
		return f.bitsc(math.Float64bits(x))
	}
	return f.bitsc(uint64(math.Float32bits(float32(x))))
}

// bitsc is a constant given by its bit pattern.
func (f *fn) bitsc(b uint64) val { return f.node(node{op: "const", bits: b}) }

func (f *fn) op(op string, args ...val) val { return f.node(node{op: op, args: args}) }

// The arithmetic, each rounded once, as IEEE 754 specifies.
func (f *fn) add(a, b val) val { return f.op("add", a, b) }
func (f *fn) sub(a, b val) val { return f.op("sub", a, b) }
func (f *fn) mul(a, b val) val { return f.op("mul", a, b) }
func (f *fn) div(a, b val) val { return f.op("div", a, b) }
func (f *fn) sqrt(a val) val   { return f.op("sqrt", a) }

// fma is a*b + c, fnma is c - a*b and fms is a*b - c, each rounded once.
func (f *fn) fma(a, b, c val) val  { return f.op("fma", a, b, c) }
func (f *fn) fnma(a, b, c val) val { return f.op("fnma", a, b, c) }
func (f *fn) fms(a, b, c val) val  { return f.op("fms", a, b, c) }

// min is a < b ? a : b and max is a > b ? a : b, as VMINPD and VMAXPD
// (so a NaN in either gives b).
func (f *fn) min(a, b val) val { return f.op("min", a, b) }
func (f *fn) max(a, b val) val { return f.op("max", a, b) }

// absMin is min(|a|, b) for a positive b that is not NaN, with the sign
// cleared: one VRANGEPD on AVX-512 (imm 10: the smaller magnitude, sign
// 0), in place of an and and a min; lower makes it those two for the other
// targets. A NaN a gives a NaN on AVX-512 and b elsewhere: the kernels
// that use it settle the NaN lanes by a fixup of the input.
func (f *fn) absMin(a, b val) val { return f.op("absMin", a, b) }

// Rounding modes of round, as the immediate of VROUNDPD and VRNDSCALEPD.
const (
	rEven  = 0
	rFloor = 1
	rCeil  = 2
	rTrunc = 3
)

// round rounds a to an integer in mode m.
func (f *fn) round(m int, a val) val { return f.node(node{op: "round", args: []val{a}, imm: m}) }

// getexp is the exponent of a finite nonzero a as a float (floor(log2|a|),
// subnormals included) and getmant its significand in [1, 2) with a's
// sign: VGETEXPPD and VGETMANTPD on AVX-512; lower builds them from the
// bits for the other targets, alike for positive finite a (what the
// logarithms give them: their other lanes are settled by fixup).
func (f *fn) getexp(a val) val  { return f.op("getexp", a) }
func (f *fn) getmant(a val) val { return f.op("getmant", a) }

// lookup is the entry of table that the low bits of idx's bit pattern
// select: 32 float32 entries (five bits) or 16 float64 ones (four). On
// AVX-512 one VPERMT2PS or VPERMT2PD from the table's two halves; on AVX2
// for float32 four VPERMPS of eight entries each and three blends on idx's
// bits 3 and 4, for float64 one VGATHERQPD from the table in memory (the
// index masked first); in the twin an index into a Go array.
func (f *fn) lookup(idx val, table []float64) val {
	bits := make([]uint64, len(table))
	for i, v := range table {
		if f.is64() {
			bits[i] = math.Float64bits(v)
		} else {
			bits[i] = uint64(math.Float32bits(float32(v)))
		}
	}
	if len(table) != 128/f.e.size {
		panic("lookup: tables of 32 float32 or 16 float64 entries only")
	}
	return f.node(node{op: "lookup", args: []val{idx}, tab: bits})
}

// tables holds the lookup tables the assembly uses, by DATA symbol name
// (tableName), for writeConsts.
var tables = map[string][]uint64{}

// tableName is the name of a lookup table with entries tab of e: "mathTable"
// (float32) or "mathTab64" (float64) and the FNV-1a hash of its bits
// (without the assembly's "<>").
func tableName(e elem, tab []uint64) string {
	h := fnv.New64a()
	for _, b := range tab {
		fmt.Fprintf(h, "%x,", b)
	}
	if e.size == 8 {
		return fmt.Sprintf("mathTab64%016x", h.Sum64())
	}
	return fmt.Sprintf("mathTable%016x", h.Sum64())
}

// scale is a * 2^k for an integer-valued k, rounded once.
func (f *fn) scale(a, k val) val { return f.op("scale", a, k) }

// Comparison predicates, as the immediate of VCMPPD.
const (
	cEq    = 0x00 // a == b
	cUnord = 0x03 // a or b is NaN
	cNeq   = 0x04 // a != b (true when unordered)
	cLt    = 0x11 // a < b
	cLe    = 0x12 // a <= b
	cNlt   = 0x15 // !(a < b)
	cGe    = 0x1D // a >= b
	cGt    = 0x1E // a > b
)

// cmp is the mask of lanes where a pred b.
func (f *fn) cmp(pred int, a, b val) val {
	return f.node(node{op: "cmp", args: []val{a, b}, imm: pred, mask: true})
}

// signmask is the mask of lanes whose sign bit is set (VPMOVQ2M on
// AVX-512; AVX2's blends read the sign bit of a vector mask, so there it
// is the value itself).
func (f *fn) signmask(a val) val { return f.node(node{op: "signmask", args: []val{a}, mask: true}) }

// report notes the lanes of mask m as left to Go: a kernel whose program
// reports returns whether any lane of any vector was in such a mask (the
// OR of each vector's mask: KMOVW or VMOVMSK into a general register, no
// vector or mask register held), so that its caller searches its output
// only then. It has no value; it goes before m's last use, so that m dies
// where it did.
func (f *fn) report(m val) { f.node(node{op: "report", args: []val{m}}) }

// reports reports whether f's program has a report node.
func (f *fn) reports() bool {
	return slices.ContainsFunc(f.nodes, func(n node) bool { return n.op == "report" })
}

// blend is m ? t : e, lane by lane.
func (f *fn) blend(m, t, e val) val { return f.op("blend", m, t, e) }

// scaleWhere is m ? scale(a, k) : e, lane by lane: on AVX-512 one
// VSCALEFPD merge-masked into a copy of e (the blend's latency off the
// chain through a); lower makes it scale and blend for the other targets.
func (f *fn) scaleWhere(m, a, k, e val) val { return f.op("scaleWhere", m, a, k, e) }

// addWhere and mulWhere are m ? a+b : a and m ? a·b : a, lane by lane:
// on AVX-512 one merge-masked instruction into a's register (or a copy),
// where a blend of two constants and the operation took three with the
// constants' broadcasts; lower makes them the operation and a blend.
func (f *fn) addWhere(m, a, b val) val { return f.op("addWhere", m, a, b) }
func (f *fn) mulWhere(m, a, b val) val { return f.op("mulWhere", m, a, b) }

// The classes of fixup's input x, as VFIXUPIMMPD's tokens, and fxNaN for
// both NaN classes.
const (
	fxQNaN   = iota // quiet NaN
	fxSNaN          // signalling NaN
	fxZero          // ±0
	fxOne           // +1
	fxNegInf        // -Inf
	fxPosInf        // +Inf
	fxNeg           // negative and finite (subnormals included)
	fxPos           // positive and finite, +1 included unless fxOne says otherwise
	fxNaN
)

// The answers fixup gives a class, as VFIXUPIMMPD's responses.
const (
	fxKeep     = 0  // y
	fxSrc      = 1  // x itself
	fxQuiet    = 2  // x quieted (NaN classes only): x + x
	fxIndef    = 3  // the default NaN, sign bit set
	fxMinusInf = 4  // -Inf
	fxPlusInf  = 5  // +Inf
	fxMinus0   = 7  // -0
	fxPlus0    = 8  // +0
	fxMinus1   = 9  // -1
	fxPlus1    = 10 // +1
	fxHalf     = 11 // 1/2
)

// fixup is y with the lanes of the listed classes of x replaced by their
// answers: pairs of class and answer (fxNaN sets both NaN classes, fxPos
// also +1; a later pair overrides an earlier one). It is one instruction
// on AVX-512 (VFIXUPIMMPD, which settles special inputs in place of a
// comparison and a blend for each); lower makes it comparisons and blends
// with the same results for the other targets.
func (f *fn) fixup(y, x val, pairs ...int) val {
	var table uint64
	set := func(class, answer int) {
		table = table&^(0xf<<(4*class)) | uint64(answer)<<(4*class)
	}
	for i := 0; i < len(pairs); i += 2 {
		switch c, r := pairs[i], pairs[i+1]; c {
		case fxNaN:
			set(fxQNaN, r)
			set(fxSNaN, r)
		case fxPos:
			set(fxPos, r)
			set(fxOne, r)
		default:
			if r == fxQuiet && c != fxQNaN && c != fxSNaN {
				panic("fixup: fxQuiet is for NaN classes")
			}
			set(c, r)
		}
	}
	return f.op("fixup", y, x, f.bitsc(table))
}

// Bitwise and integer operations on the elements' bit patterns (64-bit
// lanes for float64, 32-bit for float32).
func (f *fn) and(a, b val) val  { return f.op("and", a, b) }
func (f *fn) xor(a, b val) val  { return f.op("xor", a, b) }
func (f *fn) or(a, b val) val   { return f.op("or", a, b) }
func (f *fn) isub(a, b val) val { return f.op("isub", a, b) }
func (f *fn) shl(a val, n int) val {
	return f.node(node{op: "shl", args: []val{a}, imm: n})
}
func (f *fn) shr(a val, n int) val {
	return f.node(node{op: "shr", args: []val{a}, imm: n})
}

// horner evaluates the polynomial with coefficients cs (highest degree
// first) at x.
func (f *fn) horner(x val, cs ...float64) val {
	p := f.c(cs[0])
	for _, c := range cs[1:] {
		p = f.fma(p, x, f.c(c))
	}
	return p
}

// pick returns the float64 or the float32 value of a constant.
func (f *fn) pick(d, s float64) float64 {
	if f.is64() {
		return d
	}
	return s
}

// mantBits is the number of explicit mantissa bits, bias the exponent bias.
func (f *fn) mantBits() int { return map[int]int{8: 52, 4: 23}[f.e.size] }
func (f *fn) bias() int     { return map[int]int{8: 1023, 4: 127}[f.e.size] }

// lower rewrites scale, which AVX-512 has as one instruction (VSCALEFPD,
// rounded once), into operations the other targets have: a*2^k1*2^k2 with
// k1 = floor(k/2) and k2 = k-k1, both powers of two normal, so that the
// first product is exact and the second rounds once, as VSCALEFPD does.
// (Every kernel keeps |k| small enough for that: see the bodies.) The
// powers of two are built from k+bias by adding 2^mant (which puts the
// integer in the low bits) and shifting it into the exponent field.
func (f *fn) lower() *fn {
	g := &fn{e: f.e, wide: f.wide}
	remap := make([]val, len(f.nodes))
	normal := map[val][2]val{} // getexp/getmant's operand: scaled up if subnormal, and the exponent's adjustment
	for i, n := range f.nodes {
		args := make([]val, len(n.args))
		for j, a := range n.args {
			args[j] = remap[a]
		}
		if n.op == "getexp" || n.op == "getmant" {
			a := args[0]
			nm, ok := normal[a]
			if !ok {
				m := g.mantBits()
				tiny := g.cmp(cLt, g.and(a, g.bitsc(1<<(8*g.e.size-1)-1)), g.c(math.Ldexp(1, 1-g.bias())))
				nm = [2]val{g.blend(tiny, g.mul(a, g.c(math.Ldexp(1, m))), a), g.blend(tiny, g.c(float64(-m)), g.c(0))}
				normal[a] = nm
			}
			xs, kadj := nm[0], nm[1]
			m := g.mantBits()
			if n.op == "getmant" {
				one := uint64(g.bias()) << m
				remap[i] = g.or(g.and(xs, g.bitsc(1<<m-1|1<<(8*g.e.size-1))), g.bitsc(one))
				continue
			}
			magic := uint64(0x4330000000000000)
			if !g.is64() {
				magic = 0x4b000000
			}
			// The biased exponent into the low bits of 2^m, less 2^m + bias.
			e := g.and(g.shr(xs, m), g.bitsc(1<<(8*g.e.size-1-m)-1))
			remap[i] = g.add(g.sub(g.or(e, g.bitsc(magic)), g.c(math.Ldexp(1, m)+float64(g.bias()))), kadj)
			continue
		}
		if n.op == "fixup" {
			remap[i] = g.lowerFixup(args[0], args[1], g.nodes[args[2]].bits)
			continue
		}
		if n.op == "reload" {
			remap[i] = g.reload(remap[n.imm])
			continue
		}
		switch n.op {
		case "absMin":
			remap[i] = g.min(g.and(args[0], g.bitsc(signMask(g)-1)), args[1])
		case "scale":
			remap[i] = g.lowerScale(args[0], args[1])
		case "scaleWhere":
			remap[i] = g.blend(args[0], g.lowerScale(args[1], args[2]), args[3])
		case "addWhere", "mulWhere":
			remap[i] = g.blend(args[0], g.op(strings.TrimSuffix(n.op, "Where"), args[1], args[2]), args[1])
		default:
			n.args = args
			remap[i] = g.node(n)
		}
	}
	g.out = remap[f.out]
	return g
}

// lowerScale is scale(a, k) as lower writes it.
func (f *fn) lowerScale(a, k val) val {
	k1 := f.round(rFloor, f.mul(k, f.c(0.5)))
	k2 := f.sub(k, k1)
	magic := f.c(math.Ldexp(1, f.mantBits()) + float64(f.bias()))
	p1 := f.shl(f.add(k1, magic), f.mantBits())
	p2 := f.shl(f.add(k2, magic), f.mantBits())
	return f.mul(f.mul(a, p1), p2)
}

// lowerFixup is fixup as comparisons and blends: the broad classes first
// (negative, positive), then the narrower ones they contain (+1, ±Inf),
// then ±0 and NaN, each blended where its answer is not fxKeep.
func (f *fn) lowerFixup(y, x val, table uint64) val {
	answer := func(class int) int { return int(table>>(4*class)) & 0xf }
	if answer(fxQNaN) != answer(fxSNaN) {
		panic("fixup: the two NaN classes differ")
	}
	if answer(fxNeg) != fxKeep && answer(fxNegInf) == fxKeep ||
		answer(fxPos) != fxKeep && (answer(fxOne) == fxKeep || answer(fxPosInf) == fxKeep) {
		panic("fixup: a class kept inside a replaced one")
	}
	value := func(r int) val {
		switch r {
		case fxSrc:
			return x
		case fxQuiet:
			return f.add(x, x)
		case fxIndef:
			if f.is64() {
				return f.bitsc(0xfff8000000000000)
			}
			return f.bitsc(0xffc00000)
		case fxMinusInf:
			return f.c(math.Inf(-1))
		case fxPlusInf:
			return f.c(math.Inf(1))
		case fxMinus0:
			return f.c(math.Copysign(0, -1))
		case fxPlus0:
			return f.c(0)
		case fxMinus1:
			return f.c(-1)
		case fxPlus1:
			return f.c(1)
		case fxHalf:
			return f.c(0.5)
		}
		panic(fmt.Sprint("fixup: answer ", r))
	}
	for _, c := range []struct {
		class, pred int
		b           float64
	}{
		{fxNeg, cLt, 0}, {fxPos, cGt, 0}, {fxOne, cEq, 1}, {fxNegInf, cEq, math.Inf(-1)},
		{fxPosInf, cEq, math.Inf(1)}, {fxZero, cEq, 0}, {fxQNaN, cUnord, 0},
	} {
		r := answer(c.class)
		if r == fxKeep || (c.class == fxOne || c.class == fxPosInf) && r == answer(fxPos) || c.class == fxNegInf && r == answer(fxNeg) {
			continue
		}
		b := x
		if c.pred != cUnord {
			b = f.c(c.b)
		}
		y = f.blend(f.cmp(c.pred, x, b), value(r), y)
	}
	return y
}

// mathFunc is a math kernel: its name and its program.
type mathFunc struct {
	name string
	doc  string
	body func(f *fn) val
}

var mathFuncs = []mathFunc{
	{"exp", "the exponential", expBody},
	{"log", "the natural logarithm", logBody},
	{"exp2", "the base-2 exponential", exp2Body},
	{"log2", "the base-2 logarithm", logBaseBody(true)},
	{"log10", "the base-10 logarithm", logBaseBody(false)},
	{"log1p", "the natural logarithm of 1+x", log1pBody},
	{"sqrt", "the square root", func(f *fn) val { return f.sqrt(f.in()) }},
	{"floor", "the floor", func(f *fn) val { return f.round(rFloor, f.in()) }},
	{"ceil", "the ceiling", func(f *fn) val { return f.round(rCeil, f.in()) }},
	{"trunc", "the integer part", func(f *fn) val { return f.round(rTrunc, f.in()) }},
	{"roundToEven", "the nearest integer (ties to even)", func(f *fn) val { return f.round(rEven, f.in()) }},
}

// expBody: e^x = 2^k · e^r with k = round(x·log2 e) and r = x - k·ln 2
// (Cody-Waite: ln 2 in two parts, the first short enough that k times it is
// exact), e^r = 1 + r + r²·g(r) with g a near-minimax polynomial on
// [-ln2/2, ln2/2] (Chebyshev fit, asm/testdata/mathfit.py), evaluated by
// Horner. x is clamped first to where the result is 0 or Inf anyway, which
// bounds k for scale; NaN is passed through at the end.
func expBody(f *fn) val {
	x := f.in()
	var lo, hi, ln2hi, ln2lo float64
	var g []float64
	if f.is64() {
		lo, hi = -1100, 1100
		ln2hi, ln2lo = 0x1.62e42fefa3800p-1, 0x1.ef35793c76730p-45
		g = []float64{2.0915442297780116e-09, 2.5106274733573296e-08, 2.75572718102198e-07, 2.755725283351691e-06,
			2.4801587327007187e-05, 0.00019841269876864356, 0.0013888888888883327, 0.008333333333325544,
			0.04166666666666667, 0.1666666666666667, 0.5}
	} else {
		lo, hi = -104, 89
		ln2hi, ln2lo = 0x1.62e4p-1, 0x1.7f7d1cp-20
		g = []float64{0.00019891980628017336, 0.0013934541493654251, 0.00833331048488617,
			0.04166645556688309, 0.1666666716337204, 0.5}
	}
	xc := f.min(f.max(x, f.c(lo)), f.c(hi))
	k := f.round(rEven, f.mul(xc, f.c(math.Log2E)))
	r := f.fnma(k, f.c(ln2hi), xc)
	r = f.fnma(k, f.c(ln2lo), r)
	p := f.horner(r, append(g, 1, 1)...)
	y := f.scale(p, k)
	return f.fixup(y, x, fxNaN, fxQuiet)
}

// logParts is the reduction every logarithm shares: x = 2^k · z with z
// in [√2/2, √2) (subnormals scaled up first), found with integer operations
// on the bits; f = z-1, s = f/(2+f), hfsq = f²/2 and r = s·(hfsq + R(s²)),
// so that log z = f - hfsq + r, as in fdlibm's log (R its polynomial).
type logParts struct{ x, k, f, hfsq, r val }

func logReduce(f *fn, x val) logParts {
	m := f.mantBits()
	var off uint64
	var lg []float64
	if f.is64() {
		off = 0x3fe6a09e667f3bcd
		lg = []float64{1.479819860511658591e-01, 1.531383769920937332e-01, 1.818357216161805012e-01,
			2.222219843214978396e-01, 2.857142874366239149e-01, 3.999999999940941908e-01, 6.666666666666735130e-01}
	} else {
		off = 0x3f3504f3
		lg = []float64{0xf89e26.0p-26, 0x91e9ee.0p-25, 0xccce13.0p-25, 0xaaaaaa.0p-24}
	}
	// x = 2^e·m with m in [1, 2), then z = m/2 and k = e+1 where m is at
	// least √2 (off + 1 in the exponent: √2 rounded, as the bits put it).
	e, mt := f.getexp(x), f.getmant(x)
	big := f.cmp(cGe, mt, f.bitsc(off+1<<m))
	z := f.mulWhere(big, mt, f.c(0.5))
	k := f.addWhere(big, e, f.c(1))
	fm := f.sub(z, f.c(1))
	s := f.div(fm, f.add(fm, f.c(2)))
	s2 := f.mul(s, s)
	R := f.mul(f.horner(s2, lg...), s2)
	hfsq := f.mul(f.mul(fm, f.c(0.5)), fm)
	return logParts{x, k, fm, hfsq, f.mul(s, f.add(hfsq, R))}
}

// logSpecials sets log(±0) = -Inf, log(x<0) = NaN (the default NaN, as
// x86 produces it: sign bit set), log(+Inf) = +Inf and keeps NaN, for
// every base, in one fixup.
func logSpecials(f *fn, x, y val) val {
	return f.fixup(y, x, fxNaN, fxQuiet, fxZero, fxMinusInf, fxNeg, fxIndef, fxNegInf, fxIndef, fxPosInf, fxPlusInf)
}

// logBody: log x = k·ln2 + log z with ln 2 in two parts (fdlibm's log,
// with the fused multiply-adds where fdlibm rounds twice).
func logBody(f *fn) val {
	p := logReduce(f, f.in())
	return logSpecials(f, p.x, logCombine(f, p, noVal))
}

// noVal stands for no value where one is optional.
const noVal val = -1

// logCombine is k·ln 2 + log z, with ln 2 in two parts, adding c (a
// correction below f, or noVal) to the low-order terms before f, so that
// for k = 0 c is rounded against the small terms, not against f.
func logCombine(f *fn, p logParts, c val) val {
	ln2hi, ln2lo := 6.93147180369123816490e-01, 1.90821492927058770002e-10
	if !f.is64() {
		ln2hi, ln2lo = 6.9313812256e-01, 9.0580006145e-06
	}
	t := f.sub(p.hfsq, f.fma(p.k, f.c(ln2lo), p.r))
	if c != noVal {
		t = f.sub(t, c)
	}
	return f.fms(p.k, f.c(ln2hi), f.sub(t, p.f))
}

// log1pBody: log(1+x) = log u + c with u = 1+x rounded and c = (x-(u-1))/u
// the first-order correction for the rounding, folded into log's low-order
// terms before the last rounding. log1p(±0) = ±0, log1p(-1) = -Inf,
// log1p(x<-1) = NaN.
func log1pBody(f *fn) val {
	x := f.in()
	u := f.add(x, f.c(1))
	c := f.div(f.sub(x, f.sub(u, f.c(1))), u)
	y := logSpecials(f, u, logCombine(f, logReduce(f, u), c))
	return f.fixup(y, x, fxZero, fxSrc)
}

// logBaseBody is log2 (base2) or log10: log z = f - hfsq + r (logReduce)
// = t + tl + r with t = f - hfsq rounded and tl its error, exact (f - t
// is exact, hfsq < f/2); with 1/ln b = C + Cl, log_b x = K + t·C + (Kl +
// t·Cl + tl·C + r·C), K + Kl = k·log_b 2 (K = k for base 2, k times
// fdlibm's leading part of log10 2, exact, for base 10). The leading sum
// is taken in double length: P = t·C rounded, w = K + P (|K| >= |P| where
// K != 0, so K - w is exact) and its error against K + t·C exactly, e =
// t·C + (K - w), in one fused multiply-add; the low terms join e in
// further ones, r last, so that two operations follow the polynomial
// (fdlibm's way, a 32-bit cut of f - hfsq times two-part constants, took
// six). float32 uses a table instead (logTableBody, math_log.go).
func logBaseBody(base2 bool) func(f *fn) val {
	return func(f *fn) val {
		if !f.is64() {
			return logTableBody(f, base2)
		}
		p := logReduce(f, f.in())
		C, Cl := 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56 // 1/ln 2
		K := p.k
		if !base2 {
			C, Cl = 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57 // 1/ln 10
			K = f.mul(p.k, f.c(0x1.34413509f6p-2))              // 40 bits: k·log10 2 exact
		}
		t := f.sub(p.f, p.hfsq)
		tl := f.sub(f.sub(p.f, t), p.hfsq)
		P := f.mul(t, f.c(C))
		w := f.add(K, P)
		a := f.fma(t, f.c(Cl), f.fma(t, f.c(C), f.sub(K, w)))
		if !base2 {
			a = f.fma(p.k, f.c(0x1.9fef311f12b36p-42), a) // log10 2 - 0x1.34413509f6p-2
		}
		low := f.fma(p.r, f.c(C), f.fma(tl, f.c(C), a))
		return logSpecials(f, p.x, f.add(w, low))
	}
}

// exp2Body: 2^x = 2^k · 2^r with k = round(x) and r = x-k exact, 2^r =
// 1 + r·q(r) with q a near-minimax polynomial on [-1/2, 1/2]
// (asm/testdata/mathfit.py); clamped and NaN as in expBody.
func exp2Body(f *fn) val {
	x := f.in()
	lo, hi := -1100.0, 1100.0
	q := []float64{2.5730348009234352e-11, 4.4560247551334643e-10, 7.054896722470352e-09, 1.0178055912546169e-07,
		1.3215486809848003e-06, 1.5252733843864855e-05, 0.00015403530393369832, 0.001333355814640465,
		0.00961812910762848, 0.05550410866482163, 0.24022650695910072, 0.6931471805599453}
	if !f.is64() {
		lo, hi = -152, 130
		q = []float64{0.0001545416162116453, 0.0013392016990110278, 0.009618080221116543, 0.05550355091691017,
			0.24022650718688965, 0.6931471824645996}
	}
	xc := f.min(f.max(x, f.c(lo)), f.c(hi))
	k := f.round(rEven, xc)
	r := f.sub(xc, k)
	p := f.fma(f.horner(r, q...), r, f.c(1))
	return f.fixup(f.scale(p, k), x, fxNaN, fxQuiet)
}

// wideF32 holds, by function name, the programs of float32 kernels that
// compute in float64 (fn.wide): the input widened exactly, the result
// rounded to float32 once. A float64 result within 2^-30 relative of the
// exact value rounds to the correctly rounded float32 or, next to a
// rounding boundary, its neighbour: within 1 ulp, and under 0.5 + 2^-6 ulp
// from the exact value. Half the lanes a vector, but short polynomials
// and none of the double-length steps float32 arithmetic needs.
var wideF32 = map[string]func(f *fn) val{}

func build(m mathFunc, e elem) *fn {
	if body := wideF32[m.name]; body != nil && e == f32 {
		f := &fn{e: f64, wide: true}
		f.out = body(f)
		return f
	}
	f := &fn{e: e}
	f.out = m.body(f)
	return f
}

// lanes is the number of elements of f a vector of tier t holds.
func (f *fn) lanes(t tier) int { return t.vbytes / f.e.size }

// ---- assembly ----

// asmEmitter turns a program into the body of a vector loop.
type asmEmitter struct {
	f      *fn
	t      tier
	consts map[string]uint64 // DATA symbols used, by name
	loc    []string          // register of each value ("" for constants)
	free   []string          // free vector registers
	kfree  []string          // free mask registers (AVX-512)
	last   []int             // index of the last node using each value
	scr    string            // scratch register for a constant that must be in a register
	lines  [][]string        // the instructions of each node
	cur    int               // the node being emitted
	inReg  string
	res    *residents // constants and tables held in registers, or nil
}

func (a *asmEmitter) ins(format string, args ...any) {
	a.lines[a.cur] = append(a.lines[a.cur], fmt.Sprintf("\t"+format+"\n", args...))
}

func (a *asmEmitter) p() string { return a.f.e.p }

func constName(e elem, b uint64) string {
	if e.size == 8 {
		return fmt.Sprintf("mc64_%016x<>", b)
	}
	return fmt.Sprintf("mc32_%08x<>", b)
}

// operand is where value v can be read: its register, or for a constant its
// DATA symbol (a memory operand).
func (a *asmEmitter) operand(v val) string {
	n := a.f.nodes[v]
	if n.op == "const" {
		name := constName(a.f.e, n.bits)
		a.consts[name] = n.bits
		if r, ok := a.resident(v); ok {
			return r
		}
		return name + "(SB)"
	}
	return a.loc[v]
}

func (a *asmEmitter) isConst(v val) bool { return a.f.nodes[v].op == "const" }

// resident is the register holding constant v, if the kernel keeps it
// in one (resident).
func (a *asmEmitter) resident(v val) (string, bool) {
	if !a.isConst(v) {
		return "", false
	}
	return a.res.reg(constName(a.f.e, a.f.nodes[v].bits) + "(SB)")
}

// reg is value v in a register, a constant loaded into the scratch register.
func (a *asmEmitter) reg(v val) string {
	if r, ok := a.resident(v); ok {
		return r
	}
	if a.isConst(v) {
		a.loadConst(v, a.scr)
		return a.scr
	}
	return a.loc[v]
}

// loadConst loads constant v into register r: broadcast from its first
// element on AVX-512, the whole vector on AVX2.
func (a *asmEmitter) loadConst(v val, r string) {
	if src, ok := a.resident(v); ok {
		a.ins("VMOVAP%s %s, %s", a.p()[1:], src, r)
		return
	}
	if a.t.masked {
		a.ins("VBROADCAST%s %s, %s", a.f.e.s, a.operand(v), r)
		return
	}
	a.ins("VMOVUP%s %s, %s", a.p()[1:], a.operand(v), r)
}

// bc is the suffix of an instruction whose memory operand is v: on
// AVX-512 constants are broadcast from one element (.BCST), which never
// splits a cache line, as a 64-byte load from 32-byte aligned data would.
func (a *asmEmitter) bc(v val) string {
	if _, ok := a.resident(v); ok {
		return ""
	}
	if a.t.masked && a.isConst(v) {
		return ".BCST"
	}
	return ""
}

func (a *asmEmitter) dies(v val, at int) bool { return !a.isConst(v) && a.last[v] == at }

// release returns the registers of the operands whose last use is node i.
func (a *asmEmitter) release(i int, args []val) {
	seen := map[val]bool{}
	for _, v := range args {
		if seen[v] || !a.dies(v, i) {
			continue
		}
		seen[v] = true
		r := a.loc[v]
		if strings.HasPrefix(r, "K") {
			a.kfree = append(a.kfree, r)
		} else {
			a.free = append(a.free, r)
		}
	}
}

// result gives node i a new register (a mask register where mask is set
// and the tier has them) once the operands that die at i have given theirs
// back, so that it may reuse one of them; the operands' registers must be
// read before.
func (a *asmEmitter) result(i int, args []val, mask bool) string {
	a.release(i, args)
	d := a.alloc(mask)
	a.loc[i] = d
	return d
}

func (a *asmEmitter) alloc(mask bool) string {
	if mask && a.t.masked {
		if len(a.kfree) == 0 {
			panic("out of mask registers")
		}
		r := a.kfree[0]
		a.kfree = a.kfree[1:]
		return r
	}
	if len(a.free) == 0 {
		panic(fmt.Sprintf("%s: out of vector registers", a.t.name))
	}
	r := a.free[0]
	a.free = a.free[1:]
	return r
}

func (a *asmEmitter) take(r string) {
	for i, x := range a.free {
		if x == r {
			a.free = append(a.free[:i], a.free[i+1:]...)
			return
		}
	}
	panic("register not free: " + r)
}

func (a *asmEmitter) emit() {
	f := a.f
	a.last = make([]int, len(f.nodes))
	for i, n := range f.nodes {
		for _, v := range n.args {
			a.last[v] = i
		}
	}
	a.last[f.out] = len(f.nodes)
	a.loc = make([]string, len(f.nodes))
	a.lines = make([][]string, len(f.nodes))
	p := a.p()
	for i, n := range f.nodes {
		a.cur = i
		if n.op == "const" {
			continue
		}
		if n.op == "in" {
			a.loc[i] = a.alloc(false)
			a.inReg = a.loc[i]
			continue
		}
		if n.op == "reload" {
			a.loc[i] = a.alloc(false)
			// writeBody turns this into the copy's load of input number
			// ord (0 or 1: x or, in pow, y).
			ord := 0
			for _, m := range f.nodes[:n.imm] {
				if m.op == "in" {
					ord++
				}
			}
			a.ins("%s%d %s", reloadMark, ord, a.loc[i])
			continue
		}
		if n.op == "fma" || n.op == "fnma" || n.op == "fms" {
			a.emitFMA(i, n)
			continue
		}
		args := n.args
		switch n.op {
		case "add", "mul", "sub", "div", "min", "max", "and", "or", "xor", "isub", "scale":
			x, y := args[0], args[1]
			if a.isConst(x) && !a.isConst(y) && (n.op == "add" || n.op == "mul" || n.op == "and" || n.op == "or" || n.op == "xor") {
				x, y = y, x
			}
			src1 := a.reg(x)
			src2 := a.operand(y)
			d := a.result(i, args, false)
			a.ins("%s%s %s, %s, %s", a.binIns(n.op), a.bc(y), src2, src1, d)
		case "absMin":
			src1 := a.reg(args[0])
			src2 := a.operand(args[1])
			d := a.result(i, args, false)
			a.ins("VRANGE%s%s $10, %s, %s, %s", p, a.bc(args[1]), src2, src1, d)
		case "scaleWhere": // m, a, k, e: e's register (or a copy) takes the scaled lanes
			m, x, k, ev := args[0], args[1], args[2], args[3]
			src1, src2, mr := a.reg(x), a.operand(k), a.loc[m]
			d := a.mergeInto(i, n.op, args, ev, x, k)
			a.ins("VSCALEF%s%s %s, %s, %s, %s", p, a.bc(k), src2, src1, mr, d)
		case "addWhere", "mulWhere": // m, x, y: x's register (or a copy) takes x op y's lanes
			m, x, y := args[0], args[1], args[2]
			src2, mr := a.operand(y), a.loc[m]
			d := a.mergeInto(i, n.op, args, x, y)
			a.ins("%s%s %s, %s, %s, %s", a.binIns(strings.TrimSuffix(n.op, "Where")), a.bc(y), src2, d, mr, d)
		case "sqrt":
			src := a.operand(args[0])
			d := a.result(i, args, false)
			a.ins("VSQRT%s%s %s, %s", p, a.bc(args[0]), src, d)
		case "lookup":
			a.emitLookup(i, n)
		case "getexp", "getmant":
			src := a.reg(args[0])
			d := a.result(i, args, false)
			if n.op == "getexp" {
				a.ins("VGETEXP%s %s, %s", p, src, d)
			} else {
				a.ins("VGETMANT%s $0, %s, %s", p, src, d) // [1, 2), a's sign
			}
		case "round":
			src := a.reg(args[0])
			d := a.result(i, args, false)
			if a.t.masked {
				a.ins("VRNDSCALE%s $%d, %s, %s", p, n.imm, src, d)
			} else {
				a.ins("VROUND%s $%d, %s, %s", p, n.imm, src, d)
			}
		case "shl", "shr":
			src := a.reg(args[0])
			d := a.result(i, args, false)
			ins := map[string]string{"shl": "VPSLL", "shr": "VPSRL"}[n.op] + a.intSuffix()
			a.ins("%s $%d, %s, %s", ins, n.imm, src, d)
		case "cmp":
			src1 := a.reg(args[0])
			src2 := a.operand(args[1])
			d := a.result(i, args, true)
			a.ins("VCMP%s%s $0x%02x, %s, %s, %s", p, a.bc(args[1]), n.imm, src2, src1, d)
		case "signmask":
			src := a.reg(args[0])
			d := a.result(i, args, true)
			if a.t.masked {
				a.ins("VPMOV%s2M %s, %s", a.intSuffix(), src, d)
			} else {
				a.ins("VMOVUP%s %s, %s", p[1:], src, d)
			}
		case "fixup": // y, x, the table (a constant)
			y, x := args[0], args[1]
			src := a.reg(x)
			var d string
			if a.dies(y, i) {
				d = a.loc[y]
				a.release(i, args)
				a.take(d)
			} else {
				a.release(i, args)
				d = a.alloc(false)
				a.ins("VMOVUP%s %s, %s", p[1:], a.loc[y], d)
			}
			a.loc[i] = d
			a.ins("VFIXUPIMM%s%s $0, %s, %s, %s", p, a.bc(args[2]), a.operand(args[2]), src, d)
		case "report": // into R10, through R11 (free in every math kernel)
			if a.t.masked {
				a.ins("KMOVW %s, R11", a.loc[args[0]])
			} else {
				a.ins("VMOVMSKP%s %s, R11", p[1:], a.loc[args[0]])
			}
			a.ins("ORL R11, R10")
			a.release(i, args)
		case "blend":
			m, tv, ev := args[0], args[1], args[2]
			src1 := a.reg(ev)
			src2 := a.operand(tv)
			mr := a.loc[m]
			d := a.result(i, args, false)
			if a.t.masked {
				a.ins("VBLENDM%s%s %s, %s, %s, %s", p, a.bc(tv), src2, src1, mr, d)
			} else {
				a.ins("VBLENDV%s %s, %s, %s, %s", p, mr, src2, src1, d)
			}
		default:
			panic("unknown op " + n.op)
		}
	}
}

// emitLookup emits lookup (see fn.lookup): the table is a DATA symbol;
// dst is allocated before idx is released, so that loading the table's
// first half into dst leaves idx intact. On AVX2 a float64 table is
// gathered through R10 (free in the math kernels) with a full lane mask
// (the scratch register), from the index masked to the table's length.
func (a *asmEmitter) emitLookup(i int, n node) {
	if a.isConst(n.args[0]) {
		panic("lookup: a constant index")
	}
	idx := a.loc[n.args[0]]
	name := tableName(a.f.e, n.tab) + "<>"
	tables[name] = n.tab
	a.consts[name] = 0
	if a.f.is64() && !a.t.masked {
		m := uint64(len(n.tab) - 1)
		mname := constName(a.f.e, m)
		a.consts[mname] = m
		t := a.alloc(false)
		a.ins("LEAQ %s(SB), R10", name)
		a.ins("VPAND %s(SB), %s, %s", mname, idx, t)
		a.ins("VPCMPEQQ %s, %s, %s", a.scr, a.scr, a.scr)
		a.release(i, n.args)
		d := a.alloc(false)
		a.ins("VGATHERQPD %s, (R10)(%s*8), %s", a.scr, t, d)
		a.loc[i] = d
		a.free = append(a.free, t)
		return
	}
	d := a.alloc(false)
	if r, ok := a.res.tab(name); ok {
		a.ins("VMOVAP%s %s, %s", a.p()[1:], r[0], d)
		a.ins("VPERMT2%s %s, %s, %s", a.p(), r[1], idx, d)
	} else if a.t.masked {
		a.ins("VMOVUP%s %s+0(SB), %s", a.p()[1:], name, d)
		a.ins("VPERMT2%s %s+64(SB), %s, %s", a.p(), name, idx, d)
	} else {
		t1, t2 := a.alloc(false), a.alloc(false)
		a.ins("VPERMPS %s+0(SB), %s, %s", name, idx, d)
		a.ins("VPERMPS %s+32(SB), %s, %s", name, idx, t1)
		a.ins("VPSLLD $28, %s, %s", idx, a.scr) // bit 3 into the sign
		a.ins("VBLENDVPS %s, %s, %s, %s", a.scr, t1, d, d)
		a.ins("VPERMPS %s+64(SB), %s, %s", name, idx, t1)
		a.ins("VPERMPS %s+96(SB), %s, %s", name, idx, t2)
		a.ins("VBLENDVPS %s, %s, %s, %s", a.scr, t2, t1, t1)
		a.ins("VPSLLD $27, %s, %s", idx, a.scr) // bit 4
		a.ins("VBLENDVPS %s, %s, %s, %s", a.scr, t1, d, d)
		a.free = append(a.free, t1, t2)
	}
	a.release(i, n.args)
	a.loc[i] = d
}

func (a *asmEmitter) intSuffix() string {
	if a.f.is64() {
		return "Q"
	}
	return "D"
}

func (a *asmEmitter) binIns(op string) string {
	p := a.p()
	switch op {
	case "add", "sub", "mul", "div", "min", "max":
		return "V" + strings.ToUpper(op) + p
	case "scale":
		return "VSCALEF" + p
	case "isub":
		return "VPSUB" + a.intSuffix()
	case "and", "or", "xor":
		if a.t.masked {
			return "VP" + strings.ToUpper(op) + a.intSuffix()
		}
		return "VP" + strings.ToUpper(op)
	}
	panic(op)
}

// mergeInto gives node i, a merge-masked operation (op), the register
// that keeps v's lanes outside the mask: v's own where v dies at i and is
// none of the other operands, else a copy of v in a new one. It releases
// the operands' registers that die at i.
func (a *asmEmitter) mergeInto(i int, op string, args []val, v val, others ...val) string {
	if a.isConst(v) {
		panic(op + ": the merged operand is a constant")
	}
	var d string
	if a.dies(v, i) && !slices.Contains(others, v) {
		d = a.loc[v]
		a.release(i, args)
		a.take(d)
	} else {
		d = a.alloc(false) // before the release: not an operand's register
		a.release(i, args)
		a.ins("VMOVUP%s %s, %s", a.p()[1:], a.loc[v], d)
	}
	a.loc[i] = d
	return d
}

// emitFMA emits a*b+c (or its negated forms) in whichever of the 132, 213
// and 231 forms needs the fewest moves: the destination is one of the
// operands, best one whose value dies here; the memory operand a constant.
func (a *asmEmitter) emitFMA(i int, n node) {
	x, y, z := n.args[0], n.args[1], n.args[2]
	type form struct {
		tied, src1, src2 val
		suffix           string
	}
	forms := []form{{x, y, z, "213"}, {y, x, z, "213"}, {z, x, y, "231"}, {z, y, x, "231"}, {x, z, y, "132"}, {y, z, x, "132"}}
	best, bestCost := form{}, 99
	for _, fm := range forms {
		cost := 0
		if !a.dies(fm.tied, i) {
			cost += 2
		}
		if a.isConst(fm.src1) {
			cost++
		}
		if _, ok := a.resident(fm.src1); ok {
			cost-- // a resident constant is already in a register
		}
		if cost < bestCost {
			best, bestCost = fm, cost
		}
	}
	name := map[string]string{"fma": "VFMADD", "fnma": "VFNMADD", "fms": "VFMSUB"}[n.op]
	src1 := a.reg(best.src1)
	src2 := a.operand(best.src2)
	var d string
	if a.dies(best.tied, i) {
		d = a.loc[best.tied]
		a.release(i, n.args)
		a.take(d)
	} else {
		a.release(i, n.args)
		d = a.alloc(false)
		if a.isConst(best.tied) {
			a.loadConst(best.tied, d)
		} else {
			a.ins("VMOVUP%s %s, %s", a.p()[1:], a.loc[best.tied], d)
		}
	}
	a.loc[i] = d
	a.ins("%s%s%s%s %s, %s, %s", name, best.suffix, a.p(), a.bc(best.src2), src2, src1, d)
}

// newEmitter allocates f for tier t from vector registers lo..hi-1 and
// mask registers klo..khi-1; ok is false when they do not suffice.
func newEmitter(f *fn, t tier, consts map[string]uint64, res *residents, lo, hi, klo, khi int) (a *asmEmitter, ok bool) {
	a = &asmEmitter{f: f, t: t, consts: consts, res: res}
	for i := lo; i < hi; i++ {
		a.free = append(a.free, fmt.Sprintf("%s%d", t.reg, i))
	}
	for i := klo; i < khi; i++ {
		a.kfree = append(a.kfree, fmt.Sprintf("K%d", i))
	}
	a.scr = fmt.Sprintf("%s%d", t.reg, map[bool]int{true: 31, false: 15}[t.masked])
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	a.emit()
	return a, true
}

// copies emits u interleaved copies of f, each with its own registers (u
// vectors per loop step keep several dependency chains in flight), and
// returns them, or nil if the registers do not suffice.
func copies(f *fn, t tier, consts map[string]uint64, res *residents, u int) []*asmEmitter {
	nregs, nk := 15, 0
	if t.masked {
		nregs, nk = 31, 6 // K2..K7: K1 is the tail mask
	}
	nregs -= res.count()
	var es []*asmEmitter
	for j := range u {
		a, ok := newEmitter(f, t, consts, res, j*nregs/u, (j+1)*nregs/u, 2+j*nk/u, 2+(j+1)*nk/u)
		if !ok {
			return nil
		}
		es = append(es, a)
	}
	return es
}

// reloadMark starts the line emit writes for a reload, which writeBody
// replaces by the copy's load.
const reloadMark = "RELOAD "

// writeBody writes the copies' instructions node by node, loading copy j
// from vector j of the step and storing its result there; masked loads and
// stores for a k-masked tail, non-temporal stores of whole vectors when nt.
func writeBody(w *bytes.Buffer, es []*asmEmitter, e elem, t tier, masked, nt bool) {
	mov := "VMOVUP" + e.p[1:]
	wide := es[0].f.wide
	load := mov
	if wide {
		load = "VCVTPS2PD"
	}
	step := es[0].f.lanes(t) * e.size // bytes of dst and x a copy takes
	for j, a := range es {
		off := ""
		if j > 0 {
			off = fmt.Sprint(j * step)
		}
		if masked {
			fmt.Fprintf(w, "\t%s.Z %s(SI)(AX*%d), K1, %s\n", load, off, e.size, a.inReg)
		} else {
			fmt.Fprintf(w, "\t%s %s(SI)(AX*%d), %s\n", load, off, e.size, a.inReg)
		}
	}
	ins := 0 // the program's inputs: with two (pow), x is read from DX, y from SI
	for _, n := range es[0].f.nodes {
		if n.op == "in" {
			ins++
		}
	}
	for i := range es[0].lines {
		for j, a := range es {
			for _, l := range a.lines[i] {
				if rest, ok := strings.CutPrefix(l, "\t"+reloadMark); ok {
					var ord int
					var reg string
					fmt.Sscanf(rest, "%d %s", &ord, &reg)
					base := "SI"
					if ins == 2 && ord == 0 {
						base = "DX"
					}
					off := ""
					if j > 0 {
						off = fmt.Sprint(j * step)
					}
					if masked {
						fmt.Fprintf(w, "\t%s.Z %s(%s)(AX*%d), K1, %s\n", load, off, base, e.size, reg)
					} else {
						fmt.Fprintf(w, "\t%s %s(%s)(AX*%d), %s\n", load, off, base, e.size, reg)
					}
					continue
				}
				w.WriteString(l)
			}
		}
	}
	for j, a := range es {
		off := ""
		if j > 0 {
			off = fmt.Sprint(j * step)
		}
		out := a.loc[a.f.out]
		if wide { // rounded to float32 into the low half of the register
			half := map[string]string{"Z": "Y", "Y": "X"}[t.reg] + out[1:]
			cvt := map[string]string{"Z": "VCVTPD2PS", "Y": "VCVTPD2PSY"}[t.reg]
			fmt.Fprintf(w, "\t%s %s, %s\n", cvt, out, half)
			out = half
		}
		switch {
		case masked:
			fmt.Fprintf(w, "\t%s %s, K1, %s(DI)(AX*%d)\n", mov, out, off, e.size)
		case nt:
			fmt.Fprintf(w, "\tVMOVNT%s %s, %s(DI)(AX*%d)\n", e.p, out, off, e.size)
		default:
			fmt.Fprintf(w, "\t%s %s, %s(DI)(AX*%d)\n", mov, out, off, e.size)
		}
	}
}

// moreCopies lets the kernels named here interleave more than 4 vectors
// where the registers allow (interleave). float32 tan, computed in
// float64, is short and holds few values: 6 copies on AVX-512 measured 8%
// less time than 4 at 1M (asm BenchmarkMath, alternated twice, load
// 0.7-0.9; float32 pow alike while it computed in float64, until
// 2026-12-06); its float64 and AVX2 kernels fit fewer.
var moreCopies = map[string]int{"tanCW": 6}

// resident names the kernels (name and element type) whose AVX-512
// kernel keeps its constants and lookup tables in registers, loaded once
// before the loops, in place of a memory operand at each use: every one
// (allConsts), or only that many of the constants read most often, where
// all of them would leave too few registers to interleave vectors (float64
// tan: ARCHITECTURE.md, "2026-12-06 21:25, float64 tan ahead of NumPy"). float32 log2 read 17 vectors from memory a vector of
// output (x twice, 6 table halves, 9 broadcast constants), and this Zen 5
// issues 2 vector loads a cycle (every vector operation the kernel uses
// issues 2 a cycle alone, an add beside a multiply-add 4): it was bound
// by its loads at about 9 cycles a vector, in L1 as at 1M. With its 8
// constants and 3 tables in 14 registers it reads 2 and interleaves 2
// vectors instead of 4: asm BenchmarkMath log2/float32/avx512, old and
// new alternated three times (load 1.1-1.6), 1K 165-168 -> 149-155 ns,
// 1M 185-231 -> 163-167 us; with the shorter program of 2026-12-06 06:20
// (math_log.go), log2 and log10 resident, three times again (load
// 1.5-2.4): log2 1M 194-224 (before both) -> 168-170 (resident) ->
// 147-166 us, log10 1M 210-251 -> 149-172 us. float64 atan keeps 12
// constants and 2 tables in 16 registers and interleaves 3 vectors: 1K
// 426-443 -> 417-421 ns, 1M 467-490 -> 436-459 us (alternated three
// times, load 2.1-3.4); float32 atan 8 constants and 2 tables in 12: 1K
// 154-158 -> 146-151 ns, 1M 174-209 -> 161-177 us (three times, load
// 1.1-1.2). Results are the same bits on every tier (only
// where the operands live changes).
var resident = map[string]int{"log2F32": allConsts, "log10F32": allConsts, "atanF64": allConsts, "atanF32": allConsts, "tanCWF64": 10}

// allConsts, as a kernel's count in resident, keeps every constant.
const allConsts = math.MaxInt

// residents are the registers of the constants and tables a kernel keeps
// (resident), from Z30 down (Z31 is the scratch register).
type residents struct {
	consts map[string]string    // register by constant's symbol (with (SB))
	tabs   map[string][2]string // registers of a table's two halves, by symbol
	loads  []string             // the instructions that fill them
}

// newResidents assigns f's constants and tables registers for tier t and
// registers their symbols in consts (and tables), which the loads read:
// every table, and the most constants read most often (by their uses in
// f, the first in f among equals).
func newResidents(f *fn, t tier, consts map[string]uint64, most int) *residents {
	r := &residents{consts: map[string]string{}, tabs: map[string][2]string{}}
	next := 30
	reg := func() string {
		next--
		return fmt.Sprintf("%s%d", t.reg, next+1)
	}
	uses := map[uint64]int{}
	var order []uint64 // the constants, first use first
	for _, n := range f.nodes {
		if n.op == "const" {
			if uses[n.bits] == 0 {
				order = append(order, n.bits)
			}
			uses[n.bits]++
		}
	}
	slices.SortStableFunc(order, func(a, b uint64) int { return uses[b] - uses[a] })
	kept := map[uint64]bool{}
	for _, b := range order[:min(most, len(order))] {
		kept[b] = true
	}
	for _, n := range f.nodes {
		switch n.op {
		case "const":
			consts[constName(f.e, n.bits)] = n.bits
			name := constName(f.e, n.bits) + "(SB)"
			if _, ok := r.consts[name]; !ok && kept[n.bits] {
				r.consts[name] = reg()
				r.loads = append(r.loads, fmt.Sprintf("VBROADCAST%s %s, %s", f.e.s, name, r.consts[name]))
			}
		case "lookup":
			name := tableName(f.e, n.tab) + "<>"
			if _, ok := r.tabs[name]; !ok {
				tables[name], consts[name] = n.tab, 0
				a, b := reg(), reg()
				r.tabs[name] = [2]string{a, b}
				r.loads = append(r.loads, fmt.Sprintf("VMOVUP%s %s+0(SB), %s", f.e.p[1:], name, a), fmt.Sprintf("VMOVUP%s %s+64(SB), %s", f.e.p[1:], name, b))
			}
		}
	}
	return r
}

// count is the number of registers r holds (0 for nil).
func (r *residents) count() int {
	if r == nil {
		return 0
	}
	return len(r.consts) + 2*len(r.tabs)
}

// reg is the register holding operand name, if r keeps it.
func (r *residents) reg(name string) (string, bool) {
	if r == nil {
		return "", false
	}
	reg, ok := r.consts[name]
	return reg, ok
}

// tab is the registers holding table name's halves, if r keeps it.
func (r *residents) tab(name string) ([2]string, bool) {
	if r == nil {
		return [2]string{}, false
	}
	regs, ok := r.tabs[name]
	return regs, ok
}

// load writes the instructions that fill r's registers.
func (r *residents) load(w *bytes.Buffer) {
	if r == nil {
		return
	}
	for _, l := range r.loads {
		fmt.Fprintf(w, "\t%s\n", l)
	}
}

// interleave emits f for tier t as u copies interleaved in a step, u the
// most that fit the registers from 4 (or moreCopies[name]) down to 2, or
// none (u = 1), and as one copy for the loop of one vector.
func interleave(f *fn, t tier, consts map[string]uint64, name string) (wide, one []*asmEmitter, u int) {
	var res *residents
	if most := resident[name+f.e.suffix]; t.masked && most > 0 {
		res = newResidents(f, t, consts, most)
	}
	for u = max(4, moreCopies[name]); u > 1; u-- {
		if wide = copies(f, t, consts, res, u); wide != nil {
			break
		}
	}
	if one = copies(f, t, consts, res, 1); one == nil {
		panic(name + ": out of registers")
	}
	return wide, one, u
}

// genMath writes the kernel of m for element type e and tier t: a loop of
// interleaved vectors a step (interleave), a loop of one, and on AVX-512 a
// k-masked tail. The AVX2 kernels take a multiple of the vector length;
// the dispatch finishes the tail. The nt variant stores whole vectors
// non-temporally and needs dst aligned to the vector size.
func genMath(o *out, m mathFunc, e elem, t tier, consts map[string]uint64, nt bool) {
	f := build(m, e)
	if !t.masked {
		f = f.lower()
	}
	wide, one, u := interleave(f, t, consts, m.name)

	fn := kernelName(m.name, e, t, nt)
	sig := fmt.Sprintf("%s(dst *%s, x *%s, n int)", fn, e.goType, e.goType)
	frame := 24
	if f.reports() {
		sig += " (left bool)"
		frame = 25
	}
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	fmt.Fprintf(w, "// func %s\n", sig)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn, frame)
	w.WriteString("\tMOVQ dst+0(FP), DI\n\tMOVQ x+8(FP), SI\n\tMOVQ n+16(FP), R9\n\tXORQ AX, AX\n")
	if f.reports() {
		w.WriteString("\tXORL R10, R10\n")
	}
	one[0].res.load(w)
	lanes := f.lanes(t)
	if u > 1 {
		fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", u*lanes)
		loopHead(w, fn, "loop", "one")
		if nt {
			prefetch(w, "SI", e.size, u*lanes*e.size, 64)
		}
		writeBody(w, wide, e, t, false, nt)
		loopTail(w, fn, "loop", u*lanes)
		fmt.Fprintf(w, "%s:\n", label(fn, "one"))
	}
	fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", lanes)
	loopHead(w, fn, "oneloop", "tail")
	writeBody(w, one, e, t, false, nt)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		fmt.Fprintf(w, "\tMOVQ R9, CX\n\tSUBQ AX, CX\n\tJEQ %s\n", label(fn, "done"))
		setMask(w)
		writeBody(w, one, e, t, true, false)
		fmt.Fprintf(w, "%s:\n", label(fn, "done"))
	}
	if nt {
		w.WriteString("\tSFENCE\n")
	}
	if f.reports() {
		w.WriteString("\tTESTL R10, R10\n\tSETNE left+24(FP)\n")
	}
	w.WriteString("\tVZEROUPPER\n\tRET\n\n")
}

// writeConsts writes every constant the kernels use as a 64-byte DATA
// symbol (the value in every lane) and every lookup table as a TEXT symbol
// aligned to 64 bytes, in name order.
func writeConsts(w *bytes.Buffer, consts map[string]uint64) {
	names := make([]string, 0, len(consts))
	for n := range consts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if tab, ok := tables[n]; ok {
			// A table is read 64 bytes at a time, and DATA symbols are
			// only 32-byte aligned: when the link put a table at 32 mod
			// 64, each of those loads straddled two cache lines (float32
			// tanh took 1.7x as long). So the table is a TEXT symbol, whose
			// PCALIGN raises its alignment to 64; the bytes are only read.
			fmt.Fprintf(w, "TEXT %s(SB), NOSPLIT|NOFRAME, $0\n\tPCALIGN $64\n", n)
			word := "LONG"
			if strings.HasPrefix(n, "mathTab64") {
				word = "QUAD"
			}
			for _, b := range tab {
				fmt.Fprintf(w, "\t%s $0x%x\n", word, b)
			}
			fmt.Fprintln(w)
			continue
		}
		b := consts[n]
		size := 8
		if strings.HasPrefix(n, "mc32") {
			size = 4
		}
		for off := 0; off < 64; off += size {
			fmt.Fprintf(w, "DATA %s+%d(SB)/%d, $0x%x\n", n, off, size, b)
		}
		fmt.Fprintf(w, "GLOBL %s(SB), RODATA|NOPTR, $64\n\n", n)
	}
}

// ---- the Go twin ----

// goTwin writes the pure-Go twin of m for element type e: the lowered
// program, one element at a time.
func goTwin(w *bytes.Buffer, m mathFunc, e elem) {
	f := build(m, e).lower()
	name := m.name + e.suffix + "Go"
	doc, res := ".", ""
	if f.reports() {
		doc, res = " and reports whether it left any lane to Go.", " (left bool)"
	}
	fmt.Fprintf(w, "// %s sets dst[i] to %s of x[i]%s\nfunc %s(dst, x []%s)%s {\n\tdst = dst[:len(x)]\n",
		name, m.doc, doc, name, e.goType, res)
	// The lookup tables, as Go arrays local to the twin.
	tabs := map[string]bool{}
	for _, n := range f.nodes {
		if tab := tableName(f.e, n.tab); n.op == "lookup" && !tabs[tab] {
			tabs[tab] = true
			fmt.Fprintf(w, "\t%s := [%d]%s{", tab, len(n.tab), f.e.goType)
			for j, b := range n.tab {
				if j > 0 {
					w.WriteString(", ")
				}
				x := float64(math.Float32frombits(uint32(b)))
				if f.is64() {
					x = math.Float64frombits(b)
				}
				w.WriteString(strconv.FormatFloat(x, 'x', -1, 8*f.e.size))
			}
			w.WriteString("}\n")
		}
	}
	if f.wide {
		w.WriteString("\tfor i, w := range x {\n\t\tv0 := float64(w)\n")
	} else {
		w.WriteString("\tfor i, v0 := range x {\n")
	}
	e = f.e
	T := e.goType
	bitsFn, fromFn, U := "math.Float64bits", "math.Float64frombits", "uint64"
	if e.size == 4 {
		bitsFn, fromFn, U = "math.Float32bits", "math.Float32frombits", "uint32"
	}
	ref := func(v val) string {
		n := f.nodes[v]
		if n.op != "const" {
			return fmt.Sprintf("v%d", v)
		}
		var x float64
		if e.size == 8 {
			x = math.Float64frombits(n.bits)
		} else {
			x = float64(math.Float32frombits(uint32(n.bits)))
		}
		// Go constants have no -0, Inf or NaN (-0x0p+00 reads as +0):
		// those go by their bits.
		if math.IsInf(x, 0) || math.IsNaN(x) || x == 0 && math.Signbit(x) {
			return fmt.Sprintf("%s(0x%x)", fromFn, n.bits)
		}
		s := strconv.FormatFloat(x, 'x', -1, e.size*8)
		return fmt.Sprintf("%s(%s)", T, s)
	}
	// bits is the bit pattern of v as an expression.
	bits := func(v val) string {
		n := f.nodes[v]
		if n.op == "const" {
			return fmt.Sprintf("%s(0x%x)", U, n.bits)
		}
		return fmt.Sprintf("%s(v%d)", bitsFn, v)
	}
	line := func(format string, args ...any) { fmt.Fprintf(w, "\t\t"+format+"\n", args...) }
	fma := "math.FMA"
	if e.size == 4 {
		fma = "fma32"
	}
	roundFn := map[int]string{rEven: "math.RoundToEven", rFloor: "math.Floor", rCeil: "math.Ceil", rTrunc: "math.Trunc"}
	for i, n := range f.nodes {
		a := make([]string, len(n.args))
		for j, v := range n.args {
			a[j] = ref(v)
		}
		switch n.op {
		case "in", "const":
			continue
		case "reload":
			line("v%d := v%d", i, n.imm)
		case "add", "sub", "mul", "div":
			sym := map[string]string{"add": "+", "sub": "-", "mul": "*", "div": "/"}[n.op]
			line("v%d := %s(%s %s %s)", i, T, a[0], sym, a[1])
		case "fma":
			line("v%d := %s(%s, %s, %s)", i, fma, a[0], a[1], a[2])
		case "fnma":
			line("v%d := %s(-%s, %s, %s)", i, fma, a[0], a[1], a[2])
		case "fms":
			line("v%d := %s(%s, %s, -%s)", i, fma, a[0], a[1], a[2])
		case "min", "max":
			sym := map[string]string{"min": "<", "max": ">"}[n.op]
			line("v%d := %s", i, a[1])
			line("if %s %s %s {\n\t\t\tv%d = %s\n\t\t}", a[0], sym, a[1], i, a[0])
		case "sqrt", "round":
			fnName := "math.Sqrt"
			if n.op == "round" {
				fnName = roundFn[n.imm]
			}
			if e.size == 4 {
				line("v%d := float32(%s(float64(%s)))", i, fnName, a[0])
			} else {
				line("v%d := %s(%s)", i, fnName, a[0])
			}
		case "cmp":
			x, y := a[0], a[1]
			var expr string
			switch n.imm {
			case cEq:
				expr = x + " == " + y
			case cNeq:
				expr = x + " != " + y
			case cUnord:
				expr = fmt.Sprintf("%s != %s || %s != %s", x, x, y, y)
				if x == y {
					expr = x + " != " + x
				}
			case cLt:
				expr = x + " < " + y
			case cLe:
				expr = x + " <= " + y
			case cGt:
				expr = x + " > " + y
			case cGe:
				expr = x + " >= " + y
			case cNlt:
				expr = fmt.Sprintf("!(%s < %s)", x, y)
			default:
				panic("predicate")
			}
			line("v%d := %s", i, expr)
		case "report":
			line("left = left || %s", a[0])
		case "blend":
			line("v%d := %s", i, a[2])
			line("if %s {\n\t\t\tv%d = %s\n\t\t}", a[0], i, a[1])
		case "signmask":
			line("v%d := %s>>%d != 0", i, bits(n.args[0]), 8*e.size-1)
		case "lookup":
			line("v%d := %s[%s&%d]", i, tableName(e, n.tab), bits(n.args[0]), len(n.tab)-1)
		case "and", "or", "xor", "isub":
			sym := map[string]string{"and": "&", "or": "|", "xor": "^", "isub": "-"}[n.op]
			line("v%d := %s(%s %s %s)", i, fromFn, bits(n.args[0]), sym, bits(n.args[1]))
		case "shl", "shr":
			sym := map[string]string{"shl": "<<", "shr": ">>"}[n.op]
			line("v%d := %s(%s %s %d)", i, fromFn, bits(n.args[0]), sym, n.imm)
		default:
			panic("unknown op " + n.op)
		}
	}
	if f.wide {
		fmt.Fprintf(w, "\t\tdst[i] = float32(%s)\n\t}\n", ref(f.out))
	} else {
		fmt.Fprintf(w, "\t\tdst[i] = %s\n\t}\n", ref(f.out))
	}
	if f.reports() {
		w.WriteString("\treturn left\n")
	}
	w.WriteString("}\n\n")
}

// genMathAll writes the math kernels: their assembly and declarations into
// o (beside the other kernels), their dispatch into disp and other, and
// their Go twins into twins.
func genMathAll(o *out, twins *bytes.Buffer) {
	consts := map[string]uint64{}
	for _, e := range []elem{f32, f64} {
		for _, m := range mathFuncs {
			for _, t := range []tier{avx2, avx512} {
				genMath(o, m, e, t, consts, false)
				if streams(m) {
					genMath(o, m, e, t, consts, true)
				}
			}
			goTwin(twins, m, e)
			genMathDispatch(o, m, e)
		}
	}
	writeConsts(&o.s, consts)
}

// streams reports whether m's kernels store large outputs non-temporally:
// only those of one or two operations a vector (sqrt and the roundings),
// which run at memory speed. The others compute for long enough that the
// read-for-ownership of ordinary stores overlaps their work; there,
// non-temporal stores measured slower on this Zen 5 at 16M elements
// (bench/cmd/numpy -nt: float32 log2 0.54-0.56x NumPy's speed with them,
// 0.69-0.76x without).
func streams(m mathFunc) bool {
	ops := 0
	for _, n := range build(m, f64).nodes {
		if n.op != "in" && n.op != "const" {
			ops++
		}
	}
	return ops <= 2
}

// genMathDispatch writes the function the front door calls: the tier's
// kernel, or the Go twin. A large output (nonTemporal) is written with
// non-temporal stores from where dst reaches vector alignment; the
// elements before go through the plain kernel. The AVX2 kernels run on
// whole vectors; a head or tail shorter than a vector goes through them
// from a vector-sized buffer (the ...AVX2Part function).
func genMathDispatch(o *out, m mathFunc, e elem) {
	// A kernel that reports the lanes it left to Go (fn.report) returns
	// whether it left any, and so does every function here: the pieces
	// below differ only by the result they pass on.
	rep := build(m, e).reports()
	res, zero, set, ret, or, partRet, voidRet := "", "", "", "", "", "", "\t\treturn\n"
	if rep {
		if streams(m) {
			panic(m.name + ": a reporting kernel that streams")
		}
		res, zero, set, ret, or, partRet, voidRet = " (left bool)", " false", "left = ", "return ", " || left", "\treturn left\n", ""
	}
	name := m.name + e.suffix
	head := fmt.Sprintf("func %s(dst, x []%s)%s {\n", name, e.goType, res)
	fmt.Fprintf(&o.other, "%s\t%s%sGo(dst, x)\n}\n\n", head, ret, name)
	lanes := avx2.vbytes / e.size
	k5, k5nt := kernelName(m.name, e, avx512, false), kernelName(m.name, e, avx512, true)
	k2, k2nt := kernelName(m.name, e, avx2, false), kernelName(m.name, e, avx2, true)
	part := k2 + "Part"
	w := &o.disp
	fmt.Fprintf(w, `// %[1]s runs %[2]s on len(x) < %[3]d elements through a buffer.
func %[1]s(dst, x []%[4]s)%[5]s {
	if len(x) == 0 {
		return%[6]s
	}
	var buf [%[3]d]%[4]s
	copy(buf[:], x)
	%[7]s%[2]s(&buf[0], &buf[0], %[3]d)
	copy(dst, buf[:len(x)])
%[8]s}

`, part, k2, lanes, e.goType, res, zero, set, partRet)
	w.WriteString(head)
	if !streams(m) {
		fmt.Fprintf(w, `	switch cpu.Current() {
	case cpu.AVX512:
		%[6]s%[1]s(unsafe.SliceData(dst), unsafe.SliceData(x), len(x))
%[9]s	case cpu.AVX2:
		n := len(x) &^ %[3]d
		%[7]s%[2]s(unsafe.SliceData(dst), unsafe.SliceData(x), n)
		%[6]s%[4]s(dst[n:], x[n:])%[8]s
%[9]s	}
	%[6]s%[5]sGo(dst, x)
}

`, k5, k2, lanes-1, part, name, ret, set, or, voidRet)
		return
	}
	fmt.Fprintf(w, `	switch cpu.Current() {
	case cpu.AVX512:
		if nonTemporal(dst) {
			h := min(alignHead(dst, 64), len(x))
			%[1]s(unsafe.SliceData(dst), unsafe.SliceData(x), h)
			if h < len(x) {
				%[2]s(&dst[h], &x[h], len(x)-h)
			}
			return
		}
		%[1]s(unsafe.SliceData(dst), unsafe.SliceData(x), len(x))
		return
	case cpu.AVX2:
		h, n := 0, len(x)&^%[5]d
		if nonTemporal(dst) {
			h = min(alignHead(dst, 32), len(x))
			%[6]s(dst[:h], x[:h])
			n = h + (len(x)-h)&^%[5]d
			if n > h {
				%[4]s(&dst[h], &x[h], n-h)
			}
		} else {
			%[3]s(unsafe.SliceData(dst), unsafe.SliceData(x), n)
		}
		%[6]s(dst[n:], x[n:])
		return
	}
	%[7]sGo(dst, x)
}

`, k5, k5nt, k2, k2nt, lanes-1, part, name)
}
