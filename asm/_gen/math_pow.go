package main

// Math kernels of two inputs (pow): a program whose first two "in" nodes
// are x and y, emitted as math.go's one-input kernels are (the same
// register allocation and instruction selection, so the three tiers give
// the same bits), with kernels that take dst, x, y and n.

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// binaryMathFuncs are the kernels of two inputs; doc completes "sets dst[i]
// to".
var binaryMathFuncs = []mathFunc{
	{"pow", "x[i] raised to the power y[i]", powBody},
}

// pruned is m with the nodes its result does not depend on left out (a
// shared reduction such as logReduce computes more than pow uses; an
// unused value would hold its register to the end, and would not compile
// as Go). The "in" nodes stay, in order.
func pruned(m mathFunc) mathFunc {
	return mathFunc{m.name, m.doc, func(g *fn) val {
		f := &fn{e: g.e}
		f.out = m.body(f)
		live := make([]bool, len(f.nodes))
		live[f.out] = true
		for i := len(f.nodes) - 1; i >= 0; i-- {
			if live[i] || f.nodes[i].op == "in" {
				live[i] = true
				for _, a := range f.nodes[i].args {
					live[a] = true
				}
			}
		}
		remap := make([]val, len(f.nodes))
		for i, n := range f.nodes {
			if !live[i] {
				continue
			}
			args := make([]val, len(n.args))
			for j, a := range n.args {
				args[j] = remap[a]
			}
			n.args = args
			if n.op == "reload" {
				n.imm = int(remap[n.imm])
			}
			remap[i] = g.node(n)
		}
		return remap[f.out]
	}}
}

// genBinaryMathAll writes the kernels of binaryMathFuncs, their dispatch
// and their Go twins, and the constants they use that the one-input
// kernels have not defined already.
func genBinaryMathAll(o *out, twins *bytes.Buffer) {
	consts := map[string]uint64{}
	for _, e := range []elem{f32, f64} {
		for _, m := range binaryMathFuncs {
			m = pruned(m)
			for _, t := range []tier{avx2, avx512} {
				genBinaryMath(o, m, e, t, consts)
			}
			binaryTwin(twins, m, e)
			genBinaryDispatch(o, m, e)
		}
	}
	for n := range consts {
		if bytes.Contains(o.s.Bytes(), []byte("GLOBL "+n+"(SB)")) {
			delete(consts, n)
		}
	}
	writeConsts(&o.s, consts)
}

// genBinaryMath writes the kernel of m for element type e and tier t, as
// genMath does (up to 4 interleaved vectors a step, one, and on AVX-512 a
// k-masked tail; AVX2 takes a multiple of the vector length), x read from
// DX into each copy's first input register before writeBody reads y (the
// last "in" node) from SI.
func genBinaryMath(o *out, m mathFunc, e elem, t tier, consts map[string]uint64) {
	f := build(m, e)
	if !t.masked {
		f = f.lower()
	}
	var wide []*asmEmitter
	u := 4
	for ; u > 1; u-- {
		if wide = copies(f, t, consts, u); wide != nil {
			break
		}
	}
	one := copies(f, t, consts, 1)
	if one == nil {
		panic(m.name + ": out of registers")
	}
	fn := kernelName(m.name, e, t, false)
	sig := fmt.Sprintf("%s(dst *%s, x *%s, y *%s, n int)", fn, e.goType, e.goType, e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	fmt.Fprintf(w, "// func %s\n", sig)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-32\n", fn)
	w.WriteString("\tMOVQ dst+0(FP), DI\n\tMOVQ x+8(FP), DX\n\tMOVQ y+16(FP), SI\n\tMOVQ n+24(FP), R9\n\tXORQ AX, AX\n")
	body := func(es []*asmEmitter, masked bool) {
		mov := "VMOVUP" + e.p[1:]
		for j, a := range es {
			off := ""
			if j > 0 {
				off = fmt.Sprint(j * t.vbytes)
			}
			if masked {
				fmt.Fprintf(w, "\t%s.Z %s(DX)(AX*%d), K1, %s\n", mov, off, e.size, a.loc[0])
			} else {
				fmt.Fprintf(w, "\t%s %s(DX)(AX*%d), %s\n", mov, off, e.size, a.loc[0])
			}
		}
		writeBody(w, es, e, t, masked, false)
	}
	lanes := t.vbytes / e.size
	if u > 1 {
		fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", u*lanes)
		loopHead(w, fn, "loop", "one")
		body(wide, false)
		loopTail(w, fn, "loop", u*lanes)
		fmt.Fprintf(w, "%s:\n", label(fn, "one"))
	}
	fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", lanes)
	loopHead(w, fn, "oneloop", "tail")
	body(one, false)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		fmt.Fprintf(w, "\tMOVQ R9, CX\n\tSUBQ AX, CX\n\tJEQ %s\n", label(fn, "done"))
		setMask(w)
		body(one, true)
		fmt.Fprintf(w, "%s:\n", label(fn, "done"))
	}
	w.WriteString("\tVZEROUPPER\n\tRET\n\n")
}

// binaryTwin writes the Go twin of m: goTwin's, with y[i] read into v1.
func binaryTwin(w *bytes.Buffer, m mathFunc, e elem) {
	var b bytes.Buffer
	goTwin(&b, m, e)
	name, T := m.name+e.suffix+"Go", e.goType
	old := fmt.Sprintf("// %s sets dst[i] to %s of x[i].\nfunc %s(dst, x []%s) {\n\tdst = dst[:len(x)]\n\tfor i, v0 := range x {\n",
		name, m.doc, name, T)
	head := fmt.Sprintf("// %s sets dst[i] to %s.\nfunc %s(dst, x, y []%s) {\n\tdst, y = dst[:len(x)], y[:len(x)]\n\tfor i, v0 := range x {\n\t\tv1 := y[i]\n",
		name, m.doc, name, T)
	s := b.String()
	if !strings.HasPrefix(s, old) {
		panic(m.name + ": goTwin's header changed")
	}
	w.WriteString(head + s[len(old):])
}

// genBinaryDispatch writes the function the front door calls: the tier's
// kernel, or the Go twin; on AVX2 the tail shorter than a vector goes
// through the kernel from vector-sized buffers (the ...AVX2Part function).
func genBinaryDispatch(o *out, m mathFunc, e elem) {
	name := m.name + e.suffix
	head := fmt.Sprintf("func %s(dst, x, y []%s) {\n", name, e.goType)
	fmt.Fprintf(&o.other, "%s\t%sGo(dst, x, y)\n}\n\n", head, name)
	lanes := avx2.vbytes / e.size
	k5, k2 := kernelName(m.name, e, avx512, false), kernelName(m.name, e, avx2, false)
	fmt.Fprintf(&o.disp, `// %[1]sPart runs %[1]s on len(x) < %[2]d elements through buffers.
func %[1]sPart(dst, x, y []%[3]s) {
	if len(x) == 0 {
		return
	}
	var bx, by [%[2]d]%[3]s
	copy(bx[:], x)
	copy(by[:], y)
	%[1]s(&bx[0], &bx[0], &by[0], %[2]d)
	copy(dst, bx[:len(x)])
}

%[4]s	switch cpu.Current() {
	case cpu.AVX512:
		%[5]s(unsafe.SliceData(dst), unsafe.SliceData(x), unsafe.SliceData(y), len(x))
		return
	case cpu.AVX2:
		n := len(x) &^ %[6]d
		%[1]s(unsafe.SliceData(dst), unsafe.SliceData(x), unsafe.SliceData(y), n)
		%[1]sPart(dst[n:], x[n:], y[n:])
		return
	}
	%[7]sGo(dst, x, y)
}

`, k2, lanes, e.goType, head, k5, lanes-1, name)
}

// powBody: x^y = e^(y·log|x|) with log|x| in double length (Lh + Ll,
// relative error about 2^-65) and the product and the exponential too
// (expDD), so that the one rounding that counts is the last (as SLEEF's
// u10 pow, logk and expk, in our own terms).
//
// log|x| = k·ln 2 + log m with m in [√2/2, √2) (logReduce), log m = 2s +
// s³·(2/3 + s²·T(s²)) with s = f/(2+f), f = m-1: s as sh + sl (f times
// the reciprocal of 2+f, corrected once by the remainder, exact in a fused
// multiply-add),
// s² and s³ as double-length products, 2/3 + s²·T as uh + ul (T a
// near-minimax polynomial, asm/testdata/specialfit.py), their product
// double-length, and the terms summed in two-sums with k·ln 2 (ln 2 in two
// parts, k times the first exact).
//
// The special values are C99's and NumPy's: x^±0 = 1 and 1^y = 1 (NaN
// included); NaN otherwise for a NaN input; a negative finite x with a
// non-integer y gives NaN; the sign of x is kept where y is an odd
// integer; ±0 and ±Inf give 0 or Inf by the signs of y and log|x|, as do
// |y| = Inf (-1 to ±Inf gives 1). y is clamped to 2^±70 (2^±40 for
// float32), where x^y is 0, 1 or Inf anyway, so that y·log|x| stays
// finite.
func powBody(f *fn) val {
	x, y := f.in(), f.in()
	sm := signMask(f)
	one, zero, inf := f.c(1), f.c(0), f.c(math.Inf(1))
	nan := uint64(0x7ff8000000000000)
	T := []float64{0.11735818855512968, 0.11705021567538627, 0.13334850282547114, 0.1538459412012637,
		0.18181818343316125, 0.2222222222162076, 0.28571428571429425, 0.4}
	ln2hi, ln2lo := 6.93147180369123816490e-01, 1.90821492927058770002e-10
	ch, cl := 2.0/3, 3.700743415417188e-17 // 2/3 in two parts
	if !f.is64() {
		nan = 0x7fc00000
		T = []float64{0.19130083918571472, 0.22204406559467316, 0.28571534156799316, 0.4000000059604645}
		ln2hi, ln2lo = 6.9313812256e-01, 9.0580006145e-06
		ch, cl = 0x1.555556p-1, -1.9868215517249155e-08
	}
	xa := f.and(x, f.bitsc(sm-1))
	p := logReduce(f, xa)
	two := f.c(2)
	dh := f.add(p.f, two)
	dl := f.add(f.sub(two, dh), p.f)
	inv := f.div(one, dh)
	sh := f.mul(p.f, inv)
	sl := f.mul(f.fnma(sh, dl, f.fnma(sh, dh, p.f)), inv)
	s2h := f.mul(sh, sh)
	s2l := f.fma(f.add(sh, sh), sl, f.fms(sh, sh, s2h))
	s3h := f.mul(s2h, sh)
	s3l := f.fma(s2h, sl, f.fma(s2l, sh, f.fms(s2h, sh, s3h)))
	wt := f.mul(s2h, f.horner(s2h, T...))
	uh := f.add(f.c(ch), wt)
	ul := f.add(f.add(f.sub(f.c(ch), uh), wt), f.c(cl))
	ph := f.mul(s3h, uh)
	pl := f.fma(s3h, ul, f.fma(s3l, uh, f.fms(s3h, uh, ph)))
	h1, e1 := twoSum(f, f.mul(p.k, f.c(ln2hi)), f.add(sh, sh))
	h2, e2 := twoSum(f, h1, ph)
	lo := f.add(f.add(e1, e2), f.add(f.add(pl, f.add(sl, sl)), f.mul(p.k, f.c(ln2lo))))
	lh := f.add(h2, lo)
	ll := f.sub(lo, f.sub(lh, h2))

	ymax := f.pick(0x1p70, 0x1p40)
	yc := f.min(f.max(y, f.c(-ymax)), f.c(ymax))
	th := f.mul(yc, lh)
	tmax := f.pick(0x1p-30, 0x1p-10)
	tl := f.fma(yc, ll, f.fms(yc, lh, th))
	tl = f.min(f.max(tl, f.c(-tmax)), f.c(tmax)) // matters only where th is out of range
	k, eh, ew := expDD(f, th, tl)
	r := f.scale(f.add(eh, ew), k)

	// The special values from x and y read again (no register holds them
	// through the logarithm and the exponential).
	x, y = f.reload(x), f.reload(y)
	xa = f.and(x, f.bitsc(sm-1))
	ypos := f.cmp(cGt, y, zero)
	ms := f.blend(f.cmp(cGt, xa, one), f.blend(ypos, inf, zero), f.blend(ypos, zero, inf))
	r = f.blend(f.mor(f.cmp(cEq, xa, zero), f.cmp(cEq, xa, inf)), ms, r)
	yt := f.round(rTrunc, y)
	h := f.mul(y, f.c(0.5))
	odd := f.blend(f.cmp(cNeq, f.round(rTrunc, h), h), x, zero) // x where y is odd, else 0
	odd = f.blend(f.cmp(cNeq, yt, y), zero, odd)
	r = f.or(r, f.and(odd, f.bitsc(sm)))
	keep := f.mor(f.mor(f.cmp(cNlt, x, zero), f.cmp(cEq, x, f.c(math.Inf(-1)))), f.cmp(cEq, yt, y))
	r = f.blend(keep, r, f.bitsc(nan))
	r = f.blend(f.cmp(cUnord, x, y), f.add(x, y), r)
	return f.blend(f.mor(f.cmp(cEq, y, zero), f.cmp(cEq, x, one)), one, r)
}
