package main

import "fmt"

// When several cases are ready select picks one at random: both get chosen over many
// rounds, and every value still arrives exactly once.
func main() {
	a := make(chan int, 1000)
	b := make(chan int, 1000)
	for i := 0; i < 1000; i++ {
		a <- 1
		b <- 2
	}
	fromA, fromB := 0, 0
	for i := 0; i < 1000; i++ {
		select {
		case <-a:
			fromA++
		case <-b:
			fromB++
		}
	}
	fmt.Println("total", fromA+fromB)
	fmt.Println("both chosen:", fromA > 100 && fromB > 100)
	fmt.Println("left", len(a)+len(b))
}
