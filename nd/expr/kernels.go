package expr

import (
	"math"
	"unsafe"

	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
)

// kernel runs one instruction over a block: d from x, y and z (inputs an
// operation does not take are nil) and the scalar s of the ...S forms.
// Every operation computes each element exactly as the nd/ops function of
// the same name does (the same asm kernels, the same Go expressions), which
// is what makes an expression's result bit-identical to the step-by-step
// ops. d may be the very slice of an input (a register reused in place).
func kernel[T nd.Float](op opcode, d, x, y, z []T, s T) {
	x = x[:len(d)]
	switch op {
	case opAdd:
		asm.Add(d, x, y)
	case opSub:
		asm.Sub(d, x, y)
	case opMul:
		asm.Mul(d, x, y)
	case opDiv:
		asm.Div(d, x, y)
	case opAddS:
		asm.AddScalar(d, x, s)
	case opSubS:
		asm.AddScalar(d, x, -s) // as ops.SubScalar: x - s == x + (-s) exactly
	case opMulS:
		asm.Scale(d, x, s)
	case opDivS:
		for i, v := range x {
			d[i] = v / s
		}
	case opRSubS:
		for i, v := range x {
			d[i] = s - v
		}
	case opRDivS:
		for i, v := range x {
			d[i] = s / v
		}
	case opPow:
		y = y[:len(d)]
		for i, v := range x {
			d[i] = T(math.Pow(float64(v), float64(y[i])))
		}
	case opMax:
		y = y[:len(d)]
		for i, v := range x {
			d[i] = max(v, y[i])
		}
	case opMin:
		y = y[:len(d)]
		for i, v := range x {
			d[i] = min(v, y[i])
		}
	case opNeg:
		for i, v := range x {
			d[i] = -v
		}
	case opAbs:
		for i, v := range x {
			if v <= 0 {
				v = 0 - v // also turns -0 into +0, as ops.Abs
			}
			d[i] = v
		}
	case opSqrt:
		asm.Sqrt(d, x)
	case opExp:
		asm.Exp(d, x)
	case opLog:
		asm.Log(d, x)
	case opExp2:
		asm.Exp2(d, x)
	case opLog2:
		asm.Log2(d, x)
	case opLog10:
		asm.Log10(d, x)
	case opLog1p:
		asm.Log1p(d, x)
	case opSin:
		asm.Sin(d, x)
	case opCos:
		asm.Cos(d, x)
	case opFloor:
		asm.Floor(d, x)
	case opCeil:
		asm.Ceil(d, x)
	case opTrunc:
		asm.Trunc(d, x)
	case opRint:
		asm.RoundToEven(d, x)
	case opNot:
		for i, v := range x {
			d[i] = one[T](v == 0)
		}
	case opWhere:
		choose(d, x, y, z)
	default:
		compare(op, d, x, y[:len(d)])
	}
}

// compare runs the comparisons and the logical operations into 1 and 0.
func compare[T nd.Float](op opcode, d, x, y []T) {
	switch op {
	case opEq:
		for i, v := range x {
			d[i] = one[T](v == y[i])
		}
	case opNe:
		for i, v := range x {
			d[i] = one[T](v != y[i])
		}
	case opLt:
		for i, v := range x {
			d[i] = one[T](v < y[i])
		}
	case opLe:
		for i, v := range x {
			d[i] = one[T](v <= y[i])
		}
	case opGt:
		for i, v := range x {
			d[i] = one[T](v > y[i])
		}
	case opGe:
		for i, v := range x {
			d[i] = one[T](v >= y[i])
		}
	case opAnd:
		for i, v := range x {
			d[i] = one[T](v != 0) * one[T](y[i] != 0)
		}
	case opOr:
		for i, v := range x {
			d[i] = max(one[T](v != 0), one[T](y[i] != 0))
		}
	}
}

// one is 1 for true and 0 for false, without a branch: comparisons of
// random data would mispredict half of them.
func one[T nd.Float](b bool) T {
	var u uint8
	if b { // compiled to SETcc
		u = 1
	}
	return T(u)
}

// choose sets d to y where x is non-zero and to z elsewhere, by masking
// the bits rather than by a branch per element.
func choose[T nd.Float](d, x, y, z []T) {
	if unsafe.Sizeof(T(0)) == 8 {
		selectBits(as[uint64](d), as[uint64](x), as[uint64](y), as[uint64](z))
		return
	}
	selectBits(as[uint32](d), as[uint32](x), as[uint32](y), as[uint32](z))
}

// selectBits is choose on the bits: x is non-zero (NaN included) when its
// bits without the sign are.
func selectBits[U uint32 | uint64](d, x, y, z []U) {
	x, y, z = x[:len(d)], y[:len(d)], z[:len(d)]
	for i, v := range x {
		var b U
		if v<<1 != 0 {
			b = 1
		}
		m := -b
		d[i] = y[i]&m | z[i]&^m
	}
}

// as views a slice of T as a slice of U, a kind of the same size.
func as[U, T any](s []T) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// reduction is the final reduction of Sum, Mean, Min and Max.
type reduction uint8

const (
	redSum reduction = iota
	redMean
	redMin
	redMax
)

var redNames = [...]string{redSum: "Sum", redMean: "Mean", redMin: "Min", redMax: "Max"}

// leafSize is nd/ops' pairwise-sum leaf: a run this long or shorter is
// reduced by one asm call, a longer one is halved. The fused reductions
// cut where ops cuts, so that their results are ops' bit for bit.
const leafSize = 256

// half is where ops' pairwise tree cuts a run of n elements.
func half(n int) int { return (n/2 + 7) &^ 7 }

// treeBuf reduces x with ops' pairwise tree: the same leaves, the same
// kernels, the same joins.
func treeBuf[T nd.Float](r reduction, x []T) T {
	if len(x) <= leafSize {
		switch r {
		case redMin:
			return asm.Min(x)
		case redMax:
			return asm.Max(x)
		}
		return asm.Sum(x)
	}
	h := half(len(x))
	return join(r, treeBuf(r, x[:h]), treeBuf(r, x[h:]))
}

// join combines two partial results of r.
func join[T nd.Float](r reduction, a, b T) T {
	switch r {
	case redMin:
		return min(a, b)
	case redMax:
		return max(a, b)
	}
	return a + b
}

// joinRows joins x into acc element by element, as ops' column reductions
// do.
func joinRows[T nd.Float](r reduction, acc, x []T) {
	x = x[:len(acc)]
	switch r {
	case redMin:
		for i, v := range x {
			acc[i] = min(acc[i], v)
		}
	case redMax:
		for i, v := range x {
			acc[i] = max(acc[i], v)
		}
	default:
		asm.Add(acc, acc, x)
	}
}

// whereCmp sets d to a where x cmp y holds and to b elsewhere, in one
// loop with no branch per element: Where over a comparison, fused.
func whereCmp[T nd.Float](cmp opcode, d, x, y, a, b []T) {
	if unsafe.Sizeof(T(0)) == 8 {
		whereCmpBits(cmp, as[uint64](d), x, y, as[uint64](a), as[uint64](b))
		return
	}
	whereCmpBits(cmp, as[uint32](d), x, y, as[uint32](a), as[uint32](b))
}

func whereCmpBits[U uint32 | uint64, T nd.Float](cmp opcode, d []U, x, y []T, a, b []U) {
	x, y, a, b = x[:len(d)], y[:len(d)], a[:len(d)], b[:len(d)]
	switch cmp {
	case opEq:
		for i, v := range x {
			d[i] = pick(v == y[i], a[i], b[i])
		}
	case opNe:
		for i, v := range x {
			d[i] = pick(v != y[i], a[i], b[i])
		}
	case opLt:
		for i, v := range x {
			d[i] = pick(v < y[i], a[i], b[i])
		}
	case opLe:
		for i, v := range x {
			d[i] = pick(v <= y[i], a[i], b[i])
		}
	case opGt:
		for i, v := range x {
			d[i] = pick(v > y[i], a[i], b[i])
		}
	case opGe:
		for i, v := range x {
			d[i] = pick(v >= y[i], a[i], b[i])
		}
	}
}

// pick returns a if c and b otherwise, by masking the bits.
func pick[U uint32 | uint64](c bool, a, b U) U {
	var m U
	if c {
		m = 1
	}
	m = -m
	return a&m | b&^m
}

// countCmp returns the number of i for which x[i] cmp y[i] holds.
func countCmp[T nd.Float](cmp opcode, x, y []T) int {
	y = y[:len(x)]
	c := 0
	switch cmp {
	case opEq:
		for i, v := range x {
			c += b2i(v == y[i])
		}
	case opNe:
		for i, v := range x {
			c += b2i(v != y[i])
		}
	case opLt:
		for i, v := range x {
			c += b2i(v < y[i])
		}
	case opLe:
		for i, v := range x {
			c += b2i(v <= y[i])
		}
	case opGt:
		for i, v := range x {
			c += b2i(v > y[i])
		}
	case opGe:
		for i, v := range x {
			c += b2i(v >= y[i])
		}
	}
	return c
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	var k int
	if b {
		k = 1
	}
	return k
}
