package gemm

// packA copies rows [i0, i0+rows) and columns [p0, p0+kk) of op(A), scaled
// by alpha, into dst as mr-row slivers: sliver s holds element (i, p) at
// s*mr*kk + p*mr + i. Rows past the end of the block are zero.
func packA[T float](dst, a []T, lda int, tA bool, i0, rows, p0, kk, mr int, alpha T) {
	for s := 0; s < rows; s += mr {
		r := min(mr, rows-s)
		d := dst[s*kk : s*kk+mr*kk]
		if !tA {
			for i := range r {
				src := a[(i0+s+i)*lda+p0:][:kk]
				for p, v := range src {
					d[p*mr+i] = alpha * v
				}
			}
		} else {
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

// packB copies rows [p0, p0+kk) and columns [j0, j1) of op(B) into dst as
// nr-column slivers of a panel whose columns start at jb (j0-jb is a
// multiple of nr): column j's sliver starts at (j-jb)/nr*nr*kk and holds
// element (p, j) at p*nr + (j-jb)%nr. Columns past j1 are zero when j1
// ends the panel.
func packB[T float](dst, b []T, ldb int, tB bool, jb, j0, j1, p0, kk, nr int) {
	for s := j0; s < j1; s += nr {
		w := min(nr, j1-s)
		d := dst[(s-jb)*kk : (s-jb)*kk+nr*kk]
		if !tB {
			for p := range kk {
				copy(d[p*nr:p*nr+w], b[(p0+p)*ldb+s:][:w])
			}
		} else {
			for j := range w {
				src := b[(s+j)*ldb+p0:][:kk]
				for p, v := range src {
					d[p*nr+j] = v
				}
			}
		}
		if w < nr {
			for p := range kk {
				clear(d[p*nr+w : p*nr+nr])
			}
		}
	}
}
