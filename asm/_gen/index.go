package main

// The kernel of InRange, the check of a gather's indices before anything
// is written (nd's Take). It goes to files of its own (index_amd64.s,
// index_amd64.go, index_other.go).
//
// spanOr returns the bitwise OR over x of (x[i] - lo) | (hi - x[i]). With
// lo <= 0 <= hi and hi - lo not overflowing, its sign bit is set exactly
// when some x[i] is outside [lo, hi]: below lo, x[i] - lo is negative;
// above hi, hi - x[i] is; inside, both are at least 0. The kernel reads
// four vectors a step into four accumulators and takes only whole steps
// (n a multiple of 16 or 32 elements); the Go side joins the tail by the
// twin, spanOrGo (asm/index.go).

import (
	"bytes"
	"fmt"
	"path/filepath"
)

// spanOrUnroll is the number of vectors one step of spanOr reads.
const spanOrUnroll = 4

// genSpanOr writes spanOr for one tier. Registers: SI x, R9 n, AX the
// index; accumulators 0-3, loaded vectors 4-7, x - lo in 8-11, the
// broadcast lo and hi in 14 and 15.
func genSpanOr(o *out, t tier) {
	fn := "spanOr" + t.name
	sig := fmt.Sprintf("%s(x *int, n int, lo int, hi int) int", fn)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	ins := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	reg := func(i int) string { return fmt.Sprintf("%s%d", t.reg, i) }
	fmt.Fprintf(w, "// func %s\nTEXT ·%s(SB), NOSPLIT, $0-40\n", sig, fn)
	ins("MOVQ x+0(FP), SI")
	ins("MOVQ n+8(FP), R9")
	ins("VPBROADCASTQ lo+16(FP), %s", reg(14))
	ins("VPBROADCASTQ hi+24(FP), %s", reg(15))
	for j := range spanOrUnroll {
		if t.masked {
			ins("VPXORQ %s, %s, %s", reg(j), reg(j), reg(j))
		} else {
			ins("VPXOR %s, %s, %s", reg(j), reg(j), reg(j))
		}
	}
	ins("XORQ AX, AX")
	ins("CMPQ AX, R9")
	ins("JGE %s", label(fn, "join"))
	fmt.Fprintf(w, "%s:\n", label(fn, "loop"))
	for j := range spanOrUnroll {
		x, d := reg(4+j), reg(8+j)
		if t.masked {
			ins("VMOVDQU64 %d(SI)(AX*8), %s", j*t.vbytes, x)
		} else {
			ins("VMOVDQU %d(SI)(AX*8), %s", j*t.vbytes, x)
		}
		ins("VPSUBQ %s, %s, %s", reg(14), x, d) // x - lo
		ins("VPSUBQ %s, %s, %s", x, reg(15), x) // hi - x
		if t.masked {
			ins("VPTERNLOGQ $0xFE, %s, %s, %s", d, x, reg(j)) // acc |= x | d
		} else {
			ins("VPOR %s, %s, %s", d, reg(j), reg(j))
			ins("VPOR %s, %s, %s", x, reg(j), reg(j))
		}
	}
	ins("ADDQ $%d, AX", spanOrUnroll*t.vbytes/8)
	ins("CMPQ AX, R9")
	ins("JLT %s", label(fn, "loop"))
	fmt.Fprintf(w, "%s:\n", label(fn, "join"))
	or := "VPOR"
	if t.masked {
		or = "VPORQ"
	}
	ins("%s %s, %s, %s", or, reg(1), reg(0), reg(0))
	ins("%s %s, %s, %s", or, reg(3), reg(2), reg(2))
	ins("%s %s, %s, %s", or, reg(2), reg(0), reg(0))
	if t.masked {
		ins("VEXTRACTI64X4 $1, Z0, Y1")
		ins("VPOR Y1, Y0, Y0")
	}
	ins("VEXTRACTI128 $1, Y0, X1")
	ins("VPOR X1, X0, X0")
	ins("VPSHUFD $0x4E, X0, X1")
	ins("VPOR X1, X0, X0")
	ins("VMOVQ X0, AX")
	ins("VZEROUPPER")
	ins("MOVQ AX, ret+32(FP)")
	ins("RET")
	w.WriteString("\n")
}

// genIndex writes spanOr's kernels and dispatch into dir.
func genIndex(dir string) {
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	for _, t := range []tier{avx2, avx512} {
		genSpanOr(&o, t)
	}
	call := func(t tier) string {
		step := spanOrUnroll * t.vbytes / 8
		return fmt.Sprintf("m := len(x) &^ %d\n\t\treturn spanOr%s(unsafe.SliceData(x), m, lo, hi) | spanOrGo(x[m:], lo, hi)", step-1, t.name)
	}
	fmt.Fprintf(&o.disp, "func spanOr(x []int, lo, hi int) int {\n\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\t%s\n\tcase cpu.AVX2:\n\t\t%s\n\t}\n\treturn spanOrGo(x, lo, hi)\n}\n\n",
		call(avx512), call(avx2))
	write(filepath.Join(dir, "index_amd64.s"), o.s.Bytes(), false)
	var goFile bytes.Buffer
	goFile.WriteString(header + "//go:build amd64 && gc && !purego\n\npackage asm\n\nimport (\n\t\"unsafe\"\n\n\t\"github.com/numgo/numgo/internal/cpu\"\n)\n\n")
	goFile.Write(o.disp.Bytes())
	goFile.Write(o.decl.Bytes())
	write(filepath.Join(dir, "index_amd64.go"), goFile.Bytes(), true)
	other := header + "//go:build !amd64 || !gc || purego\n\npackage asm\n\nfunc spanOr(x []int, lo, hi int) int {\n\treturn spanOrGo(x, lo, hi)\n}\n"
	write(filepath.Join(dir, "index_other.go"), []byte(other), true)
}
