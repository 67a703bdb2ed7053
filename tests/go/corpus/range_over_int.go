// want: go1.22
package main

import "fmt"

// Go 1.22 range over an integer n: i takes 0, 1, ..., n-1 (nothing when n <= 0), has n's
// type (int for an untyped constant), n is evaluated once, and assigning to i in the body
// does not change the next value.
//
// Why range_over_int.out is what Go 1.22 prints (kept by hand; Go 1.19 cannot compile it):
// Line 1: range 3 gives 0 1 2, each printed with a trailing space, then the newline.
// Line 2: range 5 without a variable runs 5 times: "5".
// Line 3: range 0 and range -2 run no times, so both counters stay 0: "0 0".
// Lines 4-6: k is int64, so i is int64: "int64 0", "int64 1", "int64 2".
// Line 7: n is read once (3) although the body sets n to 0: "0 1 2 n = 0".
// Line 8: i += 10 in the body does not skip values: "0 1 2 ".
func main() {
	for i := range 3 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	count := 0
	for range 5 {
		count++
	}
	fmt.Println(count)
	zero, neg := 0, 0
	for range 0 {
		zero++
	}
	for range -2 {
		neg++
	}
	fmt.Println(zero, neg)
	var k int64 = 3
	for i := range k {
		fmt.Printf("%T %d\n", i, i)
	}
	n := 3
	for i := range n {
		n = 0
		fmt.Print(i, " ")
	}
	fmt.Println("n =", n)
	for i := range 3 {
		fmt.Print(i, " ")
		i += 10
	}
	fmt.Println()
}
