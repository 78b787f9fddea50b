// Command gen writes numgo's SIMD kernels: kernels_amd64.s (Go assembly for
// the AVX2+FMA and AVX-512 tiers), kernels_amd64.go (their declarations and
// the per-call tier dispatch), kernels_other.go (the dispatch for builds
// without assembly, which calls the pure-Go twins) and math_twins.go (the
// pure-Go twins of the math kernels, from the programs in math.go).
//
// Run it from this directory after changing it, and commit what it writes:
//
//	go run . -out ..
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// elem describes an element type.
type elem struct {
	suffix string // F32, F64 in kernel names
	goType string
	size   int
	p, s   string // packed and scalar instruction suffixes
	shift  int    // log2(size)
}

var (
	f32 = elem{"F32", "float32", 4, "PS", "SS", 2}
	f64 = elem{"F64", "float64", 8, "PD", "SD", 3}
)

// tier describes a vector instruction set.
type tier struct {
	name   string // AVX2, AVX512
	reg    string // Y, Z
	vbytes int
	bcast  string // register holding a broadcast scalar
	masked bool   // tails by k-masks (else by a scalar loop)
	suffix string // of kernel names, for a variant within a tier
}

var (
	avx2   = tier{"AVX2", "Y", 32, "15", false, ""}
	avx512 = tier{"AVX512", "Z", 64, "31", true, ""}
	// avx512y is the AVX-512 tier on 256-bit vectors (AVX-512VL), for the
	// element-wise kernels on CPUs whose 512-bit stores are slow.
	avx512y = tier{"AVX512", "Y", 32, "31", true, "Y"}
)

// mode is how one body is emitted: full vectors, a k-masked vector, or one
// scalar element in the low lane of X registers.
type mode int

const (
	vector mode = iota
	masked
	scalar
)

// em emits instructions of one kernel body in a mode.
type em struct {
	w    *bytes.Buffer
	t    tier
	e    elem
	m    mode
	ptrs []string // pointer registers, by argument position
	nt   bool     // non-temporal stores in vector mode
	nan  string   // label a scalar step jumps to on NaN
}

func (g *em) ins(format string, args ...any) { fmt.Fprintf(g.w, "\t"+format+"\n", args...) }

// mem is element AX of pointer argument p, plus j vectors.
func (g *em) mem(p, j int) string {
	off := ""
	if g.m == vector && j > 0 {
		off = fmt.Sprint(j * g.t.vbytes)
	}
	return fmt.Sprintf("%s(%s)(AX*%d)", off, g.ptrs[p], g.e.size)
}

// r names vector register i.
func (g *em) r(i int) string {
	if g.m == scalar {
		return fmt.Sprintf("X%d", i)
	}
	return fmt.Sprintf("%s%d", g.t.reg, i)
}

// bc names the register holding the broadcast scalar argument.
func (g *em) bc() string {
	if g.m == scalar {
		return "X" + g.t.bcast
	}
	return g.t.reg + g.t.bcast
}

func (g *em) suf() string {
	if g.m == scalar {
		return g.e.s
	}
	return g.e.p
}

func (g *em) load(reg string, p, j int) {
	switch g.m {
	case vector:
		g.ins("VMOVU%s %s, %s", g.e.p, g.mem(p, j), reg)
	case masked:
		g.ins("VMOVU%s.Z %s, K1, %s", g.e.p, g.mem(p, j), reg)
	case scalar:
		g.ins("VMOV%s %s, %s", g.e.s, g.mem(p, j), reg)
	}
}

// op emits dst = src1 OP src2 (Go operand order: src2, src1, dst); in
// masked mode inactive lanes are zeroed, or kept when merge is set.
func (g *em) op(name, src2, src1, dst string, merge bool) {
	switch {
	case g.m == masked && merge:
		g.ins("%s%s %s, %s, K1, %s", name, g.suf(), src2, src1, dst)
	case g.m == masked:
		g.ins("%s%s.Z %s, %s, K1, %s", name, g.suf(), src2, src1, dst)
	default:
		g.ins("%s%s %s, %s, %s", name, g.suf(), src2, src1, dst)
	}
}

func (g *em) store(reg string, p, j int) {
	switch g.m {
	case vector:
		mov := "VMOVU"
		if g.nt {
			mov = "VMOVNT"
		}
		g.ins("%s%s %s, %s", mov, g.e.p, reg, g.mem(p, j))
	case masked:
		g.ins("VMOVU%s %s, K1, %s", g.e.p, reg, g.mem(p, j))
	case scalar:
		g.ins("VMOV%s %s, %s", g.e.s, reg, g.mem(p, j))
	}
}

// mapOp is an element-wise kernel: pointer arguments (the first is the
// destination), an optional broadcast scalar, and a body for vector j.
type mapOp struct {
	name    string
	ptrs    []string
	scalar  string
	regsPer int
	nt      bool // has a non-temporal variant
	body    func(g *em, j int)
}

func binary(name, ins string) mapOp {
	return mapOp{name: name, ptrs: []string{"dst", "a", "b"}, regsPer: 1, nt: true, body: func(g *em, j int) {
		r := g.r(j)
		g.load(r, 1, j)
		g.op(ins, g.mem(2, j), r, r, false)
		g.store(r, 0, j)
	}}
}

func withScalar(name, ins string) mapOp {
	return mapOp{name: name, ptrs: []string{"dst", "a"}, scalar: "s", regsPer: 1, nt: true, body: func(g *em, j int) {
		r := g.r(j)
		g.load(r, 1, j)
		g.op(ins, g.bc(), r, r, false)
		g.store(r, 0, j)
	}}
}

var mapOps = []mapOp{
	binary("add", "VADD"),
	binary("sub", "VSUB"),
	binary("mul", "VMUL"),
	binary("div", "VDIV"),
	withScalar("scale", "VMUL"),
	withScalar("addScalar", "VADD"),
	{name: "axpy", ptrs: []string{"y", "x"}, scalar: "alpha", regsPer: 1, body: func(g *em, j int) {
		r := g.r(j)
		g.load(r, 0, j)
		g.op("VFMADD231", g.mem(1, j), g.bc(), r, false) // r += alpha*x
		g.store(r, 0, j)
	}},
	{name: "fma", ptrs: []string{"dst", "a", "b", "c"}, regsPer: 2, nt: true, body: func(g *em, j int) {
		r, c := g.r(2*j), g.r(2*j+1)
		g.load(r, 1, j)
		g.load(c, 3, j)
		g.op("VFMADD132", g.mem(2, j), c, r, false) // r = r*b + c
		g.store(r, 0, j)
	}},
}

var ptrRegs = []string{"DI", "SI", "DX", "R10"}

type arg struct {
	name, typ string
	size      int
}

// frame lays out ABI0 arguments and results and returns offsets and the
// total size.
func frame(args, results []arg) (map[string]int, int) {
	off := map[string]int{}
	o := 0
	place := func(a arg) {
		o = (o + a.size - 1) / a.size * a.size
		off[a.name] = o
		o += a.size
	}
	for _, a := range args {
		place(a)
	}
	if len(results) > 0 {
		o = (o + 7) / 8 * 8
	}
	for _, a := range results {
		place(a)
	}
	return off, o
}

type out struct {
	s, decl, disp, other bytes.Buffer
}

func label(fn, l string) string { return fn + "_" + l }

func kernelName(op string, e elem, t tier, nt bool) string {
	n := op + e.suffix + t.name + t.suffix
	if nt {
		n += "NT"
	}
	return n
}

// loadArgs moves pointer arguments, n and the scalar into registers.
func loadArgs(w *bytes.Buffer, ptrs []string, off map[string]int, scalarName string, e elem, t tier) {
	for i, p := range ptrs {
		fmt.Fprintf(w, "\tMOVQ %s+%d(FP), %s\n", p, off[p], ptrRegs[i])
	}
	fmt.Fprintf(w, "\tMOVQ n+%d(FP), R9\n", off["n"])
	if scalarName != "" {
		fmt.Fprintf(w, "\tMOV%s %s+%d(FP), X0\n", e.s, scalarName, off[scalarName])
		fmt.Fprintf(w, "\tVBROADCAST%s X0, %s%s\n", e.s, t.reg, t.bcast)
	}
}

// loopHead opens a loop that runs while AX <= BX (signed), leaving to exit
// when it would not run at all; loopTail closes it, adding step to AX.
func loopHead(w *bytes.Buffer, fn, name, exit string) {
	fmt.Fprintf(w, "\tCMPQ AX, BX\n\tJGT %s\n%s:\n", label(fn, exit), label(fn, name))
}

func loopTail(w *bytes.Buffer, fn, name string, step int) {
	fmt.Fprintf(w, "\tADDQ $%d, AX\n\tCMPQ AX, BX\n\tJLE %s\n", step, label(fn, name))
}

// prefetchAhead is how many bytes ahead of the loop prefetch reads.
const prefetchAhead = 2048

// prefetch emits, at the top of a kernel's main loop, a PREFETCHNTA
// prefetchAhead bytes ahead of base (elements of size bytes indexed by AX)
// for every `every` bytes of the `bytes` an iteration reads from it, and
// at least one. The kernels that use it read one stream; at 16M elements,
// in the minutes when this VM's memory is slow, the hardware prefetcher
// alone left a third of the bandwidth unused (ARCHITECTURE.md, "Software
// prefetch"):
//   - non-temporal kernels (sqrt, the roundings, Scale, AddScalar): every
//     cache line (every = 64), measured 10-20% faster on a 128 MiB floor;
//   - reductions (Sum, Min, Max, ArgMin, ArgMax): one line in eight
//     (every = 512), 20-30% faster on a 128 MiB sum, and as fast in L1,
//     where a prefetch per line cost 16%.
//
// Kernels that read two streams (c = a + b) and the compute-bound math
// kernels, which store ordinarily, measured slower with it.
func prefetch(w *bytes.Buffer, base string, size, bytes, every int) {
	for off := 0; off < max(bytes, every); off += every {
		fmt.Fprintf(w, "\tPREFETCHNTA %d(%s)(AX*%d)\n", prefetchAhead+off, base, size)
	}
}

// setMask sets K1 to the low CX lanes (CX < 64).
func setMask(w *bytes.Buffer) {
	w.WriteString("\tMOVQ $1, R8\n\tSHLQ CX, R8\n\tDECQ R8\n\tKMOVQ R8, K1\n")
}

func genMap(o *out, op mapOp, e elem, t tier, nt bool) {
	fn := kernelName(op.name, e, t, nt)
	args := []arg{}
	for _, p := range op.ptrs {
		args = append(args, arg{p, "*" + e.goType, 8})
	}
	args = append(args, arg{"n", "int", 8})
	if op.scalar != "" {
		args = append(args, arg{op.scalar, e.goType, e.size})
	}
	off, size := frame(args, nil)
	var params []string
	for _, a := range args {
		params = append(params, a.name+" "+a.typ)
	}
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s(%s)\n\n", fn, strings.Join(params, ", "))

	w := &o.s
	fmt.Fprintf(w, "// func %s(%s)\n", fn, strings.Join(params, ", "))
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn, size)
	loadArgs(w, op.ptrs, off, op.scalar, e, t)
	w.WriteString("\tXORQ AX, AX\n")
	g := &em{w: w, t: t, e: e, ptrs: ptrRegs}
	lanes := t.vbytes / e.size
	if nt {
		// Head: the elements before dst reaches vector alignment.
		fmt.Fprintf(w, "\tMOVQ DI, CX\n\tNEGQ CX\n\tANDQ $%d, CX\n\tSHRQ $%d, CX\n\tCMPQ CX, R9\n\tCMOVQGT R9, CX\n", t.vbytes-1, e.shift)
		if t.masked {
			fmt.Fprintf(w, "\tTESTQ CX, CX\n\tJEQ %s\n", label(fn, "aligned"))
			setMask(w)
			g.m = masked
			op.body(g, 0)
			w.WriteString("\tMOVQ CX, AX\n")
		} else {
			fmt.Fprintf(w, "%s:\n\tCMPQ AX, CX\n\tJGE %s\n", label(fn, "head"), label(fn, "aligned"))
			g.m = scalar
			op.body(g, 0)
			fmt.Fprintf(w, "\tINCQ AX\n\tJMP %s\n", label(fn, "head"))
		}
		fmt.Fprintf(w, "%s:\n", label(fn, "aligned"))
	}
	const unroll = 4
	step := unroll * lanes
	fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", step)
	loopHead(w, fn, "loop", "one")
	if nt && len(op.ptrs) == 2 {
		prefetch(w, ptrRegs[1], e.size, step*e.size, 64)
	}
	g.m, g.nt = vector, nt
	for j := range unroll {
		op.body(g, j)
	}
	loopTail(w, fn, "loop", step)
	fmt.Fprintf(w, "%s:\n\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", label(fn, "one"), lanes)
	loopHead(w, fn, "oneloop", "tail")
	op.body(g, 0)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		fmt.Fprintf(w, "\tMOVQ R9, CX\n\tSUBQ AX, CX\n\tJEQ %s\n", label(fn, "done"))
		setMask(w)
		g.m = masked
		op.body(g, 0)
	} else {
		fmt.Fprintf(w, "\tCMPQ AX, R9\n\tJGE %s\n", label(fn, "done"))
		g.m = scalar
		op.body(g, 0)
		fmt.Fprintf(w, "\tINCQ AX\n\tJMP %s\n", label(fn, "tail"))
	}
	fmt.Fprintf(w, "%s:\n", label(fn, "done"))
	if nt {
		w.WriteString("\tSFENCE\n")
	}
	w.WriteString("\tVZEROUPPER\n\tRET\n\n")
}

// redOp is a reduction: acc[j] op= f(x[j], ...).
type redOp struct {
	name    string
	ptrs    []string
	combine string // packed instruction combining accumulators
	init    func(g *em, e elem, t tier, n int)
	// step accumulates vector j into accumulator acc using temp register tmp.
	step func(g *em, j int, acc, tmp string)
}

func zeroAccs(g *em, e elem, t tier, n int) {
	for i := range n {
		r := fmt.Sprintf("%s%d", t.reg, i)
		g.ins("VXOR%s %s, %s, %s", e.p, r, r, r)
	}
}

func infAccs(sign string) func(g *em, e elem, t tier, n int) {
	return func(g *em, e elem, t tier, n int) {
		if e.size == 8 {
			g.ins("MOVQ $0x%sFF0000000000000, R8", sign)
			g.ins("MOVQ R8, X0")
		} else {
			g.ins("MOVL $0x%sF800000, R8", sign)
			g.ins("MOVQ R8, X0")
		}
		g.ins("VBROADCAST%s X0, %s0", e.s, t.reg)
		for i := 1; i < n; i++ {
			g.ins("VMOVAP%s %s0, %s%d", e.p[1:], t.reg, t.reg, i)
		}
	}
}

func (g *em) combineOp(r redOp, src2, src1, dst string) {
	g.ins("%s %s, %s, %s", r.combine, src2, src1, dst)
}

// minMax builds Min or Max with VMIN/VMAX, which return their second source
// when either is NaN, so a NaN can be lost again. NaN is therefore tracked
// apart: every loaded vector is compared unordered with itself and the
// result ORed into Y15 (AVX2) or K3 (AVX-512); a NaN seen makes the result
// NaN at the end.
func minMax(name, ins, sign string) func(t tier, e elem) redOp {
	return func(t tier, e elem) redOp {
		return redOp{name: name, ptrs: []string{"x"}, combine: ins + e.p, init: func(g *em, e elem, t tier, n int) {
			infAccs(sign)(g, e, t, n)
			if t.masked {
				g.ins("KXORQ K3, K3, K3")
			} else {
				g.ins("VXOR%s Y15, Y15, Y15", e.p)
			}
		}, step: func(g *em, j int, acc, tmp string) {
			g.load(tmp, 0, j)
			g.op(ins, tmp, acc, acc, true)
			switch {
			case g.m == scalar:
				g.ins("VUCOMI%s %s, %s", e.s, tmp, tmp)
				g.ins("JPS %s", g.nan)
			case t.masked:
				g.ins("VCMP%s $3, %s, %s, K2", e.p, tmp, tmp)
				g.ins("KORQ K2, K3, K3")
			default:
				g.ins("VCMP%s $3, %s, %s, %s", e.p, tmp, tmp, tmp)
				g.ins("VOR%s %s, Y15, Y15", e.p, tmp)
			}
		}}
	}
}

func redOps(t tier, e elem) []redOp {
	return []redOp{
		{name: "sum", ptrs: []string{"x"}, combine: "VADD" + e.p, init: zeroAccs,
			step: func(g *em, j int, acc, _ string) { g.op("VADD", g.mem(0, j), acc, acc, true) }},
		{name: "dot", ptrs: []string{"x", "y"}, combine: "VADD" + e.p, init: zeroAccs,
			step: func(g *em, j int, acc, tmp string) {
				g.load(tmp, 0, j)
				g.op("VFMADD231", g.mem(1, j), tmp, acc, true)
			}},
		minMax("min", "VMIN", "7")(t, e),
		minMax("max", "VMAX", "F")(t, e),
	}
}

func genRed(o *out, r redOp, e elem, t tier) {
	fn := kernelName(r.name, e, t, false)
	args := []arg{}
	for _, p := range r.ptrs {
		args = append(args, arg{p, "*" + e.goType, 8})
	}
	args = append(args, arg{"n", "int", 8})
	off, size := frame(args, []arg{{"ret", e.goType, e.size}})
	var params []string
	for _, a := range args {
		params = append(params, a.name+" "+a.typ)
	}
	sig := fmt.Sprintf("%s(%s) %s", fn, strings.Join(params, ", "), e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	fmt.Fprintf(w, "// func %s\n", sig)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn, size)
	loadArgs(w, r.ptrs, off, "", e, t)
	acc := 8
	minmax := r.name == "min" || r.name == "max"
	if minmax && !t.masked {
		acc = 4 // Y15 holds the NaN flags
	}
	g := &em{w: w, t: t, e: e, ptrs: ptrRegs, nan: label(fn, "nan")}
	r.init(g, e, t, acc)
	w.WriteString("\tXORQ AX, AX\n")
	lanes := t.vbytes / e.size
	step := acc * lanes
	fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", step)
	loopHead(w, fn, "loop", "one")
	if len(r.ptrs) == 1 {
		prefetch(w, ptrRegs[0], e.size, step*e.size, 512)
	}
	g.m = vector
	for j := range acc {
		r.step(g, j, g.r(j), g.r(acc+j))
	}
	loopTail(w, fn, "loop", step)
	fmt.Fprintf(w, "%s:\n\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", label(fn, "one"), lanes)
	loopHead(w, fn, "oneloop", "tail")
	r.step(g, 0, g.r(0), g.r(acc))
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		fmt.Fprintf(w, "\tMOVQ R9, CX\n\tSUBQ AX, CX\n\tJEQ %s\n", label(fn, "reduce"))
		setMask(w)
		g.m = masked
		r.step(g, 0, g.r(0), g.r(acc))
		fmt.Fprintf(w, "%s:\n", label(fn, "reduce"))
	}
	// Fold the accumulators into register 0, then its lanes into lane 0.
	for s := acc / 2; s >= 1; s /= 2 {
		for i := range s {
			g.combineOp(r, fmt.Sprintf("%s%d", t.reg, i+s), fmt.Sprintf("%s%d", t.reg, i), fmt.Sprintf("%s%d", t.reg, i))
		}
	}
	if t.reg == "Z" {
		g.ins("VEXTRACTF64X4 $1, Z0, Y1")
		g.combineOp(r, "Y1", "Y0", "Y0")
	}
	g.ins("VEXTRACTF128 $1, Y0, X1")
	g.combineOp(r, "X1", "X0", "X0")
	if e.size == 4 {
		g.ins("VPERMILPS $0x4E, X0, X1")
		g.combineOp(r, "X1", "X0", "X0")
		g.ins("VPERMILPS $0xB1, X0, X1")
	} else {
		g.ins("VPERMILPD $1, X0, X1")
	}
	g.combineOp(r, "X1", "X0", "X0")
	if !t.masked {
		fmt.Fprintf(w, "%s:\n\tCMPQ AX, R9\n\tJGE %s\n", label(fn, "tail1"), label(fn, "done"))
		g.m = scalar
		r.step(g, 0, "X0", "X8")
		fmt.Fprintf(w, "\tINCQ AX\n\tJMP %s\n", label(fn, "tail1"))
	}
	fmt.Fprintf(w, "%s:\n", label(fn, "done"))
	if minmax && t.masked {
		g.ins("KORTESTQ K3, K3")
		g.ins("JNE %s", g.nan)
	} else if minmax {
		g.ins("VMOVMSK%s Y15, R8", e.p)
		g.ins("TESTQ R8, R8")
		g.ins("JNE %s", g.nan)
	}
	g.ins("VZEROUPPER")
	g.ins("MOV%s X0, ret+%d(FP)", e.s, off["ret"])
	g.ins("RET")
	if minmax {
		fmt.Fprintf(w, "%s:\n", g.nan)
		g.ins("VZEROUPPER")
		if e.size == 8 {
			g.ins("MOVQ $0x7FF8000000000001, R8")
			g.ins("MOVQ R8, ret+%d(FP)", off["ret"])
		} else {
			g.ins("MOVL $0x7FC00000, R8")
			g.ins("MOVL R8, ret+%d(FP)", off["ret"])
		}
		g.ins("RET")
	}
	w.WriteString("\n")
}

const header = "// Code generated by asm/_gen; DO NOT EDIT.\n\n"

func main() {
	dir := flag.String("out", "..", "directory of package asm")
	flag.Parse()
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	for _, e := range []elem{f32, f64} {
		for _, t := range []tier{avx2, avx512, avx512y} {
			for _, op := range mapOps {
				genMap(&o, op, e, t, false)
				if op.nt {
					genMap(&o, op, e, t, true)
				}
			}
		}
		for _, t := range []tier{avx2, avx512} {
			for _, r := range redOps(t, e) {
				genRed(&o, r, e, t)
			}
		}
	}
	genDispatch(&o)
	var twins bytes.Buffer
	genMathAll(&o, &twins)
	genBinaryMathAll(&o, &twins)
	write(filepath.Join(*dir, "kernels_amd64.s"), o.s.Bytes(), false)
	goFile := header + "//go:build amd64 && gc && !purego\n\npackage asm\n\nimport (\n\t\"unsafe\"\n\n\t\"github.com/numgo/numgo/internal/cpu\"\n)\n\n" + o.disp.String() + o.decl.String()
	write(filepath.Join(*dir, "kernels_amd64.go"), []byte(goFile), true)
	other := header + "//go:build !amd64 || !gc || purego\n\npackage asm\n\n" + o.other.String()
	write(filepath.Join(*dir, "kernels_other.go"), []byte(other), true)
	twinFile := header + "package asm\n\nimport \"math\"\n\n// The pure-Go twins of the math kernels, generated from the programs\n// in asm/_gen/math.go.\n\n" + twins.String()
	write(filepath.Join(*dir, "math_twins.go"), []byte(twinFile), true)
	genFused(*dir)  // fused.go
	genMinMax(*dir) // minmax.go
	genIndex(*dir)  // index.go
	genArgMinMax(*dir)
}

// genDispatch writes, for every kernel and element type, the function the
// generic front doors call: a switch on cpu.Current() to the assembly of that
// tier (non-temporal when the output is large), or the Go twin.
func genDispatch(o *out) {
	type sig struct {
		name   string
		slices []string
		scalar string
		ret    bool
		nt     bool
	}
	var sigs []sig
	for _, op := range mapOps {
		sigs = append(sigs, sig{name: op.name, slices: op.ptrs, scalar: op.scalar, nt: op.nt})
	}
	for _, r := range redOps(avx2, f64) {
		sigs = append(sigs, sig{name: r.name, slices: r.ptrs, ret: true})
	}
	for _, e := range []elem{f32, f64} {
		for _, s := range sigs {
			var params, args, ptrArgs []string
			for _, p := range s.slices {
				params = append(params, p+" []"+e.goType)
				args = append(args, p)
				ptrArgs = append(ptrArgs, "unsafe.SliceData("+p+")")
			}
			n := "len(" + s.slices[len(s.slices)-1] + ")"
			ptrArgs = append(ptrArgs, n)
			if s.scalar != "" {
				params = append(params, s.scalar+" "+e.goType)
				args = append(args, s.scalar)
				ptrArgs = append(ptrArgs, s.scalar)
			}
			ret, retKw := "", ""
			if s.ret {
				ret, retKw = " "+e.goType, "return "
			}
			fn := s.name + e.suffix
			head := fmt.Sprintf("func %s(%s)%s {\n", fn, strings.Join(params, ", "), ret)
			twin := fmt.Sprintf("%s%sGo(%s)", retKw, s.name, strings.Join(args, ", "))
			fmt.Fprintf(&o.other, "%s\t%s\n}\n\n", head, twin)

			w := &o.disp
			w.WriteString(head)
			w.WriteString("\tswitch cpu.Current() {\n")
			calls := func(t tier) {
				call := func(nt bool) string {
					return fmt.Sprintf("%s%s(%s)", retKw, kernelName(s.name, e, t, nt), strings.Join(ptrArgs, ", "))
				}
				if s.nt {
					fmt.Fprintf(w, "\t\tif nonTemporal(%s) {\n\t\t\t%s\n\t\t\treturn\n\t\t}\n", s.slices[0], call(true))
				}
				fmt.Fprintf(w, "\t\t%s\n", call(false))
				if !s.ret {
					w.WriteString("\t\treturn\n")
				}
			}
			w.WriteString("\tcase cpu.AVX512:\n")
			if !s.ret {
				w.WriteString("\t\tif avx512Narrow {\n")
				calls(avx512y)
				w.WriteString("\t\t}\n")
			}
			calls(avx512)
			w.WriteString("\tcase cpu.AVX2:\n")
			calls(avx2)
			fmt.Fprintf(w, "\t}\n\t%s\n}\n\n", twin)
		}
	}
}

func write(path string, b []byte, gofmt bool) {
	if gofmt {
		var err error
		if b, err = format.Source(b); err != nil {
			log.Fatalf("%s: %v", path, err)
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
