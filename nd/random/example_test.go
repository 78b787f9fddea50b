package random_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/random"
)

func ExampleNormal() {
	g := random.New(42)
	z, err := random.Normal[float64](g, []int{100000}, 5, 2)
	if err != nil {
		panic(err)
	}
	var sum float64
	for v := range z.Values() {
		sum += v
	}
	fmt.Printf("mean %.1f\n", sum/float64(z.Size()))
	// Output: mean 5.0
}

func ExampleNormalInto() {
	arena, _ := mem.NewArena(1 << 20)
	defer arena.Close()
	x, _ := nd.Empty[float32]([]int{2, 3}, nd.With(arena))
	if err := random.NormalInto(x, random.New(1), 0, 1); err != nil {
		panic(err)
	}
	fmt.Println(x.Shape())
	// Output: [2 3]
}

func ExampleGenerator_Spawn() {
	g := random.New(7)
	children := g.Spawn(2)
	a, _ := random.Integers[int](children[0], []int{5}, 0, 100)
	b, _ := random.Integers[int](random.New(7).Spawn(2)[0], []int{5}, 0, 100)
	fmt.Println(a.Data()[0] == b.Data()[0]) // the same child of the same seed
	// Output: true
}

func ExampleIntegers() {
	dice, _ := random.Integers[int](random.New(3), []int{1000}, 1, 7)
	lo, hi := 7, 0
	for v := range dice.Values() {
		lo, hi = min(lo, v), max(hi, v)
	}
	fmt.Println(lo, hi)
	// Output: 1 6
}

func ExampleChoice() {
	pop, _ := nd.FromSlice([]int{10, 20, 30, 40}, []int{4})
	s, _ := random.Choice(random.New(5), pop, 4, false)
	sum := 0
	for v := range s.Values() {
		sum += v
	}
	fmt.Println(s.Size(), sum) // a permutation of pop
	// Output: 4 100
}

func ExamplePermutation() {
	p, _ := random.Permutation(random.New(1), 5)
	fmt.Println(p.Size())
	// Output: 5
}

func ExampleShuffle() {
	m, _ := nd.FromSlice([]int{1, 1, 2, 2, 3, 3}, []int{3, 2})
	_ = random.Shuffle(random.New(2), m) // rows move whole
	fmt.Println(m.At(0, 0) == m.At(0, 1), m.At(1, 0) == m.At(1, 1))
	// Output: true true
}

func ExampleUniform() {
	u, _ := random.Uniform[float64](random.New(9), []int{1000}, -1, 1)
	ok := true
	for v := range u.Values() {
		ok = ok && v >= -1 && v < 1
	}
	fmt.Println(ok)
	// Output: true
}

func ExamplePoisson() {
	k, _ := random.Poisson[int](random.New(4), []int{100000}, 3)
	sum := 0
	for v := range k.Values() {
		sum += v
	}
	fmt.Printf("%.1f\n", float64(sum)/100000)
	// Output: 3.0
}

func ExampleBinomial() {
	k, _ := random.Binomial[int](random.New(4), []int{100000}, 10, 0.5)
	sum := 0
	for v := range k.Values() {
		sum += v
	}
	fmt.Printf("%.1f\n", float64(sum)/100000)
	// Output: 5.0
}

func ExampleExponential() {
	e, _ := random.Exponential[float64](random.New(8), []int{100000}, 2)
	var sum float64
	for v := range e.Values() {
		sum += v
	}
	fmt.Printf("%.1f\n", sum/100000)
	// Output: 2.0
}
