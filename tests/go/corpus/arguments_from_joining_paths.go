// Arguments and results whose value is computed on two paths that join just before the
// call or the return (`a && b`, `a || b`), beside ones computed on one path: the
// compiler computes an argument straight into its register only where one instruction
// computes it.
package main

import "fmt"

func show(b bool) string {
	if b {
		return "T"
	}
	return "F"
}

func and(a, b bool) bool { return a && b }

func or(a, b bool) bool { return a || b }

func twice(n int) int { return n * 2 }

func main() {
	for _, a := range []bool{false, true} {
		for _, b := range []bool{false, true} {
			fmt.Println(show(a), show(b), show(a && b), show(a || b), show(and(a, b)), show(or(a, b)), show(!a && b))
		}
	}
	n := 3
	fmt.Println(twice(n-1), twice(n+1), twice(twice(n)), twice(len("four")))
}
