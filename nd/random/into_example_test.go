package random_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/random"
)

func ExampleNew() {
	a, _ := random.Uniform[float64](random.New(42), []int{3}, 0, 1)
	b, _ := random.Uniform[float64](random.New(42), []int{3}, 0, 1)
	fmt.Println(a.At(0) == b.At(0), a.At(2) == b.At(2)) // the same seed, the same stream
	// Output: true true
}

func ExampleGenerator_Uint64() {
	g, h := random.New(5), random.New(5)
	fmt.Println(g.Uint64() == h.Uint64())
	// Output: true
}

func ExampleUniformInto() {
	dst, _ := nd.Zeros[float32]([]int{2, 500})
	if err := random.UniformInto(dst, random.New(9), 10, 20); err != nil {
		panic(err)
	}
	lo, hi := float32(20), float32(10)
	for v := range dst.Values() {
		lo, hi = min(lo, v), max(hi, v)
	}
	fmt.Println(lo >= 10, hi < 20)
	// Output: true true
}

func ExampleExponentialInto() {
	dst, _ := nd.Zeros[float64]([]int{100000})
	if err := random.ExponentialInto(dst, random.New(4), 2); err != nil {
		panic(err)
	}
	var sum float64
	for v := range dst.Values() {
		sum += v
	}
	fmt.Printf("mean %.1f\n", sum/float64(dst.Size())) // the scale
	// Output: mean 2.0
}

func ExampleIntegersInto() {
	dst, _ := nd.Zeros[uint8]([]int{3, 4})
	if err := random.IntegersInto(dst, random.New(3), 0, 2); err != nil { // coin flips
		panic(err)
	}
	ok := true
	for v := range dst.Values() {
		ok = ok && v < 2
	}
	fmt.Println(dst.Shape(), ok)
	// Output: [3 4] true
}

func ExamplePoissonInto() {
	dst, _ := nd.Zeros[int32]([]int{100000})
	if err := random.PoissonInto(dst, random.New(6), 3.5); err != nil {
		panic(err)
	}
	var sum float64
	for v := range dst.Values() {
		sum += float64(v)
	}
	fmt.Printf("mean %.1f\n", sum/float64(dst.Size())) // lam
	// Output: mean 3.5
}

func ExampleBinomialInto() {
	dst, _ := nd.Zeros[int]([]int{100000})
	if err := random.BinomialInto(dst, random.New(8), 20, 0.25); err != nil {
		panic(err)
	}
	var sum float64
	for v := range dst.Values() {
		sum += float64(v)
	}
	fmt.Printf("mean %.1f\n", sum/float64(dst.Size())) // n*p
	// Output: mean 5.0
}

func ExampleChoiceInto() {
	pop, _ := nd.FromSlice([]float64{1, 2, 3}, []int{3})
	dst, _ := nd.Zeros[float64]([]int{2, 2})
	if err := random.ChoiceInto(dst, random.New(11), pop, true); err != nil { // with replacement
		panic(err)
	}
	ok := true
	for v := range dst.Values() {
		ok = ok && v >= 1 && v <= 3
	}
	fmt.Println(dst.Shape(), ok)
	// Output: [2 2] true
}

func ExamplePermutationInto() {
	order, _ := random.Permutation(random.New(1), 6)
	dst, _ := nd.Zeros[int16]([]int{6})
	if err := random.PermutationInto(dst, random.New(1)); err != nil {
		panic(err)
	}
	same := true
	for i := range 6 {
		same = same && int(dst.At(i)) == order.At(i)
	}
	fmt.Println(same) // Permutation's order, in dst's kind
	// Output: true
}
