package main

import (
	"fmt"
	"math/rand"
)

// math/rand: values stay in their ranges and a seeded source repeats itself. The values
// themselves are not printed, so the check does not tie the VM to Go's exact generator.
func main() {
	inRange := true
	seen := map[int]bool{}
	for i := 0; i < 1000; i++ {
		v := rand.Intn(10)
		if v < 0 || v >= 10 {
			inRange = false
		}
		seen[v] = true
		f := rand.Float64()
		if f < 0 || f >= 1 {
			inRange = false
		}
	}
	fmt.Println("in range:", inRange, "all ten seen:", len(seen) == 10)
	r1 := rand.New(rand.NewSource(42))
	r2 := rand.New(rand.NewSource(42))
	same := true
	for i := 0; i < 100; i++ {
		if r1.Intn(1000) != r2.Intn(1000) {
			same = false
		}
	}
	fmt.Println("same seed, same sequence:", same)
	p := rand.Perm(5)
	sum := 0
	for _, v := range p {
		sum += v
	}
	fmt.Println(len(p), sum)
}
