package expr

import (
	"github.com/numgo/numgo/asm"
	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/internal/blockop"
)

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

// treeMul is treeBuf(redSum, p) for the products p[i] = x[i]*y[i],
// computed leaf by leaf as they are summed: the same leaves, the same
// joins, and asm.MulSum, which adds the products in asm.Sum's order.
func treeMul[T nd.Float](x, y []T) T {
	if len(x) <= leafSize {
		return asm.MulSum(x, y)
	}
	h := half(len(x))
	return treeMul(x[:h], y[:h]) + treeMul(x[h:], y[h:])
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

// joinRows joins row x into acc element by element, as ops' column
// reductions join row after row (Go's min and max for Min and Max, which
// order -0 below +0; asm.Add for sums).
func joinRows[T nd.Float](r reduction, acc, x []T) {
	switch r {
	case redMin:
		blockop.Minimum(acc, acc, x)
	case redMax:
		blockop.Maximum(acc, acc, x)
	default:
		asm.Add(acc, acc, x[:len(acc)])
	}
}

// joinBlock joins a block's results blk into the total tot with join, as
// ops' column reductions join their blocks of colBlock rows.
func joinBlock[T nd.Float](r reduction, tot, blk []T) {
	if r == redSum || r == redMean {
		asm.Add(tot, tot, blk)
		return
	}
	blk = blk[:len(tot)]
	for i := range tot {
		tot[i] = join(r, tot[i], blk[i])
	}
}
