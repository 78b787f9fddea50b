package main

import (
	"fmt"
	"io"
)

// The tiny kernels are the AVX-512 sup kernels again for one tile whose
// depth k is fixed too: rows 1..tinyMax, k 1..tinyMax and up to tinyMax
// columns (masked), fully unrolled, every operand in registers, with no
// loop, no tile step and no odd-k tail. They are libxsmm's way of
// multiplying matrices of a fixed small shape, and what a 2x2 or 8x8
// product costs is then the call, the jump to the kernel and the
// arithmetic. They sit behind one dispatcher per element type,
//
//	func dtiny(a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64, cols int, store bool, rows, k int)
//
// (stiny for float32), which computes, for i < rows, j < cols,
//
//	C[i*ldc+j] = alpha * sum_{p<k} a[i*lda+p] * b[p*ldb+j]  (+ C[i*ldc+j] unless store)
//
// It loads the arguments, builds the column mask and jumps, on the
// register width the columns need (16, 32 or 64 bytes a row: a masked
// 64-byte access of a 16-byte row splits cache lines), the row count and
// k, to the body of that shape: labels inside the one function, so the
// bodies need no Go declarations and the Go caller one direct call.
const tinyMax = 8

// tinyWidths are the register widths in bytes of the tiny kernels for
// elem-byte elements: each holds a row of up to tinyMax columns.
func tinyWidths(elem int) []int {
	if elem == 8 {
		return []int{16, 32, 64}
	}
	return []int{16, 32}
}

func tinyName(elem int) string { return map[int]string{8: "dtiny", 4: "stiny"}[elem] }

// cRow addresses row i of C: rows 0-3 from DI, 4-7 from BX = DI + 4*ldc,
// with R10 = ldc and R12 = 3*ldc in bytes.
func cRow(i int) string {
	base := "DI"
	if i >= 4 {
		base, i = "BX", i-4
	}
	return fmt.Sprintf([4]string{"(%s)", "(%s)(R10*1)", "(%s)(R10*2)", "(%s)(R12*1)"}[i], base)
}

// emitTiny writes the dispatcher and kernel bodies of dtiny or stiny.
func emitTiny(w io.Writer, elem int) {
	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	name, elemT := tinyName(elem), goType(elem)
	shift := map[int]int{8: 3, 4: 2}[elem]
	fmt.Fprintf(w, "\n// func %s(a *%s, lda int, b *%s, ldb int, c *%s, ldc int, alpha %s, cols int, store bool, rows, k int)\n", name, elemT, elemT, elemT, elemT)
	fmt.Fprintf(w, "// One tile of rows x cols of C = alpha*A*B (+ C unless store), depth k, rows, cols and k 1..%d (AVX-512).\n", tinyMax)
	// Arguments: a 0, lda 8, b 16, ldb 24, c 32, ldc 40, alpha 48 (a
	// float32 padded to 8), cols 56, store 64, rows 72, k 80.
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-88\n", name)
	p("MOVQ cols+56(FP), CX")
	p("MOVQ $1, AX")
	p("SHLQ CX, AX")
	p("DECQ AX")
	p("KMOVW AX, K1")
	p("MOVQ a+0(FP), SI")
	p("MOVQ lda+8(FP), R8")
	p("SHLQ $%d, R8", shift)
	p("LEAQ (R8)(R8*2), R9")
	p("LEAQ (SI)(R8*4), R13")
	p("MOVQ b+16(FP), DX")
	p("MOVQ ldb+24(FP), R11")
	p("SHLQ $%d, R11", shift)
	p("MOVQ c+32(FP), DI")
	p("MOVQ ldc+40(FP), R10")
	p("SHLQ $%d, R10", shift)
	p("LEAQ (R10)(R10*2), R12")
	p("LEAQ (DI)(R10*4), BX")
	p("MOVQ rows+72(FP), AX")
	widths := tinyWidths(elem)
	for i, wb := range widths[:len(widths)-1] {
		p("CMPQ CX, $%d", wb/elem)
		p("JLE %s_w%d", name, wb)
		if i == len(widths)-2 {
			p("JMP %s_w%d", name, widths[len(widths)-1])
		}
	}
	for _, wb := range widths {
		fmt.Fprintf(w, "%s_w%d:\n", name, wb)
		p("MOVQ k+80(FP), CX")
		emitTree(w, p, fmt.Sprintf("%s_w%d", name, wb), "AX", 1, tinyMax, func(rows int) string {
			return fmt.Sprintf("%s_w%d_r%d", name, wb, rows)
		})
		for rows := 1; rows <= tinyMax; rows++ {
			prefix := fmt.Sprintf("%s_w%d_r%d", name, wb, rows)
			fmt.Fprintf(w, "%s:\n", prefix)
			emitTree(w, p, prefix, "CX", 1, tinyMax, func(k int) string {
				return fmt.Sprintf("%s_k%d", prefix, k)
			})
			for k := 1; k <= tinyMax; k++ {
				emitTinyBody(w, p, fmt.Sprintf("%s_k%d", prefix, k), elem, wb, rows, k)
			}
		}
	}
}

// emitTree emits a binary search on reg over lo..hi that ends in a jump
// to the label target(v).
func emitTree(w io.Writer, p func(string, ...any), prefix, reg string, lo, hi int, target func(int) string) {
	if lo == hi {
		p("JMP %s", target(lo))
		return
	}
	mid := (lo + hi) / 2
	p("CMPQ %s, $%d", reg, mid)
	p("JGT %s_%s%d_%d", prefix, reg, mid+1, hi)
	emitTree(w, p, prefix, reg, lo, mid, target)
	fmt.Fprintf(w, "%s_%s%d_%d:\n", prefix, reg, mid+1, hi)
	emitTree(w, p, prefix, reg, mid+1, hi, target)
}

// tinySpreadRows is how many of a tiny body's rows take their elements
// of A from a register (spread rows, as in the sup kernels' spreadRows):
// all of them up to 7 rows, 5 of 8, from 4 rows and 4 k steps on, none
// in smaller bodies, where the load and shuffle lengthen the one chain
// more than the loads they save shorten it. A body otherwise loads, at
// each k step, a row of B and one element of A for every row of C (42
// loads to 36 multiply-adds at 6x6x6), and the loads bound it. Kernel
// calls alone (dtiny, stiny, one process per setting alternated three
// times, fastest of each, load 1.6-2.6): float64 4x4x4 7.1 to 5.9 ns,
// 6x6x6 11.8 to 9.9, 7x7x7 14.3-15.8 to 11.4-11.8 (all rows), 8x8x8
// 15.8-16.4 to 13.1 (5 rows; all 8: 15.2; 4: 14.0); float32 4x4x4 6.9 to
// 5.6-6.0, 6x6x6 11.3 to 8.9, 8x8x8 15.2-15.6 to 11.1-11.2 (5 rows; all
// 8: 13.0-13.5).
func tinySpreadRows(rows, k int) int {
	switch {
	case rows < 4 || k < 4:
		return 0
	case rows == 8:
		return 5
	}
	return rows
}

// emitTinyBody writes the fully unrolled body for one shape: per k step
// the masked row of B, then per row of A a broadcast and one
// multiply-add; two accumulator sets (even and odd k steps) halve the
// dependent chains, and each set's first step multiplies instead of
// adding to a cleared register. The spread rows (tinySpreadRows) load
// 16 bytes of their row of A once for four float32 k steps (two
// float64), repeated into each 128-bit lane (or one xmm register), and
// take each step's element by an in-lane shuffle; the steps past the
// last full 16 bytes load it as the other rows do, so that no load
// reads past the row's k elements.
func emitTinyBody(w io.Writer, p func(string, ...any), label string, elem, wb, rows, k int) {
	rg := map[int]string{16: "X", 32: "Y", 64: "Z"}[wb]
	reg := func(i int) string { return fmt.Sprintf("%s%d", rg, i) }
	sfx := map[int]string{8: "PD", 4: "PS"}[elem]
	mov := "VMOVUP" + sfx[1:]
	bcast := map[int]string{8: "VBROADCASTSD", 4: "VBROADCASTSS"}[elem]
	if elem == 8 && wb == 16 {
		bcast = "VMOVDDUP" // VBROADCASTSD has no xmm form
	}
	// Registers: B rows 0..3 (rotating, so loads run ahead), shuffled
	// elements of A 4..7 (rotating), accumulators 8 + 8*set + row, the
	// spread rows' 16 bytes of A 24 + row.
	acc := func(i, set int) string { return reg(8 + 8*set + i) }
	sets := min(k, 2)
	per := 16 / elem // k steps in one 16-byte load of a row of A
	sp := tinySpreadRows(rows, k)
	spread := func(i, s int) bool { // row i takes step s from a register
		return (i*sp)%rows < sp && (s/per+1)*per <= k
	}
	fmt.Fprintf(w, "%s:\n", label)
	for s := range k {
		b := reg(s % 4)
		p("%s.Z (DX), K1, %s", mov, b)
		if s < k-1 {
			p("ADDQ R11, DX")
		}
		for i := range rows {
			// The element of A is the instruction's own memory operand,
			// broadcast (one instruction, not a broadcast and a
			// multiply), or for a spread row the shuffled register.
			src, form := aRow(i, s*elem), ".BCST"
			if spread(i, s) {
				q := reg(24 + i)
				switch {
				case s%per != 0:
				case wb == 16:
					p("%s %s, %s", mov, src, q)
				default:
					p("VBROADCASTF%dX%d %s, %s", elem*8, per, src, q)
				}
				src, form = reg(4+i%4), ""
				if elem == 4 {
					p("VSHUFPS $%#02x, %s, %s, %s", 0x55*(s%per), q, q, src)
				} else {
					p("VPERMILPD $%#02x, %s, %s", 0xff*(s%2), q, src)
				}
			}
			if s < sets {
				p("VMUL%s%s %s, %s, %s", sfx, form, src, b, acc(i, s%2))
			} else {
				p("VFMADD231%s%s %s, %s, %s", sfx, form, src, b, acc(i, s%2))
			}
		}
	}
	if sets == 2 {
		for i := range rows {
			p("VADD%s %s, %s, %s", sfx, acc(i, 1), acc(i, 0), acc(i, 0))
		}
	}
	skipUnitAlpha(p, elem, "alpha+48(FP)", label+"_scaled")
	p("%s alpha+48(FP), %s", bcast, reg(0))
	for i := range rows {
		p("VMUL%s %s, %s, %s", sfx, reg(0), acc(i, 0), acc(i, 0))
	}
	fmt.Fprintf(w, "%s_scaled:\n", label)
	p("MOVBLZX store+64(FP), AX")
	p("TESTL AX, AX")
	p("JZ %s_add", label)
	for i := range rows {
		p("%s %s, K1, %s", mov, acc(i, 0), cRow(i))
	}
	p("VZEROUPPER")
	p("RET")
	fmt.Fprintf(w, "%s_add:\n", label)
	for i := range rows {
		t := reg(1 + i%3)
		p("%s.Z %s, K1, %s", mov, cRow(i), t)
		p("VADD%s %s, %s, %s", sfx, t, acc(i, 0), acc(i, 0))
		p("%s %s, K1, %s", mov, acc(i, 0), cRow(i))
	}
	p("VZEROUPPER")
	p("RET")
}

// emitTinyDecl writes the Go declarations of the tiny dispatchers.
func emitTinyDecl(w io.Writer) {
	fmt.Fprintln(w, "\n// haveTiny says that dtiny and stiny are the assembly kernels (on AVX-512).")
	fmt.Fprintln(w, "const haveTiny = true")
	for _, elem := range []int{8, 4} {
		elemT := goType(elem)
		fmt.Fprintf(w, "\n// %s computes one tile of rows x cols of C = alpha*A*B (+ C unless\n// store), depth k, all of them 1..%d, with the AVX-512 kernel fixed for\n// that shape (fully unrolled).\n//\n//go:noescape\n", tinyName(elem), tinyMax)
		fmt.Fprintf(w, "func %s(a *%s, lda int, b *%s, ldb int, c *%s, ldc int, alpha %s, cols int, store bool, rows, k int)\n", tinyName(elem), elemT, elemT, elemT, elemT)
	}
}
