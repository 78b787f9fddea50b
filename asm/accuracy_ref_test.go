package asm

// The accuracy harness's references: every function evaluated in
// math/big at refPrec bits (and more where a reduction or a cancellation
// needs it), from series and exact reductions written here. Go's math
// package is never the reference (on amd64 its assembly is wrong at some
// edges and differs by CPU). Each reference is certified independently by
// mpmath (testdata/accuracy/certify.py): see accuracy_test.go.

import (
	"math/big"
	"sync"
)

// refPrec is the precision, in bits, every reference function returns.
const refPrec = 160

// refGuard is the number of bits carried beyond refPrec inside a function.
const refGuard = 40

// constPrec is the precision of π, ln 2 and ln 10: enough for the exact
// reduction of any float64 by π/2 (its exponent, up to 1024, plus wp and
// the 61 bits a float64 can cancel against a multiple of π/2).
const constPrec = 1600

// refConstants are the constants the references use, at constPrec bits.
type refConstants struct {
	once                                   sync.Once
	pi, halfPi, twoOverPi, ln2, ln10, rtPi *big.Float
	sqrtHalf                               *big.Float
}

var refConst refConstants

// consts computes the constants once.
func consts() *refConstants {
	c := &refConst
	c.once.Do(func() {
		p := uint(constPrec + 64)
		// Machin: π = 16 atan(1/5) - 4 atan(1/239).
		pi := bf(p).Mul(atanInv(5, p), bfInt(16, p))
		pi.Sub(pi, bf(p).Mul(atanInv(239, p), bfInt(4, p)))
		c.pi = pi
		c.halfPi = bf(p).Quo(pi, bfInt(2, p))
		c.twoOverPi = bf(p).Quo(bfInt(2, p), pi)
		// ln 2 = 2 atanh(1/3), ln 10 = 3 ln 2 + 2 atanh(1/9).
		c.ln2 = bf(p).Mul(atanhSeries(bf(p).Quo(bfInt(1, p), bfInt(3, p)), p), bfInt(2, p))
		c.ln10 = bf(p).Mul(atanhSeries(bf(p).Quo(bfInt(1, p), bfInt(9, p)), p), bfInt(2, p))
		c.ln10.Add(c.ln10, bf(p).Mul(c.ln2, bfInt(3, p)))
		c.rtPi = bf(p).Sqrt(pi)
		c.sqrtHalf = bf(p).Sqrt(bf(p).Quo(bfInt(1, p), bfInt(2, p)))
	})
	return c
}

// bf is a new zero of precision p.
func bf(p uint) *big.Float { return new(big.Float).SetPrec(p) }

// bfInt is the integer v at precision p.
func bfInt(v int64, p uint) *big.Float { return bf(p).SetInt64(v) }

// bfCopy is x rounded to precision p.
func bfCopy(x *big.Float, p uint) *big.Float { return bf(p).Set(x) }

// negligible reports whether term is below 2^-p of sum (or zero).
func negligible(term, sum *big.Float, p uint) bool {
	if term.Sign() == 0 {
		return true
	}
	if sum.Sign() == 0 {
		return false
	}
	return term.MantExp(nil) < sum.MantExp(nil)-int(p)-2
}

// cmpAbs compares |x| with v.
func cmpAbs(x *big.Float, v float64) int {
	return new(big.Float).Abs(x).Cmp(big.NewFloat(v))
}

// atanInv is atan(1/n) at precision p, by its alternating series.
func atanInv(n int64, p uint) *big.Float {
	x := bf(p).Quo(bfInt(1, p), bfInt(n, p))
	x2 := bf(p).Mul(x, x)
	sum, pow := bfCopy(x, p), bfCopy(x, p)
	for k := int64(1); ; k++ {
		pow.Mul(pow, x2)
		term := bf(p).Quo(pow, bfInt(2*k+1, p))
		if negligible(term, sum, p) {
			return sum
		}
		if k%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
	}
}

// atanhSeries is s + s³/3 + s⁵/5 + ... = atanh(s) for |s| < 1, at
// precision p.
func atanhSeries(s *big.Float, p uint) *big.Float {
	s = bfCopy(s, p)
	s2 := bf(p).Mul(s, s)
	sum, pow := bfCopy(s, p), bfCopy(s, p)
	for k := int64(1); ; k++ {
		pow.Mul(pow, s2)
		term := bf(p).Quo(pow, bfInt(2*k+1, p))
		if negligible(term, sum, p) {
			return sum
		}
		sum.Add(sum, term)
	}
}

// refExp is e^x at precision p (x finite). Beyond |x| = 10^5 it returns
// 2^±200000, which rounds to Inf or 0 in both element types.
func refExp(x *big.Float, p uint) *big.Float {
	c := consts()
	wp := p + refGuard
	if x.Sign() == 0 {
		return bfInt(1, p)
	}
	if cmpAbs(x, 1e5) > 0 {
		return bf(p).SetMantExp(bfInt(1, p), 200000*x.Sign())
	}
	q, _ := bf(64).Quo(x, c.ln2).Float64()
	k := int64(q + 0.5)
	if q < 0 {
		k = int64(q - 0.5)
	}
	// r = x - k·ln2, |r| <= ln2/2 (about), then e^r = (e^(r/2^12))^(2^12).
	r := bf(wp+64).Mul(bfInt(k, 64), c.ln2)
	r.Sub(bfCopy(x, wp+64), r)
	const halvings = 12
	r.SetMantExp(r, -halvings)
	r.SetPrec(wp)
	sum, term := bfInt(1, wp), bfInt(1, wp)
	for n := int64(1); ; n++ {
		term.Mul(term, r)
		term.Quo(term, bfInt(n, wp))
		if negligible(term, sum, wp) {
			break
		}
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return bf(p).SetMantExp(sum, int(k))
}

// refExpm1 is e^x - 1 at precision p, without cancellation near 0.
func refExpm1(x *big.Float, p uint) *big.Float {
	wp := p + refGuard
	if x.Sign() != 0 && x.MantExp(nil) < -10 { // |x| < 2^-11: the series
		sum, term := bfCopy(x, wp), bfCopy(x, wp)
		for n := int64(2); ; n++ {
			term.Mul(term, x)
			term.Quo(term, bfInt(n, wp))
			if negligible(term, sum, wp) {
				return bfCopy(sum, p)
			}
			sum.Add(sum, term)
		}
	}
	e := refExp(x, wp+16) // loses at most 12 bits to the subtraction
	return bf(p).Sub(e, bfInt(1, wp))
}

// refLog is the natural logarithm of x > 0 (finite) at precision p.
func refLog(x *big.Float, p uint) *big.Float {
	c := consts()
	wp := p + refGuard
	m := bf(wp)
	e := x.MantExp(m) // x = m·2^e, m in [0.5, 1)
	if m.Cmp(c.sqrtHalf) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	// log m = 2 atanh((m-1)/(m+1)), |s| <= 0.172.
	s := bf(wp).Sub(m, bfInt(1, wp))
	s.Quo(s, bf(wp).Add(m, bfInt(1, wp)))
	l := atanhSeries(s, wp)
	l.SetMantExp(l, 1)
	l.Add(l, bf(wp).Mul(bfInt(int64(e), 64), c.ln2))
	return bfCopy(l, p)
}

// refLog1p is log(1+x) for x > -1 at precision p, without cancellation
// near 0.
func refLog1p(x *big.Float, p uint) *big.Float {
	wp := p + refGuard
	if cmpAbs(x, 0.25) <= 0 {
		s := bf(wp).Add(x, bfInt(2, wp))
		s.Quo(x, s)
		l := atanhSeries(s, wp)
		return bf(p).SetMantExp(l, 1)
	}
	return refLog(bf(wp).Add(x, bfInt(1, wp)), p)
}

// refSinCos is sin x and cos x at precision p for finite x, reduced
// exactly by π/2.
func refSinCos(x *big.Float, p uint) (sin, cos *big.Float) {
	c := consts()
	wp := p + refGuard
	ax := new(big.Float).Abs(x)
	rp := wp + 64
	if e := ax.MantExp(nil); e > 0 {
		rp += uint(e)
	}
	q := bf(rp).Mul(ax, c.twoOverPi)
	q.Add(q, big.NewFloat(0.5))
	k, _ := q.Int(nil) // round(|x|·2/π), |x| >= 0
	r := bf(rp).Mul(new(big.Float).SetInt(k), c.halfPi)
	r.Sub(ax, r)
	r.SetPrec(wp)
	// The series of sin r and cos r, |r| <= π/4.
	r2 := bf(wp).Mul(r, r)
	s, st := bfCopy(r, wp), bfCopy(r, wp)
	for n := int64(1); ; n++ {
		st.Mul(st, r2)
		st.Quo(st, bfInt(-(2*n)*(2*n+1), wp))
		if negligible(st, s, wp) {
			break
		}
		s.Add(s, st)
	}
	co, ct := bfInt(1, wp), bfInt(1, wp)
	for n := int64(1); ; n++ {
		ct.Mul(ct, r2)
		ct.Quo(ct, bfInt(-(2*n-1)*(2*n), wp))
		if negligible(ct, co, wp) {
			break
		}
		co.Add(co, ct)
	}
	switch k.Bit(0) + 2*k.Bit(1) {
	case 1:
		s, co = co, s.Neg(s)
	case 2:
		s, co = s.Neg(s), co.Neg(co)
	case 3:
		s, co = co.Neg(co), s
	}
	if x.Sign() < 0 {
		s.Neg(s)
	}
	return bfCopy(s, p), bfCopy(co, p)
}

// refAtan is the arc tangent of x at precision p (x finite).
func refAtan(x *big.Float, p uint) *big.Float {
	c := consts()
	wp := p + refGuard
	ax := bf(wp).Abs(x)
	inv := ax.Cmp(bfInt(1, wp)) > 0
	if inv {
		ax.Quo(bfInt(1, wp), ax)
	}
	// atan y = 2 atan(y/(1+√(1+y²))), three times: y <= tan(π/32).
	const halvings = 3
	for range halvings {
		d := bf(wp).Mul(ax, ax)
		d.Add(d, bfInt(1, wp))
		d.Sqrt(d)
		d.Add(d, bfInt(1, wp))
		ax.Quo(ax, d)
	}
	y2 := bf(wp).Mul(ax, ax)
	sum, pow := bfCopy(ax, wp), bfCopy(ax, wp)
	for k := int64(1); ; k++ {
		pow.Mul(pow, y2)
		term := bf(wp).Quo(pow, bfInt(2*k+1, wp))
		if negligible(term, sum, wp) {
			break
		}
		if k%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
	}
	sum.SetMantExp(sum, halvings)
	if inv {
		sum.Sub(bfCopy(c.halfPi, wp), sum)
	}
	if x.Sign() < 0 {
		sum.Neg(sum)
	}
	return bfCopy(sum, p)
}

// refAsin is the arc sine of x in [-1, 1] at precision p:
// atan(x/√((1-x)(1+x))).
func refAsin(x *big.Float, p uint) *big.Float {
	wp := p + refGuard
	one := bfInt(1, wp)
	if cmpAbs(x, 1) == 0 {
		h := bfCopy(consts().halfPi, p)
		if x.Sign() < 0 {
			h.Neg(h)
		}
		return h
	}
	d := bf(wp).Mul(bf(wp).Sub(one, x), bf(wp).Add(one, x))
	d.Sqrt(d)
	return refAtan(bf(wp).Quo(x, d), p)
}

// refAcos is the arc cosine of x in [-1, 1] at precision p:
// 2·atan(√((1-x)/(1+x))).
func refAcos(x *big.Float, p uint) *big.Float {
	wp := p + refGuard
	one := bfInt(1, wp)
	if x.Cmp(bf(wp).Neg(one)) == 0 {
		return bfCopy(consts().pi, p)
	}
	q := bf(wp).Quo(bf(wp).Sub(one, x), bf(wp).Add(one, x))
	q.Sqrt(q)
	a := refAtan(q, wp)
	return bf(p).SetMantExp(a, 1)
}

// refErf is the error function of x at precision p (x finite).
func refErf(x *big.Float, p uint) *big.Float {
	c := consts()
	wp := p + refGuard
	ax := bf(wp).Abs(x)
	var sum *big.Float
	switch {
	case ax.Cmp(bfInt(10, wp)) > 0: // 1 - erfc(x), erfc(10) < 2^-149
		sum = bfInt(1, wp)
	case ax.Cmp(bfInt(2, wp)) < 0:
		// 2/√π · Σ (-1)^n x^(2n+1)/(n!(2n+1)); the terms reach e^(x²) < 2^6.
		wp += 8
		x2 := bf(wp).Mul(ax, ax)
		s, pow := bfCopy(ax, wp), bfCopy(ax, wp)
		for n := int64(1); ; n++ {
			pow.Mul(pow, x2)
			pow.Quo(pow, bfInt(-n, wp))
			term := bf(wp).Quo(pow, bfInt(2*n+1, wp))
			if negligible(term, s, wp) {
				break
			}
			s.Add(s, term)
		}
		sum = s.Quo(s.Mul(s, bfInt(2, wp)), c.rtPi)
	default:
		// 2/√π · e^(-x²) · Σ 2^n x^(2n+1)/(1·3·…·(2n+1)), all terms positive.
		x2 := bf(wp).Mul(ax, ax)
		f, _ := x2.Float64()
		peak := int64(f) + 1 // the terms grow up to n = x², then fall
		s, term := bfCopy(ax, wp), bfCopy(ax, wp)
		for n := int64(1); ; n++ {
			term.Mul(term, x2)
			term.Mul(term, bfInt(2, wp))
			term.Quo(term, bfInt(2*n+1, wp))
			if n > peak && negligible(term, s, wp) {
				break
			}
			s.Add(s, term)
		}
		s.Mul(s, refExp(x2.Neg(x2), wp))
		sum = s.Quo(s.Mul(s, bfInt(2, wp)), c.rtPi)
	}
	if x.Sign() < 0 {
		sum.Neg(sum)
	}
	return bfCopy(sum, p)
}

// refUnary is the reference of the named one-argument function at x
// (finite, in its domain) at precision refPrec.
func refUnary(name string, x float64) *big.Float {
	c := consts()
	p := uint(refPrec)
	wp := p + refGuard
	bx := new(big.Float).SetFloat64(x)
	switch name {
	case "exp":
		return refExp(bx, p)
	case "exp2":
		return refExp(bf(wp+12).Mul(bx, c.ln2), p)
	case "expm1":
		return refExpm1(bx, p)
	case "log":
		return refLog(bx, p)
	case "log2":
		return bf(p).Quo(refLog(bx, wp), c.ln2)
	case "log10":
		return bf(p).Quo(refLog(bx, wp), c.ln10)
	case "log1p":
		return refLog1p(bx, p)
	case "sigmoid": // 1/(1+e^-x)
		e := refExp(bf(wp).Neg(bx), wp)
		return bf(p).Quo(bfInt(1, wp), e.Add(e, bfInt(1, wp)))
	case "tanh":
		ax := bf(wp).Abs(bx)
		var t *big.Float
		if ax.Cmp(bfInt(1, wp)) < 0 { // E/(E+2), E = e^2|x| - 1
			e := refExpm1(ax.SetMantExp(ax, 1), wp)
			t = bf(wp).Quo(e, bf(wp).Add(e, bfInt(2, wp)))
		} else { // (1-E)/(1+E), E = e^-2|x|
			e := refExp(ax.SetMantExp(ax.Neg(ax), 1), wp)
			t = bf(wp).Quo(bf(wp).Sub(bfInt(1, wp), e), bf(wp).Add(bfInt(1, wp), e))
		}
		if x < 0 {
			t.Neg(t)
		}
		return bfCopy(t, p)
	case "cosh", "sinh":
		ax := bf(wp).Abs(bx)
		var h *big.Float
		if name == "sinh" && ax.Cmp(bfInt(1, wp)) < 0 { // (E + E/(E+1))/2, E = e^|x| - 1
			e := refExpm1(ax, wp)
			h = bf(wp).Quo(e, bf(wp).Add(e, bfInt(1, wp)))
			h.Add(h, e)
		} else {
			e := refExp(ax, wp)
			h = bf(wp).Quo(bfInt(1, wp), e)
			if name == "sinh" {
				h.Sub(e, h)
			} else {
				h.Add(e, h)
			}
		}
		h.SetMantExp(h, -1)
		if name == "sinh" && x < 0 {
			h.Neg(h)
		}
		return bfCopy(h, p)
	case "sin":
		s, _ := refSinCos(bx, p)
		return s
	case "cos":
		_, co := refSinCos(bx, p)
		return co
	case "tan":
		s, co := refSinCos(bx, wp)
		return bf(p).Quo(s, co)
	case "atan":
		return refAtan(bx, p)
	case "asin":
		return refAsin(bx, p)
	case "acos":
		return refAcos(bx, p)
	case "erf":
		return refErf(bx, p)
	case "sqrt":
		return bf(p).Sqrt(bx)
	case "floor", "ceil", "trunc", "roundToEven":
		return refRound(name, bx)
	}
	panic("refUnary: no reference for " + name)
}

// refPow is x^y at refPrec for finite nonzero x (an integer y for x < 0):
// exactly by repeated squaring for integer |y| <= 64 (every exact result
// but powers of two, which the other path rounds right too), e^(y·log|x|)
// otherwise.
func refPow(x, y float64) *big.Float {
	p := uint(refPrec)
	wp := p + refGuard
	bx := new(big.Float).SetFloat64(x)
	neg := x < 0
	bx.Abs(bx)
	by := new(big.Float).SetFloat64(y)
	var v *big.Float
	if by.IsInt() && cmpAbs(by, 64) <= 0 {
		n, _ := by.Int64()
		neg = neg && n%2 != 0
		m := n
		if m < 0 {
			m = -m
		}
		v = bfInt(1, 64*54+64) // exact: at most 64 factors of 53 bits
		sq := bfCopy(bx, 64*54+64)
		for ; m > 0; m >>= 1 {
			if m&1 == 1 {
				v.Mul(v, sq)
			}
			sq.Mul(sq, sq)
		}
		if n < 0 {
			v = bf(p).Quo(bfInt(1, p), v)
		} else {
			v = bfCopy(v, p)
		}
	} else {
		if neg { // an integer y beyond 64: odd below 2^53 only
			neg = by.IsInt() && cmpAbs(by, 0x1p53) < 0 && intOf(by).Bit(0) == 1
		}
		l := refLog(bx, wp+20)
		l.Mul(l, by)
		v = refExp(l, p)
	}
	if neg {
		v.Neg(v)
	}
	return v
}

// intOf is the integer value of an integral x.
func intOf(x *big.Float) *big.Int {
	i, _ := x.Int(nil)
	return i
}

// refRound is x rounded to an integer as name says, exactly.
func refRound(name string, x *big.Float) *big.Float {
	if x.IsInt() {
		return x
	}
	t, _ := x.Int(nil) // toward zero
	z := new(big.Float).SetInt(t)
	frac := new(big.Float).Sub(x, z) // exact: both fit in x's precision
	one := big.NewFloat(1)
	switch name {
	case "floor":
		if x.Sign() < 0 {
			z.Sub(z, one)
		}
	case "ceil":
		if x.Sign() > 0 {
			z.Add(z, one)
		}
	case "roundToEven":
		half := new(big.Float).Abs(frac).Cmp(big.NewFloat(0.5))
		if half > 0 || half == 0 && t.Bit(0) == 1 {
			if x.Sign() < 0 {
				z.Sub(z, one)
			} else {
				z.Add(z, one)
			}
		}
	}
	if z.Sign() == 0 && x.Sign() < 0 {
		z.Neg(z) // -0 for x in (-1, 0)
	}
	return z
}
