package main

import "fmt"

// Arrays are values: assignment and passing copy them; == compares elements.
func double(a [3]int) [3]int {
	for i := range a {
		a[i] *= 2
	}
	return a
}

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 100
	fmt.Println(a, b)
	c := double(a)
	fmt.Println(a, c)
	fmt.Println(a == [3]int{1, 2, 3}, len(a))
	var z [4]string
	fmt.Printf("%q\n", z)
	p := &a
	p[1] = 20
	fmt.Println(a)
	d := [...]int{5: 1, 2}
	fmt.Println(len(d), d)
	s := a[:]
	s[2] = 30
	fmt.Println(a)
}
