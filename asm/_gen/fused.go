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

// genFused writes the fused kernels and their dispatch into dir.
func genFused(dir string) {
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	for _, e := range []elem{f32, f64} {
		for _, t := range []tier{avx2, avx512} {
			genRed(&o, mulSum(e), e, t)
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
		// The element-wise kernels with non-temporal stores at every size.
		for _, op := range mapOps {
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
