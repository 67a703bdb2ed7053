package main

import "fmt"

func main() {
	a := []int{1, 2}
	b := append([]int(nil), a...)
	fmt.Println(b)
}
