// want: exit 2
// want: stderr-starts panic: runtime error: integer divide by zero
package main

import "fmt"

func div(a, b int) int { return a / b }

// Integer division by a zero variable panics (a constant zero would not compile).
func main() {
	fmt.Println(div(7, 2))
	fmt.Println(7.0 / 2)
	fmt.Println(div(1, 0))
}
