package main

import (
	"fmt"
	"io"
)

// supKernel is an unpacked ("sup", after BLIS's small/unpacked path)
// micro-kernel: it reads A and B where they lie, so small and skinny
// products pay for no packing. Every kernel has the Go signature
//
//	func name(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc int)
//
// and computes, for t < tiles, i < rows and j < cols, with a, b and c
// advanced by t*da, t*db and t*dc elements,
//
//	C[i*ldc+j] = alpha * sum_p a[i*lda+p] * b[p*ldb+j]  (+ C[i*ldc+j] unless store)
//
// (tiles >= 1) where rows is fixed per kernel (one kernel per row count) and
// cols <= NR = NV vectors is an argument: lanes past cols are masked, so
// the kernel never reads or writes outside the tile. Each k step loads NV
// vectors of a row of B, broadcasts one element of each of the rows of A
// and issues rows*NV fused multiply-adds.
type supKernel struct {
	name   string
	rows   int
	nv     int
	elem   int  // 8 or 4
	avx512 bool // zmm with opmask registers; else ymm with VMASKMOV
	// narrow is, for AVX-512 one-vector kernels, 16 or 32: the kernel
	// works on xmm or ymm registers (still with opmask registers) for
	// tiles of at most that many bytes a row; 0 means the full width.
	narrow int
	// stack marks a stack-walking kernel (stackName): its tile loop runs
	// once for each of count matrices, sa, sb and sc elements apart.
	stack bool
}

// vecBytes is the width in bytes of the kernel's vectors.
func (k supKernel) vecBytes() int {
	switch {
	case k.narrow != 0:
		return k.narrow
	case k.avx512:
		return 64
	}
	return 32
}

func (k supKernel) lanes() int { return k.vecBytes() / k.elem }

func (k supKernel) sfx() string { return map[int]string{8: "PD", 4: "PS"}[k.elem] }

// goType is the Go element type for elem-byte elements.
func goType(elem int) string { return map[int]string{8: "float64", 4: "float32"}[elem] }

// supTier is a tier with sup kernels: its MR, its widest tile of MR
// rows in vectors (NV) and, for strips one vector wider still, the rows
// of their tiles (wide; 0: none).
type supTier struct {
	name         string
	avx512       bool
	mr, nv, wide int
}

// supTiers are the tiers with sup kernels: 8 rows of up to 3 vectors on
// AVX-512 (24 accumulators) and tiles of 4 rows of 4 vectors (16
// accumulators), 4 rows of up to 2 vectors on AVX2, whose 16 registers
// also hold two masks. The 4x4-vector tile is OpenBLAS's small-matrix
// shape (dgemm_small_kernel_b0_nn_COOPERLAKE): a strip of 32 float64 (64
// float32) columns in one tile, so a 32x32 float64 product is one column
// of 8 tiles, one kernel call, B read from L1 by every row tile after
// the first and A once.
var supTiers = []supTier{{"AVX2", false, 4, 2, 0}, {"AVX512", true, 8, 3, 4}}

// maxNV is the most vectors of t's tiles.
func (t supTier) maxNV() int {
	if t.wide > 0 {
		return t.nv + 1
	}
	return t.nv
}

// rows is the most rows of t's tiles of nv vectors.
func (t supTier) rows(nv int) int {
	if nv > t.nv {
		return t.wide
	}
	return t.mr
}

// supName is the name of the sup kernel of a tier for elem-byte elements,
// rows rows and nv vectors per row.
func supName(tier string, elem, rows, nv int) string {
	return fmt.Sprintf("%csup%s_%dx%d", map[int]byte{8: 'd', 4: 's'}[elem], tier, rows, nv)
}

// supParams is the parameter list of the sup kernels for elem-byte
// elements, more (", count, sa, sb, sc", say) appended to its last ints.
func supParams(elem int, more string) string {
	t := goType(elem)
	return fmt.Sprintf("k int, a *%s, lda int, b *%s, ldb int, c *%s, ldc int, alpha %s, cols int, store bool, tiles, da, db, dc%s int", t, t, t, t, more)
}

// params is k's parameter list: supParams, and a stack kernel's count,
// sa, sb and sc.
func (k supKernel) params() string {
	if k.stack {
		return supParams(k.elem, ", count, sa, sb, sc")
	}
	return supParams(k.elem, "")
}

// stackName is the name of the stack-walking kernel of a tier for
// elem-byte elements: the wide tile of all its rows, with the signature
// of the other kernels and count, sa, sb and sc appended,
//
//	func name(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, cols int, store bool, tiles, da, db, dc, count, sa, sb, sc int)
//
// which runs the tiles of the other kernels for count matrices, the
// first tile of each sa, sb and sc elements on from the last's first
// tile: a column of wide tiles in every matrix of a stack (or in every
// wide strip of one matrix: sa = 0, sb = sc = the strip's width), one
// call for all, with no Go between two matrices. Issue 21's 64x64
// float64 stacks lost 1-3% a Go level between two kernel calls.
func stackName(t supTier, elem int) string {
	return supName(t.name+"Stack", elem, t.wide, t.maxNV())
}

// narrowWidths are the register widths of the narrow AVX-512 kernels,
// with the name suffix of their tier: a tile of 2 float64 columns loads
// and stores 16 bytes a row, not a masked 64, which on AMD cores costs a
// cache-line split for every row that a full-width access crosses.
var narrowWidths = []struct {
	bytes  int
	suffix string
}{{16, "X"}, {32, "Y"}}

// tallRows is the most rows of the tall AVX-512 one-vector kernels (rows
// MR+1..tallRows, at every register width): a 12x12 float32 product is one tile
// of 12 rows, whose 144 multiply-adds in 24 chains overlap, rather than
// two tiles of 6 that run one after the other (BenchmarkSupTall).
const tallRows = 12

// supKernels lists every sup kernel: per tier and element type, rows
// 1..MR and one to NV vectors per row, and on AVX-512 the wide tiles
// (rows 1..wide, NV+1 vectors), the tall one-vector kernels (rows
// MR+1..tallRows) and the one-vector kernels again on xmm and ymm
// registers.
func supKernels() []supKernel {
	var ks []supKernel
	for _, t := range supTiers {
		for _, elem := range []int{8, 4} {
			for nv := 1; nv <= t.maxNV(); nv++ {
				for r := 1; r <= t.rows(nv); r++ {
					ks = append(ks, supKernel{name: supName(t.name, elem, r, nv), rows: r, nv: nv, elem: elem, avx512: t.avx512})
				}
			}
			if !t.avx512 {
				continue
			}
			for r := t.mr + 1; r <= tallRows; r++ {
				ks = append(ks, supKernel{name: supName(t.name, elem, r, 1), rows: r, nv: 1, elem: elem, avx512: true})
			}
			for _, w := range narrowWidths {
				for r := 1; r <= tallRows; r++ {
					ks = append(ks, supKernel{name: supName(t.name+w.suffix, elem, r, 1), rows: r, nv: 1, elem: elem, avx512: true, narrow: w.bytes})
				}
			}
		}
	}
	// The stack-walking kernels last, after the kernels they are a
	// variant of.
	for _, t := range supTiers {
		for _, elem := range []int{8, 4} {
			if t.wide > 0 {
				ks = append(ks, supKernel{name: stackName(t, elem), rows: t.wide, nv: t.maxNV(), elem: elem, avx512: t.avx512, stack: true})
			}
		}
	}
	return ks
}

// emitSupAll writes every sup kernel, after the data they share, and the
// two dispatchers.
func emitSupAll(w io.Writer) {
	emitSupData(w)
	for _, k := range supKernels() {
		k.emit(w)
	}
	for _, elem := range []int{8, 4} {
		emitSupDispatch(w, elem)
	}
}

// dispatchName is the name of the dispatcher for elem-byte elements.
func dispatchName(elem int) string { return map[int]string{8: "dsup", 4: "ssup"}[elem] }

// The tier numbers of internal/cpu the dispatchers compare with.
const (
	tierAVX2   = 1
	tierAVX512 = 2
)

// emitSupDispatch writes dsup or ssup: the sup kernel signature with rows
// and tier appended, which jumps to the kernel of that tier (AVX2 or
// AVX512), width (the fewest vectors that hold cols) and row count (1..MR,
// or 1..wide for a wide tile). The kernels' arguments are a prefix of its
// own, so the jump passes them on untouched, and the Go caller makes one
// direct call (calling a kernel through a func value goes through an ABI
// wrapper that copies all fourteen arguments again).
func emitSupDispatch(w io.Writer, elem int) {
	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	name := dispatchName(elem)
	fmt.Fprintf(w, "\n// func %s(%s)\n", name, supParams(elem, ", rows, tier"))
	fmt.Fprintln(w, "// Jumps to the sup kernel of the tier (AVX2 or AVX512) for rows rows and cols columns.")
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-128\n", name)
	p("MOVQ rows+112(FP), AX")
	p("MOVQ cols+64(FP), CX")
	p("CMPQ tier+120(FP), $%d", tierAVX512)
	p("JEQ %s_AVX512", name)
	for i, t := range supTiers {
		if i > 0 {
			fmt.Fprintf(w, "%s_%s:\n", name, t.name)
		}
		lanes := supKernel{elem: elem, avx512: t.avx512}.lanes()
		p("CMPQ CX, $%d", lanes)
		p("JGT %s_%s_2", name, t.name)
		if t.avx512 {
			for _, nw := range narrowWidths {
				p("CMPQ CX, $%d", nw.bytes/elem)
				p("JLE %s_%s%s", name, t.name, nw.suffix)
			}
		}
		for nv := 1; nv <= t.maxNV(); nv++ {
			prefix := fmt.Sprintf("%s_%s_%d", name, t.name, nv)
			if nv > 1 {
				fmt.Fprintf(w, "%s:\n", prefix)
			}
			if nv < t.maxNV() && nv > 1 {
				p("CMPQ CX, $%d", nv*lanes)
				p("JGT %s_%s_%d", name, t.name, nv+1)
			}
			hi := t.rows(nv)
			if t.avx512 && nv == 1 {
				hi = tallRows
			}
			emitRowTree(w, p, prefix, 1, hi, func(r int) string { return supName(t.name, elem, r, nv) })
		}
		if t.avx512 {
			for _, nw := range narrowWidths {
				prefix := fmt.Sprintf("%s_%s%s", name, t.name, nw.suffix)
				fmt.Fprintf(w, "%s:\n", prefix)
				emitRowTree(w, p, prefix, 1, tallRows, func(r int) string { return supName(t.name+nw.suffix, elem, r, 1) })
			}
		}
	}
}

// emitRowTree emits a binary search on AX (the row count) over lo..hi that
// ends in a jump to kernel(rows).
func emitRowTree(w io.Writer, p func(string, ...any), prefix string, lo, hi int, kernel func(int) string) {
	if lo == hi {
		p("JMP ·%s(SB)", kernel(lo))
		return
	}
	mid := (lo + hi) / 2
	p("CMPQ AX, $%d", mid)
	p("JGT %s_gt%d_%d", prefix, mid, hi)
	emitRowTree(w, p, prefix, lo, mid, kernel)
	fmt.Fprintf(w, "%s_gt%d_%d:\n", prefix, mid, hi)
	emitRowTree(w, p, prefix, mid+1, hi, kernel)
}

// emitSupData writes the lane indices the AVX2 kernels compare cols with
// to build their masks.
func emitSupData(w io.Writer) {
	fmt.Fprintln(w, "\n// Lane indices 0..7 (int64) and 0..15 (int32) for the AVX2 sup masks.")
	for i := range 8 {
		fmt.Fprintf(w, "DATA supIdx64<>+%d(SB)/8, $%d\n", 8*i, i)
	}
	fmt.Fprintln(w, "GLOBL supIdx64<>(SB), RODATA|NOPTR, $64")
	for i := range 16 {
		fmt.Fprintf(w, "DATA supIdx32<>+%d(SB)/4, $%d\n", 4*i, i)
	}
	fmt.Fprintln(w, "GLOBL supIdx32<>(SB), RODATA|NOPTR, $64")
}

// aRow addresses row i of A at k step offset off (bytes): rows 0-3 from SI,
// 4-7 from R13 = SI + 4*lda, 8-11 (tall kernels) from R14 = SI + 8*lda
// (R14 is scratch in ABI0 code), with R8 = lda and R9 = 3*lda in bytes.
func aRow(i, off int) string {
	base := "SI"
	switch {
	case i >= 8:
		base, i = "R14", i-8
	case i >= 4:
		base, i = "R13", i-4
	}
	return fmt.Sprintf([4]string{"%d(%s)", "%d(%s)(R8*1)", "%d(%s)(R8*2)", "%d(%s)(R9*1)"}[i], off, base)
}

func (k supKernel) emit(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	label := func(l string) { fmt.Fprintf(w, "%s_%s:\n", k.name, l) }
	shift := map[int]int{8: 3, 4: 2}[k.elem]
	vb := k.vecBytes()
	rg := map[int]string{16: "X", 32: "Y", 64: "Z"}[vb]
	reg := func(i int) string { return fmt.Sprintf("%s%d", rg, i) }
	// Registers: B vectors 0..nv-1, broadcasts nv..nv+1, accumulators
	// from nv+2 (a second set after the first for one-vector kernels);
	// AVX2 masks in 14 and 15 (mask v in 14+v).
	acc := func(i, v int) string { return reg(k.nv + 2 + i*k.nv + v) }
	acc2 := func(i, v int) string { return reg(k.nv + 2 + (k.rows+i)*k.nv + v) }
	// One-vector kernels hold at most 8 accumulators, each a chain of k
	// dependent multiply-adds: at n = 8 the chains' latency, not the
	// FMA units, bounds the kernel. They keep a second set for the odd k
	// steps of the unrolled loop and add the two at the end, halving the
	// chains.
	sets := 1
	if k.nv == 1 {
		sets = 2
	}
	accSet := func(u int) func(int, int) string {
		if sets == 2 && u%2 == 1 {
			return acc2
		}
		return acc
	}
	mask := func(v int) string {
		if k.avx512 {
			return fmt.Sprintf("K%d", v+1)
		}
		return fmt.Sprintf("Y%d", 14+v)
	}
	bcast := map[int]string{8: "VBROADCASTSD", 4: "VBROADCASTSS"}[k.elem]
	if k.elem == 8 && vb == 16 {
		bcast = "VMOVDDUP" // VBROADCASTSD has no xmm form
	}
	sfx := k.sfx()
	mov := "VMOVUP" + sfx[1:]
	// Argument offsets: k 0, a 8, lda 16, b 24, ldb 32, c 40, ldc 48,
	// alpha 56, cols 64 (a float32 alpha is padded to 8), store 72,
	// tiles 80, da 88, db 96, dc 104; a stack kernel's count 112, sa
	// 120, sb 128, sc 136, and locals for the tile count and the first
	// tile's a, b and c.
	frame, locals := 112, 0
	if k.stack {
		frame, locals = 144, 32
	}
	nr := k.nv * k.lanes()

	fmt.Fprintf(w, "\n// func %s(%s)\n", k.name, k.params())
	fmt.Fprintf(w, "// tiles tiles of %d x (cols <= %d) of C = alpha*A*B (+ C unless store), A and B unpacked,\n// each da, db and dc elements on from the last in A, B and C.\n", k.rows, nr)
	if k.stack {
		fmt.Fprintln(w, "// So for count matrices, each one's first tile sa, sb and sc elements on from the last's.")
	}
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $%d-%d\n", k.name, locals, frame)
	p("MOVQ cols+64(FP), CX")
	switch {
	case k.avx512 && nr == 64:
		// The low cols bits as all ones shifted right by 64-cols (mod 64,
		// as the shift counts), since 1<<64 is 1 (a wide float32 tile).
		p("MOVQ $-1, AX")
		p("NEGQ CX")
		p("SHRQ CX, AX")
	case k.avx512:
		p("MOVQ $1, AX")
		p("SHLQ CX, AX")
		p("DECQ AX")
	}
	if k.avx512 {
		p("KMOVW AX, K1")
		for v := 1; v < k.nv; v++ {
			p("SHRQ $%d, AX", k.lanes())
			p("KMOVW AX, K%d", v+1)
		}
	} else {
		idx, bc, cmp := "supIdx64<>", "VPBROADCASTQ", "VPCMPGTQ"
		if k.elem == 4 {
			idx, bc, cmp = "supIdx32<>", "VPBROADCASTD", "VPCMPGTD"
		}
		p("%s cols+64(FP), Y13", bc)
		for v := 0; v < k.nv; v++ {
			p("%s %s+%d(SB), Y13, %s", cmp, idx, 32*v, mask(v))
		}
	}
	p("MOVQ lda+16(FP), R8")
	p("SHLQ $%d, R8", shift)
	p("LEAQ (R8)(R8*2), R9")
	p("MOVQ ldb+32(FP), R11")
	p("SHLQ $%d, R11", shift)
	p("LEAQ (R11)(R11*2), R12")
	p("MOVQ ldc+48(FP), R10")
	p("SHLQ $%d, R10", shift)
	// A stack kernel keeps the tile count and each matrix's first a, b
	// and c in its locals.
	stackSlots := [][3]string{{"a+8", "sa+120", "a0-16(SP)"}, {"b+24", "sb+128", "b0-24(SP)"}, {"c+40", "sc+136", "c0-32(SP)"}}
	if k.stack {
		p("MOVQ tiles+80(FP), AX")
		p("MOVQ AX, n-8(SP)")
		label("matrix")
		for _, x := range stackSlots {
			p("MOVQ %s(FP), AX", x[0])
			p("MOVQ AX, %s", x[2])
		}
	}
	// One pass per tile; the next tile's A, B and C start da, db and dc
	// elements further (the argument slots a, b and c advance).
	label("tile")
	p("MOVQ k+0(FP), CX")
	p("MOVQ a+8(FP), SI")
	p("MOVQ b+24(FP), DX")
	p("MOVQ c+40(FP), DI")
	p("LEAQ (SI)(R8*4), R13")
	if k.rows > 8 {
		p("LEAQ (R13)(R8*4), R14")
	}
	for set := range sets {
		for i := 0; i < k.rows; i++ {
			for v := 0; v < k.nv; v++ {
				a := accSet(set)(i, v)
				if k.avx512 {
					p("VPXORQ %s, %s, %s", a, a, a)
				} else {
					p("VXOR%s %s, %s, %s", sfx, a, a, a)
				}
			}
		}
	}
	p("MOVQ CX, BX")
	p("SHRQ $2, BX")
	p("ANDQ $3, CX")
	// AVX2 loads full rows of B unmasked (VMASKMOV costs more); AVX-512
	// masks every load, at no cost.
	loops := []bool{true}
	if !k.avx512 {
		loops = []bool{false, true}
		p("CMPQ cols+64(FP), $%d", nr)
		p("JNE %s_mloop0", k.name)
	}
	for _, masked := range loops {
		pre := ""
		if masked && !k.avx512 {
			pre = "m"
		}
		label(pre + "loop0")
		p("TESTQ BX, BX")
		p("JZ %s_%stail", k.name, pre)
		label(pre + "loop")
		for u, row := range []string{"(DX)", "(DX)(R11*1)", "(DX)(R11*2)", "(DX)(R12*1)"} {
			k.loadSpread(p, u, reg)
			k.step(p, u, u*k.elem, row, reg, accSet(u), mask, bcast, mov, vb, masked)
		}
		p("ADDQ $%d, SI", 4*k.elem)
		p("ADDQ $%d, R13", 4*k.elem)
		if k.rows > 8 {
			p("ADDQ $%d, R14", 4*k.elem)
		}
		p("LEAQ (DX)(R11*4), DX")
		p("DECQ BX")
		p("JNZ %s_%sloop", k.name, pre)
		label(pre + "tail")
		p("TESTQ CX, CX")
		p("JZ %s_done", k.name)
		label(pre + "one")
		k.step(p, -1, 0, "(DX)", reg, acc, mask, bcast, mov, vb, masked)
		p("ADDQ $%d, SI", k.elem)
		p("ADDQ $%d, R13", k.elem)
		if k.rows > 8 {
			p("ADDQ $%d, R14", k.elem)
		}
		p("ADDQ R11, DX")
		p("DECQ CX")
		p("JNZ %s_%sone", k.name, pre)
		p("JMP %s_done", k.name)
	}
	label("done")
	if sets == 2 {
		for i := 0; i < k.rows; i++ {
			p("VADD%s %s, %s, %s", sfx, acc2(i, 0), acc(i, 0), acc(i, 0))
		}
	}
	// Scale by alpha (in B register 0, free now), unless it is 1.
	skipUnitAlpha(p, k.elem, "alpha+56(FP)", k.name+"_scaled")
	p("%s alpha+56(FP), %s", bcast, reg(0))
	for i := 0; i < k.rows; i++ {
		for v := 0; v < k.nv; v++ {
			p("VMUL%s %s, %s, %s", sfx, reg(0), acc(i, v), acc(i, v))
		}
	}
	label("scaled")
	p("MOVBLZX store+72(FP), AX")
	// Epilogues: add or overwrite; AVX2 also picks unmasked stores for a
	// full tile, since VMASKMOV stores are slow on AMD cores.
	type epi struct {
		name        string
		add, masked bool
	}
	epis := []epi{{"add", true, true}, {"overwrite", false, true}}
	if !k.avx512 {
		epis = []epi{{"addfull", true, false}, {"overwritefull", false, false}, {"add", true, true}, {"overwrite", false, true}}
		p("CMPQ cols+64(FP), $%d", nr)
		p("JNE %s_masked", k.name)
		p("TESTL AX, AX")
		p("JNZ %s_overwritefull", k.name)
		p("JMP %s_addfull", k.name)
		label("masked")
	}
	p("TESTL AX, AX")
	p("JNZ %s_overwrite", k.name)
	p("JMP %s_add", k.name)
	for _, e := range epis {
		label(e.name)
		for i := 0; i < k.rows; i++ {
			for v := 0; v < k.nv; v++ {
				a := acc(i, v)
				t := reg(v)
				switch {
				case e.add && k.avx512:
					p("%s.Z %d(DI), %s, %s", mov, v*vb, mask(v), t)
					p("VADD%s %s, %s, %s", sfx, t, a, a)
				case e.add && e.masked:
					p("VMASKMOV%s %d(DI), %s, %s", sfx, v*vb, mask(v), t)
					p("VADD%s %s, %s, %s", sfx, t, a, a)
				case e.add:
					p("VADD%s %d(DI), %s, %s", sfx, v*vb, a, a)
				}
				switch {
				case k.avx512:
					p("%s %s, %s, %d(DI)", mov, a, mask(v), v*vb)
				case e.masked:
					p("VMASKMOV%s %s, %s, %d(DI)", sfx, a, mask(v), v*vb)
				default:
					p("%s %s, %d(DI)", mov, a, v*vb)
				}
			}
			if i < k.rows-1 {
				p("ADDQ R10, DI")
			}
		}
		p("JMP %s_next", k.name)
	}
	// Next tile: DI is on the tile's last row and SI k elements past its
	// first column.
	// The pointer slots advance only while a tile remains, so they never
	// point past the operands.
	label("next")
	p("DECQ tiles+80(FP)")
	if k.stack {
		p("JZ %s_nextmatrix", k.name)
	} else {
		p("JZ %s_end", k.name)
	}
	for _, x := range [][2]string{{"da+88", "a+8"}, {"db+96", "b+24"}, {"dc+104", "c+40"}} {
		p("MOVQ %s(FP), AX", x[0])
		p("SHLQ $%d, AX", shift)
		p("ADDQ AX, %s(FP)", x[1])
	}
	p("JMP %s_tile", k.name)
	if k.stack {
		// Next matrix: its first tile sa, sb and sc elements on from the
		// last matrix's, the tile count again.
		label("nextmatrix")
		p("DECQ count+112(FP)")
		p("JZ %s_end", k.name)
		for _, x := range stackSlots {
			p("MOVQ %s(FP), AX", x[1])
			p("SHLQ $%d, AX", shift)
			p("ADDQ %s, AX", x[2])
			p("MOVQ AX, %s(FP)", x[0])
		}
		p("MOVQ n-8(SP), AX")
		p("MOVQ AX, tiles+80(FP)")
		p("JMP %s_matrix", k.name)
	}
	label("end")
	p("VZEROUPPER")
	p("RET")
}

// skipUnitAlpha emits a jump to target when the alpha argument at arg is
// exactly 1 (its bit pattern, so -0, NaN and the rest still scale): the
// kernel then skips its multiplies by alpha, one per accumulator, which
// take the multiply-add units. A 16-accumulator tile at k = 16 issues 256
// multiply-adds and 16 multiplies; a tiny tile's multiply lengthens its
// one dependent chain. It uses AX.
func skipUnitAlpha(p func(string, ...any), elem int, arg, target string) {
	if elem == 8 {
		p("MOVQ $0x3ff0000000000000, AX")
		p("CMPQ AX, %s", arg)
	} else {
		p("CMPL %s, $0x3f800000", arg)
	}
	p("JEQ %s", target)
}

// step emits one k step: the B row at brow (masked or not), then per row of A a
// broadcast and NV multiply-adds. u is the step's place in the unrolled
// loop (0..3), where the spread rows take their broadcast from a register
// (loadSpread), or -1 (the loop's tail: every row from memory).
func (k supKernel) step(p func(string, ...any), u, aoff int, brow string, reg func(int) string, acc func(int, int) string, mask func(int) string, bcast, mov string, vb int, masked bool) {
	for v := 0; v < k.nv; v++ {
		switch {
		case k.avx512:
			p("%s.Z %d%s, %s, %s", mov, v*vb, brow, mask(v), reg(v))
		case masked:
			p("VMASKMOV%s %d%s, %s, %s", k.sfx(), v*vb, brow, mask(v), reg(v))
		default:
			p("%s %d%s, %s", mov, v*vb, brow, reg(v))
		}
	}
	for i := 0; i < k.rows; i++ {
		bc := reg(k.nv + i%2)
		if q, ok := k.spreadReg(i, reg); ok && u >= 0 {
			if k.elem == 4 {
				p("VSHUFPS $%#02x, %s, %s, %s", 0x55*u, q, q, bc)
			} else {
				p("VPERMILPD $%#02x, %s, %s", 0xff*(u%2), q, bc)
			}
		} else {
			p("%s %s, %s", bcast, aRow(i, aoff), bc)
		}
		for v := 0; v < k.nv; v++ {
			p("VFMADD231%s %s, %s, %s", k.sfx(), reg(v), bc, acc(i, v))
		}
	}
}

// spreadRows is how many rows of a full-width AVX-512 one-vector kernel
// take A from a register rather than from memory, about 5 in 12 (none
// for other kernels). Such a kernel issues a load (the row of B) and
// a broadcast load for every row at each k step, 13 loads to 12
// multiply-adds at 12 rows, and the core loads two vectors a cycle:
// the loads, not the multiply-adds, bound it. A spread row loads 16
// bytes of its row of A once for four float32 k steps (two float64),
// repeated into each 128-bit lane, and each step's broadcast is an
// in-lane shuffle (VSHUFPS, VPERMILPD) on a port the loads do not use.
// A 12x12x12 float32 tile took 22 ns with 5 rows spread against 28
// with none; 4 to 6 rows ran within a nanosecond of 5, all 12 in 26, the
// shuffles then taking the multiply-add ports' time (probe kernels, not
// in the repository, 10th percentile of 300 alternated batches, load
// 0.8); at k = 96, 173 ns against 202.
func (k supKernel) spreadRows() int {
	if !k.avx512 || k.nv != 1 || k.narrow != 0 {
		return 0
	}
	return (5*k.rows + 6) / 12
}

// spreadReg reports whether row i is a spread row, and its register:
// the spread rows are spaced evenly over the tile, their registers
// after the accumulators' two sets.
func (k supKernel) spreadReg(i int, reg func(int) string) (string, bool) {
	s := k.spreadRows()
	if s == 0 || (i+1)*s/k.rows == i*s/k.rows {
		return "", false
	}
	return reg(k.nv + 2 + 2*k.rows*k.nv + i*s/k.rows), true
}

// loadSpread emits, before step u of the unrolled loop, the loads of
// the spread rows' elements of A: four float32 at step 0, two float64 at
// steps 0 and 2, each 16 bytes repeated into every 128-bit lane.
func (k supKernel) loadSpread(p func(string, ...any), u int, reg func(int) string) {
	if u%(16/k.elem) != 0 {
		return
	}
	for i := range k.rows {
		if q, ok := k.spreadReg(i, reg); ok {
			p("VBROADCASTF%dX%d %s, %s", k.elem*8, 16/k.elem, aRow(i, u*k.elem), q)
		}
	}
}

// emitSupDecl writes sup_amd64.go: the Go declarations of the sup kernels
// and, per tier and element type, their table by vectors and rows.
func emitSupDecl(w io.Writer) {
	fmt.Fprintln(w, "// Code generated by asm/gemm/_gen; DO NOT EDIT.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "//go:build amd64 && gc && !purego")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "package gemm")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "import \"github.com/numgo/numgo/internal/cpu\"")
	for _, k := range supKernels() {
		fmt.Fprintf(w, "\n//go:noescape\nfunc %s(%s)\n", k.name, k.params())
	}
	for _, elem := range []int{8, 4} {
		fmt.Fprintf(w, "\n// %s runs tiles tiles of rows x cols through the sup kernel of tier\n// (cpu.AVX2 or cpu.AVX512) for rows rows and cols columns: the kernels'\n// arguments, then rows and tier.\n//\n//go:noescape\n", dispatchName(elem))
		fmt.Fprintf(w, "func %s(%s)\n", dispatchName(elem), supParams(elem, ", rows, tier"))
	}
	emitTinyDecl(w)
	for _, elem := range []int{8, 4} {
		elemT := goType(elem)
		fmt.Fprintf(w, "\n// supAsm%d holds the %s sup kernels per tier: [vectors-1][rows-1], and\n// the stack-walking kernel of the tiers with wide tiles.\n", elem*8, elemT)
		fmt.Fprintf(w, "var supAsm%d = [cpu.AVX512 + 1]supTier[%s]{\n", elem*8, elemT)
		for _, t := range supTiers {
			lanes := supKernel{elem: elem, avx512: t.avx512}.lanes()
			fmt.Fprintf(w, "\tcpu.%s: {mr: %d, nv: %d, wide: %d, lanes: %d, fn: [supMaxNV][]supFunc[%s]{\n", t.name, t.mr, t.nv, t.wide, lanes, elemT)
			for nv := 1; nv <= t.maxNV(); nv++ {
				fmt.Fprint(w, "\t\t{")
				for r := 1; r <= t.rows(nv); r++ {
					if r > 1 {
						fmt.Fprint(w, ", ")
					}
					fmt.Fprint(w, supName(t.name, elem, r, nv))
				}
				fmt.Fprintln(w, "},")
			}
			fmt.Fprint(w, "\t}")
			if t.wide > 0 {
				fmt.Fprintf(w, ", stack: %s", stackName(t, elem))
			}
			fmt.Fprintln(w, "},")
		}
		fmt.Fprintln(w, "}")
	}
}
