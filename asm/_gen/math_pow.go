package main

// Math kernels of two inputs (pow): a program whose first two "in" nodes
// are x and y, emitted as math.go's one-input kernels are (the same
// register allocation and instruction selection, so the three tiers give
// the same bits), with kernels that take dst, x, y and n.

import (
	"bytes"
	"fmt"
	"strings"
)

// binaryMathFuncs are the kernels of two inputs; doc completes "sets dst[i]
// to".
var binaryMathFuncs = []mathFunc{
	{"powV", "x[i] raised to the power y[i] (NaN where asm/math_pow.go finishes the lane)", powBody},
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
// and their Go twins, and the constants and tables they use that the
// one-input kernels have not defined already.
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
	for n := range consts { // a constant's GLOBL, a table's TEXT
		if bytes.Contains(o.s.Bytes(), []byte("GLOBL "+n+"(SB)")) || bytes.Contains(o.s.Bytes(), []byte("TEXT "+n+"(SB)")) {
			delete(consts, n)
		}
	}
	writeConsts(&o.s, consts)
}

// genBinaryMath writes the kernel of m for element type e and tier t, as
// genMath does (interleaved vectors a step, one, and on AVX-512 a
// k-masked tail; AVX2 takes a multiple of the vector
// length), x read from DX into each copy's first input register before
// writeBody reads y (the last "in" node) from SI.
func genBinaryMath(o *out, m mathFunc, e elem, t tier, consts map[string]uint64) {
	f := build(m, e)
	if !t.masked {
		f = f.lower()
	}
	wide, one, u := interleave(f, t, consts, m.name)
	fn := kernelName(m.name, e, t, false)
	sig := fmt.Sprintf("%s(dst *%s, x *%s, y *%s, n int)", fn, e.goType, e.goType, e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	fmt.Fprintf(w, "// func %s\n", sig)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-32\n", fn)
	w.WriteString("\tMOVQ dst+0(FP), DI\n\tMOVQ x+8(FP), DX\n\tMOVQ y+16(FP), SI\n\tMOVQ n+24(FP), R9\n\tXORQ AX, AX\n")
	one[0].res.load(w)
	lanes := f.lanes(t)
	body := func(es []*asmEmitter, masked bool) {
		load := "VMOVUP" + e.p[1:]
		for j, a := range es {
			off := ""
			if j > 0 {
				off = fmt.Sprint(j * lanes * e.size)
			}
			if masked {
				fmt.Fprintf(w, "\t%s.Z %s(DX)(AX*%d), K1, %s\n", load, off, e.size, a.loc[0])
			} else {
				fmt.Fprintf(w, "\t%s %s(DX)(AX*%d), %s\n", load, off, e.size, a.loc[0])
			}
		}
		writeBody(w, es, e, t, masked, false)
	}
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
	loop, loopY := "for i, v0 := range x {\n", "for i, v0 := range x {\n\t\tv1 := y[i]\n"
	old := fmt.Sprintf("// %s sets dst[i] to %s of x[i].\nfunc %s(dst, x []%s) {\n\tdst = dst[:len(x)]\n",
		name, m.doc, name, T)
	head := fmt.Sprintf("// %s sets dst[i] to %s.\nfunc %s(dst, x, y []%s) {\n\tdst, y = dst[:len(x)], y[:len(x)]\n",
		name, m.doc, name, T)
	s := b.String()
	if !strings.HasPrefix(s, old) || !strings.Contains(s, "\t"+loop) {
		panic(m.name + ": goTwin's header changed")
	}
	w.WriteString(head + strings.Replace(s[len(old):], "\t"+loop, "\t"+loopY, 1))
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

// powBody is the float64 kernel of pow: x^y = e^(y·log|x|) with log|x|
// in double length from two levels of 16-entry tables and the
// exponential from a table of 2^(i/16), in the manner of glibc's pow (our
// own tables and polynomials: asm/testdata/pow64fit.py), no division.
//
// log|x|: x = 2^k·z with z in [OFF, 2·OFF), OFF about 0.7058 (getexp and
// getmant, z halved where the significand is at least 2·OFF). The top
// four bits of z's bits less OFF's pick 1/c1 (5 significant bits) and log
// c1, so that r1 = z·(1/c1) - 1 is exact in a fused multiply-add (|r1| <
// 0.045; c1 = 1 for the interval of 1); j = round(128·r1) by a magic
// number picks 1/c2 = 1 + u and log c2, r = r1 + u + r1·u = rh + rl
// (r1 + u exact, r1·u exactly in two parts, a two-sum), |r| < 2^-7.9 (u
// = 0 for j = 0, so that near x = 1 r is r1 itself). log(1+r) = r - r²/2
// + r³·A(r) (A of degree 5, 2^-70 relative) + rl·(1-rh); k·ln2hi + log c1
// and log c2's high parts are exact (multiples of 2^-42), the sums that
// follow keep their errors (Fast2Sum: their first term is 0 or larger
// than the second), so that log|x| = lh + ll within about 2^-66
// relative. Lh is -Inf for x = ±0, +Inf for ±Inf and NaN for NaN, so
// that y·lh gives 0 or Inf by the signs alone; y is clamped to 2^±70,
// where x^y is 0, 1 or Inf anyway, so that y·lh is finite for finite lh.
//
// e^t, t = th + tl = y·lh + (y·ll + the product's error): th clamped to
// ±1000 (NaN kept) and tl to ±2^-30 (matters only where th is out of
// range); k = round(16·t/ln 2) by a magic number whose low bits index the
// table, s = th - k·ln2/16 (ln2/16 in two parts) + tl, |s| <= ln2/32,
// e^s = 1 + s + s²·P(s) (Taylor, degree 7 in all, 2^-59.4), e^t =
// 2^floor(k/16)·(Th + (Th·(e^s - 1) + Tl)) with 2^((k mod 16)/16) = Th +
// Tl from the table: one rounding, and the scaling. powSpecials does the
// rest. Eight table lookups (VPERMT2PD on AVX-512, gathers on AVX2).
func powBody(f *fn) val {
	if !f.is64() {
		return powTable(f)
	}
	x, y := f.in(), f.in()
	const (
		off          = 0x3fe6955500000000
		ln2hi, ln2lo = 0x1.62e42fefa3800p-1, 0x1.ef35793c76730p-45
		ln2nh, ln2nl = 0x1.62e42fefa3ap-5, -0x1.0ca86c3898dp-53 // ln2/16
		invLn2n      = 0x1.71547652b82fep+4                     // 16/ln2
		magic        = 0x1.8p52
	)
	xa := f.and(x, f.bitsc(signMask(f)-1))
	e, m := f.getexp(xa), f.getmant(xa)
	big := f.cmp(cGe, m, f.bitsc(off+1<<52)) // m >= 2·OFF
	z := f.mul(m, f.blend(big, f.c(0.5), f.c(1)))
	k := f.add(e, f.blend(big, f.c(1), f.c(0)))
	i1 := f.shr(f.isub(z, f.bitsc(off)), 48)
	r1 := f.fms(z, f.lookup(i1, powInvC[:]), f.c(1)) // exact
	jb := f.fma(r1, f.c(128), f.c(magic))
	u := f.lookup(jb, powU2[:])
	s1 := f.add(r1, u) // exact
	ph := f.mul(r1, u)
	pl := f.fms(r1, u, ph)
	rh, re := twoSum(f, s1, ph)
	rl := f.add(re, pl)
	t1 := f.add(f.fma(k, f.c(ln2hi), f.lookup(i1, powLogC1Hi[:])), f.lookup(jb, powLogC2Hi[:])) // exact
	t2 := f.add(t1, rh)
	lo1 := f.add(f.fma(k, f.c(ln2lo), f.lookup(i1, powLogC1Lo[:])), f.lookup(jb, powLogC2Lo[:]))
	lo2 := f.add(f.sub(t1, t2), rh)
	ar := f.mul(rh, f.c(-0.5))
	ar2 := f.mul(rh, ar)
	hi := f.add(t2, ar2)
	lo3 := f.fms(ar, rh, ar2)
	lo4 := f.add(f.sub(t2, hi), ar2)
	p := f.fma(f.mul(rh, ar2), f.horner(rh, scaled(powLogA, -2)...), f.fnma(rl, rh, rl)) // r³·A(r) + rl·(1-rh)
	lo := f.add(f.add(f.add(lo1, lo2), f.add(lo3, lo4)), p)
	lh := f.add(hi, lo)
	ll := f.add(f.sub(hi, lh), lo)
	lh = logInf(f, lh, x)

	yc := f.max(f.c(-0x1p70), f.min(f.c(0x1p70), y)) // NaN stays NaN
	th := f.mul(yc, lh)
	tl := f.fma(yc, ll, f.fms(yc, lh, th))
	th = f.max(f.c(-1000), f.min(f.c(1000), th))       // NaN stays NaN
	tl = f.min(f.max(tl, f.c(-0x1p-30)), f.c(0x1p-30)) // NaN goes
	kb := f.fma(th, f.c(invLn2n), f.c(magic))
	kn := f.sub(kb, f.c(magic))
	s := f.add(f.fnma(kn, f.c(ln2nl), f.fnma(kn, f.c(ln2nh), th)), tl)
	es := f.fma(f.mul(s, s), f.horner(s, 1.0/5040, 1.0/720, 1.0/120, 1.0/24, 1.0/6, 0.5), s)
	eh := f.lookup(kb, powExpHi[:])
	res := f.add(eh, f.fma(eh, es, f.lookup(kb, powExpLo[:])))
	return powSpecials(f, x, y, f.scale(res, f.round(rFloor, f.mul(kn, f.c(1.0/16)))))
}

// scaled is cs each multiplied by m (a power of two: exact).
func scaled(cs []float64, m float64) []float64 {
	out := make([]float64, len(cs))
	for i, c := range cs {
		out[i] = c * m
	}
	return out
}

// logInf is l, log|x| in some base, set to -Inf for x = ±0, +Inf for ±Inf
// and NaN for NaN, with x read again (no register holds it through the
// logarithm).
func logInf(f *fn, l, x val) val {
	return f.fixup(l, f.reload(x), fxNaN, fxQuiet, fxZero, fxMinusInf, fxNegInf, fxPlusInf, fxPosInf, fxPlusInf)
}

// powTable is the float32 kernel of pow, in float32 lanes (16 a 512-bit
// vector): x^y = 2^t with t = y·log2|x| in two parts, as glibc's powf and
// SLEEF's powf carry it in double or double-float arithmetic, from two
// 32-entry tables (fn.lookup). Constants: asm/testdata/powfit.py.
//
// log2|x| = T + log2(1+r) + lo with T = e + hi exact and r exact
// (logTableReduce, the float32 log2's table), log2(1+r) = r·C1 + r²·C2 +
// r³·Q(r), C1 = 1/ln 2 and C2 = -1/(2 ln 2) in two float32 parts, r·C1 and
// r²·C2 as double-length products (r² too), Q of degree 3 (2^-36.5
// relative). T + r·C1h and then r²·C2h are summed by Fast2Sum (exact: T
// is a multiple of 2^-15 and |r·C1h| < 2^-4, or T = 0; |r²·C2h| is under
// the partial sum), their errors and the low parts go into Ll: log2|x| =
// Lh + Ll within about 2^-34 relative, |Ll| up to 2^-10 |Lh| (not
// renormalized). t = th + tl: th = y·Lh, tl = y·Ll plus the product's
// error (one fused multiply-add), t's error under 2^-27 where |t| <= 128.
//
// 2^t: k = round(32·(th + tl)) by a magic number (kb's low bits hold k mod
// 32), s = th - k/32 (exact) + tl (|s| <= 1/64 + 2^-17, rounded by at most
// 2^-31), 2^t = 2^floor(k/32)·(Th + Tl)·(1 + P(s)), Th + Tl =
// 2^((k mod 32)/32) from the second table, P of degree 3 (2^-32.5): the
// result within about 2^-27 relative before Th + (Th·P + Tl) rounds it
// (largest error 0.54 ulp with normal results; with subnormal ones the
// scaling rounds a second time, 0.75 ulp). Lh is -Inf for x = ±0, +Inf for
// ±Inf and NaN for NaN, th is clamped to [-200, 200] with NaN kept and tl
// to [-1, 1] with NaN lost (it is NaN or Inf only where th is ±Inf or
// NaN), so that the signs give 0 or Inf; powSpecials does the rest. 89
// instructions for 16 lanes, where computing in float64 lanes (wideF32,
// until 2026-12-06) took 57 for 8 (asm/kernels_amd64.s, AVX-512).
func powTable(f *fn) val {
	x, y := f.in(), f.in()
	const (
		c1h, c1l = 0x1.715476p+0, 0x1.4ae0cp-26
		c2h, c2l = -0x1.715476p-1, -0x1.4ae0cp-27
		magic    = 0x1.8p23
	)
	e, r, hi, lo := logTableReduce(f, f.and(x, f.bitsc(0x7fffffff)), true)
	T := f.add(e, hi)
	ah := f.mul(r, f.c(c1h))
	al := f.fma(r, f.c(c1l), f.fms(r, f.c(c1h), ah))
	r2h := f.mul(r, r)
	r2l := f.fms(r, r, r2h)
	bh := f.mul(r2h, f.c(c2h))
	bl := f.fma(r2h, f.c(c2l), f.fma(r2l, f.c(c2h), f.fms(r2h, f.c(c2h), bh)))
	q := f.horner(r, -0x1.e3b8fp-3, 0x1.279224p-2, -0x1.7154d2p-2, 0x1.ec709ep-2)
	acc := f.fma(f.mul(r2h, r), q, lo)
	s1 := f.add(T, ah)
	e1 := f.sub(ah, f.sub(s1, T))
	s2 := f.add(s1, bh)
	e2 := f.add(f.sub(s1, s2), bh)
	ll := f.add(f.add(al, bl), f.add(acc, f.add(e1, e2)))
	lh := logInf(f, s2, x)

	th := f.mul(y, lh)
	tl := f.fma(y, ll, f.fms(y, lh, th))
	th = f.max(f.c(-200), f.min(f.c(200), th)) // NaN stays NaN
	tl = f.min(f.max(tl, f.c(-1)), f.c(1))     // NaN goes
	kb := f.fma(f.add(th, tl), f.c(32), f.c(magic))
	k := f.sub(kb, f.c(magic))
	s := f.add(f.fnma(k, f.c(1.0/32), th), tl)
	p := f.mul(f.horner(s, 0x1.c6b114p-5, 0x1.ebfcd2p-3, 0x1.62e43p-1), s)
	eh := f.lookup(kb, exp2Hi[:])
	res := f.add(eh, f.fma(eh, p, f.lookup(kb, exp2Lo[:])))
	return powSpecials(f, x, y, f.scale(res, f.round(rFloor, f.mul(k, f.c(1.0/32)))))
}

// exp2Hi and exp2Lo are 2^(i/32) in two float32 parts (powfit.py).
var (
	exp2Hi = [32]float64{0x1p+0, 0x1.059b0ep+0, 0x1.0b5586p+0, 0x1.11301ep+0, 0x1.172b84p+0, 0x1.1d4874p+0,
		0x1.2387a6p+0, 0x1.29e9ep+0, 0x1.306fep+0, 0x1.371a74p+0, 0x1.3dea64p+0, 0x1.44e086p+0, 0x1.4bfdaep+0,
		0x1.5342b6p+0, 0x1.5ab07ep+0, 0x1.6247ecp+0, 0x1.6a09e6p+0, 0x1.71f75ep+0, 0x1.7a1148p+0, 0x1.82589ap+0,
		0x1.8ace54p+0, 0x1.93737cp+0, 0x1.9c4918p+0, 0x1.a5503cp+0, 0x1.ae89fap+0, 0x1.b7f77p+0, 0x1.c199bep+0,
		0x1.cb720ep+0, 0x1.d5818ep+0, 0x1.dfc974p+0, 0x1.ea4afap+0, 0x1.f50766p+0}
	exp2Lo = [32]float64{0, -0x1.9d4f52p-25, 0x1.9f3122p-25, -0x1.fdb496p-25, -0x1.c15742p-27, -0x1.d2e8cap-25,
		0x1.ceac48p-25, -0x1.5c0424p-25, 0x1.4636e2p-25, -0x1.18aac6p-25, 0x1.824684p-25, 0x1.8624b4p-30,
		-0x1.593abcp-25, -0x1.2c561p-25, -0x1.5bd5ecp-27, -0x1.f8b55p-25, 0x1.9fcef4p-26, 0x1.1d8beep-25,
		-0x1.829fdp-25, -0x1.accc7cp-26, 0x1.15506ep-27, -0x1.e64744p-25, 0x1.51f848p-27, -0x1.b83b54p-25,
		-0x1.a94b14p-26, -0x1.a09438p-25, -0x1.3d56b2p-27, -0x1.8837ccp-27, -0x1.822dbcp-27, -0x1.908c94p-25,
		0x1.52486cp-27, -0x1.246ebp-26}
)

// powSpecials finishes x^y from r = |x|^y (0 or Inf by the signs where x
// is ±0 or ±Inf, NaN where x or y is NaN), with C99's and NumPy's special
// values: the sign of x where y is an odd integer; NaN where x's sign bit
// is set and y is not an integer; x^±0 = 1 and 1^y = 1 (NaN included).
// (NaN inputs give NaN: the kernels' clamps keep a NaN of y·log|x|.) The
// NaN lanes are left to asm/math_pow.go (powLane), which also gives
// (-1)^±Inf = 1 and (±0 or -Inf with a non-integer y) their values: the
// rest of the specials come out right here. x and y are read again (no
// register holds them through the logarithm and the exponential).
func powSpecials(f *fn, x, y, r val) val {
	nan := uint64(0x7ff8000000000000)
	if !f.is64() {
		nan = 0x7fc00000
	}
	x, y = f.reload(x), f.reload(y)
	// One lane mask live at a time (AVX-512 has six for up to four
	// interleaved copies).
	h := f.mul(y, f.c(0.5))
	odd := f.cmp(cNeq, f.round(rTrunc, h), h) // for integer y
	r = f.xor(r, f.and(f.blend(odd, x, f.c(0)), f.bitsc(signMask(f))))
	rn := f.blend(f.signmask(x), f.bitsc(nan), r)
	r = f.blend(f.cmp(cEq, f.round(rTrunc, y), y), r, rn)
	r = f.fixup(r, x, fxOne, fxPlus1)
	return f.fixup(r, y, fxZero, fxPlus1)
}

// The float64 pow's tables (asm/testdata/pow64fit.py): 1/c1 and log c1 =
// hi + lo for the 16 intervals of z; 1/c2 - 1 and log c2 = hi + lo for j =
// round(128·r1) in [-8, 7], at j mod 16; 2^(i/16) = hi + lo.
var (
	powInvC = [16]float64{
		0x1.6p+0, 0x1.5p+0, 0x1.4p+0, 0x1.4p+0, 0x1.3p+0, 0x1.2p+0, 0x1.2p+0, 0x1.1p+0, 0x1p+0, 0x1p+0, 0x1.ep-1,
		0x1.cp-1, 0x1.bp-1, 0x1.9p-1, 0x1.8p-1, 0x1.7p-1}
	powLogC1Hi = [16]float64{
		-0x1.4618bc21c6p-2, -0x1.1675cababap-2, -0x1.c8ff7c79aap-3, -0x1.c8ff7c79aap-3, -0x1.5ff3070a7ap-3,
		-0x1.e27076e2bp-4, -0x1.e27076e2bp-4, -0x1.f0a30c0118p-5, 0, 0, 0x1.08598b59e4p-4, 0x1.1178e8227ep-3,
		0x1.5bf406b544p-3, 0x1.f991c6cb3cp-3, 0x1.269621134ep-2, 0x1.522ae0738ap-2}
	powLogC1Lo = [16]float64{
		0x1.3d82f484c84ccp-46, -0x1.8380e731f55c4p-44, 0x1.7794f689f8434p-45, 0x1.7794f689f8434p-45,
		0x1.8586f183bebf2p-44, 0x1.a342c2af0003cp-45, 0x1.a342c2af0003cp-45, 0x1.d599e83368e91p-45, 0, 0,
		-0x1.7e5dd7009902cp-46, 0x1.1ef78ce2d07f2p-45, -0x1.27023eb68981cp-46, -0x1.90d04cd7cc834p-44,
		-0x1.1b61f10522625p-44, 0x1.ebe708164c759p-45}
	powU2 = [16]float64{
		0, -0x1.fcp-8, -0x1.f82p-7, -0x1.7734p-6, -0x1.f07cp-6, -0x1.33f8p-5, -0x1.6ecep-5, -0x1.a8c6p-5, 0x1.1111p-4,
		0x1.d9eap-5, 0x1.92e2p-5, 0x1.4d02p-5, 0x1.0842p-5, 0x1.8938p-6, 0x1.041p-6, 0x1.0208p-7}
	powLogC2Hi = [16]float64{
		0, 0x1.fdfaa6b14p-8, 0x1.fc0b0b0fcp-7, 0x1.7b90e87d6p-6, 0x1.f82990e78p-6, 0x1.39e82b9ffp-5, 0x1.774537633p-5,
		0x1.b42eab1198p-5, -0x1.08597b59e4p-4, -0x1.ccb670ddd8p-5, -0x1.894a0949f8p-5, -0x1.466ad942ep-5,
		-0x1.0415c89e78p-5, -0x1.8493028c9p-6, -0x1.020525893p-6, -0x1.010547588p-7}
	powLogC2Lo = [16]float64{
		0, -0x1.98770e7341672p-44, 0x1.f8f3e86147e01p-49, -0x1.daeab805daeedp-45, 0x1.9c0267c68b48fp-45,
		-0x1.e302b8487c536p-44, -0x1.b73b9d8eab34ap-45, 0x1.da2c34eee7648p-45, 0x1.9e5dd715ee582p-46,
		-0x1.44f0c5eb5d185p-46, -0x1.cb334d0604118p-45, 0x1.c7a7375e7a7d3p-45, 0x1.dfdc7f46c6fcp-44,
		0x1.1185d123e5b7ep-44, -0x1.591d27c392ec1p-44, 0x1.99ed21ce675dcp-47}
	powExpHi = [16]float64{
		0x1p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0, 0x1.306fe0a31b715p+0,
		0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0, 0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0,
		0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f09p+0, 0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0,
		0x1.ea4afa2a490dap+0}
	powExpLo = [16]float64{
		0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54, 0x1.6f46ad23182e4p-55,
		0x1.ada0911f09ebcp-55, 0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54, -0x1.bdd3413b26456p-54,
		-0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56, 0x1.7a1cd345dcc81p-54,
		0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54}
)

// powLogA is A (pow64fit.py), highest degree first.
var powLogA = []float64{-0x1.000158ea03139p-3, 0x1.2493c86171ecdp-3, -0x1.55555554c41cfp-3, 0x1.99999998f83e9p-3, -0x1p-2, 0x1.5555555555556p-2}
