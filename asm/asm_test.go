package asm

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/klauspost/cpuid/v2"
	"github.com/numgo/numgo/internal/cpu"
)

// variant is a SIMD tier and, for AVX-512, the width of its element-wise
// kernels.
type variant struct {
	name   string
	tier   cpu.Tier
	narrow bool
}

// variants lists every tier this machine has, AVX-512 in both widths.
func variants() []variant {
	var vs []variant
	for _, t := range cpu.Tiers() {
		if t == cpu.AVX512 {
			vs = append(vs, variant{"avx512", t, false}, variant{"avx512-ymm", t, true})
			continue
		}
		vs = append(vs, variant{t.String(), t, avx512Narrow})
	}
	return vs
}

// force puts v in force and returns a function restoring what was.
func (v variant) force() (restore func()) {
	prevTier, prevNarrow := cpu.SetTier(v.tier), avx512Narrow
	avx512Narrow = v.narrow
	return func() { cpu.SetTier(prevTier); avx512Narrow = prevNarrow }
}

// forTiers runs f once per variant, with that variant forced.
func forTiers(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			defer v.force()()
			if cpu.Current() != v.tier {
				t.Fatalf("SetTier(%v) left %v in force", v.tier, cpu.Current())
			}
			f(t)
		})
	}
}

const (
	guard   = 16  // elements before and after every region (a multiple of 64 bytes for both types)
	maxSize = 300 // sizes 0..maxSize are tested at every offset
)

// lanes64 is the number of elements in 64 bytes: the start offsets tested.
func lanes64[T Float]() int { return 64 / int(unsafe.Sizeof(T(0))) }

// alignedBuf returns n elements starting on a 64-byte boundary.
func alignedBuf[T Float](n int) []T {
	b := make([]T, n+64)
	size := uintptr(unsafe.Sizeof(T(0)))
	k := int((64 - uintptr(unsafe.Pointer(&b[0]))%64) % 64 / size)
	return b[k : k+n]
}

var specials = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, 1e-40, -1.5}

// fill sets x to values in [-10, 10), with about one in twelve replaced by a
// special value (NaN, ±Inf, ±0, subnormals) when withSpecials, and the
// largest finite value among them when huge.
func fill[T Float](r *rand.Rand, x []T, withSpecials, huge bool) {
	for i := range x {
		x[i] = T(r.Float64()*20 - 10)
		if withSpecials && r.IntN(12) == 0 {
			v := specials[r.IntN(len(specials))]
			if huge && r.IntN(4) == 0 {
				v = math.MaxFloat64
			}
			x[i] = T(v)
		}
	}
}

func sameBits[T Float](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	if is32[T]() {
		return math.Float32bits(float32(a)) == math.Float32bits(float32(b))
	}
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

// within1ULP reports whether float32 results of a fused operation agree up
// to the one-ulp double rounding of the float32 twin (see the package doc).
func within1ULP[T Float](a, b T) bool {
	if sameBits(a, b) {
		return true
	}
	if !is32[T]() || a != a || b != b {
		return false
	}
	d := int64(math.Float32bits(float32(a))) - int64(math.Float32bits(float32(b)))
	return d == 1 || d == -1
}

// mapKernel is an element-wise kernel under test: the public entry point and
// its Go twin, on a destination, inputs and a scalar.
type mapKernel[T Float] struct {
	name   string
	inputs int
	fused  bool
	api    func(dst []T, in [][]T, s T)
	twin   func(dst []T, in [][]T, s T)
}

func mapKernels[T Float]() []mapKernel[T] {
	return []mapKernel[T]{
		{"Add", 2, false, func(d []T, in [][]T, _ T) { Add(d, in[0], in[1]) }, func(d []T, in [][]T, _ T) { addGo(d, in[0], in[1]) }},
		{"Sub", 2, false, func(d []T, in [][]T, _ T) { Sub(d, in[0], in[1]) }, func(d []T, in [][]T, _ T) { subGo(d, in[0], in[1]) }},
		{"Mul", 2, false, func(d []T, in [][]T, _ T) { Mul(d, in[0], in[1]) }, func(d []T, in [][]T, _ T) { mulGo(d, in[0], in[1]) }},
		{"Div", 2, false, func(d []T, in [][]T, _ T) { Div(d, in[0], in[1]) }, func(d []T, in [][]T, _ T) { divGo(d, in[0], in[1]) }},
		{"Scale", 1, false, func(d []T, in [][]T, s T) { Scale(d, in[0], s) }, func(d []T, in [][]T, s T) { scaleGo(d, in[0], s) }},
		{"AddScalar", 1, false, func(d []T, in [][]T, s T) { AddScalar(d, in[0], s) }, func(d []T, in [][]T, s T) { addScalarGo(d, in[0], s) }},
		{"Axpy", 1, true, func(d []T, in [][]T, s T) { Axpy(d, s, in[0]) }, func(d []T, in [][]T, s T) { axpyGo(d, in[0], s) }},
		{"FMA", 3, true, func(d []T, in [][]T, _ T) { FMA(d, in[0], in[1], in[2]) }, func(d []T, in [][]T, _ T) { fmaGo(d, in[0], in[1], in[2]) }},
	}
}

// checkMap compares every map kernel with its twin for sizes 0..maxSize, at
// every start offset mod 64 bytes of the destination and of the inputs, and
// checks that nothing outside the destination region is written.
func checkMap[T Float](t *testing.T, sizes []int) {
	r := rand.New(rand.NewPCG(1, 2))
	lanes := lanes64[T]()
	maxN := sizes[len(sizes)-1]
	dstBuf := alignedBuf[T](maxN + 2*guard + lanes)
	pristine, wantBuf := make([]T, len(dstBuf)), make([]T, len(dstBuf))
	var inBufs, saved [3][]T
	for k := range inBufs {
		inBufs[k] = alignedBuf[T](maxN + 2*guard + lanes)
		saved[k] = make([]T, len(inBufs[k]))
	}
	scalars := []T{2.5, -0.75, T(math.Inf(1)), T(math.NaN()), 0}
	for _, kern := range mapKernels[T]() {
		for k := range inBufs {
			fill(r, inBufs[k], true, true)
			copy(saved[k], inBufs[k])
		}
		fill(r, pristine, true, true)
		for _, n := range sizes {
			offs := upTo(lanes - 1)
			if n > maxSize {
				offs = []int{0, 1, lanes/2 + 1, lanes - 1} // enough for sizes beyond the exhaustive range
			}
			span := n + 2*guard + lanes // the region at any offset, and guards
			for _, off := range offs {
				copy(dstBuf[:span], pristine)
				copy(wantBuf[:span], pristine)
				in := make([][]T, kern.inputs)
				for k := range in {
					o := guard + (off*5+3*k+1)%lanes
					in[k] = inBufs[k][o : o+n]
				}
				s := scalars[(n+off)%len(scalars)]
				kern.api(dstBuf[guard+off:guard+off+n], in, s)
				kern.twin(wantBuf[guard+off:guard+off+n], in, s)
				for i := range span {
					ok := sameBits(dstBuf[i], wantBuf[i]) || kern.fused && within1ULP(dstBuf[i], wantBuf[i])
					if !ok {
						where := "inside"
						if i < guard+off || i >= guard+off+n {
							where = "OUTSIDE"
						}
						t.Fatalf("%s n=%d off=%d s=%v: element %d (%s the destination) = %v, want %v",
							kern.name, n, off, s, i-guard-off, where, dstBuf[i], wantBuf[i])
					}
				}
			}
			for k := range inBufs {
				for i := range span {
					if !sameBits(inBufs[k][i], saved[k][i]) {
						t.Fatalf("%s n=%d: input %d changed at %d", kern.name, n, k, i)
					}
				}
			}
		}
	}
}

func upTo(n int) []int {
	s := make([]int, n+1)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapKernels(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) { checkMap[float32](t, upTo(maxSize)) })
		t.Run("float64", func(t *testing.T) { checkMap[float64](t, upTo(maxSize)) })
	})
}

// TestMapKernelsNonTemporal forces non-temporal stores on every output, so
// the alignment head, the streaming loop and the tails all run for every
// size and offset, then checks a few large sizes the same way.
func TestMapKernelsNonTemporal(t *testing.T) {
	defer SetNonTemporalThreshold(SetNonTemporalThreshold(0))
	sizes := append(upTo(maxSize), 1000, 4099, 10007)
	forTiers(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) { checkMap[float32](t, sizes) })
		t.Run("float64", func(t *testing.T) { checkMap[float64](t, sizes) })
	})
}

func TestNonTemporalThreshold(t *testing.T) {
	prev := SetNonTemporalThreshold(12345)
	if got := NonTemporalThreshold(); got != 12345 {
		t.Fatalf("NonTemporalThreshold() = %d after setting 12345", got)
	}
	if back := SetNonTemporalThreshold(prev); back != 12345 {
		t.Fatalf("SetNonTemporalThreshold returned %d, want 12345", back)
	}
	want := 8 << 20
	if l3 := cpuid.CPU.Cache.L3; l3 > 0 {
		want = l3 / 4
	}
	if prev != want {
		t.Fatalf("default threshold %d, want %d (L3/4, or 8 MiB where cpuid reports no L3 size)", prev, want)
	}
	x := make([]float64, 1000)
	SetNonTemporalThreshold(8000)
	if !nonTemporal(x) || nonTemporal(x[:999]) {
		t.Errorf("threshold 8000 bytes: 1000 float64 should stream, 999 should not")
	}
	SetNonTemporalThreshold(prev)
}

func TestInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	forTiers(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 33, 300, 5000} {
			a, b := make([]float64, n), make([]float64, n)
			fill(r, a, false, false)
			fill(r, b, false, false)
			want := make([]float64, n)
			addGo(want, a, b)
			Add(a, a, b)
			for i := range a {
				if a[i] != want[i] {
					t.Fatalf("Add(a, a, b) n=%d: a[%d] = %v, want %v", n, i, a[i], want[i])
				}
			}
		}
	})
}

// exactSum returns Σ terms with Neumaier compensation, accurate to about
// one rounding of the result for the sizes tested.
func exactSum(terms []float64) (sum, abs float64) {
	var c float64
	for _, x := range terms {
		t := sum + x
		if math.Abs(sum) >= math.Abs(x) {
			c += (sum - t) + x
		} else {
			c += (x - t) + sum
		}
		sum = t
		abs += math.Abs(x)
	}
	return sum + c, abs
}

// checkReduction checks got against the exact value of Σ terms: the same
// NaN or infinity when that is what the terms give, else within the
// reassociation bound (n+2)·ε·Σ|terms|, ε the unit roundoff of T.
func checkReduction[T Float](t *testing.T, what string, got T, terms []float64) {
	t.Helper()
	want, abs := exactSum(terms)
	for _, x := range terms {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			want = math.NaN() // Inf-Inf when signs mix, else the infinity
			hasNaN, pos, neg := false, false, false
			for _, y := range terms {
				hasNaN = hasNaN || math.IsNaN(y)
				pos = pos || math.IsInf(y, 1)
				neg = neg || math.IsInf(y, -1)
			}
			switch {
			case !hasNaN && pos && !neg:
				want = math.Inf(1)
			case !hasNaN && neg && !pos:
				want = math.Inf(-1)
			}
			if !sameBits(float64(got), want) {
				t.Fatalf("%s = %v, want %v", what, got, want)
			}
			return
		}
	}
	eps := 0x1p-53
	if is32[T]() {
		eps = 0x1p-24
	}
	bound := float64(len(terms)+2)*eps*abs + 1e-300
	if err := math.Abs(float64(got) - want); !(err <= bound) {
		t.Fatalf("%s = %v, want %v ± %g (error %g)", what, got, want, bound, err)
	}
}

func checkReductions[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	lanes := lanes64[T]()
	xb, yb := alignedBuf[T](maxSize+2*lanes), alignedBuf[T](maxSize+2*lanes)
	terms := make([]float64, 0, maxSize)
	for n := 0; n <= maxSize; n++ {
		for off := range lanes {
			withSpecials := off%4 == 3
			fill(r, xb, withSpecials, false)
			fill(r, yb, withSpecials, false)
			x := xb[off : off+n]
			y := yb[(off*5+1)%lanes:][:n]
			terms = terms[:0]
			for _, v := range x {
				terms = append(terms, float64(v))
			}
			checkReduction(t, fmt.Sprintf("Sum n=%d off=%d", n, off), Sum(x), terms)
			terms = terms[:0]
			for i, v := range x {
				p := float64(v) * float64(y[i])
				if e := math.FMA(float64(v), float64(y[i]), -p); !math.IsNaN(e) && !math.IsInf(p, 0) && e != 0 {
					terms = append(terms, e)
				}
				terms = append(terms, p)
			}
			checkReduction(t, fmt.Sprintf("Dot n=%d off=%d", n, off), Dot(x, y), terms)
			if n == 0 {
				continue
			}
			lo, hi := minGo(x), maxGo(x)
			if got := Min(x); !(got == lo || got != got && lo != lo) {
				t.Fatalf("Min n=%d off=%d = %v, want %v", n, off, got, lo)
			}
			if got := Max(x); !(got == hi || got != got && hi != hi) {
				t.Fatalf("Max n=%d off=%d = %v, want %v", n, off, got, hi)
			}
		}
	}
}

func TestReductions(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkReductions[float32])
		t.Run("float64", checkReductions[float64])
	})
}

// checkMinMaxNaN puts one NaN at every position of finite slices: Min and
// Max must return NaN wherever it is, including when finite values follow
// it in the same vector lane.
func checkMinMaxNaN[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := make([]T, 200)
	for n := 1; n <= len(x); n++ {
		fill(r, x[:n], false, false)
		for p := range n {
			old := x[p]
			x[p] = T(math.NaN())
			if v := Min(x[:n]); v == v {
				t.Fatalf("Min n=%d NaN at %d = %v", n, p, v)
			}
			if v := Max(x[:n]); v == v {
				t.Fatalf("Max n=%d NaN at %d = %v", n, p, v)
			}
			x[p] = old
		}
	}
	inf := []T{1, T(math.Inf(-1)), 3, T(math.Inf(1)), -2}
	if Min(inf) != T(math.Inf(-1)) || Max(inf) != T(math.Inf(1)) {
		t.Fatalf("Min, Max of %v = %v, %v", inf, Min(inf), Max(inf))
	}
	neg := []T{-3, -1, -7, -2}
	if Min(neg) != -7 || Max(neg) != -1 {
		t.Fatalf("Min, Max of %v = %v, %v", neg, Min(neg), Max(neg))
	}
}

func TestMinMaxNaN(t *testing.T) {
	forTiers(t, func(t *testing.T) {
		t.Run("float32", checkMinMaxNaN[float32])
		t.Run("float64", checkMinMaxNaN[float64])
	})
}

// TestSumDotAccuracy checks large sums against exact ones (math/big):
// every tier stays within the documented bound, and the error is logged.
func TestSumDotAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const n = 1 << 16
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64() * math.Exp2(float64(r.IntN(20)-10))
		y[i] = r.NormFloat64()
	}
	exact := func(prod bool) (float64, float64) {
		s := new(big.Float).SetPrec(2000)
		var abs float64
		for i, v := range x {
			term := new(big.Float).SetPrec(2000).SetFloat64(v)
			if prod {
				term.Mul(term, new(big.Float).SetFloat64(y[i]))
			}
			s.Add(s, term)
			f, _ := term.Float64()
			abs += math.Abs(f)
		}
		f, _ := s.Float64()
		return f, abs
	}
	sum, sumAbs := exact(false)
	dot, dotAbs := exact(true)
	forTiers(t, func(t *testing.T) {
		for _, c := range []struct {
			name      string
			got, want float64
			abs       float64
		}{{"Sum", Sum(x), sum, sumAbs}, {"Dot", Dot(x, y), dot, dotAbs}} {
			err := math.Abs(c.got - c.want)
			if bound := n * 0x1p-53 * c.abs; err > bound {
				t.Errorf("%s error %g exceeds n·ε·Σ|terms| = %g", c.name, err, bound)
			}
			t.Logf("%s: error %.3g = %.3g ε·Σ|terms|", c.name, err, err/(0x1p-53*c.abs))
		}
	})
}

func TestShortSlicesPanic(t *testing.T) {
	a, short3 := make([]float64, 4), make([]float64, 3)
	for name, f := range map[string]func(){
		"Add dst":   func() { Add(short3, a, a) },
		"Sub b":     func() { Sub(a, a, short3) },
		"Mul b":     func() { Mul(a, a, short3) },
		"Div dst":   func() { Div(short3, a, a) },
		"Scale":     func() { Scale(short3, a, 2) },
		"AddScalar": func() { AddScalar(short3, a, 2) },
		"Axpy":      func() { Axpy(short3, 2, a) },
		"FMA c":     func() { FMA(a, a, a, short3) },
		"Dot":       func() { Dot(a, short3) },
		"Min empty": func() { Min([]float64{}) },
		"Max empty": func() { Max([]float32(nil)) },
		"cap only":  func() { Add(make([]float64, 3, 8), a, a) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
	defer func() {
		if msg := fmt.Sprint(recover()); msg != "asm.FMA: c has 3 elements, want at least 4" {
			t.Errorf("FMA with a short c panicked with %q", msg)
		}
	}()
	defer FMA(a, a, a, short3)
	// Longer destinations and inputs are fine: the first input sets n.
	long := []float64{9, 9, 9, 9, 9, 9}
	Add(long, []float64{1, 2}, []float64{3, 4, 5})
	if long[0] != 4 || long[1] != 6 || long[2] != 9 {
		t.Errorf("Add into a longer dst = %v", long)
	}
}

type celsius float32

// TestNamedTypes checks that types defined on float32 and float64 take the
// kernels of their underlying type.
func TestNamedTypes(t *testing.T) {
	a := []celsius{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}
	c := make([]celsius, len(a))
	forTiers(t, func(t *testing.T) {
		Add(c, a, a)
		if c[16] != 34 || Sum(a) != 153 || Max(a) != 17 || Dot(a, a) != 1785 {
			t.Fatalf("celsius kernels: c[16]=%v Sum=%v Max=%v Dot=%v", c[16], Sum(a), Max(a), Dot(a, a))
		}
	})
}
