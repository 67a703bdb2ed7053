package main

import "fmt"

type P struct {
	X, Y int
	N    string
}

func main() {
	var s []int
	for i := 0; i < 20; i++ {
		s = append(s, i)
		fmt.Print(cap(s), " ")
	}
	fmt.Println()
	var t []int
	t = append(t, 0)
	t = append(t, 1)
	t = append(t, 2, 3, 4)
	fmt.Println(len(t), cap(t))
	var b []byte
	for i := 0; i < 40; i++ {
		b = append(b, 'x')
	}
	fmt.Println(len(b), cap(b))
	var ps []P
	for i := 0; i < 10; i++ {
		ps = append(ps, P{})
	}
	fmt.Println(len(ps), cap(ps))
	big := make([]int, 0)
	for i := 0; i < 2000; i++ {
		big = append(big, i)
	}
	fmt.Println(len(big), cap(big))
	var ss []string
	for i := 0; i < 7; i++ {
		ss = append(ss, "a")
	}
	fmt.Println(len(ss), cap(ss))
}
