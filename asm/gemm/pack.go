package gemm

import "unsafe"

// packA copies rows [i0, i0+rows) and columns [p0, p0+kk) of op(A), scaled
// by alpha, into dst as mr-row slivers: sliver s holds element (i, p) at
// s*mr*kk + p*mr + i. Rows past the end of the block are zero.
func packA[T float](kern *kernel[T], dst, a []T, lda int, tA bool, i0, rows, p0, kk int, alpha T) {
	mr := kern.mr
	for s := 0; s < rows; s += mr {
		r := min(mr, rows-s)
		d := dst[s*kk : s*kk+mr*kk]
		full8 := r == 8 && mr == 8
		switch {
		case !tA && full8 && kern.transpose != nil && kk >= 8:
			blocks := kk / 8
			src := a[(i0+s)*lda+p0:][:7*lda+kk]
			kern.transpose(&d[0], &src[0], lda, mr, blocks, alpha)
			packRows(d[blocks*64:], a, lda, i0+s, r, p0+blocks*8, kk-blocks*8, mr, alpha)
		case !tA:
			packRows(d, a, lda, i0+s, r, p0, kk, mr, alpha)
		case full8 && kern.scaleRows != nil:
			src := a[p0*lda+i0+s:][:(kk-1)*lda+8]
			kern.scaleRows(&d[0], &src[0], lda, kk, alpha)
		default:
			for p := range kk {
				src := a[(p0+p)*lda+i0+s:][:r]
				dd := d[p*mr : p*mr+r]
				for i, v := range src {
					dd[i] = alpha * v
				}
			}
		}
		if r < mr {
			for p := range kk {
				clear(d[p*mr+r : p*mr+mr])
			}
		}
	}
}

// packRows transposes r rows of a row-major A (from row i, column p0, kk
// columns) into the sliver d, four rows at a time so each pass reads four
// streams and writes four adjacent elements per k step.
func packRows[T float](d, a []T, lda, i, r, p0, kk, mr int, alpha T) {
	row := func(x int) []T { return a[(i+x)*lda+p0:][:kk] }
	x := 0
	for ; x+4 <= r; x += 4 {
		r0, r1, r2, r3 := row(x), row(x+1), row(x+2), row(x+3)
		for p := range r0 {
			dd := d[p*mr+x:][:4]
			dd[0] = alpha * r0[p]
			dd[1] = alpha * r1[p]
			dd[2] = alpha * r2[p]
			dd[3] = alpha * r3[p]
		}
	}
	for ; x < r; x++ {
		for p, v := range row(x) {
			d[p*mr+x] = alpha * v
		}
	}
}

// packB copies rows [p0, p0+kk) and columns [j0, j1) of op(B) into dst as
// nr-column slivers of a panel whose columns start at jb (j0-jb is a
// multiple of nr): column j's sliver starts at (j-jb)/nr*nr*kk and holds
// element (p, j) at p*nr + (j-jb)%nr. Columns past j1 are zero when j1
// ends the panel.
func packB[T float](kern *kernel[T], dst, b []T, ldb int, tB bool, jb, j0, j1, p0, kk int) {
	nr := kern.nr
	var z T
	for s := j0; s < j1; s += nr {
		w := min(nr, j1-s)
		d := dst[(s-jb)*kk : (s-jb)*kk+nr*kk]
		switch {
		case !tB && w == nr && kern.copyRows != nil:
			src := b[p0*ldb+s:][:(kk-1)*ldb+nr]
			kern.copyRows(unsafe.Pointer(&d[0]), unsafe.Pointer(&src[0]), ldb*int(unsafe.Sizeof(z)), kk)
		case !tB:
			for p := range kk {
				copy(d[p*nr:p*nr+w], b[(p0+p)*ldb+s:][:w])
			}
		case w == nr && nr%8 == 0 && kern.transpose != nil && kk >= 8:
			// op(B) = B^T: each 8 columns of the sliver are 8 stored rows.
			blocks := kk / 8
			for g := 0; g < nr; g += 8 {
				src := b[(s+g)*ldb+p0:][:7*ldb+kk]
				kern.transpose(&d[g], &src[0], ldb, nr, blocks, 1)
			}
			packBT(d, b, ldb, s, w, p0, blocks*8, kk, nr)
		default:
			packBT(d, b, ldb, s, w, p0, 0, kk, nr)
		}
		if w < nr {
			for p := range kk {
				clear(d[p*nr+w : p*nr+nr])
			}
		}
	}
}

// packBT packs steps [from, kk) of w columns of a transposed B, starting at
// column s and step p0, into the sliver d.
func packBT[T float](d, b []T, ldb, s, w, p0, from, kk, nr int) {
	for j := range w {
		src := b[(s+j)*ldb+p0:][:kk]
		for p := from; p < kk; p++ {
			d[p*nr+j] = src[p]
		}
	}
}
