package main

// Counting loops at their edges: continue (plain and labelled) goes through the step,
// the body may move the counter, a step of 3 overshoots the bound, a loop that never
// runs, <= bounds, an int64 counter declared outside, and a counter one below the
// largest int. The VM runs a for loop's step and back-edge as one instruction.

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 10; i++ {
		if i%3 == 0 {
			continue
		}
		if i == 8 {
			i++
		}
		sum += i
	}
	fmt.Println(sum)
	n := 7
	for j := 0; j < n; j += 3 {
		fmt.Print(j, " ")
	}
	fmt.Println()
	for k := 5; k < 3; k++ {
		fmt.Println("never")
	}
	x := 0
	for x < 5 {
		x++
	}
	fmt.Println(x)
	for i := 0; i <= 4; i++ {
		fmt.Print(i)
	}
	fmt.Println()
	var m int64 = 0
	for m = 0; m < 3; m++ {
	}
	fmt.Println(m)
outer:
	for a := 0; a < 3; a++ {
		for b := 0; b < 3; b++ {
			if b == 2 {
				continue outer
			}
			fmt.Print(a, b, ";")
		}
	}
	fmt.Println()
	big := 9223372036854775806
	c := 0
	for i := big; i < 9223372036854775807; i++ {
		c++
	}
	fmt.Println(c)
}
