package main

import "fmt"

type Point struct {
	X, Y int
}

type Person struct {
	Name string
	Age  int
	Home *Point
	Tags []string
	At   Point
}

// %v, %+v and %T of structs, nested structs, pointers to structs and slices of structs.
func main() {
	p := Point{1, 2}
	fmt.Println(p)
	fmt.Printf("%v|%+v|%T\n", p, p, p)
	q := &Point{X: 3}
	fmt.Printf("%v %+v\n", q, q)
	who := Person{Name: "Ann", Age: 30, Tags: []string{"a", "b"}, At: Point{5, 6}}
	fmt.Printf("%v\n", who)
	fmt.Printf("%+v\n", who)
	fmt.Println([]Point{{1, 1}, {2, 2}})
	fmt.Printf("%+v\n", []*Point{} == nil)
	var empty Person
	fmt.Printf("%+v\n", empty)
	type pair struct {
		a string
		b bool
	}
	fmt.Printf("%v %+v\n", pair{"x", true}, pair{})
	fmt.Println(p == Point{1, 2}, p != *q)
	s := fmt.Sprint(p, " ", Point{7, 8})
	fmt.Println(s, len(s))
}
