package gemm

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// call is one packed GEMM in flight: its operands, the kernel chosen for
// it and the packing buffers, which outlive the call in a free list.
type call[T float] struct {
	kern          kernel[T]
	tA, tB        bool
	m, n, k       int
	alpha, beta   T
	a, b, c       []T
	lda, ldb, ldc int
	nt            int
	direct        bool // the kernel reads full slivers of B in place
	colSplit      bool // threads own columns of C, not rows

	bpack   [2][]T  // shared B panels, alternating between k blocks
	apack   [][]T   // per thread: its A block, an edge sliver of B, a C tile
	bar     barrier // between packing a B panel and using it
	wg      sync.WaitGroup
	running atomic.Int32 // workers (threads 1..nt-1) still running
}

var (
	calls64 freeList[call[float64]]
	calls32 freeList[call[float32]]
)

func callsFor[T float]() *freeList[call[T]] {
	return byType[T, freeList[call[T]]](unsafe.Pointer(&calls64), unsafe.Pointer(&calls32))
}

// packed runs C = alpha*op(A)*op(B) + beta*C through packing and the
// micro-kernel kern on nt threads. The threads own disjoint row ranges of
// C, split on whole tiles, so no two threads write the same cache line of
// C except where a range boundary falls inside a line. They share each
// packed B panel (each packs a share of its slivers and a barrier
// separates packing from use), or, with direct (untransposed B only), the
// kernel reads B in place and each thread packs only the ragged last
// sliver, with no barrier at all. When C has too few row tiles to go
// round (under four per thread) and more column tiles, the threads own
// column ranges instead: each packs all of A and its own columns of B.
// A thread that packs every sliver of B it uses (one thread, or column
// ranges) leaves the full slivers of an untransposed B to the kernel's
// packing twin (kern.packing), which copies each as the first sliver of
// A multiplies it, reading B in place: the copy's loads are the kernel's
// own and its stores hide behind the multiply-adds (the separate pass
// was 4% of a 512x512 SGEMM; one thread, float32 and float64, n =
// 384..512 ran 1-4% faster, 768..1024 0-1.5%).
func packed[T float](kern kernel[T], nt int, direct bool, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	list := callsFor[T]()
	x := list.get()
	x.kern, x.tA, x.tB, x.m, x.n, x.k, x.alpha, x.beta = kern, tA, tB, m, n, k, alpha, beta
	x.a, x.b, x.c, x.lda, x.ldb, x.ldc, x.nt, x.direct = a, b, c, lda, ldb, ldc, nt, direct && !tB
	rowTiles, colTiles := (m+kern.mr-1)/kern.mr, (n+kern.nr-1)/kern.nr
	x.colSplit = nt > 1 && rowTiles < 4*nt && colTiles > rowTiles
	kc, nr, mr := min(kern.kc, k), kern.nr, kern.mr
	if !x.direct {
		ncPad := (min(kern.nc, n) + nr - 1) / nr * nr
		for i := range x.bpack {
			x.bpack[i] = grow(x.bpack[i], kc*ncPad)
		}
	}
	rowsPerThread := (rowTiles + nt - 1) / nt * mr
	if x.colSplit {
		rowsPerThread = rowTiles * mr
	}
	mcPad := min(kern.mc, rowsPerThread)
	for len(x.apack) < nt {
		x.apack = append(x.apack, nil)
	}
	for i := range nt {
		x.apack[i] = grow(x.apack[i], mcPad*kc+kc*nr+mr*nr)
	}
	if nt == 1 {
		x.run(0)
	} else {
		x.bar.reset(nt)
		x.running.Store(int32(nt - 1))
		runParallel(x, nt, &x.wg)
	}
	x.a, x.b, x.c = nil, nil, nil
	list.put(x)
}

func (x *call[T]) done() {
	x.wg.Done()
	x.running.Add(-1)
}

func (x *call[T]) pending() int { return int(x.running.Load()) }

// share is part tid of [0, units) split nt ways.
func share(tid, nt, units int) (lo, hi int) {
	return tid * units / nt, (tid + 1) * units / nt
}

// run is thread tid's share of the call: a range of rows of C or, with
// colSplit, a range of columns, in whole tiles.
func (x *call[T]) run(tid int) {
	kern := x.kern
	mr, nr := kern.mr, kern.nr
	r0, r1, c0, c1 := 0, x.m, 0, x.n
	if x.colSplit {
		lo, hi := share(tid, x.nt, (x.n+nr-1)/nr)
		c0, c1 = lo*nr, min(hi*nr, x.n)
	} else {
		lo, hi := share(tid, x.nt, (x.m+mr-1)/mr)
		r0, r1 = lo*mr, min(hi*mr, x.m)
	}
	if x.beta != 0 {
		scale(x.c, x.ldc, r0, r1, c0, c1, x.beta)
	}

	abuf := x.apack[tid]
	tile := abuf[len(abuf)-mr*nr:]
	kc := min(kern.kc, x.k)
	edge := abuf[len(abuf)-mr*nr-kc*nr : len(abuf)-mr*nr]
	iter := 0
	// fuse: the kernel packs each full sliver of B as it multiplies the
	// first A sliver of the k block (kern.packing), where this thread
	// packs all the slivers it uses (one thread, or colSplit).
	fuse := kern.packing != nil && !x.direct && !x.tB && (x.nt == 1 || x.colSplit)
	for jc := 0; jc < x.n; jc += kern.nc {
		ncur := min(kern.nc, x.n-jc)
		// The thread multiplies columns [j0, j1) of this panel and packs
		// [p0, p1): the same with colSplit, else its share of the panel.
		j0, j1 := max(jc, c0), min(jc+ncur, c1)
		if j0 >= j1 {
			continue
		}
		p0, p1 := j0, j1
		if !x.colSplit {
			lo, hi := share(tid, x.nt, (ncur+nr-1)/nr)
			p0, p1 = jc+lo*nr, min(jc+hi*nr, jc+ncur)
		}
		for pc := 0; pc < x.k; pc += kern.kc {
			kcur := min(kern.kc, x.k-pc)
			bp := x.bpack[iter&1]
			iter++
			if x.direct {
				if full := jc + ncur/nr*nr; full < j1 {
					packB(&kern, edge, x.b, x.ldb, false, full, full, jc+ncur, pc, kcur)
				}
			} else if fuse {
				if rag := p0 + (p1-p0)/nr*nr; rag < p1 {
					packB(&kern, bp, x.b, x.ldb, false, jc, rag, p1, pc, kcur)
				}
			} else {
				packB(&kern, bp, x.b, x.ldb, x.tB, jc, p0, p1, pc, kcur)
				if x.nt > 1 && !x.colSplit {
					x.bar.wait()
				}
			}
			for ic := r0; ic < r1; ic += kern.mc {
				mcur := min(kern.mc, r1-ic)
				packA(&kern, abuf, x.a, x.lda, x.tA, ic, mcur, pc, kcur, x.alpha)
				x.macro(abuf, bp, edge, tile, ic, mcur, jc, j0-jc, j1-jc, pc, kcur, pc == 0 && x.beta == 0, fuse && ic == r0)
			}
		}
	}
}

// macro multiplies a packed A block (rows ic..ic+mcur) by columns
// jc+jr0..jc+jr1 of the B panel at jc (k steps pc..pc+kcur) into C, one
// micro-tile at a time: B slivers outer so each stays in cache while the A slivers stream
// past it. The B slivers come from the packed panel bp or, in direct mode,
// from B itself, the ragged last one from edge. Edge tiles run the kernel
// into the scratch tile and add its valid part to C. With store (the
// first k block when beta is 0) C is overwritten, never read. With pack
// the first A sliver meets each full sliver of B in kern.packing, which
// reads B in place and fills the sliver's place in bp for the rest.
func (x *call[T]) macro(ap, bp, edge, tile []T, ic, mcur, jc, jr0, jr1, pc, kcur int, store, pack bool) {
	kern := x.kern
	mr, nr, ldc := kern.mr, kern.nr, x.ldc
	for jr := jr0; jr < jr1; jr += nr {
		cols := min(nr, jr1-jr)
		bs, ldb := &edge[0], nr
		switch {
		case !x.direct:
			bs = &bp[jr*kcur]
		case cols == nr:
			bs, ldb = &x.b[pc*x.ldb+jc+jr], x.ldb
		}
		for ir := 0; ir < mcur; ir += mr {
			rows := min(mr, mcur-ir)
			as := &ap[ir*kcur]
			off := (ic+ir)*ldc + jc + jr
			c, ldt, st := &tile[0], nr, true
			if rows == mr && cols == nr {
				c, ldt, st = &x.c[off], ldc, store
			}
			if pack && ir == 0 && cols == nr {
				kern.packing(kcur, as, &x.b[pc*x.ldb+jc+jr], x.ldb, c, ldt, st, bs)
			} else {
				kern.fn(kcur, as, bs, ldb, c, ldt, st)
			}
			if rows == mr && cols == nr {
				continue
			}
			for i := range rows {
				crow := x.c[off+i*ldc:][:cols]
				if store {
					copy(crow, tile[i*nr:i*nr+cols])
					continue
				}
				for j, v := range tile[i*nr : i*nr+cols] {
					crow[j] += v
				}
			}
		}
	}
}

// scale multiplies rows [r0, r1), columns [c0, c1) of c by beta; beta 0
// sets them to zero without reading them, so NaN in C does not survive.
func scale[T float](c []T, ldc, r0, r1, c0, c1 int, beta T) {
	if beta == 1 {
		return
	}
	for i := r0; i < r1; i++ {
		row := c[i*ldc+c0 : i*ldc+c1]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
