package main

import "fmt"

type point struct{ X, Y int }

// Map values are copies; to change a struct in a map, store it back or store pointers.
func main() {
	byName := map[string]point{"a": {1, 2}}
	p := byName["a"]
	p.X = 10
	fmt.Println(byName["a"], p)
	byName["a"] = p
	fmt.Println(byName)
	ptrs := map[string]*point{"b": {3, 4}}
	ptrs["b"].Y = 40
	fmt.Println(*ptrs["b"])
	groups := map[bool][]int{}
	for i := 1; i <= 6; i++ {
		groups[i%2 == 0] = append(groups[i%2 == 0], i)
	}
	fmt.Println(groups)
	nested := map[string]map[string]int{}
	if nested["x"] == nil {
		nested["x"] = map[string]int{}
	}
	nested["x"]["y"]++
	nested["x"]["y"]++
	fmt.Println(nested)
	fmt.Printf("%+v\n", byName)
}
