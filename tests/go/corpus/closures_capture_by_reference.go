package main

import "fmt"

// Closures capture variables, not values: later changes are seen, and writes are shared.
func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func main() {
	c1, c2 := counter(), counter()
	fmt.Println(c1(), c1(), c1(), c2())
	x := 1
	show := func() { fmt.Println("x =", x) }
	x = 2
	show()
	inc := func() { x += 10 }
	inc()
	inc()
	fmt.Println(x)
	var fs []func() int
	for i := 0; i < 3; i++ {
		j := i
		fs = append(fs, func() int { return j * j })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	adders := make([]func(int) int, 0)
	for _, k := range []int{1, 10, 100} {
		k := k
		adders = append(adders, func(v int) int { return v + k })
	}
	fmt.Println(adders[0](1), adders[1](1), adders[2](1))
}
