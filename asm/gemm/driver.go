package gemm

import (
	"sync"
	"sync/atomic"
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

	bpack   [2][]T  // shared B panels, alternating between k blocks
	apack   [][]T   // per thread: its A block, then one C tile for edges
	bar     barrier // between packing a B panel and using it
	wg      sync.WaitGroup
	running atomic.Int32 // workers (threads 1..nt-1) still running
}

var (
	calls64 freeList[call[float64]]
	calls32 freeList[call[float32]]
)

func callsFor[T float]() *freeList[call[T]] {
	var z T
	switch any(z).(type) {
	case float64:
		return any(&calls64).(*freeList[call[T]])
	default:
		return any(&calls32).(*freeList[call[T]])
	}
}

// packed runs C = alpha*op(A)*op(B) + beta*C through packing and the
// micro-kernel kern on nt threads. The threads share each packed B panel
// (each packs a share of its slivers) and own disjoint row ranges of C,
// split on whole tiles, so no two threads write the same cache line of C
// except where a row range boundary falls inside a line.
func packed[T float](kern kernel[T], nt int, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	list := callsFor[T]()
	x := list.get()
	x.kern, x.tA, x.tB, x.m, x.n, x.k, x.alpha, x.beta = kern, tA, tB, m, n, k, alpha, beta
	x.a, x.b, x.c, x.lda, x.ldb, x.ldc, x.nt = a, b, c, lda, ldb, ldc, nt
	kc, nr, mr := min(kern.kc, k), kern.nr, kern.mr
	ncPad := (min(kern.nc, n) + nr - 1) / nr * nr
	for i := range x.bpack {
		x.bpack[i] = grow(x.bpack[i], kc*ncPad)
	}
	rowsPerThread := ((m+mr-1)/mr + nt - 1) / nt * mr
	mcPad := min(kern.mc, rowsPerThread)
	for len(x.apack) < nt {
		x.apack = append(x.apack, nil)
	}
	for i := range nt {
		x.apack[i] = grow(x.apack[i], mcPad*kc+mr*nr)
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

// run is thread tid's share of the call.
func (x *call[T]) run(tid int) {
	kern := x.kern
	mr, nr := kern.mr, kern.nr
	units := (x.m + mr - 1) / mr
	r0 := tid * units / x.nt * mr
	r1 := min((tid+1)*units/x.nt*mr, x.m)
	if x.beta != 0 {
		scale(x.c, x.ldc, r0, r1, x.n, x.beta)
	}

	abuf := x.apack[tid]
	tile := abuf[len(abuf)-mr*nr:]
	iter := 0
	for jc := 0; jc < x.n; jc += kern.nc {
		ncur := min(kern.nc, x.n-jc)
		slivers := (ncur + nr - 1) / nr
		s0 := jc + tid*slivers/x.nt*nr
		s1 := min(jc+(tid+1)*slivers/x.nt*nr, jc+ncur)
		for pc := 0; pc < x.k; pc += kern.kc {
			kcur := min(kern.kc, x.k-pc)
			bp := x.bpack[iter&1]
			iter++
			packB(&kern, bp, x.b, x.ldb, x.tB, jc, s0, s1, pc, kcur)
			if x.nt > 1 {
				x.bar.wait()
			}
			for ic := r0; ic < r1; ic += kern.mc {
				mcur := min(kern.mc, r1-ic)
				packA(&kern, abuf, x.a, x.lda, x.tA, ic, mcur, pc, kcur, x.alpha)
				x.macro(abuf, bp, tile, ic, mcur, jc, ncur, kcur, pc == 0 && x.beta == 0)
			}
		}
	}
}

// macro multiplies a packed A block (rows ic..ic+mcur) by a packed B panel
// (columns jc..jc+ncur) into C, one micro-tile at a time: B slivers outer
// so each stays in L1 while the A slivers stream past it. Edge tiles run
// the kernel into the scratch tile and add its valid part to C. With store
// (the first k block when beta is 0) C is overwritten, never read.
func (x *call[T]) macro(ap, bp, tile []T, ic, mcur, jc, ncur, kcur int, store bool) {
	kern := x.kern
	mr, nr, ldc := kern.mr, kern.nr, x.ldc
	for jr := 0; jr < ncur; jr += nr {
		cols := min(nr, ncur-jr)
		bs := &bp[jr*kcur]
		for ir := 0; ir < mcur; ir += mr {
			rows := min(mr, mcur-ir)
			as := &ap[ir*kcur]
			off := (ic+ir)*ldc + jc + jr
			if rows == mr && cols == nr {
				kern.fn(kcur, as, bs, &x.c[off], ldc, store)
				continue
			}
			kern.fn(kcur, as, bs, &tile[0], nr, true)
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

// scale multiplies rows [r0, r1) of the n-column matrix c by beta; beta 0
// sets them to zero without reading them, so NaN in C does not survive.
func scale[T float](c []T, ldc, r0, r1, n int, beta T) {
	if beta == 1 {
		return
	}
	for i := r0; i < r1; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
