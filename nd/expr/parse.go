package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
)

// Parse builds the expression written in src, NumPy's notation, over the
// arrays named in vars:
//
//	x := expr.Parse("where(a > 0, a, 0.1*a) + sqrt(b*b + 1)", map[string]*nd.Array[float64]{"a": a, "b": b})
//	r, err := expr.Eval(x)
//
// The operators, loosest first, are | (or), & (and), the comparisons < <=
// > >= == !=, + and -, * and /, the unary - and ! (not), and ** (power,
// right-associative and tighter than a unary minus on its left: -a**2 is
// -(a**2), as in Python). Numbers are Go's or Python's float literals.
// Functions, by NumPy's names (SciPy's for expit and erf): sqrt, exp,
// exp2, expm1, log, log2, log10, log1p, sin, cos, tan, arcsin, arccos,
// arctan, sinh, cosh, tanh, expit (the sigmoid), erf, abs, floor, ceil,
// trunc, round (ties to even, as NumPy's), maximum, minimum, pow and
// where. Like the methods, Parse never fails by itself: a syntax error or
// an unknown name is reported, wrapping ErrExpr with its position, by the
// call that evaluates the result. Parsing allocates; parse once and
// evaluate the X as often as needed.
func Parse[T nd.Float](src string, vars map[string]*nd.Array[T]) X[T] {
	p := &parser[T]{src: src, vars: vars, leaves: map[string]X[T]{}}
	x := p.or()
	if p.err == nil && p.skip() < len(p.src) {
		p.fail("unexpected %q", p.src[p.pos:])
	}
	if p.err != nil {
		return X[T]{&node[T]{op: opConst, err: p.err}}
	}
	return x
}

// parser is a recursive-descent parser over src; the first error stops
// it.
type parser[T nd.Float] struct {
	src    string
	pos    int
	vars   map[string]*nd.Array[T]
	leaves map[string]X[T]
	err    error
}

func (p *parser[T]) fail(format string, args ...any) {
	if p.err == nil {
		p.err = errtext.Errorf("expr: Parse %q: %w: at %d: %s", p.src, ErrExpr, p.pos, fmt.Sprintf(format, args...))
	}
}

// skip moves past white space and returns the position.
func (p *parser[T]) skip() int {
	for p.pos < len(p.src) && unicode.IsSpace(rune(p.src[p.pos])) {
		p.pos++
	}
	return p.pos
}

// eat consumes tok if it comes next (and, for "*" or "<", is not the
// start of "**" or "<=").
func (p *parser[T]) eat(tok string) bool {
	p.skip()
	if p.err != nil || !strings.HasPrefix(p.src[p.pos:], tok) {
		return false
	}
	if rest := p.src[p.pos+len(tok):]; (tok == "*" && strings.HasPrefix(rest, "*")) ||
		(len(tok) == 1 && strings.ContainsRune("<>=!", rune(tok[0])) && strings.HasPrefix(rest, "=")) {
		return false
	}
	p.pos += len(tok)
	return true
}

// binary parses next's operands joined by the operators in ops.
func (p *parser[T]) binary(next func() X[T], ops map[string]opcode, toks ...string) X[T] {
	x := next()
	for p.err == nil {
		matched := false
		for _, t := range toks {
			if p.eat(t) {
				x, matched = mk(ops[t], x, next()), true
				break
			}
		}
		if !matched {
			return x
		}
	}
	return x
}

var binaryOps = map[string]opcode{
	"|": blockop.Or, "&": blockop.And, "+": blockop.Add, "-": blockop.Sub, "*": blockop.Mul, "/": blockop.Div,
	"<=": blockop.Le, ">=": blockop.Ge, "==": blockop.Eq, "!=": blockop.Ne, "<": blockop.Lt, ">": blockop.Gt,
}

func (p *parser[T]) or() X[T]  { return p.binary(p.and, binaryOps, "|") }
func (p *parser[T]) and() X[T] { return p.binary(p.cmp, binaryOps, "&") }

func (p *parser[T]) cmp() X[T] {
	x := p.add()
	for _, t := range []string{"<=", ">=", "==", "!=", "<", ">"} {
		if p.eat(t) {
			return mk(binaryOps[t], x, p.add())
		}
	}
	return x
}

func (p *parser[T]) add() X[T] { return p.binary(p.mul, binaryOps, "+", "-") }
func (p *parser[T]) mul() X[T] { return p.binary(p.unary, binaryOps, "*", "/") }

func (p *parser[T]) unary() X[T] {
	switch {
	case p.eat("-"):
		return p.unary().Neg()
	case p.eat("+"):
		return p.unary()
	case p.eat("!"):
		return p.unary().Not()
	}
	x := p.atom()
	if p.eat("**") {
		return x.Pow(p.unary())
	}
	return x
}

// functions maps the names Parse knows to their operations.
var functions = map[string]opcode{
	"sqrt": blockop.Sqrt, "exp": blockop.Exp, "exp2": blockop.Exp2, "log": blockop.Log, "log2": blockop.Log2,
	"log10": blockop.Log10, "log1p": blockop.Log1p, "expm1": blockop.Expm1, "sin": blockop.Sin, "cos": blockop.Cos, "tan": blockop.Tan,
	"arcsin": blockop.Asin, "arccos": blockop.Acos, "arctan": blockop.Atan, "sinh": blockop.Sinh, "cosh": blockop.Cosh, "tanh": blockop.Tanh,
	"expit": blockop.Sigmoid, "erf": blockop.Erf, "abs": blockop.Abs, "floor": blockop.Floor, "ceil": blockop.Ceil,
	"trunc": blockop.Trunc, "round": blockop.RoundToEven, "maximum": blockop.Max, "minimum": blockop.Min, "pow": blockop.Pow,
	"where": blockop.Where,
}

func (p *parser[T]) atom() X[T] {
	start := p.skip()
	if p.err != nil {
		return Const[T](0)
	}
	if p.eat("(") {
		x := p.or()
		if !p.eat(")") {
			p.fail("missing )")
		}
		return x
	}
	end := start
	for end < len(p.src) && (p.src[end] == '_' || unicode.IsLetter(rune(p.src[end])) || end > start && unicode.IsDigit(rune(p.src[end]))) {
		end++
	}
	if end > start {
		name := p.src[start:end]
		p.pos = end
		if op, ok := functions[name]; ok && p.eat("(") {
			var args []X[T]
			for len(args) < treeOps[op].arity {
				if len(args) > 0 && !p.eat(",") {
					p.fail("%s takes %d arguments", name, treeOps[op].arity)
					return Const[T](0)
				}
				args = append(args, p.or())
			}
			if !p.eat(")") {
				p.fail("missing ) after the arguments of %s", name)
			}
			return mk(op, args...)
		}
		if x, ok := p.leaves[name]; ok {
			return x
		}
		a, ok := p.vars[name]
		if !ok {
			p.pos = start
			p.fail("unknown name %q", name)
			return Const[T](0)
		}
		x := Var(a)
		p.leaves[name] = x
		return x
	}
	for end < len(p.src) && (unicode.IsDigit(rune(p.src[end])) || strings.ContainsRune(".eE_", rune(p.src[end])) ||
		(p.src[end] == '+' || p.src[end] == '-') && end > start && (p.src[end-1] == 'e' || p.src[end-1] == 'E')) {
		end++
	}
	v, err := strconv.ParseFloat(p.src[start:end], 64)
	if end == start || err != nil {
		p.fail("expected a number, a name or (")
		return Const[T](0)
	}
	p.pos = end
	return Const(T(v))
}
