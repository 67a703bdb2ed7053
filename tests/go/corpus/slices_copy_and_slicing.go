package main

import "fmt"

// copy copies min(len(dst), len(src)) elements; full slice expressions limit capacity.
func main() {
	src := []int{1, 2, 3, 4, 5}
	dst := make([]int, 3)
	n := copy(dst, src)
	fmt.Println(n, dst)
	n = copy(src[1:], src)
	fmt.Println(n, src)
	a := src[1:3:4]
	fmt.Println(a, len(a), cap(a))
	a = append(a, 9)
	fmt.Println(src)
	a = append(a, 10)
	a[0] = 0
	fmt.Println(src, a)
	b := []byte("hello")
	copy(b, "J")
	fmt.Println(string(b))
	var grid [][]int
	for i := 0; i < 3; i++ {
		row := make([]int, i+1)
		for j := range row {
			row[j] = i * j
		}
		grid = append(grid, row)
	}
	fmt.Println(grid)
}
