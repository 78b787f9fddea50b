package main

// The one-pass argmin and argmax kernels (asm.ArgMin, asm.ArgMax). They go
// to files of their own (argminmax_amd64.s, argminmax_amd64.go,
// argminmax_other.go).
//
// Each of argUnroll accumulators keeps, per lane, the best value seen in
// that lane and its index (the step's, made the element's at the end): a vector x replaces the lanes where it is
// strictly smaller (argmax: larger), compared ordered (a NaN never
// replaces, and +0 and -0 are equal), so a lane keeps the first
// occurrence of its best. The values start at +Inf (argmax: -Inf) and the
// indices at a sentinel (the largest positive index of the lane width): a
// lane no element beat holds the sentinel. A step of argUnroll vectors
// also compares them unordered in pairs; a NaN ends the loop, and a scalar
// scan from the step's start returns the first NaN's index. The last
// partial vector is read again as the vector that ends at n (the kernel
// needs n ≥ one vector): an element seen twice cannot move a lane's
// first best, so the answer stays the first. At the end the accumulators
// are folded lane by lane (the smaller value, of equal values the smaller
// index), then the lanes: the smallest index among the lanes that hold
// the best value; the sentinel there means every element was +Inf
// (-Inf), and the answer is 0. Indices are int64 lanes for float64 and
// int32 lanes for float32 (callers keep n below 2^30).

import (
	"bytes"
	"fmt"
	"path/filepath"
)

// argUnroll is the number of vectors a step of the main loop compares, per
// tier: AVX-512 has the registers for 8 (8 values, 8 indices, 8 loads),
// which hides the latency of a compare and a masked move per step; AVX2
// for 2.
func argUnroll(t tier) int {
	if t.masked {
		return 8
	}
	return 2
}

// genArg writes argmin (argmax with mx) of e for tier t. Registers:
// SI x, R9 n, AX the index, R10 the sentinel. Vector registers: 0 the
// running index of the step's first vector (iota + AX), 1 the step, 2 the
// lane count, 3 the iota; values 4..4+u-1, indices 4+u..4+2u-1, loads
// 4+2u..4+3u-1, AVX2 masks from 4+3u. Accumulator j stores the running
// index of the step's first vector; j·lanes is added to its lanes that
// were set (not the sentinel) before the fold.
func genArg(o *out, name string, mx bool, e elem, t tier) {
	fn := kernelName(name, e, t, false)
	sig := fmt.Sprintf("%s(x *%s, n int) int", fn, e.goType)
	fmt.Fprintf(&o.decl, "//go:noescape\nfunc %s\n\n", sig)
	w := &o.s
	ins := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	lbl := func(l string) string { return label(fn, l) }
	fmt.Fprintf(w, "// func %s\nTEXT ·%s(SB), NOSPLIT, $0-24\n", sig, fn)
	ins("MOVQ x+0(FP), SI")
	ins("MOVQ n+8(FP), R9")
	u := argUnroll(t)
	lanes := t.vbytes / e.size
	reg := func(i int) string { return fmt.Sprintf("%s%d", t.reg, i) }
	xr := func(i int) string { return fmt.Sprintf("X%d", i) }
	cur, step, one, iota := reg(0), reg(1), reg(2), reg(3)
	val := func(j int) string { return reg(4 + j) }
	idx := func(j int) string { return reg(4 + u + j) }
	ld := func(j int) string { return reg(4 + 2*u + j) }
	mreg := func(j int) string { return reg(4 + 3*u + j) } // AVX2 masks
	q, p := "Q", e.p                                       // integer lane suffix, packed suffix
	if e.size == 4 {
		q = "D"
	}
	// Sentinel and start values.
	if e.size == 8 {
		ins("MOVQ $0x7FFFFFFFFFFFFFFF, R10")
		if mx {
			ins("MOVQ $0xFFF0000000000000, R8")
		} else {
			ins("MOVQ $0x7FF0000000000000, R8")
		}
	} else {
		ins("MOVQ $0x7FFFFFFF, R10")
		if mx {
			ins("MOVQ $0xFF800000, R8")
		} else {
			ins("MOVQ $0x7F800000, R8")
		}
	}
	// bcast sets every lane of dst (one of registers 0..3) to the general
	// register gpr, through dst's low lane.
	bcast := func(gpr string, dst int) {
		ins("MOVQ %s, %s", gpr, xr(dst))
		ins("VPBROADCAST%s %s, %s", q, xr(dst), reg(dst))
	}
	mov := "VMOVDQU"
	if t.masked {
		mov = "VMOVDQU64"
	}
	bcast("R8", 0)
	bcast("R10", 1)
	for j := range u {
		ins(mov+" %s, %s", reg(0), val(j))
		ins(mov+" %s, %s", reg(1), idx(j))
	}
	// iota: the byte sequence 0, 1, ... widened to lanes.
	ins("MOVQ $0x0706050403020100, R8")
	ins("MOVQ R8, X3")
	if lanes == 16 {
		ins("MOVQ $0x0F0E0D0C0B0A0908, R8")
		ins("VPINSRQ $1, R8, X3, X3")
	}
	ins("VPMOVZXB%s X3, %s", q, iota)
	ins("MOVQ $%d, R8", lanes)
	bcast("R8", 2)
	ins("MOVQ $%d, R8", u*lanes)
	bcast("R8", 1)
	ins(mov+" %s, %s", iota, cur)
	// less sets the mask of lanes where a beats b (strictly, ordered).
	less := func(a, b, mask string) {
		if mx {
			a, b = b, a
		}
		ins("VCMP%s $0x11, %s, %s, %s", p, b, a, mask) // a < b
	}
	// update replaces the lanes of accumulator j that vector x beats.
	update := func(j int, x string) {
		if t.masked {
			less(x, val(j), "K2")
			ins("VMOVAP%s %s, K2, %s", p[1:], x, val(j))
			ins("VMOVDQA%d %s, K2, %s", 8*e.size, cur, idx(j))
			return
		}
		m := mreg(0)
		less(x, val(j), m)
		ins("VBLENDV%s %s, %s, %s, %s", p, m, x, val(j), val(j))
		ins("VBLENDV%s %s, %s, %s, %s", p, m, cur, idx(j), idx(j))
	}
	// nanCheck jumps to nan if a lane of a pair of loads is a NaN.
	nanCheck := func(pairs [][2]string) {
		if t.masked {
			for i, pr := range pairs {
				ins("VCMP%s $3, %s, %s, K%d", p, pr[1], pr[0], 3+i)
			}
			for i := 1; i < len(pairs); i++ {
				ins("KORQ K%d, K3, K3", 3+i)
			}
			ins("KORTESTQ K3, K3")
		} else {
			ins("VCMP%s $3, %s, %s, %s", p, pairs[0][1], pairs[0][0], mreg(0))
			ins("VMOVMSK%s %s, R8", p, mreg(0))
			ins("TESTQ R8, R8")
		}
		ins("JNE %s", lbl("nan"))
	}
	ins("XORQ AX, AX")
	ins("MOVQ R9, BX")
	ins("SUBQ $%d, BX", u*lanes)
	loopHead(w, fn, "loop", "one")
	prefetch(w, "SI", e.size, u*lanes*e.size, 512)
	var pairs [][2]string
	for j := range u {
		ins("VMOVU%s %d(SI)(AX*%d), %s", p, j*t.vbytes, e.size, ld(j))
		if j%2 == 1 {
			pairs = append(pairs, [2]string{ld(j - 1), ld(j)})
		}
	}
	nanCheck(pairs)
	for j := range u {
		update(j, ld(j))
	}
	ins("VPADD%s %s, %s, %s", q, step, cur, cur)
	loopTail(w, fn, "loop", u*lanes)
	// single vectors, then the vector that ends at n
	oneBody := func() {
		ins("VMOVU%s (SI)(AX*%d), %s", p, e.size, ld(0))
		nanCheck([][2]string{{ld(0), ld(0)}})
		update(0, ld(0))
	}
	fmt.Fprintf(w, "%s:\n\tMOVQ R9, BX\n\tSUBQ $%d, BX\n", lbl("one"), lanes)
	loopHead(w, fn, "oneloop", "tail")
	oneBody()
	ins("VPADD%s %s, %s, %s", q, one, cur, cur)
	loopTail(w, fn, "oneloop", lanes)
	fmt.Fprintf(w, "%s:\n", lbl("tail"))
	ins("CMPQ AX, R9")
	ins("JGE %s", lbl("reduce"))
	ins("MOVQ R9, AX")
	ins("SUBQ $%d, AX", lanes)
	bcast("AX", 0)
	ins("VPADD%s %s, %s, %s", q, iota, cur, cur)
	oneBody()
	fmt.Fprintf(w, "%s:\n", lbl("reduce"))
	// Registers 0..3 are free now. Indices of accumulator j (set lanes
	// only) += j·lanes, then fold the accumulators into 0: the better
	// value, of equal values the smaller index.
	bcast("R10", 3)
	for j := 1; j < u; j++ {
		ins("MOVQ $%d, R8", j*lanes)
		bcast("R8", 2)
		if t.masked {
			ins("VPCMP%s $4, %s, %s, K2", q, reg(3), idx(j)) // not the sentinel
			ins("VPADD%s %s, %s, K2, %s", q, reg(2), idx(j), idx(j))
			continue
		}
		ins("VPCMPEQ%s %s, %s, %s", q, reg(3), idx(j), mreg(0))
		ins("VPADD%s %s, %s, %s", q, reg(2), idx(j), mreg(1))
		ins("VBLENDV%s %s, %s, %s, %s", p, mreg(0), idx(j), mreg(1), idx(j))
	}
	for j := 1; j < u; j++ {
		if t.masked {
			less(val(j), val(0), "K2")
			ins("VCMP%s $0, %s, %s, K3", p, val(0), val(j))
			ins("VPCMP%s $1, %s, %s, K3, K3", q, idx(0), idx(j)) // idx(j) < idx(0)
			ins("KORQ K2, K3, K2")
			ins("VMOVAP%s %s, K2, %s", p[1:], val(j), val(0))
			ins("VMOVDQA%d %s, K2, %s", 8*e.size, idx(j), idx(0))
			continue
		}
		m1, m2, m3 := mreg(0), mreg(1), mreg(2)
		less(val(j), val(0), m1)
		ins("VCMP%s $0, %s, %s, %s", p, val(0), val(j), m2)
		ins("VPCMPGT%s %s, %s, %s", q, idx(j), idx(0), m3) // idx(0) > idx(j)
		ins("VAND%s %s, %s, %s", p, m3, m2, m2)
		ins("VOR%s %s, %s, %s", p, m2, m1, m1)
		ins("VBLENDV%s %s, %s, %s, %s", p, m1, val(j), val(0), val(0))
		ins("VBLENDV%s %s, %s, %s, %s", p, m1, idx(j), idx(0), idx(0))
	}
	// The best value of the lanes, into every lane of register 0.
	ext := "VMIN" + p
	if mx {
		ext = "VMAX" + p
	}
	v0 := val(0)[1:]
	if t.masked {
		ins("VEXTRACTF64X4 $1, %s, Y1", val(0))
		ins("%s Y%s, Y1, Y1", ext, v0)
		ins("VEXTRACTF128 $1, Y1, X2")
		ins("%s X2, X1, X1", ext)
	} else {
		ins("VEXTRACTF128 $1, %s, X1", val(0))
		ins("%s X%s, X1, X1", ext, v0)
	}
	if e.size == 4 {
		ins("VPERMILPS $0x4E, X1, X2")
		ins("%s X2, X1, X1", ext)
		ins("VPERMILPS $0xB1, X1, X2")
	} else {
		ins("VPERMILPD $1, X1, X2")
	}
	ins("%s X2, X1, X1", ext)
	ins("VBROADCAST%s X1, %s", e.s, reg(0))
	// Lanes that hold it keep their index, the others the sentinel (3).
	if t.masked {
		ins("VCMP%s $0, %s, %s, K2", p, reg(0), val(0))
		ins("VMOVDQA%d %s, K2, %s", 8*e.size, idx(0), reg(3))
	} else {
		ins("VCMP%s $0, %s, %s, %s", p, reg(0), val(0), mreg(0))
		ins("VBLENDV%s %s, %s, %s, %s", p, mreg(0), idx(0), reg(3), reg(3))
	}
	// The smallest index of register 3's lanes (AVX2 has no 64-bit
	// VPMINSQ).
	minIdx := func(a, dst string) { // dst = min(dst, a)
		if t.masked || e.size == 4 {
			ins("VPMINS%s %s, %s, %s", q, a, dst, dst)
			return
		}
		ins("VPCMPGTQ %s, %s, X2", a, dst) // dst > a
		ins("VBLENDVPD X2, %s, %s, %s", a, dst, dst)
	}
	if t.masked {
		ins("VEXTRACTI64X4 $1, Z3, Y1")
		minIdx("Y1", "Y3")
	}
	ins("VEXTRACTI128 $1, Y3, X1")
	minIdx("X1", "X3")
	ins("VPSHUFD $0x4E, X3, X1")
	minIdx("X1", "X3")
	if e.size == 4 {
		ins("VPSHUFD $0xB1, X3, X1")
		minIdx("X1", "X3")
	}
	ins("MOVQ X3, AX")
	if e.size == 4 {
		ins("MOVL AX, AX")
	}
	ins("CMPQ AX, R10")
	ins("JNE %s", lbl("ret"))
	ins("XORQ AX, AX")
	ins("JMP %s", lbl("ret"))
	// The first NaN, at or after AX.
	fmt.Fprintf(w, "%s:\n", lbl("nan"))
	ins("VMOV%s (SI)(AX*%d), X0", e.s, e.size)
	ins("VUCOMI%s X0, X0", e.s)
	ins("JPS %s", lbl("ret"))
	ins("INCQ AX")
	ins("JMP %s", lbl("nan"))
	fmt.Fprintf(w, "%s:\n", lbl("ret"))
	ins("VZEROUPPER")
	ins("MOVQ AX, ret+16(FP)")
	ins("RET")
	w.WriteString("\n")
}

// genArgMinMax writes the argmin and argmax kernels and their dispatch
// into dir.
func genArgMinMax(dir string) {
	var o out
	o.s.WriteString(header + "//go:build amd64 && gc && !purego\n\n#include \"textflag.h\"\n\n")
	ops := []struct {
		name string
		mx   bool
	}{{"argmin", false}, {"argmax", true}}
	for _, e := range []elem{f32, f64} {
		for _, t := range []tier{avx2, avx512} {
			for _, op := range ops {
				genArg(&o, op.name, op.mx, e, t)
			}
		}
	}
	for _, e := range []elem{f32, f64} {
		for _, op := range ops {
			head := fmt.Sprintf("func %s%s(x []%s) int {\n", op.name, e.suffix, e.goType)
			twin := fmt.Sprintf("return %sGo(x)", op.name)
			fmt.Fprintf(&o.other, "%s\t%s\n}\n\n", head, twin)
			call := func(t tier) string {
				return fmt.Sprintf("return %s(unsafe.SliceData(x), len(x))", kernelName(op.name, e, t, false))
			}
			fmt.Fprintf(&o.disp, "%s\tif len(x) < argMinLen {\n\t\t%s\n\t}\n\tswitch cpu.Current() {\n\tcase cpu.AVX512:\n\t\t%s\n\tcase cpu.AVX2:\n\t\t%s\n\t}\n\t%s\n}\n\n",
				head, twin, call(avx512), call(avx2), twin)
		}
	}
	write(filepath.Join(dir, "argminmax_amd64.s"), o.s.Bytes(), false)
	var goFile bytes.Buffer
	goFile.WriteString(header + "//go:build amd64 && gc && !purego\n\npackage asm\n\nimport (\n\t\"unsafe\"\n\n\t\"github.com/numgo/numgo/internal/cpu\"\n)\n\n")
	goFile.Write(o.disp.Bytes())
	goFile.Write(o.decl.Bytes())
	write(filepath.Join(dir, "argminmax_amd64.go"), goFile.Bytes(), true)
	other := header + "//go:build !amd64 || !gc || purego\n\npackage asm\n\n" + o.other.String()
	write(filepath.Join(dir, "argminmax_other.go"), []byte(other), true)
}
