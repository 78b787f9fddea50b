package main

// The kernels of the column reductions (ops' Sum, Min and Max along an
// axis that is not the one memory runs along). They go to files of their
// own (minmax_amd64.s, minmax_amd64.go, minmax_other.go).
//
// rowsAdd, rowsMin and rowsMax join k rows of x (stride elements apart)
// into acc, element by element and in row order:
//
//	acc[i] = op(...op(op(acc[i], x[i]), x[stride+i])..., x[(k-1)*stride+i])
//
// Each accumulator is loaded and stored once per k rows, and the rows are
// read in order, a vector of columns at a time. add is VADD; min and max
// are NumPy's np.minimum and np.maximum as its x86 loops compute them:
// op(a, b) is a when a is NaN, else VMIN/VMAX's answer, which is b when b
// is NaN or a and b compare equal (so of +0 and -0 the later row's wins),
// else the smaller (larger). The pure-Go twins (asm/minmax.go) compute the
// same, so every tier gives the same bits.

import (
	"bytes"
	"fmt"
	"path/filepath"
)

// rowsOp is one rows kernel: the packed instruction and whether NaN must be
// kept from the accumulator (min and max).
type rowsOp struct {
	name, ins string
	nan       bool
}

var rowsOps = []rowsOp{{"rowsAdd", "VADD", false}, {"rowsMin", "VMIN", true}, {"rowsMax", "VMAX", true}}

// rowsUnroll is the number of vectors of columns a rows kernel carries
// down the rows at once.
const rowsUnroll = 4

// genRows writes one rows kernel. Registers: DI acc, SI x, R9 n, R11 the
// stride in bytes, CX k, AX the column, R12 the row pointer, DX the rows
// left. AVX-512: Z0-Z3 accumulators, K2-K5 their ordered lanes, K1 the
// tail. AVX2: Y0-Y3 accumulators, Y4-Y7 results, Y8-Y11 NaN lanes.
func genRows(o *out, r rowsOp, e elem, t tier) {
	fn := kernelName(r.name, e, t, false)
	sig := fmt.Sprintf("%s(acc *%s, x *%s, n int, stride int, k int)", fn, e.goType, e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	ins := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	fmt.Fprintf(w, "// func %s\nTEXT ·%s(SB), NOSPLIT, $0-40\n", sig, fn)
	ins("MOVQ acc+0(FP), DI")
	ins("MOVQ x+8(FP), SI")
	ins("MOVQ n+16(FP), R9")
	ins("MOVQ stride+24(FP), R11")
	ins("SHLQ $%d, R11", e.shift)
	ins("MOVQ k+32(FP), CX")
	ins("XORQ AX, AX")
	lanes := t.vbytes / e.size
	reg := func(i int) string { return fmt.Sprintf("%s%d", t.reg, i) }
	// body emits the joins of vectors 0..v-1 (mode m) for one row at R12.
	body := func(v int, m mode) {
		for j := range v {
			acc, src := reg(j), fmt.Sprintf("%d(R12)", j*t.vbytes)
			if m == scalar {
				acc, src = fmt.Sprintf("X%d", j), "(R12)"
			}
			p := e.p
			if m == scalar {
				p = e.s
			}
			switch {
			case !r.nan && m == masked:
				ins("%s%s %s, %s, K1, %s", r.ins, p, src, acc, acc)
			case !r.nan:
				ins("%s%s %s, %s, %s", r.ins, p, src, acc, acc)
			case t.masked:
				k := fmt.Sprintf("K%d", 2+j)
				if m == masked {
					ins("VCMP%s $7, %s, %s, K1, %s", p, acc, acc, k)
				} else {
					ins("VCMP%s $7, %s, %s, %s", p, acc, acc, k)
				}
				ins("%s%s %s, %s, %s, %s", r.ins, p, src, acc, k, acc)
			default:
				res, nan := reg(4+j), reg(8+j)
				if m == scalar {
					res, nan = fmt.Sprintf("X%d", 4+j), fmt.Sprintf("X%d", 8+j)
				}
				ins("%s%s %s, %s, %s", r.ins, p, src, acc, res)
				ins("VCMP%s $3, %s, %s, %s", p, acc, acc, nan)
				ins("VBLENDV%s %s, %s, %s, %s", e.p, nan, acc, res, acc)
			}
		}
	}
	// column emits the loop down the rows for v vectors from column AX.
	column := func(name string, v int, m mode) {
		for j := range v {
			switch m {
			case vector:
				ins("VMOVU%s %d(DI)(AX*%d), %s", e.p, j*t.vbytes, e.size, reg(j))
			case masked:
				ins("VMOVU%s.Z (DI)(AX*%d), K1, %s", e.p, e.size, reg(j))
			case scalar:
				ins("VMOV%s (DI)(AX*%d), X%d", e.s, e.size, j)
			}
		}
		ins("LEAQ (SI)(AX*%d), R12", e.size)
		ins("MOVQ CX, DX")
		fmt.Fprintf(w, "%s:\n", label(fn, name))
		body(v, m)
		ins("ADDQ R11, R12")
		ins("DECQ DX")
		ins("JNE %s", label(fn, name))
		for j := range v {
			switch m {
			case vector:
				ins("VMOVU%s %s, %d(DI)(AX*%d)", e.p, reg(j), j*t.vbytes, e.size)
			case masked:
				ins("VMOVU%s %s, K1, (DI)(AX*%d)", e.p, reg(j), e.size)
			case scalar:
				ins("VMOV%s X%d, (DI)(AX*%d)", e.s, j, e.size)
			}
		}
	}
	step := rowsUnroll * lanes
	ins("MOVQ R9, BX")
	ins("SUBQ $%d, BX", step)
	loopHead(w, fn, "loop", "one")
	column("rows", rowsUnroll, vector)
	loopTail(w, fn, "loop", step)
	fmt.Fprintf(w, "%s:\n\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", label(fn, "one"), lanes)
	loopHead(w, fn, "oneloop", "tail")
	column("onerows", 1, vector)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", label(fn, "tail"))
	if t.masked {
		ins("MOVQ R9, CX")
		ins("SUBQ AX, CX")
		ins("JEQ %s", label(fn, "done"))
		setMask(w)
		ins("MOVQ k+32(FP), CX")
		column("tailrows", 1, masked)
	} else {
		ins("CMPQ AX, R9")
		ins("JGE %s", label(fn, "done"))
		column("tailrows", 1, scalar)
		ins("INCQ AX")
		ins("JMP %s", label(fn, "tail"))
	}
	fmt.Fprintf(w, "%s:\n\tVZEROUPPER\n\tRET\n\n", label(fn, "done"))
}

// genMinMax writes the rows kernels and their dispatch
// into dir.
func genMinMax(dir string) {
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	for _, e := range []elem{f32, f64} {
		for _, t := range []tier{avx2, avx512} {
			for _, r := range rowsOps {
				genRows(&o, r, e, t)
			}
		}
	}
	for _, e := range []elem{f32, f64} {
		for _, r := range rowsOps {
			head := fmt.Sprintf("func %s%s(acc, x []%s, stride, k int) {\n", r.name, e.suffix, e.goType)
			twin := fmt.Sprintf("%sGo(acc, x, stride, k)", r.name)
			fmt.Fprintf(&o.other, "%s\t%s\n}\n\n", head, twin)
			call := func(t tier) string {
				return fmt.Sprintf("%s(unsafe.SliceData(acc), unsafe.SliceData(x), len(acc), stride, k)", kernelName(r.name, e, t, false))
			}
			fmt.Fprintf(&o.disp, "%s\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\t%s\n\t\treturn\n\tcase cpu.AVX2:\n\t\t%s\n\t\treturn\n\t}\n\t%s\n}\n\n",
				head, call(avx512), call(avx2), twin)
		}
	}
	write(filepath.Join(dir, "minmax_amd64.s"), o.s.Bytes(), false)
	var goFile bytes.Buffer
	goFile.WriteString(header + "//go:build amd64 && gc && !purego\n\npackage asm\n\nimport (\n\t\"unsafe\"\n\n\t\"github.com/numgo/numgo/internal/cpu\"\n)\n\n")
	goFile.Write(o.disp.Bytes())
	goFile.Write(o.decl.Bytes())
	write(filepath.Join(dir, "minmax_amd64.go"), goFile.Bytes(), true)
	other := header + "//go:build !amd64 || !gc || purego\n\npackage asm\n\n" + o.other.String()
	write(filepath.Join(dir, "minmax_other.go"), []byte(other), true)
}
