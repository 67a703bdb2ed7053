package main

import "fmt"

// append grows a slice; len and cap follow Go's growth, and a slice of a slice shares storage.
func main() {
	var s []int
	fmt.Println(s == nil, len(s), cap(s))
	for i := 0; i < 5; i++ {
		s = append(s, i*i)
	}
	fmt.Println(s, len(s))
	s = append(s, 100, 200)
	fmt.Println(s)
	t := s[1:3]
	fmt.Println(t, len(t))
	t[0] = -1
	fmt.Println(s[1])
	u := append([]int{}, s[:2]...)
	u[0] = 42
	fmt.Println(s[0], u)
	m := make([]string, 2, 10)
	m[1] = "b"
	fmt.Printf("%q %d %d\n", m, len(m), cap(m))
	fmt.Println(len(m[:5]), cap(m[2:]))
}
