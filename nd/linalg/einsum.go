package linalg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/ops"
)

// Einsum evaluates NumPy's Einstein summation over the operands, in a new
// row-major array from the options' allocator. subscripts names each
// operand's axes with one letter per axis (a-z, A-Z), the operands'
// subscripts separated by commas, and the result's after "->":
//
//	linalg.Einsum("ij,jk->ik", []*nd.Array[float64]{a, b})   // a @ b
//	linalg.Einsum("bij,bjk->bik", []*nd.Array[float64]{x, y}) // batched a @ b
//	linalg.Einsum("ii->", []*nd.Array[float64]{a})            // trace (0-d result)
//	linalg.Einsum("ii->i", []*nd.Array[float64]{a})           // diagonal
//	linalg.Einsum("ij->ji", []*nd.Array[float64]{a})          // transpose (a copy)
//	linalg.Einsum("ij->j", []*nd.Array[float64]{a})           // column sums
//	linalg.Einsum("i,j->ij", []*nd.Array[float64]{u, v})      // outer product
//	linalg.Einsum("i,i->", []*nd.Array[float64]{u, v})        // dot product
//	linalg.Einsum("...ij,...jk->...ik", []*nd.Array[float64]{x, y}) // stacks, broadcast
//	linalg.Einsum("...ii->...i", []*nd.Array[float64]{x})         // diagonal of each matrix
//
// A letter repeated within one operand takes its diagonal (its axes must
// have one length); a letter missing from the result is summed over.
// Across operands a letter has one length, or length 1 in some operands,
// which then broadcast along it (stride 0), as NumPy's. "..." stands for
// the axes an operand has beyond its letters, aligned from the right
// across the operands and broadcast by NumPy's rule; the result keeps them
// where its subscript writes "...", and one that omits "..." while there
// are such axes is an error, as NumPy's. Without "->" the result is
// NumPy's implicit one: the broadcast axes first, then the letters that
// appear exactly once, in alphabetical (ASCII) order, so "ij,jk" is a
// matrix product and "ji" a transpose.
// Two operands whose subscripts are a matrix product, with any shared
// batch letters kept in the result, any order of the letters and any
// strides ("ij,jk->ik", "bij,bjk->bik", "ji,jk->ki"), run as a MatMul on
// transposed views: numgo's GEMM. One operand with no repeated letter is a
// sum over the letters it drops, or a transpose, and runs as
// ops.SumAxisInto or nd.Copy. Everything else runs a general loop that
// accumulates in T. Bad subscripts are errors wrapping nd.ErrShape that quote them.
func Einsum[T Float](subscripts string, operands []*nd.Array[T], opts ...nd.Option) (*nd.Array[T], error) {
	p, operands, err := parseEinsum(subscripts, operands)
	if err != nil {
		return nil, err
	}
	return allocate(p.shape(p.output), opts, func(dst *nd.Array[T]) error { return runEinsum(p, dst, operands) })
}

// EinsumInto writes Einsum(subscripts, operands) into dst, which has the
// result's shape. dst may overlap the operands: the result is then
// computed into a temporary and copied, as NumPy's out= behaves.
func EinsumInto[T Float](dst *nd.Array[T], subscripts string, operands ...*nd.Array[T]) error {
	p, operands, err := parseEinsum(subscripts, operands)
	if err != nil {
		return err
	}
	if err := checkDst("EinsumInto", dst, p.shape(p.output)); err != nil {
		return err
	}
	return runEinsum(p, dst, operands)
}

// einsum is parsed subscripts: the letters of each operand and of the
// result, every letter's length, and the letters that stand for "..."
// (the broadcast axes, right-aligned across the operands).
type einsum struct {
	subscripts string
	inputs     []string
	output     string
	size       map[byte]int
	ellipsis   string
}

// parseEinsum parses subscripts for the operands and returns them with
// the operands as the evaluation reads them: an operand with an axis of
// length 1 where its letter is longer elsewhere is replaced by a view
// broadcast along it (stride 0), as NumPy broadcasts.
func parseEinsum[T Float](subscripts string, operands []*nd.Array[T]) (*einsum, []*nd.Array[T], error) {
	bad := func(format string, args ...any) error {
		return fail(nd.ErrShape, "Einsum", "subscripts %q: %s", subscripts, fmt.Sprintf(format, args...))
	}
	s := strings.ReplaceAll(subscripts, " ", "")
	lhs, out, explicit := strings.Cut(s, "->")
	p := &einsum{subscripts: subscripts, inputs: strings.Split(lhs, ","), size: map[byte]int{}}
	if len(operands) == 0 {
		return nil, nil, bad("no operands")
	}
	if len(p.inputs) != len(operands) {
		return nil, nil, bad("%d operand subscripts for %d operands", len(p.inputs), len(operands))
	}
	// "..." stands for the axes an operand has beyond its letters; the
	// longest run of them gets fresh letters, each operand the last of
	// those it needs.
	used := map[byte]bool{}
	for i := range len(s) {
		used[s[i]] = true
	}
	broadcast := make([]int, len(operands))
	for i, in := range p.inputs {
		x := operands[i]
		if err := check("Einsum", fmt.Sprintf("operand %d", i), x); err != nil {
			return nil, nil, err
		}
		letters := len(in)
		if j := strings.Index(in, "..."); j >= 0 {
			letters -= 3
			if strings.Contains(in[j+3:], "...") {
				return nil, nil, bad(`operand %d's subscript %q has "..." twice`, i, in)
			}
			broadcast[i] = x.NDim() - letters
			if broadcast[i] < 0 {
				return nil, nil, bad("operand %d's subscript %q has %d letters, the operand %d dimensions (shape %v)", i, in, letters, x.NDim(), x.Shape())
			}
		} else if letters != x.NDim() {
			return nil, nil, bad("operand %d's subscript %q has %d letters, the operand %d dimensions (shape %v)", i, in, letters, x.NDim(), x.Shape())
		}
	}
	for c := byte('A'); c <= 'z' && len(p.ellipsis) < slices.Max(broadcast); c++ {
		if isLetter(c) && !used[c] {
			p.ellipsis += string(c)
		}
	}
	if len(p.ellipsis) < slices.Max(broadcast) {
		return nil, nil, bad(`"..." stands for %d axes, more than the letters left unused`, slices.Max(broadcast))
	}
	for i, in := range p.inputs {
		p.inputs[i] = strings.Replace(in, "...", p.ellipsis[len(p.ellipsis)-broadcast[i]:], 1)
	}
	count := map[byte]int{}
	for i, in := range p.inputs {
		x := operands[i]
		for ax := range len(in) {
			c := in[ax]
			if !isLetter(c) {
				return nil, nil, bad("%q in operand %d's subscript %q is not a letter", c, i, subscriptOf(p, i, subscripts))
			}
			count[c]++
			if j := strings.IndexByte(in, c); j < ax && x.Dim(j) != x.Dim(ax) {
				return nil, nil, bad("%s repeats in operand %d with lengths %d and %d (shape %v)", p.letter(c), i, x.Dim(j), x.Dim(ax), x.Shape())
			}
			switch n, ok := p.size[c]; {
			case !ok || n == 1:
				p.size[c] = x.Dim(ax)
			case x.Dim(ax) != n && x.Dim(ax) != 1:
				return nil, nil, bad("%s has length %d and %d, and neither is 1 (operand %d, shape %v)", p.letter(c), n, x.Dim(ax), i, x.Shape())
			}
		}
	}
	switch {
	case !explicit:
		out = p.ellipsis
		for c := byte('A'); c <= 'z'; c++ {
			if count[c] == 1 && strings.IndexByte(p.ellipsis, c) < 0 {
				out += string(c)
			}
		}
	case strings.Contains(out, "..."):
		out = strings.Replace(out, "...", p.ellipsis, 1)
	case len(p.ellipsis) > 0:
		return nil, nil, bad(`the output has no "..." for the %d broadcast axes (NumPy refuses to sum over them too)`, len(p.ellipsis))
	}
	for j := range len(out) {
		c := out[j]
		switch {
		case !isLetter(c):
			return nil, nil, bad("%q in the output subscript is not a letter", c)
		case strings.IndexByte(out[j+1:], c) >= 0:
			return nil, nil, bad("%s appears twice in the output subscript", p.letter(c))
		case count[c] == 0:
			return nil, nil, bad("output letter %q appears in no operand", c)
		}
	}
	p.output = out
	views, cloned := operands, false
	for i, in := range p.inputs {
		x := operands[i]
		shape := p.shape(in)
		if slices.Equal(shape, x.Shape()) {
			continue
		}
		if !cloned { // the caller's slice stays as it was
			views, cloned = slices.Clone(operands), true
		}
		v, err := nd.BroadcastTo(x, shape...)
		if err != nil {
			return nil, nil, errtext.Wrap(err, "linalg", "Einsum: broadcasting operand %d", i)
		}
		views[i] = v
	}
	return p, views, nil
}

// letter names c for an error message: the letter, or the broadcast axis
// it stands for.
func (p *einsum) letter(c byte) string {
	if j := strings.IndexByte(p.ellipsis, c); j >= 0 {
		return fmt.Sprintf(`broadcast ("...") axis %d`, j-len(p.ellipsis))
	}
	return fmt.Sprintf("letter %q", c)
}

// subscriptOf is operand i's subscript as the caller wrote it.
func subscriptOf(p *einsum, i int, subscripts string) string {
	lhs, _, _ := strings.Cut(strings.ReplaceAll(subscripts, " ", ""), "->")
	return strings.Split(lhs, ",")[i]
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// shape is the lengths of the letters.
func (p *einsum) shape(letters string) []int {
	s := make([]int, len(letters))
	for i := range len(letters) {
		s[i] = p.size[letters[i]]
	}
	return s
}

// runEinsum evaluates p into dst, which has the result's shape.
func runEinsum[T Float](p *einsum, dst *nd.Array[T], operands []*nd.Array[T]) error {
	if len(operands) == 2 {
		if dv, av, bv, ok := product(p, dst, operands[0], operands[1]); ok {
			return MatMulInto(dv, av, bv)
		}
	}
	if len(operands) == 1 {
		if dv, axes, ok := reduction(p, dst); ok {
			if len(axes) == 0 {
				return nd.Copy(dv, operands[0])
			}
			return ops.SumAxisInto(dv, operands[0], ops.Axis(axes[0], axes[1:]...))
		}
	}
	for _, x := range operands {
		if nd.Overlaps(dst, x) != nd.Disjoint {
			tmp, err := nd.Empty[T](dst.Shape())
			if err != nil {
				return errtext.Wrap(err, "linalg", "Einsum: a temporary for dst, which overlaps an operand")
			}
			defer tmp.Free()
			contract(p, tmp, operands)
			return nd.Copy(dst, tmp)
		}
	}
	contract(p, dst, operands)
	return nil
}

// product returns views of dst, a and b that make p a matrix product
// dv = av @ bv, stacked over the batch letters, or ok = false when p is
// not one: each operand names one free letter kept in the result, the two
// share one summed letter, the other letters are shared and kept, and no
// letter repeats within an operand.
func product[T Float](p *einsum, dst, a, b *nd.Array[T]) (dv, av, bv *nd.Array[T], ok bool) {
	la, lb, lo := p.inputs[0], p.inputs[1], p.output
	var batch, fa, fb, c []byte
	for i := range len(la) {
		x := la[i]
		inB, inO := strings.IndexByte(lb, x) >= 0, strings.IndexByte(lo, x) >= 0
		switch {
		case strings.IndexByte(la[i+1:], x) >= 0:
			return nil, nil, nil, false
		case inB && inO:
			batch = append(batch, x)
		case inB:
			c = append(c, x)
		case inO:
			fa = append(fa, x)
		default:
			return nil, nil, nil, false
		}
	}
	for i := range len(lb) {
		x := lb[i]
		switch {
		case strings.IndexByte(lb[i+1:], x) >= 0:
			return nil, nil, nil, false
		case strings.IndexByte(la, x) >= 0:
		case strings.IndexByte(lo, x) >= 0:
			fb = append(fb, x)
		default:
			return nil, nil, nil, false
		}
	}
	if len(c) != 1 || len(fa) != 1 || len(fb) != 1 || len(lo) != len(batch)+2 {
		return nil, nil, nil, false
	}
	// Each letter of lo is a batch letter, fa or fb: it appears in an
	// operand, not twice, and not as c.
	bs := string(batch)
	av, errA := a.Transpose(positions(la, bs+string(fa)+string(c))...)
	bv, errB := b.Transpose(positions(lb, bs+string(c)+string(fb))...)
	dv, errD := dst.Transpose(positions(lo, bs+string(fa)+string(fb))...)
	return dv, av, bv, errA == nil && errB == nil && errD == nil
}

// reduction returns, for one operand with no repeated letter, the view
// of dst in the operand's letter order and the operand's axes summed over
// (none for a transpose or copy): ops.SumAxisInto or nd.Copy then does
// the work.
func reduction[T Float](p *einsum, dst *nd.Array[T]) (dv *nd.Array[T], axes []int, ok bool) {
	in, out := p.inputs[0], p.output
	var kept string
	for i := range len(in) {
		switch {
		case strings.IndexByte(in[i+1:], in[i]) >= 0:
			return nil, nil, false
		case strings.IndexByte(out, in[i]) >= 0:
			kept += in[i : i+1]
		default:
			axes = append(axes, i)
		}
	}
	dv, err := dst.Transpose(positions(out, kept)...)
	return dv, axes, err == nil
}

// positions returns the index in letters of each letter of order.
func positions(letters, order string) []int {
	pos := make([]int, len(order))
	for i := range len(order) {
		pos[i] = strings.IndexByte(letters, order[i])
	}
	return pos
}

// contract evaluates p into dst with a loop over every letter: the
// result's letters and the summed ones, with the letter of smallest
// non-zero stride in the first operand innermost, as a tight loop.
func contract[T Float](p *einsum, dst *nd.Array[T], operands []*nd.Array[T]) {
	letters := p.output
	for _, in := range p.inputs {
		for i := range len(in) {
			if strings.IndexByte(letters, in[i]) < 0 {
				letters += string(in[i])
			}
		}
	}
	dd, do, ds := dst.Storage()
	// stride returns the step of operand i (-1 for dst) along a letter: the
	// sum of its axes' strides for a letter it repeats (the diagonal), 0
	// for a letter it does not name.
	stride := func(i int, c byte) int {
		if i < 0 {
			if j := strings.IndexByte(p.output, c); j >= 0 {
				return ds[j]
			}
			return 0
		}
		_, _, xs := operands[i].Storage()
		st := 0
		for ax := range len(p.inputs[i]) {
			if p.inputs[i][ax] == c {
				st += xs[ax]
			}
		}
		return st
	}
	walk(dst.Shape(), [][]int{ds}, []int{do}, func(_, off []int) { dd[off[0]] = 0 })
	if len(letters) == 0 { // all operands 0-d
		prod := T(1)
		for _, x := range operands {
			xd, xo, _ := x.Storage()
			prod *= xd[xo]
		}
		dd[do] = prod
		return
	}
	inner := len(letters) - 1
	for i := range len(letters) {
		st := abs(stride(0, letters[i]))
		if st != 0 && (abs(stride(0, letters[inner])) == 0 || st < abs(stride(0, letters[inner]))) {
			inner = i
		}
	}
	letters = letters[:inner] + letters[inner+1:] + letters[inner:inner+1]
	inner = len(letters) - 1
	c := letters[inner]
	n := p.size[c]
	strides := make([][]int, 1+len(operands))
	base := make([]int, 1+len(operands))
	steps := make([]int, 1+len(operands))
	data := make([][]T, len(operands))
	strides[0], base[0], steps[0] = make([]int, inner), do, stride(-1, c)
	for j := range inner {
		strides[0][j] = stride(-1, letters[j])
	}
	for i, x := range operands {
		var xo int
		data[i], xo, _ = x.Storage()
		strides[i+1], base[i+1], steps[i+1] = make([]int, inner), xo, stride(i, c)
		for j := range inner {
			strides[i+1][j] = stride(i, letters[j])
		}
	}
	walk(p.shape(letters[:inner]), strides, base, func(_, off []int) {
		d0, s0 := data[0], steps[1]
		switch {
		case len(data) == 1 && steps[0] == 0:
			var acc T
			for k := range n {
				acc += d0[off[1]+k*s0]
			}
			dd[off[0]] += acc
		case len(data) == 1:
			for k := range n {
				dd[off[0]+k*steps[0]] += d0[off[1]+k*s0]
			}
		case len(data) == 2 && steps[0] == 0:
			d1, s1 := data[1], steps[2]
			var acc T
			for k := range n {
				acc += d0[off[1]+k*s0] * d1[off[2]+k*s1]
			}
			dd[off[0]] += acc
		default:
			for k := range n {
				prod := d0[off[1]+k*s0]
				for i := 1; i < len(data); i++ {
					prod *= data[i][off[i+1]+k*steps[i+1]]
				}
				dd[off[0]+k*steps[0]] += prod
			}
		}
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
