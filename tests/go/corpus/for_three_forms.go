package main

import "fmt"

// The three for forms (with clauses, condition only, forever) and range over slices,
// arrays and strings (runes with byte offsets).
func main() {
	sum := 0
	for i := 1; i <= 10; i++ {
		sum += i
	}
	fmt.Println(sum)
	n := 1
	for n < 100 {
		n *= 3
	}
	fmt.Println(n)
	k := 0
	for {
		k++
		if k == 5 {
			break
		}
	}
	fmt.Println(k)
	for i, v := range []string{"a", "b"} {
		fmt.Println(i, v)
	}
	arr := [3]int{7, 8, 9}
	for i := range arr {
		fmt.Print(i)
	}
	fmt.Println()
	for i, r := range "héllo" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()
	for range []int{1, 2, 3} {
		fmt.Print("x")
	}
	fmt.Println()
	for i, j := 0, 10; i < j; i, j = i+1, j-2 {
		fmt.Print(i, ",", j, " ")
	}
	fmt.Println()
}
