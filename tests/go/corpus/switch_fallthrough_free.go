package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n%2 == 0:
		return "even"
	default:
		return "odd"
	}
}

// Cases do not fall through; a case may list several values; switch with an init statement.
func main() {
	for _, n := range []int{-3, 0, 4, 7} {
		fmt.Println(n, classify(n))
	}
	for i := 0; i < 6; i++ {
		switch i {
		case 0:
			fmt.Println(i, "zero")
		case 1, 3, 5:
			fmt.Println(i, "odd")
		case 2:
			// nothing: no fall through to 3
		default:
			fmt.Println(i, "other")
		}
	}
	switch s := "go" + "pher"; len(s) {
	case 6:
		fmt.Println("six letters:", s)
	}
	switch x := 5; {
	case x > 3:
		fmt.Println("big")
		if x > 4 {
			break
		}
		fmt.Println("not printed")
	case x > 1:
		fmt.Println("not reached")
	}
	fmt.Println("done")
}
