package main

import (
	"errors"
	"fmt"
)

func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

func find(xs []string, s string) (int, error) {
	for i, x := range xs {
		if x == s {
			return i, nil
		}
	}
	return -1, errors.New("not found: " + s)
}

// Several results, named results with a bare return, the blank identifier, swapping.
func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	fmt.Println(divmod(-17, 5))
	fmt.Println(split(17))
	_, rem := divmod(9, 4)
	fmt.Println(rem)
	if i, err := find([]string{"a", "b"}, "b"); err == nil {
		fmt.Println("found at", i)
	}
	if _, err := find(nil, "z"); err != nil {
		fmt.Println("error:", err)
	}
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	xs := []int{1, 2, 3}
	xs[0], xs[2] = xs[2], xs[0]
	fmt.Println(xs)
}
