package main

import "fmt"

func main() {
	fmt.Printf("%5d|%-4d|%.1f|%6.2f\n", []int{1, 2}, []int{3}, []float64{4, 3}, [2]float64{1.5, 2.25})
	fmt.Printf("%x %X %q\n", []int{255, 16}, []int{171}, []string{"a", "b"})
	fmt.Printf("%v %d\n", [][]int{{1, 2}, {3}}, []any{1, 2})
	fmt.Printf("%s %x\n", []byte("hi"), []byte("hi"))
}
