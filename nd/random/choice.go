package random

import (
	"fmt"

	"github.com/numgo/numgo/nd"
)

// Permutation returns the integers 0..n-1 in a random order (a uniform
// Fisher-Yates shuffle), as NumPy's Generator.permutation(n). A negative
// n is an error wrapping ErrParam.
//
//	order, err := random.Permutation(g, 10)
func Permutation(g *Generator, n int, opts ...nd.Option) (*nd.Array[int], error) {
	if n < 0 {
		return nil, fmt.Errorf("random: Permutation: %w: n = %d is negative", ErrParam, n)
	}
	return alloc("Permutation", []int{n}, opts, func(a *nd.Array[int]) error { return PermutationInto(a, g) })
}

// PermutationInto fills the one-dimensional dst of length n with the
// integers 0..n-1 in a random order, the same order Permutation(g, n)
// gives from the same state of g. The kind comes from dst: an n that I
// cannot count up to (n-1 > 127 for int8) is an error wrapping ErrParam,
// and dst not one-dimensional wraps nd.ErrShape. A strided dst is filled
// through a temporary on the Go heap.
func PermutationInto[I nd.Integer](dst *nd.Array[I], g *Generator) error {
	if err := dst.Err(); err != nil {
		return fmt.Errorf("random: PermutationInto: %w", err)
	}
	if dst.NDim() != 1 {
		return fmt.Errorf("random: PermutationInto: %w: dst must be one-dimensional, has shape %v", nd.ErrShape, dst.Shape())
	}
	if n := dst.Dim(0); n > 0 && int(I(n-1)) != n-1 {
		return fmt.Errorf("random: PermutationInto: %w: dst's kind cannot hold %d", ErrParam, n-1)
	}
	return fill("PermutationInto", dst, func(d []I) {
		for i := range d {
			d[i] = I(i)
		}
		shuffle(g, d)
	})
}

// shuffle permutes s uniformly in place (Fisher-Yates).
func shuffle[T any](g *Generator, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := int(g.uint64n(uint64(i + 1)))
		s[i], s[j] = s[j], s[i]
	}
}

// Shuffle permutes a in place along its first axis, as NumPy's
// Generator.shuffle: whole sub-arrays a[i] move together. A 0-d array is
// an error wrapping nd.ErrShape. Arrays of more than one dimension, and
// strided vectors, are permuted through a copy on the Go heap.
func Shuffle[T nd.Number](g *Generator, a *nd.Array[T]) error {
	if err := a.Err(); err != nil {
		return fmt.Errorf("random: Shuffle: %w", err)
	}
	if err := a.Writable(); err != nil {
		return fmt.Errorf("random: Shuffle: %w", err)
	}
	if a.NDim() == 0 {
		return fmt.Errorf("random: Shuffle: %w: cannot shuffle a 0-d array", nd.ErrShape)
	}
	if a.NDim() == 1 && a.Layout() == nd.RowMajor {
		shuffle(g, a.Data())
		return nil
	}
	n := a.Dim(0)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	shuffle(g, perm)
	c, err := a.Clone()
	if err != nil {
		return fmt.Errorf("random: Shuffle: %w", err)
	}
	defer c.Free()
	row := c.Size() / max(n, 1)
	src := c.Data()
	tmp := make([]T, a.Size())
	for i, p := range perm {
		copy(tmp[i*row:(i+1)*row], src[p*row:(p+1)*row])
	}
	w, err := nd.Wrap(tmp, a.Shape())
	if err == nil {
		err = nd.Copy(a, w)
	}
	if err != nil {
		return fmt.Errorf("random: Shuffle: %w", err)
	}
	return nil
}

// Choice returns size elements drawn from the one-dimensional a, as
// NumPy's Generator.choice(a, size, replace): uniformly with replacement,
// or without it (then size <= a's length; a partial Fisher-Yates shuffle
// of the indices, taking scratch of one int per element of a from the Go
// heap). An empty a with size > 0, or size > len(a) without replacement,
// is an error wrapping ErrParam; a not one-dimensional wraps nd.ErrShape.
//
//	sample, err := random.Choice(g, population, 5, false)
func Choice[T nd.Number](g *Generator, a *nd.Array[T], size int, replace bool, opts ...nd.Option) (*nd.Array[T], error) {
	if err := checkChoice("Choice", a, size, replace); err != nil {
		return nil, err
	}
	return alloc("Choice", []int{size}, opts, func(d *nd.Array[T]) error { return ChoiceInto(d, g, a, replace) })
}

// ChoiceInto fills dst (of any shape, in row-major order) with
// dst.Size() elements drawn from a, as Choice.
func ChoiceInto[T nd.Number](dst *nd.Array[T], g *Generator, a *nd.Array[T], replace bool) error {
	if err := checkChoice("ChoiceInto", a, dst.Size(), replace); err != nil {
		return err
	}
	n := a.Dim(0)
	return fill("ChoiceInto", dst, func(d []T) {
		if replace {
			for i := range d {
				d[i] = a.At(int(g.uint64n(uint64(n))))
			}
			return
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		for i := range d {
			j := i + int(g.uint64n(uint64(n-i)))
			idx[i], idx[j] = idx[j], idx[i]
			d[i] = a.At(idx[i])
		}
	})
}

func checkChoice[T nd.Number](name string, a *nd.Array[T], size int, replace bool) error {
	if err := a.Err(); err != nil {
		return fmt.Errorf("random: %s: %w", name, err)
	}
	if a.NDim() != 1 {
		return fmt.Errorf("random: %s: %w: a must be one-dimensional, has shape %v", name, nd.ErrShape, a.Shape())
	}
	n := a.Dim(0)
	if size < 0 || (size > 0 && n == 0) || (!replace && size > n) {
		return fmt.Errorf("random: %s: %w: cannot take %d from %d elements (replace %v)", name, ErrParam, size, n, replace)
	}
	return nil
}
