package expr

import (
	"fmt"
	"github.com/numgo/numgo/internal/errtext"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
)

// blockBytes is the size of one operand's block: every register holds this
// many bytes of elements (1024 float64, 2048 float32), so that a program's
// registers and gathered leaves (a few blocks for everyday expressions)
// stay in the L1 and L2 caches while a block is computed. 4, 8, 16 and 32
// KiB were tried with nd tour's fused table (1M float64, one goroutine) on
// the shared 2-core machine: 16 and 32 KiB ran a*b+c slower, 4 and 8 KiB
// alike within the noise of a busy machine; 8 KiB halves the per-block
// overhead of 4 KiB.
const blockBytes = 8 << 10

// block is the number of elements of T in one block.
func block[T nd.Float]() int { return blockBytes / int(unsafe.Sizeof(T(0))) }

// refKind says where an instruction's operand lives during a block.
type refKind uint8

const (
	rNone  refKind = iota
	rReg           // a register of the scratch area
	rLeaf          // a leaf's block: a slice of its array or its gathered copy
	rConst         // a constant's block, filled once per scratch area
	rOut           // the result's block: the destination itself when dense
)

type ref struct {
	kind refKind
	i    int
}

// instr is one instruction: d = op(a, b, c), with s the constant of the
// ...S forms.
type instr[T nd.Float] struct {
	op      opcode
	d       ref
	a, b, c ref
	e       ref    // opWhereCmp's second branch
	cmp     opcode // opWhereCmp's comparison
	s       T
}

// program is a compiled expression: its leaves, its constants, and the
// instructions that compute one block, in an order whose registers are
// reused as soon as their value is dead.
type program[T nd.Float] struct {
	shape  []int // the leaves' broadcast shape
	size   int
	leaves []*nd.Array[T]
	data   [][]T // each leaf's buffer
	consts []T
	filled []bool // constants that need a block (operands of kernels without a scalar form)
	code   []instr[T]
	nregs  int
	// unblocked is set when a block needs no scratch (no register and no
	// constant block: at most one instruction, over leaves): dense
	// operands are then computed a whole row at a time, in one kernel
	// call, rather than block by block.
	unblocked bool
	// threshold, reduceThreshold and countThreshold are the sizes from
	// which Eval, the reductions and Count split their work across
	// goroutines (see streamThreshold).
	threshold, reduceThreshold, countThreshold int
	root                                       ref
	mu                                         sync.Mutex
	spare                                      []*scratch[T] // scratch areas not in use, at most cap(spare)
}

// scratch is one goroutine's working memory for a program: its registers,
// gather buffers and constant blocks, the traversal, and the current
// block's leaf slices. Scratch areas come from the program's spares and go
// back to them, so that steady-state evaluation allocates nothing. The
// spares are the program's own, not a sync.Pool's, which a garbage
// collection empties: evaluations beside code that allocates (and so
// collects) would then allocate their scratch again.
type scratch[T nd.Float] struct {
	w    walk
	regs [][]T
	lbuf [][]T
	cbuf [][]T
	out  []T // the result's block when it cannot be written in place
	// stream makes the last instruction write the destination with
	// non-temporal stores (blockop.RunNT): set for a block written in
	// place into a destination far larger than the caches.
	stream bool
	acc    []T // column reductions: the running total and one block's
	blk    []T
	vals   [MaxLeaves][]T
}

// compiled returns x's program, compiling it on first use.
func compiled[T nd.Float](name string, x X[T]) (*program[T], error) {
	if x.n == nil {
		return nil, errtext.Errorf("expr: %s: %w: the zero X", name, ErrExpr)
	}
	if x.n.err != nil {
		return nil, errtext.Errorf("expr: %s: %w", name, x.n.err)
	}
	if p := x.n.prog.Load(); p != nil {
		return p, nil
	}
	p, err := compile(x.n)
	if err != nil {
		return nil, errtext.Errorf("expr: %s: %w", name, err)
	}
	if !x.n.prog.CompareAndSwap(nil, p) {
		p = x.n.prog.Load()
	}
	return p, nil
}

// compiler holds the state of one compilation.
type compiler[T nd.Float] struct {
	p    *program[T]
	memo map[*node[T]]ref
	uses map[*node[T]]int
	leaf map[*nd.Array[T]]int
	free []int
}

func compile[T nd.Float](root *node[T]) (*program[T], error) {
	c := &compiler[T]{
		p:    &program[T]{},
		memo: map[*node[T]]ref{},
		uses: map[*node[T]]int{},
		leaf: map[*nd.Array[T]]int{},
	}
	c.count(root)
	if len(c.p.leaves) > MaxLeaves {
		return nil, fmt.Errorf("%w: %d distinct arrays (at most %d)", ErrExpr, len(c.p.leaves), MaxLeaves)
	}
	if err := c.broadcast(); err != nil {
		return nil, err
	}
	p := c.p
	p.root = c.emit(root)
	switch p.root.kind {
	case rReg:
		p.code[len(p.code)-1].d = ref{kind: rOut}
		if len(p.code) == 1 {
			p.nregs = 0 // the one instruction's register is never used
		}
	case rConst:
		p.filled[p.root.i] = true
	}
	p.unblocked = p.nregs == 0 && !slices.Contains(p.filled, true)
	p.setThresholds()
	p.spare = make([]*scratch[T], 0, runtime.GOMAXPROCS(0)+1)
	return p, nil
}

// setThresholds sets the program's parallel thresholds from its slowest
// instruction. Count over a comparison counts with asm.CountCmp rather
// than the comparison's Go loop; Count over other values counts them in a
// Go loop.
func (p *program[T]) setThresholds() {
	t, counted, last := streamThreshold, loopThreshold, len(p.code)
	if k := last - 1; k >= 0 && blockop.Eq <= p.code[k].op && p.code[k].op <= blockop.Ge {
		counted, last = streamThreshold, k
	}
	for i, in := range p.code {
		t = min(t, thresholdOf(in.op))
		if i < last {
			counted = min(counted, thresholdOf(in.op))
		}
	}
	reduction := func(t int) int {
		if t == streamThreshold {
			return streamReduceThreshold
		}
		return t
	}
	p.threshold, p.reduceThreshold, p.countThreshold = t, reduction(t), reduction(counted)
}

// thresholdOf is the parallel threshold of the work of one instruction.
func thresholdOf(op opcode) int {
	if op.Transcendental() || op == blockop.Pow {
		return mathThreshold
	}
	switch op {
	case blockop.DivS, blockop.RSubS, blockop.RDivS, blockop.Neg, blockop.Abs, blockop.Eq, blockop.Ne, blockop.Lt, blockop.Le, blockop.Gt, blockop.Ge, blockop.And, blockop.Or, blockop.Not, blockop.Where, opWhereCmp:
		return loopThreshold
	}
	return streamThreshold
}

// count counts every node's parents and collects the leaves in the order
// they are first met.
func (c *compiler[T]) count(n *node[T]) {
	c.uses[n]++
	if c.uses[n] > 1 {
		return
	}
	if n.op == opVar {
		if _, ok := c.leaf[n.arr]; !ok {
			c.leaf[n.arr] = len(c.p.leaves)
			c.p.leaves = append(c.p.leaves, n.arr)
			data, _, _ := n.arr.Storage()
			c.p.data = append(c.p.data, data)
		}
	}
	for _, a := range n.operands() {
		c.count(a)
	}
}

// broadcast sets the program's shape to the leaves' broadcast shape.
func (c *compiler[T]) broadcast() error {
	nd0 := 0
	for _, a := range c.p.leaves {
		nd0 = max(nd0, a.NDim())
	}
	if nd0 > maxDims {
		return fmt.Errorf("%w: %d dimensions (at most %d)", nd.ErrShape, nd0, maxDims)
	}
	shape := make([]int, nd0)
	for i := range shape {
		shape[i] = 1
	}
	for _, a := range c.p.leaves {
		shift := nd0 - a.NDim()
		for j := range a.NDim() {
			d, o := a.Dim(j), &shape[j+shift]
			switch {
			case d == *o || d == 1:
			case *o == 1:
				*o = d
			default:
				return fmt.Errorf("%w: shapes %s do not broadcast", nd.ErrShape, c.shapes())
			}
		}
	}
	c.p.shape, c.p.size = shape, 1
	for _, d := range shape {
		c.p.size *= d
	}
	return nil
}

func (c *compiler[T]) shapes() string {
	s := ""
	for i, a := range c.p.leaves {
		if i > 0 {
			s += " and "
		}
		s += fmt.Sprint(a.Shape())
	}
	return s
}

// constant returns a reference to a new constant v.
func (c *compiler[T]) constant(v T) ref {
	c.p.consts = append(c.p.consts, v)
	c.p.filled = append(c.p.filled, false)
	return ref{kind: rConst, i: len(c.p.consts) - 1}
}

// emit compiles n (once, however many parents it has) and returns where
// its value will be.
func (c *compiler[T]) emit(n *node[T]) ref {
	if r, ok := c.memo[n]; ok {
		return r
	}
	var r ref
	switch n.op {
	case opVar:
		r = ref{kind: rLeaf, i: c.leaf[n.arr]}
	case opConst:
		r = c.constant(n.c)
	default:
		r = c.apply(n)
	}
	c.memo[n] = r
	return r
}

// release counts one use of n's value, by an instruction emitted now, and
// frees its register after the last.
func (c *compiler[T]) release(n *node[T]) {
	c.uses[n]--
	if r := c.memo[n]; c.uses[n] == 0 && r.kind == rReg {
		c.free = append(c.free, r.i)
	}
}

// apply emits the instruction of an operation node.
func (c *compiler[T]) apply(n *node[T]) ref {
	if n.op == blockop.Where {
		if cond := n.args[0]; blockop.Eq <= cond.op && cond.op <= blockop.Ge && c.uses[cond] == 1 && !c.constant2(cond) {
			return c.whereCmp(n)
		}
	}
	if r, ok := c.mulAdd(n); ok {
		return r
	}
	var args [3]ref
	allConst := true
	for i, a := range n.operands() {
		args[i] = c.emit(a)
		allConst = allConst && args[i].kind == rConst
	}
	in := instr[T]{op: n.op, a: args[0], b: args[1], c: args[2]}
	if allConst { // fold, with the very kernel the blocks would run
		var v [3][1]T
		for i := range treeOps[n.op].arity {
			v[i][0] = c.p.consts[args[i].i]
		}
		var d [1]T
		blockop.Run(n.op, d[:], v[0][:], v[1][:], v[2][:], 0)
		return c.constant(d[0])
	}
	for _, a := range n.operands() {
		c.release(a)
	}
	c.scalarForm(&in)
	return c.push(in)
}

// push marks in's constant operands as needing a block, gives in a
// register and appends it to the program.
func (c *compiler[T]) push(in instr[T]) ref {
	for _, a := range [4]ref{in.a, in.b, in.c, in.e} {
		if a.kind == rConst {
			c.p.filled[a.i] = true
		}
	}
	if k := len(c.free); k > 0 {
		in.d = ref{kind: rReg, i: c.free[k-1]}
		c.free = c.free[:k-1]
	} else {
		in.d = ref{kind: rReg, i: c.p.nregs}
		c.p.nregs++
	}
	c.p.code = append(c.p.code, in)
	return in.d
}

// constant2 reports whether both operands of a comparison are constants
// (it is then folded, not fused).
func (c *compiler[T]) constant2(n *node[T]) bool {
	return n.args[0].op == opConst && n.args[1].op == opConst
}

// whereCmp emits Where(x cmp y, a, b), whose comparison has no other use,
// as one instruction: one loop that compares and selects, with no
// register for the comparison's 1s and 0s.
func (c *compiler[T]) whereCmp(n *node[T]) ref {
	cond := n.args[0]
	in := instr[T]{op: opWhereCmp, cmp: cond.op}
	in.a, in.b = c.emit(cond.args[0]), c.emit(cond.args[1])
	in.c, in.e = c.emit(n.args[1]), c.emit(n.args[2])
	c.uses[cond]--
	for _, a := range [4]*node[T]{cond.args[0], cond.args[1], n.args[1], n.args[2]} {
		c.release(a)
	}
	return c.push(in)
}

// product reports whether n is a product of two computed values (no
// constant among them) used only by its one parent: such a product can
// be fused into that parent's addition or subtraction.
func (c *compiler[T]) product(n *node[T]) bool {
	return n.op == blockop.Mul && c.uses[n] == 1 && n.args[0].op != opConst && n.args[1].op != opConst
}

// mulAdd emits x*y + z, z + x*y and x*y - z, whose product has no other
// use and no constant operand and whose z is not a constant, as one
// instruction (asm.MulAdd, asm.MulSub): one pass that rounds the product,
// then the sum, as Mul then Add do, with no register for the product.
// (z + x*y is x*y + z: IEEE addition commutes, NaN payloads aside.)
func (c *compiler[T]) mulAdd(n *node[T]) (ref, bool) {
	if n.op != blockop.Add && n.op != blockop.Sub {
		return ref{}, false
	}
	p, z := n.args[0], n.args[1]
	if !c.product(p) && n.op == blockop.Add {
		p, z = z, p
	}
	if !c.product(p) || z.op == opConst {
		return ref{}, false
	}
	in := instr[T]{op: blockop.MulAdd}
	if n.op == blockop.Sub {
		in.op = blockop.MulSub
	}
	in.a, in.b, in.c = c.emit(p.args[0]), c.emit(p.args[1]), c.emit(z)
	c.uses[p]--
	for _, a := range [3]*node[T]{p.args[0], p.args[1], z} {
		c.release(a)
	}
	return c.push(in), true
}

// scalarForm turns +, -, * and / with one constant operand into the
// kernels that take it as a scalar (blockop.Op.Scalar): no constant block
// is read, and the asm scalar kernels are those ops' scalar functions run.
func (c *compiler[T]) scalarForm(in *instr[T]) {
	a, b := in.a, in.b
	first := a.kind == rConst
	if !first && b.kind != rConst {
		return
	}
	op, ok := in.op.Scalar(first)
	if !ok {
		return
	}
	if first {
		in.s, a = c.p.consts[a.i], b
	} else {
		in.s = c.p.consts[b.i]
	}
	in.op, in.a, in.b = op, a, ref{}
}

// newScratch allocates a scratch area for p.
func (p *program[T]) newScratch() *scratch[T] {
	b := block[T]()
	nconst := 0
	for _, f := range p.filled {
		if f {
			nconst++
		}
	}
	// Each block starts skew elements (5 cache lines) further into its
	// page than the one before, and the first 5 lines in: blocks and the
	// arrays they are computed from (large arrays start at page
	// boundaries) then never share an offset within a 4 KiB page, where a
	// store to one would make loads from the other wait (4K aliasing).
	skew := 320 / int(unsafe.Sizeof(T(0)))
	nblocks := p.nregs + len(p.leaves) + nconst + 3
	slab := make([]T, nblocks*(b+skew))
	slab = slab[skew:]
	next := func() []T {
		s := slab[:b:b]
		slab = slab[min(b+skew, len(slab)):]
		return s
	}
	s := &scratch[T]{}
	for range p.nregs {
		s.regs = append(s.regs, next())
	}
	for range p.leaves {
		s.lbuf = append(s.lbuf, next())
	}
	s.cbuf = make([][]T, len(p.consts))
	for i, f := range p.filled {
		if f {
			s.cbuf[i] = next()
			for j := range s.cbuf[i] {
				s.cbuf[i][j] = p.consts[i]
			}
		}
	}
	s.out, s.acc, s.blk = next(), next(), next()
	return s
}

// get takes a spare scratch area, or makes one.
func (p *program[T]) get() *scratch[T] {
	p.mu.Lock()
	if k := len(p.spare); k > 0 {
		s := p.spare[k-1]
		p.spare = p.spare[:k-1]
		p.mu.Unlock()
		return s
	}
	p.mu.Unlock()
	return p.newScratch()
}

// put keeps s for the next evaluation, unless enough are kept already
// (one per processor and one more).
func (p *program[T]) put(s *scratch[T]) {
	p.mu.Lock()
	if len(p.spare) < cap(p.spare) {
		p.spare = append(p.spare, s)
	}
	p.mu.Unlock()
}

// load sets s.vals to the leaves' n elements from flat position p (at
// multi-index idx) of walk w: slices of the arrays where dense, gathered
// copies elsewhere.
func (p *program[T]) load(s *scratch[T], w *walk, pos, n int, idx *[maxDims]int) {
	for k, data := range p.data {
		if v, ok := span(w, k, data, idx, n); ok {
			s.vals[k] = v
			continue
		}
		move(w, k, data, s.lbuf[k], idx, n, true)
		s.vals[k] = s.lbuf[k][:n]
	}
}

// exec runs the program over one block of n elements whose leaves are
// loaded, writing into out, and returns the block's values: out, or the
// leaf or constant block itself for an expression without instructions.
func (p *program[T]) exec(s *scratch[T], n int, out []T) []T {
	p.run(s, p.code, n, out)
	if len(p.code) == 0 {
		return s.operand(p.root, n, out)
	}
	return out
}

// run runs instructions over one block of n elements whose leaves are
// loaded.
func (p *program[T]) run(s *scratch[T], code []instr[T], n int, out []T) {
	for i := range code {
		in := &code[i]
		d, x, y, z := s.operand(in.d, n, out), s.operand(in.a, n, out), s.operand(in.b, n, out), s.operand(in.c, n, out)
		switch {
		case in.op == opWhereCmp:
			blockop.WhereCmp(in.cmp, d, x, y, z, s.operand(in.e, n, out))
		case s.stream && in.d.kind == rOut:
			blockop.RunNT(in.op, d, x, y, z, in.s)
		default:
			blockop.Run(in.op, d, x, y, z, in.s)
		}
	}
}

// count returns the number of non-zero values in one block of n elements
// whose leaves are loaded. When the expression is a comparison, its last
// instruction is not run: the comparison is counted as it is made, with
// no 1s and 0s stored.
func (p *program[T]) count(s *scratch[T], n int) int {
	if k := len(p.code) - 1; k >= 0 && blockop.Eq <= p.code[k].op && p.code[k].op <= blockop.Ge {
		p.run(s, p.code[:k], n, s.out[:n])
		in := &p.code[k]
		return blockop.CountCmp(in.op, s.operand(in.a, n, nil), s.operand(in.b, n, nil))
	}
	c := 0
	for _, v := range p.exec(s, n, s.out[:n]) {
		var k int
		if v != 0 { // compiled to SETcc: no branch to mispredict
			k = 1
		}
		c += k
	}
	return c
}

// operand is r's block of n elements.
func (s *scratch[T]) operand(r ref, n int, out []T) []T {
	switch r.kind {
	case rReg:
		return s.regs[r.i][:n]
	case rLeaf:
		return s.vals[r.i]
	case rConst:
		return s.cbuf[r.i][:n]
	case rOut:
		return out
	}
	return nil
}
