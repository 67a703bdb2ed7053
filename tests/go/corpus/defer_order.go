package main

import "fmt"

// Deferred calls run last-in first-out when the function returns; their arguments are
// evaluated when defer runs; a deferred closure can change a named result.
func order() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func named() (n int) {
	defer func() { n *= 2 }()
	n = 5
	return n + 1
}

func args() {
	x := 1
	defer fmt.Println("arg evaluated early:", x)
	x = 2
	defer func() { fmt.Println("closure sees late:", x) }()
	x = 3
}

func main() {
	order()
	fmt.Println(named())
	args()
	defer fmt.Println("main's defer runs last")
	fmt.Println("main body")
}
