package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
	GB
)

const (
	a, b = iota, iota * 10
	c, d
	e, f
)

const big = 1 << 62
const typed int64 = 7
const pi = 3.14159

// iota counts lines in a const block; untyped constants take their type where used.
func main() {
	fmt.Println(Sunday, Monday, Tuesday)
	fmt.Printf("%T %v\n", Tuesday, Tuesday)
	fmt.Println(KB, MB, GB)
	fmt.Println(a, b, c, d, e, f)
	fmt.Println(big/(1<<60), typed*2)
	var r float64 = 2
	fmt.Println(pi * r * r)
	const s = "const" + "ant"
	fmt.Println(s, len(s))
	x := 10 / 4
	y := 10 / 4.0
	fmt.Println(x, y)
}
