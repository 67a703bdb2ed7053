package main

import "fmt"

type Point struct {
	X, Y int
	Name string
}

type Celsius float64

func main() {
	p := Point{1, 2, "a"}
	fmt.Printf("%#v\n", p)
	fmt.Printf("%#v\n", &p)
	fmt.Printf("%#v %#v\n", []string{"x", "y"}, map[string]int{"b": 2, "a": 1})
	var np *Point
	var ns []int
	var e error
	fmt.Printf("%#v %#v %#v\n", np, ns, e)
	fmt.Printf("%#v %#v %#v %#v\n", 42, uint8(7), 2.5, Celsius(21.5))
	fmt.Printf("%#v\n", [2]bool{true, false})
	fmt.Printf("%#v\n", []Point{{1, 2, "q"}})
}
