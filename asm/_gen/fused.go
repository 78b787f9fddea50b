package main

// The kernels that let a caller fuse numgo's operations without changing
// a bit of their results (nd/expr's blocks): mulSum, the sum of products
// in sum's very order, and dispatch functions that force the non-temporal
// variants of the element-wise kernels whatever the output's size. They
// go to files of their own (fused_amd64.s, fused_amd64.go, fused_other.go).

import (
	"fmt"
	"path/filepath"
	"strings"
)

// mulSum is sum over x[i]*y[i]: each product rounded, then added exactly
// as sum adds x[i] (the same accumulators, lanes, fold and tail), so that
// mulSum(x, y) is sum(p) bit for bit where p = mul(x, y). No multiply and
// add is fused.
func mulSum(e elem) redOp {
	return redOp{name: "mulSum", ptrs: []string{"x", "y"}, combine: "VADD" + e.p, init: zeroAccs,
		step: func(g *em, j int, acc, tmp string) {
			g.load(tmp, 0, j)
			g.op("VMUL", g.mem(1, j), tmp, tmp, false)
			g.op("VADD", tmp, acc, acc, true)
		}}
}

// mulAddOp is dst = a*b OP c with the product rounded before OP (VMUL,
// then VADD or VSUB; never an FMA): Mul then Add (or Sub) bit for bit in
// one pass over the four arrays, for nd/expr's a*b + c.
func mulAddOp(name, ins string) mapOp {
	return mapOp{name: name, ptrs: []string{"dst", "a", "b", "c"}, regsPer: 1, nt: true, body: func(g *em, j int) {
		r := g.r(j)
		g.load(r, 1, j)
		g.op("VMUL", g.mem(2, j), r, r, false)
		g.op(ins, g.mem(3, j), r, r, false)
		g.store(r, 0, j)
	}}
}

// fusedMapOps are the element-wise kernels of this file.
var fusedMapOps = []mapOp{mulAddOp("mulAdd", "VADD"), mulAddOp("mulSub", "VSUB")}

// countCmps are the comparisons countCmp kernels count, in the order of
// asm's Cmp constants, with the VCMP predicate of each: false on NaN,
// as Go's comparisons are, except != (NEQ_UQ), which NaN satisfies.
var countCmps = []struct{ name, pred string }{
	{"Eq", "0x00"}, {"Ne", "0x04"}, {"Lt", "0x01"}, {"Le", "0x02"}, {"Gt", "0x0E"}, {"Ge", "0x0D"},
}

// genCount writes countCmp: the number of i for which x[i] cmp y[i]
// holds, four vectors a step: a compare into a mask (VMOVMSK from a
// vector on AVX2, a k-register on AVX-512), POPCNT, and a 64-bit add. The
// tail is k-masked on AVX-512 and element by element on AVX2.
func genCount(o *out, cmp, pred string, e elem, t tier) {
	fn := kernelName("count"+cmp, e, t, false)
	sig := fmt.Sprintf("%s(x *%s, y *%s, n int) int", fn, e.goType, e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	fmt.Fprintf(w, "// func %s\nTEXT ·%s(SB), NOSPLIT, $0-32\n", sig, fn)
	w.WriteString("\tMOVQ x+0(FP), DI\n\tMOVQ y+8(FP), SI\n\tMOVQ n+16(FP), R9\n\tXORQ AX, AX\n\tXORQ R11, R11\n")
	lanes := t.vbytes / e.size
	// one counts vector j at AX (or the masked tail, where K2 holds its
	// lanes) into R11.
	one := func(j int, tail bool) {
		x, y := fmt.Sprintf("%s%d", t.reg, 2*j), fmt.Sprintf("%s%d", t.reg, 2*j+1)
		off := ""
		if j > 0 {
			off = fmt.Sprint(j * t.vbytes)
		}
		switch {
		case tail:
			fmt.Fprintf(w, "\tVMOVU%s.Z (DI)(AX*%d), K2, %s\n", e.p, e.size, x)
			fmt.Fprintf(w, "\tVMOVU%s.Z (SI)(AX*%d), K2, %s\n", e.p, e.size, y)
			fmt.Fprintf(w, "\tVCMP%s $%s, %s, %s, K2, K1\n\tKMOVQ K1, R8\n", e.p, pred, y, x)
		case t.masked:
			fmt.Fprintf(w, "\tVMOVU%s %s(DI)(AX*%d), %s\n", e.p, off, e.size, x)
			fmt.Fprintf(w, "\tVCMP%s $%s, %s(SI)(AX*%d), %s, K1\n\tKMOVQ K1, R8\n", e.p, pred, off, e.size, x)
		default:
			fmt.Fprintf(w, "\tVMOVU%s %s(DI)(AX*%d), %s\n", e.p, off, e.size, x)
			fmt.Fprintf(w, "\tVCMP%s $%s, %s(SI)(AX*%d), %s, %s\n\tVMOVMSK%s %s, R8\n", e.p, pred, off, e.size, x, x, e.p, x)
		}
		w.WriteString("\tPOPCNTQ R8, R8\n\tADDQ R8, R11\n")
	}
	fmt.Fprintf(w, "\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", 4*lanes)
	loopHead(w, fn, "loop", "one")
	for j := range 4 {
		one(j, false)
	}
	loopTail(w, fn, "loop", 4*lanes)
	fmt.Fprintf(w, "%s:\n\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", label(fn, "one"), lanes)
	loopHead(w, fn, "oneloop", "tail")
	one(0, false)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		fmt.Fprintf(w, "\tMOVQ R9, CX\n\tSUBQ AX, CX\n\tJEQ %s\n", label(fn, "done"))
		w.WriteString("\tMOVQ $1, R8\n\tSHLQ CX, R8\n\tDECQ R8\n\tKMOVQ R8, K2\n")
		one(0, true)
	} else {
		fmt.Fprintf(w, "\tCMPQ AX, R9\n\tJGE %s\n", label(fn, "done"))
		fmt.Fprintf(w, "\tVMOV%s (DI)(AX*%d), X0\n", e.s, e.size)
		fmt.Fprintf(w, "\tVCMP%s $%s, (SI)(AX*%d), X0, X0\n\tVMOVMSK%s X0, R8\n\tANDQ $1, R8\n\tADDQ R8, R11\n", e.s, pred, e.size, e.p)
		fmt.Fprintf(w, "\tINCQ AX\n\tJMP %s\n", label(fn, "tail"))
	}
	fmt.Fprintf(w, "%s:\n\tMOVQ R11, ret+24(FP)\n\tVZEROUPPER\n\tRET\n\n", label(fn, "done"))
}

// genFused writes the fused kernels and their dispatch into dir.
func genFused(dir string) {
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	for _, e := range []elem{f32, f64} {
		for _, t := range []tier{avx2, avx512} {
			genRed(&o, mulSum(e), e, t)
		}
		for _, t := range []tier{avx2, avx512} {
			for _, c := range countCmps {
				genCount(&o, c.name, c.pred, e, t)
			}
		}
		for _, t := range []tier{avx2, avx512, avx512y} {
			for _, op := range fusedMapOps {
				genMap(&o, op, e, t, false)
				genMap(&o, op, e, t, true)
			}
		}
	}
	for _, e := range []elem{f32, f64} {
		// mulSum: the tier's kernel, or the Go twin.
		head := fmt.Sprintf("func mulSum%s(x, y []%s) %s {\n", e.suffix, e.goType, e.goType)
		fmt.Fprintf(&o.other, "%s\treturn mulSumGo(x, y)\n}\n\n", head)
		call := func(t tier) string {
			return fmt.Sprintf("return %s(unsafe.SliceData(x), unsafe.SliceData(y), len(x))", kernelName("mulSum", e, t, false))
		}
		fmt.Fprintf(&o.disp, "%s\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\t%s\n\tcase cpu.AVX2:\n\t\t%s\n\t}\n\treturn mulSumGo(x, y)\n}\n\n",
			head, call(avx512), call(avx2))
		// countCmp: a switch on the comparison within each tier.
		head = fmt.Sprintf("func countCmp%s(c Cmp, x, y []%s) int {\n", e.suffix, e.goType)
		fmt.Fprintf(&o.other, "%s\treturn countCmpGo(c, x, y)\n}\n\n", head)
		o.disp.WriteString(head + "\tswitch cpu.Current() {\n")
		for _, t := range []tier{avx512, avx2} {
			fmt.Fprintf(&o.disp, "\tcase cpu.%s:\n\t\tswitch c {\n", t.name)
			for _, c := range countCmps {
				fmt.Fprintf(&o.disp, "\t\tcase Cmp%s:\n\t\t\treturn %s(unsafe.SliceData(x), unsafe.SliceData(y), len(x))\n", c.name, kernelName("count"+c.name, e, t, false))
			}
			o.disp.WriteString("\t\t}\n")
		}
		o.disp.WriteString("\t}\n\treturn countCmpGo(c, x, y)\n}\n\n")
		// The fused element-wise kernels: non-temporal stores for a large
		// dst, as the kernels of kernels_amd64.s choose them.
		for _, op := range fusedMapOps {
			head := fmt.Sprintf("func %s%s(dst, a, b, c []%s) {\n", op.name, e.suffix, e.goType)
			twin := op.name + "Go(dst, a, b, c)"
			fmt.Fprintf(&o.other, "%s\t%s\n}\n\n", head, twin)
			call := func(t tier, nt bool) string {
				return fmt.Sprintf("%s(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), len(c))", kernelName(op.name, e, t, nt))
			}
			pick := func(t tier) string {
				return fmt.Sprintf("if nonTemporal(dst) {\n\t\t\t%s\n\t\t\treturn\n\t\t}\n\t\t%s\n\t\treturn", call(t, true), call(t, false))
			}
			fmt.Fprintf(&o.disp, "%s\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\tif avx512Narrow {\n\t\t\t%s\n\t\t}\n\t\t%s\n\tcase cpu.AVX2:\n\t\t%s\n\t}\n\t%s\n}\n\n",
				head, strings.ReplaceAll(pick(avx512y), "\n", "\n\t"), pick(avx512), pick(avx2), twin)
		}
		// The element-wise kernels with non-temporal stores at every size.
		for _, op := range append(mapOps[:len(mapOps):len(mapOps)], fusedMapOps...) {
			if !op.nt || op.name == "fma" { // no ops function runs fma
				continue
			}
			var params, args, ptrArgs []string
			for _, p := range op.ptrs {
				params = append(params, p+" []"+e.goType)
				args = append(args, p)
				ptrArgs = append(ptrArgs, "unsafe.SliceData("+p+")")
			}
			ptrArgs = append(ptrArgs, "len("+op.ptrs[len(op.ptrs)-1]+")")
			if op.scalar != "" {
				params = append(params, op.scalar+" "+e.goType)
				args = append(args, op.scalar)
				ptrArgs = append(ptrArgs, op.scalar)
			}
			head := fmt.Sprintf("func %sStream%s(%s) {\n", op.name, e.suffix, strings.Join(params, ", "))
			twin := fmt.Sprintf("%sGo(%s)", op.name, strings.Join(args, ", "))
			fmt.Fprintf(&o.other, "%s\t%s\n}\n\n", head, twin)
			call := func(t tier) string {
				return fmt.Sprintf("%s(%s)", kernelName(op.name, e, t, true), strings.Join(ptrArgs, ", "))
			}
			fmt.Fprintf(&o.disp, "%s\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\tif avx512Narrow {\n\t\t\t%s\n\t\t\treturn\n\t\t}\n\t\t%s\n\t\treturn\n\tcase cpu.AVX2:\n\t\t%s\n\t\treturn\n\t}\n\t%s\n}\n\n",
				head, call(avx512y), call(avx512), call(avx2), twin)
		}
	}
	write(filepath.Join(dir, "fused_amd64.s"), o.s.Bytes(), false)
	goFile := header + "//go:build amd64 && gc && !purego\n\npackage asm\n\nimport (\n\t\"unsafe\"\n\n\t\"github.com/numgo/numgo/internal/cpu\"\n)\n\n" + o.disp.String() + o.decl.String()
	write(filepath.Join(dir, "fused_amd64.go"), []byte(goFile), true)
	other := header + "//go:build !amd64 || !gc || purego\n\npackage asm\n\n" + o.other.String()
	write(filepath.Join(dir, "fused_other.go"), []byte(other), true)
}
