package asm

import (
	"math/rand/v2"
	"testing"
)

// checkFused compares, on the tier in force, MulSum(x, y) with Sum over
// Mul(x, y), MulAdd and MulSub (and their NT forms) with Mul then Add or
// Sub, and every ...NT kernel with its ordinary form, bit for bit,
// for sizes 0..maxSize and beyond at every start offset within 64 bytes,
// with special values among the inputs; the NT kernels must leave the
// elements around the destination alone.
func checkFused[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	lanes := lanes64[T]()
	const big = 4099 // past the unrolled loops, with a tail
	x, y, z := alignedBuf[T](big+lanes), alignedBuf[T](big+lanes), alignedBuf[T](big+lanes)
	fill(r, x, true, false)
	fill(r, y, true, false)
	fill(r, z, true, false)
	var c []T // the third operand of the MulAdd kernels
	steps := func(second func(d, a, b []T)) func(d, a, b []T) {
		return func(d, a, b []T) {
			p := make([]T, len(a))
			Mul(p, a, b)
			second(d, p, c)
		}
	}
	got, want := alignedBuf[T](big+2*guard+lanes), alignedBuf[T](big+2*guard+lanes)
	type nt struct {
		name        string
		fused, ordn func(d, a, b []T)
	}
	kernels := []nt{
		{"AddNT", AddNT[T], Add[T]},
		{"SubNT", SubNT[T], Sub[T]},
		{"MulNT", MulNT[T], Mul[T]},
		{"DivNT", DivNT[T], Div[T]},
		{"ScaleNT", func(d, a, _ []T) { ScaleNT(d, a, -1.25) }, func(d, a, _ []T) { Scale(d, a, -1.25) }},
		{"AddScalarNT", func(d, a, _ []T) { AddScalarNT(d, a, 0.5) }, func(d, a, _ []T) { AddScalar(d, a, 0.5) }},
		{"MulAdd", func(d, a, b []T) { MulAdd(d, a, b, c) }, steps(Add[T])},
		{"MulSub", func(d, a, b []T) { MulSub(d, a, b, c) }, steps(Sub[T])},
		{"MulAddNT", func(d, a, b []T) { MulAddNT(d, a, b, c) }, steps(Add[T])},
		{"MulSubNT", func(d, a, b []T) { MulSubNT(d, a, b, c) }, steps(Sub[T])},
	}
	for _, n := range append(upTo(maxSize), 1023, 1024, big) {
		for off := range lanes {
			a, b := x[off:off+n], y[(off*3+1)%lanes:][:n]
			c = z[(off*5+2)%lanes:][:n]
			p := make([]T, n)
			Mul(p, a, b)
			if s, m := Sum(p), MulSum(a, b); !sameBits(s, m) {
				t.Fatalf("n=%d off=%d: MulSum = %v, Sum(Mul) = %v", n, off, m, s)
			}
			for _, k := range kernels {
				for i := range got {
					got[i], want[i] = -7, -7
				}
				k.fused(got[guard+off:guard+off+n], a, b)
				k.ordn(want[guard+off:guard+off+n], a, b)
				for i := range got {
					if !sameBits(got[i], want[i]) {
						t.Fatalf("%s n=%d off=%d: element %d = %v, want %v", k.name, n, off, i-guard-off, got[i], want[i])
					}
				}
			}
		}
	}
}

func TestFused(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkFused[float32])
		t.Run("float64", checkFused[float64])
	})
}

// checkCountCmp compares CountCmp, on the tier in force, with Go's
// comparisons counted one by one, for every comparison, sizes 0..maxSize
// and beyond, every start offset within 64 bytes, with special values and
// equal pairs among the inputs.
func checkCountCmp[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	lanes := lanes64[T]()
	const big = 4099
	x, y := alignedBuf[T](big+lanes), alignedBuf[T](big+lanes)
	fill(r, x, true, false)
	fill(r, y, true, false)
	for i := range y {
		switch r.IntN(4) {
		case 0:
			y[i] = x[i] // equal, NaN included
		case 1:
			y[i] = -x[i] // -0 against +0 where x is a zero
		}
	}
	cmps := []func(a, b T) bool{
		CmpEq: func(a, b T) bool { return a == b },
		CmpNe: func(a, b T) bool { return a != b },
		CmpLt: func(a, b T) bool { return a < b },
		CmpLe: func(a, b T) bool { return a <= b },
		CmpGt: func(a, b T) bool { return a > b },
		CmpGe: func(a, b T) bool { return a >= b },
	}
	for _, n := range append(upTo(maxSize), 1023, 1024, big) {
		for off := range lanes {
			a, b := x[off:off+n], y[(off*3+1)%lanes:][:n]
			for c, f := range cmps {
				want := 0
				for i := range a {
					if f(a[i], b[i]) {
						want++
					}
				}
				if got := CountCmp(Cmp(c), a, b); got != want {
					t.Fatalf("CountCmp(%d) n=%d off=%d: %d, want %d", c, n, off, got, want)
				}
			}
		}
	}
}

func TestCountCmp(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkCountCmp[float32])
		t.Run("float64", checkCountCmp[float64])
	})
}
