package main

import "fmt"

var level = "package"

// := in an inner block declares a new variable that hides the outer one; if, for and
// switch init statements have their own scope.
func main() {
	fmt.Println(level)
	level := "main"
	x := 1
	{
		x := 2
		x++
		fmt.Println("inner", x, level)
	}
	fmt.Println("outer", x)
	if x := 10; x > 5 {
		fmt.Println("if", x)
	} else {
		fmt.Println("else", x)
	}
	fmt.Println("after if", x)
	var err error
	if true {
		v, err := 3, fmt.Errorf("inner")
		_ = v
		_ = err
	}
	fmt.Println("outer err still nil:", err == nil)
	a, b := 1, 2
	b, c := 3, 4
	fmt.Println(a, b, c)
}
