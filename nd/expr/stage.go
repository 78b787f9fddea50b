package expr

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/linalg"
)

// stager computes an expression's stages (axis reductions, transposes of
// computed values, matrix products) into temporary arrays and replaces
// them with leaves, so that what remains is one element-wise pass.
type stager[T nd.Float] struct {
	done  map[*node[T]]*node[T]     // staged node of each node seen
	value map[*node[T]]*nd.Array[T] // computed array of each staged node
	temps []*nd.Array[T]
}

// prepare returns x ready for one element-wise pass: x itself when it has
// no stage, otherwise x with its stages computed, and a function that
// frees their temporaries once the pass is done.
func prepare[T nd.Float](name string, x X[T]) (X[T], func(), error) {
	if x.n == nil || !x.n.staged || x.n.err != nil {
		return x, nothing, nil
	}
	s := &stager[T]{done: map[*node[T]]*node[T]{}, value: map[*node[T]]*nd.Array[T]{}}
	n, err := s.stage(x.n)
	free := func() {
		for _, t := range s.temps {
			t.Free()
		}
	}
	if err != nil {
		free()
		return x, nil, errtext.Errorf("expr: %s: %w", name, err)
	}
	return X[T]{n}, free, nil
}

func nothing() {}

// stage returns n with its stages replaced by leaves.
func (s *stager[T]) stage(n *node[T]) (*node[T], error) {
	if !n.staged {
		return n, nil
	}
	if r, ok := s.done[n]; ok {
		return r, nil
	}
	var args [3]*node[T]
	for i, a := range n.operands() {
		r, err := s.stage(a)
		if err != nil {
			return nil, err
		}
		args[i] = r
	}
	var r *node[T]
	switch n.op {
	case opAxis:
		a, err := newAxis(redNames[n.red]+"Axis", n.red, X[T]{args[0]}, n.spec, nil)
		if err != nil {
			return nil, err
		}
		s.temps = append(s.temps, a)
		r = Var(a).n
	case opT:
		a, err := s.array(args[0])
		if err != nil {
			return nil, err
		}
		r = Var(a.T()).n
	case opMatMul:
		a, err := s.array(args[0])
		if err != nil {
			return nil, err
		}
		b, err := s.array(args[1])
		if err != nil {
			return nil, err
		}
		p, err := matMul(a, b)
		if err != nil {
			return nil, err
		}
		s.temps = append(s.temps, p)
		r = Var(p).n
	default:
		r = &node[T]{op: n.op, args: args, c: n.c}
	}
	s.done[n] = r
	return r, nil
}

// array returns the values of a staged node as an array: its leaf's, or
// computed once into a temporary.
func (s *stager[T]) array(n *node[T]) (*nd.Array[T], error) {
	if n.op == opVar {
		return n.arr, nil
	}
	if a, ok := s.value[n]; ok {
		return a, nil
	}
	a, err := Eval(X[T]{n})
	if err != nil {
		return nil, err
	}
	s.temps = append(s.temps, a)
	s.value[n] = a
	return a, nil
}

// matMul is linalg.MatMul for the kinds it takes (float32 and float64,
// not named kinds based on them).
func matMul[T nd.Float](a, b *nd.Array[T]) (*nd.Array[T], error) {
	switch a := any(a).(type) {
	case *nd.Array[float64]:
		p, err := linalg.MatMul(a, any(b).(*nd.Array[float64]))
		r, _ := any(p).(*nd.Array[T])
		return r, err
	case *nd.Array[float32]:
		p, err := linalg.MatMul(a, any(b).(*nd.Array[float32]))
		r, _ := any(p).(*nd.Array[T])
		return r, err
	}
	return nil, fmt.Errorf("%w: MatMul of %T: linalg multiplies float32 and float64 only", ErrExpr, T(0))
}
